"""Test the PDF writer the way a PDF's readers see it: its text, outline, pages and fonts.

WeasyPrint is slow, so each PDF is built once per session (the fixtures) and every test
reads those bytes; only the reproducibility test builds the press kit a second time.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from filmbook.build import load
from filmbook.errors import FilmbookError
from filmbook.model import Article, Table
from filmbook.outputs import handout_pdf, presskit_pdf, preview_files
from filmbook.pdf import LocalFetcher, RefusedURLError, lay_out, local_path
from filmbook.plan import Facts, make_facts, plan_presskit
from filmbook.printing import PdfOptions
from filmbook.render import PRESSKIT, render_html
from filmbook.resources import TEMPLATES, font_dirs, styles_dir
from outputs import element_text, pdf_words, word_boxes
from wordcheck import missing_words, printed_words, words

DATA = Path(__file__).parent / "data"
KITCHEN_SINK = DATA / "pdf" / "kitchen-sink.txt"
PATHOLOGICAL = DATA / "pdf" / "pathological.txt"
WIDE_TABLES = DATA / "pdf" / "wide-tables.txt"
LONG_CEREMONY = DATA / "pdf" / "long-ceremony.txt"
SEED = Path(__file__).parent.parent / "source" / "all-of-us-strangers.txt"
# Every fixture but the sources filmbook refuses (their expected output is an .error file).
FORMAT_FIXTURES = sorted(
    path for path in (DATA / "format").glob("*.txt") if not path.with_suffix(".error").exists()
)
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
BLEED = 3 / 25.4 * 72  # 3 mm in points


# --- building each PDF once ------------------------------------------------------------


@pytest.fixture(scope="session")
def epoch() -> Iterator[None]:
    """SOURCE_DATE_EPOCH for the whole session, so the fixtures' PDFs are reproducible."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    yield
    if before is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


@pytest.fixture(scope="session")
def sink_facts() -> Facts:
    return make_facts(load([KITCHEN_SINK])[0])


@pytest.fixture(scope="session")
def presskit_a4(facts: Facts, epoch: None) -> bytes:
    return presskit_pdf(facts, PdfOptions())


@pytest.fixture(scope="session")
def presskit_letter(facts: Facts, epoch: None) -> bytes:
    return presskit_pdf(facts, PdfOptions(paper="letter"))


@pytest.fixture(scope="session")
def sink_ua(sink_facts: Facts, epoch: None) -> bytes:
    """The kitchen sink (CJK, hostile markup, every block) as a tagged PDF/UA-1."""
    return presskit_pdf(sink_facts, PdfOptions(variant="pdf/ua-1"))


@pytest.fixture(scope="session")
def handout_a4(facts: Facts, epoch: None) -> bytes:
    return handout_pdf(facts, PdfOptions())


@pytest.fixture(scope="session")
def handout_marks(facts: Facts, epoch: None) -> bytes:
    return handout_pdf(facts, PdfOptions(print_marks=True, variant="pdf/a-3b"))


