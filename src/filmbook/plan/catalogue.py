"""Turn ``Facts`` of many films into the catalogue's plan: one compact entry per film,
the sections in order, and the indexes by director, country and year.

A film's entry takes every fact from its ``Facts`` as they are written for its own press
kit (the names joined, the key facts, the synopsis, the accolades' tally and notable
ceremonies), so a film reads the same in its kit and in the catalogue. An entry keeps
only what its page shows, never the article: a catalogue of hundreds of films holds
hundreds of entries of a few kilobytes each.

The press material (a ``<stem>.toml`` beside a source) gives an entry its ``logline``;
its festivals, and the accolades', are the entry's ``laurels`` (a line each); its stills
do not reach the catalogue yet, so ``still`` is for a caller that has a file. An entry
always shows the synopsis (the lead's first sentences, as the handout does), under the
logline when there is one: the lead's own first sentence is not taken as a logline,
since the synopsis starts with it.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from filmbook.catalogue import Paragraph
from filmbook.model import Picture, Role
from filmbook.plan.accolades import CeremonyCount
from filmbook.plan.attribution import CC_BY_SA, Attribution, Licensing
from filmbook.plan.ebook import (
    COVER_IMAGE,
    IDENTIFIER_NAMESPACE,
    JPEG_COVER_IMAGE,
    Page,
    TocEntry,
)
from filmbook.plan.facts import Facts, attribution_of
from filmbook.plan.factsheet import Fact
from filmbook.plan.laurels import Laurel
from filmbook.resources import PICTURES_URL

KEY_CREDITS: tuple[Role, ...] = (
    Role.WRITER,
    Role.PRODUCER,
    Role.STARRING,
    Role.CINEMATOGRAPHY,
    Role.EDITING,
    Role.MUSIC,
    Role.STUDIO,
)
"""The credits an entry lists, after the director: a programme's billing block."""
NOTABLE = 3
LAURELS = 4
"""Laurels an entry lists, the wins first, as the plan ranks them."""
"""Notable ceremonies an entry names under its tally."""
INDEXES = {
    "directors": "Index of directors",
    "countries": "Index of countries",
    "years": "Index of years",
}
UNKNOWN_YEAR = "Year unknown"
SOURCES = "Sources and licences"
_NATIVE = re.compile(r"\s*\(([^)]+)\)")


@dataclass(frozen=True)
class Still:
    """A still of the film from its press material: the picture (normalised PNG or JPEG
    bytes), what it shows (its text alternative), says (its caption) and who took it."""

    picture: Picture
    alt: str
    caption: str | None = None
    credit: str | None = None

    @property
    def uri(self) -> str:
        """Where the programme's HTML names it; the PDF writer serves it from memory."""
        return f"{PICTURES_URL}{self.picture.name}"


@dataclass(frozen=True)
class Entry:
    """One film's page of the catalogue, as compact as its page.

    ``anchor`` names it in the book (``film-007``); ``label`` is its title as the
    contents and the indexes print it, with what tells it from a film of the same title
    (its disambiguator, year or director). ``logline``, ``still`` and ``laurels`` come
    from the press material.
    """

    anchor: str
    title: str
    label: str
    disambiguator: str | None
    native_title: str | None
    directors: tuple[str, ...]
    directed_by: str
    year: str | None
    countries: tuple[str, ...]
    runtime: str | None
    languages: tuple[str, ...]
    key_facts: tuple[str, ...]
    synopsis: str | None
    credits: tuple[Fact, ...]
    tally: str | None
    notable: tuple[CeremonyCount, ...]
    han: str | None
    source: str
    logline: str | None = None
    still: Still | None = None
    laurels: tuple[str, ...] = ()
    attribution: Attribution | None = None

    @property
    def still_href(self) -> str | None:
        """Where the still is inside the EPUB: ``images/film-007.jpg``."""
        if self.still is None:
            return None
        return f"images/{self.anchor}.{self.still.picture.name.rsplit('.', 1)[1]}"


@dataclass(frozen=True)
class Section:
    """A section (strand) of the catalogue: its title, anchor, introduction and films."""

    title: str
    anchor: str
    entries: tuple[Entry, ...]
    introduction: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class Reference:
    """A film named in an index: its anchor and its label."""

    anchor: str
    label: str


@dataclass(frozen=True)
class IndexEntry:
    """A name, country or year of an index, and the films under it in catalogue order."""

    term: str
    films: tuple[Reference, ...]


@dataclass(frozen=True)
class Index:
    """One index at the back of the book."""

    name: str
    title: str
    entries: tuple[IndexEntry, ...]


