"""Hostile and broken sources through the real ``filmbook build``: a whole build or one line.

Every file of ``tests/data/bad`` (and the huge ones ``make_corpus.py`` writes) is built
alone into a folder of its own, with ``filmbook.cli.main`` as the command runs it. What each
must do is in ``tests/data/bad/EXPECTED.toml``: either it builds a press kit, a handout and
an EPUB that their readers' tools accept (pypdf, pdftotext, zipfile, EPUBCheck in one JVM
for all of them) with every word of the source in the press kit and in the EPUB; or it
stops with exit status 2, one line ``filmbook: error: PATH:LINE: MESSAGE`` on stderr and
nothing in the output folder. Never a traceback, never a hang (each build has a time
limit), never a partial output.

A case under ``material/`` is a folder: a source (``film.txt`` or ``film.xml``) with its
press-material file ``film.toml`` and images; the error its build must stop with names
the file ``file`` of ``EXPECTED.toml`` (the TOML file) rather than the source.

The huge files that build (a line of a million characters, a table of 5,000 rows) take
15 to 30 s each: they are built only with ``--slow``; the default run checks that they
are read and planned in seconds.
"""

from __future__ import annotations

import contextlib
import io
import logging
import shutil
import signal
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from epubcheck_runner import Report, check_all
from filmbook.build import Options, plan
from filmbook.cli import main
from filmbook.plan import make_facts
from outputs import epub_text, missing_from_pdf
from wordcheck import missing_words, printed_words, words

sys.path.insert(0, str(Path(__file__).parent / "data" / "bad"))
import make_corpus

pytestmark = pytest.mark.xdist_group("bad-input")

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads((BAD / "EXPECTED.toml").read_text("utf-8"))
TIMEOUT = 180  # seconds: a build that takes longer has hung
MATERIAL = "material"
SUFFIXES = (".txt", ".wiki", ".xml")
MANIFEST = ".filmbook-manifest.json"


def _slow(name: str) -> bool:
    return bool(EXPECTED[name].get("slow"))


def _cases(kind: str | None = None) -> list[Any]:
    """The corpus's names, the slow ones marked, of one kind (``builds`` or ``error``)."""
    return [
        pytest.param(name, marks=[pytest.mark.slow] if _slow(name) else [], id=name)
        for name, case in EXPECTED.items()
        if kind is None or case["expect"].startswith(kind)
    ]