def text_of(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_page_text(path: Path, number: int) -> str:
    """The text of page ``number`` (from 1) of the PDF at ``path``, as pdftotext gives it."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", str(number), "-l", str(number), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def outline(pdf: bytes, tmp_path: Path) -> list[tuple[int, str]]:
    """The bookmarks as (depth, title), depth first."""
    path = tmp_path / "outline.pdf"
    path.write_bytes(pdf)
    reader = PdfReader(path)

    def walk(items: list[Any], depth: int) -> Iterator[tuple[int, str]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, depth + 1)
            else:
                yield depth, str(item.title)

    return list(walk(reader.outline, 1))


def page_boxes(pdf: bytes, tmp_path: Path) -> list[Any]:
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    return list(PdfReader(path).pages)


def expected_outline(kit: Facts) -> list[tuple[int, str]]:
    """Contents, Fact sheet, Synopsis, then every section at its depth, in press-kit order,
    then the source note."""

    def visit(sections: tuple[Any, ...], depth: int) -> Iterator[tuple[int, str]]:
        for section in sections:
            yield depth, section.title
            yield from visit(section.sections, depth + 1)

    front = [(1, "Contents"), (1, "Fact sheet"), (1, "Synopsis")]
    return [*front, *visit(kit.sections, 1), (1, "Source and licence")]


# --- content ---------------------------------------------------------------------------


def test_every_word_of_the_source_is_in_the_press_kit(presskit_a4: bytes, tmp_path: Path) -> None:
    source = (Path(__file__).parent.parent / "source" / "all-of-us-strangers.txt").read_text()
    found = words(text_of(presskit_a4, tmp_path), line_end_hyphens=True)
    assert not missing_words(printed_words(source), found, joined=True)


def test_every_word_of_the_kitchen_sink_is_in_its_press_kit(sink_ua: bytes, tmp_path: Path) -> None:
    """Hangul, Kanji and Katakana, HTML-looking text, award groups, definitions, tables."""
    text = text_of(sink_ua, tmp_path)
    assert not missing_words(
        printed_words(KITCHEN_SINK.read_text()), words(text, line_end_hyphens=True), joined=True
    )
    for native in ("기생충", "パラサイト", "東京"):
        assert native in text


@pytest.mark.parametrize("source", FORMAT_FIXTURES, ids=lambda path: path.stem)
def test_every_word_of_each_format_fixture_is_in_its_press_kit(
    source: Path, tmp_path: Path
) -> None:
    facts = make_facts(load([source])[0])
    text = text_of(presskit_pdf(facts, PdfOptions()), tmp_path)
    found = words(text, line_end_hyphens=True)
    expected = printed_words(source.read_text(encoding="utf-8-sig"))
    assert not missing_words(expected, found, joined=True)
    assert not fragments(text, facts, "")


@pytest.mark.parametrize("source", FORMAT_FIXTURES, ids=lambda path: path.stem)
def test_each_format_fixture_has_a_one_sheet_handout(source: Path, tmp_path: Path) -> None:
    article = load([source])[0]
    pdf = handout_pdf(make_facts(article), PdfOptions(paper="letter"))
    assert len(page_boxes(pdf, tmp_path)) <= 2


_BROKEN_AT_LINE_END = re.compile(r"(\w+)[-\u2010\u00ad]\n(\w+)")


def laid_out_words(kit: Facts, suffix: str) -> set[str]:
    """The words of the HTML a PDF was laid out from (``""`` press kit, ``"-handout"``)."""
    page = preview_files(kit, PdfOptions())[f"presskit{suffix}.html"]
    return set(words(element_text(lxml_html.fromstring(page).body)))


def fragments(text: str, kit: Facts, suffix: str) -> set[str]:
    """The words of a PDF's text that are neither words of its HTML nor numbers.

    A word hyphenated at a line end is joined again first; a word that is two words of
    the HTML run together is no fragment either: pdftotext drops a compound's own hyphen
    at a line end (``Han Jin-`` / ``won`` comes back as ``Han Jinwon``).
    """
    vocabulary = laid_out_words(kit, suffix)

    def join(broken: re.Match[str]) -> str:
        whole = broken[1] + broken[2]
        return whole if set(words(whole)) <= vocabulary else broken[0]

    def joined(word: str) -> bool:
        return any(
            word[:cut] in vocabulary and word[cut:] in vocabulary for cut in range(1, len(word))
        )

    copied = set(words(_BROKEN_AT_LINE_END.sub(join, text)))
    return {word for word in copied - vocabulary if not word.isdigit() and not joined(word)}


@pytest.mark.parametrize(
    ("fixture", "kit_fixture", "suffix"),
    [
        ("presskit_a4", "facts", ""),
        ("handout_a4", "facts", "-handout"),
        ("sink_ua", "sink_facts", ""),
    ],
)
def test_a_reader_copies_whole_words(
    fixture: str, kit_fixture: str, suffix: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Small capitals and letter-spacing copy as whole words, never ``D IRECTED`` or
    ``PAul MescAl``: every word pdftotext finds is a word of the page's HTML or a number."""
    text = text_of(request.getfixturevalue(fixture), tmp_path)
    assert not fragments(text, request.getfixturevalue(kit_fixture), suffix)


def test_every_section_heading_is_in_the_text(
    presskit_a4: bytes, article: Article, tmp_path: Path
) -> None:
    lines = {line.strip() for line in text_of(presskit_a4, tmp_path).splitlines()}
    assert {section.title for section in article.walk()} <= lines


def boxes_of(box: Any) -> Iterator[Any]:
    """``box`` and every box of WeasyPrint's layout inside it, in document order."""
    yield box
    for child in getattr(box, "children", ()):
        yield from boxes_of(child)


def test_paragraphs_are_indented_alike_whatever_sits_between_them(facts: Facts) -> None:
    """A paragraph that follows a paragraph starts 1.2em in, also when the pull quotes of
    the second sit between them (they are set beside it, not between); the first after a
    heading, a list or a table starts flush. Read from WeasyPrint's laid-out lines."""
    html = render_html(plan_presskit(facts), PRESSKIT)
    pages = lay_out(html, PRESSKIT, PdfOptions()).pages
    root = next(box.element for box in boxes_of(pages[0]._page_box) if box.element_tag == "html")
    parent = {child: element for element in root.iter() for child in element}
    indents: dict[Any, float] = {}  # each paragraph of the text: where its first line starts
    for page in pages:
        for box in boxes_of(page._page_box):
            element = box.element
            if box.element_tag != "p" or "section" not in parent[element].get("class", ""):
                continue
            words = [child for line in box.children for child in line.children]
            if words:
                indents.setdefault(element, words[0].position_x - box.content_box_x())
    after: dict[bool, dict[str, float]] = {True: {}, False: {}}  # after a paragraph or not
    for element, indent in indents.items():
        siblings = [sibling for sibling in parent[element] if sibling.tag != "aside"]
        follows_a_paragraph = siblings[siblings.index(element) - 1].tag == "p"
        after[follows_a_paragraph]["".join(element.itertext())[:50]] = round(indent, 1)
    assert len(after[True]) > 10 and len(after[False]) > 3
    assert set(after[False].values()) == {0}
    indent = 1.2 * 10.5 * 4 / 3  # 1.2em of 10.5pt, in CSS pixels
    assert after[True] == dict.fromkeys(after[True], round(indent, 1))


def test_wide_tables_stay_on_the_page(tmp_path: Path) -> None:
    """Columns of words too long for them, sixteen columns, thirty: every letter is drawn
    inside the page (a word too long for its column breaks inside it, so letters are
    counted, not words)."""
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(presskit_pdf(make_facts(load([WIDE_TABLES])[0]), PdfOptions()))
    layout = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout, re.S):
        width, height = float(page[1]), float(page[2])
        for box in re.finditer(r'xMax="([\d.]+)" yMax="([\d.]+)"', page[3]):
            assert float(box[1]) <= width and float(box[2]) <= height
    drawn = Counter(re.sub(r"\s", "", text_of(pdf.read_bytes(), tmp_path)).casefold())
    source = Counter(re.sub(r"[\s|=]", "", WIDE_TABLES.read_text()).casefold())
    assert not source - drawn


