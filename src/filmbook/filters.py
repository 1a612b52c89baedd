"""Turn model nodes into the shapes the templates lay out: the Jinja2 filters and tests.

Every filter any template uses is here and registered once, in ``render.environment``:
a table's row groups, its shown columns and the note naming those it leaves out, its
spanned cells, what an unknown cell says, a title's size class, a node's kind, text cut
into language runs and at its note marks, and Korean text into the words a line keeps
whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from filmbook.model import CellOrigin, Column, LanguageSpan, NoteRef, Row, Table
from filmbook.plan.language import language_runs

__all__ = ["FILTERS", "TESTS", "InlineRun", "SpannedCell", "language_runs"]

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
    """A table cell placed for XHTML: its column, how many rows and shown columns it
    spans, its notes."""

    text: str | None
    column: int
    rows: int = 1
    notes: tuple[NoteRef, ...] = ()
    columns: int = 1


@dataclass(frozen=True)
class InlineRun:
    """A run of a text, in the language the source tagged it with (``lang``) or the
    article's (None); or, with no text, a reference to a note (``note``)."""

    text: str
    lang: str | None = None
    note: NoteRef | None = None


_WORD = re.compile(r"\w")
_CLOSING = frozenset(".,;:!?)]}”’\"'»…")
_URL_BREAKS = re.compile(r"(?<=[/.?&=_-])(?=[^/.?&=_-])")


def inline_runs(
    text: str, notes: tuple[NoteRef, ...] = (), languages: tuple[LanguageSpan, ...] = ()
) -> tuple[InlineRun, ...]:
    """``text`` cut where its note references stand and where its runs in other
    languages start and end, counted in word characters. A reference stands after the
    word characters it counts and the closing punctuation that follows them
    (``acclaim.[1]``); a run in another language holds its word characters and what is
    between them, not the punctuation around it (``(<ja>キュア</ja>, …)``)."""
    if not notes and not languages:
        return (InlineRun(text),)
    found = [index for index, char in enumerate(text) if _WORD.match(char)]

    def after(count: int) -> int:
        """Where the text goes on after its ``count``-th word character."""
        if count <= 0:
            return 0
        return found[count - 1] + 1 if count <= len(found) else len(text)

    cuts: list[tuple[int, int, NoteRef | LanguageSpan | None]] = []
    for span in languages:
        start = found[span.start] if span.start < len(found) else len(text)
        cuts += [(start, 2, span), (max(start, after(span.end)), 0, None)]
    for ref in notes:
        position = after(ref.after)
        while position < len(text) and text[position] in _CLOSING:
            position += 1
        cuts.append((position, 1, ref))
    runs: list[InlineRun] = []
    lang: str | None = None
    done = 0
    for position, _order, what in sorted(cuts, key=lambda cut: (cut[0], cut[1])):
        if position > done:
            runs.append(InlineRun(text[done:position], lang))
            done = position
        if isinstance(what, NoteRef):
            runs.append(InlineRun("", note=what))
        else:
            lang = what.lang if what is not None else None
    if done < len(text):
        runs.append(InlineRun(text[done:], lang))
    return tuple(runs)


def breakable(url: str) -> Markup:
    """``url`` escaped, with a line break allowed after each ``/``, ``.`` and ``-`` of it, so a
    long address wraps between its words rather than inside one."""
    return Markup("<wbr />").join(escape(part) for part in _URL_BREAKS.split(url))


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
    the columns of its source's header. A cell that refers to a note has a value: its
    mark (a wikitable's ``Ref.`` column holds nothing else); so has a column whose name
    refers to one, so that the mark is printed.
    """
    if not table.rows:
        return tuple(index for index, column in enumerate(table.columns) if column.in_source)
    return tuple(
        index
        for index, column in enumerate(table.columns)
        if column.notes
        or any(row.cells[index].text or row.cells[index].notes for row in table.rows)
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
    """The rows of one row group with each spanned value folded into a rowspan or a
    colspan.

    A cell filled in from the row above is covered by that row's cell, which spans one
    more row; one filled in from the cell to its left (a wikitable's ``colspan``) is
    covered by that cell, which spans one more column. The group's first row always has
    every cell a rowspan would cover, as a rowspan cannot reach into the group before.
    """
    placed: list[list[SpannedCell]] = [[] for _ in rows]
    anchors: dict[int, tuple[int, int]] = {}  # column → (row, position) of its cell
    for index, row in enumerate(rows):
        left: tuple[int, int] | None = None  # the cell placed last in this row
        for column in shown:
            cell = row.cells[column]
            if cell.origin is CellOrigin.SPANNED:
                covering = _covering(placed, anchors.get(column), left, index, cell.text)
                if covering is not None:
                    anchors[column] = left = covering
                    continue
            anchors[column] = left = (index, len(placed[index]))
            placed[index].append(SpannedCell(cell.text, column, notes=cell.notes))
    return tuple(tuple(row) for row in placed)


def _covering(
    placed: list[list[SpannedCell]],
    above: tuple[int, int] | None,
    left: tuple[int, int] | None,
    index: int,
    text: str | None,
) -> tuple[int, int] | None:
    """The placed cell that a spanned cell of row ``index`` falls under, made to span it:
    the cell above in its column, else the cell to its left in its row; None if neither
    has its value."""
    if above is not None and placed[above[0]][above[1]].text == text:
        row, position = above
        cell = placed[row][position]
        placed[row][position] = replace(cell, rows=max(cell.rows, index - row + 1))
        return above
    if left is not None and left[0] == index and placed[index][left[1]].text == text:
        cell = placed[index][left[1]]
        placed[index][left[1]] = replace(cell, columns=cell.columns + 1)
        return left
    return None


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
    "inline_runs": inline_runs,
    "breakable": breakable,
    "whole_words": whole_words,
}
"""Every filter the templates use, by name."""
TESTS = {"wide": is_wide}
"""Every test the templates use (``item is wide``), by name."""
