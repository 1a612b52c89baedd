"""Tables with their flattened rowspans rebuilt (docs/source-format.md §7).

The first article's accolades table is checked to the cell against counts made by hand
from its source; the fixtures cover the 5- and 2-cell shapes, empty cells, ragged and cut
rows. ``test_properties.py`` rebuilds generated tables of all three shapes.
"""

from __future__ import annotations

from collections import Counter

import pytest

from filmbook.model import Article, CellOrigin, Column, Outcome, Table
from filmbook.normalise import normalise
from filmbook.normalise.typography import typeset
from filmbook.source import SourceText
from regenerate_golden import SEED
from test_normalise import load, read

# (award, date of ceremony, number of categories and recipients), read off the source.
FIRST_ARTICLE_CEREMONIES = [
    ("Chicago International Film Festival", "22 October 2023", 1),
    ("Valladolid International Film Festival", "28 October 2023", 2),
    ("Montclair Film Festival", "29 October 2023", 1),
    ("Camerimage", "18 November 2023", 1),
    ("Gotham Independent Film Awards", "27 November 2023", 4),
    ("British Independent Film Awards", "3 December 2023", 14),
    ("National Board of Review", "6 December 2023", 1),
    ("Los Angeles Film Critics Association Awards", "10 December 2023", 3),
    ("IndieWire Critics Poll", "11 December 2023", 1),
    ("Chicago Film Critics Association Awards", "12 December 2023", 1),
    ("Toronto Film Critics Association", "17 December 2023", 3),
    ("Florida Film Critics Circle Awards", "21 December 2023", 1),
    ("Alliance of Women Film Journalists", "3 January 2024", 1),
    ("Greater Western New York Film Critics Association", "6 January 2024", 3),
    ("National Society of Film Critics Awards", "6 January 2024", 1),
    ("Golden Globe Awards", "7 January 2024", 1),
    ("Seattle Film Critics Society Awards", "8 January 2024", 1),
    ("San Francisco Bay Area Film Critics Circle Awards", "9 January 2024", 2),
    ("Denver Film Critics Society", "12 January 2024", 1),
    ("Critics’ Choice Movie Awards", "14 January 2024", 1),
    ("Houston Film Critics Society", "22 January 2024", 1),
    ("Kansas City Film Critics Circle", "27 January 2024", 1),
    ("London Film Critics’ Circle", "4 February 2024", 9),
    ("AACTA International Awards", "10 February 2024", 1),
    ("British Academy Film Awards", "18 February 2024", 6),
    ("Independent Spirit Awards", "25 February 2024", 3),
    ("Dorian Awards", "26 February 2024", 10),
    ("Satellite Awards", "3 March 2024", 2),
    ("GLAAD Media Awards", "14 March 2024", 1),
    ("Critics’ Choice Super Awards", "4 April 2024", 1),
]


def _first_article() -> Article:
    return normalise(SourceText("source/all-of-us-strangers.txt", SEED.read_text("utf-8")))


def _table(article: Article) -> Table:
    (table,) = (b for s in article.walk() for b in s.blocks if isinstance(b, Table))
    return table


def _source_rows(text: str, table: Table) -> dict[int, list[str]]:
    """The source cells of every body row of ``table``, by line, as the export wrote them."""
    lines = text.split("\n")
    return {
        row.line: [cell.strip() for cell in lines[row.line - 1].strip().strip("|").split("|")]
        for row in table.rows
    }


@pytest.fixture(scope="module")
def first() -> Table:
    return _table(_first_article())


def test_the_first_article_has_79_accolades_under_30_ceremonies(first: Table) -> None:
    found = [(c.name, c.date, len(c.accolades)) for c in first.ceremonies]
    assert found == FIRST_ARTICLE_CEREMONIES
    assert sum(len(c.accolades) for c in first.ceremonies) == 79
    assert len(first.rows) == 79


def test_every_accolade_has_an_award_a_date_and_a_category(first: Table) -> None:
    for ceremony in first.ceremonies:
        assert ceremony.name and ceremony.date
        for accolade in ceremony.accolades:
            assert accolade.category
            assert accolade.outcome is None  # the export left every result empty


