"""Tests for ``line_memo``: WeasyPrint's line splitting answered from memory.

A press kit comes out byte for byte as WeasyPrint's own ``split_first_line`` makes it,
though most of its questions are answered from memory; a document laid out again asks
WeasyPrint nothing; each caller gets a layout of its own; an underlined text is not
answered with a plain one's layout; a font face added to a font configuration empties
its answers; a configuration keeps at most ``KEEP`` answers, the most recently asked; a
list in a style is asked as a tuple, and a style value no dictionary key can hold is
asked of WeasyPrint each time.

The small tests ask ``split_first_line`` directly, with a style made as WeasyPrint makes
one for SVG text (``weasyprint.svg.text.Style``: the initial values in a dict).
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
from weasyprint import CSS, HTML
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.layout import inline, preferred
from weasyprint.svg.text import Style
from weasyprint.text import line_break
from weasyprint.text.fonts import FontConfiguration

import filmbook.pdf  # (it applies line_memo)
from filmbook import line_memo
from filmbook.build import load
from filmbook.outputs import presskit_pdf
from filmbook.plan import make_facts
from filmbook.printing import PdfOptions
from filmbook.render import PRESSKIT
from filmbook.resources import find_font

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"
LONG_CEREMONY = Path(__file__).parent / "data" / "pdf" / "long-ceremony.txt"
EPOCH = "1700000000"
WEASYPRINTS = line_memo._original_split
"""WeasyPrint's own ``split_first_line``, to compare the answers from memory with."""
CONTEXT = types.SimpleNamespace(dictionaries={})
"""What ``split_first_line`` reads of a layout context: its hyphenation dictionaries."""


def _style(config: FontConfiguration, **values: Any) -> Any:
    """A computed style of the initial values and ``values``, in the font configuration."""
    style = Style(INITIAL_VALUES)
    style.font_config = config
    style.update(values)
    return style


def _split(text: str, style: Any, max_width: float | None = None) -> tuple[Any, ...]:
    """``split_first_line`` as WeasyPrint's inline layout calls it now."""
    return tuple(line_break.split_first_line(text, style, CONTEXT, max_width, 0))


def _kept(config: Any) -> Any:
    """What ``line_memo`` keeps for ``config``: its answers by question, the least
    recently asked first; None before its first question."""
    return vars(config).get(line_memo.ANSWERS)


def _forget(config: Any) -> None:
    """Empty what ``line_memo`` keeps for ``config``."""
    vars(config).pop(line_memo.ANSWERS, None)


