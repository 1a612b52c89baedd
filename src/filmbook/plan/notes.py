"""Turn the article's notes and the references to them into endnotes with back-links.

A note is printed once, at the end; each reference to it is a mark in the text (a
heading, a paragraph, a list item, a cast entry, an accolade, a table's header or other
cell, a fact of the fact sheet) that
links to the note, and the note links back to every place that refers to it. In the
press kit all of these are in one document; in the ebook the endnotes are a page of
their own and each back-link names the page of its reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from filmbook.model import (
    AwardGroup,
    Block,
    BulletList,
    CastList,
    CastMember,
    CellOrigin,
    Definition,
    ListItem,
    Note,
    NoteRef,
    Paragraph,
    Section,
    Table,
)
from filmbook.plan.factsheet import FactGroup

HEADING = "Notes"
"""The title of the endnotes."""


@dataclass(frozen=True)
class Endnote:
    """A note and where it is referred to: the anchor of each reference (``ref-3``),
    with the page it is on in a book of several documents."""

    note: Note
    backlinks: tuple[str, ...]


def references(section: Section) -> Iterator[NoteRef]:
    """Every note reference in ``section`` and its subsections, in reading order."""
    yield from section.notes
    yield from _blocks(section.blocks)
    for child in section.sections:
        yield from references(child)


def fact_references(groups: tuple[FactGroup, ...]) -> Iterator[NoteRef]:
    """Every note reference of the fact sheet, in its order."""
    for group in groups:
        for fact in group.facts:
            yield from fact.notes


def _blocks(blocks: tuple[Block, ...]) -> Iterator[NoteRef]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from block.notes
        elif isinstance(block, BulletList):
            yield from _items(block.items)
        elif isinstance(block, Definition):
            yield from _blocks(block.description)
        elif isinstance(block, CastList):
            yield from _members(block.members)
        elif isinstance(block, AwardGroup):
            for accolade in block.ceremony.accolades:
                yield from accolade.notes
        elif isinstance(block, Table):
            for column in block.columns:
                yield from column.notes
            for row in block.rows:
                for cell in row.cells:
                    if cell.origin is not CellOrigin.SPANNED:  # printed once, where written
                        yield from cell.notes


def _items(items: tuple[ListItem, ...]) -> Iterator[NoteRef]:
    for item in items:
        yield from item.notes
        yield from _items(item.children)


def _members(members: tuple[CastMember, ...]) -> Iterator[NoteRef]:
    for member in members:
        yield from member.notes
        yield from _members(member.children)


def endnotes(
    notes: tuple[Note, ...], places: Iterable[tuple[str, Iterable[NoteRef]]]
) -> tuple[Endnote, ...]:
    """The endnotes of ``notes``; ``places`` are the references of each page in reading
    order, with the page (``href``) they are on, ``""`` for the one document of a press
    kit."""
    links: dict[int, list[str]] = {}
    for href, refs in places:
        for ref in refs:
            links.setdefault(ref.number, []).append(f"{href}#ref-{ref.mark}")
    return tuple(Endnote(note, tuple(links.get(note.number, ()))) for note in notes)
