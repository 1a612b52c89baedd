"""The project file, filmbook.toml: its keys become default options, the command line wins,
and anything wrong in it is one ``path:line: message`` error with exit status 2."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from filmbook.cli import main
from filmbook.config import key_line, merge, read_project
from filmbook.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"

EVERY_KEY = """\
# The press office's settings.
output-dir = "press"
paper = "letter"
print-marks = true
pdf-variant = "pdf/ua-1"
style = "look/house.css"
templates = "look/templates"
jobs = 3
licence = "cc-by-4.0"
"""


def _project(folder: Path, text: str) -> Path:
    (folder / "look" / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "look" / "house.css").write_text("body { color: black }\n", encoding="utf-8")
    path = folder / "filmbook.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_becomes_an_option_with_paths_beside_the_file(tmp_path: Path) -> None:
    project = read_project(_project(tmp_path, EVERY_KEY))
    assert project == {
        "output-dir": tmp_path / "press",
        "paper": "letter",
        "print-marks": True,
        "pdf-variant": "pdf/ua-1",
        "style": tmp_path / "look" / "house.css",
        "templates": tmp_path / "look" / "templates",
        "jobs": 3,
        "licence": "cc-by-4.0",
    }


def test_no_project_file_is_no_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert read_project(None) == {}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('paper = "a4"\n\nformat = "pdf"\n', 3, "unknown key 'format' (the keys are output-dir,"),
        ('paper = "a4"\n[build]\njobs = 2\n', 2, "unknown key 'build'"),
        ('paper = "a4"\nbuild.jobs = 2\n', 2, "unknown key 'build'"),
        ('# paper\n"paper" = "a5"\n', 2, "paper must be one of a4, letter: 'a5'"),
        ("paper = 4\n", 1, "paper must be a string, not an integer"),
        ('\nprint-marks = "yes"\n', 2, "print-marks must be true or false, not a string"),
        ("jobs = true\n", 1, "jobs must be a whole number, not a boolean"),
        ("jobs = 0\n", 1, "jobs must be at least 1: 0"),
        ('jobs = 2\npdf-variant = "pdf/x"\n', 2, "pdf-variant must be one of pdf/ua-1"),
        ("licence = [1]\n", 1, "licence must be a string, not an array"),
        ('\n\nstyle = "missing.css"\n', 3, "style: no such file"),
        ('templates = "nowhere"\n', 1, "templates: no such folder"),
        ('output-dir = ""\n', 1, "output-dir must name a folder"),
        ('paper = "a4"\npaper = "letter"\n', 2, "not TOML: Cannot overwrite a value"),
        ('\n\npaper = "a4\n', 3, "not TOML: "),
    ],
)
def test_a_bad_project_file_is_one_error_on_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "filmbook.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_project(path)
    assert (raised.value.path, raised.value.line) == (str(path), line)
    assert message in raised.value.message
    assert "\n" not in str(raised.value)


def test_key_line_skips_keys_of_tables() -> None:
    text = "[build]\njobs = 2\n"
    assert key_line(text, "jobs") == 0
    assert key_line(text, "build") == 1
    assert key_line("\n  'jobs'  = 2\n", "jobs") == 2


def test_the_command_line_wins_over_the_file_and_the_file_over_the_defaults(
    tmp_path: Path,
) -> None:
    project = read_project(_project(tmp_path, EVERY_KEY))
    args = argparse.Namespace(command="build", paper="a4", print_marks=None, jobs=None)
    args.output_dir = args.style = args.templates = args.pdf_variant = args.licence = None
    merge(args, project)
    assert args.paper == "a4"  # given
    assert (args.print_marks, args.jobs, args.output_dir) == (True, 3, tmp_path / "press")
    bare = argparse.Namespace(command="build", paper=None, jobs=None)
    merge(bare, {})
    assert bare.paper == "a4" and bare.jobs >= 1
    assert not hasattr(bare, "style")  # not an option of this command: left alone


def test_a_project_style_is_for_print_never_the_epub(tmp_path: Path) -> None:
    project = read_project(_project(tmp_path, EVERY_KEY))
    epub = argparse.Namespace(command="epub", style=None, templates=None, licence=None)
    merge(epub, project)
    assert epub.style is None
    assert epub.templates == tmp_path / "look" / "templates"


def test_html_takes_its_defaults_from_the_project_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, 'output-dir = "press"\npaper = "letter"\nprint-marks = true\n')
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "html", str(SEED)]) == 0
    html = (tmp_path / "press" / "all-of-us-strangers.html").read_text(encoding="utf-8")
    assert "paper-letter.css" in html and "print-marks.css" in html

    assert main(["-q", "html", str(SEED), "-o", "here", "--paper", "a4", "--no-print-marks"]) == 0
    html = (tmp_path / "here" / "all-of-us-strangers.html").read_text(encoding="utf-8")
    assert "paper-a4.css" in html and "print-marks.css" not in html


def test_config_names_another_project_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "press.toml").write_text('output-dir = "out"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "--config", "team/press.toml", "html", str(SEED)]) == 0
    assert (tmp_path / "team" / "out" / "all-of-us-strangers.html").is_file()

    assert main(["--config", "missing.toml", "html", str(SEED)]) == 2
    assert capsys.readouterr().err == "filmbook: error: missing.toml:0: no such project file\n"


def test_a_bad_project_file_stops_the_command_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "filmbook.toml").write_text('paper = "a4"\npapper = "letter"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["html", str(SEED)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "filmbook: error: filmbook.toml:2: unknown key 'papper' (did you mean 'paper'?)"
    )
    assert err.count("\n") == 1
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["serve", "--help"]])
def test_help_says_the_command_line_overrides_the_project_file(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    out = " ".join(capsys.readouterr().out.split())
    assert "filmbook.toml" in out
    assert "The command line overrides the project file" in out
