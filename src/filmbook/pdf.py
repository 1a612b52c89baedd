"""Turn a ``PressKit`` into PDF bytes (the press kit, the handout) and into HTML to preview.

The HTML comes from the Jinja2 templates (``render.py``), the look from the stylesheets in
``styles/``, chosen by name from the options: the paper, the print marks, the user's own
stylesheet last. WeasyPrint lays them out. Everything WeasyPrint may read goes through
``LocalFetcher``, which opens only filmbook's own folders and the files the user named:
a press kit is never built from the network or from anywhere else on the disk.

WeasyPrint is imported here and nowhere else, so commands that make no PDF never load it.
"""

from __future__ import annotations

import functools
import mimetypes
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import tinycss2
from weasyprint import CSS, HTML
from weasyprint.pdf import VARIANTS as WEASYPRINT_VARIANTS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from filmbook.dates import build_time
from filmbook.errors import FilmbookError
from filmbook.presskit import PressKit
from filmbook.render import HANDOUT, PRESSKIT, environment, render_document
from filmbook.resources import FONTS_FOLDER, TEMPLATES, find_font, font_dirs, styles_dir

PAPERS = ("a4", "letter")
BASE_STYLES = ("fonts.css", "base.css")
PREVIEW_STYLE = "preview.css"


@dataclass(frozen=True)
class PdfOptions:
    """How to print: the paper, marks for a print shop, a PDF variant, the user's look."""

    paper: str = "a4"
    """``a4`` or ``letter``."""
    print_marks: bool = False
    """A 3 mm bleed and crop marks (styles/print-marks.css)."""
    variant: str | None = None
    """A WeasyPrint PDF variant: ``pdf/ua-1`` (tagged, accessible), ``pdf/a-3b`` (archive)."""
    style: Path | None = None
    """A user stylesheet, applied after filmbook's own."""
    templates: Path | None = None
    """A folder of templates searched before filmbook's own."""


@dataclass(frozen=True)
class _Document:
    """One of the two documents: its template and its own stylesheet."""

    template: str
    stylesheet: str
    suffix: str


_PRESSKIT = _Document(PRESSKIT, "presskit.css", "")
_HANDOUT = _Document(HANDOUT, "handout.css", "-handout")


def presskit_pdf(kit: PressKit, options: PdfOptions) -> bytes:
    """The press kit of ``kit`` as PDF bytes."""
    return _pdf(_PRESSKIT, kit, options)


def handout_pdf(kit: PressKit, options: PdfOptions) -> bytes:
    """The one-sheet press handout of ``kit`` as PDF bytes (at most two pages)."""
    return _pdf(_HANDOUT, kit, options)


def preview_files(
    kit: PressKit, options: PdfOptions, *, name: str = "presskit"
) -> dict[str, bytes]:
    """The press kit and the handout as HTML for a browser, with their styles and fonts.

    Paths are relative to the output folder: ``<name>.html``, ``<name>-handout.html``,
    ``styles/*.css`` and ``styles/fonts/*`` (where the stylesheets look for the fonts), so
    the pages open from the folder as they are.
    """
    _check(options)
    files: dict[str, bytes] = {}
    for document in (_PRESSKIT, _HANDOUT):
        paths = (*_stylesheets(document, options), styles_dir() / PREVIEW_STYLE)
        hrefs = [_preview_href(path, options) for path in paths]
        html = _html(document, kit, options, hrefs)
        files[f"{name}{document.suffix}.html"] = html.encode()
        files.update((href, path.read_bytes()) for href, path in zip(hrefs, paths, strict=True))
    for font in _font_files(styles_dir() / "fonts.css"):
        files[f"styles/{FONTS_FOLDER}/{font.name}"] = font.read_bytes()
    return files


def _preview_href(path: Path, options: PdfOptions) -> str:
    """Where a stylesheet goes in the preview; the user's in a folder of its own."""
    if options.style is not None and path == options.style.resolve():
        return f"styles/user/{path.name}"
    return f"styles/{path.name}"


# --- the PDF ---------------------------------------------------------------------------


def _pdf(document: _Document, kit: PressKit, options: PdfOptions) -> bytes:
    _check(options)
    html = _html(document, kit, options, ())
    paths = _stylesheets(document, options)
    font_config, stylesheets = _parsed(paths, options.style, options.templates)
    fetcher = LocalFetcher(_allowed_folders(options.templates), _allowed_files(options.style))
    base = options.templates or TEMPLATES
    try:
        rendered = HTML(string=html, base_url=str(base), url_fetcher=fetcher).render(
            font_config=font_config,
            stylesheets=list(stylesheets),
            pdf_variant=options.variant,
        )
        data: bytes = rendered.write_pdf(pdf_variant=options.variant)
    except RefusedURLError as error:
        raise FilmbookError(str(error)) from None
    return data


