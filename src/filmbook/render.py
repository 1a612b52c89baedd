"""Turn a plan into HTML or XHTML with Jinja2 templates.

Templates live in ``filmbook/templates/``; a user's folder of templates, when given, is
searched first, so any template can be overridden by one of the same name. Autoescape is
always on and undefined names are errors, so source text can never become markup.
Templates receive a plan (``filmbook.plan``) and nothing of the article itself.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from filmbook.errors import FilmbookError
from filmbook.filters import FILTERS, TESTS
from filmbook.plan import Ebook, Handout, Page, PressKit
from filmbook.plan.catalogue import Catalogue, CatalogueBook
from filmbook.resources import PICTURES_FOLDER, TEMPLATES, contents_digest


@dataclass(frozen=True)
class Document:
    """One of the printed documents: its template, its own stylesheet, its file suffix."""

    template: str
    stylesheet: str
    suffix: str


PRESSKIT = Document("presskit/presskit.html", "presskit.css", "")
HANDOUT = Document("presskit/handout.html", "handout.css", "-handout")
NAV = "epub/nav.xhtml"
NCX = "epub/toc.ncx"
PROGRAMME = Document("book/programme.html", "book.css", "")
"""The festival catalogue's printed programme."""
BOOK_NAV = "book/nav.xhtml"
BOOK_NCX = "book/toc.ncx"


def environment(user_templates: Path | None = None) -> jinja2.Environment:
    """A Jinja2 environment over the user's templates (if any), then filmbook's.

    Kept for the life of the process: compiling the templates costs more than rendering
    a document. It is keyed on the folder's contents as well as its name, so a template
    added to the folder (overriding one of filmbook's that Jinja had already compiled)
    or edited is never served stale.
    """
    return _environment(user_templates, contents_digest(user_templates))


@functools.lru_cache(maxsize=8)
def _environment(user_templates: Path | None, contents: str) -> jinja2.Environment:
    search = [str(user_templates)] if user_templates else []
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search, str(TEMPLATES)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.tests.update(TESTS)
    return env


def render_html(
    plan: PressKit | Handout,
    document: Document,
    *,
    templates: Path | None = None,
    stylesheets: Sequence[str] = (),
    created: str | None = None,
    pictures: str = f"{PICTURES_FOLDER}/",
) -> str:
    """The HTML of ``document`` for ``plan`` (a press kit for the press kit, a handout for
    the handout).

    ``stylesheets`` are links for a browser (the PDF writer hands WeasyPrint parsed
    stylesheets instead); ``created`` is the W3C date written as the document's date;
    ``pictures`` what the press material's pictures' names follow in their URLs.
    """
    return _render(
        templates,
        environment(templates),
        document.template,
        plan=plan,
        facts=plan.facts,
        stylesheets=tuple(stylesheets),
        created=created,
        pictures=pictures,
    )


def render_ebook(
    book: Ebook,
    *,
    templates: Path | None = None,
    stylesheets: Sequence[str] = (),
) -> dict[str, bytes]:
    """Every document of ``book`` by its path in the book: the XHTML pages, then the
    navigation (``nav.xhtml``) and the NCX (``toc.ncx``)."""
    documents: list[tuple[str, str, Page | None]] = [
        *((page.href, page.template, page) for page in book.pages),
        ("nav.xhtml", NAV, None),
        ("toc.ncx", NCX, None),
    ]
    env = environment(templates)
    return {
        href: _render(
            templates,
            env,
            template,
            book=book,
            facts=book.facts,
            page=page,
            stylesheets=tuple(stylesheets),
        ).encode("utf-8")
        for href, template, page in documents
    }


def render_programme(
    book: Catalogue,
    *,
    templates: Path | None = None,
    stylesheets: Sequence[str] = (),
    created: str | None = None,
) -> str:
    """The HTML of the catalogue's printed programme."""
    return _render(
        templates,
        environment(templates),
        PROGRAMME.template,
        book=book,
        stylesheets=tuple(stylesheets),
        created=created,
    )


def render_catalogue_book(
    book: CatalogueBook,
    *,
    templates: Path | None = None,
    stylesheets: Sequence[str] = (),
) -> dict[str, bytes]:
    """Every document of the catalogue's EPUB by its path in the book: a page per
    section, film and index, then the navigation and the NCX."""
    films = {
        entry.anchor: (section, entry)
        for section in book.catalogue.sections
        for entry in section.entries
    }
    sections = {section.anchor: section for section in book.catalogue.sections}
    indexes = {f"index-{index.name}": index for index in book.catalogue.indexes}
    env = environment(templates)
    documents: list[tuple[str, str, Page | None]] = [
        *((page.href, page.template, page) for page in book.pages),
        ("nav.xhtml", BOOK_NAV, None),
        ("toc.ncx", BOOK_NCX, None),
    ]
    return {
        href: _render(
            templates,
            env,
            template,
            book=book,
            catalogue=book.catalogue,
            page=page,
            film=films.get(page.name, (None, None)) if page else (None, None),
            section=sections.get(page.name) if page else None,
            index=indexes.get(page.name) if page else None,
            stylesheets=tuple(stylesheets),
        ).encode("utf-8")
        for href, template, page in documents
    }


def _render(
    templates: Path | None, env: jinja2.Environment, template: str, **context: object
) -> str:
    try:
        return env.get_template(template).render(**context)
    except jinja2.TemplateError as error:
        if templates is None:
            raise  # filmbook's own templates failing is a bug: keep the traceback
        raise FilmbookError(f"{templates}: template error: {error}") from None
