"""Turn ``Facts`` into the ebook's plan: its pages, navigation and package metadata.

The book's documents in reading order (cover, title page with the fact sheet, the
synopsis, one document per top-level section in press-kit order), the anchors of every
heading and the table of contents they make, numbered in reading order for the NCX, and
what the package document says of the book: who made the film with their MARC relator
roles, its authors first, its subjects, the text alternative of the cover.

The book's authors, as reading systems show them, are the film's directors, as its cover
says "a film by": each has the role ``aut`` besides ``drt``, since calibre takes for an
author only a creator with the role ``aut`` (or none), and Apple Books and Kobo show the
first ``dc:creator``. A film whose article names no director has its writers for authors,
and one that names neither has none: the package names no one rather than a made-up
"Unknown", which calibre then shows as its own placeholder.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from filmbook.model import CastMember, NoteRef, Role, Section
from filmbook.plan.attribution import CC_BY_SA, HEADING, Attribution, Licensing
from filmbook.plan.facts import Facts, attribution_of
from filmbook.plan.factsheet import Fact
from filmbook.plan.notes import HEADING as NOTES
from filmbook.plan.notes import Endnote, endnotes, fact_references, references

IDENTIFIER_NAMESPACE = uuid.UUID("5c6b1e0e-3f0a-5d0e-9c53-66696c6d626b")
"""Names every filmbook book: the identifier is a UUID5 of the title in this namespace."""
COVER_IMAGE = "images/cover.png"
"""The cover image's path in the book: the generated cover's, or a PNG poster's."""
JPEG_COVER_IMAGE = "images/cover.jpg"
"""The cover image's path when it is the press material's JPEG poster."""
DIRECTOR = "Director’s statement"
ABOUT_DIRECTOR = "About the director"
STILLS = "Stills"
CONTACTS = "Contacts"
UNTITLED = "Untitled section"
"""The title of a section whose heading has no text."""
_RELATORS: dict[Role, str] = {
    Role.DIRECTOR: "drt",
    Role.WRITER: "aus",
    Role.PRODUCER: "pro",
    Role.EXECUTIVE_PRODUCER: "pro",
    Role.STARRING: "act",
    Role.MUSIC: "cmp",
    Role.CINEMATOGRAPHY: "cng",
    Role.EDITING: "flm",
    Role.STUDIO: "prn",
    Role.DISTRIBUTOR: "fds",
    Role.NETWORK: "brd",
}
"""MARC relator code of each infobox role that names people or companies."""
_RELATORS_BY_KEY = {"story": "wfs", "based on": None}
"""Keys whose role differs from their canonical role's: ``Story`` is the writer of the
film story, not of its screenplay; ``Based on`` names a work."""
_AUTHOR = "aut"
"""The role of the book's authors: the directors, or without them the writers."""
_WRITERS = frozenset({"aus", "wfs"})
_CREATORS = frozenset({"drt", _AUTHOR, *_WRITERS})
"""Roles that make a ``dc:creator``; everyone else is a ``dc:contributor``."""


@dataclass(frozen=True)
class Heading:
    """A section of the book and the anchor its heading carries, for the navigation."""

    section: Section
    anchor: str
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Page:
    """One XHTML document of the book, in reading order."""

    name: str  # the file name, also the manifest id without ``.xhtml``
    title: str
    template: str
    landmark: str | None = None  # its epub:type in the landmarks navigation
    heading: Heading | None = None  # the section it holds
    in_toc: bool = True
    svg: bool = False  # it holds inline SVG (the laurels), which the manifest must say

    @property
    def href(self) -> str:
        """The page's path inside the book, relative to the package document."""
        return f"{self.name}.xhtml"


@dataclass(frozen=True)
class TocEntry:
    """An entry of the table of contents: a page, or a section of one, with its sections.

    ``id`` is the anchor it points to, or the page's name for a whole page: unique in the
    book. ``order`` is its place in reading order, from 1 (the NCX's ``playOrder``).
    """

    id: str
    title: str
    href: str
    order: int
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Person:
    """Someone credited in the book's metadata, with every role they had."""

    name: str
    roles: tuple[str, ...] = ()

    @property
    def creator(self) -> bool:
        """A director or writer is a creator of the film; the others contributed."""
        return any(role in _CREATORS for role in self.roles)


@dataclass(frozen=True)
class Ebook:
    """What the EPUB writer and its templates need: the facts and the book around them."""

    facts: Facts
    identifier: str
    pages: tuple[Page, ...]
    toc: tuple[TocEntry, ...]
    people: tuple[Person, ...]
    subjects: tuple[str, ...]
    cover_image: str
    cover_alt: str
    attribution: Attribution | None = None
    endnotes: tuple[Endnote, ...] = ()

    @property
    def toc_depth(self) -> int:
        """How many levels the table of contents has (the NCX's ``dtb:depth``)."""
        return _depth(self.toc)


def _depth(entries: tuple[TocEntry, ...]) -> int:
    return max((1 + _depth(entry.children) for entry in entries), default=0)


def plan_ebook(facts: Facts, licensing: Licensing = CC_BY_SA) -> Ebook:
    """The ebook of ``facts``."""
    attribution = attribution_of(facts, licensing)
    pages = plan_pages(facts, credits=attribution is not None)
    poster = facts.poster
    jpeg = poster is not None and poster.picture.media_type == "image/jpeg"
    written = ", ".join(part for part in (facts.title, _by(facts), facts.year) if part)
    return Ebook(
        facts=facts,
        identifier=identifier(facts),
        pages=pages,
        toc=plan_toc(pages),
        people=people(facts),
        subjects=tuple(dict.fromkeys(("Film", *facts.genres, *facts.countries))),
        cover_image=JPEG_COVER_IMAGE if jpeg else COVER_IMAGE,
        cover_alt=(poster.alt if poster and poster.alt else written),
        attribution=attribution,
        endnotes=endnotes(facts.notes, _references(pages, facts)),
    )


