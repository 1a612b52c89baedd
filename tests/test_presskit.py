"""Test the press kit plan: what goes where, and what the handout keeps of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmbook.build import load
from filmbook.model import Column, Table
from filmbook.presskit import (
    HANDOUT_CAST,
    HANDOUT_FACT_LINES,
    HANDOUT_NAMES,
    LOGLINE_WORDS,
    SYNOPSIS_WORDS,
    PressKit,
    make_presskit,
    row_groups,
    shown_columns,
    unknown_label,
)

DATA = Path(__file__).parent / "data" / "pdf"


@pytest.fixture(scope="module")
def huge() -> PressKit:
    return make_presskit(load([DATA / "pathological.txt"])[0])


@pytest.fixture(scope="module")
def sink() -> PressKit:
    return make_presskit(load([DATA / "kitchen-sink.txt"])[0])


def accolades_table(kit: PressKit) -> Table:
    return next(
        block
        for section in kit.article.walk()
        for block in section.blocks
        if isinstance(block, Table) and block.ceremonies
    )


def test_every_infobox_field_is_a_fact_once(kit: PressKit, sink: PressKit) -> None:
    for plan in (kit, sink):
        assert plan.article.infobox is not None
        fields = sorted(field.line for field in plan.article.infobox.fields)
        assert sorted(fact.line for fact in plan.credits + plan.specs) == fields


def test_facts_keep_the_source_key_and_value(kit: PressKit, sink: PressKit) -> None:
    director = kit.credits[0]
    assert (director.label, director.credit, director.values) == (
        "Director",
        "Directed by",
        ("Andrew Haigh",),
    )
    studio = next(fact for fact in kit.credits if fact.label == "Studio")
    assert studio.credit == "Production companies"
    released = next(fact for fact in sink.specs if fact.label == "Released")
    assert released.values == ("2019-05-21",)  # the template formats it for display
    screenplay = next(fact for fact in sink.credits if fact.label == "Screenplay")
    assert screenplay.credit == "Screenplay by"


def test_the_cover_facts_and_keywords(kit: PressKit) -> None:
    assert kit.key_facts == ("2023", "United Kingdom", "105\u00a0minutes", "English")
    assert kit.keywords[:3] == ("film", "press kit", "2023")
    assert "Claire Foy" in kit.keywords
    assert kit.language == "en"


def test_a_pull_quote_is_the_first_sentence(kit: PressKit) -> None:
    quote = kit.quotes[0]
    assert quote.excerpt == "I am in awe of what Andrew [Haigh] managed to do in this film."
    assert quote.text.startswith(quote.excerpt)
    assert quote.attribution == "Filmmaker Edgar Wright"


def test_the_handout_keeps_whole_sentences(kit: PressKit) -> None:
    synopsis = kit.handout.synopsis
    assert synopsis is not None
    assert synopsis.startswith("All of Us Strangers is a 2023 British")
    assert synopsis.endswith(".")
    assert len(synopsis.split()) <= SYNOPSIS_WORDS
    assert [member.actor for member in kit.handout.cast] == list(kit.billing)
    assert all(fact.credit != "Starring" for fact in kit.handout.credits)


def test_the_handout_caps_everything_of_a_huge_article(huge: PressKit) -> None:
    handout = huge.handout
    assert handout.synopsis is not None
    assert len(handout.synopsis.split()) <= SYNOPSIS_WORDS + 1  # the clipped text and "…"
    assert handout.synopsis.endswith("…")
    assert len(handout.cast) == HANDOUT_CAST
    assert handout.more_cast == 60 - HANDOUT_CAST
    assert len(handout.directors) == HANDOUT_NAMES + 1
    assert handout.directors[-1] == "and 9 more"
    for facts in (handout.credits, handout.specs):
        assert facts
        assert sum(1.5 + len(fact.values) for fact in facts) <= HANDOUT_FACT_LINES
        assert all(len(fact.values) <= HANDOUT_NAMES + 1 for fact in facts)
    assert handout.quote is not None
    assert len(handout.quote.excerpt.split()) < len(huge.quotes[0].text.split())


def test_row_groups_are_the_ceremonies(kit: PressKit) -> None:
    table = accolades_table(kit)
    groups = row_groups(table)
    assert [group[0].line for group in groups] == [c.line for c in table.ceremonies]
    assert [row for group in groups for row in group] == list(table.rows)


def test_a_result_column_filmbook_added_is_not_shown(kit: PressKit, sink: PressKit) -> None:
    table = accolades_table(kit)
    assert [table.columns[i].name for i in shown_columns(table)] == [
        "Award",
        "Date of ceremony",
        "Category",
        "Recipient(s)",
    ]
    assert len(shown_columns(accolades_table(sink))) == 5  # Result is in that source


def test_an_unknown_recipient_says_so() -> None:
    assert unknown_label(Column("Recipient(s)", in_source=False)) == "recipient not recorded"
    assert unknown_label(Column("Nominee")) == "recipient not recorded"
    assert unknown_label(Column("Result")) == "not recorded"


def test_a_logline_with_no_end_is_clipped(huge: PressKit) -> None:
    assert huge.logline is not None
    assert len(huge.logline.split()) == LOGLINE_WORDS + 1  # the words and "…"
