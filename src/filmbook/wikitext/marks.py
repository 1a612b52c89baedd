"""Turn the note marks and language runs kept beside the body's lines into the
``NoteRef`` and ``LanguageSpan`` of each paragraph and list item, and the ``NoteRef`` of
each heading, cast entry and accolade of an award group (a table's cells and header
cells and the infobox's fields got theirs when they were read).

A paragraph or an item is known by its first line, where its marks were kept. A
paragraph cut into several (one over ``blocks.MAX_PARAGRAPH_CHARACTERS``) shares its line
with the pieces after it: each takes the marks that fall within its words, and a run in
another language that goes on past its end is cut in two.
"""

from __future__ import annotations

import re
from dataclasses import replace

from filmbook.model import (
    AwardGroup,
    Block,
    BulletList,
    CastList,
    CastMember,
    Definition,
    LanguageSpan,
    ListItem,
    NoteRef,
    Paragraph,
    Section,
)
from filmbook.wikitext.state import Placed, WikiState, moved

_WORD = re.compile(r"\w")


def attach_marks(state: WikiState) -> WikiState:
    """The ``notes`` pass: every mark and run on the paragraph or item it stands in."""
    if not state.marks:
        return state
    left = {line: list(marks) for line, marks in state.marks.items()}
    lead = _blocks(state.lead, left)
    sections = tuple(_section(section, left) for section in state.sections)
    return replace(state, lead=lead, sections=sections)


def _section(section: Section, left: dict[int, list[Placed]]) -> Section:
    return replace(
        section,
        notes=_notes(left.pop(section.line, [])),
        blocks=_blocks(section.blocks, left),
        sections=tuple(_section(child, left) for child in section.sections),
    )


def _notes(placed: list[Placed]) -> tuple[NoteRef, ...]:
    """The note marks of a line printed whole, each at its end (a heading, an accolade)."""
    return tuple(mark for mark in placed if isinstance(mark, NoteRef))


def _blocks(blocks: tuple[Block, ...], left: dict[int, list[Placed]]) -> tuple[Block, ...]:
    return tuple(_block(block, left) for block in blocks)


def _block(block: Block, left: dict[int, list[Placed]]) -> Block:
    if isinstance(block, Paragraph):
        notes, languages = _take(block.line, block.text, left)
        return replace(block, notes=notes, languages=languages)
    if isinstance(block, BulletList):
        return replace(block, items=tuple(_item(item, left) for item in block.items))
    if isinstance(block, Definition):
        return replace(block, description=_blocks(block.description, left))
    if isinstance(block, CastList):
        return replace(block, members=tuple(_member(member, left) for member in block.members))
    if isinstance(block, AwardGroup):
        accolades = tuple(
            replace(accolade, notes=_notes(left.pop(accolade.line, [])))
            for accolade in block.ceremony.accolades
        )
        return replace(block, ceremony=replace(block.ceremony, accolades=accolades))
    return block


def _member(member: CastMember, left: dict[int, list[Placed]]) -> CastMember:
    return replace(
        member,
        notes=_notes(left.pop(member.line, [])),
        children=tuple(_member(child, left) for child in member.children),
    )


def _item(item: ListItem, left: dict[int, list[Placed]]) -> ListItem:
    notes, languages = _take(item.line, item.text, left)
    return replace(
        item,
        notes=notes,
        languages=languages,
        children=tuple(_item(child, left) for child in item.children),
    )


def _take(
    line: int, text: str, left: dict[int, list[Placed]]
) -> tuple[tuple[NoteRef, ...], tuple[LanguageSpan, ...]]:
    """The marks and runs of ``line`` that fall within ``text``'s words, taken from
    ``left``; the rest are moved back to count from the end of ``text``, for the next
    piece."""
    placed = left.get(line)
    if not placed:
        return (), ()
    words = len(_WORD.findall(text))
    notes: list[NoteRef] = []
    languages: list[LanguageSpan] = []
    rest: list[Placed] = []
    for mark in placed:
        if isinstance(mark, NoteRef) and mark.after <= words:
            notes.append(mark)
        elif isinstance(mark, NoteRef) or mark.start >= words:
            rest.append(moved(mark, -words))
        else:
            languages.append(replace(mark, end=min(mark.end, words)))
            if mark.end > words:
                rest.append(replace(mark, start=0, end=mark.end - words))
    if rest:
        left[line] = rest
    else:
        del left[line]
    return tuple(notes), tuple(languages)
