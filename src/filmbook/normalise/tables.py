"""Turn ``| a | b |`` rows into a ``Table`` with the flattened rowspans rebuilt.

The export drops the cells a rowspan covered, shifts the rest of the row left and pads
or cuts it to the header's width (``docs/source-format.md`` §7). So a cell's position does
not tell its column. For every row this module chooses the shift — how many leading
columns the row inherits from the row above — that best explains the row:

- a cell never lands in a column whose type it contradicts (a date column takes a date,
  a year column a year, and a date lands in no other column when the table has one);
- otherwise, in an accolades table, the row's last cell sits in the recipient column
  (the exports leave every result empty, so the recipient is the last cell a row
  keeps), or the row is full width and starts at the first column;
- in any other table a row is not shifted unless its cells contradict their columns:
  without the accolades shape to go by, a short row is as likely a row whose last cells
  are empty as a continuation row, and filling it from above would invent values;
- a row can inherit only what the row above has;
- a continuation row of one cell in an accolades table is a category when it reads as
  one, and then every other column spans from the row above, its recipient too unless
  the row was cut (two categories of one recipient: ``Best Director | Andrew Haigh``
  then ``Best Screenplay``); otherwise it is one more recipient of the category above
  (``Claire Foy``). The columns decide first (a text the table already gave as a
  category, or as a recipient, is one again), then the wording (``Best …``, ``… Award``,
  ``Prize``, ``Palme``, ``… of the Year``), then the shape of a name; a cell that none
  of them settles is read as a recipient, with a warning.

A table shaped like accolades that names no award (``| Year | Category |``) is read as
accolades only when no table of the article names one: beside such a table it sums up
what that table lists (a list page's ``Major associations``), and counting it again would
count its years as ceremonies.

Columns the export cut from the header (the recipient and the result of an accolades
table) are added, and their values are unknown unless a shifted row brought them in. A
row the export cut (no closing ``|``) stops where the cut is: the cells after it are
unknown, not empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from filmbook.model import (
    Accolade,
    Cell,
    CellOrigin,
    Ceremony,
    Column,
    Outcome,
    Row,
    Table,
)
from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.report import Report

_YEAR = r"\b(?:1[89]|2[01])\d\d\b"
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"^(?:\d{{4}}-\d\d(?:-\d\d)?|(?:\d{{1,2}}(?:[–-]\d{{1,2}})?\s+)?{_MONTH}"
    rf"(?:\s+\d{{1,2}}(?:[–-]\d{{1,2}})?,?)?\s+\d{{4}}|{_YEAR}(?:\s*[–/-]\s*\d{{2,4}})?)"
    r"(?:\s*\(.*\))?$",
    re.IGNORECASE,
)
_HAS_YEAR = re.compile(_YEAR)
_OUTCOME = re.compile(r"^(won|winner|nominated|nominee|pending)\b", re.IGNORECASE)
_CATEGORY = re.compile(
    r"^(?:best|outstanding|most|top|special|grand|golden|silver|bronze|gold|honorary|audience|"
    r"jury|favou?rite|breakthrough|lifetime)\b"
    r"|\b(?:awards?|prizes?|prix|lion|bear|palme|leopard|mention|trophy|medal|of the year|"
    r"d['’]or|actor|actress|director|screenplay|picture|feature|performance|"
    r"cinematography|ensemble)\b",
    re.IGNORECASE,
)
"""The wording of an award's category: ``Best Screenplay``, ``Technical Achievement Award``,
``Golden Lion``, ``Film of the Year``; hardly a person's name has these words (a film's
title may: the table's own columns come first)."""
_PARTICLES = frozenset(
    {"and", "&", "of", "the", "de", "da", "del", "di", "du", "van", "von", "der", "la", "le"}
)
"""Words in a name (or a film's title) that are not capitalised: ``Ang Lee and James Schamus``,
``Ludwig van Beethoven``, ``All of Us Strangers``."""
_ASIDE = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class _Kinds:
    """What the columns of one table hold, found from the header's names.

    ``summary`` marks a table shaped like accolades that names no award (``| Year |
    Category |``) in an article with a table that does: it sums up accolades that table
    lists (a list page's ``Major associations``), so it is read as any other table.
    """

    award: int | None
    date: int | None
    year: int | None
    category: int | None
    recipient: int | None
    result: int | None
    summary: bool = False

    @property
    def shaped(self) -> bool:
        """Whether the header has the shape of an accolades table: a category, and an
        award, a year or a date to tell the ceremonies apart."""
        return self.category is not None and (
            self.award is not None or self.year is not None or self.date is not None
        )

    @property
    def accolades(self) -> bool:
        """Whether the table is read as accolades: shaped so, and no summary."""
        return self.shaped and not self.summary


def _find(names: Sequence[str], pattern: str) -> int | None:
    regex = re.compile(pattern, re.IGNORECASE)
    return next((i for i, name in enumerate(names) if regex.search(name)), None)


