"""Turn ``Facts`` into the bytes of each output: plan it, render it, write it.

The recipes, one per output, each three steps of the one-way pipeline: the output's plan
(``filmbook.plan``), its HTML or XHTML (``render``), and the writer that makes the file's
bytes (``pdf`` with WeasyPrint, ``epub`` with EbookLib). WeasyPrint is imported only by
the recipes that make a PDF.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from filmbook.cover import make_cover
from filmbook.dates import build_time
from filmbook.errors import FilmbookError
from filmbook.plan import Facts, Licensing, plan_ebook, plan_handout, plan_presskit
from filmbook.plan.attribution import CC_BY_SA
from filmbook.printing import PREVIEW_STYLE, PdfOptions, check, font_files, stylesheets
from filmbook.render import HANDOUT, PRESSKIT, Document, render_ebook, render_html
from filmbook.resources import FONTS_FOLDER, PICTURES_FOLDER, PICTURES_URL, styles_dir

EPUB_STYLESHEET = "epub.css"


def presskit_pdf(facts: Facts, options: PdfOptions) -> bytes:
    """The press kit as PDF bytes."""
    return _pdf(facts, PRESSKIT, options)


def handout_pdf(facts: Facts, options: PdfOptions) -> bytes:
    """The one-sheet press handout as PDF bytes (at most two pages)."""
    return _pdf(facts, HANDOUT, options)


def _pdf(facts: Facts, document: Document, options: PdfOptions) -> bytes:
    from filmbook.pdf import write_pdf  # WeasyPrint only for the PDFs

    check(options)
    html = _html(facts, document, options, (), PICTURES_URL)
    return write_pdf(html, document, options, pictures(facts))


def pictures(facts: Facts) -> dict[str, bytes]:
    """The press material's images by the name the templates give them: the poster's and
    the stills'."""
    found = [facts.poster.picture] if facts.poster else []
    found += [still.picture for still in facts.stills]
    return {picture.name: picture.data for picture in found}


def _html(
    facts: Facts,
    document: Document,
    options: PdfOptions,
    links: tuple[str, ...],
    pictures: str = f"{PICTURES_FOLDER}/",
) -> str:
    licensing = options.licensing
    plan = (
        plan_presskit(facts, licensing) if document is PRESSKIT else plan_handout(facts, licensing)
    )
    created = build_time().strftime("%Y-%m-%dT%H:%M:%SZ")
    return render_html(
        plan,
        document,
        templates=options.templates,
        stylesheets=links,
        created=created,
        pictures=pictures,
    )


def preview_files(facts: Facts, options: PdfOptions, *, name: str = "presskit") -> dict[str, bytes]:
    """The press kit and the handout as HTML for a browser, with their styles and fonts.

    Paths are relative to the output folder: ``<name>.html``, ``<name>-handout.html``,
    ``styles/*.css``, ``styles/fonts/*`` (where the stylesheets look for the fonts) and
    ``pictures/*`` (the press material's images), so the pages open from the folder as
    they are.
    """
    check(options)
    files: dict[str, bytes] = {}
    for document in (PRESSKIT, HANDOUT):
        paths = (*stylesheets(document, options), styles_dir() / PREVIEW_STYLE)
        hrefs = tuple(_preview_href(path, options) for path in paths)
        files[f"{name}{document.suffix}.html"] = _html(facts, document, options, hrefs).encode()
        files.update((href, path.read_bytes()) for href, path in zip(hrefs, paths, strict=True))
    for font in font_files(styles_dir() / "fonts.css"):
        files[f"styles/{FONTS_FOLDER}/{font.name}"] = font.read_bytes()
    for picture, data in pictures(facts).items():
        files[f"{PICTURES_FOLDER}/{picture}"] = data
    return files


def _preview_href(path: Path, options: PdfOptions) -> str:
    """Where a stylesheet goes in the preview; the user's in a folder of its own."""
    if options.style is not None and path == options.style.resolve():
        return f"styles/user/{path.name}"
    return f"styles/{path.name}"


def epub_file(
    facts: Facts,
    *,
    style: Path | None = None,
    templates: Path | None = None,
    modified: datetime | None = None,
    licensing: Licensing = CC_BY_SA,
) -> bytes:
    """The EPUB 3 file of ``facts``.

    ``style`` is a stylesheet added after filmbook's own, ``templates`` a folder of
    templates that override filmbook's, ``modified`` the build time (by default from
    ``SOURCE_DATE_EPOCH``, else now), ``licensing`` what the credits page says.
    """
    from filmbook.epub import write_epub

    book = plan_ebook(facts, licensing)
    css = epub_stylesheets(style)
    documents = render_ebook(book, templates=templates, stylesheets=tuple(css))
    cover = (
        facts.poster.picture.data
        if facts.poster
        else make_cover(facts.title, facts.directed_by, facts.year, facts.han or "ja")
    )
    # The poster is the cover image: only the stills are pictures of the book's pages.
    images = {f"{PICTURES_FOLDER}/{s.picture.name}": s.picture.data for s in facts.stills}
    return write_epub(book, documents, css, cover, modified or build_time(), images)


def epub_stylesheets(style: Path | None) -> dict[str, bytes]:
    """filmbook's stylesheet, then the user's, by their path inside the book."""
    found = {f"styles/{EPUB_STYLESHEET}": (styles_dir() / EPUB_STYLESHEET).read_bytes()}
    if style is not None:
        try:
            found["styles/user.css"] = style.read_bytes()
        except OSError as error:
            raise FilmbookError(f"{style}: cannot read the stylesheet: {error.strerror}") from None
    return found
