"""Turn a MediaWiki ``Special:Export`` XML file into the source texts of its pages.

The file is read as a stream, 64 KiB at a time, by defusedxml's guarded expat parser
(SAX, the same stream ``iterparse`` reads, but one that names the line of every element
and hands over a long text in pieces): a dump of thousands of pages is read in constant
memory, each page handed on as soon as its ``</page>`` is read. A page's text is kept up
to the size limit of a source (``source.MAX_SOURCE_BYTES``); a longer page is refused on
its own line, and the pages after it are still read. An XML file that declares entities
(an "XML bomb" expands a few of them into gigabytes) or external resources is refused
whole, before any is expanded; so is XML that is not well formed, at the line where it
stops being so.

Each page becomes a ``SourceText`` of the file, its text starting on the line of its
``<text>`` element, with its title, address (from the export's ``<base>``), revision and
time as its ``origin``. Redirects and pages outside the article namespace are skipped with
a warning, and handed on as ``Skipped`` so that ``filmbook check`` lists them.
"""

from __future__ import annotations

import logging
import xml.sax
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote

import defusedxml.sax
from defusedxml import DefusedXmlException

from filmbook.errors import InputError, printable
from filmbook.model import Origin
from filmbook.source import MAX_SOURCE_BYTES, SourceText

logger = logging.getLogger("filmbook.normalise")

CHUNK = 64 * 1024
_EXPORT = "mediawiki"


@dataclass(frozen=True)
class Skipped:
    """A page of an export that is not an article (a redirect, a talk page), skipped with
    a warning: where it is and why."""

    path: str
    line: int
    message: str


def looks_like_export(start: bytes) -> bool:
    """Whether a file that begins with ``start`` is an XML export (rather than text)."""
    head = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<?xml", b"<mediawiki"))


class _Page:
    """A page while its elements are read."""

    def __init__(self) -> None:
        self.title = ""
        self.namespace = "0"
        self.revision: str | None = None
        self.timestamp: str | None = None
        self.text: list[str] = []
        self.size = 0
        self.text_line = 0
        self.page_line = 0
        self.redirect = False
        self.has_text = False


class _Handler(xml.sax.handler.ContentHandler):
    """Collects the pages of an export as the parser meets them."""

    def __init__(self, path: str, locator: xml.sax.xmlreader.Locator) -> None:
        super().__init__()
        self.path = path
        self.where = locator
        self.stack: list[str] = []
        self.page: _Page | None = None
        self.base: str | None = None
        self.chars: list[str] = []
        self.done: deque[SourceText | InputError | Skipped] = deque()
        self.pages = 0
        self.root_checked = False

    def _line(self) -> int:
        return self.where.getLineNumber() or 0

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:  # noqa: N802
        if not self.root_checked:
            self.root_checked = True
            if name != _EXPORT:
                raise InputError(
                    self.path,
                    self._line(),
                    f"an XML file whose root is <{name}>, not a MediaWiki export (<mediawiki>)",
                )
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(name)
        self.chars = []
        if name == "page":
            self.page = _Page()
            self.page.page_line = self._line()
        elif self.page is not None and name == "redirect":
            self.page.redirect = True
        elif self.page is not None and name == "text" and parent == "revision":
            self.page.text_line = self._line()
            self.page.has_text = True

    def characters(self, content: str) -> None:
        if self.page is not None and self.stack[-1] == "text" and self.page.has_text:
            self.page.size += len(content.encode("utf-8", "surrogatepass"))
            if self.page.size <= MAX_SOURCE_BYTES:
                self.page.text.append(content)
        elif self.stack and self.stack[-1] in ("title", "ns", "id", "timestamp", "base"):
            self.chars.append(content)

    def endElement(self, name: str) -> None:  # noqa: N802
        self.stack.pop()
        parent = self.stack[-1] if self.stack else ""
        value = "".join(self.chars).strip()
        self.chars = []
        page = self.page
        if name == "base" and parent == "siteinfo":
            self.base = value
        elif page is None:
            return
        elif name == "title" and parent == "page":
            page.title = value
        elif name == "ns" and parent == "page":
            page.namespace = value
        elif name == "id" and parent == "revision":
            page.revision = value
        elif name == "timestamp" and parent == "revision":
            page.timestamp = value
        elif name == "page":
            self.pages += 1
            self.page = None
            self.done.append(self._finish(page))

    def _finish(self, page: _Page) -> SourceText | InputError | Skipped:
        line = page.text_line or page.page_line
        title = page.title or f"page {self.pages}"
        if page.namespace != "0" or page.redirect:
            what = "a redirect" if page.redirect else f"in namespace {page.namespace}"
            message = f"page {title!r} skipped: {what}, not an article"
            logger.warning("%s:%d: warning: %s", printable(self.path), line, message)
            return Skipped(self.path, line, message)
        if page.size > MAX_SOURCE_BYTES:
            limit = MAX_SOURCE_BYTES // (1024 * 1024)
            return InputError(self.path, line, f"the page {title!r} is larger than {limit} MiB")
        text = "".join(page.text)
        if not text.strip():
            return InputError(self.path, line, f"the page {title!r} is empty")
        return SourceText(
            self.path,
            text,
            wikitext=True,
            first_line=line,
            origin=Origin(title, self._url(title), page.revision, page.timestamp),
        )

    def _url(self, title: str) -> str | None:
        if not self.base or "/" not in self.base or not title:
            return None
        prefix = self.base.rsplit("/", 1)[0]
        return f"{prefix}/{quote(title.replace(' ', '_'), safe=':()_,!-.~')}"


def read_export(path: str, stream: BinaryIO) -> Iterator[SourceText | InputError | Skipped]:
    """The pages of the export in ``stream``, one by one as they are read; a page that
    cannot be a source is its ``InputError``, one that is no article ``Skipped``. A file
    that cannot be read raises an ``InputError``."""
    parser = defusedxml.sax.make_parser()
    handler = _Handler(path, parser)
    parser.setContentHandler(handler)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    try:
        while True:
            chunk = stream.read(CHUNK)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            while handler.done:
                yield handler.done.popleft()
            if not chunk:
                break
    except xml.sax.SAXParseException as error:
        raise InputError(
            path, error.getLineNumber() or 0, f"not a well-formed XML export: {error.getMessage()}"
        ) from None
    except DefusedXmlException:
        raise InputError(
            path,
            parser.getLineNumber() or 0,
            "an XML export that declares entities: refused (an XML bomb expands them)",
        ) from None
    except OSError as error:
        raise InputError(path, 0, f"cannot read: {error.strerror or error}") from None
    if not handler.root_checked:
        raise InputError(path, 1, "is empty")
    if handler.pages == 0:
        raise InputError(path, 1, "an XML export with no page")
