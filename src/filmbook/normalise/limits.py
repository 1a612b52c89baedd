"""Refuse sources beyond what the outputs can lay out, with the line where they go beyond.

Measured with WeasyPrint on two cores: every table row costs some 5 ms and 0.13 MB, and
every top-level heading starts a page of the press kit (10,000 headings take three
minutes and 3.5 GB); the time for a heading or an infobox value grows with the square of
its length (5,000 characters take a second, 100,000 minutes); and a paragraph whose words
are longer than a line is laid out again for every line (a megabyte of 100-letter words
takes three minutes, of 60-letter words 20 s). No film article comes near these limits.
Lists are limited in depth for the reader, not the machine: every level indents the text
by a few millimetres, and past ten levels a press kit's column (an e-reader's screen even
more) has no room left to read.

Every limit is checked here, in one pass, before the passes that build the sections,
blocks and tables. It runs after ``repair``, which can join words into a longer one; the
passes before it (text, lex, frontmatter, repair) take linear time on any input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from filmbook.errors import InputError
from filmbook.model import Infobox
from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.tables import has_award_table, header_columns, split_row

if TYPE_CHECKING:
    from filmbook.normalise.state import State

MAX_LINES = 8_000
"""At most this many lines (8,000 table rows take some 40 s and 1 GB)."""
MAX_HEADINGS = 1_000
"""At most this many headings besides the title (1,000 take some 13 s and 0.5 GB)."""
MAX_TITLE_CHARACTERS = 5_000
"""The title has at most this many characters (5,000 take some 4 s)."""
MAX_LABEL_CHARACTERS = 2_000
"""A heading, an infobox key and an infobox value have at most this many characters."""
MAX_COLUMNS = 30
"""A table row has at most this many cells (a film article's widest tables have some ten;
past 30 a press kit page leaves each column a few letters)."""
MAX_TABLE_CELLS = 40_000
"""A table has at most this many cells, every row counted as wide as the widest: one row
of 30 cells makes every row 30 wide. 40,000 cost what 8,000 rows of five do."""
MAX_LIST_DEPTH = 10
"""A list nests at most this many levels deep (a top-level item is the first level)."""
MAX_WORD_CHARACTERS = 60
"""Text has no longer run of characters with nowhere to break a line. Scripts written
without spaces (CJK, Thai, Lao, Khmer, Myanmar) break between their characters, a space
breaks (a no-break space does not), and so does a hyphen, a dash or a slash before a
letter (a run of them does not break, nor does the non-breaking hyphen U+2011, nor the
CJK marks that may not start a line: 、。ー). The title and headings, limited in length,
may hold longer words."""
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
_WITHOUT_SPACES = (
    "\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u2e80-\u2fff\u3040-\u30fb"
    "\u30fd-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff"
)
_HYPHENS = "\\-/\u2010-\u2015"
_BREAK = re.compile(
    rf"[^\S{_NO_BREAK_SPACES}]+"  # a space that may break
    rf"|(?<=[-/\u2010\u2012-\u2015])(?=[^\s{_HYPHENS}])"  # after a hyphen, before a letter
    rf"|[{_WITHOUT_SPACES}]"  # a character of a script written without spaces
)


def last_break(text: str, start: int, end: int) -> int:
    """The last place in ``text[start:end]`` where a line may break, or ``end`` if none."""
    places = [found.end() for found in _BREAK.finditer(text, start, end) if found.end() < end]
    return places[-1] if places else end


def _longest_unbreakable(text: str) -> str:
    """The longest run of ``text`` with nowhere to break a line (linear time)."""
    return max(_BREAK.split(text), key=len)


def check_limits(state: State) -> State:
    """The ``limits`` pass: refuse a source beyond any limit, at the first line beyond it;
    the state goes on unchanged."""
    path, tokens, body = state.source.path, state.tokens, state.body
    if len(tokens) > MAX_LINES:
        raise InputError(path, MAX_LINES + 1, f"more than {MAX_LINES:,} lines: the limit")
    if state.title is not None:
        title = tokens[state.title.line - 1]  # as written, disambiguator and all
        _check_length(path, title.line, "the title", title.text, MAX_TITLE_CHARACTERS)
    _check_headings(body, path)
    _check_infobox(state.infobox, path)
    front = tokens[: len(tokens) - len(body)]  # the title and the infobox, as written
    _check_words((*front, *body), path)
    _check_lists(body, path)
    _check_tables(body, path)
    return state


def _check_headings(tokens: Iterable[Token], path: str) -> None:
    """Refuse too many headings, or one too long."""
    headings = [token for token in tokens if token.kind in (Kind.TITLE, Kind.HEADING)]
    if len(headings) > MAX_HEADINGS:
        line = headings[MAX_HEADINGS].line
        raise InputError(path, line, f"more than {MAX_HEADINGS:,} headings: the limit")
    for heading in headings:
        _check_length(path, heading.line, "a heading", heading.text, MAX_LABEL_CHARACTERS)


def _check_infobox(infobox: Infobox | None, path: str) -> None:
    """Refuse an infobox key or value that is too long."""
    for field in infobox.fields if infobox else ():
        _check_length(path, field.line, "an infobox key", field.key, MAX_LABEL_CHARACTERS)
        value = ", ".join(field.values)
        _check_length(path, field.line, f"infobox field {field.key!r}", value, MAX_LABEL_CHARACTERS)


def _check_words(tokens: Iterable[Token], path: str) -> None:
    """Refuse a word too long to break into lines (titles and headings are exempt)."""
    for token in tokens:
        if token.kind in (Kind.TITLE, Kind.HEADING):
            continue
        word = _longest_unbreakable(token.text)
        if len(word) > MAX_WORD_CHARACTERS:
            raise InputError(
                path,
                token.line,
                f"a word of {len(word):,} characters with nowhere to break a line: "
                f"the limit is {MAX_WORD_CHARACTERS}",
            )


def _check_lists(tokens: Iterable[Token], path: str) -> None:
    """Refuse a list item nested too deep, counted as ``blocks.py`` nests items: a run of
    items (empty lines between them allowed) is one list, and an indent that jumps is one
    level deeper than the item above it."""
    open_levels: list[int] = []  # the indents of the items the next item may nest under
    for token in tokens:
        if token.kind is Kind.BLANK:
            continue
        if token.kind is not Kind.ITEM:
            open_levels.clear()
            continue
        while open_levels and open_levels[-1] >= token.level:
            open_levels.pop()
        open_levels.append(token.level)
        if len(open_levels) > MAX_LIST_DEPTH:
            raise InputError(
                path,
                token.line,
                f"a list nested {len(open_levels)} levels deep: the limit is {MAX_LIST_DEPTH}",
            )


def _check_tables(tokens: Sequence[Token], path: str) -> None:
    """Refuse a table row of too many cells, or the row that makes its table too big,
    counted as ``tables.py`` counts them: a run of rows is one table, the first row its
    header, an empty row is left out, and every row is as wide as the widest so far."""
    award_tables = has_award_table(tokens)
    index = 0
    while index < len(tokens):
        if tokens[index].kind is not Kind.ROW:
            index += 1
            continue
        header = split_row(tokens[index].text)[0] or [""]
        _check_row(path, tokens[index].line, len(header), 1, len(header))
        width, rows = len(header_columns(header, award_tables)), 1
        index += 1
        while index < len(tokens) and tokens[index].kind is Kind.ROW:
            cells = split_row(tokens[index].text)[0]
            if cells:
                width, rows = max(width, len(cells)), rows + 1
                _check_row(path, tokens[index].line, len(cells), rows, width)
            index += 1


def _check_row(path: str, line: int, cells: int, rows: int, width: int) -> None:
    """Refuse a row of too many cells, or the row that makes its table too big.

    ``rows`` counts the rows so far with this one, ``width`` the widest row so far.
    """
    if cells > MAX_COLUMNS:
        raise InputError(path, line, f"a table row of {cells:,} cells: the limit is {MAX_COLUMNS}")
    if rows * width > MAX_TABLE_CELLS:
        raise InputError(
            path,
            line,
            f"a table of {rows:,} rows of {width} cells: the limit is {MAX_TABLE_CELLS:,} cells",
        )


def _check_length(path: str, line: int, what: str, text: str, limit: int) -> None:
    if len(text) > limit:
        raise InputError(path, line, f"{what} has {len(text):,} characters: the limit is {limit:,}")
