"""The normaliser, rule by rule of ``docs/source-format.md``, on the fixtures in
``tests/data/format/``.

Each fixture holds one rule; the golden JSON beside it pins the whole output
(``test_json_golden.py``). The tests here say what each rule must produce, so a golden
file regenerated after a bad change fails here too. Tables are in ``test_tables.py``,
quotes, dashes and spaces in ``test_typography.py``, generated articles in
``test_properties.py``.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

import pytest

from filmbook.errors import InputError
from filmbook.jsonout import article_to_data
from filmbook.model import (
    Article,
    AwardGroup,
    Block,
    BulletList,
    CastList,
    CastMember,
    Definition,
    ListItem,
    Outcome,
    Paragraph,
    Role,
    Section,
    Severity,
)
from filmbook.normalise import PASSES, normalise
from filmbook.source import SourceText, decode
from regenerate_golden import ROOT, SEED, fixture_sources
from wordcheck import article_words, missing_words, printed_words, source_words, words

FORMAT = ROOT / "tests" / "data" / "format"
NBSP = "\u00a0"


def load(name: str) -> Article:
    """The fixture ``name`` read as the CLI reads it."""
    path = FORMAT / f"{name}.txt"
    return normalise(decode(path.relative_to(ROOT).as_posix(), path.read_bytes()))


def read(text: str) -> Article:
    """An article from text written in the test."""
    return normalise(SourceText("test.txt", text))


def lead_text(article: Article) -> list[str]:
    return [block.text for block in article.lead if isinstance(block, Paragraph)]


def only_block(section: Section) -> Block:
    (block,) = section.blocks
    return block


def without_lines(value: Any) -> Any:
    """JSON-like data with every ``line`` left out, to compare layouts of the same text."""
    if isinstance(value, dict):
        return {key: without_lines(item) for key, item in value.items() if key != "line"}
    if isinstance(value, list):
        return [without_lines(item) for item in value]
    return value


# --- Diagnostics: every fixture's, checked by hand against its source ---------------------

DIAGNOSTICS: dict[str, list[tuple[int, str]]] = {
    "accolades-list-page": [
        (5, "infobox field 'Film' is 'y', a switch of the template"),
        (8, "infobox field 'Total Width' is a setting of the template"),
        (36, "a table of accolades that names no award, beside a table that does"),
        (43, "a table of accolades that names no award, beside a table that does"),
    ],
    "cut-mid-word": [(6, "the file ends without a line break")],
    "infobox-accolades-page": [(7, "infobox field 'Total Width' is a setting of the template")],
    "infobox-images": [(12, "infobox field 'Total Width' is a setting of the template")],
    "cut-mid-line": [(9, "the file ends without a line break")],
    "cut-mid-list": [(10, "the file ends without a line break")],
    "cut-mid-table-row": [
        (8, "the file ends without a line break"),
        (8, "a table row without its closing '|'"),
    ],
    "headings-level-jump": [(8, "heading level jumps from 2 to 4")],
    "infobox-residue": [
        (7, "infobox field 'Gross' is 'million': the number was lost"),
        (8, "infobox field 'Budget' has no value"),
    ],
    "lead-dropped-subject": [(6, "the lead lost its subject: restored as 'The Discarnates'")],
    "lead-dropped-subject-no-infobox": [
        (3, "the lead lost its subject: restored as 'The Discarnates'")
    ],
    "lead-empty-parens": [(6, "removed an empty '()'")],
    "lead-gaps": [
        (6, "a gap before punctuation"),
        (8, "a gap before punctuation"),
        (8, "a gap between words"),
        (11, "a gap before punctuation"),
    ],
    "table-empty-cells": [(9, "an empty table row")],
    "table-ragged-rows": [
        (7, "a row with 5 cells under a header of 3"),
        (12, "a row with 4 cells under a header of 2"),
    ],
    "characters-control": [
        (3, "removed control characters"),
        (6, "removed control characters"),
    ],
}
REFUSED = {"title-missing": 1, "title-missing-heading": 2}
TITLED = [path.stem for path in fixture_sources() if path.stem not in REFUSED]


@pytest.mark.parametrize("name", TITLED)
def test_diagnostics_name_the_line_and_the_problem(name: str) -> None:
    found = load(name).diagnostics
    expected = DIAGNOSTICS.get(name, [])
    assert [d.line for d in found] == [line for line, _ in expected]
    for diagnostic, (_, message) in zip(found, expected, strict=True):
        assert message in diagnostic.message
        assert diagnostic.severity is Severity.WARNING


@pytest.mark.parametrize("name", TITLED)
def test_every_word_of_a_fixture_is_in_the_article(name: str) -> None:
    text = (FORMAT / f"{name}.txt").read_bytes().decode("utf-8")
    missing = missing_words(source_words(text), article_words(load(name)))
    assert not missing, dict(missing)


def test_every_word_of_the_first_article_is_in_it() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = normalise(SourceText("source/all-of-us-strangers.txt", text))
    assert not missing_words(source_words(text), article_words(article))


def test_the_word_check_sees_a_lost_word() -> None:
    article = read("= Tampopo =\n\nTampopo is a film.\n")
    source = source_words("= Tampopo =\n\nInfobox\n- Director: Juzo Itami\n\nTampopo is a film.\n")
    assert missing_words(source, article_words(article)) == {
        "director": 1,
        "juzo": 1,
        "itami": 1,
    }


def test_the_word_check_reads_pdf_and_epub_text_too() -> None:
    assert words("The ﬁlm’s ﬁnal CUT") == words("the film's final cut")  # ligatures, case
    assert words("a\u00adb ZERO\u200bWIDTH") == words("ab zerowidth")  # format characters
    assert words("inter-\nnational", line_end_hyphens=True)["international"] == 1
    assert words("Levienaise-\nFarrouch", line_end_hyphens=True) >= words("Levienaise-Farrouch")


def test_a_word_pdftotext_joined_at_a_line_end_counts_as_the_two() -> None:
    expected, found = words("Han Jin-won"), words("Han Jinwon")
    assert missing_words(expected, found) == {"jin": 1, "won": 1}
    assert not missing_words(expected, found, joined=True)
    assert missing_words(words("Jin Jin won"), words("Jinwon"), joined=True) == {"jin": 1}
    assert words("inter-\nnational")["international"] == 0


def test_the_word_check_leaves_out_only_the_infobox_word() -> None:
    assert source_words("= T =\n\nInfobox\n- Director: A\n")["infobox"] == 0
    assert source_words("= T =\n\nT\n- Director: A\n")["t"] == 2  # the header is content
    assert source_words("= T =\n\nT is a film.\n\nInfobox\n")["infobox"] == 1


def test_the_word_check_counts_the_words_structure_stands_for() -> None:
    text = "= T =\n\n== Cast ==\n- A as B\n\n== Awards ==\nX Awards\n- Won: C\n"
    assert source_words(text) == article_words(read(text))


# --- §1 Layout ---------------------------------------------------------------------------


def _untab(line: str) -> str:
    """A leading tab is a list level (two spaces), any other tab a space."""
    body = line.lstrip("\t")
    return "  " * (len(line) - len(body)) + body.replace("\t", " ")


@pytest.mark.parametrize(
    "name",
    ["layout-bom", "layout-crlf", "layout-trailing-spaces-tabs", "layout-empty-line-runs"],
)
def test_bom_line_ends_trailing_spaces_and_empty_line_runs_change_nothing(name: str) -> None:
    raw = (FORMAT / f"{name}.txt").read_bytes().decode("utf-8")
    lines = raw.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    tidy = "\n".join(_untab(line.rstrip(" \t")) for line in lines)
    while "\n\n\n" in tidy:
        tidy = tidy.replace("\n\n\n", "\n\n")
    original, tidied = load(name), read(tidy.lstrip("\n"))
    assert not original.diagnostics
    assert without_lines(article_to_data(original))["title"] == "Tampopo"
    compared = {"format", "version", "title", "infobox", "lead", "sections", "diagnostics"}
    data = {k: v for k, v in without_lines(article_to_data(original)).items() if k in compared}
    tidy_data = {k: v for k, v in without_lines(article_to_data(tidied)).items() if k in compared}
    assert data == tidy_data


def test_line_numbers_count_every_line_of_the_file() -> None:
    article = load("layout-empty-line-runs")
    assert article.line == 3  # two empty lines before the title
    assert article.infobox is not None and article.infobox.line == 7
    assert [block.line for block in article.lead] == [12, 17]
    assert [(s.line, s.blocks[0].line) for s in article.sections] == [(20, 24)]


def test_crlf_line_numbers_are_the_lines_an_editor_shows() -> None:
    article = load("layout-crlf")
    assert [s.line for s in article.sections] == [9]
    cast = only_block(article.sections[0])
    assert isinstance(cast, CastList)
    assert cast.members[0] == CastMember(10, "Tsutomu Yamazaki", "Goro")


def test_a_tab_inside_a_line_is_a_space_and_a_leading_tab_a_list_level() -> None:
    article = load("layout-trailing-spaces-tabs")
    assert lead_text(article) == ["Tampopo is a Japanese comedy film."]
    assert article.infobox is not None
    assert article.infobox.values(Role.STARRING) == ("Tsutomu Yamazaki", "Nobuko Miyamoto")
    cast = only_block(article.sections[0])
    assert isinstance(cast, CastList)
    assert cast.members[0].children == (CastMember(11, "Ken Watanabe", "Gun"),)


@pytest.mark.parametrize(
    ("name", "last"),
    [
        ("cut-mid-word", "Tampopo is a 1985 Japanese comedy fi"),
        ("cut-mid-line", "A truck driver helps a widow run her"),
    ],
)
def test_a_cut_file_keeps_what_is_there(name: str, last: str) -> None:
    article = load(name)
    blocks = article.sections[-1].blocks if article.sections else article.lead
    assert blocks[-1] == Paragraph(blocks[-1].line, last)


def test_a_list_cut_in_an_item_keeps_the_item() -> None:
    cast = only_block(load("cut-mid-list").sections[0])
    assert isinstance(cast, CastList)
    assert [(m.actor, m.role) for m in cast.members] == [
        ("Tsutomu Yamazaki", "Goro"),
        ("Nobuko Miyamoto", "Tam"),
    ]


# --- §2 Title ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "disambiguator"),
    [
        ("title-disambiguator", "House", "1977 film"),
        ("title-disambiguator-country", "Happy Hour", "2015 Japanese film"),
        ("title-accented", "Cléo from 5 to 7", None),
        ("infobox-header-word", "Tampopo", None),
        ("characters-scripts", "The Host", "2006 film"),
    ],
)
def test_the_title_and_its_disambiguator(name: str, title: str, disambiguator: str | None) -> None:
    article = load(name)
    assert (article.title, article.disambiguator, article.line) == (title, disambiguator, 1)


def test_an_accented_title_is_nfc_whatever_the_source_wrote() -> None:
    decomposed = unicodedata.normalize("NFD", "= Cléo from 5 to 7 =\n\nCléo is a film.\n")
    article = read(decomposed)
    assert article.title == "Cléo from 5 to 7"
    assert unicodedata.is_normalized("NFC", article.title)


def test_a_title_in_brackets_that_is_no_disambiguator_stays_whole() -> None:
    assert read("= Cure (キュア) =\n").title == "Cure (キュア)"


@pytest.mark.parametrize(("name", "line"), REFUSED.items())
def test_a_file_without_a_title_line_is_an_error(name: str, line: int) -> None:
    with pytest.raises(InputError) as error:
        load(name)
    assert error.value.path == f"tests/data/format/{name}.txt"
    assert error.value.line == line
    assert error.value.message == "no title line: the file must start with '= Title ='"


@pytest.mark.parametrize("text", ["", "\n\n", "= =\n", "==\n", "Some text =\n"])
def test_no_title_at_all_is_an_error_not_a_crash(text: str) -> None:
    with pytest.raises(InputError, match="no title line"):
        read(text)


# --- §3 Infobox -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("infobox-header-word", "Infobox"),
        ("infobox-header-title", "House (1977 film)"),
        ("infobox-header-bare-title", "House"),
        ("infobox-header-other-name", "Bong Joon-ho"),
        ("title-disambiguator-country", "Happy Hour"),
    ],
)
def test_every_kind_of_infobox_header(name: str, header: str) -> None:
    article = load(name)
    assert article.infobox is not None
    assert (article.infobox.line, article.infobox.header) == (3, header)
    assert article.infobox.fields, "the fields after the header belong to the infobox"
    assert article.lead, "and the lead after them is still the lead"


def test_an_article_without_an_infobox() -> None:
    article = load("infobox-none")
    assert article.infobox is None
    assert lead_text(article) == ["Tampopo is a 1985 Japanese comedy film directed by Juzo Itami."]


def test_infobox_fields_without_a_header_line() -> None:
    article = read("= Tampopo =\n\n- Director: Juzo Itami\n\nTampopo is a film.\n")
    assert article.infobox is not None
    assert article.infobox.header == ""
    assert article.infobox.first(Role.DIRECTOR) == "Juzo Itami"


def test_an_infobox_header_cut_before_its_fields_is_still_the_header() -> None:
    article = read("= Tampopo =\n\nInfobox\n")
    assert article.infobox is not None
    assert (article.infobox.header, article.infobox.fields, article.lead) == ("Infobox", (), ())


KEY_ROLES = {
    "Director": Role.DIRECTOR,
    "Writer": Role.WRITER,
    "Screenplay": Role.WRITER,
    "Story": Role.WRITER,
    "Producer": Role.PRODUCER,
    "Executive Producer": Role.EXECUTIVE_PRODUCER,
    "Starring": Role.STARRING,
    "Music": Role.MUSIC,
    "Composer": Role.MUSIC,
    "Cinematography": Role.CINEMATOGRAPHY,
    "Editing": Role.EDITING,
    "Editor": Role.EDITING,
    "Studio": Role.STUDIO,
    "Company": Role.STUDIO,
    "Production Companies": Role.STUDIO,
    "Distributor": Role.DISTRIBUTOR,
    "Released": Role.RELEASED,
    "Runtime": Role.RUNTIME,
    "Country": Role.COUNTRY,
    "Language": Role.LANGUAGE,
    "Budget": Role.BUDGET,
    "Gross": Role.GROSS,
    "Genre": Role.GENRE,
    "Network": Role.NETWORK,
    "Based on": Role.OTHER,  # the source work, not one of the writers
}
ACCOLADES_PAGE_KEY_ROLES = {
    "Title": Role.TITLE,
    "Film": Role.FILM,
    "Image1": Role.IMAGE,
    "Total Width": Role.WIDTH,
    "Wins": Role.WINS,
    "Nominations": Role.NOMINATIONS,
}

# Pictures filmbook does not have, in any order: IMAGE, so that no output prints them as facts.
IMAGES_KEY_ROLES = {
    "Title": Role.TITLE,
    "Film": Role.FILM,
    "Image2": Role.IMAGE,
    "Alt2": Role.IMAGE,
    "Image1": Role.IMAGE,
    "Alt1": Role.IMAGE,
    "Image3": Role.IMAGE,
    "Alt3": Role.IMAGE,
    "Total Width": Role.WIDTH,
    "Wins": Role.WINS,
    "Nominations": Role.NOMINATIONS,
}


@pytest.mark.parametrize(
    ("name", "roles"),
    [
        ("infobox-keys", KEY_ROLES),
        ("infobox-accolades-page", ACCOLADES_PAGE_KEY_ROLES),
        ("infobox-images", IMAGES_KEY_ROLES),
    ],
)
def test_every_key_keeps_its_spelling_and_gets_its_role(name: str, roles: dict[str, Role]) -> None:
    infobox = load(name).infobox
    assert infobox is not None
    assert {field.key: field.role for field in infobox.fields} == roles
    assert [field.line for field in infobox.fields] == list(range(4, 4 + len(roles)))


def test_synonyms_share_a_role_in_source_order() -> None:
    infobox = load("infobox-keys").infobox
    assert infobox is not None
    assert infobox.values(Role.WRITER) == ("W One", "S One", "T One")
    assert infobox.values(Role.MUSIC) == ("M One", "C One")
    assert infobox.values(Role.EDITING) == ("E One", "E Two")
    assert infobox.values(Role.STUDIO) == (
        "Studio One",
        "Company One",
        "Company Two",
        "Company Three",
    )


def test_values_with_commas_in_brackets_and_kept_whole() -> None:
    infobox = load("infobox-multi-valued").infobox
    assert infobox is not None
    assert [field.values for field in infobox.fields] == [
        ("Park Chan-wook", "Syd Lim"),
        ("Kim Min-hee", "Kim Tae-ri", "Ha Jung-woo", "Cho Jin-woong"),
        ("A24 (United States)", "CJ ENM (South Korea)"),
        ("approx $200,000–$300,000 (US)",),
        ("Moho Film (Seoul, South Korea)", "Yong Film"),
    ]
    assert infobox.fields[2].text == "A24 (United States), CJ ENM (South Korea)"


def test_a_list_joined_with_spaces_is_kept_as_one_value() -> None:
    infobox = load("infobox-space-joined").infobox
    assert infobox is not None
    assert infobox.values(Role.STARRING) == ("Kimiko Ikegami Miki Jinbo Ai Matsubara",)


def test_template_residue_is_kept_and_values_are_typeset() -> None:
    infobox = load("infobox-residue").infobox
    assert infobox is not None
    assert infobox.first(Role.RELEASED) == "1988-09-15"
    assert infobox.first(Role.RUNTIME) == f"76{NBSP}min."
    assert infobox.first(Role.GROSS) == "million"
    assert infobox.values(Role.BUDGET) == ("",)


def test_a_template_s_switches_are_kept_and_said_to_be_no_facts() -> None:
    """``Film: y`` switches the accolades template to a film's page; ``Total Width`` sets
    its pictures' width. Neither is a fact: each keeps its words, with a role that says
    so, and a warning naming its line."""
    article = load("accolades-list-page")
    assert article.infobox is not None
    assert [(f.key, f.role, f.values) for f in article.infobox.fields] == [
        ("Title", Role.TITLE, ("Drive My Car",)),
        ("Film", Role.SWITCH, ("y",)),
        ("Image1", Role.IMAGE, ("Ryusuke Hamaguchi at Cannes 2021.jpg",)),
        ("Alt1", Role.IMAGE, ("Hamaguchi smiling at a press conference",)),
        ("Total Width", Role.WIDTH, ("280",)),
        ("Wins", Role.WINS, ("10",)),
        ("Nominations", Role.NOMINATIONS, ("15",)),
    ]
    warned = [(d.line, d.message) for d in article.diagnostics if d.line < 11]
    assert warned == [
        (5, "infobox field 'Film' is 'y', a switch of the template: not a fact to print"),
        (8, "infobox field 'Total Width' is a setting of the template: not a fact to print"),
    ]


@pytest.mark.parametrize("flag", ["y", "n", "Y", "yes", "No"])
def test_a_yes_or_no_value_is_a_switch_whatever_its_key(flag: str) -> None:
    article = read(f"= T =\n\nInfobox\n- Colour: {flag}\n- Film: T\n")
    assert article.infobox is not None
    assert [f.role for f in article.infobox.fields] == [Role.SWITCH, Role.FILM]


def test_a_yes_or_no_that_is_a_word_of_the_title_is_no_switch() -> None:
    article = read("= List of accolades received by No (2012 film) =\n\nInfobox\n- Film: No\n")
    assert article.infobox is not None
    assert article.infobox.fields[0].role is Role.FILM
    assert not article.diagnostics


def test_the_word_check_leaves_out_what_no_output_prints() -> None:
    """Pictures, a template's width and its switches: printed_words, as the outputs print
    the source; source_words keeps them, as the Article does."""
    text = (
        "= Nope =\n\nInfobox\n- Film: y\n- Image1: a.jpg\n- Total Width: 280\n"
        "- Wins: 10\n\nThe lead.\n"
    )
    assert set(printed_words(text)) == {"nope", "wins", "10", "the", "lead"}
    assert source_words(text)["y"] == source_words(text)["280"] == 1
    headerless = "= No =\n\n- Film: no\n- Total Width: 280\n"
    assert set(printed_words(headerless)) == {"no", "film"}


def test_the_word_check_does_not_expect_a_header_that_repeats_the_title() -> None:
    """The outputs print ``1977 film`` once, after the title, not as the infobox's subject."""
    text = "= A (1977 film) =\nA (1977 film)\n- Director: B\n"
    assert printed_words(text)["1977"] == 1
    assert printed_words("= A =\nJane Doe\n- Director: B\n")["jane"] == 1  # a subject
    assert source_words(text)["1977"] == 2


