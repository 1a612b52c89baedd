"""Tests for ``pdf.element_tree``: filmbook's own HTML, parsed as XML, is the tree
WeasyPrint's HTML parser (tinyhtml5) makes of it, and HTML that could be parsed otherwise
is left to that parser.

The press kit and handout of every article the tests keep (the first real one with its
press material, the PDF and parity fixtures) and the sample catalogue's programme are
compared element by element: tag, attributes, text and tail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tinyhtml5

from filmbook import outputs, pdf
from filmbook.book import plan_book
from filmbook.build import find_sources, load
from filmbook.catalogue import read_catalogue
from filmbook.plan import Facts, make_facts
from filmbook.printing import PdfOptions
from filmbook.render import HANDOUT, PRESSKIT, render_programme
from filmbook.resources import PICTURES_URL

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ARTICLES = sorted([*(DATA / "pdf").glob("*.txt"), *(DATA / "parity").glob("*.txt")])
CATALOGUE = ROOT / "source" / "catalogue" / "catalogue.toml"


def _html_tree(html: str) -> Any:
    return tinyhtml5.parse(html, namespace_html_elements=False)


def _nodes(element: Any, depth: int = 0) -> list[tuple[Any, ...]]:
    """Every element of the tree in document order: depth, tag, attributes, text, tail."""
    found = [(depth, element.tag, sorted(element.attrib.items()), element.text, element.tail)]
    for child in element:
        found += _nodes(child, depth + 1)
    return found


def _assert_same_tree(html: str) -> None:
    tree = pdf.element_tree(html)
    assert tree is not None, "filmbook's own HTML is parsed as XML"
    ours, theirs = _nodes(tree), _nodes(_html_tree(html))
    for mine, html_parsers in zip(ours, theirs, strict=False):
        assert mine == html_parsers
    assert len(ours) == len(theirs)


def _documents(facts: Facts) -> list[str]:
    options = PdfOptions()
    return [outputs._html(facts, doc, options, (), PICTURES_URL) for doc in (PRESSKIT, HANDOUT)]


def test_the_first_articles_kit_and_handout_with_press_material(press_facts: Facts) -> None:
    documents = _documents(press_facts)
    assert all("<svg" in html for html in documents), "laurels: an SVG in the HTML"
    assert all("<img" in html for html in documents), "the poster or stills"
    for html in documents:
        _assert_same_tree(html)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.stem)
def test_each_fixtures_kit_and_handout(path: Path) -> None:
    article = load(find_sources([str(path)]))[0]
    for html in _documents(make_facts(article)):
        _assert_same_tree(html)


def test_the_catalogues_programme() -> None:
    html = render_programme(plan_book(read_catalogue(CATALOGUE)), created="2024-01-01T00:00:00Z")
    _assert_same_tree(html)


PAGE = (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>t</title>\n</head>\n'
    "<body>\n{}\n</body>\n</html>\n"
)


def test_a_plain_page_is_the_same_tree() -> None:
    _assert_same_tree(PAGE.format("<p>One <em>two</em></p>\n<p>three</p>"))


@pytest.mark.parametrize(
    "body",
    [
        "<p>a\x0cform feed</p>",  # XML refuses control characters
        '<p title="two\nlines">x</p>',  # XML makes the newline a space
        '<p title="a\ttab">x</p>',
        "<p>line<br>break</p>",  # not XML: left to the HTML parser
        "<p>&nbsp;</p>",
        "<p>a lone \ud800 surrogate</p>",
    ],
)
def test_html_the_xml_parser_could_read_otherwise_is_left_to_weasyprint(body: str) -> None:
    assert pdf.element_tree(PAGE.format(body)) is None


def test_a_table_without_tbody_is_why_the_templates_write_one() -> None:
    """Both parsers read it, into different trees (the HTML parser adds the tbody):
    the template tests above are what keeps such HTML out of filmbook's templates."""
    html = PAGE.format("<table><tr><td>x</td></tr></table>")
    tree = pdf.element_tree(html)
    assert tree is not None
    assert _nodes(tree) != _nodes(_html_tree(html))


def test_the_pdf_is_the_same_as_from_weasyprints_parser(
    press_facts: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = outputs._html(press_facts, HANDOUT, PdfOptions(), (), PICTURES_URL)
    pictures = outputs.pictures(press_facts)
    ours = pdf.write_pdf(html, HANDOUT, PdfOptions(), pictures)
    monkeypatch.setattr(pdf, "element_tree", lambda html: None)
    assert pdf.write_pdf(html, HANDOUT, PdfOptions(), pictures) == ours


def test_user_templates_are_parsed_by_weasyprint(
    tmp_path: Path, press_facts: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(pdf, "element_tree", lambda html: asked.append(html))
    html = outputs._html(press_facts, HANDOUT, PdfOptions(), (), PICTURES_URL)
    pictures = outputs.pictures(press_facts)
    pdf.lay_out(html, HANDOUT, PdfOptions(templates=tmp_path), pictures)
    assert not asked
    pdf.lay_out(html, HANDOUT, PdfOptions(), pictures)
    assert asked == [html]
