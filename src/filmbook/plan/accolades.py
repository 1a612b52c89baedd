"""Turn the article's ceremonies into the accolades every output sums up the same way.

The tally is counted and written here once (``79 nominations at 30 ceremonies and
festivals, 6 won``), and so is each ceremony's count: the press kit's fact sheet, the
handout and the ebook's title page print these strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from filmbook.model import Article, AwardGroup, Block, Ceremony, Definition, Outcome, Table
from filmbook.plan.text import counted

MAX_NOTABLE = 6
_PRESTIGE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"Academy Awards|Oscars",
        r"British Academy Film|BAFTA",
        r"Golden Globe",
        r"Cannes",
        r"Venice",
        r"Berlin",
        r"Screen Actors Guild",
        r"Critics’ Choice Movie",
        r"Independent Spirit",
        r"César|Goya|Japan Academy|Blue Ribbon|Grand Bell|Blue Dragon|Golden Horse",
        r"British Independent|Gotham",
        r"Sundance|Toronto International|Telluride",
        r"National Board of Review|National Society of Film Critics",
        r"New York Film Critics|Los Angeles Film Critics",
    )
)
"""Ceremonies a press office names first, most prestigious first."""


@dataclass(frozen=True)
class Part:
    """A piece of a sentence; ``number`` marks a figure a layout may set apart."""

    text: str
    number: bool = False


@dataclass(frozen=True)
class CeremonyCount:
    """How the film did at one ceremony: ``count`` is ``3 nominations, 1 won``."""

    name: str
    date: str | None
    nominations: int
    wins: int
    count: str


@dataclass(frozen=True)
class Accolades:
    """The accolades in a few numbers, in one sentence, and the notable ceremonies.

    ``tally`` is the sentence every output prints, in ``parts`` so a layout can set the
    figures apart without writing the sentence again.
    """

    ceremonies: int
    nominations: int
    wins: int
    tally: str
    parts: tuple[Part, ...]
    notable: tuple[CeremonyCount, ...]


def ceremonies(article: Article) -> Iterator[Ceremony]:
    """Every ceremony in the article: from accolades tables and from award groups."""
    yield from _block_ceremonies(article.lead)
    for section in article.walk():
        yield from _block_ceremonies(section.blocks)


def _block_ceremonies(blocks: tuple[Block, ...]) -> Iterator[Ceremony]:
    for block in blocks:
        if isinstance(block, Table):
            yield from block.ceremonies
        elif isinstance(block, AwardGroup):
            yield block.ceremony
        elif isinstance(block, Definition):
            yield from _block_ceremonies(block.description)


def summarise(found: tuple[Ceremony, ...]) -> Accolades | None:
    """Count ceremonies, nominations and known wins; list the notable ceremonies."""
    if not found:
        return None
    counts = [_count(ceremony) for ceremony in found]
    ranked = sorted(
        (rank, index, count)
        for index, count in enumerate(counts)
        for rank in [_prestige(count.name)]
        if rank is not None
    )
    notable = [count for _, _, count in ranked] or sorted(counts, key=lambda c: -c.nominations)
    nominations = sum(c.nominations for c in counts)
    wins = sum(c.wins for c in counts)
    parts = _tally(nominations, len(counts), wins)
    return Accolades(
        ceremonies=len(counts),
        nominations=nominations,
        wins=wins,
        tally="".join(part.text for part in parts),
        parts=parts,
        notable=tuple(notable[:MAX_NOTABLE]),
    )


def _count(ceremony: Ceremony) -> CeremonyCount:
    nominations = len(ceremony.accolades)
    wins = sum(a.outcome is Outcome.WON for a in ceremony.accolades)
    text = counted(nominations, "nomination", "nominations") + (f", {wins} won" if wins else "")
    return CeremonyCount(ceremony.name, ceremony.date, nominations, wins, text)


def _tally(nominations: int, ceremonies_: int, wins: int) -> tuple[Part, ...]:
    """``79 nominations at 30 ceremonies and festivals, 6 won``."""
    parts = [
        Part(str(nominations), number=True),
        Part(" nomination at " if nominations == 1 else " nominations at "),
        Part(str(ceremonies_), number=True),
        Part(" ceremony" if ceremonies_ == 1 else " ceremonies and festivals"),
    ]
    if wins:
        parts += [Part(", "), Part(str(wins), number=True), Part(" won")]
    return tuple(parts)


def _prestige(name: str) -> int | None:
    return next((rank for rank, regex in enumerate(_PRESTIGE) if regex.search(name)), None)
