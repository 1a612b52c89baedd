"""Test the HTML the templates make: escaped, complete, styled only by the stylesheets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import TypedDict, Unpack

import pytest

from filmbook.build import load
from filmbook.errors import FilmbookError
from filmbook.filters import title_size, whole_words
from filmbook.model import Article, Table
from filmbook.plan import Facts, make_facts, plan_handout, plan_presskit
from filmbook.render import HANDOUT, PRESSKIT, render_html

DATA = Path(__file__).parent / "data" / "pdf"


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


class Options(TypedDict, total=False):
    """What ``render_html`` takes besides the plan and the document."""

    templates: Path | None
    stylesheets: Sequence[str]
    created: str | None


def presskit(facts: Facts, **options: Unpack[Options]) -> str:
    return render_html(plan_presskit(facts), PRESSKIT, **options)


def handout(facts: Facts, **options: Unpack[Options]) -> str:
    return render_html(plan_handout(facts), HANDOUT, **options)


@pytest.fixture(scope="module")
def sink_article() -> Article:
    return load([DATA / "kitchen-sink.txt"])[0]


@pytest.fixture(scope="module")
def sink(sink_article: Article) -> Facts:
    return make_facts(sink_article)


@pytest.fixture(scope="module")
def html(facts: Facts) -> str:
    return presskit(facts, created="2023-11-14T22:13:20Z")


@pytest.fixture(scope="module")
def sink_html(sink: Facts) -> str:
    return presskit(sink)


def test_source_text_never_becomes_markup(sink: Facts, sink_html: str) -> None:
    back = handout(sink)
    for page in (sink_html, back):
        assert "script" not in {tag for tag, _ in elements(page)}
        assert "b" not in {tag for tag, _ in elements(page)}
        assert "&lt;script&gt;alert(“x”)&lt;/script&gt;" in page


def test_no_style_is_written_in_the_html(html: str, sink_html: str) -> None:
    """The look lives in styles/: no <style> element, no style attribute."""
    for page in (html, sink_html):
        tags = elements(page)
        assert "style" not in {tag for tag, _ in tags}
        assert all("style" not in attrs for _, attrs in tags)


def test_the_metadata_weasyprint_reads(facts: Facts, html: str) -> None:
    tags = elements(html)
    meta = {attrs.get("name"): attrs.get("content") for tag, attrs in tags if tag == "meta"}
    assert meta["author"] == facts.directed_by
    assert meta["dcterms.created"] == "2023-11-14T22:13:20Z"
    assert meta["keywords"] == ", ".join(facts.keywords)
    assert tags[0] == ("html", {"lang": "en"})


def test_stylesheets_are_links_only_when_asked(facts: Facts, html: str) -> None:
    assert "<link" not in html
    linked = handout(facts, stylesheets=("styles/a.css",))
    assert '<link rel="stylesheet" href="styles/a.css" />' in linked


def test_every_section_has_an_anchor_and_a_contents_entry(
    sink_article: Article, sink_html: str
) -> None:
    tags = elements(sink_html)
    ids = {attrs["id"] for _, attrs in tags if "id" in attrs}
    links = [attrs["href"] for tag, attrs in tags if tag == "a"]
    for section in sink_article.walk():
        assert f"section-{section.line}" in ids
        assert f"#section-{section.line}" in links
    assert all(link is not None and link[1:] in ids for link in links)


def test_heading_levels_follow_the_section_depth(sink_html: str) -> None:
    assert re.search(r'<h2 class="depth-2">Plot</h2>', sink_html)
    assert re.search(r'<h3 class="depth-3">Jumped heading</h3>', sink_html)
    assert re.search(r'<h3 class="depth-3">Music</h3>', sink_html)


def test_the_cast_is_two_columns_with_nested_entries(html: str) -> None:
    rows = re.findall(r'<tr class="depth-(\d)">\s*<td class="actor">([^<]+)</td>', html)
    assert rows == [
        ("0", "Andrew Scott"),
        ("1", "Carter John Grout"),
        ("0", "Paul Mescal"),
        ("0", "Jamie Bell"),
        ("0", "Claire Foy"),
    ]
    assert html.count('<span class="as">as</span>') == 5


def test_the_accolades_are_grouped_by_ceremony(facts: Facts, html: str) -> None:
    model = next(b for s in facts.sections for b in s.blocks if isinstance(b, Table))
    unknown = sum(row.cells[3].text is None for row in model.rows)
    table = html[html.index('<table class="data accolades') :]
    table = table[: table.index("</table>")]
    assert table.count("<tbody") == len(model.ceremonies) > 1
    assert "<thead>" in table
    assert table.count("recipient not recorded") == unknown > 0
    assert ">Result<" not in table  # a column the export cut and nobody knows
    # A spanned ceremony is printed once, at the top of its group.
    assert table.count(">British Independent Film Awards<") == 1


def test_award_groups_show_their_outcome(sink_html: str) -> None:
    assert '<span class="outcome">Won</span> Palme d’Or' in sink_html
    assert '<span class="outcome">Nominated</span> Queer Palm' in sink_html


def test_a_table_too_wide_for_the_page_is_printed_row_by_row() -> None:
    """Six columns stay a table; sixteen and thirty become labelled rows, every value kept."""
    page = presskit(make_facts(load([DATA / "wide-tables.txt"])[0]))
    tags = elements(page)
    assert [attrs.get("class") for tag, attrs in tags if tag == "table"] == ["data columns-6"]
    records = [attrs for tag, attrs in tags if attrs.get("class") == "record"]
    assert len(records) == 3 + 3  # the rows of the 16- and 30-column tables
    assert '<span class="name">H15head</span> v2x15val</span>' in page
    assert '<span class="name">C29</span> r2c29</span>' in page


def test_the_handout_is_two_sides(facts: Facts) -> None:
    back = handout(facts)
    assert back.count('<section class="side') == 2
    assert facts.accolades is not None
    tally = "".join(
        f'<span class="number">{part.text}</span>' if part.number else part.text
        for part in facts.accolades.parts
    )
    assert f'<p class="tally">{tally}</p>' in back
    runtime = next(fact for fact in facts.details if fact.label == "Runtime")
    assert f"<dd>{runtime.values[0]}</dd>" in back


def test_user_templates_come_first_and_undefined_names_fail(facts: Facts, tmp_path: Path) -> None:
    (tmp_path / "presskit").mkdir()
    (tmp_path / "presskit" / "handout.html").write_text("mine: {{ facts.title }}")
    assert handout(facts, templates=tmp_path) == f"mine: {facts.title}"
    assert "A film by" in presskit(facts, templates=tmp_path)  # the others are filmbook's
    (tmp_path / "presskit" / "handout.html").write_text("{{ article.title }}")
    with pytest.raises(FilmbookError, match="template error: 'article' is undefined"):
        handout(facts, templates=tmp_path)


@pytest.mark.parametrize(
    ("title", "size"),
    [("Cure", "short"), ("All of Us Strangers and Others", "medium"), ("x" * 60, "long")],
)
def test_title_sizes(title: str, size: str) -> None:
    assert title_size(title) == size
    assert title_size("x" * 200) == "huge"


def test_korean_words_are_kept_whole_unless_longer_than_any_word() -> None:
    assert whole_words("봉준호 감독의  괴물") == (
        ("봉준호", True),
        (" ", False),
        ("감독의", True),
        ("  ", False),
        ("괴물", True),
    )
    assert whole_words("가" * 9) == (("가" * 9, False),)