def _kinds(names: Sequence[str], award_tables: bool) -> _Kinds:
    """The kinds of the columns ``names``; ``award_tables`` says the article has an
    accolades table with an award column (``has_award_table``)."""
    kinds = _Kinds(
        # `Ceremony date` names a date column, not the award's.
        award=_find(
            names, r"^(award|ceremony|festival|organi[sz]ation|association|event)(?!.*\bdate\b)"
        ),
        date=_find(names, r"\bdate\b"),
        year=_find(names, r"^year\b"),
        category=_find(names, r"categor"),
        recipient=_find(names, r"recipient|nominee|honoree|work|laureate"),
        result=_find(names, r"^(result|outcome|status)"),
    )
    if award_tables and kinds.shaped and kinds.award is None:
        return replace(kinds, summary=True)
    return kinds


def has_award_table(tokens: Sequence[Token]) -> bool:
    """Whether one of the tables in ``tokens`` (each a run of rows, its first the header)
    is an accolades table with an award column."""
    return any(
        token.kind is Kind.ROW
        and (index == 0 or tokens[index - 1].kind is not Kind.ROW)
        and _is_award_table(split_row(token.text)[0])
        for index, token in enumerate(tokens)
    )


def _is_award_table(header: Sequence[str]) -> bool:
    kinds = _kinds(header, award_tables=False)
    return kinds.accolades and kinds.award is not None


def split_row(text: str) -> tuple[list[str], bool]:
    """Split ``| a | b |`` into stripped cells, less the empty cells that end the row; the
    flag says the row was closed."""
    body = text.strip()[1:]
    closed = body.endswith("|")
    if closed:
        body = body[:-1]
    cells = [cell.strip() for cell in body.split("|")]
    while cells and not cells[-1]:
        cells.pop()
    return cells, closed


def header_columns(header: Sequence[str], award_tables: bool) -> list[Column]:
    """The columns under ``header``, with the recipient and result columns that the export
    cut from an accolades table's header added (see ``_kinds`` for ``award_tables``)."""
    columns = [Column(name) for name in header]
    kinds = _kinds(header, award_tables)
    if kinds.accolades:
        if kinds.recipient is None:
            columns.append(Column("Recipient(s)", in_source=False))
        if kinds.result is None:
            columns.append(Column("Result", in_source=False))
    return columns


def read_table(tokens: Sequence[Token], report: Report, award_tables: bool) -> Table:
    """Rebuild one table from its row tokens; the first row is the header.

    ``award_tables`` says the article has an accolades table with an award column
    (``has_award_table``): a table of accolades by year or date beside it is no accolades
    table. Its size was checked by the ``limits`` pass (``limits.MAX_COLUMNS``,
    ``MAX_TABLE_CELLS``).
    """
    raw: list[tuple[int, list[str], bool]] = []
    for token in tokens:
        cells, closed = split_row(token.text)
        if not closed:
            report.warn(token.line, "a table row without its closing '|': the export may be cut")
        raw.append((token.line, cells, closed))
    header_line, header, _ = raw[0]
    header = header or [""]
    columns = header_columns(header, award_tables)
    kinds = _kinds([c.name for c in columns], award_tables)
    if kinds.summary:
        report.warn(
            header_line,
            "a table of accolades that names no award, beside a table that does: "
            "kept as a table, not counted in the tally",
        )
    rows: list[Row] = []
    width = len(header)
    seen = _Seen()
    for line, cells, closed in raw[1:]:
        if not cells:
            report.warn(line, "an empty table row")
            continue
        # Compared with the header, not with the columns: a fourth cell under a three-cell
        # accolades header fits the added recipient column but is still more than the export
        # should have written.
        if len(cells) > width:
            report.warn(line, f"a row with {len(cells)} cells under a header of {width}")
        while len(cells) > len(columns):
            columns.append(Column("", in_source=False))
        above = rows[-1] if rows else None
        shift = _shift(cells, len(columns), kinds, width, above)
        spans_after = False
        # A continuation row of one cell read as a recipient may be a category.
        one_cell = above is not None and len(cells) == 1 and shift == kinds.recipient
        category = kinds.category if kinds.accolades else None
        if one_cell and category is not None and _is_category(cells[0], line, seen, report):
            # A row the export cut may have had its recipient after the cut.
            shift, spans_after = category, closed
        row = _fill(line, cells, closed, len(columns), kinds, width, above, shift, spans_after)
        seen.add(row, kinds)
        rows.append(row)
    rows = [_pad(row, len(columns)) for row in rows]
    table = Table(header_line, tuple(columns), tuple(rows))
    if kinds.accolades:
        return Table(table.line, table.columns, table.rows, _ceremonies(table, kinds))
    return table


def _pad(row: Row, width: int) -> Row:
    missing = width - len(row.cells)
    return Row(row.line, row.cells + (Cell(None, CellOrigin.UNKNOWN),) * missing)


def _shift(cells: list[str], total: int, kinds: _Kinds, width: int, above: Row | None) -> int:
    """How many leading columns the row inherits from ``above``: the shift that best
    explains its cells (see the module's docstring)."""
    inheritable = len(above.cells) if above else 0
    shifts = range(0, min(inheritable, total - len(cells)) + 1)

    def cost(shift: int) -> tuple[int, int, int]:
        wrong = sum(_contradicts(cell, shift + i, kinds) for i, cell in enumerate(cells))
        end = shift + len(cells) - 1
        fits = (
            end == kinds.recipient or (shift == 0 and len(cells) >= width)
            if kinds.accolades
            else shift == 0
        )
        return wrong, 0 if fits else 1, shift

    return min(shifts, key=cost)


