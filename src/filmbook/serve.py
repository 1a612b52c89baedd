"""Turn a source into a live preview over HTTP: its press kit and handout in a browser.

``filmbook serve`` makes the same HTML, stylesheets and fonts as ``filmbook html``
(``outputs.preview_files``), keeps them in memory and serves them at
``http://127.0.0.1:PORT/``, on the loopback interface only. ``watchfiles`` watches the
source's folder (the source, its press-material file and the images it names),
filmbook's styles and templates and the user's ``--style`` and ``--templates``; on a
change the preview is made again, and every page open in a browser reloads: each page
served gets a small script (``templates/serve/reload.js``) that listens to the server's
Server-Sent Events and reloads when the preview's version is not the page's.

A preview that cannot be made (a bad source, template or stylesheet) is an error page in
its place, until the file is fixed. Ctrl-C stops the server.
"""

from __future__ import annotations

import functools
import http.server
import logging
import mimetypes
import os
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import jinja2
import tinycss2
import watchfiles

from filmbook.dates import source_date_epoch
from filmbook.errors import FilmbookError, InputError, printable
from filmbook.material import read_material
from filmbook.outputs import preview_files
from filmbook.plan import make_facts
from filmbook.printing import PdfOptions, stylesheets
from filmbook.reader import read_article, read_sources
from filmbook.render import HANDOUT, PRESSKIT
from filmbook.resources import TEMPLATES, styles_dir
from filmbook.source import SourceText

logger = logging.getLogger("filmbook.serve")

HOST = "127.0.0.1"
"""The only address the preview listens on: it serves files of your disk to whoever asks."""
NAME = "presskit"
"""The preview's pages are ``presskit.html`` and ``presskit-handout.html``, whatever the
film's slug, so an open tab survives an edit of the title."""
INDEX = "index.html"
SCRIPT = "/_filmbook/reload.js"
EVENTS = "/_filmbook/events"
STYLE = "/_filmbook/serve.css"
SERVE_TEMPLATES = TEMPLATES / "serve"
KEEPALIVE = 15.0
"""Seconds between comments on an idle event stream, so a closed tab is noticed."""
READY_TIMEOUT = 30.0
"""Seconds to wait for the file watcher to start."""
WATCH_TICK = 200
"""Milliseconds between the watcher's looks at whether to stop."""
POLL = 0.1
"""Seconds between the server's looks at whether to stop."""
DECLARATION_BLOCKS = ("page", "font-face", "counter-style", "property")
"""The at-rules whose block holds declarations; the others' (``@media``) hold rules."""


# --- making the preview ------------------------------------------------------------------


def make_preview(source: Path, options: PdfOptions, epoch: str) -> dict[str, bytes]:
    """The files of the preview of ``source``, by path: the index, the press kit, the
    handout, their stylesheets and fonts, dated ``epoch`` (seconds since 1970, so that
    the pages change only when their files do). Raises ``FilmbookError`` for a bad
    source, template or stylesheet."""
    first = _first_source(source)
    facts = make_facts(read_article(first), read_material(first))
    with source_date_epoch(epoch):
        files = preview_files(facts, options, name=NAME)
    check_stylesheets(
        dict.fromkeys((*stylesheets(PRESSKIT, options), *stylesheets(HANDOUT, options)))
    )
    pages = [
        {"href": f"{NAME}{PRESSKIT.suffix}.html", "name": "Press kit"},
        {"href": f"{NAME}{HANDOUT.suffix}.html", "name": "Handout"},
    ]
    index = _template("index.html").render(
        title=facts.title, source=str(source), pages=pages, stylesheet=STYLE
    )
    return {INDEX: index.encode(), **files}


def _first_source(path: Path) -> SourceText:
    """The source ``path`` holds, or the first article of an export."""
    for read in read_sources(path):
        if isinstance(read, InputError):
            raise read
        if isinstance(read, SourceText):
            return read
    raise InputError(str(path), 0, "no article in it to preview")


def check_stylesheets(paths: Iterable[Path]) -> None:
    """Refuse a stylesheet a browser would misread, on its line: CSS that does not parse
    (a stray brace, a declaration without its colon) is dropped without a word."""
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise FilmbookError(f"{path}: cannot read the stylesheet: {error}") from None
        errors = css_errors(text)
        if errors:
            line, message = errors[0]
            raise InputError(str(path), line, f"CSS error: {message}")