def _check(options: PdfOptions) -> None:
    """Refuse options WeasyPrint would misread, in one line a user can act on."""
    if options.paper not in PAPERS:
        raise FilmbookError(f"unknown paper {options.paper!r}: use one of {', '.join(PAPERS)}")
    if options.variant is not None and options.variant not in WEASYPRINT_VARIANTS:
        known = ", ".join(sorted(WEASYPRINT_VARIANTS))
        raise FilmbookError(f"unknown PDF variant {options.variant!r}: use one of {known}")
    if options.style is not None and not options.style.is_file():
        raise FilmbookError(f"{options.style}: no such stylesheet")
    if options.templates is not None and not options.templates.is_dir():
        raise FilmbookError(f"{options.templates}: no such folder of templates")


def _stylesheets(document: _Document, options: PdfOptions) -> tuple[Path, ...]:
    """The stylesheets of ``document`` in cascade order, the user's last."""
    names = [*BASE_STYLES, document.stylesheet, f"paper-{options.paper}.css"]
    if options.print_marks:
        names.append("print-marks.css")
    paths = [styles_dir() / name for name in names]
    if options.style is not None:
        paths.append(options.style.resolve())
    return tuple(paths)


@functools.cache
def _parsed(
    paths: tuple[Path, ...], style: Path | None, templates: Path | None
) -> tuple[Any, tuple[Any, ...]]:
    """Parse the stylesheets once per process: @font-face rules load every font file.

    The font configuration belongs to the stylesheets that declared the fonts, so both
    are cached together, keyed on the stylesheets' paths.
    """
    font_config = FontConfiguration()
    fetcher = LocalFetcher(_allowed_folders(templates), _allowed_files(style))
    try:
        parsed = tuple(
            CSS(filename=str(path), font_config=font_config, url_fetcher=fetcher) for path in paths
        )
    except RefusedURLError as error:
        raise FilmbookError(str(error)) from None
    return font_config, parsed


def _html(
    document: _Document, kit: PressKit, options: PdfOptions, stylesheets: Iterable[str]
) -> str:
    env = _environment(options.templates)
    try:
        return render_document(
            env, document.template, kit, stylesheets=tuple(stylesheets), created=build_date()
        )
    except jinja2.TemplateError as error:
        if options.templates is None:
            raise  # filmbook's own templates failing is a bug: keep the traceback
        raise FilmbookError(f"{options.templates}: template error: {error}") from None


_environment = functools.cache(environment)


def build_date() -> str:
    """The document's date as W3C text (``SOURCE_DATE_EPOCH`` when set, else now)."""
    return build_time().strftime("%Y-%m-%dT%H:%M:%SZ")


# --- what WeasyPrint may read ----------------------------------------------------------


class RefusedURLError(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside filmbook's folders and the user's files: rendering stops."""


def _allowed_folders(templates: Path | None) -> tuple[Path, ...]:
    folders = (styles_dir(), TEMPLATES, *font_dirs())
    return (*folders, templates.resolve()) if templates else folders


def _allowed_files(style: Path | None) -> tuple[Path, ...]:
    return (style.resolve(),) if style else ()


def local_path(url: str, folders: tuple[Path, ...], files: tuple[Path, ...]) -> Path | None:
    """The file ``url`` names if WeasyPrint may read it, else None.

    Only ``file:`` URLs inside ``folders`` or naming one of ``files``. The fonts the
    stylesheets name as ``fonts/<file>`` beside themselves are found in the font packages.
    """
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    path = Path(urllib.request.url2pathname(parsed.path)).resolve()
    if path.parent == styles_dir().resolve() / FONTS_FOLDER:
        return find_font(path.name)
    if path in files or any(path.is_relative_to(folder.resolve()) for folder in folders):
        return path if path.is_file() else None
    return None


class LocalFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that reads only the allowed local files.

    Anything else (http, https, data, ftp, a file elsewhere) stops the rendering with an
    error naming the URL, rather than being fetched or silently dropped.
    """

    def __init__(self, folders: tuple[Path, ...], files: tuple[Path, ...]) -> None:
        super().__init__()
        self.folders = folders
        self.files = files

    def fetch(self, url: str, headers: object = None) -> Any:
        """The response for ``url``; ``RefusedURLError`` for anything not allowed."""
        path = local_path(url, self.folders, self.files)
        if path is None:
            raise RefusedURLError(
                f"refused to read {url}: filmbook reads only its own styles, templates and "
                "fonts, the --style file and the --templates folder"
            )
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


def _font_files(stylesheet: Path) -> list[Path]:
    """The font files a stylesheet names as ``fonts/<file>``, found in the font packages."""
    fonts: list[Path] = []
    for name in sorted(set(_font_names(stylesheet.read_text(encoding="utf-8")))):
        found = find_font(name)
        if found is None:
            raise FilmbookError(f"{stylesheet}: names a font filmbook does not have: {name}")
        fonts.append(found)
    return fonts


def _font_names(css: str) -> Iterable[str]:
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        for token in rule.content or ():
            if token.type == "url" and token.value.startswith(f"{FONTS_FOLDER}/"):
                yield token.value.removeprefix(f"{FONTS_FOLDER}/")
            elif token.type == "function" and token.lower_name == "url":
                for argument in token.arguments:
                    if argument.type == "string" and argument.value.startswith(f"{FONTS_FOLDER}/"):
                        yield argument.value.removeprefix(f"{FONTS_FOLDER}/")