@dataclass(frozen=True)
class Catalogue:
    """What the catalogue's templates lay out: the book's names, its foreword, its
    sections of entries and its indexes."""

    title: str
    subtitle: str | None
    edition: str | None
    year: str | None
    editor: str | None
    foreword: tuple[Paragraph, ...]
    cover: Picture | None
    sections: tuple[Section, ...]
    indexes: tuple[Index, ...]
    sources: tuple[str, ...] = ()
    language: str = "en"

    @property
    def cover_uri(self) -> str | None:
        """Where the programme's HTML names the cover image; the PDF writer serves it."""
        return f"{PICTURES_URL}{self.cover.name}" if self.cover else None

    @property
    def pictures(self) -> dict[str, bytes]:
        """The pictures the programme shows, by name: the cover and the films' stills."""
        found = {self.cover.name: self.cover.data} if self.cover else {}
        found.update((e.still.picture.name, e.still.picture.data) for e in self.entries if e.still)
        return found

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every film in the order of the book."""
        return tuple(entry for section in self.sections for entry in section.entries)


def plan_entry(
    facts: Facts,
    anchor: str,
    source: str,
    licensing: Licensing = CC_BY_SA,
) -> Entry:
    """The catalogue entry of one film's ``facts``."""
    return Entry(
        anchor=anchor,
        title=facts.title,
        label=facts.title,
        disambiguator=facts.disambiguator,
        native_title=native_title(facts),
        directors=facts.directors,
        directed_by=facts.directed_by,
        year=facts.year,
        countries=facts.countries,
        runtime=_first(facts.details, Role.RUNTIME),
        languages=tuple(v for f in facts.details if f.role is Role.LANGUAGE for v in f.values),
        key_facts=facts.key_facts,
        synopsis=facts.synopsis,
        credits=tuple(fact for role in KEY_CREDITS for fact in facts.credits if fact.role is role),
        tally=facts.accolades.tally if facts.accolades else None,
        notable=facts.accolades.notable[:NOTABLE] if facts.accolades else (),
        han=facts.han,
        source=source,
        attribution=attribution_of(facts, licensing),
        logline=_own_logline(facts),
        still=_still(facts),
        laurels=tuple(_laurel_line(laurel) for laurel in facts.laurels[:LAURELS]),
    )


def _own_logline(facts: Facts) -> str | None:
    """The press material's logline; None when the logline is the lead's first sentence,
    which the synopsis under it starts with (as the handout tells them apart)."""
    logline = facts.logline
    if not logline or (facts.synopsis or "").startswith(logline):
        return None
    return logline


def _still(facts: Facts) -> Still | None:
    """The press material's first still (its text alternative settled in ``make_facts``)."""
    if not facts.stills:
        return None
    first = facts.stills[0]
    return Still(first.picture, first.alt or "", first.caption, first.credit)


def _laurel_line(laurel: Laurel) -> str:
    """``Telluride Film Festival 2023: Official Selection``."""
    festival = f"{laurel.festival} {laurel.year}" if laurel.year else laurel.festival
    return f"{festival}: {laurel.label}"


def native_title(facts: Facts) -> str | None:
    """The title in the film's own language, as the lead gives it in parentheses after
    the title (``Cure (キュア, Kyua) is …`` → ``キュア``); None when it gives none."""
    if facts.lead is None or not facts.lead.blocks:
        return None
    first = getattr(facts.lead.blocks[0], "text", "")
    if not first.startswith(facts.title):
        return None
    found = _NATIVE.match(first[len(facts.title) :])
    if found is None:
        return None
    native = found.group(1).split(",")[0].split(";")[0].strip()
    return native if native and native != facts.title else None


def _first(facts: tuple[Fact, ...], role: Role) -> str | None:
    return next((fact.values[0] for fact in facts if fact.role is role and fact.values), None)


def same_titles(entries: Iterable[Entry]) -> dict[str, tuple[Entry, ...]]:
    """The titles that more than one film of the book has, with those films."""
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        found.setdefault(entry.title.casefold(), []).append(entry)
    return {title: tuple(group) for title, group in found.items() if len(group) > 1}


def plan_catalogue(
    title: str,
    sections: Iterable[tuple[str, tuple[Paragraph, ...], tuple[Entry, ...]]],
    *,
    subtitle: str | None = None,
    edition: str | None = None,
    year: str | None = None,
    editor: str | None = None,
    foreword: tuple[Paragraph, ...] = (),
    cover: Picture | None = None,
) -> Catalogue:
    """The catalogue of ``sections`` (title, introduction, entries), with the films that
    share a title told apart and the indexes made."""
    planned = [
        Section(name, f"section-{number}", entries, introduction)
        for number, (name, introduction, entries) in enumerate(sections, start=1)
    ]
    labels = _labels(entry for section in planned for entry in section.entries)
    planned = [
        replace(section, entries=tuple(replace(e, label=labels[e.anchor]) for e in section.entries))
        for section in planned
    ]
    entries = [entry for section in planned for entry in section.entries]
    return Catalogue(
        title=title,
        subtitle=subtitle,
        edition=edition,
        year=year,
        editor=editor,
        foreword=foreword,
        cover=cover,
        sections=tuple(planned),
        indexes=(
            _index("directors", entries, lambda e: e.directors, key=_surname),
            _index("countries", entries, lambda e: e.countries),
            _index("years", entries, lambda e: (e.year or UNKNOWN_YEAR,)),
        ),
        sources=_sources(entries),
    )


