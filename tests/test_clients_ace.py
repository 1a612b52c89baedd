"""The EPUB checked by DAISY Ace, the accessibility checker publishers run: no violation.

Ace (``tests/clients``, installed by ``scripts/setup-clients.sh``) opens each book in
Debian's Chromium through its puppeteer runner and runs axe on every content document,
besides its own checks of the package. Its runs take a few seconds a book, so they run
in one test, two at a time, on the first article, CJK articles, tables of accolades and
of thirty columns, a table with unnamed columns, markup in every field, a title with
nothing else and two books read from wikitext (note marks, endnotes, runs tagged with a
language), the sample festival catalogue (its indexes); and on a book spoilt on purpose,
to show that what Ace finds is seen.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from client_books import CHROMIUM, build_books, unzip

# The group asks `pytest -n N --dist loadgroup` to keep these tests on one worker (which
# pytest-xdist 3.8 no longer does under pytest 9: hence Ace's one test).
pytestmark = pytest.mark.xdist_group("ace")

HERE = Path(__file__).resolve().parent
ACE = HERE / "clients" / "node_modules" / ".bin" / "ace-puppeteer"
BOOKS = [
    "first",
    "first-with-material",
    "parity/cjk",
    "epub/japanese",
    "epub/hostile-markup",
    "parity/title-only",
    "format/table-five-cells",
    "format/table-ragged-rows",
    "pdf/wide-tables",
    "wikitext/all-of-us-strangers",
    "wikitext/cure",
    "wikitext/references-everywhere",
    "catalogue",
]
BROKEN = "broken"  # the first book, its title page without a language
TIMEOUT = 300  # seconds for one book: Ace takes a few on an idle machine
ENVIRONMENT = {
    "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM),
    # Chromium's start may take longer than Ace's 5 s on a busy machine.
    "ACE_TIMEOUT_INITIAL": "60000",
}


@dataclass(frozen=True)
class Report:
    """What Ace found in one book: the documents it checked and every violation."""

    documents: frozenset[str]
    violations: tuple[str, ...]


def _report(data: dict[str, Any]) -> Report:
    documents = set()
    violations = []
    for checked in data["assertions"]:
        subject = checked["earl:testSubject"]["url"]
        documents.add(Path(subject).name)
        for found in checked["assertions"]:
            test, result = found["earl:test"], found["earl:result"]
            where = ", ".join(result.get("earl:pointer", {}).get("css", []))
            violations.append(
                f"{subject}: {test['dct:title']} ({test['earl:impact']}): "
                f"{result['dct:description']} {where}".strip()
            )
    return Report(frozenset(documents), tuple(violations))


def _ace(book: Path) -> Report:
    """Ace's report on ``book``, written beside it."""
    out = book.with_suffix("")
    subprocess.run(
        [str(ACE), "--silent", "--force", "--outdir", str(out), str(book)],
        check=True,
        env={**os.environ, **ENVIRONMENT},
        timeout=TIMEOUT,
    )
    return _report(json.loads((out / "report.json").read_text(encoding="utf-8")))


def _broken(book: Path) -> Path:
    """A copy of ``book`` whose title page says no language: Ace must report it."""
    out = io.BytesIO()
    with zipfile.ZipFile(book) as original, zipfile.ZipFile(out, "w") as copy:
        for entry in original.infolist():
            content = original.read(entry)
            if entry.filename.endswith("/title.xhtml"):
                content = re.sub(rb' (?:xml:)?lang="[^"]*"', b"", content, count=2)
            copy.writestr(entry, content)
    broken = book.with_name(f"{BROKEN}.epub")
    broken.write_bytes(out.getvalue())
    return broken


@pytest.fixture
def books(tmp_path: Path) -> dict[str, Path]:
    """Every book Ace checks, the spoilt one too."""
    if not ACE.exists():
        pytest.fail(f"{ACE} is missing: scripts/setup-clients.sh installs it")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/setup-system.sh installs it")
    paths = build_books(BOOKS, tmp_path)
    paths[BROKEN] = _broken(paths["first"])
    return paths


def _ace_all(books: dict[str, Path]) -> dict[str, Report]:
    """Ace's report on every book, two runs at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(books, pool.map(_ace, books.values()), strict=True))


def test_ace_finds_no_violation_in_any_book(books: dict[str, Path], tmp_path: Path) -> None:
    # One test for every book and for the spoilt one, not one per book: pytest-xdist
    # would run Ace on all the books again on each worker that ran one of them (with
    # pytest 9 it no longer keeps a group of tests on one worker).
    reports = _ace_all(books)
    spoilt = reports.pop(BROKEN).violations
    assert len(spoilt) == 1, spoilt
    assert spoilt[0].startswith("title.xhtml: html-has-lang (serious)"), spoilt
    for name, report in reports.items():
        documents = {path.name for path in unzip(books[name], tmp_path / "unzipped" / name)}
        assert documents <= report.documents, f"{name}: Ace did not check every document"
    found = {name: report.violations for name, report in reports.items() if report.violations}
    assert not found, "\n".join(
        f"{name}:\n" + "\n".join(f"    {violation}" for violation in violations)
        for name, violations in found.items()
    )