@pytest.fixture(autouse=True)
def _applied() -> None:
    assert line_memo.applied(), "filmbook.pdf applies line_memo at import"


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts ``line_memo`` passes on to WeasyPrint's ``split_first_line`` (it did not
    have the answer), in order."""
    texts: list[str] = []

    def spy(text: str, *args: Any) -> Any:
        texts.append(text)
        return WEASYPRINTS(text, *args)

    monkeypatch.setattr(line_memo, "_original_split", spy)
    return texts


# --- the same PDFs ---------------------------------------------------------------------


@pytest.mark.parametrize("source", [SEED, LONG_CEREMONY], ids=["seed", "long-ceremony"])
def test_a_press_kit_is_byte_identical_with_weasyprints_own_line_splitting(
    source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first article, and a ceremony whose rows run over two page breaks (the kit
    is laid out three times): most questions answered from memory, the same bytes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    facts = make_facts(load([source])[0])
    configs: list[Any] = []
    questions: list[str] = []
    misses: list[str] = []
    with monkeypatch.context() as spying:
        question = line_memo._question

        def question_spy(text: str, style: Any, *args: Any) -> Any:
            if style.font_config not in configs:  # from no answers: each one made here
                configs.append(style.font_config)
                _forget(style.font_config)
            questions.append(text)
            return question(text, style, *args)

        def split_spy(text: str, *args: Any) -> Any:
            misses.append(text)
            return WEASYPRINTS(text, *args)

        spying.setattr(line_memo, "_question", question_spy)
        spying.setattr(line_memo, "_original_split", split_spy)
        ours = presskit_pdf(facts, PdfOptions())
    assert len(configs) == 1  # the kit's stylesheets' font configuration
    kept = _kept(configs[0])
    assert kept is not None
    short = [text for text in misses if len(text) <= line_memo.LONGEST]
    assert 0 < len(short) == len(kept) < len(questions)  # long texts are not kept
    # a fifth of the questions at least were asked before (tables, contents, page heads)
    assert len(misses) < 0.8 * len(questions)

    line_memo.restore()
    try:
        assert not line_memo.applied()
        assert inline.split_first_line is preferred.split_first_line is WEASYPRINTS
        theirs = presskit_pdf(facts, PdfOptions())
    finally:
        assert line_memo.apply()
    assert ours == theirs


# --- answers from memory ---------------------------------------------------------------

PAGE = """
<h1>The Glass Harbour</h1>
<p>A harbour town rebuilt under a dome of glass is flooded when the dome cracks.</p>
<table>
<tr><td>Annie Awards</td><td>Best Character Animation</td><td>Won</td></tr>
<tr><td>Visual Effects Society Awards</td><td>Outstanding Visual Effects</td><td>Won</td></tr>
<tr><td>Visual Effects Society Awards</td><td>Outstanding Created Environment</td><td>Won</td></tr>
</table>
<p>A harbour town rebuilt under a dome of glass is flooded when the dome cracks.</p>
"""


def test_a_document_laid_out_again_is_answered_from_memory(asked: list[str]) -> None:
    config = FontConfiguration()
    HTML(string=PAGE).render(font_config=config)
    kept = _kept(config)
    assert kept is not None
    assert 0 < len(asked) == len(kept)  # each question asked of WeasyPrint once
    before = set(kept)
    asked.clear()
    HTML(string=PAGE).render(font_config=config)
    assert asked == []
    assert set(kept) == before  # no new question


def test_each_caller_gets_a_layout_of_its_own(asked: list[str]) -> None:
    style = _style(FontConfiguration())
    first = _split("Two equal questions", style, 300.0)
    second = _split("Two equal questions", style, 300.0)
    assert asked == ["Two equal questions"]  # the second from memory
    assert first[0] is not second[0]
    assert first[0].__dict__ == second[0].__dict__
    assert first[1:] == second[1:]
    # as WeasyPrint's own answer
    theirs = WEASYPRINTS("Two equal questions", style, CONTEXT, 300.0, 0)
    assert first[0].__dict__ == theirs[0].__dict__
    assert first[1:] == tuple(theirs[1:])

    first[0].justification_spacing = 4.0  # as a justified line sets its own box's
    first[0].reactivate(style)  # as drawing does
    assert hasattr(first[0], "layout")
    assert second[0].justification_spacing == 0
    assert not hasattr(second[0], "layout")  # still as the memory has it
    third = _split("Two equal questions", style, 300.0)
    assert third[0].__dict__ == second[0].__dict__


def test_an_underlined_text_is_not_answered_with_a_plain_ones_layout() -> None:
    """An underlined text's layout holds the font's underline metrics, which drawing
    reads; a plain one's has none."""
    config = FontConfiguration()
    plain = _split("Underlined", _style(config))
    style = _style(config, text_decoration_line={"underline"})  # as WeasyPrint computes it
    underlined = _split("Underlined", style)
    assert plain[0].underline_position is None
    assert underlined[0].underline_position is not None
    assert underlined[0].__dict__ == WEASYPRINTS("Underlined", style, CONTEXT, None, 0)[0].__dict__


def test_a_font_face_added_to_a_font_configuration_empties_its_answers(
    asked: list[str],
) -> None:
    """A family first drawn with a fallback font, then given by ``@font-face``: the same
    question gets the new font's answer (as from WeasyPrint), and only that
    configuration forgets."""
    font = find_font("SourceSerifPro-Bold.ttf")
    assert font is not None
    config, other = FontConfiguration(), FontConfiguration()
    before = _split("Foo text", _style(config, font_family=("Foo",), font_size=30))
    _split("Foo text", _style(other, font_family=("Foo",), font_size=30))
    assert len(_kept(config)) == len(_kept(other)) == 1

    CSS(string=f"@font-face {{ font-family: Foo; src: url({font.as_uri()}) }}", font_config=config)
    assert not _kept(config)
    assert len(_kept(other)) == 1

    style = _style(config, font_family=("Foo",), font_size=30)
    after = _split("Foo text", style)
    assert asked == ["Foo text"] * 3  # asked of WeasyPrint again
    assert after[3] != before[3]  # the width: drawn with Source Serif Bold now
    assert after[1:] == tuple(WEASYPRINTS("Foo text", style, CONTEXT, None, 0)[1:])


