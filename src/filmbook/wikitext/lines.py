"""Turn offsets into a page's text into the lines of the source they are on, and find
the offset of every node."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from mwparserfromhell.nodes import Node
from mwparserfromhell.wikicode import Wikicode


class Lines:
    """Where each line of a text starts, to name the line of any offset in linear time."""

    def __init__(self, text: str, added: frozenset[int] = frozenset()) -> None:
        """``added`` are line breaks that are no line of the source (``balance.py``)."""
        self._breaks = [
            index for index, char in enumerate(text) if char == "\n" and index not in added
        ]

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        return bisect_right(self._breaks, offset - 1) + 1 if offset > 0 else 1

    @property
    def count(self) -> int:
        """How many lines the text has."""
        return len(self._breaks) + 1


def nodes_at(code: Wikicode, offset: int) -> Iterator[tuple[Node, int]]:
    """Each node of ``code`` with its offset in the page (``code`` starts at ``offset``)."""
    for node in code.nodes:
        yield node, offset
        offset += len(str(node))
