"""Turn a PressKit into an EPUB 3 file.

The recipe, as ``make_epub`` reads: plan the pages (cover, title page with the fact
sheet, synopsis, one page per top-level section in press-kit order), render each from its
Jinja2 template in ``templates/epub/``, describe the book in the package metadata (people
with their MARC relator roles, subjects, accessibility), let EbookLib write the package,
the NCX and the zip, then rewrite the zip so that the same press kit always gives the same
bytes. Dates come from ``SOURCE_DATE_EPOCH`` when it is set.

No WeasyPrint here: ``filmbook epub`` stays fast.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import jinja2
from ebooklib import epub
from lxml import etree

from filmbook.cover import make_cover
from filmbook.dates import build_time
from filmbook.errors import FilmbookError
from filmbook.model import CastList, CastMember, CellOrigin, InfoboxField, Role, Row, Section
from filmbook.presskit import PressKit
from filmbook.render import environment
from filmbook.resources import styles_dir

STYLESHEET = "epub.css"
COVER_IMAGE = "images/cover.png"
ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can hold
IDENTIFIER_NAMESPACE = uuid.UUID("5c6b1e0e-3f0a-5d0e-9c53-66696c6d626b")
"""Names every filmbook book: the identifier is a UUID5 of the title in this namespace."""
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
ACCESSIBILITY: tuple[tuple[str, str], ...] = (
    ("schema:accessMode", "textual"),
    ("schema:accessMode", "visual"),  # the cover image
    ("schema:accessModeSufficient", "textual"),  # the cover has its text as alt text
    ("schema:accessibilityFeature", "alternativeText"),
    ("schema:accessibilityFeature", "displayTransformability"),
    ("schema:accessibilityFeature", "readingOrder"),
    ("schema:accessibilityFeature", "structuralNavigation"),
    ("schema:accessibilityFeature", "tableOfContents"),
    ("schema:accessibilityHazard", "none"),
    (
        "schema:accessibilitySummary",
        "Text with a heading for every section and subsection, a table of contents and "
        "landmarks, and data tables with row and column headers. The language is marked "
        "on every page, and on every passage in Japanese, Korean or Chinese script where "
        "the article tells which it is. The cover image shows the title, director and "
        "year, and has them as its text alternative. No fonts, colours or page sizes are "
        "imposed: the reader's settings apply.",
    ),
    ("dcterms:conformsTo", CONFORMANCE),
    ("a11y:certifiedBy", "filmbook (self-evaluation by the generator and its tests)"),
)
"""Accessibility metadata that is true of every book filmbook makes."""
UNTITLED = "Untitled section"
"""The title of a section whose heading has no text."""
A11Y_PREFIX = ("a11y", "http://www.idpf.org/epub/vocab/package/a11y/#")

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
_RELATORS_BY_KEY = {"story": "aut", "based on": None}
"""Keys whose role differs from their canonical role's: ``Based on`` names a work."""
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HAN = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK = f"[{_HANGUL}{_KANA}{_HAN}]"
_CJK_RUN = re.compile(f"{_CJK}(?:[{_HANGUL}{_KANA}{_HAN}\u3000-\u303f\uff00-\uffef ]*{_CJK})?")
"""Letters of a CJK script, with the spaces and CJK punctuation between them."""
_HAN_LANGUAGES = (
    (re.compile(r"japan", re.IGNORECASE), "ja"),
    (re.compile(r"korea", re.IGNORECASE), "ko"),
    (re.compile(r"taiwan|hong kong|cantonese", re.IGNORECASE), "zh-Hant"),
    (re.compile(r"chin|mandarin", re.IGNORECASE), "zh-Hans"),
)
"""What the infobox's language or country says Han characters are written in."""
_CREATORS = frozenset({"drt", "aus", "aut"})
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

    @property
    def href(self) -> str:
        """The page's path inside the book, relative to the package document."""
        return f"{self.name}.xhtml"


@dataclass(frozen=True)
class FactGroup:
    """A table of the fact sheet: infobox fields as the source names them."""

    name: str
    fields: tuple[InfoboxField, ...]


@dataclass(frozen=True)
class SpannedCell:
    """A table cell placed for XHTML: its column and how many rows it spans."""

    text: str | None
    column: int
    rows: int = 1


@dataclass(frozen=True)
class Run:
    """A piece of text and its language when it is not the book's (None)."""

    text: str
    lang: str | None = None