def css_errors(css: str) -> list[tuple[int, str]]:
    """The parse errors of a stylesheet, as ``(line, message)``: in its rules, and in the
    declarations of each rule (nested in ``@media`` and the like too)."""
    return _rule_errors(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _rule_errors(rules: Iterable[Any]) -> list[tuple[int, str]]:
    errors: list[tuple[int, str]] = []
    for rule in rules:
        if rule.type == "error":
            errors.append((rule.source_line, rule.message))
        elif rule.type == "qualified-rule" or (
            rule.type == "at-rule" and rule.lower_at_keyword in DECLARATION_BLOCKS
        ):
            declarations = tinycss2.parse_declaration_list(
                rule.content or [], skip_comments=True, skip_whitespace=True
            )
            errors += [(d.source_line, d.message) for d in declarations if d.type == "error"]
        elif rule.type == "at-rule" and rule.content is not None:  # @media, @supports
            nested = tinycss2.parse_rule_list(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            errors += _rule_errors(nested)
    return errors


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SERVE_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)


# --- the preview's state -----------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The preview as it stands: its files, or the error that stopped it being made."""

    version: int
    files: Mapping[str, bytes] = field(default_factory=dict)
    error: str | None = None


class Preview:
    """The latest snapshot of the preview, and a way to wait for the next one.

    ``refresh`` makes the preview again (in the watcher's thread); request threads read
    ``snapshot`` and wait for a new version in ``wait``.
    """

    def __init__(self, make: Callable[[], dict[str, bytes]]) -> None:
        self._make = make
        self._making = threading.Lock()
        """One making at a time: the first and the watcher's may overlap at the start, and
        the one that ends last must be the one that began last."""
        self._changed = threading.Condition()
        self._snapshot = Snapshot(0, error="not made yet")
        self._closed = False

    @property
    def snapshot(self) -> Snapshot:
        """The preview as it stands."""
        with self._changed:
            return self._snapshot

    def refresh(self) -> Snapshot:
        """Make the preview again; a new version only if its files or error changed."""
        files: dict[str, bytes] = {}
        error: str | None = None
        with self._making:
            try:
                files = self._make()
            except FilmbookError as problem:
                error = f"error: {printable(str(problem))}"
            except Exception:  # a bug: shown on the page and logged, the server goes on
                error = f"a bug in filmbook (please report it):\n{traceback.format_exc()}"
            with self._changed:
                old = self._snapshot
                if old.version and old.files == files and old.error == error:
                    return old
                new = self._snapshot = Snapshot(old.version + 1, files, error)
                self._changed.notify_all()
        if error is not None:  # once, not again for each unrelated change
            logger.error("filmbook: %s", error)
        return new

    def wait(self, seen: int, timeout: float) -> int | None:
        """The version once it is not ``seen`` or ``timeout`` seconds passed; None once
        the preview is closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._snapshot.version != seen, timeout)
            return None if self._closed else self._snapshot.version

    def close(self) -> None:
        """Wake every waiting event stream, to end."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


# --- answering requests ------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """What to answer a request with."""

    status: int
    content_type: str
    body: bytes


def respond(snapshot: Snapshot, path: str) -> Response | None:
    """The answer to a GET of ``path`` (without its query) from ``snapshot``; None for
    a path the preview does not have. A page asked for while the preview has an error is
    the error page."""
    name = INDEX if path == "/" else path.removeprefix("/")
    if path == SCRIPT:
        return Response(200, "text/javascript", (SERVE_TEMPLATES / "reload.js").read_bytes())
    if path == STYLE:
        return Response(200, "text/css", (styles_dir() / "serve.css").read_bytes())
    if snapshot.error is not None and name.endswith(".html"):
        page = _template("error.html").render(message=snapshot.error, stylesheet=STYLE)
        return Response(
            500, "text/html; charset=utf-8", with_script(page.encode(), snapshot.version)
        )
    body = snapshot.files.get(name)
    if body is None:
        return None
    if name.endswith(".html"):
        return Response(200, "text/html; charset=utf-8", with_script(body, snapshot.version))
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return Response(200, kind, body)


def with_script(html: bytes, version: int) -> bytes:
    """``html`` with the reload script's tag at the end of its head (or at its start)."""
    tag = _template("script.html").render(script=SCRIPT, events=EVENTS, version=version)
    head = html.lower().find(b"</head>")
    at = head if head >= 0 else 0
    return html[:at] + tag.encode() + html[at:]


def local_host(host: str, port: int) -> bool:
    """Whether a request's ``Host`` is this server by a local name. A web page of another
    site could resolve its own name to 127.0.0.1 (DNS rebinding) and read the preview,
    unreleased material and all: its requests carry its own name."""
    return host in (f"{HOST}:{port}", f"localhost:{port}")


class _Handler(http.server.BaseHTTPRequestHandler):
    """Pages, stylesheets and fonts from the preview, and its stream of versions."""

    server: PreviewServer

    def do_GET(self) -> None:
        if not local_host(self.headers.get("Host", ""), self.server.server_address[1]):
            self.send_error(403)  # a page elsewhere that named its host 127.0.0.1
            return
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        if path == EVENTS:
            self._events()
            return
        response = respond(self.server.preview.snapshot, path)
        if response is None:
            self.send_error(404)
            return
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(response.body)

    def _events(self) -> None:
        """The preview's version now and after each change, until the client goes away
        or the server stops."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while (version := self.server.preview.wait(seen, KEEPALIVE)) is not None:
                message = f"data: {version}\n\n" if version != seen else ": idle\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                seen = version
        except (BrokenPipeError, ConnectionResetError):
            return  # the tab was closed or reloaded

    def log_message(self, format: str, *args: object) -> None:
        logger.debug(format, *args)  # a line per request would bury the errors


class PreviewServer(http.server.ThreadingHTTPServer):
    """An HTTP server of one preview, on the loopback interface only."""

    daemon_threads = True

    def __init__(self, preview: Preview, port: int) -> None:
        self.preview = preview
        try:
            super().__init__((HOST, port), _Handler)
        except OSError as error:
            raise FilmbookError(f"cannot listen on {HOST}:{port}: {error.strerror}") from None

    @property
    def url(self) -> str:
        """The preview's address: ``http://127.0.0.1:PORT/``."""
        host, port = cast(tuple[str, int], self.socket.getsockname()[:2])
        return f"http://{host}:{port}/"


# --- watching and serving ----------------------------------------------------------------


def watched_folders(source: Path, options: PdfOptions) -> list[Path]:
    """The folders whose changes make the preview again: the source's (its press
    material and images beside it), filmbook's styles and templates, the user's."""
    folders = [source.resolve().parent, styles_dir(), TEMPLATES]
    if options.style is not None:
        folders.append(options.style.resolve().parent)
    if options.templates is not None:
        folders.append(options.templates.resolve())
    return list(dict.fromkeys(folder for folder in folders if folder.is_dir()))


def _watch(
    folders: Iterable[Path], preview: Preview, ready: threading.Event, stop: threading.Event
) -> None:
    """Make the preview again after each batch of changes until ``stop``; ``ready`` is
    set once the watcher is watching, so no change after it is missed."""
    try:
        for changes in watchfiles.watch(
            *folders,
            stop_event=stop,
            rust_timeout=WATCH_TICK,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            ready.set()
            if changes:
                preview.refresh()
    finally:
        ready.set()
        stop.set()  # a watcher that failed ends the server, which reports it


def _sleep_until(event: threading.Event, timeout: float | None = None) -> None:
    """Wait for ``event`` in short sleeps, not in ``event.wait``: a Ctrl-C that lands
    inside ``Event.wait`` can leave the event's lock taken, and ``stop.set()`` after it
    would then wait forever. ``is_set`` takes no lock, and a sleep is safe to interrupt."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while not event.is_set() and (deadline is None or time.monotonic() < deadline):
        time.sleep(POLL)


def serve(source: Path, options: PdfOptions, port: int, announce: Callable[[str], None]) -> None:
    """Serve the preview of ``source`` until Ctrl-C; ``announce`` hears its address once
    the first preview is made."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(int(time.time()))
    preview = Preview(functools.partial(make_preview, source, options, epoch))
    server = PreviewServer(preview, port)
    ready, stop = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def watch() -> None:
        try:
            _watch(watched_folders(source, options), preview, ready, stop)
        except BaseException as error:
            failure.append(error)

    watcher = threading.Thread(target=watch, name="filmbook-watch")
    listener = threading.Thread(target=server.serve_forever, args=(POLL,), name="filmbook-serve")
    watcher.start()
    try:
        _sleep_until(ready, READY_TIMEOUT)
        if not stop.is_set():  # the watcher failed to start: said below
            preview.refresh()
            listener.start()
            announce(server.url)
            _sleep_until(stop)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        preview.close()
        if listener.is_alive():
            server.shutdown()
        server.server_close()
        watcher.join()
        if listener.is_alive():
            listener.join()
    if failure:
        raise FilmbookError(f"watching the files stopped: {failure[0]}")
