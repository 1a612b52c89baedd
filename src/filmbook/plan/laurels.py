"""Turn the festivals of the press material and of the article's accolades into laurels.

A laurel names a festival, its year and what the film had there: ``Official Selection``,
or ``Winner — Best Director`` for an award won. The publicist's own selections come
first, in their order; then the article's festival ceremonies (a name with ``Festival``
or one of the festivals a press office knows by name), each award won a laurel of its
own, a festival where nothing was won one ``Official Selection``. The layout draws them
as vector graphics from these fields; the press material may turn them off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from filmbook.model import Ceremony, Outcome, Selection

OFFICIAL_SELECTION = "Official Selection"
WINNER = "Winner"
_FESTIVAL = re.compile(
    r"\bfestival\b|\bfest\b|\bpremiere\b|Sundance|Cannes|Venice|Berlinale|Toronto International|"
    r"Telluride|Tribeca|Locarno|San Sebasti[aá]n|Karlovy Vary|Rotterdam",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Laurel:
    """One laurel: ``festival`` (``Telluride Film Festival``), ``year`` (``2023`` or
    none), ``award`` (``Official Selection``, ``Best Director``), ``won``, and ``label``
    the line under the festival's name (``Official Selection``, ``Winner — Best
    Director``)."""

    festival: str
    year: str | None
    award: str
    won: bool

    @property
    def label(self) -> str:
        """What the laurel says under the festival's name."""
        return f"{WINNER} — {self.award}" if self.won else self.award


def laurels(selections: Iterable[Selection], ceremonies: Iterable[Ceremony]) -> tuple[Laurel, ...]:
    """The publicist's selections, then the article's festivals; no laurel twice."""
    found = [*map(_from_selection, selections), *_from_ceremonies(ceremonies)]
    seen: set[tuple[str, str | None, str, bool]] = set()
    kept: list[Laurel] = []
    for laurel in found:
        key = (laurel.festival.casefold(), laurel.year, laurel.award.casefold(), laurel.won)
        if key not in seen:
            seen.add(key)
            kept.append(laurel)
    return tuple(kept)


def _from_selection(selection: Selection) -> Laurel:
    year = str(selection.year) if selection.year is not None else None
    return Laurel(selection.festival, year, selection.award, selection.won)


def is_festival(name: str) -> bool:
    """Whether ``name`` names a film festival (``Telluride``, ``BFI London Film Festival``)."""
    return _FESTIVAL.search(name) is not None


def _from_ceremonies(ceremonies: Iterable[Ceremony]) -> Iterator[Laurel]:
    for ceremony in ceremonies:
        if not is_festival(ceremony.name):
            continue
        year = _year(ceremony)
        won = [a for a in ceremony.accolades if a.outcome is Outcome.WON and a.category]
        for accolade in won:
            yield Laurel(ceremony.name, year, accolade.category, True)
        if not won:
            yield Laurel(ceremony.name, year, OFFICIAL_SELECTION, False)


def _year(ceremony: Ceremony) -> str | None:
    for text in (ceremony.date or "", ceremony.name):
        found = _YEAR.search(text)
        if found:
            return found.group()
    return None