# --- running the real command --------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one ``filmbook build`` of one source did."""

    source: Path
    out: Path
    status: int
    stderr: str
    seconds: float

    @property
    def files(self) -> set[str]:
        return {path.name for path in self.out.iterdir()} if self.out.is_dir() else set()


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail a call that runs longer than ``seconds`` rather than hang the test run."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_build(source: Path, out: Path, *extra: str) -> Outcome:
    """``filmbook -q build SOURCE -o OUT -j 1`` in this process, its stderr captured."""
    logger = logging.getLogger("filmbook")
    saved = (list(logger.handlers), logger.propagate, logger.level)
    stderr = io.StringIO()
    started = time.perf_counter()
    try:
        with time_limit(TIMEOUT), contextlib.redirect_stderr(stderr):
            status = main(["-q", "build", str(source), "-o", str(out), "-j", "1", *extra])
    finally:
        logger.handlers[:], logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])
    return Outcome(source, out, status, stderr.getvalue(), time.perf_counter() - started)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The committed files and the generated ones (the slow ones only with --slow)."""
    folder = tmp_path_factory.mktemp("bad")
    shutil.copytree(BAD / MATERIAL, folder / MATERIAL)  # with the image outside every case
    for name, case in EXPECTED.items():
        if not case.get("generated") and not name.startswith(f"{MATERIAL}/"):
            (folder / name).write_bytes((BAD / name).read_bytes())
    wanted = [
        name
        for name, case in EXPECTED.items()
        if case.get("generated") and (request.config.getoption("--slow") or not _slow(name))
    ]
    make_corpus.make(folder, wanted)
    return folder


@pytest.fixture(scope="module")
def outcomes(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    """Every file of the corpus built alone, once."""
    out = tmp_path_factory.mktemp("out")
    return {name: run_build(path, out / name) for name, path in _sources(corpus).items()}


@pytest.fixture(scope="module")
def epubcheck(outcomes: dict[str, Outcome]) -> dict[str, Report]:
    """EPUBCheck on every EPUB built, in one JVM."""
    epubs = {
        name: epub
        for name, outcome in outcomes.items()
        if outcome.status == 0
        for epub in outcome.out.glob("*.epub")
    }
    reports = check_all(list(epubs.values()))
    return {name: reports[path] for name, path in epubs.items()}


def test_every_file_of_the_corpus_has_an_expectation() -> None:
    committed = set(_sources(BAD))
    generated = set(make_corpus.FILES) | set(make_corpus.MATERIAL)
    assert committed | generated == set(EXPECTED)
    assert not committed & generated
    assert all(
        bool(case.get("generated")) == (name in generated) for name, case in EXPECTED.items()
    )
    assert len(EXPECTED) >= 30


# --- each file does what it must -----------------------------------------------------------


@pytest.mark.parametrize("name", _cases("error"))
def test_a_bad_source_stops_with_one_line_and_writes_nothing(
    name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[name]
    _, line, fragment = EXPECTED[name]["expect"].split(": ", 2)
    assert outcome.status == 2, outcome.stderr
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    named = outcome.source.parent / EXPECTED[name].get("file", outcome.source.name)
    assert lines[0].startswith(f"filmbook: error: {named}:{line}: "), lines[0]
    assert fragment in lines[0]
    assert not outcome.files, "a refused source writes nothing"


@pytest.mark.parametrize("name", _cases("builds"))
def test_a_source_that_builds_makes_every_output_whole(
    name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[name]
    assert outcome.status == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr and "error" not in outcome.stderr, outcome.stderr
    slug = _slug(outcome)
    assert outcome.files == {f"{slug}.pdf", f"{slug}-handout.pdf", f"{slug}.epub", MANIFEST}
    if "slug" in EXPECTED[name]:
        assert slug == EXPECTED[name]["slug"]
    presskit = PdfReader(outcome.out / f"{slug}.pdf")
    assert len(presskit.pages) >= 1
    assert 1 <= len(PdfReader(outcome.out / f"{slug}-handout.pdf").pages) <= 2
    with zipfile.ZipFile(outcome.out / f"{slug}.epub") as book:
        assert book.testzip() is None
        assert book.namelist()[0] == "mimetype"


@pytest.mark.parametrize("name", _cases("builds"))
def test_every_word_of_the_source_is_in_the_press_kit_and_the_epub(
    name: str, outcomes: dict[str, Outcome]
) -> None:
    outcome = outcomes[name]
    expected = printed_words(outcome.source.read_bytes().decode("utf-8-sig"))
    slug = _slug(outcome)
    assert not missing_words(expected, words(epub_text(outcome.out / f"{slug}.epub")))
    assert not missing_from_pdf(expected, outcome.out / f"{slug}.pdf")


def test_epubcheck_finds_nothing_in_any_epub(
    epubcheck: dict[str, Report], outcomes: dict[str, Outcome]
) -> None:
    built = {name for name, outcome in outcomes.items() if outcome.status == 0}
    assert set(epubcheck) == built
    assert {name: report.messages for name, report in epubcheck.items() if not report.clean} == {}


def test_the_real_command_reports_every_bad_source_in_one_line_each(
    corpus: Path, tmp_path: Path
) -> None:
    """One real process over every refused source: exit 2, one line each, nothing written."""
    sources = _sources(corpus)
    bad = [sources[name] for name, case in EXPECTED.items() if case["expect"].startswith("error")]
    out = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "filmbook", "-q", "build", *map(str, bad), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert len(lines) == len(bad), done.stderr
    assert all(line.startswith("filmbook: error: ") for line in lines), done.stderr
    assert not out.exists() or not list(out.iterdir())


def test_huge_sources_are_read_and_planned_in_seconds(tmp_path: Path) -> None:
    """The slow part of a huge source is WeasyPrint's; reading and planning are linear.

    A lead of a million characters without a full stop once took the press kit's planner
    hours (a quadratic sentence regex); 10,000 headings stop at the line limit at once.
    """
    paths = make_corpus.make(tmp_path)
    started = time.perf_counter()
    with time_limit(60):
        jobs, failed = plan(paths, Options(out_dir=tmp_path / "out"))
        for job in jobs:
            make_facts(job.article)
    assert time.perf_counter() - started < 20
    built = {Path(job.source.path).name for job in jobs}
    assert built == {name for name in make_corpus.FILES if EXPECTED[name]["expect"] == "builds"}
    assert len(failed) == len(make_corpus.FILES) + len(make_corpus.MATERIAL) - len(built)


# --- output paths ----------------------------------------------------------------------------

AWKWARD_NAMES = ["..txt", "...txt", ".txt", "-.txt", "CON.txt", "nul.txt", " .txt", "~.txt"]
AWKWARD_TITLES = ["../../x", "..", "/", "CON", "?!…", "\\..\\..\\x", "キュア", "NUL.pdf", "."]


def test_slugs_and_output_paths_never_leave_the_output_folder(tmp_path: Path) -> None:
    """Awkward titles and file names, EPUB only (fast): every file lands in the folder."""
    sources = tmp_path / "deep" / "sources"
    sources.mkdir(parents=True)
    for number, (name, title) in enumerate(zip(AWKWARD_NAMES, AWKWARD_TITLES, strict=False)):
        (sources / name).write_text(f"= {title} =\n\nFilm number {number}.\n", encoding="utf-8")
    for title in AWKWARD_TITLES[len(AWKWARD_NAMES) :]:
        (sources / f"t{len(title)}.txt").write_text(f"= {title} =\n\nText.\n", "utf-8")
    out = tmp_path / "deep" / "dist"
    before = set(tmp_path.rglob("*"))
    paths = sorted(str(path) for path in sources.iterdir())
    with time_limit(TIMEOUT):
        status = main(["-q", "epub", *paths, "-o", str(out)])
    assert status == 0
    written = set(tmp_path.rglob("*")) - before
    assert written, "nothing was written"
    assert all(path.parent == out or path == out for path in written), written
    names = {path.name for path in out.iterdir()}
    assert len(names) == len(paths), "one EPUB per source, none overwriting another"
    assert all(name.endswith(".epub") and not name.startswith((".", "-")) for name in names)


# --- helpers -------------------------------------------------------------------------------


def _sources(folder: Path) -> dict[str, Path]:
    """The corpus's sources by case name: its files (plain text, wikitext and XML
    exports), and the source of each folder under ``material/`` (``material/bomb``)."""
    found = {p.name: p for p in folder.iterdir() if p.suffix in SUFFIXES}
    cases = (folder / MATERIAL).iterdir() if (folder / MATERIAL).is_dir() else iter(())
    for case in (path for path in cases if path.is_dir()):
        for source in (p for p in case.iterdir() if p.suffix in SUFFIXES):
            found[f"{MATERIAL}/{case.name}"] = source
    return dict(sorted(found.items()))


def _slug(outcome: Outcome) -> str:
    return next(name for name in outcome.files if name.endswith(".epub")).removesuffix(".epub")