@dataclass(frozen=True)
class Person:
    """Someone credited in the book's metadata, with every role they had."""

    name: str
    roles: tuple[str, ...] = ()

    @property
    def creator(self) -> bool:
        """A director or writer is a creator of the film; the others contributed."""
        return any(role in _CREATORS for role in self.roles)


def make_epub(
    kit: PressKit,
    *,
    style: Path | None = None,
    templates: Path | None = None,
    modified: datetime | None = None,
) -> bytes:
    """The EPUB 3 file of ``kit``.

    ``style`` is a stylesheet added after filmbook's own, ``templates`` a folder of
    templates that override filmbook's, ``modified`` the build time (by default from
    ``SOURCE_DATE_EPOCH``, else now).
    """
    when = modified or build_time()
    pages = plan_pages(kit)
    stylesheets = _stylesheets(style)
    book = epub.EpubBook()
    describe(book, kit, when)
    for name, content in stylesheets.items():
        book.add_item(
            epub.EpubItem(uid=_uid(name), file_name=name, media_type="text/css", content=content)
        )
    cover = make_cover(kit.article.title, kit.directors, kit.year, han_language(kit) or "ja")
    book.add_item(epub.EpubCover(uid="cover-image", file_name=COVER_IMAGE))
    book.get_item_with_id("cover-image").content = cover
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    render = _renderer(kit, pages, tuple(stylesheets), templates)
    for page in pages:
        book.add_item(_document(page.name, page.href, render(page.template, page)))
    nav = _document("nav", "nav.xhtml", render("epub/nav.xhtml", None))
    nav.properties = ["nav"]
    book.add_item(nav)
    book.add_item(epub.EpubNcx())
    book.toc = [
        _toc_entry(page.href, page.title, page.name, page.heading.children if page.heading else ())
        for page in pages
        if page.in_toc
    ]
    # The contents page follows the title page: landmarks and links may only point to
    # documents in the spine, and a reader paging through meets it where a book has it.
    spine = [book.get_item_with_id(page.name) for page in pages]
    book.spine = [*spine[:2], nav, *spine[2:]]
    return reproducible(_package(book, when), when, kit.language)


def plan_pages(kit: PressKit) -> tuple[Page, ...]:
    """The documents of the book in reading order."""
    pages = [
        Page("cover", "Cover", "epub/cover.xhtml", landmark="cover", in_toc=False),
        Page("title", kit.article.title, "epub/title.xhtml", landmark="titlepage"),
    ]
    if kit.article.lead:
        synopsis = Section(kit.article.line, 2, "Synopsis", blocks=kit.article.lead)
        pages.append(_section_page("synopsis", synopsis))
    for number, section in enumerate(kit.sections, start=1):
        pages.append(_section_page(f"section-{number:02d}", section))
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


def describe(book: epub.EpubBook, kit: PressKit, when: datetime) -> None:
    """Fill the package metadata: title, people and roles, subjects, accessibility."""
    article = kit.article
    book.set_identifier(identifier(kit))
    book.set_title(article.title)
    book.set_language(kit.language)
    for number, person in enumerate(people(kit), start=1):
        uid = f"{'creator' if person.creator else 'contributor'}-{number:02d}"
        book.add_metadata(
            "DC", "creator" if person.creator else "contributor", person.name, {"id": uid}
        )
        for role in person.roles:
            book.add_metadata(
                None,
                "meta",
                role,
                {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"},
            )
    book.add_metadata("DC", "date", when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for subject in subjects(kit):
        book.add_metadata("DC", "subject", subject)
    if kit.logline and kit.logline.strip():
        book.add_metadata("DC", "description", kit.logline)
    book.add_prefix(*A11Y_PREFIX)
    for prop, value in ACCESSIBILITY:
        book.add_metadata(None, "meta", value, {"property": prop})


def identifier(kit: PressKit) -> str:
    """The same on every build of the article: a UUID5 of its title and disambiguator.

    Not of its content: an edited article is a new release of the same book, which EPUB
    tells apart by ``dcterms:modified``, so reading apps update it rather than add a copy.
    """
    name = f"{kit.article.title}\x1f{kit.article.disambiguator or ''}"
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, name)}"


def people(kit: PressKit) -> tuple[Person, ...]:
    """Everyone the infobox and the cast credit, each once, with all their roles."""
    roles: dict[str, list[str]] = {}
    for name, role in _credits(kit):
        if not name.strip():
            continue  # an empty value names no one, and EPUB forbids an empty dc:contributor
        held = roles.setdefault(name, [])
        if role not in held:
            held.append(role)
    return tuple(Person(name, tuple(held)) for name, held in roles.items())


