"""Turn HTML into PDF bytes with WeasyPrint: the press kit and the handout.

The HTML comes from the templates (``render.py``), the stylesheets from the print options
(``printing.py``). Everything WeasyPrint may read goes through ``LocalFetcher``, which
opens only filmbook's own folders and the files the user named: a press kit is never
built from the network or from anywhere else on the disk.

A table row that starts a page says again what its group said once above it (the award
of a ceremony that runs over a page): CSS cannot tell where pages break, so the pages are
laid out, each such row is marked ``page-top``, and they are laid out again.

WeasyPrint is imported here and nowhere else but in the modules that change it, for the
version filmbook pins, which this module applies before anything is laid out:

- ``layout_leak``: WeasyPrint 70 leaks memory in every text layout;
- ``line_memo``: a line split asked before is answered from memory;
- ``cffi_arrays``: the C arrays of font subsetting are made without parsing C;
- ``user_agent``: filmbook's own look is laid out without the user-agent rules it does
  not need;

so commands that make no PDF never load it. ``element_tree``, here, parses filmbook's own
HTML with Python's XML parser into the tree WeasyPrint's HTML parser would make.
"""

from __future__ import annotations

import functools
import mimetypes
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import cssselect2
import weasyprint
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.html import UA_FORM_STYLESHEET
from weasyprint.pdf import VARIANTS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse, ensure_url

from filmbook import cffi_arrays, layout_leak, line_memo, user_agent
from filmbook.errors import FilmbookError
from filmbook.printing import PdfOptions, check, stylesheets
from filmbook.render import Document
from filmbook.resources import (
    FONTS_FOLDER,
    PICTURES_FOLDER,
    TEMPLATES,
    contents_digest,
    find_font,
    font_dirs,
    styles_dir,
)

REPEAT = "repeat"
"""The class of what a table row shows only when it starts a page: the values its group
showed once, above it (a ceremony's award and date, "(continued)")."""
PAGE_TOP = "page-top"
"""The class a table row with something to repeat gets when it starts a page."""
LAYOUTS = 4
"""At most how many times a document is laid out. A row that says its award again may
grow a line and move a page break, so the marks are set again until they agree with the
pages: twice is the rule, three times when a ceremony runs over two page breaks."""

layout_leak.apply()  # before anything is laid out: a worker renders for its whole life
line_memo.apply()
cffi_arrays.apply()


def write_pdf(
    html: str,
    document: Document,
    options: PdfOptions,
    pictures: Mapping[str, bytes] | None = None,
) -> bytes:
    """The PDF of ``html``, laid out with ``document``'s stylesheets for ``options``;
    ``pictures`` are the press material's images by name (``pictures/<name>`` in the HTML)."""
    laid_out = lay_out(html, document, options, pictures)
    data: bytes = laid_out.write_pdf(pdf_variant=options.variant)
    return data


def lay_out(
    html: str,
    document: Document,
    options: PdfOptions,
    pictures: Mapping[str, bytes] | None = None,
) -> Any:
    """The pages of ``html`` laid out with ``document``'s stylesheets for ``options``: a
    WeasyPrint ``Document``, whose boxes tell where everything went."""
    check(options)
    if options.variant is not None and options.variant not in VARIANTS:
        known = ", ".join(sorted(VARIANTS))
        raise FilmbookError(f"unknown PDF variant {options.variant!r}: use one of {known}")
    contents = contents_digest(options.style, options.templates)
    font_config, parsed = _parsed(
        stylesheets(document, options), options.style, options.templates, contents
    )
    fetcher = LocalFetcher(
        _allowed_folders(options.templates),
        _allowed_files(options.style),
        pictures or {},
    )
    page = _Page(
        string=html,
        base_url=str(options.templates or TEMPLATES),
        url_fetcher=fetcher,
        user_agent=user_agent.stylesheets(options),
        tree=None if options.templates else element_tree(html),
    )

    def render() -> Any:
        return page.render(
            font_config=font_config, stylesheets=list(parsed), pdf_variant=options.variant
        )

    try:
        return _with_page_tops(render)
    except RefusedURLError as error:
        raise FilmbookError(str(error)) from None