def test_the_word_check_writes_dates_out_in_the_infobox_only() -> None:
    """Two lines of text before the fields: no infobox, so the date is printed as written."""
    infobox = "= T =\n\nInfobox\n- Released: 2023-12-22\n"
    assert printed_words(infobox)["december"] == 1
    no_infobox = "= T =\n\nA line\nanother\n- Released: 2023-12-22\n"
    assert read(no_infobox).infobox is None
    assert printed_words(no_infobox)["december"] == 0
    assert printed_words(no_infobox)["2023"] == 1


def test_an_infobox_ends_at_the_first_line_that_is_no_field() -> None:
    article = read("= T =\n\nInfobox\n- Director: A\n  - B\nThe lead.\n")
    assert article.infobox is not None
    assert [field.key for field in article.infobox.fields] == ["Director"]
    assert isinstance(article.lead[0], BulletList)  # the indented line is not lost
    assert article.lead[1] == Paragraph(6, "The lead.")


# --- §4 Lead ----------------------------------------------------------------------------


def test_a_dropped_subject_is_restored_from_the_title() -> None:
    assert lead_text(load("lead-dropped-subject")) == [
        "The Discarnates is a 1988 Japanese fantasy drama film directed by Nobuhiko Obayashi.",
        "It is based on the novel Strangers.",
    ]


