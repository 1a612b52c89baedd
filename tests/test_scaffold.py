"""``filmbook init SOURCE``: a commented press-material file from what the article says."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from filmbook.cli import main
from filmbook.material import read_material
from filmbook.reader import read_sources

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"
EXPORT = ROOT / "tests" / "data" / "bad" / "material" / "export-top-level" / "film.xml"


def test_init_writes_a_file_that_reads_back_with_what_the_article_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "all-of-us-strangers.txt"
    shutil.copy(SEED, source)
    assert main(["init", str(source)]) == 0
    written = tmp_path / "all-of-us-strangers.toml"
    assert f"wrote {written}" in capsys.readouterr().err
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# Press material for All of Us Strangers\n")
    table = tomllib.loads(text)
    assert table["logline"].startswith("All of Us Strangers is a 2023 British")
    assert table["facts"] == {
        "Runtime": "105 minutes",
        "Country": "United Kingdom",
        "Language": "English",
    }
    assert table["attribution"] == {"licence": "cc-by-sa-4.0"}
    for field in ("[poster]", "[[stills]]", "[[contacts]]", "[[sales]]", "[social]", "website"):
        assert f"# {field}" in text, field  # present, commented out: the article has none
    assert '# festival = "Chicago International Film Festival"' in text  # a laurel candidate
    material = read_material(next(iter(read_sources(source))))  # type: ignore[arg-type]
    assert material is not None and material.poster is None


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nFilm is a film.\n", encoding="utf-8")
    (tmp_path / "film.toml").write_text("# mine\n", encoding="utf-8")
    assert main(["init", str(source)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("filmbook: error: ") and "already exists" in error
    assert len(error.splitlines()) == 1
    assert (tmp_path / "film.toml").read_text(encoding="utf-8") == "# mine\n"


def test_init_of_a_bad_source_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "film.txt"
    source.write_text("", encoding="utf-8")
    assert main(["-q", "init", str(source)]) == 2
    assert not (tmp_path / "film.toml").exists()


def test_init_finds_release_dates_in_the_infobox(tmp_path: Path) -> None:
    source = tmp_path / "film.txt"
    source.write_text(
        "= Film =\n\n- Released: 31 August 2023 (Telluride), January 26, 2024 (United Kingdom)"
        "\n\nFilm is a film.\n",
        encoding="utf-8",
    )
    assert main(["init", str(source)]) == 0
    releases = tomllib.loads((tmp_path / "film.toml").read_text("utf-8"))["releases"]
    assert [(r["territory"], str(r["date"]), r.get("note")) for r in releases] == [
        ("World", "2023-08-31", "Telluride"),
        ("United Kingdom", "2024-01-26", None),
    ]


def test_init_of_an_export_writes_a_table_per_page(tmp_path: Path) -> None:
    source = tmp_path / "films.xml"
    shutil.copy(EXPORT, source)
    assert main(["init", str(source)]) == 0
    table = tomllib.loads((tmp_path / "films.toml").read_text("utf-8"))
    assert set(table) == {"pages"} and set(table["pages"]) == {"Lighthouse", "Harbour"}
    for page in read_sources(source):
        material = read_material(page)  # type: ignore[arg-type]
        assert material is not None and material.logline