class _Page(HTML):  # type: ignore[misc]
    """A WeasyPrint HTML document laid out with the ``user_agent`` stylesheets given, its
    element ``tree`` given (else parsed by WeasyPrint)."""

    def __init__(self, *, user_agent: tuple[Any, ...], tree: Any = None, **kwargs: Any) -> None:
        if tree is None:
            super().__init__(**kwargs)
        else:  # as HTML.__init__ does once its parser has made the tree (no <base>)
            self.base_url = ensure_url(kwargs["base_url"])
            self.url_fetcher = kwargs["url_fetcher"]
            self.media_type = "print"
            self.wrapper_element = cssselect2.ElementWrapper.from_html_root(
                tree, content_language=None
            )
            self.etree_element = self.wrapper_element.etree_element
        self.user_agent = user_agent

    def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
        """The user-agent stylesheets, with WeasyPrint's for forms if asked."""
        forms_sheet = [UA_FORM_STYLESHEET] if forms else []
        return [*self.user_agent, *forms_sheet]


# --- the element tree of filmbook's own HTML -------------------------------------------

TREE_CHECKED_VERSIONS = ("70.0",)
"""The WeasyPrint versions whose HTML parser ``element_tree`` was checked against."""

_TAG_OVER_LINES = re.compile(r"<[^<>]*[\n\t\r][^<>]*>")
_SVG = "{http://www.w3.org/2000/svg}"
_XMLNS = "{http://www.w3.org/2000/xmlns/}xmlns"


def element_tree(html: str) -> Any:
    """The element tree of filmbook's own ``html``, made by Python's XML parser (expat,
    in C) as WeasyPrint's HTML parser (tinyhtml5, in Python, 8 % of a press kit's time)
    makes it; None for WeasyPrint to parse where the XML parser would not read it or
    would read it otherwise: control characters and lone surrogates (which it refuses),
    a tab or newline inside a tag (which it makes a space), anything not XML.

    filmbook's templates write HTML that is also well-formed XML and avoid what the two
    parsers read differently though both accept it (a block inside ``<p>``, a table
    without ``<tbody>``, a newline after ``<pre>``, upper-case tags, ``<span />``): the
    tests compare the two trees, element by element, for every fixture article's press
    kit and handout and for the catalogue. Three differences as the templates are
    written are mended here (``_as_html_parses``).
    """
    if weasyprint.__version__ not in TREE_CHECKED_VERSIONS or _TAG_OVER_LINES.search(html):
        return None
    try:
        root = ElementTree.fromstring(html)
    except (ElementTree.ParseError, UnicodeError):
        return None
    if root.tag != "html" or (root.text or "").strip() or "</html>" not in html:
        return None
    _as_html_parses(root, after=html[html.rfind("</html>") + len("</html>") :])
    return root


def _as_html_parses(root: Any, after: str) -> None:
    """Mend ``root`` where the HTML parser builds otherwise: whitespace before ``<head>``
    is dropped; whitespace after ``</body>`` (``after``: after ``</html>``) goes into
    the body; an ``<svg>`` in the HTML keeps its ``xmlns`` as an attribute."""
    root.text = None
    body = root.find("body")
    if body is not None and (body.tail or after):
        last = body[-1] if len(body) else None
        moved = (body.tail or "") + after
        if last is None:
            body.text = (body.text or "") + moved
        else:
            last.tail = (last.tail or "") + moved
        body.tail = None
    for parent in root.iter():
        if not parent.tag.startswith(_SVG):
            for child in parent:
                if child.tag == f"{_SVG}svg":
                    child.set(_XMLNS, _SVG[1:-1])