def test_a_dropped_subject_is_the_title_without_its_disambiguator() -> None:
    assert lead_text(load("lead-dropped-subject-no-infobox")) == [
        "The Discarnates is a 1988 Japanese fantasy drama film."
    ]


def test_only_the_first_lead_paragraph_can_have_lost_its_subject() -> None:
    article = read("= T =\n\nT is a film.\n\n is indented for some reason.\n")
    assert lead_text(article) == ["T is a film.", "is indented for some reason."]
    assert not article.diagnostics


@pytest.mark.parametrize(
    ("name", "lead"),
    [
        (
            "lead-native-title",
            "Cure (キュア, Kyua) is a 1997 Japanese psychological thriller film.",
        ),
        ("title-accented", "Cléo from 5 to 7 (Cléo de 5 à 7) is a 1962 French Left Bank film."),
        ("lead-empty-parens", "Parasite is a 2019 South Korean black comedy thriller film."),
    ],
)
def test_native_titles_stay_and_empty_brackets_go(name: str, lead: str) -> None:
    assert lead_text(load(name)) == [lead]


def test_an_empty_bracket_inside_a_word_stays() -> None:
    assert lead_text(read("= T =\n\nCall f() or g(); not ().\n")) == ["Call f() or g(); not."]


def test_gaps_are_collapsed_and_the_words_kept() -> None:
    assert lead_text(load("lead-gaps")) == [
        "Tokyo Sonata is a 2008 Japanese drama film. It stars, and Yoshihiko Hosoda.",
        "On Rotten Tomatoes, the film holds an approval rating of based on reviews. It won.",
        "Originally entitled, the film was renamed before its release.",  # a gap at a break
    ]


