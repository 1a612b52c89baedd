"""Turn the festivals of the press material and of the article's accolades into laurels.

A laurel names a festival, its year and what the film had there: ``Official Selection``,
or ``Winner — Best Director`` for an award won, set inside two branches of leaves. The
publicist's own selections come first, in their order; then the article's festivals, the
awards won first and the most prestigious festivals first: each award won a laurel of its
own, a festival where nothing was won (the film competed, or was shown) one ``Official
Selection``. At most ``MAX_LAURELS``: a row on a cover, more reads as clutter, and the
accolades list the rest.

A ceremony is a festival when its name says so (``Festival``, ``Fest``, ``Mostra``,
``Biennale``) or is one a press office knows by name alone (``Sundance``, ``Berlinale``,
``Camerimage``, ``TIFF``…), and is not a critics' association, society, circle, academy
or guild: the *Toronto Film Critics Association* is not TIFF.

SVG text does not wrap, so each laurel's lines are broken here, balanced and short
enough for the wreath; the template (``templates/shared/laurel.svg``) only sets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from filmbook.model import Ceremony, Outcome, Selection
from filmbook.plan.text import clip

MAX_LAURELS = 4
OFFICIAL_SELECTION = "Official Selection"
WINNER = "Winner"
LINE_CHARACTERS = 14
"""Characters of a festival's line inside the wreath, at its size."""
HONOUR_CHARACTERS = 18
"""Characters of a line of the honour, set smaller."""
FESTIVAL_LINES = 3
HONOUR_LINES = 2
NAME_WORDS = 40
_FESTIVAL = re.compile(
    r"festival|\bfest\b|\bfesta\b|\bpremiere\b|\bmostra\b|\bbiennale\b|\bberlinale\b|\bsundance\b"
    r"|\btelluride\b|\btribeca\b|\blocarno\b|\bcamerimage\b|\bsxsw\b|south by southwest"
    r"|\btiff\b|\biffr\b|\bidfa\b|\bannecy\b|\bsitges\b|karlovy vary|san sebasti[aá]n"
    r"|\bhot docs\b|\braindance\b|\bcannes\b|\bvenice\b|\bberlin international",
    re.IGNORECASE,
)
_NOT_FESTIVAL = re.compile(
    r"critics|association|society|circle|academy|guild|\blions\b", re.IGNORECASE
)
_PRESTIGE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"Cannes",
        r"Venice|Venezia|Mostra",
        r"Berlin",
        r"Sundance",
        r"Toronto|TIFF",
        r"Telluride",
        r"New York Film Festival|BFI London|London Film Festival",
        r"Locarno|San Sebasti|Karlovy Vary|Rotterdam|IFFR|Busan",
        r"SXSW|South by Southwest|Tribeca",
    )
)
"""Festivals a press office puts first, most prestigious first."""
_ORDINAL = re.compile(r"^(?:\d+(?:st|nd|rd|th)|(?:19|20)\d\d)\s+(?=\S)", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Laurel:
    """One laurel: ``festival`` (``Telluride Film Festival``), ``year`` (``2023`` or
    none), ``award`` (``Official Selection``, ``Best Director``) and ``won``.

    ``label`` is what the laurel says above the festival's name (``Official Selection``,
    ``Winner — Best Director``); ``honour_lines`` and ``festival_lines`` the label and the
    festival's name broken for the wreath; ``name`` the laurel in one phrase, as a screen
    reader says it (the SVG's title).
    """

    festival: str
    year: str | None
    award: str
    won: bool

    @property
    def label(self) -> str:
        """What the laurel says above the festival's name."""
        return f"{WINNER} — {self.award}" if self.won else self.award

    @property
    def honour_lines(self) -> tuple[str, ...]:
        """``Winner`` and the award in one or two lines, or the selection in one or two."""
        if self.won:
            return (WINNER, *wrap(self.award, HONOUR_LINES, HONOUR_CHARACTERS))
        return wrap(self.award, HONOUR_LINES, HONOUR_CHARACTERS)

    @property
    def festival_lines(self) -> tuple[str, ...]:
        """The festival's name in up to three lines, without an edition's ordinal
        (``76th``): the year says which."""
        return wrap(self.festival_name, FESTIVAL_LINES, LINE_CHARACTERS)

    @property
    def festival_name(self) -> str:
        """The festival without an edition's ordinal (``76th``): the year says which."""
        return _ORDINAL.sub("", self.festival.strip())

    @property
    def name(self) -> str:
        """``Official Selection, Telluride Film Festival 2023``."""
        year = f" {self.year}" if self.year else ""
        return clip(f"{self.label}, {self.festival}{year}", NAME_WORDS)


def is_festival(name: str) -> bool:
    """Whether a ceremony of this name is a film festival."""
    return bool(_FESTIVAL.search(name)) and not _NOT_FESTIVAL.search(name)


def laurels(selections: Iterable[Selection], ceremonies: Iterable[Ceremony]) -> tuple[Laurel, ...]:
    """The publicist's selections, then the article's festivals; no laurel twice, and at
    most ``MAX_LAURELS``."""
    ranked = sorted(
        (_rank(ceremony), index, ceremony)
        for index, ceremony in enumerate(ceremonies)
        if is_festival(ceremony.name)
    )
    found = [
        *map(_from_selection, selections),
        *(laurel for _, _, ceremony in ranked for laurel in _from_ceremony(ceremony)),
    ]
    kept: dict[tuple[str, str | None, str, bool], Laurel] = {}
    for laurel in found:
        # One laurel a festival, year and honour, however the edition is named.
        key = (_fold(laurel.festival_name), laurel.year, _fold(laurel.award), laurel.won)
        kept.setdefault(key, laurel)
    return tuple(kept.values())[:MAX_LAURELS]


def _from_selection(selection: Selection) -> Laurel:
    year = str(selection.year) if selection.year is not None else None
    award = selection.award.strip() or OFFICIAL_SELECTION
    return Laurel(selection.festival.strip(), year, award, selection.won)


def _from_ceremony(ceremony: Ceremony) -> Iterator[Laurel]:
    year = _year(ceremony)
    won = [a for a in ceremony.accolades if a.outcome is Outcome.WON and a.category.strip()]
    for accolade in won:
        yield Laurel(ceremony.name, year, accolade.category, True)
    if not won:
        yield Laurel(ceremony.name, year, OFFICIAL_SELECTION, False)


def _rank(ceremony: Ceremony) -> tuple[int, int]:
    """Festivals where the film won first, then by prestige; the rest in the article's
    order."""
    won = any(a.outcome is Outcome.WON for a in ceremony.accolades)
    prestige = next(
        (rank for rank, regex in enumerate(_PRESTIGE) if regex.search(ceremony.name)),
        len(_PRESTIGE),
    )
    return (0 if won else 1, prestige)


def _year(ceremony: Ceremony) -> str | None:
    for text in (ceremony.date or "", ceremony.name):
        found = _YEAR.search(text)
        if found:
            return found.group()
    return None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def wrap(text: str, lines: int, width: int) -> tuple[str, ...]:
    """``text`` in as few lines of at most ``width`` characters as it takes, up to
    ``lines``, as even as the words allow (``Chicago`` / ``International`` / ``Film
    Festival``). A word is never broken; what does not fit ends in an ellipsis."""
    words = text.split()
    if not words:
        return ()
    if len(text) <= 2 * width * lines:  # balancing costs the cube of the words: keep it short
        for count in range(1, lines + 1):
            best = _balanced(words, count)
            if best and max(map(len, best)) <= width:
                return best
    return _filled(words, lines, width)


def _balanced(words: list[str], count: int) -> tuple[str, ...] | None:
    """``words`` in ``count`` lines with the longest as short as it can be (a tie keeps the
    first line shorter); ``None`` when there are fewer words than lines."""
    if count > len(words):
        return None
    if count == 1:
        return (" ".join(words),)
    best: tuple[str, ...] | None = None
    for cut in range(1, len(words) - count + 2):
        rest = _balanced(words[cut:], count - 1)
        if rest is None:
            continue
        candidate = (" ".join(words[:cut]), *rest)
        if best is None or _measure(candidate) < _measure(best):
            best = candidate
    return best


def _measure(lines: tuple[str, ...]) -> tuple[int, int]:
    return (max(map(len, lines)), len(lines[0]))


def _filled(words: list[str], lines: int, width: int) -> tuple[str, ...]:
    """The words filled into ``lines`` lines of ``width`` (a word longer than a line on a
    line of its own), the last ending in an ellipsis when words are left over."""
    out: list[str] = []
    line = ""
    taken = 0
    for word in words:
        joined = f"{line} {word}" if line else word
        if len(joined) <= width or not line:
            line = joined
            taken += 1
            continue
        out.append(line)
        if len(out) == lines:
            break
        line = word
        taken += 1
    else:
        out.append(line)
    out = out[:lines]
    if taken < len(words) or len(out) > lines:
        out[-1] = f"{out[-1]} …"
    return tuple(out)
