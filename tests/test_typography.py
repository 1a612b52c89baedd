"""Print typography: curly quotes and apostrophes, dashes, ellipses, non-breaking spaces.

The words themselves never change (docs/source-format.md §8): only quotes, hyphens, dots and the
space between a number and its unit do.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from filmbook.model import Article, Paragraph, Table
from filmbook.normalise import normalise
from filmbook.normalise.typography import NBSP, typeset
from filmbook.source import SourceText
from regenerate_golden import SEED
from test_normalise import TITLED, lead_text, load


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # apostrophes, straight or already curly
        ("Yoshii's", "Yoshii’s"),
        ("Yoshii’s", "Yoshii’s"),
        ("parents' house", "parents’ house"),
        ("L'Atalante", "L’Atalante"),
        ("the '80s", "the ’80s"),
        ("the class of '23", "the class of ’23"),
        ("'Tis the season", "’Tis the season"),
        ("rock 'n' roll", "rock ’n’ roll"),
        # quotes open after a space, a bracket or a dash and close elsewhere
        ('sing "The Power of Love" by', "sing “The Power of Love” by"),
        ('("10 Best Fantasy Movies")', "(“10 Best Fantasy Movies”)"),
        ('"Hello," he said.', "“Hello,” he said."),
        ("called it 'a triumph' then", "called it ‘a triumph’ then"),
        ("\"it's 'fine'\"", "“it’s ‘fine’”"),
        ("“already” curly", "“already” curly"),
        ("'1917' was", "‘1917’ was"),
        ('said:"Go" now', "said:“Go” now"),
        ("5'10\" tall", "5’10” tall"),
        # dashes
        ("Best Motion Picture - Drama", "Best Motion Picture – Drama"),
        ("to meet them - not telling", "to meet them – not telling"),
        ("tells--via flashbacks--the", "tells—via flashbacks—the"),
        ("a -- b", "a—b"),
        ("tells—via flashbacks—the", "tells—via flashbacks—the"),
        ("March 1–5", "March 1–5"),
        ("March 1-5, 2023-12-22", "March 1-5, 2023-12-22"),
        ("Levienaise-Farrouch, Bong Joon-ho", "Levienaise-Farrouch, Bong Joon-ho"),
        ("- not spaced on both sides -", "- not spaced on both sides -"),
        # ellipses and units
        ("wait...", "wait…"),
        ("105 minutes", f"105{NBSP}minutes"),
        ("76 min.", f"76{NBSP}min."),
        ("$20.2 million", f"$20.2{NBSP}million"),
        ("3 hours, 5 % and 2 billion", f"3{NBSP}hours, 5{NBSP}% and 2{NBSP}billion"),
        ("Top 10 Independent Films", "Top 10 Independent Films"),
        ("50th Telluride", "50th Telluride"),
        # HTML-looking text is text
        ("<b>Bold</b> &amp; <script>", "<b>Bold</b> &amp; <script>"),
        ("<!-- a comment -->", "<!-- a comment -->"),
    ],
)
def test_typeset(text: str, expected: str) -> None:
    assert typeset(text) == expected


_WORD_CHARACTERS = re.compile(r"\W")


@given(st.text())
def test_typesetting_never_changes_a_word(text: str) -> None:
    assert _WORD_CHARACTERS.sub("", typeset(text)) == _WORD_CHARACTERS.sub("", text)


@given(st.text(alphabet=st.sampled_from("ab1 '\"-.–—‘’“”%\u00a0minutes()<>!")))
def test_typesetting_twice_changes_nothing_more(text: str) -> None:
    once = typeset(text)
    assert typeset(once) == once


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            if field.name not in ("source", "diagnostics"):
                yield from _strings(getattr(value, field.name))


def _seed() -> Article:
    return normalise(SourceText("source/all-of-us-strangers.txt", SEED.read_text("utf-8")))


@pytest.mark.parametrize("name", TITLED)
def test_no_straight_quote_is_left_in_an_article(name: str) -> None:
    left = [text for text in _strings(load(name)) if "'" in text or '"' in text]
    assert not left


def test_the_first_article_is_typeset() -> None:
    article = _seed()
    assert not [text for text in _strings(article) if "'" in text or '"' in text]
    texts = list(_strings(article))
    assert any("sing “The Power of Love” by Frankie" in text for text in texts)
    assert any("parents’ house to meet them – not telling Harry" in text for text in texts)
    assert any(text == "Critics’ Choice Movie Awards" for text in texts)
    assert article.infobox is not None
    assert [f.text for f in article.infobox.fields if f.key in ("Runtime", "Gross")] == [
        f"105{NBSP}minutes",
        f"$20.2{NBSP}million",
    ]


def test_quotes_of_both_kinds_in_one_article() -> None:
    article = load("characters-quotes")
    assert article.title == "Yoshii’s Film"
    assert lead_text(article) == [
        "Yoshii’s Film is a film. Yoshii’s father said “it’s ‘fine’” and “left”."
    ]
    assert article.sections[0].blocks == (
        Paragraph(6, "Critics called it ‘a triumph’ of the ’80s. The class of ’23 agreed."),
    )


def test_dashes_in_text_and_in_a_table() -> None:
    article = load("characters-dashes")
    assert lead_text(article) == [
        "Tampopo is a film that tells—via flashbacks—the story of a ramen shop – and more."
    ]
    release, accolades = article.sections
    assert release.blocks == (
        Paragraph(6, "It played on March 1–5, 1986 – and again in 2023-12-22—briefly."),
    )
    (table,) = accolades.blocks
    assert isinstance(table, Table)
    assert [a.category for c in table.ceremonies for a in c.accolades] == [
        "Best Motion Picture – Drama"
    ]


def test_non_breaking_spaces_between_numbers_and_units() -> None:
    article = load("characters-nbsp-units")
    assert lead_text(article) == [
        f"The film runs 114{NBSP}minutes and grossed $20.2{NBSP}million in 3{NBSP}hours… "
        f"or 76{NBSP}min. at 5{NBSP}%."
    ]
