"""Turn typewriter text into print typography without changing a word.

Straight quotes become curly ones, a spaced hyphen an en dash, a double hyphen an em
dash, three dots an ellipsis, and the space between a number and its unit a
non-breaking one. Hyphens between digits (ISO dates, ranges) are left alone.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from filmbook.normalise.state import State

NBSP = "\u00a0"

# A double quote opens after a space, a bracket or a dash, and also between punctuation and
# a word (`said:"Go"`, `("Go")`): a quote that closes follows a word or ends one.
_OPEN_DOUBLE = re.compile(r"(^|[\s(\[{—–/‘-])\"|(?<=[^\w\s])\"(?=\w)")
# A quote before a word opens it, except where it stands for left-out letters or digits:
# `'80s`, `class of '23`, `'Tis`, `rock 'n' roll` take an apostrophe.
_OPEN_SINGLE = re.compile(
    r"(^|[\s(\[{—–/“-])'(?=\w)(?!\d\ds?\b|(?:tis|twas|til|em|n|cause)\b)", re.IGNORECASE
)
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
# Not inside `<!--` and `-->`: HTML-looking text is kept as it is written.
_DOUBLE_HYPHEN = re.compile(r"(?<![<!-]) ?--+ ?(?![>-])")
_UNIT = re.compile(
    r"(?<=\d) (?=(?:minutes?|min\.?|hours?|hrs?|seconds?|mm|cm|km|kg|million|billion|"
    r"thousand|crore|lakh|percent|per cent|%)(?:\W|$))"
)

_Node = TypeVar("_Node")


def typeset_article(state: State) -> State:
    """The ``typography`` pass: every text of the article typeset for print."""
    parts = (state.title, state.infobox, state.lead, state.sections)
    title, infobox, lead, sections = map_text(parts, typeset)
    return dataclasses.replace(state, title=title, infobox=infobox, lead=lead, sections=sections)


def typeset(text: str) -> str:
    """Return ``text`` with print typography."""
    if not any(c in text for c in "\"'-.") and not _UNIT.search(text):
        return text
    text = _OPEN_DOUBLE.sub(r"\1“", text).replace('"', "”")
    text = _OPEN_SINGLE.sub(r"\1‘", text).replace("'", "’")
    text = _SPACED_HYPHEN.sub(" – ", text)
    text = _DOUBLE_HYPHEN.sub("—", text)
    text = text.replace("...", "…")
    return _UNIT.sub(NBSP, text)


def map_text(node: _Node, change: Callable[[str], str]) -> _Node:
    """Apply ``change`` to every string in a tree of frozen dataclasses and tuples."""
    return _map(node, change)  # type: ignore[no-any-return]


def _map(value: Any, change: Callable[[str], str]) -> Any:
    # Nodes whose text does not change are returned as they are: rebuilding every frozen
    # node was half the time of normalising an article.
    if isinstance(value, str):
        return change(value)
    if isinstance(value, tuple):
        mapped = tuple(_map(item, change) for item in value)
        return value if all(a is b for a, b in zip(mapped, value, strict=True)) else mapped
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {}
        for name in _field_names(type(value)):
            old = getattr(value, name)
            new = _map(old, change)
            if new is not old:
                updates[name] = new
        return dataclasses.replace(value, **updates) if updates else value
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))
