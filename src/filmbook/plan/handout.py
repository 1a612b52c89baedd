"""Turn ``Facts`` into the handout's plan: the press kit cut to one double-sided sheet.

Every list is capped and the synopsis is cut at a sentence, so that any article fits two
pages at a size legible at arm's length; the press kit keeps the rest. What the handout
shows it takes from the facts as they are written, so it reads as the press kit does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from filmbook.model import Contact, Handle, Poster
from filmbook.plan.accolades import CeremonyCount
from filmbook.plan.attribution import CC_BY_SA, Attribution, Licensing
from filmbook.plan.facts import Facts, attribution_of
from filmbook.plan.factsheet import SPEC_ROLES, Fact
from filmbook.plan.laurels import Laurel
from filmbook.plan.press import ReleaseDate
from filmbook.plan.prose import Quote
from filmbook.plan.text import abridge, clip, join_names

FACT_LINES = 24
"""Lines the handout's sidebars hold: a label takes about one and a half, a value one per
line of the narrow column (``LINE_CHARACTERS`` characters)."""
CROWDED_FACT_LINES = 14
"""Lines a sidebar holds on a side that more fills: the front under laurels or beside a
poster, the back above the release dates and the contacts."""
LINE_CHARACTERS = 28
NAMES = 3
CAST = 8
NOTABLE = 6
CROWDED_NOTABLE = 4
QUOTE_WORDS = 45
CROWDED_SYNOPSIS_WORDS = 90
"""The synopsis on a front that a poster shares: the press kit has all of it."""
CROWDED_QUOTE_WORDS = 30
VALUE_WORDS = 8
LAURELS = 4
RELEASES = 3
CONTACTS = 2
SOCIAL = 2
LOGLINE_WORDS = 40


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
    press contacts, else the sales agents), the ``website`` and the first ``social``
    handles, each capped to fit the sheet.
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
    website: str | None = None
    social: tuple[Handle, ...] = ()


def plan_handout(facts: Facts, licensing: Licensing = CC_BY_SA) -> Handout:
    """The handout of ``facts``."""
    names = _cap(facts.directors)
    front = CROWDED_FACT_LINES if facts.poster or facts.laurels else FACT_LINES
    reach = bool(facts.releases or facts.contacts or facts.sales)
    return Handout(
        facts=facts,
        directed_by=join_names(names),
        billing=tuple(clip(name, VALUE_WORDS) for name in facts.billing),
        key_facts=tuple(clip(fact, VALUE_WORDS) for fact in facts.key_facts),
        synopsis=_synopsis(facts),
        credits=_fit(tuple(f for f in facts.credits if f.credit != "Starring"), front),
        cast=_top_cast(facts),
        more_cast=max(0, len(facts.cast) - CAST),
        specs=_fit(
            tuple(f for f in facts.details if f.role in SPEC_ROLES),
            CROWDED_FACT_LINES if reach else FACT_LINES,
        ),
        notable=(
            facts.accolades.notable[: CROWDED_NOTABLE if reach else NOTABLE]
            if facts.accolades
            else ()
        ),
        quote=_quote(facts.quotes, CROWDED_QUOTE_WORDS if reach else QUOTE_WORDS),
        attribution=attribution_of(facts, licensing),
        logline=clip(facts.logline, LOGLINE_WORDS) if facts.logline else None,
        poster=facts.poster,
        laurels=facts.laurels[:LAURELS],
        releases=tuple(_release(release) for release in facts.releases[:RELEASES]),
        contacts=tuple(_contact(contact) for contact in (facts.contacts or facts.sales)[:CONTACTS]),
        website=clip(facts.website, 1) if facts.website else None,
        social=tuple(
            replace(h, network=clip(h.network, VALUE_WORDS), handle=clip(h.handle, VALUE_WORDS))
            for h in facts.social[:SOCIAL]
        ),
    )


def _synopsis(facts: Facts) -> str | None:
    """The synopsis as the front has room for it: after the logline, and shorter beside a
    poster."""
    synopsis = _after(facts.synopsis, facts.logline)
    return abridge(synopsis, CROWDED_SYNOPSIS_WORDS) if synopsis and facts.poster else synopsis


def _after(synopsis: str | None, logline: str | None) -> str | None:
    """The synopsis after the logline, when the logline is its first sentence (the lead's,
    for want of the publicist's): the handout sets the logline large above the synopsis,
    which then reads on from it rather than saying it twice."""
    if synopsis and logline and synopsis.startswith(logline):
        return synopsis[len(logline) :].strip() or None
    return synopsis


def _release(release: ReleaseDate) -> ReleaseDate:
    note = clip(release.note, VALUE_WORDS) if release.note else None
    return replace(release, territory=clip(release.territory, VALUE_WORDS), note=note)


def _contact(contact: Contact) -> Contact:
    """A contact with each field cut to a few words, as the sheet's narrow blocks hold."""
    return replace(
        contact,
        name=clip(contact.name, VALUE_WORDS),
        role=clip(contact.role, VALUE_WORDS) if contact.role else None,
        company=clip(contact.company, VALUE_WORDS) if contact.company else None,
        email=clip(contact.email, 1) if contact.email else None,
        phone=clip(contact.phone, VALUE_WORDS) if contact.phone else None,
    )


def _cap(names: tuple[str, ...]) -> tuple[str, ...]:
    """A few names, each of a few words, and how many more there are."""
    kept = tuple(clip(name, VALUE_WORDS) for name in names[:NAMES])
    more = len(names) - NAMES
    return (*kept, f"{more} more") if more > 0 else kept


def _fit(facts: tuple[Fact, ...], most: int) -> tuple[Fact, ...]:
    """The first facts, each capped, that fill a handout sidebar of ``most`` lines."""
    kept: list[Fact] = []
    lines = 0.0
    for fact in facts:
        capped = replace(fact, values=_cap(fact.values))
        lines += 1.5 + sum(1 + len(value) // LINE_CHARACTERS for value in capped.values)
        if lines > most:
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


def _quote(quotes: tuple[Quote, ...], words: int) -> Quote | None:
    """The first quote, as much of it as a pull quote on the back of the sheet can hold."""
    if not quotes:
        return None
    first = quotes[0]
    return replace(first, excerpt=abridge(first.text, words))