def ceremony_names(kit: Facts) -> set[str]:
    """The ceremonies of every accolades table of the article."""
    return {
        ceremony.name
        for section in kit.sections
        for block in section.blocks
        if isinstance(block, Table)
        for ceremony in block.ceremonies
    }


def first_award_cells(path: Path) -> dict[int, str]:
    """The Award cell of the accolades table's first row on each page it is on, by page.

    Read from pdftotext's words: below the header (repeated on every page), the Award
    column's words from the first row's top to the next row's, which starts where the
    next date is.
    """
    cells: dict[int, str] = {}
    boxes = word_boxes(path)
    for number in sorted({box.page for box in boxes}):
        page = [box for box in boxes if box.page == number]
        award = next((box for box in page if box.text == "AWARD"), None)
        if award is None:
            continue
        date = next(box.x for box in page if box.text == "DATE")
        category = next(box.x for box in page if box.text == "CATEGORY")
        header = max(box.y for box in page if abs(box.y - award.y) < 12)
        top = min(box.y for box in page if box.y > header + 2 and box.x >= category)
        after = [box.y for box in page if date <= box.x < category and box.y > top + 2]
        below = min(after, default=float("inf"))
        cells[number] = " ".join(
            box.text for box in page if box.x < date and top - 2 <= box.y < below - 2
        )
    return cells


