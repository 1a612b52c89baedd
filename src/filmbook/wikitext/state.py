"""What the wikitext reader's passes hand on, one to the next."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeAlias, TypeVar

from mwparserfromhell.wikicode import Wikicode

from filmbook.model import LanguageSpan, Note, NoteRef
from filmbook.normalise.state import State
from filmbook.wikitext.inline import Inline
from filmbook.wikitext.opened import Headers

Placed = NoteRef | LanguageSpan
"""A note mark or a run in another language in a token's text, counted in its word
characters."""


def moved(placed: Placed, by: int) -> Placed:
    """``placed`` counted ``by`` more word characters from the start of its text."""
    if isinstance(placed, NoteRef):
        return replace(placed, after=placed.after + by)
    return replace(placed, start=placed.start + by, end=placed.end + by)


@dataclass(frozen=True)
class WikiState(State):
    """The plain-text normaliser's ``State`` and what wikitext adds to it.

    ``code`` is the parsed page and ``reader`` reads its inline markup (and numbers its
    notes as it meets them); ``headers`` the header rows of the tables that templates
    opened; ``start`` is the offset of the body in the page; ``marks`` the body's note
    marks and language runs by line; ``notes`` the notes. ``tokens`` and ``body`` are the
    body's tokens: one a line of wikitext at most, not one per line.
    """

    code: Wikicode | None = None
    reader: Inline | None = None
    headers: Headers = field(default_factory=dict)
    start: int = 0
    marks: dict[int, list[Placed]] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()


WikiPass: TypeAlias = Callable[[WikiState], WikiState]
"""One step of the wikitext reader."""

_N = TypeVar("_N")


def shift_lines(node: _N, by: int) -> _N:
    """``node`` (a tree of frozen dataclasses) with every ``line`` moved down ``by`` lines."""
    return _shift(node, by)  # type: ignore[no-any-return]


def _shift(value: Any, by: int) -> Any:
    if isinstance(value, tuple):
        return tuple(_shift(item, by) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for item in dataclasses.fields(value):
            old = getattr(value, item.name)
            updates[item.name] = old + by if item.name == "line" else _shift(old, by)
        return replace(value, **updates)
    return value
