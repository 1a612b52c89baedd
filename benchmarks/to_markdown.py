"""Turn an article in the plain-text export format into pandoc Markdown, for the comparisons.

pandoc cannot read the export format, so the benchmarks give it the same article as
Markdown: the title as YAML metadata, headings at the same levels, paragraphs (lines of
one paragraph joined), lists with their nesting, definition terms, and the accolades
table as a pipe table with every row padded or cut to the header's width. Everything else
is backslash-escaped, so no word of the source turns into markup (a ``$`` into maths, a
``*`` into emphasis). The conversion is not timed; it only has to be faithful.

It reads the regular form of the format that the seed article and ``synthetic.py`` use,
not every variation the normaliser handles (see ``docs/source-format.md``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

_HEADING = re.compile(r"^(={2,})\s*(.*?)\s*\1\s*$")
_TITLE = re.compile(r"^=\s*(.*?)\s*=\s*$")
_ITEM = re.compile(r"^( *)- (.*)$")
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|$~^@])")
_LEADING = re.compile(r"^(\d+)([.)])|^([-:>%])")


def escape(text: str) -> str:
    """``text`` with every Markdown metacharacter escaped, including list markers in front."""
    escaped = _SPECIAL.sub(r"\\\1", text.strip())
    return _LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped)


def to_markdown(text: str) -> str:
    """The article ``text`` (export format) as pandoc Markdown."""
    lines = text.splitlines()
    title = _TITLE.match(lines[0]) if lines else None
    if title is None:
        raise ValueError("an article starts with its title line: = Title =")
    front = f"---\ntitle: {json.dumps(escape(title[1]), ensure_ascii=False)}\nlang: en\n---"
    return "\n\n".join([front, *_blocks(lines[1:])]) + "\n"


def _blocks(lines: list[str]) -> Iterator[str]:
    """Markdown blocks for the body, one per heading, paragraph, list, term or table."""
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
        elif heading := _HEADING.match(line):
            yield f"{'#' * len(heading[1])} {escape(heading[2])}"
            index += 1
        elif _is_row(line):
            rows, index = _collect(lines, index, _is_row)
            yield _table(rows)
        elif _is_item(line):
            items, index = _collect(lines, index, _is_item)
            yield _list(items)
        elif line.startswith(";"):
            description, index = _paragraph(lines, index + 1)
            yield f"{escape(line[1:])}\n\n:   {escape(description)}"
        else:
            paragraph, index = _paragraph(lines, index)
            if paragraph != "Infobox":  # the literal header word is not content
                yield escape(paragraph)


def _is_item(line: str) -> bool:
    return bool(_ITEM.match(line))


def _is_row(line: str) -> bool:
    return line.startswith("|")


def _collect(lines: list[str], start: int, belongs: Callable[[str], bool]) -> tuple[list[str], int]:
    """The lines of one list or table from ``start`` (empty lines between items allowed)."""
    block: list[str] = []
    index = start
    while index < len(lines):
        if belongs(lines[index]):
            block.append(lines[index])
        elif lines[index].strip() or not (index + 1 < len(lines) and belongs(lines[index + 1])):
            break
        index += 1
    return block, index


def _paragraph(lines: list[str], start: int) -> tuple[str, int]:
    """Join text lines up to an empty line or the next block of another kind."""
    words: list[str] = []
    index = start
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        if words and (_HEADING.match(line) or _ITEM.match(line) or line.startswith(("|", ";"))):
            break
        words.append(line.strip())
        index += 1
    return " ".join(words), index


def _list(block: list[str]) -> str:
    """Nested ``- `` items (two spaces a level in the source, four in Markdown)."""
    items = []
    for line in block:
        item = _ITEM.match(line)
        assert item is not None
        items.append(f"{'    ' * (len(item[1]) // 2)}- {escape(item[2])}")
    return "\n".join(items)


def _table(block: list[str]) -> str:
    """A pipe table; rows padded or cut to the header's width, as the export does."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block]
    width = len(rows[0])
    lines = []
    for number, row in enumerate(rows):
        cells = (row + [""] * width)[:width]
        lines.append("| " + " | ".join(escape(cell) for cell in cells) + " |")
        if number == 0:
            lines.append("|" + "---|" * width)
    return "\n".join(lines)