@pytest.mark.parametrize(
    ("source", "style"),
    [
        (SEED, None),
        (SEED, "@page { size: A6 }"),
        (LONG_CEREMONY, None),
        (LONG_CEREMONY, "@page { size: letter }"),
    ],
    ids=["seed", "seed-a6", "long-ceremony", "long-ceremony-letter"],
)
def test_a_ceremony_run_over_a_page_names_its_award_again(
    source: Path, style: str | None, tmp_path: Path
) -> None:
    """Each page of the accolades table starts with a row that says its award: a ceremony
    (British Independent Film Awards, …) or, on a page that starts in the middle of one,
    "<the ceremony> (continued)", the ceremony the page before ended with."""
    kit = make_facts(load([source])[0])
    options = PdfOptions()
    if style is not None:
        css = tmp_path / "paper.css"
        css.write_text(style)
        options = PdfOptions(style=css)
    path = tmp_path / "accolades.pdf"
    path.write_bytes(presskit_pdf(kit, options))
    names = ceremony_names(kit)
    continued = 0
    for number, cell in first_award_cells(path).items():
        assert cell, f"page {number}: the first row's Award is blank"
        if cell.endswith(" (continued)"):
            name = cell.removesuffix(" (continued)")
            before = " ".join(pdf_page_text(path, number - 1).split())
            assert name in names and name in before, f"page {number}: {cell}"
            continued += 1
        else:
            assert cell in names, f"page {number}: {cell}"
        assert pdf_page_text(path, number).count("(continued)") <= 1
    if source == LONG_CEREMONY or style is not None:
        assert continued  # these pages do run a ceremony over


def test_markup_in_the_source_is_printed_as_text(sink_ua: bytes, tmp_path: Path) -> None:
    text = text_of(sink_ua, tmp_path)
    assert "<script>alert(“x”)</script>" in text
    assert "<b>bold</b>" in text


def test_unknown_recipients_and_outcomes_are_printed(
    presskit_a4: bytes, sink_ua: bytes, tmp_path: Path
) -> None:
    assert "recipient not recorded" in text_of(presskit_a4, tmp_path)
    sink = text_of(sink_ua, tmp_path)
    assert "Won" in sink
    assert "Nominated" in sink


# --- structure -------------------------------------------------------------------------


def test_bookmarks_match_the_sections(presskit_a4: bytes, facts: Facts, tmp_path: Path) -> None:
    assert outline(presskit_a4, tmp_path) == expected_outline(facts)


def test_bookmarks_nest_subsections(sink_ua: bytes, sink_facts: Facts, tmp_path: Path) -> None:
    found = outline(sink_ua, tmp_path)
    assert found == expected_outline(sink_facts)
    assert (2, "Music") in found


def test_the_contents_give_page_numbers(presskit_a4: bytes, tmp_path: Path) -> None:
    pages = page_boxes(presskit_a4, tmp_path)
    contents = pages[1].extract_text()
    assert re.search(r"Accolades\W*\d+", contents.replace("\n", " "))


def contents_lines(pdf: bytes, tmp_path: Path) -> list[tuple[str, str, float, float, float]]:
    """The contents page's lines that end in a page number: the words before the number,
    the number, its left and right edges, and the right edge of the words before it."""
    path = tmp_path / "contents.pdf"
    path.write_bytes(pdf)
    page = [box for box in word_boxes(path) if box.page == 2]
    folio = max(box.y for box in page)
    words = [box for box in page if box.y < folio - 10]
    lines = []
    for word in words:
        line = sorted((w for w in words if abs(w.y - word.y) < 3), key=lambda w: w.x)
        if line[-1] == word and word.text.isdigit() and len(line) > 1:
            before = line[:-1]
            title = " ".join(w.text for w in before)
            lines.append((title, word.text, word.x, word.right, before[-1].right))
    return lines


def test_the_contents_numbers_stand_flush_right_on_their_entries_lines(
    presskit_a4: bytes, tmp_path: Path
) -> None:
    """Each entry ends in the number of the page its section starts on, on the entry's
    line, all of them flush with one right edge, clear of the title; a title too long for
    one line wraps and its number stands on its last line; a word too long for the title's
    column breaks in it rather than run over the number."""
    source = tmp_path / "long.txt"
    long_title = (
        "Critical response from the newspapers, the magazines, the trade press and the "
        "critics of the festival circuit around the world"
    )
    long_word = "Boxofficereceiptsworldwideandinternationalcombinedtotalsacrossallterritories"
    text = SEED.read_text().replace("=== Critical response ===", f"=== {long_title} ===")
    source.write_text(text.replace("=== Box office ===", f"=== {long_word} ==="), "utf-8")
    long = presskit_pdf(make_facts(load([source])[0]), PdfOptions())
    pages = page_boxes(presskit_a4, tmp_path)
    for pdf in (presskit_a4, long):
        lines = contents_lines(pdf, tmp_path)
        assert len(lines) >= 8
        assert max(line[3] for line in lines) - min(line[3] for line in lines) < 0.5
        for title, number, left, _, title_right in lines:
            assert title_right < left - 2, f"{title!r} runs into its page number {number}"
        titles = {line[0]: int(line[1]) for line in lines}
        if pdf is presskit_a4:
            assert "Accolades" in pages[titles["Accolades"] - 1].extract_text()
            assert titles["Fact sheet"] == 3
        else:
            assert any(title.endswith("around the world") for title in titles)
            assert "Box office" not in " ".join(titles)


