"""The output commands end to end: pdf, html, epub and build, through ``cli.main``."""

from __future__ import annotations

import concurrent.futures
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from filmbook.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "source" / "all-of-us-strangers.txt"
SHORT = "= Short Film (2001 film) =\n\nShort Film is a 2001 film.\n\n== Plot ==\nA plot.\n"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    shutil.copy(FIRST, folder)
    (folder / "short.txt").write_text(SHORT, encoding="utf-8")
    (folder / "other.txt").write_text(SHORT.replace("Short Film", "Other Film"), "utf-8")
    return folder


@pytest.fixture(scope="module")
def built(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    out = tmp_path_factory.mktemp("dist")
    return out, main(["-q", "build", str(sources), "-o", str(out), "--jobs", "2"])


def test_build_makes_every_output_for_every_source(built: tuple[Path, int]) -> None:
    out, status = built
    assert status == 0
    names = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    for slug in ("all-of-us-strangers", "short-film-2001-film", "other-film-2001-film"):
        assert {f"{slug}.pdf", f"{slug}-handout.pdf", f"{slug}.epub"} <= names
        assert (out / f"{slug}.pdf").read_bytes().startswith(b"%PDF-")
        assert (out / f"{slug}.epub").read_bytes().startswith(b"PK")


def test_a_second_build_is_a_no_op(
    built: tuple[Path, int], sources: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, _ = built
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert main(["build", str(sources), "-o", str(out)]) == 0
    assert "0 built, 9 up to date, 0 failed" in capsys.readouterr().err
    after = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert {k: v for k, v in after.items() if not k.startswith(".")} == {
        k: v for k, v in before.items() if not k.startswith(".")
    }


def test_build_goes_on_past_a_bad_source_and_exits_2(
    sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("no title\n", encoding="utf-8")
    status = main(["build", str(sources / "short.txt"), str(bad), "-o", str(tmp_path / "o")])
    assert status == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert (
        err[0] == f"filmbook: error: {bad}:1: no title line: the file must start with '= Title ='"
    )
    assert re.fullmatch(r"3 built, 0 up to date, 0 failed, 1 source refused in [\d.]+ s", err[-1])
    assert (tmp_path / "o" / "short-film-2001-film.epub").is_file()


def test_pdf_with_a_bad_source_writes_nothing(
    sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"= Title =\n\n\xff\xfe broken\n")
    out = tmp_path / "o"
    assert main(["pdf", str(sources / "short.txt"), str(bad), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"filmbook: error: {bad}:3: not UTF-8 (byte 0xff at column 1); save it as UTF-8"
    )
    assert not out.exists()


def test_pdf_handout_and_paper(sources: Path, tmp_path: Path) -> None:
    out = tmp_path / "o"
    args = ["-q", "pdf", str(sources / "short.txt"), "--handout", "--paper", "letter"]
    assert main([*args, "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "short-film-2001-film-handout.pdf",
        "short-film-2001-film.pdf",
    ]
    box = PdfReader(out / "short-film-2001-film.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize("command", [["pdf", "--handout"], ["epub"], ["html"]], ids=str)
def test_pdf_epub_and_html_in_two_worker_processes_write_what_one_writes(
    command: list[str], sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-j 2`` (the default on two cores) renders the sources in a process pool, as
    ``build`` does; every file is the same, byte for byte, as one process makes it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pools: list[int] = []

    class Pool(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, workers: int, *args: Any, **kwargs: Any) -> None:
            pools.append(workers)
            super().__init__(workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    shorts = [str(sources / "short.txt"), str(sources / "other.txt")]
    written: list[dict[str, bytes]] = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        assert main(["-q", *command, *shorts, "-o", str(out), "-j", jobs]) == 0
        written.append(
            {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        )
    assert pools == [2]  # -j 1 rendered here, -j 2 in two worker processes
    assert written[0] == written[1]
    assert {name for name in written[1] if "film-2001-film" in name} >= {
        name.replace("short", "other") for name in written[1] if name.startswith("short")
    }


@pytest.mark.parametrize("jobs", ["0", "-3", "two"])
def test_jobs_must_be_a_whole_number_of_one_or_more(
    jobs: str, sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the project file's ``jobs``: ``-j 0`` is refused, not taken for one."""
    with pytest.raises(SystemExit) as stopped:
        main(["pdf", str(sources / "short.txt"), "-o", str(tmp_path), "-j", jobs])
    assert stopped.value.code == 2
    assert "argument -j/--jobs: " in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_html_writes_a_preview_with_its_styles(sources: Path, tmp_path: Path) -> None:
    assert main(["-q", "html", str(sources / "short.txt"), "-o", str(tmp_path)]) == 0
    html = (tmp_path / "short-film-2001-film.html").read_text(encoding="utf-8")
    assert "Short Film" in html
    for href in ("styles/base.css", "styles/presskit.css"):
        assert href in html and (tmp_path / href).is_file()


def test_a_missing_style_is_a_clean_error(
    sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.css"
    assert main(["pdf", str(sources / "short.txt"), "--style", str(missing)]) == 2
    assert capsys.readouterr().err == f"filmbook: error: {missing}: no such stylesheet\n"


@pytest.mark.parametrize("command", ["--help", "json", "check", "epub"])
def test_commands_that_make_no_pdf_never_import_weasyprint(
    command: str, sources: Path, tmp_path: Path
) -> None:
    args = [command] if command == "--help" else [command, str(sources / "short.txt")]
    if command == "epub":
        args += ["-o", str(tmp_path)]
    probe = (
        "import sys; from filmbook.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('weasyprint' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert done.stderr.strip().splitlines()[-1] == "False"