def test_six_nominations_at_the_baftas(first: Table) -> None:
    (bafta,) = (c for c in first.ceremonies if c.name == "British Academy Film Awards")
    assert bafta.date == "18 February 2024"
    assert [(a.category, a.recipient) for a in bafta.accolades] == [
        ("Best Adapted Screenplay", None),
        ("Best Casting", "Kahleen Crawford"),
        ("Best Director", "Andrew Haigh"),
        ("Best Supporting Actress", "Claire Foy"),
        ("Best Supporting Actor", "Paul Mescal"),
        ("Outstanding British Film", "Andrew Haigh, Graham Broadbent, Pete Czernin, Sarah Harvey"),
    ]


def test_the_recipient_is_known_for_49_and_unknown_for_30(first: Table) -> None:
    recipients = [a.recipient for c in first.ceremonies for a in c.accolades]
    assert sum(r is not None for r in recipients) == 49
    assert sum(r is None for r in recipients) == 30
    assert "" not in recipients  # unknown is None, never an empty string
    # The recipient is lost exactly on each ceremony's first row, which held award and date.
    assert all(c.accolades[0].recipient is None for c in first.ceremonies)
    assert all(a.recipient is not None for c in first.ceremonies for a in c.accolades[1:])


def test_a_second_recipient_in_the_same_category(first: Table) -> None:
    (bifa,) = (c for c in first.ceremonies if c.name == "British Independent Film Awards")
    supporting = [a for a in bifa.accolades if a.category == "Best Supporting Performance"]
    assert [(a.line, a.recipient) for a in supporting] == [
        (91, "Jamie Bell"),
        (92, "Claire Foy"),
        (93, "Paul Mescal"),
    ]
    (critics,) = (c for c in first.ceremonies if c.name == "London Film Critics’ Circle")
    performers = [
        a for a in critics.accolades if a.category == "British/Irish Performer of the Year"
    ]
    assert [a.recipient for a in performers] == [
        "Andrew Scott",
        "Paul Mescal (also for God’s Creatures, Foe, and Carmen)",
    ]


def test_the_columns_the_export_cut_are_added(first: Table) -> None:
    assert first.columns == (
        Column("Award"),
        Column("Date of ceremony"),
        Column("Category"),
        Column("Recipient(s)", in_source=False),
        Column("Result", in_source=False),
    )
    for row in first.rows:
        assert len(row.cells) == 5
        assert row.cells[4].text is None and row.cells[4].origin is CellOrigin.UNKNOWN


def test_each_source_cell_is_in_exactly_one_column(first: Table) -> None:
    source = _source_rows(SEED.read_text("utf-8"), first)
    written = [cell for cells in source.values() for cell in cells if cell]
    placed = [c for row in first.rows for c in row.cells if c.origin is CellOrigin.SOURCE]
    # 30 first rows of a ceremony hold 3 cells, 45 category rows 2, 4 recipient rows 1.
    assert len(written) == len([c for c in placed if c.text]) == 30 * 3 + 45 * 2 + 4
    for row in first.rows:
        from_source = [c.text for c in row.cells if c.origin is CellOrigin.SOURCE and c.text]
        assert Counter(from_source) == Counter(typeset(c) for c in source[row.line] if c)


def test_nothing_is_invented(first: Table) -> None:
    for above, row in zip(first.rows, first.rows[1:], strict=False):
        for column, cell in enumerate(row.cells):
            if cell.origin is CellOrigin.SPANNED:
                assert cell.text == above.cells[column].text
            if cell.origin is CellOrigin.UNKNOWN:
                assert cell.text is None and column in (3, 4)
    # Spanned cells only ever continue the columns to the left of the row's own cells.
    for row in first.rows:
        origins = [cell.origin for cell in row.cells[:3]]
        assert origins == sorted(origins, key=lambda o: o is CellOrigin.SOURCE)


# --- The other shapes -------------------------------------------------------------------


def test_five_cells_a_header_keeps_every_recipient() -> None:
    table = _table(load("table-five-cells"))
    assert all(column.in_source for column in table.columns)
    assert [
        (c.name, c.date, [(a.category, a.recipient) for a in c.accolades]) for c in table.ceremonies
    ] == [
        (
            "Academy Awards",
            "9 February 2020",
            [
                ("Best Picture", "Kwak Sin-ae and Bong Joon-ho"),
                ("Best Director", "Bong Joon-ho"),
                ("Best Original Screenplay", "Bong Joon-ho and Han Jin-won"),
            ],
        ),
        ("Cannes Film Festival", "25 May 2019", [("Palme d’Or", "Bong Joon-ho")]),
        (
            "Golden Globe Awards",
            "5 January 2020",
            [
                ("Best Foreign Language Film", "Parasite"),
                ("Best Director", "Bong Joon-ho"),
                ("Best Screenplay", "Bong Joon-ho"),
                ("Best Screenplay", "Han Jin-won"),
            ],
        ),
    ]
    assert all(row.cells[4] == table.rows[0].cells[4] for row in table.rows)
    assert table.rows[0].cells[4].origin is CellOrigin.UNKNOWN  # an empty result is unknown


