"""Test the plan: what every output shows, chosen and written once, and what each keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmbook.build import load
from filmbook.filters import row_groups, shown_columns, unknown_label, unshown_note
from filmbook.model import Article, Column, Outcome, Table
from filmbook.plan import Facts, make_facts, plan_ebook, plan_handout, plan_presskit
from filmbook.plan.accolades import ceremonies
from filmbook.plan.attribution import NO_LICENCE, Licensing, attribute
from filmbook.plan.factsheet import NOT_FACTS
from filmbook.plan.handout import CAST, FACT_LINES, NAMES
from filmbook.plan.prose import LOGLINE_WORDS, SYNOPSIS_WORDS
from filmbook.plan.text import counted, format_date, join_names

DATA = Path(__file__).parent / "data" / "pdf"
FORMAT = Path(__file__).parent / "data" / "format"


@pytest.fixture(scope="module")
def huge_article() -> Article:
    return load([DATA / "pathological.txt"])[0]


@pytest.fixture(scope="module")
def huge(huge_article: Article) -> Facts:
    return make_facts(huge_article)


@pytest.fixture(scope="module")
def sink_article() -> Article:
    return load([DATA / "kitchen-sink.txt"])[0]


@pytest.fixture(scope="module")
def sink(sink_article: Article) -> Facts:
    return make_facts(sink_article)


def accolades_table(article: Article) -> Table:
    return next(
        block
        for section in article.walk()
        for block in section.blocks
        if isinstance(block, Table) and block.ceremonies
    )


@pytest.mark.parametrize(
    ("names", "joined"),
    [((), ""), (("A",), "A"), (("A", "B"), "A and B"), (("A", "B", "C"), "A, B and C")],
)
def test_names_are_joined_one_way(names: tuple[str, ...], joined: str) -> None:
    assert join_names(names) == joined


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("2023-12-22", "22 December 2023"),
        ("1988-09-05", "5 September 1988"),
        ("2023-13-01", "2023-13-01"),
        ("2023-12-32", "2023-12-32"),
        ("December 2023", "December 2023"),
    ],
)
def test_an_iso_date_is_written_out(value: str, written: str) -> None:
    assert format_date(value) == written


def test_a_count_takes_its_noun_in_number() -> None:
    assert counted(1, "ceremony", "ceremonies") == "1 ceremony"
    assert counted(0, "ceremony", "ceremonies") == "0 ceremonies"


def test_every_infobox_field_is_a_fact_once(
    article: Article, facts: Facts, sink_article: Article, sink: Facts
) -> None:
    for source, plan in ((article, facts), (sink_article, sink)):
        assert source.infobox is not None
        fields = sorted(f.line for f in source.infobox.fields if f.role not in NOT_FACTS)
        shown = [fact.line for group in plan.fact_sheet for fact in group.facts]
        assert sorted(line for line in shown if line != source.infobox.line) == fields


def test_facts_keep_the_source_key_and_write_dates_once(facts: Facts, sink: Facts) -> None:
    director = facts.credits[0]
    assert (director.label, director.credit, director.values) == (
        "Director",
        "Directed by",
        ("Andrew Haigh",),
    )
    studio = next(fact for fact in facts.credits if fact.label == "Studio")
    assert studio.credit == "Production companies"
    released = next(fact for fact in sink.details if fact.label == "Released")
    assert released.values == ("21 May 2019",)
    screenplay = next(fact for fact in sink.credits if fact.label == "Screenplay")
    assert screenplay.credit == "Screenplay by"


def test_the_title_block_derives_from_the_infobox(article: Article, facts: Facts) -> None:
    assert article.infobox is not None
    infobox = {field.key: field.values for field in article.infobox.fields}
    assert facts.directors == infobox["Director"]
    assert facts.directed_by == join_names(infobox["Director"])
    assert facts.billing == infobox["Starring"][:4]
    assert facts.key_facts == (
        facts.year,
        *infobox["Country"][:1],
        *infobox["Runtime"][:1],
        *infobox["Language"][:1],
    )
    lead = " ".join(getattr(block, "text", "") for block in article.lead)
    assert facts.year is not None
    assert facts.year in " ".join((*infobox.get("Released", ()), lead))
    assert facts.keywords[:3] == ("film", "press kit", facts.year)
    assert set(facts.billing) <= set(facts.keywords)
    assert facts.language == "en"


def test_an_infobox_header_naming_someone_else_is_a_subject(tmp_path: Path) -> None:
    text = "= List of accolades =\nJane Doe\n- Director: Jane Doe\n\nA lead.\n"
    (tmp_path / "a.txt").write_text(text)
    facts = make_facts(load([tmp_path / "a.txt"])[0])
    assert [(f.label, f.values) for f in facts.details] == [("Subject", ("Jane Doe",))]
    for header in ("Infobox", "Night", "Night (1999 film)"):
        (tmp_path / "b.txt").write_text(f"= Night (1999 film) =\n{header}\n- Director: X\n\nA.\n")
        assert make_facts(load([tmp_path / "b.txt"])[0]).details == ()


def test_a_pictures_fields_are_not_facts(tmp_path: Path) -> None:
    text = "= Night =\nInfobox\n- Image1: poster.jpg\n- Alt1: A poster\n- Runtime: 90 minutes\n"
    (tmp_path / "a.txt").write_text(text + "\nA lead.\n")
    facts = make_facts(load([tmp_path / "a.txt"])[0])
    assert [fact.label for group in facts.fact_sheet for fact in group.facts] == ["Runtime"]


def test_a_template_s_switches_and_width_are_not_facts() -> None:
    facts = make_facts(load([FORMAT / "accolades-list-page.txt"])[0])
    assert [(f.label, f.values) for f in facts.details] == [
        ("Title", ("Drive My Car",)),
        ("Wins", ("10",)),
        ("Nominations", ("15",)),
    ]


def test_the_tally_counts_every_accolade_of_the_article(article: Article, facts: Facts) -> None:
    found = list(ceremonies(article))
    nominations = sum(len(ceremony.accolades) for ceremony in found)
    wins = sum(a.outcome is Outcome.WON for c in found for a in c.accolades)
    assert facts.accolades is not None
    assert (facts.accolades.nominations, facts.accolades.ceremonies) == (nominations, len(found))
    expected = f"{nominations} nominations at {len(found)} ceremonies and festivals"
    assert facts.accolades.tally == expected + (f", {wins} won" if wins else "")
    assert "".join(part.text for part in facts.accolades.parts) == facts.accolades.tally


def test_the_tally_of_a_list_page_counts_its_accolades_table_only() -> None:
    """Its ``Major associations`` tables repeat, by year, accolades the table lists."""
    facts = make_facts(load([FORMAT / "accolades-list-page.txt"])[0])
    assert facts.accolades is not None
    assert facts.accolades.tally == "15 nominations at 5 ceremonies and festivals"
    names = [count.name for count in facts.accolades.notable]
    assert len(names) == len(set(names)) and "2022" not in names


def test_a_pull_quote_is_the_first_sentence(facts: Facts) -> None:
    quote = facts.quotes[0]
    assert quote.excerpt == "I am in awe of what Andrew [Haigh] managed to do in this film."
    assert quote.text.startswith(quote.excerpt)
    assert quote.attribution == "Filmmaker Edgar Wright"
    kit = plan_presskit(facts)
    assert [q for line in kit.pull_quotes.values() for q in line] == list(facts.quotes)


def test_the_handout_keeps_whole_sentences(facts: Facts) -> None:
    handout = plan_handout(facts)
    synopsis = handout.synopsis
    assert synopsis is not None
    # The logline, the lead's first sentence, is set above the synopsis, which reads on.
    assert handout.logline is not None
    assert handout.logline.startswith(f"{facts.title} is a")
    assert synopsis.startswith("It stars Andrew Scott")
    assert f"{handout.logline} {synopsis}" == facts.synopsis
    assert synopsis.endswith(".")
    assert len(synopsis.split()) <= SYNOPSIS_WORDS
    assert [member.actor for member in handout.cast] == [m.actor for m in facts.cast][:CAST]
    assert all(fact.credit != "Starring" for fact in handout.credits)
    assert handout.directed_by == facts.directed_by


def test_the_handout_caps_everything_of_a_huge_article(huge: Facts) -> None:
    handout = plan_handout(huge)
    assert handout.synopsis is not None
    assert len(handout.synopsis.split()) <= SYNOPSIS_WORDS + 1  # the clipped text and "…"
    assert handout.synopsis.endswith("…")
    assert len(handout.cast) == CAST
    assert handout.more_cast == len(huge.cast) - CAST
    more = len(huge.directors) - NAMES
    assert handout.directed_by == join_names((*huge.directors[:NAMES], f"{more} more"))
    for found in (handout.credits, handout.specs):
        assert found
        assert sum(1.5 + len(fact.values) for fact in found) <= FACT_LINES
        assert all(len(fact.values) <= NAMES + 1 for fact in found)
    assert handout.quote is not None
    assert len(handout.quote.excerpt.split()) < len(huge.quotes[0].text.split())


def test_the_ebook_has_a_page_per_section_and_everyone_credited(facts: Facts) -> None:
    book = plan_ebook(facts)
    assert [page.name for page in book.pages[:3]] == ["cover", "title", "synopsis"]
    assert len(book.pages) == 3 + len(facts.sections) + 1
    assert [p.name for p in book.pages if p.landmark == "bodymatter"] == ["synopsis"]
    assert (book.pages[-1].name, book.pages[-1].landmark) == ("credits", "credits")
    names = {person.name for person in book.people}
    assert set(facts.directors) | {member.actor for member in facts.cast} <= names
    assert book.cover_alt == f"{facts.title}, a film by {facts.directed_by}, {facts.year}"
    assert book.subjects[0] == "Film"


def test_the_source_note_names_the_article_the_licence_and_filmbook(facts: Facts) -> None:
    licensing = Licensing("cc-by-sa-3.0", "https://example.org/wiki/Film", "42")
    note = attribute(facts.title, licensing)
    assert note is not None
    source, licence, adapted = note.sentences
    assert f"“{facts.title}” (revision 42), https://example.org/wiki/Film" in source
    assert "CC BY-SA 3.0" in licence and note.licence_url in licence
    assert "same licence" in licence, "a share-alike licence says so"
    assert "filmbook" in adapted
    public = attribute(facts.title, Licensing("cc0-1.0"))
    assert public is not None and "same licence" not in public.licence
    assert "revision" not in public.source and "http" not in public.source
    for plan in (plan_presskit, plan_handout, plan_ebook):
        assert plan(facts, licensing).attribution == note
        assert plan(facts, Licensing(NO_LICENCE)).attribution is None
    assert "credits" not in [p.name for p in plan_ebook(facts, Licensing(NO_LICENCE)).pages]


def test_row_groups_are_the_ceremonies(article: Article) -> None:
    table = accolades_table(article)
    groups = row_groups(table)
    assert [group[0].line for group in groups] == [c.line for c in table.ceremonies]
    assert [row for group in groups for row in group] == list(table.rows)


def test_a_result_column_filmbook_added_is_not_shown(
    article: Article, sink_article: Article
) -> None:
    table = accolades_table(article)
    shown = [table.columns[i] for i in shown_columns(table)]
    assert all(
        c.in_source or any(r.cells[table.columns.index(c)].text for r in table.rows) for c in shown
    )
    assert not any(column.name == "Result" for column in shown)
    assert unshown_note(table) == "Not recorded: Result."
    sink_table = accolades_table(sink_article)
    assert len(shown_columns(sink_table)) == len(sink_table.columns)  # its results are known
    assert unshown_note(sink_table) is None


def test_a_column_no_row_has_a_value_in_is_not_shown_but_named_once() -> None:
    """A list page's Result column is in its source, and empty in every row: a column of
    "not recorded" says nothing, a line under the table says it once."""
    article = load([FORMAT / "accolades-list-page.txt"])[0]
    table = accolades_table(article)
    assert table.columns[4] == Column("Result")
    assert shown_columns(table) == (0, 1, 2, 3)
    assert unshown_note(table) == "Not recorded: Result."


def test_a_header_only_table_shows_its_header(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("= T =\n\n== A ==\n| Country | Gross |\n")
    (table,) = (b for s in load([tmp_path / "a.txt"])[0].walk() for b in s.blocks)
    assert isinstance(table, Table)
    assert shown_columns(table) == (0, 1) and unshown_note(table) is None


def test_an_unknown_recipient_says_so() -> None:
    assert unknown_label(Column("Recipient(s)", in_source=False)) == "recipient not recorded"
    assert unknown_label(Column("Nominee")) == "recipient not recorded"
    assert unknown_label(Column("Result")) == "not recorded"


def test_a_logline_with_no_end_is_clipped(huge: Facts) -> None:
    assert huge.logline is not None
    assert len(huge.logline.split()) == LOGLINE_WORDS + 1  # the words and "…"


def test_the_readme_names_every_field_templates_receive() -> None:
    """The README's "Your own look" is what template writers read: it keeps up with the plan."""
    from dataclasses import fields

    from filmbook.plan import Ebook, Facts, Handout, PressKit

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Your own look") :]
    section = section[: section.index("\n## ", 1)]
    for plan in (Facts, PressKit, Handout, Ebook):
        for field in fields(plan):
            assert f"`{field.name}`" in section, f"{plan.__name__}.{field.name}"
    from filmbook.filters import FILTERS, TESTS

    for name in (*FILTERS, *TESTS):
        assert f"`{name}`" in section, name
