"""Test the language of CJK runs: what a phrase's script, its label and the film say.

The fixtures are three films whose articles name their titles in other scripts: a Chinese
film with its traditional, simplified and Japanese titles, a Japanese one whose Han-only
title is introduced as Japanese and whose Chinese title follows, a Korean one with Hangul,
Hanja and its Chinese title. Each output marks the runs the same way: the press kit's
HTML (which WeasyPrint lays out) and the ebook's XHTML.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from filmbook.build import load
from filmbook.plan import make_facts, plan_ebook, plan_presskit
from filmbook.plan.language import Run, language_runs
from filmbook.render import PRESSKIT, render_ebook, render_html

CJK = Path(__file__).parent / "data" / "cjk"

EXPECTED = {
    "farewell-my-concubine": {
        ("霸王別姬", "zh-Hant"),  # traditional Chinese: …; The Chinese title … is …
        ("霸王别姬", "zh-Hans"),  # simplified Chinese: …; the opera …; Its Mandarin title, …
        ("さらば、わが愛", "ja"),  # kana
        ("覇王別姫", "ja"),  # (Japanese: …), though the film's language is Mandarin
    },
    "rashomon": {
        ("羅生門", "ja"),  # (Japanese: …); the gate …: the film's language
        ("罗生门", "zh-Hans"),  # the Chinese title …, though the film is Japanese
        ("羅生門", "zh-Hant"),  # in Taiwan as …
    },
    "the-host": {
        ("괴물", "ko"),
        ("怪物", "ko"),  # Hanja: …
        ("汉江怪物", "zh-Hans"),  # simplified characters, and (Chinese: …)
        ("한강", "ko"),
        ("漢江", "ko"),  # Hanja with no label: the film's language
    },
}


def spans(root: etree._Element) -> set[tuple[str, str]]:
    """Every (text, lang) of an element marked with a language below ``root``."""
    return {
        ("".join(span.itertext()), span.get("lang"))
        for span in root.iter()
        if isinstance(span.tag, str) and span.get("lang") and span.tag.endswith("span")
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_press_kit_marks_each_phrase_with_its_language(name: str) -> None:
    facts = make_facts(load([CJK / f"{name}.txt"])[0])
    page = lxml_html.fromstring(render_html(plan_presskit(facts), PRESSKIT))
    assert spans(page) >= EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_ebook_marks_each_phrase_with_its_language(name: str) -> None:
    book = plan_ebook(make_facts(load([CJK / f"{name}.txt"])[0]))
    found: set[tuple[str, str]] = set()
    for document in render_ebook(book).values():
        found |= spans(etree.fromstring(document))
    assert found >= EXPECTED[name]


def test_a_label_before_a_phrase_says_its_language() -> None:
    def lang(text: str, han: str | None = None) -> str | None:
        return next(run.lang for run in language_runs(text, han) if run.lang)

    assert lang("(Chinese: 霸王别姬)") == "zh-Hans"
    assert lang("(Chinese: 霸王別姬)") == "zh-Hant"  # 別 is only in Big5
    assert lang("(traditional Chinese: 花樣年華)") == "zh-Hant"
    assert lang("(simplified: 花样年华)") == "zh-Hans"
    assert lang("(Cantonese: 少林足球)") == "zh-Hant"
    assert lang("(Chinese: 少林足球)") == "zh-Hans"  # nothing tells the script
    assert lang("(Chinese: 少林足球)", "zh-Hant") == "zh-Hant"  # the film's does
    assert lang("its Chinese title is 天下", "ja") == "zh-Hans"
    assert lang("(Japanese: 天国と地獄)", "zh-Hans") == "ja"
    assert lang("(Japanese: 乱)", "zh-Hans") == "ja"
    assert lang("(Hanja: 怪物)") == "ko"
    assert lang("released in Hong Kong as 英雄本色", "ja") == "zh-Hant"


def test_characters_say_the_script_when_no_label_does() -> None:
    def lang(text: str, han: str | None = None) -> str | None:
        return next(run.lang for run in language_runs(text, han) if run.lang)

    assert lang("the opera 霸王别姬", "ja") == "zh-Hans"  # 别: simplified only
    assert lang("the film 花樣年華") == "zh-Hant"  # 樣: traditional only
    assert lang("the film 寄生蟲", "ko") == "ko"  # Hanja are traditional characters
    assert lang("the film 乱", "ja") == "ja"  # 乱 is also an everyday Japanese kanji
    assert lang("the film 国宝", "ja") == "ja"
    assert lang("in 東京.") == "ja"  # nothing says: Japanese
    assert lang("in 東京.", "zh-Hant") == "zh-Hant"


def test_kana_and_hangul_decide_whatever_the_label_says() -> None:
    assert language_runs("(Chinese: 七人の侍)", "zh-Hans")[1] == Run("七人の侍", "ja")
    assert language_runs("(Chinese: 기생충)", "zh-Hans")[1] == Run("기생충", "ko")