def test_two_cells_a_header_names_ceremonies_by_year() -> None:
    table = _table(load("table-two-cells"))
    assert [c.name for c in table.columns] == ["Year", "Category", "Recipient(s)", "Result"]
    assert [
        (c.name, c.date, [(a.category, a.recipient) for a in c.accolades]) for c in table.ceremonies
    ] == [
        (
            "2019",
            None,
            [
                ("Palme d’Or", None),
                ("Best Director", "Bong Joon-ho"),
                ("Best Director", "Han Jin-won"),
            ],
        ),
        (
            "2020",
            None,
            [("Best Picture", None), ("Best International Feature Film", "South Korea")],
        ),
    ]


def test_empty_cells_stay_empty_and_an_empty_row_goes() -> None:
    table = _table(load("table-empty-cells"))
    assert table.ceremonies == ()  # not an accolades table
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Japan", "", "First run"],
        ["United States", "$215,000", ""],  # a row whose last cell is empty is not shifted
        ["France", "$12,000", "Festival"],
    ]
    assert all(c.origin is CellOrigin.SOURCE for row in table.rows for c in row.cells)


def test_ragged_rows_keep_every_cell() -> None:
    accolades, box_office = (
        b for s in load("table-ragged-rows").walk() for b in s.blocks if isinstance(b, Table)
    )
    first, second = accolades.rows
    assert [c.text for c in first.cells] == [
        "Japan Academy Film Prize",
        "7 March 1986",
        "Best Actress",
        "Nobuko Miyamoto",
        "Nominated",
    ]
    assert accolades.ceremonies[0].accolades[0].outcome is Outcome.NOMINATED
    assert [c.text for c in second.cells][2:4] == ["Best Screenplay", "Juzo Itami"]
    assert box_office.columns[2:] == (Column("", in_source=False), Column("", in_source=False))
    assert [c.text for c in box_office.rows[0].cells] == [
        "Japan",
        "¥1.2\u00a0billion",
        "first run",
        "1985",
    ]


def test_a_row_cut_by_the_export_is_kept() -> None:
    table = _table(load("cut-mid-table-row"))
    assert [c.text for c in table.rows[-1].cells] == [
        "Japan Academy Film Prize",
        "7 March 1986",
        "Best Supporting Act",  # a category, cut: `Best …` is no recipient
        None,  # and its recipient is unknown: the export may have cut it
        None,
    ]


def test_the_cells_after_a_cut_are_unknown() -> None:
    table = _table(read("= T =\n\n== A ==\n| Country | Gross | Notes |\n| Japan | $1"))
    assert [(c.text, c.origin) for c in table.rows[0].cells] == [
        ("Japan", CellOrigin.SOURCE),
        ("$1", CellOrigin.SOURCE),
        (None, CellOrigin.UNKNOWN),
    ]


# --- Headers and cells that fooled the rebuild ------------------------------------------


def _rows(text: str) -> list[list[str | None]]:
    return [[c.text for c in row.cells] for row in _table(read(text)).rows]


def test_a_date_and_category_table_has_nameless_ceremonies() -> None:
    table = _table(read("= T =\n\n== A ==\n| Date | Category |\n| 2020 | Best Film |\n"))
    assert [(c.name, c.date) for c in table.ceremonies] == [("", "2020")]


def test_a_ceremony_date_column_is_a_date_not_an_award() -> None:
    text = "= T =\n\n== A ==\n| Ceremony date | Award | Category |\n| 2020 | X Awards | Best |\n"
    (ceremony,) = _table(read(text)).ceremonies
    assert (ceremony.name, ceremony.date) == ("X Awards", "2020")