def test_a_single_line_break_joins_a_paragraph() -> None:
    assert lead_text(load("lead-line-break")) == [
        "Tokyo Sonata is a 2008 Japanese drama film directed by Kiyoshi Kurosawa. "
        "It stars Teruyuki Kagawa.",
        "It won the Jury Prize.",
    ]


# --- §5 Headings ------------------------------------------------------------------------


def outline(sections: tuple[Section, ...]) -> list[Any]:
    return [
        (s.level, s.title, outline(s.sections)) if s.sections else (s.level, s.title)
        for s in sections
    ]


def test_headings_with_and_without_spaces_at_three_levels() -> None:
    article = load("headings-styles")
    assert outline(article.sections) == [
        (2, "Plot"),
        (2, "Production", [(3, "Casting"), (3, "Filming", [(4, "Locations"), (4, "Sets")])]),
    ]
    assert [s.line for s in article.walk()] == [5, 8, 11, 14, 17, 20]
    assert [s.blocks[0] for s in article.walk()][-1] == Paragraph(21, "A ramen shop.")


def test_unevenly_spaced_headings_and_a_synopsis_for_a_plot() -> None:
    article = load("headings-uneven-spacing")
    assert outline(article.sections) == [
        (2, "Synopsis"),
        (2, "Production", [(3, "Music")]),
        (2, "Reception"),
    ]
    assert [s.line for s in article.walk()] == [5, 8, 11, 14]
    assert article.sections[0].blocks == (Paragraph(6, "The 1964 Summer Olympics."),)