def test_pages_have_a_folio_but_the_cover_has_none(presskit_a4: bytes, tmp_path: Path) -> None:
    pages = page_boxes(presskit_a4, tmp_path)
    total = len(pages)
    assert f"/ {total}" not in pages[0].extract_text()
    assert f"2 / {total}" in pages[1].extract_text()
    assert "All of Us Strangers" in pages[-1].extract_text()  # the running header


@pytest.mark.parametrize(
    ("name", "size"), [("presskit_a4", A4), ("presskit_letter", LETTER), ("handout_a4", A4)]
)
def test_the_page_size_matches_the_paper(
    name: str, size: tuple[float, float], request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    for page in page_boxes(request.getfixturevalue(name), tmp_path):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            size, abs=0.5
        )


def test_the_handout_is_one_sheet(handout_a4: bytes, tmp_path: Path) -> None:
    assert len(page_boxes(handout_a4, tmp_path)) == 2


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("source", [KITCHEN_SINK, PATHOLOGICAL], ids=lambda path: path.stem)
def test_any_handout_fits_one_sheet(paper: str, source: Path, tmp_path: Path) -> None:
    """Even an article far larger than any real one: the plan caps it, the sheet clips it."""
    pdf = handout_pdf(make_facts(load([source])[0]), PdfOptions(paper=paper))
    assert len(page_boxes(pdf, tmp_path)) <= 2


def test_the_letter_handout_is_one_sheet(facts: Facts, tmp_path: Path) -> None:
    assert len(page_boxes(handout_pdf(facts, PdfOptions(paper="letter")), tmp_path)) == 2


# --- CJK: glyph forms by language, Korean words whole -----------------------------------

_CID_TO_UNICODE = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")


def glyph_forms(pdf: bytes, tmp_path: Path) -> dict[str, int]:
    """Each character the PDF draws and in how many forms one font draws it (its glyphs
    in the fonts' ToUnicode maps, as a PDF reader copies text)."""
    path = tmp_path / "forms.pdf"
    path.write_bytes(pdf)
    glyphs: dict[tuple[str, str], set[str]] = {}
    for page in PdfReader(path).pages:
        for reference in page["/Resources"]["/Font"].values():
            font = reference.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for glyph, code in _CID_TO_UNICODE.findall(cmap):
                glyphs.setdefault((font["/BaseFont"], chr(int(code, 16))), set()).add(glyph)
    forms: dict[str, int] = {}
    for (_, character), drawn in glyphs.items():
        forms[character] = max(forms.get(character, 0), len(drawn))
    return forms


def test_chinese_titles_are_drawn_in_the_forms_of_their_script(tmp_path: Path) -> None:
    """霸王別姬 (traditional) and 霸王别姬 (simplified) share 霸 and 姬, which the two
    scripts draw differently: one font draws both forms of each, so WeasyPrint knew each
    title's language (left unmarked, both took the Japanese forms of the fallback font)."""
    facts = make_facts(load([DATA / "cjk" / "farewell-my-concubine.txt"])[0])
    forms = glyph_forms(presskit_pdf(facts, PdfOptions()), tmp_path)
    assert forms["霸"] >= 2
    assert forms["姬"] >= 2


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_korean_words_are_never_broken_across_lines(paper: str, tmp_path: Path) -> None:
    """Korean breaks lines between words, like English, not between syllables: in the
    pull quote's narrow column and in the text, every Korean word of the HTML is a whole
    word of the PDF, as pdftotext cuts its lines into words."""
    facts = make_facts(load([DATA / "cjk" / "the-host.txt"])[0])
    options = PdfOptions(paper=paper)
    page = preview_files(facts, options)["presskit.html"]
    laid_out = Counter(_HANGUL_WORD.findall(element_text(lxml_html.fromstring(page).body)))
    path = tmp_path / "korean.pdf"
    path.write_bytes(presskit_pdf(facts, options))
    drawn = Counter(
        hangul for word in pdf_words(path).split() for hangul in _HANGUL_WORD.findall(word)
    )
    assert laid_out["관객을"] == 2  # the quote is in its paragraph and in the margin
    assert not laid_out - drawn
    # The quote's paragraph runs on beside its pull quote: no line of it is pushed down
    # below the quote for want of a place to break (the words are boxes that don't wrap).
    boxes = word_boxes(path)
    margin = next(box.x for box in boxes if box.text == "CRITIC")  # the quote's attribution
    text_column = [box for box in boxes if box.x < margin]
    first = next(box.y for box in text_column if box.text == "Critic")
    last = next(box.y for box in text_column if box.text.startswith("그려낸다"))
    assert last - first < 3 * 10.5 * 1.4  # three lines at most