def test_a_category_that_mentions_a_year_is_no_year() -> None:
    text = (
        "= T =\n\n== A ==\n| Year | Category |\n| 2019 | Best Actor |\n| Best Film of 2019 | B |\n"
    )
    assert _rows(text)[1] == ["2019", "Best Film of 2019", "B", None]


def test_a_ragged_row_does_not_move_the_recipient_column() -> None:
    text = (
        "= T =\n\n== A ==\n| Award | Date of ceremony | Category |\n"
        "| X Awards | 1 May 2020 | Best Film | Someone | Won | extra |\n"
        "| Best Actor | Another | |\n"
    )
    assert _rows(text)[1] == ["X Awards", "1 May 2020", "Best Actor", "Another", None, None]


def test_a_year_column_shifts_a_row_without_its_year() -> None:
    text = (
        "= T =\n\n== Filmography ==\n| Year | Title | Role |\n"
        "| 2019 | Parasite | Ki-taek |\n| The Host | Gang-du | |\n"
    )
    assert _rows(text) == [["2019", "Parasite", "Ki-taek"], ["2019", "The Host", "Gang-du"]]


def test_a_header_only_table() -> None:
    table = _table(read("= T =\n\n== A ==\n| Country | Gross |\n"))
    assert [c.name for c in table.columns] == ["Country", "Gross"] and table.rows == ()


# --- A continuation row of one cell: a category or a recipient --------------------------

_FIVE = "| Award | Date of ceremony | Category | Recipient(s) | Result |\n"


def _accolades(text: str) -> list[tuple[str, str | None]]:
    (ceremony,) = _table(read(text)).ceremonies
    return [(a.category, a.recipient) for a in ceremony.accolades]


def test_a_one_cell_row_worded_as_a_category_is_a_category() -> None:
    """``Best Screenplay`` under ``Best Director | Andrew Haigh`` is a second category whose
    recipient spans from the row above, not a recipient of Best Director."""
    text = (
        "= T =\n\n== Accolades ==\n" + _FIVE + "| X Awards | 1 May 2020 | Best Film | T | |\n"
        "| Best Director | Andrew Haigh | | | |\n| Best Screenplay | | | | |\n"
    )
    assert _accolades(text) == [
        ("Best Film", "T"),
        ("Best Director", "Andrew Haigh"),
        ("Best Screenplay", "Andrew Haigh"),
    ]
    row = _table(read(text)).rows[2]
    assert [(c.text, c.origin) for c in row.cells] == [
        ("X Awards", CellOrigin.SPANNED),
        ("1 May 2020", CellOrigin.SPANNED),
        ("Best Screenplay", CellOrigin.SOURCE),
        ("Andrew Haigh", CellOrigin.SPANNED),
        (None, CellOrigin.UNKNOWN),
    ]
    assert not read(text).diagnostics


@pytest.mark.parametrize(
    "category",
    [
        "Outstanding Lead Performance",
        "Technical Achievement Award",
        "Grand Jury Prize",
        "Golden Lion",
        "Silver Bear",
        "Palme d'Or",
        "Film of the Year",
        "Special Mention",
        "Prize of the Ecumenical Jury",
    ],
)
def test_award_wording_makes_a_category(category: str) -> None:
    text = (
        "= T =\n\n== Accolades ==\n" + _FIVE + "| X Awards | 1 May 2020 | Best Film | T | |\n"
        f"| {category} | | | | |\n"
    )
    assert _accolades(text)[1] == (typeset(category), "T")


@pytest.mark.parametrize(
    "recipient", ["Claire Foy", "Bong Joon-ho", "Tsurutarō Kataoka", "Paul Mescal (also for Foe)"]
)
def test_a_person_s_name_is_a_recipient(recipient: str) -> None:
    text = (
        "= T =\n\n== Accolades ==\n" + _FIVE + "| X Awards | 1 May 2020 | Best Actor | A B | |\n"
        f"| {recipient} | | | | |\n"
    )
    assert _accolades(text)[1] == ("Best Actor", recipient)
    assert not read(text).diagnostics


