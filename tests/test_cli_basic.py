"""The ``json`` and ``check`` commands, ``--help`` and ``--version``, and bad input.

Called through ``filmbook.cli.main(argv)`` with the output captured, and once as a real
process (``python -m filmbook``). Bad input is one line on stderr, exit status 2 and no
traceback; ``check`` reports it as ``path:line: error: message`` and exits 1.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from filmbook import __version__
from filmbook.cli import main

ROOT = Path(__file__).resolve().parent.parent
FORMAT = ROOT / "tests" / "data" / "format"
SEED = "source/all-of-us-strangers.txt"
SEED_GOLDEN = ROOT / "tests" / "golden" / "all-of-us-strangers.json"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """``main`` points the ``filmbook`` logger at this test's stderr; undo it afterwards."""
    logger = logging.getLogger("filmbook")
    handlers, propagate, level = logger.handlers[:], logger.propagate, logger.level
    yield
    logger.handlers[:] = handlers
    logger.propagate = propagate
    logger.setLevel(level)


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, as the README's commands do."""
    monkeypatch.chdir(ROOT)
    return ROOT


def test_json_prints_the_article(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["json", SEED]) == 0
    out, err = capsys.readouterr()
    assert out == SEED_GOLDEN.read_text(encoding="utf-8")
    assert err == ""  # the first article has nothing to warn about


