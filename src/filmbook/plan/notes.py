"""Turn the article's notes and the references to them into endnotes with back-links.

A note is printed once, at the end; each reference to it is a mark in the text that
links to the note, and the note links back to every place that refers to it. In the
press kit all of these are in one document; in the ebook the endnotes are a page of
their own and each back-link names the page of its reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from filmbook.model import (
    Block,
    BulletList,
    Definition,
    ListItem,
    Note,
    NoteRef,
    Paragraph,
    Section,
)

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
    yield from _blocks(section.blocks)
    for child in section.sections:
        yield from references(child)


def _blocks(blocks: tuple[Block, ...]) -> Iterator[NoteRef]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from block.notes
        elif isinstance(block, BulletList):
            yield from _items(block.items)
        elif isinstance(block, Definition):
            yield from _blocks(block.description)


def _items(items: tuple[ListItem, ...]) -> Iterator[NoteRef]:
    for item in items:
        yield from item.notes
        yield from _items(item.children)


def endnotes(notes: tuple[Note, ...], pages: Iterable[tuple[str, Section]]) -> tuple[Endnote, ...]:
    """The endnotes of ``notes``; ``pages`` are the sections with the page (``href``) each
    is on, ``""`` for the one document of a press kit."""
    links: dict[int, list[str]] = {}
    for href, section in pages:
        for ref in references(section):
            links.setdefault(ref.number, []).append(f"{href}#ref-{ref.mark}")
    return tuple(Endnote(note, tuple(links.get(note.number, ()))) for note in notes)
