"""Turn raw source text into clean, numbered lines.

Tolerated silently: a byte-order mark, ``\\r\\n`` or ``\\r`` line ends, trailing spaces and
tabs. Removed with a warning: control characters and characters XML forbids, which no
output could carry; the controls that separate words (vertical tab, form feed, the
information separators, next line, the line and paragraph separators) become a space, so
no two words are joined. Text is put in Unicode normal form C.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from filmbook.normalise.report import Report

if TYPE_CHECKING:
    from filmbook.normalise.state import State

TAB_WIDTH = 2
"""A leading tab counts as one list level (two spaces); a tab elsewhere is a space."""

_NONCHARACTERS = "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
_FORBIDDEN = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ud800-\udfff{_NONCHARACTERS}]"
)
"""Control characters, the line and paragraph separators (a line of the source is one line:
WeasyPrint fails on a paragraph separator inside it), the bidirectional embeddings,
overrides and isolates (an override shows text the wrong way round: the outputs lay out
right-to-left scripts by themselves), surrogates and the 66 noncharacters of every
plane."""
_LEADING_TABS = re.compile(r"^[ \t]+")


@dataclass(frozen=True)
class Line:
    """One source line, cleaned, with its 1-based number."""

    number: int
    text: str


def clean(state: State) -> State:
    """The ``text`` pass: the source's text as clean, numbered lines."""
    return replace(state, lines=clean_lines(state.source.text, state.report))


def clean_lines(text: str, report: Report) -> tuple[Line, ...]:
    """Split ``text`` into cleaned, numbered lines."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if text and not text.endswith("\n"):
        last = text.count("\n") + 1
        report.warn(last, "the file ends without a line break: the export may be cut here")
    return tuple(
        Line(number, _clean(raw, number, report))
        for number, raw in enumerate(text.split("\n"), start=1)
    )


def _clean(raw: str, number: int, report: Report) -> str:
    if _FORBIDDEN.search(raw):
        report.warn(number, "removed control characters that no output can carry")
        raw = _FORBIDDEN.sub(lambda m: " " if m.group().isspace() else "", raw)
    raw = _LEADING_TABS.sub(lambda m: m.group().replace("\t", " " * TAB_WIDTH), raw)
    return unicodedata.normalize("NFC", raw.replace("\t", " ").rstrip())
