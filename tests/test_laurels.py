"""Test the laurels: which ceremonies are festivals, in what order, how many, and the
lines each is broken into for the wreath (``plan/laurels.py``); and the SVG the
templates draw from them."""

from __future__ import annotations

import pytest
from lxml import etree

from filmbook.model import Accolade, Ceremony, Outcome, Selection
from filmbook.plan import Facts, plan_handout, plan_presskit
from filmbook.plan.laurels import (
    LINE_CHARACTERS,
    MAX_LAURELS,
    Laurel,
    is_festival,
    laurels,
    wrap,
)
from filmbook.render import HANDOUT, PRESSKIT, render_html

SVG = "{http://www.w3.org/2000/svg}"


def ceremony(name: str, date: str | None = "22 October 2023", won: str | None = None) -> Ceremony:
    accolades = [Accolade(2, "Best Film", None)]
    if won:
        accolades.append(Accolade(3, won, None, Outcome.WON))
    return Ceremony(1, name, date, tuple(accolades))


@pytest.mark.parametrize(
    ("name", "festival"),
    [
        ("Chicago International Film Festival", True),
        ("76th Venice International Film Festival", True),
        ("Camerimage", True),
        ("Sundance", True),
        ("Berlinale", True),
        ("SXSW", True),
        ("Toronto Film Critics Association", False),
        ("Chicago Film Critics Association Awards", False),
        ("British Academy Film Awards", False),
        ("Golden Globe Awards", False),
        ("London Film Critics’ Circle", False),
    ],
)
def test_a_festival_is_named_so_or_known_by_name(name: str, festival: bool) -> None:
    assert is_festival(name) is festival


def test_the_seeds_festivals_are_its_laurels(facts: Facts) -> None:
    assert [(laurel.festival, laurel.year, laurel.label) for laurel in facts.laurels] == [
        ("Chicago International Film Festival", "2023", "Official Selection"),
        ("Valladolid International Film Festival", "2023", "Official Selection"),
        ("Montclair Film Festival", "2023", "Official Selection"),
        ("Camerimage", "2023", "Official Selection"),
    ]


def test_the_material_comes_first_then_wins_then_prestige() -> None:
    found = laurels(
        [Selection(1, "Telluride Film Festival", 2023)],
        [
            ceremony("Montclair Film Festival"),
            ceremony("Cannes Film Festival", "20 May 2023"),
            ceremony("Locarno Film Festival", "10 August 2023", won="Best Director"),
        ],
    )
    assert [(laurel.festival, laurel.label) for laurel in found] == [
        ("Telluride Film Festival", "Official Selection"),
        ("Locarno Film Festival", "Winner — Best Director"),
        ("Cannes Film Festival", "Official Selection"),
        ("Montclair Film Festival", "Official Selection"),
    ]


def test_a_laurel_is_shown_once_and_a_row_at_most() -> None:
    twice = [Selection(1, "Telluride Film Festival", 2023)] * 2
    assert len(laurels(twice, [ceremony("Telluride Film Festival", "31 August 2023")])) == 1
    many = [ceremony(f"Festival number {n}") for n in range(10)]
    assert len(laurels((), many)) == MAX_LAURELS


def test_an_editions_ordinal_does_not_make_a_second_laurel() -> None:
    """The material's "Telluride Film Festival" 2023 and the accolades' "50th Telluride
    Film Festival" of 2023 are one selection, drawn once."""
    found = laurels(
        [Selection(1, "Telluride Film Festival", 2023)],
        [ceremony("50th Telluride Film Festival", "31 August 2023")],
    )
    assert [(laurel.festival_name, laurel.year) for laurel in found] == [
        ("Telluride Film Festival", "2023")
    ]


def test_a_laurel_is_broken_into_even_lines_for_the_wreath() -> None:
    laurel = Laurel("76th Venice International Film Festival", "2019", "Best Director", True)
    assert laurel.honour_lines == ("Winner", "Best Director")
    assert laurel.festival_lines == ("Venice", "International", "Film Festival")
    assert laurel.name == "Winner — Best Director, 76th Venice International Film Festival 2019"
    assert Laurel("Cannes Film Festival", None, "Official Selection", False).festival_lines == (
        "Cannes Film",
        "Festival",
    )


def test_a_festival_too_long_for_the_wreath_is_cut_with_an_ellipsis() -> None:
    lines = wrap(" ".join(["Festival"] * 2000), 3, LINE_CHARACTERS)
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert all(len(line) <= LINE_CHARACTERS + 2 for line in lines)
    assert wrap("Camerimage", 3, LINE_CHARACTERS) == ("Camerimage",)
    assert wrap("", 3, LINE_CHARACTERS) == ()


def _laurels(html: str) -> list[etree._Element]:
    root = etree.fromstring(html.encode(), etree.HTMLParser())
    return [
        svg
        for svg in root.iter()
        if svg.tag in ("svg", f"{SVG}svg") and "laurel" in svg.get("class", "")
    ]


@pytest.mark.parametrize("document", [PRESSKIT, HANDOUT], ids=["presskit", "handout"])
def test_the_laurels_are_inline_svg_named_by_their_words(facts: Facts, document: object) -> None:
    plan = plan_presskit(facts) if document is PRESSKIT else plan_handout(facts)
    html = render_html(plan, document)  # type: ignore[arg-type]
    found = _laurels(html)
    assert len(found) == len(facts.laurels) == 4
    for svg, laurel in zip(found, facts.laurels, strict=True):
        assert svg.get("role") == "img"
        title = next(child for child in svg.iter() if child.tag == "title")
        assert title.get("id") == svg.get("aria-labelledby")
        assert title.text == laurel.name
        texts = [t.text for t in svg.iter() if t.tag == "text"]
        assert texts == [
            *(line.upper() for line in laurel.honour_lines),
            *laurel.festival_lines,
            laurel.year,
        ]
    assert "<img" not in html  # no raster: the seed without material has no picture
    assert len({svg.get("aria-labelledby") for svg in found}) == len(found)


def test_laurels_can_be_turned_off(facts: Facts) -> None:
    from dataclasses import replace

    html = render_html(plan_handout(replace(facts, laurels=())), HANDOUT)
    assert not _laurels(html)


def test_the_wreath_in_the_template_is_the_one_its_script_works_out() -> None:
    """``shared/laurel.svg`` holds the leaves as one baked path; changing the geometry in
    ``scripts/laurel_wreath.py`` without running it would leave the template behind."""
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "laurel_wreath.py"
    wreath = runpy.run_path(str(script))
    assert wreath["main"](["--check"]) == 0
    leaves = wreath["wreath"]()
    assert leaves.count("M") == 2 * (2 * wreath["PAIRS"] + 1)  # every leaf of both branches
    assert f'{{% set leaves = "{leaves}" %}}' in wreath["TEMPLATE"].read_text(encoding="utf-8")


def test_a_laurel_draws_its_wreath_as_three_shapes(facts: Facts) -> None:
    """Two stems and one path of leaves, whatever the honour: each SVG element is drawn
    anew on every page, so the wreath stays a handful of them."""
    svg = _laurels(render_html(plan_presskit(facts), PRESSKIT))[0]
    shapes = [e for e in svg.iter() if e.tag in ("path", "circle")]
    assert [e.tag for e in shapes] == ["circle", "circle", "path"]
    assert shapes[-1].get("d", "").count("M") == 42
