"""Turn a wikitable (``{| … |}``) into a ``Table``, its spans placed as the source says.

A cell with ``rowspan="3"`` stands in its column for the two rows below too: those rows
get the value as a spanned cell (``CellOrigin.SPANNED``), just as the plain-text reader
fills in a flattened rowspan, so every output groups and prints both alike. A cell with
``colspan`` gives its value to the columns it covers the same way: every column of the
model has its value, and the outputs print it once (``filters.spanned_rows``). The first
row of header cells (``!``), or the header row of the template that opened the table
(``{{Awards table}}``), names the columns; a caption (``|+``) is returned to print before
the table. An accolades table (award, date, category, recipient, result) is grouped by
ceremony later, with the plain-text reader's tables, by the same rules (``normalise/blocks.py``,
``normalise/tables.py``: ``with_ceremonies``).
"""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import Tag

from filmbook.errors import InputError
from filmbook.model import Cell, CellOrigin, Column, NoteRef, Row, Table
from filmbook.normalise.limits import MAX_COLUMNS, MAX_TABLE_CELLS
from filmbook.wikitext.inline import Inline
from filmbook.wikitext.lines import nodes_at

_CELLS = frozenset({"td", "th"})
_PARTS = _CELLS | {"tr", "caption"}


@dataclass(frozen=True)
class _Source:
    """A cell as written: its text, whether it is a header cell, its spans, its notes."""

    text: str
    header: bool
    rows: int
    columns: int
    notes: tuple[NoteRef, ...] = ()


def read_wikitable(
    tag: Tag, offset: int, reader: Inline, path: str, header: tuple[str, ...] = ()
) -> tuple[str | None, Table | None]:
    """The caption and the table of ``tag`` (at ``offset``); no table when it has no cell.
    ``header`` is the header row of the template that opened the table, if one did. Text
    in the table but in no cell is printed before it, as MediaWiki does, with the
    caption."""
    caption: str | None = None
    stray: list[str] = []
    rows: list[tuple[int, list[_Source]]] = []
    loose: list[_Source] = []  # cells before the first `|-`: the first row
    inner = offset + max(str(tag).find(str(tag.contents)), 0)
    for node, start in nodes_at(tag.contents, inner):
        if not isinstance(node, Tag) or str(node.tag).strip().lower() not in _PARTS:
            stray += (piece for piece in reader.node(node, start) if isinstance(piece, str))
            continue
        name = str(node.tag).strip().lower()
        if name == "caption":
            caption = reader.plain(node.contents, start)
        elif name in _CELLS:
            loose.append(_cell(node, start, reader))
        elif name == "tr":
            cells = _row(node, start, reader)
            if cells:
                rows.append((reader.line(start), cells))
    if loose:
        rows.insert(0, (reader.line(inner), loose))
    if header:
        rows.insert(0, (reader.line(offset), [_Source(name, True, 1, 1) for name in header]))
    before = " ".join(" ".join(stray).split())
    if before:
        caption = f"{before} {caption}" if caption else before
    if not rows:
        return caption, None
    return caption, _place(rows, reader.line(offset), path)


def _row(tag: Tag, offset: int, reader: Inline) -> list[_Source]:
    inner = offset + max(str(tag).find(str(tag.contents)), 0)
    return [
        _cell(node, start, reader)
        for node, start in nodes_at(tag.contents, inner)
        if isinstance(node, Tag) and str(node.tag).strip().lower() in _CELLS
    ]


def _cell(tag: Tag, offset: int, reader: Inline) -> _Source:
    inner = offset + max(str(tag).find(str(tag.contents)), 0)
    text, notes = reader.noted(tag.contents, inner)
    return _Source(
        text,
        str(tag.tag).strip().lower() == "th",
        _span(tag, "rowspan"),
        _span(tag, "colspan"),
        notes,
    )


def _span(tag: Tag, name: str) -> int:
    if not tag.has(name):
        return 1
    digits = "".join(c for c in str(tag.get(name).value) if c.isdigit())[:6]
    return max(1, int(digits)) if digits else 1


def _place(rows: list[tuple[int, list[_Source]]], line: int, path: str) -> Table:
    """Place every cell in its row and column, as a browser lays out the table."""
    header: list[Column] = []
    if all(cell.header for cell in rows[0][1]):
        for cell in rows[0][1]:
            header.append(Column(cell.text, notes=cell.notes))
            header += [Column("")] * (min(cell.columns, MAX_COLUMNS) - 1)
        rows = rows[1:]
    pending: dict[int, tuple[int, str]] = {}  # column → (rows still spanned, text)
    placed: list[Row] = []
    width = len(header)
    for row_line, cells in rows:
        row: dict[int, Cell] = {}
        column = 0
        queue = list(cells)
        while queue or any(c >= column for c in pending):
            if column in pending:
                left, text = pending[column]
                row[column] = Cell(text, CellOrigin.SPANNED)
                if left > 1:
                    pending[column] = (left - 1, text)
                else:
                    del pending[column]
                column += 1
                continue
            if not queue:
                column += 1
                continue
            cell = queue.pop(0)
            span = min(cell.columns, MAX_COLUMNS)
            row[column] = Cell(cell.text, CellOrigin.SOURCE, cell.notes)
            for covered in range(column + 1, column + span):
                row[covered] = Cell(cell.text, CellOrigin.SPANNED)
            for covered in range(column, column + span):
                if cell.rows > 1:
                    pending[covered] = (cell.rows - 1, cell.text)
            column += span
            if column > MAX_COLUMNS:
                raise InputError(
                    path, row_line, f"a table row of {column:,} cells: the limit is {MAX_COLUMNS}"
                )
        width = max(width, max(row, default=-1) + 1)
        if width * (len(placed) + 1) > MAX_TABLE_CELLS:
            raise InputError(
                path,
                row_line,
                f"a table of {len(placed) + 1:,} rows of {width} cells: "
                f"the limit is {MAX_TABLE_CELLS:,} cells",
            )
        placed.append(
            Row(row_line, tuple(row.get(i, Cell("", CellOrigin.SOURCE)) for i in range(width)))
        )
    columns = header + [Column("", in_source=False)] * (width - len(header))
    full = tuple(
        Row(r.line, r.cells + (Cell("", CellOrigin.SOURCE),) * (width - len(r.cells)))
        for r in placed
    )
    return Table(line, tuple(columns), full)