def test_the_columns_neighbours_settle_a_one_cell_row() -> None:
    """A film named like an award (``Lion``) that the table already gave as a recipient is
    a recipient; a category the table already named is a category."""
    text = (
        "= T =\n\n== Accolades ==\n" + _FIVE + "| X Awards | 1 May 2020 | Best Film | Lion | |\n"
        "| Best Editing | A B | | | |\n| Lion | | | | |\n"
        "| Y Awards | 2 May 2020 | Young Critics Pick | A B | |\n"
        "| Z Awards | 3 May 2020 | Cinematography | C D | |\n| Young Critics Pick | | | | |\n"
    )
    article = read(text)
    x, _, z = _table(article).ceremonies
    assert [(a.category, a.recipient) for a in x.accolades][2] == ("Best Editing", "Lion")
    assert [(a.category, a.recipient) for a in z.accolades][1] == ("Young Critics Pick", "C D")
    assert not article.diagnostics


def test_a_one_cell_row_that_stays_ambiguous_is_a_recipient_with_a_warning() -> None:
    text = (
        "= T =\n\n== Accolades ==\n" + _FIVE + "| X Awards | 1 May 2020 | Best Film | T | |\n"
        "| the 2020 edition's jury |\n"
    )
    article = read(text)
    assert _accolades(text)[1] == ("Best Film", "the 2020 edition’s jury")
    (warning,) = article.diagnostics
    assert warning.line == 6
    assert "read as a recipient" in warning.message


def test_a_one_cell_row_under_a_recipient_column_of_no_accolades_table() -> None:
    text = "= T =\n\n== A ==\n| Year | Recipient |\n| 2019 | A B |\n| Best Film |\n"
    assert _rows(text) == [["2019", "A B"], ["2019", "Best Film"]]


def test_the_list_page_s_one_cell_rows() -> None:
    main = _table_at(load("accolades-list-page"), 17)
    cannes = main.ceremonies[0]
    assert [(a.category, a.recipient) for a in cannes.accolades] == [
        ("Palme d’Or", "Ryusuke Hamaguchi"),
        ("Best Screenplay", "Ryusuke Hamaguchi and Takamasa Oe"),
        ("FIPRESCI Prize", "Drive My Car"),
        ("Prize of the Ecumenical Jury", "Drive My Car"),
        ("AFCAE Award", "Drive My Car"),
    ]
    oscars = main.ceremonies[-1]
    assert [(a.category, a.recipient) for a in oscars.accolades][2:4] == [
        ("Best Adapted Screenplay", "Ryusuke Hamaguchi"),
        ("Best Adapted Screenplay", "Takamasa Oe"),
    ]


def _table_at(article: Article, line: int) -> Table:
    (table,) = (
        b for s in article.walk() for b in s.blocks if isinstance(b, Table) and b.line == line
    )
    return table


# --- Which tables are the accolades tables ----------------------------------------------


def test_tables_by_year_beside_a_table_by_award_are_kept_as_they_are() -> None:
    """A list page's ``Major associations`` sum up, by year, what its accolades table
    lists by award: their rows are no ceremonies, and they get no column of their own."""
    article = load("accolades-list-page")
    main, oscars, globes = (b for s in article.walk() for b in s.blocks if isinstance(b, Table))
    assert len(main.ceremonies) == 5
    assert oscars.ceremonies == globes.ceremonies == ()
    assert oscars.columns == globes.columns == (Column("Year"), Column("Category"))
    assert [[(c.text, c.origin) for c in row.cells] for row in oscars.rows] == [
        [("2022", CellOrigin.SOURCE), ("Best Picture", CellOrigin.SOURCE)],
        [("2022", CellOrigin.SPANNED), ("Best Director", CellOrigin.SOURCE)],
        [("2022", CellOrigin.SPANNED), ("Best Adapted Screenplay", CellOrigin.SOURCE)],
        [("2022", CellOrigin.SPANNED), ("Best International Feature Film", CellOrigin.SOURCE)],
    ]
    warned = [d.line for d in article.diagnostics if "not counted in the tally" in d.message]
    assert warned == [36, 43]


def test_a_table_by_year_is_the_accolades_table_when_no_table_names_an_award() -> None:
    text = (
        "= T =\n\n== Accolades ==\n| Year | Category |\n| 2019 | Best Film |\n\n"
        "== More ==\n| Date | Category |\n| 3 May 2020 | Best Actor |\n"
    )
    by_year, by_date = (b for s in read(text).walk() for b in s.blocks if isinstance(b, Table))
    assert [c.name for c in by_year.ceremonies] == ["2019"]
    assert [c.date for c in by_date.ceremonies] == ["3 May 2020"]
    assert not read(text).diagnostics
