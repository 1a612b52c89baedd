"""``filmbook serve`` for real: the command in a process of its own, its pages in Chromium.

Each test starts ``filmbook serve --port 0`` on a copy of the seed in ``tmp_path``, reads
the address it prints, opens the preview in Debian's headless Chromium (the session's
``browser``, driven by Playwright, as the phone tests' is) and edits files: the page
must show each edit by itself, with no reload by the test, an error in place of the page
while a file is broken, and the page again once it is fixed. Nothing waits a fixed time:
each step waits for what the page shows, with a generous timeout for a busy machine.
"""

from __future__ import annotations

import contextlib
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.xdist_group("serve")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"
TIMEOUT = 60.0
"""Seconds for the server to start or stop, on a machine busy with other tests."""
SHOWN = 30_000
"""Milliseconds for a page to show an edit."""
WORD = "Kaleidoscopic"


@dataclass
class Server:
    """A running ``filmbook serve`` and what it printed."""

    process: subprocess.Popen[str]
    url: str
    errors: list[str] = field(default_factory=list)

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; its exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(TIMEOUT)


def _drain(stream: IO[str], lines: queue.Queue[str] | list[str]) -> None:
    for line in stream:
        if isinstance(lines, list):
            lines.append(line)
        else:
            lines.put(line)


@contextlib.contextmanager
def serving(folder: Path, *args: str) -> Iterator[Server]:
    """``filmbook serve ARGS --port 0`` in ``folder``, until the block ends."""
    command = [sys.executable, "-m", "filmbook", "serve", *args, "--port", "0"]
    process = subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    out: queue.Queue[str] = queue.Queue()
    server = Server(process, "")
    assert process.stdout is not None and process.stderr is not None
    readers = [
        threading.Thread(target=_drain, args=(process.stdout, out), daemon=True),
        threading.Thread(target=_drain, args=(process.stderr, server.errors), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        try:
            line = out.get(timeout=TIMEOUT)
        except queue.Empty:
            pytest.fail(f"filmbook serve printed no address: {''.join(server.errors)}")
        assert line.startswith("filmbook: previewing at http://127.0.0.1:"), line
        server.url = line.split()[3]
        yield server
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(TIMEOUT)
        for reader in readers:
            reader.join(TIMEOUT)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A tab of its own for each test."""
    tab = browser.new_page()
    tab.set_default_timeout(SHOWN)  # goto, click: a busy machine is slow
    yield tab
    tab.close()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A copy of the seed, to edit."""
    copy = tmp_path / "films" / SEED.name
    copy.parent.mkdir()
    copy.write_bytes(SEED.read_bytes())
    return copy


def _listening(port: int) -> list[str]:
    """The local addresses of the sockets listening on ``port`` (IPv4 and IPv6), as the
    kernel lists them: ``0100007F`` is 127.0.0.1."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.append(address)
    return found


def test_an_edit_of_the_source_shows_in_the_open_page(page: Page, source: Path) -> None:
    with serving(source.parent.parent, str(source)) as server:
        port = int(server.url.rsplit(":", 1)[1].strip("/"))
        assert _listening(port) == ["0100007F"]  # loopback only, no IPv6 either

        page.goto(server.url)
        expect(page.locator("h1")).to_have_text("All of Us Strangers", timeout=SHOWN)
        page.click("text=Press kit")
        body = page.locator("body")
        expect(body).to_contain_text("Andrew Haigh", timeout=SHOWN)
        assert WORD not in page.content()

        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Andrew Haigh", f"Andrew {WORD}", 1), encoding="utf-8")
        expect(body).to_contain_text(f"Andrew {WORD}", timeout=SHOWN)
        assert page.url == server.url + "presskit.html"

        assert server.stop() in (0, 130)
        assert "Traceback" not in "".join(server.errors)
        assert _listening(port) == []


def test_errors_show_on_the_page_until_the_file_is_fixed(
    page: Page, source: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    (templates / "presskit").mkdir(parents=True)
    style = tmp_path / "look.css"
    style.write_text("h1 { color: #222 }\n", encoding="utf-8")
    args = (str(source), "--templates", str(templates), "--style", str(style))
    with serving(tmp_path, *args) as server:
        page.goto(server.url + "presskit-handout.html")
        body = page.locator("body")
        expect(body).to_contain_text("All of Us Strangers", timeout=SHOWN)

        handout = templates / "presskit" / "handout.html"
        handout.write_text("{% extends 'presskit/layout.html' %}{% block body %}{{ (", "utf-8")
        expect(body).to_contain_text("template error", timeout=SHOWN)
        handout.write_text(
            "{% extends 'presskit/layout.html' %}{% block body %}"
            "<p>Our own sheet for {{ facts.title }}</p>{% endblock %}",
            "utf-8",
        )
        expect(body).to_contain_text("Our own sheet for All of Us Strangers", timeout=SHOWN)

        text = source.read_text(encoding="utf-8")
        source.write_text("", encoding="utf-8")
        expect(body).to_contain_text(f"{source}:1: is empty", timeout=SHOWN)
        source.write_text(text, encoding="utf-8")
        expect(body).to_contain_text("Our own sheet", timeout=SHOWN)

        style.write_text("h1 {\n  color #222\n}\n", encoding="utf-8")
        expect(body).to_contain_text(f"{style}:2: CSS error", timeout=SHOWN)
        style.write_text("h1 { color: #222 }\n", encoding="utf-8")
        expect(body).to_contain_text("Our own sheet", timeout=SHOWN)

        assert server.process.poll() is None  # up all along
        assert server.stop() in (0, 130)
        errors = "".join(server.errors)
        assert "template error" in errors and "Traceback" not in errors
