"""The festival catalogue, end to end: ``filmbook book`` on the sample catalogue.

The programme and the EPUB are built once per session from ``source/catalogue/``; the
tests read them as their users' tools do: the PDF's pages with pdftotext, one page at a
time, its outline with pypdf; the EPUB unzipped and parsed, and EPUBCheck. Bad catalogue
files each give one error line, exit status 2 and no file.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from epubcheck_runner import check_all
from filmbook.book import catalogue_epub, plan_book, programme_pdf
from filmbook.catalogue import read_catalogue
from filmbook.cli import main
from filmbook.model import Picture
from filmbook.plan.catalogue import Catalogue, Still
from filmbook.printing import PdfOptions
from outputs import epub_text, pdftotext, word_boxes
from wordcheck import missing_words, words

pytestmark = pytest.mark.xdist_group("book")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "catalogue" / "catalogue.toml"
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample catalogue built once: its folder holds catalogue.pdf and .epub."""
    out = tmp_path_factory.mktemp("book")
    assert main(["-q", "book", str(SAMPLE), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="session")
def plan() -> Catalogue:
    return plan_book(read_catalogue(SAMPLE))


@pytest.fixture(scope="session")
def pages(built: Path) -> list[str]:
    """The programme's text, page by page."""
    text = pdftotext(built / "catalogue.pdf", "-layout").decode("utf-8")
    return text.split("\f")[:-1]


def _start_page(pages: list[str], heading: str, after: int = 0) -> int:
    """The number of the first page after ``after`` whose first lines name ``heading``."""
    for number, page in enumerate(pages[after:], start=after + 1):
        head = [line.strip() for line in page.splitlines() if line.strip()][:6]
        if heading in head:
            return number
    raise AssertionError(f"no page starts with {heading!r}")


def _contents(pages: list[str]) -> dict[str, int]:
    """The contents page's entries: each label with its page number."""
    page = pages[_start_page(pages, "Contents") - 1]
    found = {}
    for line in page.splitlines():
        entry = re.match(r"\s*(.+?)\s*(?:[.\s]{3,}|\s)(\d+)\s*$", line)
        if entry:
            found[re.sub(r"[ .]+$", "", entry.group(1))] = int(entry.group(2))
    return found


def test_the_contents_give_the_page_each_film_starts_on(pages: list[str], plan: Catalogue) -> None:
    contents = _contents(pages)
    for section in plan.sections:
        number = next(n for label, n in contents.items() if label.startswith(section.title))
        assert _start_page(pages, section.title) == number, section.title
        for entry in section.entries:
            number = next(n for label, n in contents.items() if label.startswith(entry.label))
            assert entry.label in pages[number - 1], entry.label
            assert pages[number - 1].count(entry.title) >= 2  # the running head and the title


def test_every_index_gives_the_page_of_each_film(pages: list[str], plan: Catalogue) -> None:
    starts = {
        entry.label: next(
            n
            for n, page in enumerate(pages, start=1)
            if re.search(rf"\n\s*{re.escape(entry.label)}\s*\n", page) and "A film by" in page
        )
        for entry in plan.entries
    }
    for index in plan.indexes:
        number = _start_page(pages, index.title)
        page = re.sub(r"\s+", " ", pages[number - 1])
        for item in index.entries:
            assert item.term in page
            for film in item.films:
                assert f"{film.label} {starts[film.label]}" in page, (index.name, film.label)


def test_the_bookmarks_go_by_section_and_film(built: Path, plan: Catalogue) -> None:
    reader = PdfReader(built / "catalogue.pdf")

    def tree(items: list[object]) -> Iterator[tuple[str, list[str]]]:
        for position, item in enumerate(items):
            if isinstance(item, list):
                continue
            after = items[position + 1] if position + 1 < len(items) else []
            children = (
                [c.title for c in after if not isinstance(c, list)]
                if isinstance(after, list)
                else []
            )
            yield item.title, children  # type: ignore[attr-defined]

    outline = dict(tree(reader.outline))
    for section in plan.sections:
        assert outline[section.title] == [entry.label for entry in section.entries]
    assert {"Foreword", "Contents", *(index.title for index in plan.indexes)} <= set(outline)


def test_the_running_heads_name_the_section_and_the_film(pages: list[str], plan: Catalogue) -> None:
    for section in plan.sections:
        for entry in section.entries:
            number = _start_page(pages, entry.title, 3)
            head = next(line for line in pages[number - 1].splitlines() if line.strip())
            assert section.title.upper() in head.upper() and entry.title.upper() in head.upper()


def test_every_word_of_each_synopsis_is_in_the_pdf_and_the_epub(
    built: Path, plan: Catalogue
) -> None:
    pdf = words(pdftotext(built / "catalogue.pdf").decode("utf-8"), line_end_hyphens=True)
    epub = words(epub_text(built / "catalogue.epub"))
    for entry in plan.entries:
        assert entry.synopsis
        expected = words(entry.synopsis)
        assert not missing_words(expected, pdf, joined=True), entry.title
        assert not missing_words(expected, epub), entry.title


def test_the_press_material_gives_an_entry_its_logline_and_laurels(
    built: Path, plan: Catalogue
) -> None:
    """The seed has press material beside it: its logline and its festivals reach the
    catalogue in both outputs, as its own press kit shows them."""
    seed = next(entry for entry in plan.entries if entry.title == "All of Us Strangers")
    assert seed.logline and seed.logline.startswith("A lonely screenwriter")
    assert seed.laurels
    pdf = words(pdftotext(built / "catalogue.pdf").decode("utf-8"), line_end_hyphens=True)
    epub = words(epub_text(built / "catalogue.epub"))
    for text in (seed.logline, *seed.laurels):
        assert not missing_words(words(text), pdf, joined=True), text
        assert not missing_words(words(text), epub), text


def _epub(built: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO((built / "catalogue.epub").read_bytes()))


def test_the_epub_has_one_document_per_film_and_a_nav_by_section(
    built: Path, plan: Catalogue
) -> None:
    book = _epub(built)
    names = set(book.namelist())
    for entry in plan.entries:
        assert f"EPUB/{entry.anchor}.xhtml" in names
    nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    toc = nav.find(".//x:nav[@epub:type='toc']/x:ol", XHTML)
    assert toc is not None
    sections = {
        "".join(li.find("x:a", XHTML).itertext()): [
            "".join(a.itertext()) for a in li.iterfind("x:ol/x:li/x:a", XHTML)
        ]
        for li in toc.iterfind("x:li", XHTML)
    }
    for section in plan.sections:
        assert sections[section.title] == [entry.label for entry in section.entries]


def test_the_epub_indexes_are_linked_lists(built: Path, plan: Catalogue) -> None:
    book = _epub(built)
    for index in plan.indexes:
        root = etree.fromstring(book.read(f"EPUB/index-{index.name}.xhtml"))
        (section,) = root.iterfind(".//x:section[@epub:type='index']", XHTML)
        links = [a.get("href") for a in section.iterfind(".//x:a", XHTML)]
        assert len(links) == sum(len(item.films) for item in index.entries)
        assert all(f"EPUB/{href}" in book.namelist() for href in links)


def test_epubcheck_finds_nothing_in_the_catalogue(built: Path) -> None:
    report = check_all([built / "catalogue.epub"])[built / "catalogue.epub"]
    assert report.clean, report.messages


def test_a_book_of_sources_is_in_title_order(tmp_path: Path) -> None:
    folder = SAMPLE.parent
    sources = [folder / "winter-harbour.txt", folder / "paper-lanterns.txt"]
    assert main(["-q", "book", *map(str, sources), "-o", str(tmp_path)]) == 0
    nav = etree.fromstring(_epub(tmp_path).read("EPUB/nav.xhtml"))
    titles = ["".join(a.itertext()) for a in nav.iterfind(".//x:ol/x:li/x:ol/x:li/x:a", XHTML)]
    assert titles == ["Paper Lanterns", "Winter Harbour"]


LONG_ENTRY = ("Oak", "Ash", "Elm", "Fir", "Yew", "Bay", "Ivy", "Rye", "Sky", "Sea", "Dew")
LONG_ENTRY += ("Fog", "Hay", "Jay", "Owl", "Elk", "Ram", "Cod")
"""The titles of one director's eighteen films: a short word each, to find on the page."""


def test_an_index_entry_taller_than_a_column_runs_on_with_its_name_kept(tmp_path: Path) -> None:
    """One director of eighteen films on A6: her entry is taller than a column, so it runs
    on into the next, her name with her first two films and her last two films together
    (kept whole, a taller entry sent WeasyPrint's column balancing into 23 s a page)."""
    names = []
    for number, word in enumerate([*LONG_ENTRY, "Solo", "Single"], start=1):
        director = "Ada Long" if number <= len(LONG_ENTRY) else f"Zed {word}"
        name = f"film-{number:02d}.txt"
        text = (
            f"= Film {word} =\n\nInfobox\n- Director: {director}\n\nFilm {word} is a 2001 film.\n"
        )
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(name)
    catalogue = tmp_path / "book.toml"
    listed = ", ".join(f'"{name}"' for name in names)
    catalogue.write_text(
        f'title = "A festival"\n\n[[section]]\ntitle = "Competition"\nsources = [{listed}]\n',
        encoding="utf-8",
    )
    style = tmp_path / "a6.css"
    style.write_text("@page { size: A6 }", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["-q", "book", str(catalogue), "-o", str(out), "--style", str(style)]) == 0
    boxes = word_boxes(out / "book.pdf")
    index = {box.page for box in boxes if box.text == "DIRECTORS"}  # its running head
    assert index
    width = float(PdfReader(out / "book.pdf").pages[0].mediabox.width)

    def column(word: str) -> tuple[int, bool]:
        box = next(box for box in boxes if box.page in index and box.text == word)
        return box.page, box.x > width / 2

    columns = [column(word) for word in LONG_ENTRY]
    assert len(set(columns)) >= 2  # the entry runs on
    assert column("Ada") == columns[0] == columns[1]
    assert columns[-2] == columns[-1]
    assert columns == sorted(columns)  # in order, column after column


# --- bad catalogues ----------------------------------------------------------------------


def _catalogue(folder: Path, text: str) -> Path:
    for name in ("the-salt-road.txt", "winter-harbour.txt"):
        (folder / name).write_text((SAMPLE.parent / name).read_text(encoding="utf-8"))
    path = folder / "book.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = 'title = "A festival"\n\n[[section]]\ntitle = "Competition"\n'
BAD = {
    "unknown key": (
        'title = "A festival"\ncolour = "red"\n',
        r"book\.toml:2: unknown key 'colour'",
    ),
    "missing source": (
        HEAD + 'sources = [\n  "the-salt-road.txt",\n  "gone.txt",\n]\n',
        r"book\.toml:7: no such source: gone\.txt",
    ),
    "duplicate film": (
        HEAD + 'sources = ["the-salt-road.txt"]\n\n[[section]]\ntitle = "Again"\n'
        'sources = ["the-salt-road.txt"]\n',
        r"book\.toml:9: the-salt-road\.txt is listed twice \(first on line 5\)",
    ),
    "bad source": (HEAD + 'sources = ["bad.txt"]\n', r"bad\.txt:1: "),
    "TOML syntax": ('title = "A festival\n', r"book\.toml:1: not TOML"),
    "listed twice in one list": (
        HEAD + 'sources = [\n  "the-salt-road.txt",\n  "winter-harbour.txt",\n'
        '  "the-salt-road.txt",\n]\n',
        r"book\.toml:8: the-salt-road\.txt is listed twice \(first on line 6\)",
    ),
    "NUL in a path": (HEAD + 'sources = ["a\\u0000b.txt"]\n', r"book\.toml:5: .*control character"),
    "year true": (
        "year = true\n" + HEAD + 'sources = ["the-salt-road.txt"]\n',
        r"book\.toml:1: year",
    ),
    "broken cover": (
        'title = "A festival"\ncover = "broken.png"\n'
        + HEAD[len('title = "A festival"\n') :]
        + 'sources = ["the-salt-road.txt"]\n',
        r"book\.toml:2: cover: a broken or truncated image",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_catalogue_is_one_error_line_and_writes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected = BAD[case]
    path = _catalogue(tmp_path, text)
    (tmp_path / "bad.txt").write_text("no title line here\n", encoding="utf-8")
    (tmp_path / "broken.png").write_bytes(_png()[:60])
    out = tmp_path / "out"
    assert main(["book", str(path), "-o", str(out)]) == 2
    error = capsys.readouterr().err
    assert len(error.splitlines()) == 1, error
    assert re.search(expected, error), error
    assert not out.exists()


def _png(size: tuple[int, int] = (400, 560), mode: str = "RGB", kind: str = "PNG") -> bytes:
    data = io.BytesIO()
    Image.new(mode, size, (40, 60, 90) if mode == "RGB" else (40, 60, 90, 10)).save(data, kind)
    return data.getvalue()


def test_the_cover_image_is_on_the_programme_and_the_ebook(tmp_path: Path) -> None:
    """A CMYK JPEG cover: normalised as press material is, drawn on the programme's cover
    and the EPUB's cover image, which stays a JPEG; EPUBCheck finds nothing."""
    (tmp_path / "cover.jpg").write_bytes(_png(mode="CMYK", kind="JPEG"))
    text = 'title = "A festival"\ncover = "cover.jpg"\n' + HEAD[len('title = "A festival"\n') :]
    path = _catalogue(tmp_path, text + 'sources = ["the-salt-road.txt"]\n')
    out = tmp_path / "out"
    assert main(["-q", "book", str(path), "-o", str(out)]) == 0
    listed = subprocess.run(
        ["pdfimages", "-f", "1", "-l", "1", "-list", str(out / "book.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert " 400   560 " in listed and " rgb " in listed, listed
    book = zipfile.ZipFile(out / "book.epub")
    assert "EPUB/images/cover.jpg" in book.namelist()
    assert b'src="images/cover.jpg"' in book.read("EPUB/cover.xhtml")
    report = check_all([out / "book.epub"])[out / "book.epub"]
    assert report.clean, report.messages


def test_two_films_of_one_title_are_told_apart_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    salt = (SAMPLE.parent / "the-salt-road.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(salt, encoding="utf-8")
    (tmp_path / "b.txt").write_text(salt.replace("2025", "1961"), encoding="utf-8")
    path = tmp_path / "book.toml"
    path.write_text(HEAD + 'sources = ["a.txt", "b.txt"]\n', encoding="utf-8")
    catalogue = plan_book(read_catalogue(path))
    assert [e.label for e in catalogue.entries] == ["The Salt Road (2025)", "The Salt Road (1961)"]
    assert main(["book", str(path), "-o", str(tmp_path / "out")]) == 0
    assert "2 films are titled 'The Salt Road'" in capsys.readouterr().err


def test_a_still_from_press_material_slots_into_both_outputs(
    plan: Catalogue, tmp_path: Path
) -> None:
    """The seed's press material gives its entry a still, drawn in the programme and
    packaged in the EPUB with its caption and credit; a still set by hand likewise."""
    seed = next(entry for entry in plan.entries if entry.title == "All of Us Strangers")
    assert seed.still is not None and seed.still.credit
    data = io.BytesIO()
    Image.new("RGB", (640, 360), (90, 90, 90)).save(data, "PNG")
    picture = Picture(1, "still.png", data.getvalue(), "image/png", 640, 360)
    still = Still(picture, "Two men on a tower-block balcony at night", "Night in London", "Sam")
    other = next(entry for entry in plan.entries if entry.still is None)
    changed = replace(other, still=still, logline="A lonely writer.")
    sections = tuple(
        replace(section, entries=tuple(changed if e is other else e for e in section.entries))
        for section in plan.sections
    )
    catalogue = replace(plan, sections=sections)
    page = f"EPUB/{other.anchor}.xhtml"
    pdf = tmp_path / "still.pdf"
    pdf.write_bytes(programme_pdf(catalogue, PdfOptions()))
    listed = subprocess.run(
        ["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    assert " 640   360 " in listed
    assert len([line for line in listed.splitlines() if " image " in line]) == 2, listed
    assert "Photo: Sam" in pdftotext(pdf).decode("utf-8")
    epub = tmp_path / "still.epub"
    epub.write_bytes(catalogue_epub(catalogue))
    book = zipfile.ZipFile(epub)
    assert f"EPUB/images/{other.anchor}.png" in book.namelist()
    assert f'src="images/{other.anchor}.png"'.encode() in book.read(page)
    assert b"A lonely writer." in book.read(page)
    assert b"Photo: Sam" in book.read(page)
    assert seed.still_href and f"EPUB/{seed.still_href}" in book.namelist()
    report = check_all([epub])[epub]
    assert report.clean, report.messages


def test_a_book_refuses_options_that_name_one_article(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["book", str(SAMPLE), "--source-url", "https://x", "-o", str(tmp_path)]) == 2
    assert "name one article" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())