# --- rows that start a page ------------------------------------------------------------


def _with_page_tops(render: Callable[[], Any]) -> Any:
    """The document ``render`` lays out, with the table rows that start a page marked.

    ``render`` lays out the same element tree each time; the marks are classes set on its
    rows, so each layout after the first sees the marks of the one before. It stops when
    the marked rows are those that start a page, or after ``LAYOUTS`` layouts.
    """
    rendered = render()
    marked: set[Any] = set()
    for _ in range(LAYOUTS - 1):
        tops = set(_page_top_rows(rendered))
        if tops == marked:
            break
        for row in marked ^ tops:
            _toggle_class(row, PAGE_TOP)
        marked = tops
        rendered = render()
    return rendered


def _page_top_rows(rendered: Any) -> Iterator[Any]:
    """The elements of the table rows that start a page and hold something to repeat:
    the first body row of each part of a table that a page break split off."""
    for page in rendered.pages:
        for box in _boxes(page._page_box):  # the page's layout; WeasyPrint has no other way in
            if not isinstance(box, boxes.TableBox):
                continue
            body = [group for group in box.children if not (group.is_header or group.is_footer)]
            first = body[0].children[0].element if body and body[0].children else None
            if first is not None and any(_has_class(part, REPEAT) for part in first.iter()):
                yield first


def _boxes(box: Any) -> Iterator[Any]:
    """``box`` and the boxes inside it, but not those inside lines (no table is there)."""
    yield box
    if not isinstance(box, boxes.LineBox):
        for child in getattr(box, "children", ()):
            yield from _boxes(child)


def _has_class(element: Any, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _toggle_class(element: Any, name: str) -> None:
    classes = set((element.get("class") or "").split()) ^ {name}
    element.set("class", " ".join(sorted(classes)))


@functools.lru_cache(maxsize=8)
def _parsed(
    paths: tuple[Path, ...], style: Path | None, templates: Path | None, contents: str
) -> tuple[Any, tuple[Any, ...]]:
    """Parse the stylesheets once per process: @font-face rules load every font file.

    The font configuration belongs to the stylesheets that declared the fonts, so both
    are cached together, keyed on the stylesheets' paths and on ``contents``, the digest
    of the user's stylesheet and templates folder (which it may load files from): an
    edited ``--style`` is parsed again, never served stale. A worker that lives through
    many builds keeps the last few sets (each holds its fonts, some 10 MiB).
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
    """A WeasyPrint URL fetcher that reads only the allowed local files, and the press
    material's pictures from memory (read and checked before rendering began).

    Anything else (http, https, data, ftp, a file elsewhere) stops the rendering with an
    error naming the URL, rather than being fetched or silently dropped.
    """

    def __init__(
        self,
        folders: tuple[Path, ...],
        files: tuple[Path, ...],
        pictures: Mapping[str, bytes] | None = None,
    ) -> None:
        super().__init__()
        self.folders = folders
        self.files = files
        self.pictures = pictures or {}

    def fetch(self, url: str, headers: object = None) -> Any:
        """The response for ``url``; ``RefusedURLError`` for anything not allowed."""
        picture = self._picture(url)
        if picture is not None:
            kind = mimetypes.guess_type(url)[0] or "application/octet-stream"
            return URLFetcherResponse(url, picture, {"Content-Type": kind})
        path = local_path(url, self.folders, self.files)
        if path is None:
            raise RefusedURLError(
                f"refused to read {url}: filmbook reads only its own styles, templates and "
                "fonts, the --style file and the --templates folder"
            )
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})

    def _picture(self, url: str) -> bytes | None:
        """The bytes of a picture the HTML names as ``pictures/<name>``, else None."""
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme != "file":
            return None
        path = Path(urllib.request.url2pathname(parsed.path))
        return self.pictures.get(path.name) if path.parent.name == PICTURES_FOLDER else None