def _sources(entries: list[Entry]) -> tuple[str, ...]:
    """The source note: where each film's text came from, then each licence and the
    adaptation once."""
    notes = [entry.attribution for entry in entries if entry.attribution]
    return tuple(
        dict.fromkeys(
            [note.source for note in notes]
            + [note.licence for note in notes]
            + [note.adapted for note in notes]
        )
    )


def _labels(entries: Iterable[Entry]) -> dict[str, str]:
    """Each film's label: its title, and when another film has the same title, the first
    of its disambiguator, year and director that tells them apart (else its place)."""
    listed = list(entries)
    labels = {entry.anchor: entry.title for entry in listed}
    for group in same_titles(listed).values():
        for choice in ("disambiguator", "year", "directed_by"):
            told = [getattr(entry, choice) or None for entry in group]
            if all(told) and len(set(told)) == len(told):
                for entry, what in zip(group, told, strict=True):
                    labels[entry.anchor] = f"{entry.title} ({what})"
                break
        else:
            for number, entry in enumerate(group, start=1):
                labels[entry.anchor] = f"{entry.title} ({number})"
    return labels


def _surname(name: str) -> str:
    """Index a director under the last word of the name (``Haigh, Andrew`` order)."""
    parts = name.split()
    return f"{parts[-1]} {' '.join(parts[:-1])}".casefold() if parts else name.casefold()


def _index(
    name: str,
    entries: list[Entry],
    terms: Callable[[Entry], Iterable[str]],
    key: Callable[[str], str] = str.casefold,
) -> Index:
    found: dict[str, list[Reference]] = {}
    for entry in entries:
        for term in terms(entry):
            if term.strip():
                found.setdefault(term, []).append(Reference(entry.anchor, entry.label))
    title = INDEXES[name]
    ordered = sorted(found, key=lambda term: (term == UNKNOWN_YEAR, key(term)))
    return Index(name, title, tuple(IndexEntry(term, tuple(found[term])) for term in ordered))


@dataclass(frozen=True)
class CatalogueBook:
    """The catalogue as an EPUB: its documents in reading order (one per section, one per
    film, one per index), the table of contents by section and film, and the package's
    identifier and cover."""

    catalogue: Catalogue
    identifier: str
    pages: tuple[Page, ...]
    toc: tuple[TocEntry, ...]
    cover_image: str
    cover_alt: str

    @property
    def toc_depth(self) -> int:
        """How many levels the table of contents has (the NCX's ``dtb:depth``)."""
        return 2 if any(entry.children for entry in self.toc) else 1


def plan_catalogue_book(catalogue: Catalogue) -> CatalogueBook:
    """The EPUB of ``catalogue``."""
    pages = [
        Page("cover", "Cover", "book/cover.xhtml", landmark="cover", in_toc=False),
        Page("title", catalogue.title, "book/title.xhtml", landmark="titlepage"),
    ]
    numbers = itertools.count(1)
    toc = [TocEntry("title", catalogue.title, "title.xhtml", next(numbers))]
    for section in catalogue.sections:
        opening = Page(section.anchor, section.title, "book/section.xhtml")
        pages.append(replace(opening, landmark="bodymatter") if len(pages) == 2 else opening)
        order = next(numbers)
        films = [Page(entry.anchor, entry.label, "book/film.xhtml") for entry in section.entries]
        pages += films
        children = tuple(TocEntry(p.name, p.title, p.href, next(numbers)) for p in films)
        toc.append(TocEntry(section.anchor, section.title, opening.href, order, children))
    for index in catalogue.indexes:
        page = Page(f"index-{index.name}", index.title, "book/index.xhtml", landmark="index")
        pages.append(page if index is catalogue.indexes[0] else replace(page, landmark=None))
        toc.append(TocEntry(page.name, page.title, page.href, next(numbers)))
    if catalogue.sources:
        page = Page("sources", SOURCES, "book/sources.xhtml", landmark="credits")
        pages.append(page)
        toc.append(TocEntry(page.name, page.title, page.href, next(numbers)))
    name = "\x1f".join((catalogue.title, catalogue.edition or "", catalogue.year or ""))
    jpeg = catalogue.cover is not None and catalogue.cover.media_type == "image/jpeg"
    return CatalogueBook(
        catalogue=catalogue,
        identifier=f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, name)}",
        pages=tuple(pages),
        toc=tuple(toc),
        cover_image=JPEG_COVER_IMAGE if jpeg else COVER_IMAGE,
        cover_alt=", ".join(
            part for part in (catalogue.title, catalogue.subtitle, catalogue.year) if part
        ),
    )
