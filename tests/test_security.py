"""No fetching, no injection: hostile sources, styles and templates against a local listener.

A thread listens on 127.0.0.1 (an ephemeral port) for the length of one test and records
every connection. Sources whose text and infobox hold HTML tags, CSS ``url()``s, ``file:``
and ``data:`` URLs pointing at it must build with no connection: the characters show
literally in the PDF and the EPUB, and no element comes from them. A ``--style`` or a
``--templates`` folder that names the listener is refused (exit 2, one error line, no
output) and still no connection arrives.
"""

from __future__ import annotations

import contextlib
import io
import logging
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from filmbook.cli import main
from outputs import epub_text, pdf_text

XHTML = "{http://www.w3.org/1999/xhtml}"
FORBIDDEN = ("script", "img", "link", "iframe", "object", "style", "embed", "video", "audio")


class Listener:
    """A TCP server on 127.0.0.1 that records every connection it accepts."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.1)
        self.port: int = self.server.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, address = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(address)
            client.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    try:
        yield server
    finally:
        server.close()


def run(*argv: str) -> tuple[int, str]:
    """``filmbook -q ARGV`` in this process: the exit status and stderr."""
    logger = logging.getLogger("filmbook")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            status = main(["-q", *argv])
    finally:
        logger.handlers[:], logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
    return status, stderr.getvalue()


def payloads(port: int) -> list[str]:
    base = f"http://127.0.0.1:{port}"
    return [
        f'<img src="{base}/img">',
        f'<link rel="stylesheet" href="{base}/css">',
        f'<script src="{base}/js"></script>',
        f"<style>body {{ background: url({base}/x) }}</style>",
        f"url({base}/x)",
        "url(file:///etc/passwd)",
        f'<iframe src="{base}/frame"></iframe>',
        f'<object data="{base}/obj"></object>',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        "url(data:text/css,body{color:red})",
    ]


def hostile_source(port: int) -> str:
    tags = payloads(port)
    infobox = "\n".join(
        f"- {key}: {value}"
        for key, value in zip(
            ("Director", "Writer", "Starring", "Music", "Studio", "Country", "Language"),
            tags,
            strict=False,
        )
    )
    paragraphs = "\n\n".join(f"Paragraph {n} holds {tag} as text." for n, tag in enumerate(tags))
    return (
        f"= Hostile {tags[0]} =\n\nInfobox\n{infobox}\n- Runtime: 90 minutes\n\n"
        f"Hostile is a 2023 film whose lead names {tags[2]} and {tags[4]}.\n\n"
        f"==Plot==\n\n{paragraphs}\n\n==Cast {tags[1]}==\n\n- Someone {tags[3]} as Someone\n"
    )


@pytest.fixture
def hostile(tmp_path: Path, listener: Listener) -> tuple[Path, Listener]:
    source = tmp_path / "hostile.txt"
    source.write_text(hostile_source(listener.port), encoding="utf-8")
    return source, listener


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_hostile_source_fetches_nothing_and_shows_the_characters(
    hostile: tuple[Path, Listener], tmp_path: Path
) -> None:
    source, listener = hostile
    out = tmp_path / "out"
    status, stderr = run("pdf", "--handout", str(source), "-o", str(out))
    assert status == 0, stderr
    status, stderr = run("epub", str(source), "-o", str(out))
    assert status == 0, stderr
    assert listener.connections == []

    port = listener.port
    (epub_path,) = out.glob("*.epub")
    (handout_path,) = out.glob("*-handout.pdf")
    (presskit_path,) = set(out.glob("*.pdf")) - {handout_path}
    presskit = _flat(pdf_text(presskit_path))
    book = _flat(epub_text(epub_path))
    for needle in ("<script", "<img", "<iframe", "url(file:///etc/passwd)", f"127.0.0.1:{port}"):
        assert needle in presskit, needle
        assert needle in book, needle
    handout = _flat(pdf_text(handout_path))
    assert "<img" in handout  # the title is on the handout

    with zipfile.ZipFile(epub_path) as epub:
        names = epub.namelist()
        documents = {name: epub.read(name) for name in names if name.endswith((".xhtml", ".opf"))}
        css = [epub.read(name).decode() for name in names if name.endswith(".css")]
    for name, data in documents.items():
        root = etree.fromstring(data)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            tag = etree.QName(element).localname
            for attribute in ("href", "src", "data"):
                value = (element.get(attribute) or "").lower()
                assert not value.startswith(("http:", "https:", "file:", "//")), (name, value)
            if not name.endswith(".xhtml") or tag not in FORBIDDEN:
                continue
            if tag == "img":
                assert "cover" in (element.get("src") or ""), (name, etree.tostring(element))
            elif tag == "link":
                assert element.get("rel") == "stylesheet", (name, etree.tostring(element))
                assert element.get("href", "").endswith(".css"), (name, etree.tostring(element))
            else:
                pytest.fail(f"{name}: element <{tag}> in the EPUB")
    for sheet in css:
        assert "127.0.0.1" not in sheet and "http:" not in sheet and "file:" not in sheet


@pytest.mark.parametrize(
    "rule",
    [
        "@import url(http://127.0.0.1:{port}/evil.css);",
        "body {{ background: url(http://127.0.0.1:{port}/bg.png) }}",
        "body {{ background: url(file:///etc/passwd) }}",
    ],
    ids=["import", "background", "file"],
)
def test_style_that_fetches_is_refused(tmp_path: Path, listener: Listener, rule: str) -> None:
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nFilm is a 2023 film.\n", encoding="utf-8")
    style = tmp_path / "evil.css"
    style.write_text(rule.format(port=listener.port) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    status, stderr = run("pdf", "--style", str(style), str(source), "-o", str(out))
    assert_refused(status, stderr, listener, out)


def assert_refused(status: int, stderr: str, listener: Listener, out: Path) -> None:
    """Exit 2, one error line saying why, no request made, nothing written."""
    assert status == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("filmbook: error:"), stderr
    assert "refused to read" in stderr
    assert listener.connections == []
    assert not out.exists() or not any(out.iterdir())


def test_template_that_fetches_is_refused(tmp_path: Path, listener: Listener) -> None:
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nFilm is a 2023 film.\n", encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / "presskit").mkdir(parents=True)
    (templates / "presskit" / "presskit.html").write_text(
        '{% extends "presskit/layout.html" %}\n{% block body %}\n'
        f'<img src="http://127.0.0.1:{listener.port}/img">\n'
        f'<link rel="stylesheet" href="http://127.0.0.1:{listener.port}/css">\n'
        "<p>{{ facts.title }}</p>\n{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    status, stderr = run("pdf", "--templates", str(templates), str(source), "-o", str(out))
    assert_refused(status, stderr, listener, out)


def test_refused_style_exits_2(tmp_path: Path) -> None:
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nFilm is a 2023 film.\n", encoding="utf-8")
    style = tmp_path / "evil.css"
    style.write_text("body { background: url(file:///etc/passwd) }\n", encoding="utf-8")
    args = ("pdf", "--handout", "--style", str(style), str(source), "-o", str(tmp_path / "out"))
    status, stderr = run(*args)
    assert status == 2, stderr
    assert len(stderr.strip().splitlines()) == 1, "the same refusal is said once, not per output"
