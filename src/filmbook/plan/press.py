"""Turn the press material into what the outputs print beside the article's facts.

The publicist's key facts go into the article's infobox before any fact is written: a
field of the material replaces the article's fields of the same role (its runtime, its
country), or is added after them when the article has none, so every output shows the
one value. Release dates are written out (``26 January 2024``) here once; the licence
the material names is the default of ``--licence``, ``--source-url`` and ``--revision``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from filmbook.model import Article, Infobox, InfoboxField, Poster, PressMaterial, Role, Still
from filmbook.plan.attribution import Licensing
from filmbook.plan.text import format_date

INFOBOX_HEADER = "Infobox"
"""The header of an infobox made for a material's facts when the article has none."""


@dataclass(frozen=True)
class ReleaseDate:
    """A release in one territory: ``date`` written out, ``iso`` as ``2024-01-26``."""

    territory: str
    date: str
    iso: str
    note: str | None = None


def with_facts(article: Article, fields: tuple[InfoboxField, ...]) -> Article:
    """``article`` with the material's key facts in its infobox: each replaces the
    article's fields of its role (of its key, for a key of no known role), or is added."""
    if not fields:
        return article
    infobox = article.infobox or Infobox(article.line, INFOBOX_HEADER, ())
    kept = list(infobox.fields)
    for new in fields:
        same = [f for f in kept if _same(f, new)]
        if same:
            at = kept.index(same[0])
            kept = [f for f in kept if not _same(f, new)]
            kept.insert(at, new)
        else:
            kept.append(new)
    return dataclasses.replace(article, infobox=dataclasses.replace(infobox, fields=tuple(kept)))


def _same(old: InfoboxField, new: InfoboxField) -> bool:
    if new.role is Role.OTHER:
        return old.key.casefold() == new.key.casefold()
    return old.role is new.role


def release_dates(material: PressMaterial | None) -> tuple[ReleaseDate, ...]:
    """The material's release dates, written out, in its order."""
    if material is None:
        return ()
    return tuple(
        ReleaseDate(r.territory, format_date(r.date.isoformat()), r.date.isoformat(), r.note)
        for r in material.releases
    )


def licensing(material: PressMaterial | None) -> Licensing:
    """The licensing the material says, as defaults for the command line's."""
    if material is None:
        return Licensing(None)
    return Licensing(material.licence, material.source_url, material.revision)


def described_poster(poster: Poster | None, title: str) -> Poster | None:
    """The poster with a text alternative, its own or ``The poster of <title>``."""
    if poster is None or poster.alt:
        return poster
    return dataclasses.replace(poster, alt=f"The poster of {title}")


def described_still(still: Still, title: str) -> Still:
    """A still with a text alternative: its own, else its caption, else ``A still from
    <title>``; every output that shows it says the same."""
    if still.alt:
        return still
    return dataclasses.replace(still, alt=still.caption or f"A still from {title}")