def test_a_long_text_is_not_kept(asked: list[str]) -> None:
    """A paragraph is asked once per line with the rest of it: not worth keeping."""
    config = FontConfiguration()
    long_text = "word " * (line_memo.LONGEST // 5 + 1)
    _split(long_text, _style(config), 200.0)
    _split(long_text, _style(config), 200.0)
    assert asked == [long_text, long_text]
    assert not _kept(config)


def test_a_calc_resolved_at_use_is_asked_of_weasyprint(tmp_path: Path) -> None:
    """``hyphenate-limit-zone: calc(1% + 3lh)`` stays a calc() until a line is split,
    and resolves with the paragraph's line height, which the question does not hold:
    two paragraphs of one text and width but not one line height break otherwise."""
    text = "Incomprehensibilities notwithstanding, internationalisation characteristically."
    html = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>t</title>\n</head>\n<body>\n'
        f'<p class="a">{text}</p>\n<p class="b">{text}</p>\n</body>\n</html>\n'
    )
    style = tmp_path / "zone.css"
    style.write_text(
        "p { hyphens: auto; hyphenate-limit-zone: calc(1% + 3lh); width: 160px;"
        " font-size: 12px } p.a { line-height: 0.5 } p.b { line-height: 5 }",
        encoding="utf-8",
    )
    options = PdfOptions(style=style)
    ours = filmbook.pdf.write_pdf(html, PRESSKIT, options)
    line_memo.restore()
    try:
        theirs = filmbook.pdf.write_pdf(html, PRESSKIT, options)
    finally:
        line_memo.apply()
    assert ours == theirs


def test_forget_empties_every_font_configurations_answers(asked: list[str]) -> None:
    """What ``benchmarks/warm.py`` empties to measure what the answers save."""
    configs = [FontConfiguration(), FontConfiguration()]
    for config in configs:
        _split("Forget me", _style(config))
    assert all(len(_kept(config)) == 1 for config in configs)
    line_memo.forget()
    assert not any(_kept(config) for config in configs)
    _split("Forget me", _style(configs[0]))
    assert asked == ["Forget me"] * 3  # asked of WeasyPrint again after forgetting


def test_a_font_configuration_keeps_the_most_recently_asked_answers(
    asked: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(line_memo, "KEEP", 3)
    config = FontConfiguration()
    style = _style(config)
    for text in ["a", "b", "c", "a", "d", "c", "b", "e", "e"]:
        _split(text, style)
        assert len(_kept(config)) <= 3
    # "a" was asked again before "d" came, so "b" went first, not "a"
    assert asked == ["a", "b", "c", "d", "b", "e"]
    assert [key[0] for key in _kept(config)] == ["c", "b", "e"]


def test_a_list_in_a_style_is_asked_as_a_tuple(asked: list[str]) -> None:
    """WeasyPrint's SVG text sets ``font_family`` to a list."""
    config = FontConfiguration()
    listed = _split("SVG text", _style(config, font_family=["serif"]))
    again = _split("SVG text", _style(config, font_family=["serif"]))
    as_tuple = _split("SVG text", _style(config, font_family=("serif",)))
    assert asked == ["SVG text"]
    assert len(_kept(config)) == 1
    assert listed[1:] == again[1:] == as_tuple[1:]


def test_a_style_value_no_key_can_hold_is_asked_of_weasyprint_each_time(
    asked: list[str],
) -> None:
    config = FontConfiguration()
    tabs = types.SimpleNamespace(value=200, unit="px")  # a tab size: unhashable
    style = _style(config, tab_size=tabs)
    ours = [_split("a\tb", style), _split("a\tb", style)]
    assert asked == ["a\tb", "a\tb"]
    assert not _kept(config)
    theirs = WEASYPRINTS("a\tb", style, CONTEXT, None, 0)
    assert ours[0][1:] == ours[1][1:] == tuple(theirs[1:])
    assert ours[0][3] != _split("a\tb", _style(config))[3]  # the tab size did count
