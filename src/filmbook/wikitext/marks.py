"""Turn the note marks kept beside the body's lines into the ``NoteRef`` of each
paragraph and list item.

A paragraph or an item is known by its first line, where its marks were kept. A
paragraph cut into several (one over ``blocks.MAX_PARAGRAPH_CHARACTERS``) shares its line
with the pieces after it: each takes the marks that fall within its words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from filmbook.model import Block, BulletList, Definition, ListItem, NoteRef, Paragraph, Section
from filmbook.wikitext.state import Placed, WikiState

_WORD = re.compile(r"\w")


def attach_marks(state: WikiState) -> WikiState:
    """The ``notes`` pass: every mark on the paragraph or item it stands in."""
    if not state.marks:
        return state
    left = {line: list(marks) for line, marks in state.marks.items()}
    lead = _blocks(state.lead, left)
    sections = tuple(_section(section, left) for section in state.sections)
    return replace(state, lead=lead, sections=sections)


def _section(section: Section, left: dict[int, list[Placed]]) -> Section:
    return replace(
        section,
        blocks=_blocks(section.blocks, left),
        sections=tuple(_section(child, left) for child in section.sections),
    )


def _blocks(blocks: tuple[Block, ...], left: dict[int, list[Placed]]) -> tuple[Block, ...]:
    return tuple(_block(block, left) for block in blocks)


def _block(block: Block, left: dict[int, list[Placed]]) -> Block:
    if isinstance(block, Paragraph):
        return replace(block, notes=_take(block.line, block.text, left))
    if isinstance(block, BulletList):
        return replace(block, items=tuple(_item(item, left) for item in block.items))
    if isinstance(block, Definition):
        return replace(block, description=_blocks(block.description, left))
    return block


def _item(item: ListItem, left: dict[int, list[Placed]]) -> ListItem:
    return replace(
        item,
        notes=_take(item.line, item.text, left),
        children=tuple(_item(child, left) for child in item.children),
    )


def _take(line: int, text: str, left: dict[int, list[Placed]]) -> tuple[NoteRef, ...]:
    """The marks of ``line`` that fall within ``text``'s words, taken from ``left``; the
    rest are moved back to count from the end of ``text``, for the next piece."""
    marks = left.get(line)
    if not marks:
        return ()
    words = len(_WORD.findall(text))
    mine = [NoteRef(after, number, mark) for after, number, mark in marks if after <= words]
    rest = [(after - words, number, mark) for after, number, mark in marks if after > words]
    if rest:
        left[line] = rest
    else:
        del left[line]
    return tuple(mine)