# --- fonts, metadata, variants ---------------------------------------------------------


def fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    report = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout
    return [line.split() for line in report.splitlines()[2:]]


@pytest.mark.parametrize("name", ["presskit_a4", "handout_a4", "sink_ua"])
def test_every_font_is_embedded_as_a_subset(
    name: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    rows = fonts(request.getfixturevalue(name), tmp_path)
    assert rows
    for row in rows:
        assert row[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni


def test_the_fonts_are_filmbooks_and_cjk_falls_back_to_noto(
    presskit_a4: bytes, sink_ua: bytes, tmp_path: Path
) -> None:
    names = {row[0].split("+")[1] for row in fonts(presskit_a4, tmp_path)}
    assert {"Source-Serif-Pro", "Source-Sans-Pro-Semi-Bold"} <= names
    assert all(name.startswith("Source-") for name in names)
    sink = {row[0].split("+")[1] for row in fonts(sink_ua, tmp_path)}
    assert any(name.startswith("Noto-Serif-CJK") for name in sink)


def test_metadata(presskit_a4: bytes, facts: Facts, tmp_path: Path) -> None:
    path = tmp_path / "meta.pdf"
    path.write_bytes(presskit_a4)
    reader = PdfReader(path)
    info = reader.metadata
    assert info is not None
    assert info.title == f"{facts.title} — Press kit"
    assert info.author == facts.directed_by
    assert info.subject == facts.logline
    assert str(info["/Keywords"]) == ", ".join(facts.keywords)
    assert info["/CreationDate"] == "D:20231114221320Z"
    assert info["/ModDate"] == "D:20231114221320Z"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_source_date_epoch_makes_builds_byte_identical(presskit_a4: bytes, facts: Facts) -> None:
    assert presskit_pdf(facts, PdfOptions()) == presskit_a4


def test_pdf_ua_is_tagged(sink_ua: bytes, tmp_path: Path) -> None:
    path = tmp_path / "ua.pdf"
    path.write_bytes(sink_ua)
    root = PdfReader(path).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_pdf_a_3b_declares_itself(handout_marks: bytes, tmp_path: Path) -> None:
    path = tmp_path / "a3b.pdf"
    path.write_bytes(handout_marks)
    root = PdfReader(path).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp or b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b"pdfaid:conformance" in xmp
    assert "/OutputIntents" in root


def test_print_marks_grow_the_page_by_the_bleed(handout_marks: bytes, tmp_path: Path) -> None:
    for page in page_boxes(handout_marks, tmp_path):
        media = [float(v) for v in page.mediabox]
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        assert media[2] - media[0] == pytest.approx(A4[0] + 2 * BLEED, abs=0.5)
        assert media[3] - media[1] == pytest.approx(A4[1] + 2 * BLEED, abs=0.5)
        assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.5)
        assert bleed[2] - bleed[0] == pytest.approx(A4[0] + 2 * BLEED, abs=0.5)


@pytest.mark.parametrize("name", ["presskit_a4", "handout_a4", "sink_ua", "handout_marks"])
def test_qpdf_finds_no_fault(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    path = tmp_path / "check.pdf"
    path.write_bytes(request.getfixturevalue(name))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- what WeasyPrint may read ----------------------------------------------------------


def test_the_fetcher_reads_only_filmbooks_folders(tmp_path: Path) -> None:
    style = tmp_path / "mine.css"
    style.write_text("")
    folders = (styles_dir(), TEMPLATES, *font_dirs())
    assert local_path((styles_dir() / "base.css").as_uri(), folders, ()) is not None
    assert local_path(style.as_uri(), folders, (style.resolve(),)) == style.resolve()
    font = (styles_dir() / "fonts" / "SourceSerifPro-Regular.ttf").as_uri()
    assert local_path(font, folders, ()) == font_dirs()[0] / "SourceSerifPro-Regular.ttf"
    refused = [
        "http://example.com/x.css",
        "https://example.com/font.ttf",
        "data:text/css,h1{color:red}",
        "ftp://example.com/x",
        Path("/etc/passwd").as_uri(),
        (styles_dir() / ".." / ".." / "etc" / "passwd").as_uri(),
        (tmp_path / "other.css").as_uri(),
    ]
    for url in refused:
        assert local_path(url, folders, (style.resolve(),)) is None, url
    with pytest.raises(RefusedURLError, match=r"refused to read http://example\.com"):
        LocalFetcher(folders, ()).fetch("http://example.com/x.css")


@pytest.mark.parametrize(
    "css",
    [
        '@import url("http://example.com/x.css");',
        "body { background: url(https://example.com/pixel.png) }",
        "body { background: url(file:///etc/hostname) }",
    ],
)
def test_a_user_style_cannot_reach_out(css: str, facts: Facts, tmp_path: Path) -> None:
    style = tmp_path / "mine.css"
    style.write_text(css)
    with pytest.raises(FilmbookError, match="refused to read"):
        handout_pdf(facts, PdfOptions(style=style))


# --- the user's own look ---------------------------------------------------------------


def test_a_user_style_comes_last(facts: Facts, tmp_path: Path) -> None:
    style = tmp_path / "a5.css"
    style.write_text("@page { size: A5 }")
    pages = page_boxes(handout_pdf(facts, PdfOptions(style=style)), tmp_path)
    assert float(pages[0].mediabox.width) == pytest.approx(419.53, abs=0.5)


def test_user_templates_override_filmbooks(facts: Facts, tmp_path: Path) -> None:
    folder = tmp_path / "templates" / "presskit"
    folder.mkdir(parents=True)
    (folder / "handout.html").write_text(
        '{% extends "presskit/layout.html" %}{% block body %}<p>Ours: {{ facts.title }}</p>'
        "{% endblock %}"
    )
    pdf = handout_pdf(facts, PdfOptions(templates=tmp_path / "templates"))
    assert f"Ours: {facts.title}" in text_of(pdf, tmp_path)


def test_a_broken_user_template_is_a_user_error(facts: Facts, tmp_path: Path) -> None:
    folder = tmp_path / "presskit"
    folder.mkdir()
    (folder / "handout.html").write_text("{{ no_such_name }}")
    with pytest.raises(FilmbookError, match="template error"):
        handout_pdf(facts, PdfOptions(templates=tmp_path))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (PdfOptions(paper="a3"), "unknown paper"),
        (PdfOptions(variant="pdf/z-9"), "unknown PDF variant"),
        (PdfOptions(style=Path("/no/such.css")), "no such stylesheet"),
        (PdfOptions(templates=Path("/no/such/folder")), "no such folder"),
    ],
)
def test_bad_options_are_user_errors(options: PdfOptions, message: str, facts: Facts) -> None:
    with pytest.raises(FilmbookError, match=message):
        presskit_pdf(facts, options)