def _credits(kit: PressKit) -> Iterator[tuple[str, str]]:
    infobox = kit.article.infobox
    for found in infobox.fields if infobox else ():
        role = _RELATORS_BY_KEY.get(found.key.lower(), _RELATORS.get(found.role))
        if role:
            yield from ((value, role) for value in found.values)
    for section in kit.article.walk():
        for block in section.blocks:
            if isinstance(block, CastList):
                yield from ((member.actor, "act") for member in _cast(block.members))


def _cast(members: tuple[CastMember, ...]) -> Iterator[CastMember]:
    for member in members:
        yield member
        yield from _cast(member.children)


def subjects(kit: PressKit) -> tuple[str, ...]:
    """``Film``, then the genres and the countries of production."""
    infobox = kit.article.infobox
    found = ["Film"]
    for role in (Role.GENRE, Role.COUNTRY):
        for value in infobox.values(role) if infobox else ():
            if value.strip() and value not in found:
                found.append(value)
    return tuple(found)


def fact_sheet(kit: PressKit) -> tuple[FactGroup, ...]:
    """Every infobox field in the press kit's order: the credits, then the details.

    The fields keep the source's keys (``Studio``, not ``Production companies``) and
    values (``2023-12-22``): the book carries every word of the source.
    """
    infobox = kit.article.infobox
    if infobox is None:
        return ()
    by_line = {found.line: found for found in infobox.fields}
    credits = tuple(by_line.pop(fact.line) for fact in kit.credits if fact.line in by_line)
    details = tuple(by_line.pop(fact.line) for fact in kit.specs if fact.line in by_line)
    details += tuple(by_line.values())  # any field the press kit did not place
    groups = (FactGroup("Credits", credits), FactGroup("Details", details))
    return tuple(group for group in groups if group.fields)


def han_language(kit: PressKit) -> str | None:
    """The language of Han characters in this article, from its infobox, if it says.

    Hangul is always Korean and kana Japanese, but Han characters alone may be Chinese,
    Japanese or Korean: the film's language (then its country) tells which.
    """
    infobox = kit.article.infobox
    for role in (Role.LANGUAGE, Role.COUNTRY):
        for value in infobox.values(role) if infobox else ():
            for pattern, language in _HAN_LANGUAGES:
                if pattern.search(value):
                    return language
    return None


def language_runs(text: str, han: str | None) -> tuple[Run, ...]:
    """``text`` cut into runs in the book's language and runs in a CJK script.

    A CJK run is Korean when it has Hangul, Japanese when it has kana, else ``han``; a
    run of Han characters in an unknown language is left unmarked rather than guessed.
    """
    runs: list[Run] = []
    done = 0
    for found in _CJK_RUN.finditer(text):
        if found.start() > done:
            runs.append(Run(text[done : found.start()]))
        runs.append(Run(found.group(), _cjk_language(found.group(), han)))
        done = found.end()
    if done < len(text) or not runs:
        runs.append(Run(text[done:]))
    return tuple(runs)


def _cjk_language(run: str, han: str | None) -> str | None:
    if re.search(f"[{_HANGUL}]", run):
        return "ko"
    if re.search(f"[{_KANA}]", run):
        return "ja"
    return han


def infobox_name(kit: PressKit) -> str | None:
    """The infobox's header line, unless it is the template's name ``Infobox``.

    It is shown even when it repeats the title: its words are the source's (a person's
    name on a list page, the title with its disambiguator), and the book keeps them all.
    """
    infobox = kit.article.infobox
    if infobox is None or infobox.header.strip().casefold() in ("", "infobox"):
        return None
    return infobox.header


def spanned_rows(
    rows: tuple[Row, ...], shown: tuple[int, ...]
) -> tuple[tuple[SpannedCell, ...], ...]:
    """The rows of one row group with each spanned value folded into a rowspan.

    A cell filled in from the row above is covered by that row's cell, which spans one
    more row; the group's first row always has every cell, as a rowspan cannot reach
    into the group before.
    """
    placed: list[list[SpannedCell]] = [[] for _ in rows]
    for column in shown:
        anchor: tuple[int, int] | None = None  # (row, position) of the cell that spans
        for index, row in enumerate(rows):
            cell = row.cells[column]
            if anchor is not None and cell.origin is CellOrigin.SPANNED:
                above = placed[anchor[0]][anchor[1]]
                placed[anchor[0]][anchor[1]] = SpannedCell(above.text, column, above.rows + 1)
                continue
            anchor = (index, len(placed[index]))
            placed[index].append(SpannedCell(cell.text, column))
    return tuple(tuple(row) for row in placed)


