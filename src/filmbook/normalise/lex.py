"""Turn clean lines into tokens: what each line is, before any structure is built."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from filmbook.model import Block
from filmbook.normalise.text import Line

if TYPE_CHECKING:
    from filmbook.normalise.state import State


class Kind(enum.Enum):
    """What a source line is."""

    BLANK = "blank"
    TITLE = "title"  # = Title =
    HEADING = "heading"  # == Heading ==, === Sub ===, …
    ITEM = "item"  # - text, nested by two spaces a level
    ROW = "row"  # | a | b |
    TERM = "term"  # ;term
    TEXT = "text"  # anything else: prose, an award's name
    BLOCK = "block"  # a block another reader built whole (a wikitable), in ``block``


@dataclass(frozen=True)
class Token:
    """A classified line: its kind, its text without markup, and the markup's details.

    ``level`` is the heading level for headings and the nesting depth (0 for the
    outermost) for list items. ``indented`` tells a text line that starts with a space.
    ``block`` is the block of a ``BLOCK`` token (the wikitext reader's tables).
    """

    kind: Kind
    line: int
    text: str
    level: int = 0
    indented: bool = False
    block: Block | None = None


_ITEM = re.compile(r"^( *)[-*•](?: +(.*))?$")


def lex(state: State) -> State:
    """The ``lex`` pass: every line classified."""
    return replace(state, tokens=tokenize(state.lines))


def tokenize(lines: tuple[Line, ...]) -> tuple[Token, ...]:
    """Classify every line."""
    return tuple(_classify(line) for line in lines)


def _heading(stripped: str) -> tuple[int, str] | None:
    """The level and title of ``== Title ==``, or None.

    Counted, not matched with a pattern: ``^(=+)(.*?)(=+)$`` backtracks in cubic time
    on a long run of ``=`` that does not end the line.
    """
    if len(stripped) < 2 or stripped[0] != "=" or stripped[-1] != "=":
        return None
    middle = stripped.strip("=")
    if middle:
        opening = len(stripped) - len(stripped.lstrip("="))
        closing = len(stripped) - len(stripped.rstrip("="))
    else:  # only `=`: one closes, the rest open
        opening, closing = len(stripped) - 1, 1
    level = min(opening, closing)
    # Unbalanced markers (`== Foo ===`) keep their extra `=` in the title.
    title = "=" * (opening - level) + middle.strip() + "=" * (closing - level)
    return level, title.strip()


def _classify(line: Line) -> Token:
    text, number = line.text, line.number
    stripped = text.strip()
    if not stripped:
        return Token(Kind.BLANK, number, "")
    heading = _heading(stripped)
    if heading:
        level, title = heading
        kind = Kind.TITLE if level == 1 else Kind.HEADING
        return Token(kind, number, title, level=level)
    item = _ITEM.match(text)
    if item and (item.group(2) is not None or text.strip() in "-*•"):
        depth = len(item.group(1)) // 2
        return Token(Kind.ITEM, number, (item.group(2) or "").strip(), level=depth)
    if stripped.startswith("|"):
        return Token(Kind.ROW, number, stripped)
    if stripped.startswith(";") and len(stripped) > 1:
        return Token(Kind.TERM, number, stripped[1:].strip())
    return Token(Kind.TEXT, number, stripped, indented=text.startswith(" "))