def _fill(
    line: int,
    cells: list[str],
    closed: bool,
    total: int,
    kinds: _Kinds,
    width: int,
    above: Row | None,
    shift: int,
    spans_after: bool,
) -> Row:
    """Put the row's cells in their columns from ``shift`` on and fill the spanned ones from
    ``above``: those before the cells, and with ``spans_after`` those after them too."""
    placed: list[Cell] = []
    for column in range(total):
        if column < shift or (spans_after and column >= shift + len(cells)):
            assert above is not None
            inherited = above.cells[column]
            origin = CellOrigin.UNKNOWN if inherited.text is None else CellOrigin.SPANNED
            placed.append(Cell(inherited.text, origin))
        elif column < shift + len(cells):
            placed.append(_cell(cells[column - shift], column, kinds))
        elif closed and column < width and column != kinds.result:
            placed.append(Cell("", CellOrigin.SOURCE))
        else:
            placed.append(Cell(None, CellOrigin.UNKNOWN))
    return Row(line, tuple(placed))


@dataclass
class _Seen:
    """The categories and the recipients of the rows read so far of one table."""

    categories: set[str] = field(default_factory=set)
    recipients: set[str] = field(default_factory=set)

    def add(self, row: Row, kinds: _Kinds) -> None:
        """Remember ``row``'s category and recipient."""
        for column, found in (
            (kinds.category, self.categories),
            (kinds.recipient, self.recipients),
        ):
            text = _text(row, column)
            if text:
                found.add(text)


def _is_category(text: str, line: int, seen: _Seen, report: Report) -> bool:
    """Whether a continuation row's one cell is a category rather than a recipient.

    The rows above settle it when they had the text in one of the two columns, else its
    wording does; a cell that reads as neither a category nor a name is a recipient, with
    a warning.
    """
    if (text in seen.categories) != (text in seen.recipients):
        return text in seen.categories
    if _CATEGORY.search(text):
        return True
    if not _is_name(text):
        report.warn(
            line,
            f"a row of one cell, {text!r}, that reads as neither a category nor a name: "
            "read as a recipient",
        )
    return False


def _is_name(text: str) -> bool:
    """Whether ``text`` has the shape of names (``Joakim Sundström, Per Bostrom, and Stevie
    Haywood``, ``Bong Joon-ho``, ``Paul Mescal (also for Foe)``): every word capitalised,
    or written in a script without capitals, but the particles of names."""
    found = _ASIDE.sub(" ", text).replace(",", " ").split()
    return bool(found) and all(
        word.casefold() in _PARTICLES or (word[0].isalpha() and not word[0].islower())
        for word in found
    )


def _cell(text: str, column: int, kinds: _Kinds) -> Cell:
    if column == kinds.result and not text:
        return Cell(None, CellOrigin.UNKNOWN)  # the exports leave every result empty
    return Cell(text, CellOrigin.SOURCE)


def _contradicts(text: str, column: int, kinds: _Kinds) -> bool:
    if not text:
        return False
    if column == kinds.date:
        return not _HAS_YEAR.search(text)
    if column == kinds.year:
        # A category that mentions a year (`Best Film of 2019`) is not a year.
        return not _DATE.match(text)
    if column == kinds.result:
        return not _OUTCOME.match(text)
    has_date_column = kinds.date is not None or kinds.year is not None
    return has_date_column and bool(_DATE.match(text))


def _ceremonies(table: Table, kinds: _Kinds) -> tuple[Ceremony, ...]:
    """Group an accolades table's rows by ceremony (award and date)."""
    name_column = kinds.award if kinds.award is not None else kinds.year
    date_column = kinds.date
    assert kinds.category is not None
    groups: list[tuple[Row, list[Accolade]]] = []
    key: tuple[str | None, str | None] | None = None
    for row in table.rows:
        name = _text(row, name_column)
        date = _text(row, date_column)
        if (name, date) != key or not groups:
            groups.append((row, []))
            key = (name, date)
        recipient = _text(row, kinds.recipient)
        outcome = _outcome(_text(row, kinds.result))
        groups[-1][1].append(
            Accolade(row.line, _text(row, kinds.category) or "", recipient, outcome)
        )
    return tuple(
        Ceremony(
            first.line,
            _text(first, name_column) or "",
            _text(first, date_column),
            tuple(accolades),
        )
        for first, accolades in groups
    )


def _text(row: Row, column: int | None) -> str | None:
    """The text of ``row`` in ``column``; None when unknown or the table has no such column."""
    return row.cells[column].text if column is not None else None


def _outcome(text: str | None) -> Outcome | None:
    if not text:
        return None
    word = text.split()[0].lower()
    if word in ("won", "winner"):
        return Outcome.WON
    if word in ("nominated", "nominee"):
        return Outcome.NOMINATED
    return None