def test_json_of_several_sources_is_an_array(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = ["tests/data/format/title-disambiguator.txt", "tests/data/format/infobox-none.txt"]
    assert main(["json", *sources]) == 0
    articles = json.loads(capsys.readouterr().out)
    assert [article["source"] for article in articles] == sources
    assert [article["title"] for article in articles] == ["House", "Tampopo"]


def test_json_logs_warnings_on_stderr(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["json", "tests/data/format/cut-mid-word.txt"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["title"] == "Tampopo"
    assert err == (
        "tests/data/format/cut-mid-word.txt:6: warning: "
        "the file ends without a line break: the export may be cut here\n"
    )


def test_json_quiet_logs_nothing(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--quiet", "json", "tests/data/format/cut-mid-word.txt"]) == 0
    assert capsys.readouterr().err == ""


def test_check_prints_every_diagnostic(at_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "tests/data/format/infobox-residue.txt"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "tests/data/format/infobox-residue.txt:7: warning: "
        "infobox field 'Gross' is 'million': the number was lost",
        "tests/data/format/infobox-residue.txt:8: warning: "
        "infobox field 'Budget' has no value (template residue)",
    ]
    assert err == ""


def test_check_of_a_clean_source_prints_nothing(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", SEED]) == 0
    assert capsys.readouterr() == ("", "")


def test_check_reports_a_refused_source_and_goes_on(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = ["tests/data/format/title-missing.txt", "tests/data/format/cut-mid-line.txt"]
    assert main(["check", *sources]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "tests/data/format/title-missing.txt:1: error: "
        "no title line: the file must start with '= Title ='",
        "tests/data/format/cut-mid-line.txt:9: warning: "
        "the file ends without a line break: the export may be cut here",
    ]


def test_check_of_a_folder_reads_every_source_in_it(
    at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "tests/data/format"]) == 1  # two fixtures have no title
    errors = [line for line in capsys.readouterr().out.splitlines() if ": error: " in line]
    assert errors == [
        "tests/data/format/title-missing-heading.txt:2: error: "
        "no title line: the file must start with '= Title ='",
        "tests/data/format/title-missing.txt:1: error: "
        "no title line: the file must start with '= Title ='",
    ]


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: filmbook")
    assert "json" in out and "check" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"filmbook {__version__}\n"


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "line", "message"),
    [
        ("empty.txt", b"", 1, "is empty"),
        ("blank.txt", b"\n \n\t\n", 1, "is empty"),
        (
            "latin1.txt",
            "= Cléo =\n\nCléo is a film.\n".encode("latin-1"),
            1,
            "not UTF-8 (byte 0xe9 at column 5); save it as UTF-8",
        ),
        (
            "latin1-later.txt",
            "= Cleo =\n\nCléo is a film.\n".encode("latin-1"),
            3,
            "not UTF-8 (byte 0xe9 at column 3); save it as UTF-8",
        ),
        ("utf16.txt", "= Cléo =\n".encode("utf-16"), 1, "is UTF-16; save it as UTF-8"),
        (
            "untitled.txt",
            b"Tampopo\n\nTampopo is a film.",  # no final line break: still one line
            1,
            "no title line: the file must start with '= Title ='",
        ),
        (
            "heading-first.txt",
            b"\n\n== Plot ==\nA truck driver.\n",
            3,
            "no title line: the file must start with '= Title ='",
        ),
        ("bom-only.txt", codecs.BOM_UTF8 + b"\n", 1, "is empty"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    line: int,
    message: str,
) -> None:
    path = _write(tmp_path, name, data)
    assert main(["json", path]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"filmbook: error: {path}:{line}: {message}\n"


def test_a_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "nowhere.txt")
    assert main(["json", path]) == 2
    assert capsys.readouterr().err == f"filmbook: error: {path}:0: no such file\n"


def test_a_folder_without_sources_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder is expanded to the sources in it (`filmbook json source/`), so a folder is
    # bad input only when it holds none; line 0 stands for the file or folder as a whole.
    assert main(["json", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == f"filmbook: error: {tmp_path}:0: a folder with no *.txt, *.wiki or *.xml source in it\n"
    )
    assert err.count("\n") == 1


def test_an_oversized_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "huge.txt", b"= Huge =\n\n" + b"word " * (1024 * 1024))
    assert main(["json", path]) == 2
    assert capsys.readouterr().err == f"filmbook: error: {path}:0: larger than 1 MiB\n"


def test_a_pipe_is_refused_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reading a pipe would wait for a writer forever."""
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert main(["json", str(pipe)]) == 2
    assert capsys.readouterr().err == (
        f"filmbook: error: {pipe}:0: not a regular file (a pipe, a device or a socket)\n"
    )


def test_a_name_too_long_to_examine_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / ("a" * 300 + ".txt"))
    assert main(["json", path]) == 2
    assert (
        capsys.readouterr().err == f"filmbook: error: {path}:0: cannot read: File name too long\n"
    )


def test_a_line_break_in_a_file_name_stays_on_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name is printed with its control characters escaped: one error, one line."""
    path = _write(tmp_path, "two\nfilmbook: error: lines.txt", b"no title\n")
    assert main(["json", path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"filmbook: error: {tmp_path}/two\\nfilmbook: error: lines.txt:1: ")


def test_check_reports_unreadable_sources(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = _write(tmp_path, "empty.txt", b"")
    latin = _write(tmp_path, "latin1.txt", "= Cléo =\n".encode("latin-1"))
    assert main(["check", empty, latin]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{empty}:1: error: is empty",
        f"{latin}:1: error: not UTF-8 (byte 0xe9 at column 5); save it as UTF-8",
    ]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "filmbook", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_python_dash_m_filmbook_prints_the_json() -> None:
    done = _run("json", SEED)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == SEED_GOLDEN.read_text(encoding="utf-8")


def test_python_dash_m_filmbook_fails_without_a_traceback() -> None:
    done = _run("json", "tests/data/format/title-missing.txt")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "filmbook: error: tests/data/format/title-missing.txt:1: "
        "no title line: the file must start with '= Title ='\n"
    )


def test_the_source_note_is_set_and_turned_off_from_the_command_line(
    tmp_path: Path, at_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://example.org/wiki/Film"
    assert main(["epub", SEED, "-o", str(tmp_path / "a"), "--source-url", url]) == 0
    with zipfile.ZipFile(tmp_path / "a" / "all-of-us-strangers.epub") as book:
        assert url in book.read("EPUB/credits.xhtml").decode()
    assert main(["epub", SEED, "-o", str(tmp_path / "b"), "--licence", "none"]) == 0
    with zipfile.ZipFile(tmp_path / "b" / "all-of-us-strangers.epub") as book:
        assert "EPUB/credits.xhtml" not in book.namelist()
    capsys.readouterr()
    two = [SEED, "tests/data/format/lead-gaps.txt", "-o", str(tmp_path / "c")]
    assert main(["epub", *two, "--revision", "42"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "filmbook: error: --source-url and --revision name one article: give one SOURCE"
    ]
    assert not (tmp_path / "c").exists()