def join_names(names: tuple[str, ...] | list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def cover_text(kit: PressKit) -> str:
    """What the cover image shows, as its text alternative."""
    parts = [kit.article.title]
    if kit.directors:
        parts.append(f"a film by {join_names(kit.directors)}")
    if kit.year:
        parts.append(kit.year)
    return ", ".join(parts)


def _stylesheets(style: Path | None) -> dict[str, bytes]:
    """filmbook's stylesheet, then the user's, by their path inside the book."""
    found = {f"styles/{STYLESHEET}": (styles_dir() / STYLESHEET).read_bytes()}
    if style is not None:
        try:
            found["styles/user.css"] = style.read_bytes()
        except OSError as error:
            raise FilmbookError(f"{style}: cannot read the stylesheet: {error.strerror}") from None
    return found


def _uid(path: str) -> str:
    """A manifest id from a path inside the book: ``styles/epub.css`` → ``epub-css``."""
    return Path(path).name.replace(".", "-")


def _renderer(
    kit: PressKit, pages: tuple[Page, ...], stylesheets: tuple[str, ...], templates: Path | None
) -> Callable[[str, Page | None], bytes]:
    """Render a template with what every page needs: the kit, the pages, the stylesheets."""
    env = _environment(templates)
    sheet = fact_sheet(kit)
    han = han_language(kit)
    alt = cover_text(kit)

    def render(template: str, page: Page | None) -> bytes:
        return (
            env.get_template(template)
            .render(
                kit=kit,
                page=page,
                pages=pages,
                stylesheets=stylesheets,
                cover_image=COVER_IMAGE,
                cover_alt=alt,
                fact_sheet=sheet,
                infobox_name=infobox_name(kit),
                cjk=han,
                lang=kit.language,
            )
            .encode("utf-8")
        )

    return render


@cache
def _environment(templates: Path | None) -> jinja2.Environment:
    """The shared environment and the EPUB's filters, once per templates folder: compiling
    the templates costs more than rendering a book (Jinja reloads a changed file itself)."""
    env = environment(templates)
    env.filters["join_names"] = join_names
    env.filters["spanned_rows"] = spanned_rows
    env.filters["language_runs"] = language_runs
    return env


def _document(uid: str, href: str, content: bytes) -> epub.EpubItem:
    """An XHTML document written as rendered: EbookLib's EpubHtml would re-parse it."""
    return epub.EpubItem(
        uid=uid, file_name=href, media_type="application/xhtml+xml", content=content
    )


def _toc_entry(href: str, title: str, uid: str, children: tuple[Heading, ...]) -> object:
    """The NCX entry of a page or a section, with its subsections nested under it."""
    link = epub.Link(href, title, uid)
    if not children:
        return link
    page = href.partition("#")[0]
    return (
        link,
        [_toc_entry(f"{page}#{c.anchor}", c.section.title, c.anchor, c.children) for c in children],
    )


def _package(book: epub.EpubBook, when: datetime) -> bytes:
    """Let EbookLib write the package document, the NCX and the zip."""
    out = io.BytesIO()
    options = {"mtime": when, "epub2_guide": False, "epub3_landmark": False, "epub3_pages": False}
    writer = epub.EpubWriter(out, book, options)
    writer.process()
    writer.write()
    return out.getvalue()


def reproducible(data: bytes, when: datetime, lang: str) -> bytes:
    """Rewrite the zip so that the same book gives the same bytes.

    ``mimetype`` first and stored (the EPUB container requires it), every entry in
    EbookLib's order with the build time, the same permissions and the same compression
    on every system. The package document also gets its ``xml:lang`` here, as EbookLib
    has no option for it.
    """
    stamp = max(when, ZIP_EPOCH).timetuple()[:6]
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: name != "mimetype")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            content = source.read(name)
            if name.endswith(".opf"):
                content = _with_language(content, lang)
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.create_system = 3  # Unix, whatever system builds it
            entry.external_attr = 0o100644 << 16
            # The mimetype must be stored; a PNG is compressed already, deflating it again
            # costs time and saves nothing.
            stored = name == "mimetype" or name.endswith(".png")
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(entry, content, compresslevel=9)
    return out.getvalue()


def _with_language(package: bytes, lang: str) -> bytes:
    root = etree.fromstring(package)
    root.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    return bytes(etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True))