# --- the HTML preview ------------------------------------------------------------------


def test_the_preview_holds_everything_its_pages_link_to(facts: Facts, tmp_path: Path) -> None:
    style = tmp_path / "presskit.css"  # the same name as filmbook's: it must not replace it
    style.write_text("h2 { color: black }")
    files = preview_files(facts, PdfOptions(style=style), name="all-of-us-strangers")
    assert {"all-of-us-strangers.html", "all-of-us-strangers-handout.html"} <= set(files)
    for page in ("all-of-us-strangers.html", "all-of-us-strangers-handout.html"):
        for href in re.findall(r'href="(styles/[^"]+)"', files[page].decode()):
            assert href in files
    assert files["styles/presskit.css"] == (styles_dir() / "presskit.css").read_bytes()
    assert files["styles/user/presskit.css"] == style.read_bytes()
    fonts_css = files["styles/fonts.css"].decode()
    for font in re.findall(r'url\("(fonts/[^"]+)"\)', fonts_css):
        assert files[f"styles/{font}"][:4] in (b"\x00\x01\x00\x00", b"OTTO")


def test_stylesheets_are_parsed_once_per_process(facts: Facts, handout_a4: bytes) -> None:
    from filmbook.pdf import _parsed

    handout_pdf(facts, PdfOptions())  # other tests' stylesheets may have taken its place
    before = _parsed.cache_info()
    handout_pdf(facts, PdfOptions())
    after = _parsed.cache_info()
    assert after.hits == before.hits + 1
    assert after.misses == before.misses


