"""Turn model nodes into the shapes the templates lay out: the Jinja2 filters and tests.

Every filter any template uses is here and registered once, in ``render.environment``:
a table's row groups, its shown columns and the note naming those it leaves out, its
spanned cells, what an unknown cell says, a title's size class, a node's kind, text cut
into language runs and Korean text into the words a line keeps whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmbook.model import CellOrigin, Column, Row, Table
from filmbook.plan.language import language_runs

__all__ = ["FILTERS", "TESTS", "SpannedCell", "language_runs"]

WIDE_TABLE_COLUMNS = 8
"""A table with more columns is printed row by row, each value under its column's name:
on a press kit page nine columns leave a dozen letters each, thirty leave two."""
TABLE_LINE_CHARACTERS = 100
"""About as many characters of a table's text as its full width holds, less padding."""
TITLE_SIZES = ((20, "short"), (45, "medium"), (90, "long"))
WHOLE_WORD_CHARACTERS = 8
"""The longest Korean word kept whole on its line: real words are shorter (황금종려상을
has six syllables), and a longer run of syllables may break anywhere rather than run out
of the narrowest column a press kit sets (an eight-column table's, some seven wide)."""
_RECIPIENT_COLUMN = re.compile(r"recipient|nominee|honoree", re.IGNORECASE)


@dataclass(frozen=True)
class SpannedCell:
    """A table cell placed for XHTML: its column and how many rows it spans."""

    text: str | None
    column: int
    rows: int = 1


def kind(node: object) -> str:
    """A model node's type as a template tests it: ``Paragraph`` → ``paragraph``."""
    return type(node).__name__.lower()


def title_size(title: str) -> str:
    """``short``, ``medium``, ``long`` or ``huge``: a display title's class, so that a
    stylesheet can set a long title smaller instead of letting it run over the page."""
    return next((size for most, size in TITLE_SIZES if len(title) <= most), "huge")


def row_groups(table: Table) -> tuple[tuple[Row, ...], ...]:
    """The rows in runs that share their first cell: one ceremony, or one spanned group.

    A run starts at every row whose first cell is not filled in from the row above, so a
    layout can keep a ceremony's rows together and show the spanned values once.
    """
    groups: list[list[Row]] = []
    for row in table.rows:
        if not groups or row.cells[0].origin is not CellOrigin.SPANNED:
            groups.append([])
        groups[-1].append(row)
    return tuple(tuple(group) for group in groups)


def shown_columns(table: Table) -> tuple[int, ...]:
    """The columns worth a place on paper: all but a column no row has a value in.

    The exports leave every result empty, and the normaliser adds a ``Result`` column to
    accolades tables whose export cut it: a column of "not recorded" says nothing cell by
    cell, so ``unshown_note`` says it once under the table. A table without rows shows
    the columns of its source's header.
    """
    if not table.rows:
        return tuple(index for index, column in enumerate(table.columns) if column.in_source)
    return tuple(
        index
        for index in range(len(table.columns))
        if any(row.cells[index].text for row in table.rows)
    )


def unshown_note(table: Table) -> str | None:
    """``Not recorded: Result.``: the named columns ``shown_columns`` leaves out, said once
    under the table (their names are the source's words too), or None."""
    shown = shown_columns(table)
    names = [
        column.name
        for index, column in enumerate(table.columns)
        if index not in shown and column.name and table.rows
    ]
    return f"Not recorded: {', '.join(names)}." if names else None


def spanned_rows(
    rows: tuple[Row, ...], shown: tuple[int, ...]
) -> tuple[tuple[SpannedCell, ...], ...]:
    """The rows of one row group with each spanned value folded into a rowspan.

    A cell filled in from the row above is covered by that row's cell, which spans one
    more row; the group's first row always has every cell, as a rowspan cannot reach
    into the group before.
    """
    placed: list[list[SpannedCell]] = [[] for _ in rows]
    for column in shown:
        anchor: tuple[int, int] | None = None  # (row, position) of the cell that spans
        for index, row in enumerate(rows):
            cell = row.cells[column]
            if anchor is not None and cell.origin is CellOrigin.SPANNED:
                above = placed[anchor[0]][anchor[1]]
                placed[anchor[0]][anchor[1]] = SpannedCell(above.text, column, above.rows + 1)
                continue
            anchor = (index, len(placed[index]))
            placed[index].append(SpannedCell(cell.text, column))
    return tuple(tuple(row) for row in placed)


def breaks_anywhere(text: str, columns: int) -> bool:
    """Whether ``text`` has a word too long for one of ``columns`` columns of a table.

    Such a cell may break its words anywhere (CSS ``overflow-wrap: anywhere``) so the
    table stays on the page; only such cells, since measuring a cell that may break
    anywhere costs WeasyPrint some ten times more.
    """
    longest = max(map(len, text.split()), default=0)
    return longest > TABLE_LINE_CHARACTERS // max(columns, 1)


def whole_words(text: str) -> tuple[tuple[str, bool], ...]:
    """``text`` cut into words and the spaces between them, each with whether a line must
    keep it whole.

    Korean breaks lines at its spaces, never inside a word (CSS ``word-break: keep-all``,
    which WeasyPrint does not implement): a template sets each word that must stay whole
    in a box that does not wrap.
    """
    return tuple(
        (piece, not piece.isspace() and len(piece) <= WHOLE_WORD_CHARACTERS)
        for piece in re.split(r"(\s+)", text)
        if piece
    )


def is_wide(table: Table) -> bool:
    """Whether ``table`` has too many columns to print as a table (``WIDE_TABLE_COLUMNS``)."""
    return len(shown_columns(table)) > WIDE_TABLE_COLUMNS


def unknown_label(column: Column) -> str:
    """What a cell the export lost says in place of its value."""
    if _RECIPIENT_COLUMN.search(column.name):
        return "recipient not recorded"
    return "not recorded"


FILTERS = {
    "kind": kind,
    "title_size": title_size,
    "row_groups": row_groups,
    "shown_columns": shown_columns,
    "unshown_note": unshown_note,
    "spanned_rows": spanned_rows,
    "breaks_anywhere": breaks_anywhere,
    "unknown_label": unknown_label,
    "language_runs": language_runs,
    "whole_words": whole_words,
}
"""Every filter the templates use, by name."""
TESTS = {"wide": is_wide}
"""Every test the templates use (``item is wide``), by name."""
