"""Turn an ebook plan and its rendered documents into one EPUB 3 file.

The recipe, as ``write_epub`` reads: describe the book in the package metadata (title,
people with their MARC relator roles, subjects, accessibility), add the stylesheets, the
cover image and the XHTML documents as rendered, the navigation and the NCX, name the
cover page in the EPUB 2 guide, then let EbookLib write the package and the zip, once.
Its writer is given a zip that stamps every entry with the build time and the same
permissions, so that the same book always gives the same bytes.

No WeasyPrint here: ``filmbook epub`` stays fast.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ebooklib import epub

from filmbook.plan import Ebook, Page
from filmbook.plan.catalogue import CatalogueBook

ZIP_EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest time a zip entry can hold
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
        "the article tells which it is. The cover image (the title, director and year, or "
        "the film's poster) and every still have a text alternative, and each festival "
        "laurel is an image named by its words. No fonts, colours or page sizes are "
        "imposed: the reader's settings apply.",
    ),
    ("dcterms:conformsTo", CONFORMANCE),
    ("a11y:certifiedBy", "filmbook (self-evaluation by the generator and its tests)"),
)
"""Accessibility metadata that is true of every book filmbook makes."""
CATALOGUE_RIGHTS = (
    "The films' texts are adapted from encyclopedia articles under the licences that the "
    "page Sources and licences names."
)
A11Y_PREFIX = ("a11y", "http://www.idpf.org/epub/vocab/package/a11y/#")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write_epub(
    book: Ebook,
    documents: dict[str, bytes],
    stylesheets: dict[str, bytes],
    cover: bytes,
    when: datetime,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """The EPUB file of ``book``: ``documents`` are its XHTML by path (``nav.xhtml`` the
    navigation) and its NCX (``toc.ncx``), ``stylesheets`` its CSS by path, ``cover`` the
    cover image (the poster, or the generated PNG), ``pictures`` the press material's
    images by their path in the book (``pictures/<name>``)."""
    package = epub.EpubBook()
    describe(package, book, when)
    return assemble(
        package,
        book.pages,
        book.cover_image,
        documents,
        stylesheets,
        cover,
        when,
        book.facts.language,
        pictures,
    )


def write_catalogue(
    book: CatalogueBook,
    documents: dict[str, bytes],
    stylesheets: dict[str, bytes],
    cover: bytes,
    when: datetime,
    images: Mapping[str, bytes] | None = None,
) -> bytes:
    """The EPUB file of a festival catalogue: as ``write_epub``, described as a book
    edited by the catalogue's editor, its films' texts under their licences; ``images``
    are the films' stills by their path in the book."""
    catalogue = book.catalogue
    package = epub.EpubBook()
    package.set_identifier(book.identifier)
    package.set_title(catalogue.title)
    package.set_language(catalogue.language)
    if catalogue.editor:
        package.add_metadata("DC", "creator", catalogue.editor, {"id": "editor"})
        package.add_metadata(
            None,
            "meta",
            "edt",
            {"refines": "#editor", "property": "role", "scheme": "marc:relators"},
        )
    package.add_metadata("DC", "date", when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    package.add_metadata("DC", "subject", "Film")
    if catalogue.subtitle:
        package.add_metadata("DC", "description", catalogue.subtitle)
    if catalogue.sources:
        package.add_metadata("DC", "rights", CATALOGUE_RIGHTS)
    package.add_prefix(*A11Y_PREFIX)
    for prop, value in ACCESSIBILITY:
        package.add_metadata(None, "meta", value, {"property": prop})
    return assemble(
        package,
        book.pages,
        book.cover_image,
        documents,
        stylesheets,
        cover,
        when,
        catalogue.language,
        images,
    )


def assemble(
    package: epub.EpubBook,
    pages: tuple[Page, ...],
    cover_image: str,
    documents: dict[str, bytes],
    stylesheets: dict[str, bytes],
    cover: bytes,
    when: datetime,
    language: str,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """Add the stylesheets, the cover, ``pictures`` (by their path in the book), ``pages``
    as rendered, the navigation and the NCX to the described ``package``, and write it:
    the nav after the first two pages."""
    for name, content in stylesheets.items():
        package.add_item(
            epub.EpubItem(uid=_uid(name), file_name=name, media_type="text/css", content=content)
        )
    image = epub.EpubCover(uid="cover-image", file_name=cover_image)
    image.content = cover
    package.add_item(image)
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    for path, data in sorted((pictures or {}).items()):
        package.add_item(epub.EpubImage(uid=_uid(path), file_name=path, content=data))
    for page in pages:
        item = _document(page.name, page.href, documents[page.href])
        if page.svg:
            item.properties = ["svg"]
        package.add_item(item)
    nav = _document("nav", "nav.xhtml", documents["nav.xhtml"])
    nav.properties = ["nav"]
    package.add_item(nav)
    # Not EbookLib's EpubNcx, which writes its own NCX from ``package.toc``: depth 0, no
    # playOrder, ids "sep_0". The spine's ``toc`` names the item with the id "ncx".
    package.add_item(
        epub.EpubItem(
            uid="ncx",
            file_name="toc.ncx",
            media_type="application/x-dtbncx+xml",
            content=documents["toc.ncx"],
        )
    )
    # The contents page follows the title page: landmarks and links may only point to
    # documents in the spine, and a reader paging through meets it where a book has it.
    spine = [package.get_item_with_id(page.name) for page in pages]
    package.spine = [*spine[:2], nav, *spine[2:]]
    # EPUB 2's landmarks, which calibre still reads: a conversion that finds no cover page
    # in the guide adds a cover page of its own before ours.
    package.guide = [
        {"type": "cover", "href": page.href, "title": page.title}
        for page in pages
        if page.landmark == "cover"
    ]
    out = io.BytesIO()
    options = {"mtime": when, "epub2_guide": True, "epub3_landmark": False, "epub3_pages": False}
    writer = _Writer(out, package, options, when=when, lang=language)
    writer.process()
    writer.write()
    return out.getvalue()


def describe(package: epub.EpubBook, book: Ebook, when: datetime) -> None:
    """Fill the package metadata: title, people and roles, subjects, rights, accessibility."""
    package.set_identifier(book.identifier)
    package.set_title(book.facts.title)
    package.set_language(book.facts.language)
    for number, person in enumerate(book.people, start=1):
        uid = f"{'creator' if person.creator else 'contributor'}-{number:02d}"
        package.add_metadata(
            "DC", "creator" if person.creator else "contributor", person.name, {"id": uid}
        )
        for role in person.roles:
            package.add_metadata(
                None,
                "meta",
                role,
                {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"},
            )
    package.add_metadata("DC", "date", when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for subject in book.subjects:
        package.add_metadata("DC", "subject", subject)
    if book.facts.logline and book.facts.logline.strip():
        package.add_metadata("DC", "description", book.facts.logline)
    if book.attribution:  # what reading apps and catalogues show as the book's rights
        package.add_metadata("DC", "rights", " ".join(book.attribution.sentences[:2]))
    package.add_prefix(*A11Y_PREFIX)
    for prop, value in ACCESSIBILITY:
        package.add_metadata(None, "meta", value, {"property": prop})


def _uid(path: str) -> str:
    """A manifest id from a path inside the book: ``styles/epub.css`` → ``epub-css``."""
    return Path(path).name.replace(".", "-")


def _document(uid: str, href: str, content: bytes) -> epub.EpubItem:
    """An XHTML document written as rendered: EbookLib's EpubHtml would re-parse it."""
    return epub.EpubItem(
        uid=uid, file_name=href, media_type="application/xhtml+xml", content=content
    )


class _Writer(epub.EpubWriter):  # type: ignore[misc]
    """EbookLib's writer, writing into a ``_StampedZip`` and marking the package's language.

    EbookLib stamps zip entries with the time of writing and has no option for the
    package document's ``xml:lang``: these two overrides are all that differs.
    """

    def __init__(
        self,
        out: io.BytesIO,
        book: epub.EpubBook,
        options: dict[str, Any],
        *,
        when: datetime,
        lang: str,
    ) -> None:
        super().__init__(out, book, options)
        self.when = when
        self.lang = lang

    def write(self) -> None:
        """Write the container in EbookLib's order: mimetype (stored) first."""
        self.out = _StampedZip(self.file_name, self.when)
        self.out.writestr("mimetype", "application/epub+zip")
        self._write_container()
        self._write_opf()
        self._write_items()
        self.out.close()

    def _write_opf_file(self, root: Any) -> None:
        root.set(XML_LANG, self.lang)
        super()._write_opf_file(root)


class _StampedZip(zipfile.ZipFile):
    """A zip whose entries all have the build time, Unix permissions 0644 and the
    compression their kind needs, whatever system writes it."""

    def __init__(self, file: Any, when: datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, compresslevel=9)
        year, month, day, hour, minute, second = max(when, ZIP_EPOCH).timetuple()[:6]
        self.stamp = (year, month, day, hour, minute, second)

    def writestr(  # type: ignore[override]
        self, name: str | zipfile.ZipInfo, data: str | bytes, *args: Any, **kwargs: Any
    ) -> None:
        """Write ``data`` as ``name``; the arguments EbookLib passes are decided here."""
        path = name.filename if isinstance(name, zipfile.ZipInfo) else name
        entry = zipfile.ZipInfo(path, date_time=self.stamp)
        entry.create_system = 3  # Unix
        entry.external_attr = 0o100644 << 16
        # The mimetype must be stored; a PNG is compressed already, deflating it again
        # costs time and saves nothing.
        stored = path == "mimetype" or path.endswith(".png")
        entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        super().writestr(entry, data, compresslevel=9)
