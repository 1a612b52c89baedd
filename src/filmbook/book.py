"""Turn a catalogue (a catalogue file, or sources in title order) into the festival
catalogue's printed programme and its EPUB, written into the output folder.

The recipe, as ``make_book`` reads: read each section's sources one by one, each into its
article, its ``Facts`` and its compact catalogue entry, letting the article go before the
next is read (a book of 200 films holds 200 entries, never 200 articles); warn of films
that share a title; plan the catalogue; render the programme (WeasyPrint) and the EPUB;
and only when both exist as bytes, write each atomically. A missing or bad source stops
the book before anything is written, with one ``path:line`` line.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from filmbook.atomic import write_atomic
from filmbook.catalogue import CatalogueFile, Listed, Strand, read_catalogue
from filmbook.cover import make_cover
from filmbook.dates import build_time
from filmbook.errors import InputError, printable
from filmbook.material import read_material
from filmbook.outputs import epub_stylesheets
from filmbook.plan import make_facts
from filmbook.plan.attribution import CC_BY_SA, Licensing
from filmbook.plan.catalogue import (
    Catalogue,
    Entry,
    plan_catalogue,
    plan_catalogue_book,
    plan_entry,
    same_titles,
)
from filmbook.printing import PdfOptions, check
from filmbook.reader import Skipped, read_article, read_sources
from filmbook.render import PROGRAMME, render_catalogue_book, render_programme
from filmbook.targets import slugify

logger = logging.getLogger("filmbook.book")

UNTITLED_BOOK = "Films"
"""The title of a book made from sources without a catalogue file."""
UNTITLED_NAME = "catalogue"
"""Its file names: ``catalogue.pdf`` and ``catalogue.epub``."""


@dataclass(frozen=True)
class BookOptions:
    """How to make the book: where to write, how to print, the texts' licence."""

    out_dir: Path = Path("dist")
    paper: str | None = None
    """The paper, when the command line names one: it wins over the catalogue file's."""
    print_marks: bool = False
    variant: str | None = None
    style: Path | None = None
    templates: Path | None = None
    licensing: Licensing = CC_BY_SA


def book_from_file(path: Path, options: BookOptions) -> list[Path]:
    """Make the book a catalogue file describes; the files written
    (``<the file's stem>.pdf`` and ``.epub``)."""
    found = read_catalogue(path)
    return write_book(found, _name(path.stem), options)


def book_from_sources(paths: Sequence[Path], options: BookOptions) -> list[Path]:
    """Make a book of ``paths`` in title order, in one section; written as
    ``catalogue.pdf`` and ``catalogue.epub``."""
    listed = tuple(Listed(path, 0) for path in paths)
    found = CatalogueFile(
        path="", title=UNTITLED_BOOK, sections=(Strand(UNTITLED_BOOK, listed, ordered=False),)
    )
    return write_book(found, UNTITLED_NAME, options)


def write_book(found: CatalogueFile, name: str, options: BookOptions) -> list[Path]:
    """Make both outputs of the book in memory, then write each atomically."""
    files = make_book(found, options)
    written = []
    for suffix, data in files.items():
        path = options.out_dir / f"{name}{suffix}"
        write_atomic(path, data)
        written.append(path)
    return written


def make_book(found: CatalogueFile, options: BookOptions) -> dict[str, bytes]:
    """The programme's PDF bytes and the EPUB's, by file suffix."""
    pdf_options = _pdf_options(found, options)
    check(pdf_options)
    catalogue = plan_book(found, options.licensing)
    for films in same_titles(catalogue.entries).values():
        sources = ", ".join(printable(entry.source) for entry in films)
        labels = "; ".join(entry.label for entry in films)
        logger.warning(
            "%s:0: warning: %d films are titled %r (%s): printed as %s",
            printable(found.path or films[0].source),
            len(films),
            films[0].title,
            sources,
            labels,
        )
    return {
        ".pdf": programme_pdf(catalogue, pdf_options),
        # The style is the programme's print stylesheet: an EPUB keeps the reader's look,
        # as `build` keeps --style out of a film's EPUB.
        ".epub": catalogue_epub(catalogue, None, pdf_options.templates),
    }


def plan_book(found: CatalogueFile, licensing: Licensing = CC_BY_SA) -> Catalogue:
    """Read every source of ``found`` into its entry and plan the catalogue."""
    sections = []
    numbers = itertools.count(1)
    for strand in found.sections:
        entries = tuple(_entries(strand, licensing))
        if not strand.ordered:
            entries = tuple(sorted(entries, key=lambda e: (e.title.casefold(), e.year or "")))
        entries = tuple(replace(e, anchor=f"film-{next(numbers):03d}") for e in entries)
        sections.append((strand.title, strand.introduction, entries))
    return plan_catalogue(
        found.title,
        sections,
        subtitle=found.subtitle,
        edition=found.edition,
        year=found.year,
        editor=found.editor,
        foreword=found.foreword,
        cover=found.cover,
    )


def _entries(strand: Strand, licensing: Licensing) -> Iterator[Entry]:
    """Each source's entry, read one at a time: the article is let go once its entry is
    made."""
    for listed in strand.sources:
        for source in read_sources(listed.path):
            if isinstance(source, InputError):
                raise source
            if isinstance(source, Skipped):  # a redirect: its warning was logged
                continue
            facts = make_facts(read_article(source), read_material(source))
            yield plan_entry(facts, "", source.path, licensing)


def programme_pdf(catalogue: Catalogue, options: PdfOptions) -> bytes:
    """The printed programme as PDF bytes."""
    from filmbook.pdf import write_pdf  # WeasyPrint only for the PDF

    created = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    html = render_programme(catalogue, templates=options.templates, created=created)
    return write_pdf(html, PROGRAMME, options, catalogue.pictures)


def catalogue_epub(
    catalogue: Catalogue, style: Path | None = None, templates: Path | None = None
) -> bytes:
    """The catalogue's EPUB bytes."""
    from filmbook.epub import write_catalogue

    book = plan_catalogue_book(catalogue)
    css = epub_stylesheets(style)
    documents = render_catalogue_book(book, templates=templates, stylesheets=tuple(css))
    cover = (
        catalogue.cover.data if catalogue.cover else make_cover(catalogue.title, "", catalogue.year)
    )
    stills = {
        entry.still_href: entry.still.picture.data
        for entry in catalogue.entries
        if entry.still and entry.still_href
    }
    return write_catalogue(book, documents, css, cover, build_time(), stills)


def _pdf_options(found: CatalogueFile, options: BookOptions) -> PdfOptions:
    """The print options: the command line's, else the catalogue file's."""
    return PdfOptions(
        paper=options.paper or found.paper,
        print_marks=options.print_marks,
        variant=options.variant,
        style=options.style or found.style,
        templates=options.templates or found.templates,
        licensing=options.licensing,
    )


def _name(stem: str) -> str:
    """A safe file name from the catalogue file's name."""
    return slugify(stem) or UNTITLED_NAME
