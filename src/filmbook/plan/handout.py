"""Turn ``Facts`` into the handout's plan: the press kit cut to one double-sided sheet.

Every list is capped and the synopsis is cut at a sentence, so that any article fits two
pages at a size legible at arm's length; the press kit keeps the rest. What the handout
shows it takes from the facts as they are written, so it reads as the press kit does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from filmbook.model import Contact, Poster
from filmbook.plan.accolades import CeremonyCount
from filmbook.plan.attribution import CC_BY_SA, Attribution, Licensing, attribute
from filmbook.plan.facts import Facts
from filmbook.plan.factsheet import SPEC_ROLES, Fact
from filmbook.plan.laurels import Laurel
from filmbook.plan.press import ReleaseDate
from filmbook.plan.prose import Quote
from filmbook.plan.text import abridge, clip, join_names

FACT_LINES = 24
"""Lines the handout's sidebars hold: a label takes about one and a half, a value one per
line of the narrow column (``LINE_CHARACTERS`` characters)."""
LINE_CHARACTERS = 28
NAMES = 3
CAST = 8
NOTABLE = 6
QUOTE_WORDS = 45
VALUE_WORDS = 8
LAURELS = 4
RELEASES = 3
CONTACTS = 2


@dataclass(frozen=True)
class Billed:
    """An actor and the role, as the handout lists the top-billed cast."""

    actor: str
    role: str | None


@dataclass(frozen=True)
class Handout:
    """What the handout's template lays out; ``facts`` for the title and the tally.

    From the press material: ``logline`` (the material's, else the lead's first
    sentence), ``poster``, the first ``laurels``, ``releases`` and ``contacts`` (the
    press contacts, else the sales agents), each capped to fit the sheet.
    """

    facts: Facts
    directed_by: str
    billing: tuple[str, ...]
    key_facts: tuple[str, ...]
    synopsis: str | None
    credits: tuple[Fact, ...]
    cast: tuple[Billed, ...]
    more_cast: int
    specs: tuple[Fact, ...]
    notable: tuple[CeremonyCount, ...]
    quote: Quote | None
    attribution: Attribution | None = None
    logline: str | None = None
    poster: Poster | None = None
    laurels: tuple[Laurel, ...] = ()
    releases: tuple[ReleaseDate, ...] = ()
    contacts: tuple[Contact, ...] = ()


def plan_handout(facts: Facts, licensing: Licensing = CC_BY_SA) -> Handout:
    """The handout of ``facts``."""
    names = _cap(facts.directors)
    return Handout(
        facts=facts,
        directed_by=join_names(names),
        billing=tuple(clip(name, VALUE_WORDS) for name in facts.billing),
        key_facts=tuple(clip(fact, VALUE_WORDS) for fact in facts.key_facts),
        synopsis=facts.synopsis,
        credits=_fit(tuple(f for f in facts.credits if f.credit != "Starring")),
        cast=_top_cast(facts),
        more_cast=max(0, len(facts.cast) - CAST),
        specs=_fit(tuple(f for f in facts.details if f.role in SPEC_ROLES)),
        notable=facts.accolades.notable[:NOTABLE] if facts.accolades else (),
        quote=_quote(facts.quotes),
        attribution=attribute(facts.title, licensing.over(facts.licensing), facts.origin),
        logline=facts.logline,
        poster=facts.poster,
        laurels=facts.laurels[:LAURELS],
        releases=facts.releases[:RELEASES],
        contacts=(facts.contacts or facts.sales)[:CONTACTS],
    )


def _cap(names: tuple[str, ...]) -> tuple[str, ...]:
    """A few names, each of a few words, and how many more there are."""
    kept = tuple(clip(name, VALUE_WORDS) for name in names[:NAMES])
    more = len(names) - NAMES
    return (*kept, f"{more} more") if more > 0 else kept


def _fit(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """The first facts, each capped, that fill a handout sidebar of ``FACT_LINES``."""
    kept: list[Fact] = []
    lines = 0.0
    for fact in facts:
        capped = replace(fact, values=_cap(fact.values))
        lines += 1.5 + sum(1 + len(value) // LINE_CHARACTERS for value in capped.values)
        if lines > FACT_LINES:
            break
        kept.append(capped)
    return tuple(kept)


def _top_cast(facts: Facts) -> tuple[Billed, ...]:
    """The first names of the cast with their roles, or the billing without roles."""
    if facts.cast:
        return tuple(
            Billed(clip(m.actor, VALUE_WORDS), clip(m.role, VALUE_WORDS) if m.role else None)
            for m in facts.cast[:CAST]
        )
    return tuple(Billed(clip(name, VALUE_WORDS), None) for name in facts.billing)


def _quote(quotes: tuple[Quote, ...]) -> Quote | None:
    """The first quote, as much of it as a pull quote on the back of the sheet can hold."""
    if not quotes:
        return None
    first = quotes[0]
    return replace(first, excerpt=abridge(first.text, QUOTE_WORDS))