def test_heading_text_keeps_quotes_colons_and_brackets() -> None:
    (episodes,) = load("headings-punctuation").sections
    assert episodes.blocks == ()
    assert [s.title for s in episodes.sections] == [
        "Episode 1: “Magic (or Something Less Assuring)”",
        "Episode 2: ‘Life: a (brief) history’",
    ]


def test_headings_that_follow_each_other() -> None:
    article = load("headings-adjacent")
    assert outline(article.sections) == [
        (2, "Accolades"),
        (2, "Major associations", [(3, "Academy Awards"), (3, "Golden Globes")]),
    ]
    accolades, associations = article.sections
    assert accolades.blocks == () and associations.blocks == ()
    assert associations.sections[1].blocks == (Paragraph(11, "None either."),)


def test_a_level_that_jumps_is_nested_under_the_open_level() -> None:
    article = load("headings-level-jump")
    assert outline(article.sections) == [
        (2, "Release", [(3, "Home media"), (3, "Box office", [(4, "Japan")])]),
    ]


def test_a_first_heading_that_jumps_is_a_top_section() -> None:
    article = read("= T =\n\n==== Deep ====\nText.\n")
    assert outline(article.sections) == [(2, "Deep")]
    assert [d.line for d in article.diagnostics] == [3]


def test_a_second_title_line_is_a_top_heading() -> None:
    article = read("= T =\n\n== A ==\n= B =\nText.\n")
    assert outline(article.sections) == [(2, "A"), (2, "B")]
    assert "second title line" in article.diagnostics[0].message


