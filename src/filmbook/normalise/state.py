"""What the normaliser's passes hand on, one to the next: a ``State`` in, a ``State`` out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from filmbook.model import Block, Infobox, Section
from filmbook.normalise.frontmatter import Title
from filmbook.normalise.lex import Token
from filmbook.normalise.report import Report
from filmbook.normalise.text import Line
from filmbook.source import SourceText


@dataclass(frozen=True)
class State:
    """Everything read from one source so far; each pass fills in its part.

    ``lines`` and ``tokens`` hold one entry per source line, the line numbered ``n`` at
    index ``n - 1``. ``body`` is the tokens after the title and the infobox, repaired once
    ``repair`` has run: repair changes lines, never their number.
    """

    source: SourceText
    report: Report
    lines: tuple[Line, ...] = ()
    tokens: tuple[Token, ...] = ()
    title: Title | None = None
    infobox: Infobox | None = None
    body: tuple[Token, ...] = ()
    lead: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()


Pass: TypeAlias = Callable[[State], State]
"""One step of the normaliser: a pure function from a state to the next."""