# --- the press material: poster, stills, laurels, contacts --------------------------------


@pytest.fixture(scope="session")
def presskit_material(press_facts: Facts, epoch: None) -> bytes:
    return presskit_pdf(press_facts, PdfOptions())


@pytest.fixture(scope="session")
def handout_material(press_facts: Facts, epoch: None) -> bytes:
    return handout_pdf(press_facts, PdfOptions())


def images_of(pdf: bytes, tmp_path: Path) -> list[tuple[int, int, int]]:
    """The images of the PDF as ``pdfimages -list`` gives them: (page, width, height)."""
    path = tmp_path / "images.pdf"
    path.write_bytes(pdf)
    listed = subprocess.run(
        ["pdfimages", "-list", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [(int(row.split()[0]), int(row.split()[3]), int(row.split()[4])) for row in listed]


def test_the_kit_shows_the_poster_the_still_the_laurels_and_the_contacts(
    press_facts: Facts, presskit_material: bytes, tmp_path: Path
) -> None:
    poster, still = press_facts.poster, press_facts.stills[0]
    assert poster is not None
    images = images_of(presskit_material, tmp_path)
    assert (1, poster.picture.width, poster.picture.height) in images  # the cover
    pages = len(page_boxes(presskit_material, tmp_path))
    assert any((w, h) == (still.picture.width, still.picture.height) for _, w, h in images)
    path = tmp_path / "kit.pdf"
    path.write_bytes(presskit_material)
    cover = " ".join(pdf_page_text(path, 1).split())
    # The laurels' lines, as poppler reads them across the row (the honours, then the names).
    assert "OFFICIAL SELECTION" in cover and "Telluride Film Festival" in cover
    text = " ".join(text_of(presskit_material, tmp_path).split())
    assert "Director’s statement" in text and "About the director" in text
    assert "Two windows lit side by side" in text and "Photo: Abstract art" in text
    assert "RELEASE DATES" in text and "22 December 2023" in text
    last = " ".join(pdf_page_text(path, pages).split())
    for phrase in ("Contacts", "Sam Sample", "press@example.com", "Robin Placeholder", "Bluesky"):
        assert phrase in last


def test_the_handout_shows_the_poster_the_laurels_and_the_contacts(
    press_facts: Facts, handout_material: bytes, tmp_path: Path
) -> None:
    assert len(page_boxes(handout_material, tmp_path)) == 2
    assert [page for page, *_ in images_of(handout_material, tmp_path)] == [1]  # the poster
    path = tmp_path / "handout.pdf"
    path.write_bytes(handout_material)
    front = " ".join(pdf_page_text(path, 1).split())
    back = " ".join(pdf_page_text(path, 2).split())
    assert press_facts.logline is not None
    assert " ".join(press_facts.logline.split()[:6]) in front
    assert "Telluride Film Festival" in front and "New York Film Festival" in front
    assert "105 minutes" in front  # the foot is on the page, not pushed off it
    for phrase in ("Sam Sample", "press@example.com", "26 January 2024", "CC BY-SA 4.0"):
        assert phrase in back


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("source", [KITCHEN_SINK, PATHOLOGICAL], ids=lambda path: path.stem)
def test_any_handout_with_material_fits_one_sheet_with_its_feet(
    press_facts: Facts, paper: str, source: Path, tmp_path: Path
) -> None:
    """The seed's material on the largest articles: the plan cuts the lists shorter on a
    side the material fills, and a middle still too tall is cut at the foot, so each side
    keeps its foot (the key facts; the contacts and the source note)."""
    from dataclasses import replace

    facts = make_facts(load([source])[0])
    material = {
        name: getattr(press_facts, name)
        for name in ("logline", "poster", "contacts", "sales", "releases", "website", "social")
    }
    pdf = handout_pdf(
        replace(facts, **material, laurels=press_facts.laurels), PdfOptions(paper=paper)
    )
    assert len(page_boxes(pdf, tmp_path)) == 2
    path = tmp_path / "handout.pdf"
    path.write_bytes(pdf)
    front, back = pdf_page_text(path, 1), pdf_page_text(path, 2)
    assert all(fact.split()[0] in front for fact in facts.key_facts)
    assert "Sam Sample" in back and "licence" in back