# --- §6 Lists ---------------------------------------------------------------------------


def tree(items: tuple[ListItem, ...]) -> list[Any]:
    return [(i.text, tree(i.children)) if i.children else i.text for i in items]


def test_nested_lists() -> None:
    block = only_block(load("lists-nested").sections[0])
    assert isinstance(block, BulletList)
    assert tree(block.items) == [
        ("Food", [("Ramen", ["Noodles", "Broth"]), "Omurice"]),
        "Death",
        "Sex",
    ]


def test_items_separated_by_empty_lines_are_one_list() -> None:
    section = load("lists-separated-by-empty-lines").sections[0]
    listed, after = section.blocks
    assert isinstance(listed, BulletList)
    assert tree(listed.items) == ["Food", ("Death", ["Of a gangster"]), "Sex"]
    assert [item.line for item in listed.items] == [6, 8, 12]
    assert after == Paragraph(13, "The themes are intertwined.")


def test_an_indent_that_jumps_is_nested_under_the_item_above() -> None:
    article = read("= T =\n\n== A ==\n- one\n      - deep\n- two\n")
    block = only_block(article.sections[0])
    assert isinstance(block, BulletList)
    assert tree(block.items) == [("one", ["deep"]), "two"]
    assert [d.line for d in article.diagnostics] == [5]


def test_a_list_nested_ten_levels_deep_is_kept() -> None:
    lines = [f"{'  ' * depth}- level {depth + 1}" for depth in range(10)]
    article = read("= T =\n\n== A ==\n" + "\n".join(lines) + "\n")
    block = only_block(article.sections[0])
    assert isinstance(block, BulletList)
    depth, items = 1, block.items
    while items[0].children:
        depth, items = depth + 1, items[0].children
    assert (depth, items[0].text) == (10, "level 10")
    assert not article.diagnostics


def test_a_list_nested_eleven_levels_deep_is_refused_at_its_line() -> None:
    lines = [f"{'  ' * depth}- level {depth + 1}" for depth in range(14)]
    with pytest.raises(InputError) as refused:
        read("= T =\n\n== A ==\n" + "\n".join(lines) + "\n")
    assert (refused.value.line, refused.value.message) == (
        14,
        "a list nested 11 levels deep: the limit is 10",
    )


def test_list_depth_is_counted_as_the_list_is_read() -> None:
    """Items apart by empty lines are one list; a paragraph ends it."""
    lines = [f"{'  ' * depth}- level {depth + 1}\n" for depth in range(11)]
    with pytest.raises(InputError) as refused:
        read("= T =\n\n== A ==\n" + "\n".join(lines))
    assert (refused.value.line, refused.value.message) == (
        24,
        "a list nested 11 levels deep: the limit is 10",
    )
    twice = "".join(lines[:10]) + "A paragraph.\n" + "".join(lines[:10])
    assert read(f"= T =\n\n{twice}").lead


def test_an_accolades_table_counts_the_columns_added_to_it() -> None:
    """Eight named columns, and the recipient and result columns the export cut: ten."""
    header = "| Award | Date | Category | a | b | c | d | e |\n"
    with pytest.raises(InputError) as refused:
        read("= T =\n\n" + header + "| x |\n" * 4_000)
    assert (refused.value.line, refused.value.message) == (
        3 + 4_000,
        "a table of 4,001 rows of 10 cells: the limit is 40,000 cells",
    )


def test_an_infobox_key_too_long_is_refused() -> None:
    key = "A" + " long" * 500
    with pytest.raises(InputError) as refused:
        read(f"= T =\n\nInfobox\n- Director: D\n- {key}: x\n")
    assert (refused.value.line, refused.value.message) == (
        5,
        "an infobox key has 2,501 characters: the limit is 2,000",
    )


