"""The live preview's pieces: making the preview, answering requests, the versions a page
waits for, the stylesheet check and the server's address (``serve.py``).

``test_serve_browser.py`` runs the real command and watches a page in Chromium.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from filmbook.cli import main
from filmbook.errors import FilmbookError, InputError
from filmbook.printing import PdfOptions
from filmbook.resources import TEMPLATES, styles_dir
from filmbook.serve import (
    EVENTS,
    SCRIPT,
    STYLE,
    Preview,
    PreviewServer,
    Snapshot,
    css_errors,
    local_host,
    make_preview,
    respond,
    serve,
    watched_folders,
    with_script,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"
EPOCH = "1700000000"


def test_the_preview_is_the_html_command_s_pages_and_an_index() -> None:
    files = make_preview(SEED, PdfOptions(), EPOCH)
    assert {"index.html", "presskit.html", "presskit-handout.html"} <= set(files)
    assert "styles/presskit.css" in files and "styles/handout.css" in files
    assert any(name.startswith("styles/fonts/") for name in files)
    assert b"All of Us Strangers" in files["presskit.html"]
    assert b'href="presskit-handout.html"' in files["index.html"]
    assert make_preview(SEED, PdfOptions(), EPOCH) == files  # the same bytes every time


def test_a_bad_source_is_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError):
        make_preview(empty, PdfOptions(), EPOCH)


def test_every_page_gets_the_reload_script_with_its_version() -> None:
    snapshot = Snapshot(7, {"index.html": b"<html><head></head></html>", "a.css": b"p{}"})
    page = respond(snapshot, "/")
    assert page is not None and page.status == 200
    assert page.content_type == "text/html; charset=utf-8"
    assert page.body.startswith(b'<html><head><script src="/_filmbook/reload.js"')
    assert b'data-version="7"' in page.body and f'data-events="{EVENTS}"'.encode() in page.body
    css = respond(snapshot, "/a.css")
    assert css is not None and (css.content_type, css.body) == ("text/css", b"p{}")
    assert respond(snapshot, "/missing.html") is None
    assert respond(snapshot, "/../../etc/passwd") is None
    script = respond(snapshot, SCRIPT)
    assert script is not None and b"EventSource" in script.body
    style = respond(snapshot, STYLE)
    assert style is not None and style.content_type == "text/css"


def test_a_page_without_a_head_gets_the_script_first() -> None:
    assert with_script(b"<p>hi</p>", 1).endswith(b"</script><p>hi</p>")


def test_an_error_is_shown_escaped_in_place_of_every_page() -> None:
    snapshot = Snapshot(3, {"presskit.html": b"<p>old</p>"}, error="a.txt:2: <script>x")
    for path in ("/", "/presskit.html", "/elsewhere.html"):
        page = respond(snapshot, path)
        assert page is not None and page.status == 500
        assert b"a.txt:2: &lt;script&gt;x" in page.body
        assert b"<script>x" not in page.body
        assert b'data-version="3"' in page.body


def test_a_new_version_only_when_the_preview_changed() -> None:
    outputs: list[dict[str, bytes] | Exception] = [
        {"a.html": b"1"},
        {"a.html": b"1"},
        InputError("a.txt", 4, "bad"),
        InputError("a.txt", 4, "bad"),
        RuntimeError("oops"),
        {"a.html": b"2"},
    ]

    def make() -> dict[str, bytes]:
        output = outputs.pop(0)
        if isinstance(output, Exception):
            raise output
        return output

    preview = Preview(make)
    versions = [preview.refresh().version for _ in range(6)]
    assert versions == [1, 1, 2, 2, 3, 4]
    assert preview.snapshot.files == {"a.html": b"2"} and preview.snapshot.error is None


def test_errors_and_bugs_are_kept_for_the_page() -> None:
    def bad() -> dict[str, bytes]:
        raise InputError("a.txt", 4, "bad")

    assert Preview(bad).refresh().error == "error: a.txt:4: bad"

    def bug() -> dict[str, bytes]:
        raise KeyError("oops")

    error = Preview(bug).refresh().error
    assert error is not None and "a bug in filmbook" in error and "KeyError" in error


def test_a_waiting_stream_hears_of_a_new_version_and_of_the_end() -> None:
    pages = iter([{"a.html": b"1"}, {"a.html": b"2"}])
    preview = Preview(lambda: next(pages))
    seen = preview.refresh().version
    assert preview.wait(seen, 0.01) == seen  # nothing new: the keep-alive's turn
    heard: list[int | None] = []
    waiter = threading.Thread(target=lambda: heard.append(preview.wait(seen, 60)))
    waiter.start()
    preview.refresh()
    waiter.join(60)
    assert heard == [seen + 1]
    preview.close()
    assert preview.wait(seen + 1, 60) is None


def test_filmbook_s_own_stylesheets_parse() -> None:
    for css in sorted(styles_dir().glob("*.css")):
        assert css_errors(css.read_text(encoding="utf-8")) == [], css.name


@pytest.mark.parametrize(
    ("css", "line"),
    [
        ("body {\n  color red;\n}\n", 2),
        ("p { color: red }\n}\n", 2),
        ("@media print {\n  p {\n    margin 0\n  }\n}\n", 3),
        (
            "p { margin: 0 }\n\n@media print {\n  @supports (color: red) {\n"
            "    p { margin 0 }\n  }\n}\n",
            5,
        ),
        ("@page {\n  size A5;\n}\n", 2),
    ],
)
def test_css_that_does_not_parse_is_found_on_its_line(css: str, line: int) -> None:
    assert [found for found, _ in css_errors(css)] == [line]


@pytest.fixture
def server() -> Iterator[PreviewServer]:
    files = {"index.html": b"<html><head></head>hello</html>", "styles/user/my look.css": b"p{}"}
    preview = Preview(lambda: files)
    preview.refresh()
    with PreviewServer(preview, 0) as running:
        thread = threading.Thread(target=running.serve_forever, args=(0.05,))
        thread.start()
        yield running
        preview.close()
        running.shutdown()
        thread.join()


def test_the_server_listens_on_loopback_only(server: PreviewServer) -> None:
    host, port = server.socket.getsockname()[:2]
    assert host == "127.0.0.1" and port > 0
    assert server.url == f"http://127.0.0.1:{port}/"
    with urllib.request.urlopen(server.url, timeout=30) as page:
        assert page.headers["Cache-Control"] == "no-store"
        assert b"hello" in page.read()
    with urllib.request.urlopen(server.url + "styles/user/my%20look.css?v=1", timeout=30) as css:
        assert css.read() == b"p{}"
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(server.url + "nothing.css", timeout=30)
    assert missing.value.code == 404


def test_only_requests_to_a_local_name_are_answered(server: PreviewServer) -> None:
    port = server.socket.getsockname()[1]
    assert local_host(f"127.0.0.1:{port}", port) and local_host(f"localhost:{port}", port)
    assert not local_host(f"evil.example:{port}", port) and not local_host("127.0.0.1", port)
    rebound = urllib.request.Request(server.url, headers={"Host": f"evil.example:{port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(rebound, timeout=30)
    assert refused.value.code == 403


def test_the_event_stream_says_the_version(server: PreviewServer) -> None:
    with urllib.request.urlopen(server.url + EVENTS.lstrip("/"), timeout=30) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline() == b"data: 1\n"


def test_a_taken_port_is_one_error(server: PreviewServer) -> None:
    port = server.socket.getsockname()[1]
    with pytest.raises(FilmbookError, match=f"cannot listen on 127.0.0.1:{port}"):
        PreviewServer(Preview(dict), port)


def test_the_watched_folders(tmp_path: Path) -> None:
    source = tmp_path / "films" / "a.txt"
    source.parent.mkdir()
    (tmp_path / "look").mkdir()
    options = PdfOptions(style=tmp_path / "look" / "my.css", templates=tmp_path / "tpl")
    (tmp_path / "tpl").mkdir()
    folders = watched_folders(source, options)
    assert folders == [
        source.parent.resolve(),
        styles_dir(),
        TEMPLATES,
        (tmp_path / "look").resolve(),
        (tmp_path / "tpl").resolve(),
    ]


def test_serve_previews_one_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEED, tmp_path / name)
    assert main(["serve", str(tmp_path), "--port", "0"]) == 2
    assert "serve previews one source: give one of the 2" in capsys.readouterr().err
    assert main(["serve", str(SEED), "--port", "70000"]) == 2
    assert main(["serve", str(SEED), "--style", str(tmp_path / "none.css")]) == 2


def test_ctrl_c_stops_the_server_and_every_thread_it_started(tmp_path: Path) -> None:
    source = tmp_path / SEED.name
    shutil.copy(SEED, source)
    streams: list[bytes] = []

    def listen_then_interrupt(url: str) -> None:
        stream = urllib.request.urlopen(url + EVENTS.lstrip("/"), timeout=60)
        streams.append(stream.readline())

        def rest() -> None:
            streams.append(stream.read())  # until the server ends the stream

        threading.Thread(target=rest).start()
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C: KeyboardInterrupt in this thread

    before = set(threading.enumerate())
    serve(source, PdfOptions(), 0, announce=listen_then_interrupt)
    started = set(threading.enumerate()) - before
    for thread in started:
        thread.join(60)  # the watcher, request threads, the stream's reader: all end
    assert not [thread.name for thread in started if thread.is_alive()]
    assert streams[0] == b"data: 1\n" and streams[1] == b"\n"