def _references(pages: tuple[Page, ...], facts: Facts) -> Iterator[tuple[str, Iterable[NoteRef]]]:
    """The note references of each page: the fact sheet's on the title page, then each
    section's on its own."""
    for page in pages:
        if page.name == "title":
            yield page.href, fact_references(facts.fact_sheet)
        elif page.heading:
            yield page.href, references(page.heading.section)


def _by(facts: Facts) -> str | None:
    return f"a film by {facts.directed_by}" if facts.directors else None


def identifier(facts: Facts) -> str:
    """The same on every build of the article: a UUID5 of its title and disambiguator.

    Not of its content: an edited article is a new release of the same book, which EPUB
    tells apart by ``dcterms:modified``, so reading apps update it rather than add a copy.
    """
    name = f"{facts.title}\x1f{facts.disambiguator or ''}"
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, name)}"


def plan_pages(facts: Facts, *, credits: bool = False) -> tuple[Page, ...]:
    """The documents of the book in reading order; the first section is the body's start,
    the credits note (when ``credits``) its last page. The press material adds the
    director's statement after the synopsis, the stills and the contacts after the
    article."""
    pages = [
        Page("cover", "Cover", "epub/cover.xhtml", landmark="cover", in_toc=False),
        Page(
            "title",
            facts.title,
            "epub/title.xhtml",
            landmark="titlepage",
            svg=bool(facts.laurels),
        ),
    ]
    if facts.lead:
        pages.append(_section_page("synopsis", facts.lead))
    if facts.statement or facts.biography:
        title = DIRECTOR if facts.statement else ABOUT_DIRECTOR
        pages.append(Page("director", title, "epub/director.xhtml"))
    for number, section in enumerate(facts.sections, start=1):
        pages.append(_section_page(f"section-{number:02d}", section))
    if facts.stills:
        pages.append(Page("stills", STILLS, "epub/stills.xhtml"))
    if facts.contacts or facts.sales or facts.website or facts.social:
        pages.append(Page("contacts", CONTACTS, "epub/contacts.xhtml"))
    if facts.notes:
        pages.append(Page("notes", NOTES, "epub/notes.xhtml"))
    if credits:
        pages.append(Page("credits", HEADING, "epub/credits.xhtml", landmark="credits"))
    body = next((page for page in pages if page.heading), None)
    return tuple(replace(p, landmark="bodymatter") if p is body else p for p in pages)


def _section_page(name: str, section: Section) -> Page:
    heading = _heading(section, name)
    return Page(name, heading.section.title, "epub/section.xhtml", heading=heading)


def _heading(section: Section, anchor: str) -> Heading:
    """Anchors follow the section's place in the tree: ``section-03-2-1``.

    A heading the source left empty (``== ==``) is called ``Untitled section``: EPUB
    forbids an empty document title and an empty link in the navigation.
    """
    return Heading(
        section if section.title.strip() else replace(section, title=UNTITLED),
        anchor,
        tuple(_heading(child, f"{anchor}-{n}") for n, child in enumerate(section.sections, 1)),
    )


def plan_toc(pages: tuple[Page, ...]) -> tuple[TocEntry, ...]:
    """The table of contents: every page in it with its sections, numbered in reading order."""
    numbers = itertools.count(1)
    return tuple(
        _toc_entry(page.name, page.title, page.href, page.heading, numbers)
        for page in pages
        if page.in_toc
    )


def _toc_entry(
    uid: str, title: str, href: str, heading: Heading | None, numbers: Iterator[int]
) -> TocEntry:
    order = next(numbers)  # before the children's: a section comes before its sections
    page = href.partition("#")[0]
    children = heading.children if heading else ()
    return TocEntry(
        uid,
        title,
        href,
        order,
        tuple(
            _toc_entry(c.anchor, c.section.title, f"{page}#{c.anchor}", c, numbers)
            for c in children
        ),
    )


def people(facts: Facts) -> tuple[Person, ...]:
    """Everyone the credits and the cast name, each once, with all their roles: the
    book's authors first, in the order of the credits, with the role ``aut`` first."""
    roles: dict[str, list[str]] = {}
    credited = [(value, role) for fact in facts.credits for value, role in _credited(fact)]
    credited += [(member.actor, "act") for member in _cast(facts.cast)]
    for name, role in credited:
        if not name.strip():
            continue  # an empty value names no one, and EPUB forbids an empty dc:contributor
        held = roles.setdefault(name, [])
        if role not in held:
            held.append(role)
    found = [Person(name, tuple(held)) for name, held in roles.items()]
    directors = [person for person in found if "drt" in person.roles]
    authors = directors or [person for person in found if _WRITERS & set(person.roles)]
    return (
        *(replace(person, roles=(_AUTHOR, *person.roles)) for person in authors),
        *(person for person in found if person not in authors),
    )


def _credited(fact: Fact) -> list[tuple[str, str]]:
    role = _RELATORS_BY_KEY.get(fact.label.lower(), _RELATORS.get(fact.role))
    return [(value, role) for value in fact.values] if role else []


def _cast(members: tuple[CastMember, ...]) -> list[CastMember]:
    return [found for member in members for found in (member, *_cast(member.children))]