def test_the_limits_are_checked_after_repair_and_before_anything_is_built() -> None:
    names = [name for name, _ in PASSES]
    assert names.index("repair") < names.index("limits") < names.index("sections")


def test_a_table_row_of_more_than_thirty_cells_is_refused() -> None:
    row = "| " + " | ".join(["x"] * 31) + " |"
    read("= T =\n\n| " + " | ".join(["x"] * 30) + " |\n")  # thirty is allowed
    with pytest.raises(InputError) as refused:
        read(f"= T =\n\n| h |\n{row}\n")
    assert (refused.value.line, refused.value.message) == (
        4,
        "a table row of 31 cells: the limit is 30",
    )


def test_a_table_is_as_big_as_its_widest_row_makes_it() -> None:
    """One wide row makes every row that wide: the limit counts the cells so padded."""
    rows = "| x |\n" * 1_999
    with pytest.raises(InputError) as refused:
        read("= T =\n\n| h |\n| " + " | ".join(["x"] * 20) + f" |\n{rows}")
    assert refused.value.line == 3 + 2_000
    assert refused.value.message.endswith("the limit is 40,000 cells")


@pytest.mark.parametrize(
    ("line", "length"),
    [
        ("—" * 61, 61),  # a run of dashes does not break
        ("/" * 61, 61),
        ("ab\u2011" * 20 + "ab", 62),  # the non-breaking hyphen
        ("a\u00a0" * 30 + "b", 61),  # no-break spaces (a run of them: repair keeps one)
        ("ー" * 61, 61),  # may not start a line
        ("x" + " ," * 60, 61),  # one word once the gaps before punctuation are closed
    ],
    ids=["dashes", "slashes", "nb-hyphens", "nb-spaces", "long-vowel-marks", "gaps"],
)
def test_a_word_with_nowhere_to_break_is_refused(line: str, length: int) -> None:
    with pytest.raises(InputError) as refused:
        read(f"= T =\n\n{line}\n")
    assert refused.value.line == 3
    assert refused.value.message.startswith(f"a word of {length} characters")


@pytest.mark.parametrize(
    "line",
    ["well-known/ill-famed—once–twice " * 10, "映画" * 100, "https://example.org/a/b/c/d/e/f/g/h"],
)
def test_words_that_break_are_kept(line: str) -> None:
    assert read(f"= T =\n\n{line}\n").lead


def test_a_paragraph_too_long_to_lay_out_is_cut_between_sentences() -> None:
    """A 70,000-character paragraph over two lines: two paragraphs, every word kept, each
    knowing the line it starts on."""
    first = "One two three four five six seven. " * 860  # 30,100 characters
    second = "Eight nine ten eleven. " * 1740  # 40,020 characters
    article = read(f"= T =\n\n{first.strip()}\n{second.strip()}\n")
    assert all(isinstance(block, Paragraph) for block in article.lead)
    assert [len(block.text) <= 50_000 for block in article.lead] == [True] * 2
    assert [block.line for block in article.lead] == [3, 4]
    assert all(block.text.endswith(".") for block in article.lead)
    assert words(" ".join(block.text for block in article.lead)) == words(first + second)
    assert [d.message for d in article.diagnostics] == [
        "a paragraph of 70,119 characters: printed as 2"
    ]


def test_a_run_of_any_spaces_between_words_is_one_space() -> None:
    """A run of no-break or ideographic spaces is a gap too: one space, the run's first."""
    article = read("= T =\n\na\u00a0\u00a0\u3000b c\u3000\u3000\u3000d\n")
    assert article.lead == (Paragraph(3, "a\u00a0b c\u3000d"),)
    assert [d.message for d in article.diagnostics] == [
        "a gap between words: an inline template was dropped here"
    ]


def test_a_run_of_equals_signs_that_does_not_close_is_text() -> None:
    article = read("= T =\n\n" + "=" * 50 + " x\n")
    assert article.lead == (Paragraph(3, "=" * 50 + " x"),)


def test_an_indent_that_jumps_far_counts_one_level() -> None:
    """Depth is how items nest, not how far the export indented them."""
    article = read("= T =\n\n== A ==\n- one\n" + " " * 40 + "- far\n")
    block = only_block(article.sections[0])
    assert isinstance(block, BulletList)
    assert tree(block.items) == [("one", ["far"])]


def test_a_cast_list() -> None:
    cast = only_block(load("cast-list").sections[0])
    assert cast == CastList(
        6,
        (
            CastMember(
                6, "Andrew Scott", "Adam", None, (CastMember(7, "Carter John Grout", "young Adam"),)
            ),
            CastMember(8, "Paul Mescal", "Harry"),
            CastMember(9, "Jamie Bell", "Adam’s father"),
        ),
    )


def test_a_cast_list_with_descriptions_in_a_subsection() -> None:
    (cast_section,) = load("cast-list-descriptions").sections
    cast = only_block(cast_section.sections[0])
    assert isinstance(cast, CastList)
    assert cast.members == (
        CastMember(
            7,
            "Morio Kazama",
            "Hideo Harada",
            "A TV drama writer who lives alone after his divorce.",
        ),
        CastMember(
            8, "Kumiko Akiyoshi", "Fusako Harada", "Hideo’s mother, who died when he was twelve."
        ),
        CastMember(9, "Yuko Natori", None),
    )


def test_a_list_outside_a_cast_section_is_a_plain_list() -> None:
    block = only_block(read("= T =\n\n== Production ==\n- Scott as producer\n").sections[0])
    assert block == BulletList(4, (ListItem(4, "Scott as producer"),))


def test_award_groups() -> None:
    blue_ribbon, academy = load("award-groups").sections[0].blocks
    assert isinstance(blue_ribbon, AwardGroup) and isinstance(academy, AwardGroup)
    assert (blue_ribbon.ceremony.name, blue_ribbon.ceremony.date) == (
        "31st Blue Ribbon Awards",
        None,
    )
    assert [(a.category, a.recipient, a.outcome) for a in blue_ribbon.ceremony.accolades] == [
        ("Best Supporting Actor", "Tsurutaro Kataoka", Outcome.WON),
        ("Best Film", None, Outcome.NOMINATED),
    ]
    assert academy.ceremony.name == "12th Japan Academy Film Prize"
    assert [(a.line, a.category, a.recipient, a.outcome) for a in academy.ceremony.accolades] == [
        (12, "Best Screenplay", "Shinichi Ichikawa", Outcome.WON),
        (13, "Best Supporting Actor", "Tsurutarō Kataoka", Outcome.WON),
        (14, "Best Actress", "Kumiko Akiyoshi", Outcome.NOMINATED),
    ]


def test_a_bare_outcome_with_nothing_under_it_is_kept() -> None:
    group = only_block(read("= T =\n\n== Awards ==\nX Awards\n- Won:\n").sections[0])
    assert isinstance(group, AwardGroup)
    assert [(a.category, a.outcome) for a in group.ceremony.accolades] == [("", Outcome.WON)]


def test_only_the_exports_outcome_words_are_outcomes() -> None:
    group = only_block(read("= T =\n\n== Awards ==\nX Awards\n- Won: A\n- Winner: B\n").sections[0])
    assert isinstance(group, AwardGroup)
    assert [(a.category, a.outcome) for a in group.ceremony.accolades] == [
        ("A", Outcome.WON),
        ("Winner: B", None),  # 'Winner' would print as 'Won' and lose its word
    ]


def test_definition_terms() -> None:
    blocks = load("definition-terms").sections[0].blocks
    assert blocks == (
        Definition(6, "1985", (Paragraph(7, "The film premiered in Japan."),)),
        Definition(9, "1987", (Paragraph(10, "It opened in the United States in May."),)),
    )


# --- §8 Characters (typography itself is in test_typography.py) -------------------------


def test_scripts_and_diacritics_are_kept() -> None:
    article = load("characters-scripts")
    assert lead_text(article) == [
        "The Host (괴물, Gwoemul) is a 2006 South Korean monster film. Tsurutarō Kataoka and "
        "片岡鶴太郎 (カタオカ) appear in it; Søren and Žižek do not."
    ]


def test_unbalanced_brackets_are_kept() -> None:
    article = load("characters-unbalanced-brackets")
    assert lead_text(article) == ["Tampopo is a film (with Japanese lyrics] and a [bonus (scene."]
    block = only_block(article.sections[0])
    assert isinstance(block, BulletList)
    assert tree(block.items) == ["Theme (with Japanese lyrics]", "Closing [instrumental"]


def test_html_looking_text_is_literal_text() -> None:
    article = load("characters-html")
    assert article.title == "<b>Bold</b> & Co"
    assert article.infobox is not None and article.infobox.first(Role.DIRECTOR) == "A &amp; B"
    assert lead_text(article) == [
        "<b>Bold</b> & Co is a film with <script>alert(1)</script> and &amp; and "
        "<!-- a comment --> in it."
    ]
    assert article.sections[0].title == "<i>Notes</i>"


def test_control_characters_are_removed_without_joining_words() -> None:
    article = load("characters-control")
    assert lead_text(article) == ["Tampopo is a film with a bell and a form feed."]
    assert article.sections[0].blocks == (
        Paragraph(6, "A noncharacter and an escape[0m sequence."),
    )


def test_surrogates_and_noncharacters_of_every_plane_are_removed() -> None:
    odd = "".join(chr(plane + 0xFFFE) for plane in range(0, 0x110000, 0x10000))
    article = read(f"= T =\n\nA{odd}\ud800B\ufdd0C\x85D.\n")
    assert lead_text(article) == ["ABC D."]


def test_a_very_long_line() -> None:
    (paragraph,) = load("characters-long-line").lead
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text.startswith("Word0 Word1 ") and paragraph.text.endswith(" Word2999.")
    assert len(paragraph.text.split()) == 3000


def test_the_article_is_frozen() -> None:
    article = load("infobox-header-word")
    with pytest.raises(dataclasses.FrozenInstanceError):
        article.title = "Other"  # type: ignore[misc]


def test_the_fixture_folder_has_no_stray_files() -> None:
    allowed = {".txt", ".json", ".error"}
    stray = [
        p.name for p in FORMAT.iterdir() if p.suffix not in allowed and p.name != ".gitattributes"
    ]
    assert not stray
