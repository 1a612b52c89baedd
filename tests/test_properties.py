"""Properties of the normaliser over generated articles that mix every construct of
``docs/source-format.md``.

The strategy is in ``articles.py``; the profiles (bounded by default, ``FILMBOOK_FUZZ=long``
for a long run) are in ``conftest.py``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import given

from articles import (
    AccoladeTable,
    GeneratedArticle,
    accolade_tables,
    generated_articles,
    line_soups,
)
from filmbook.errors import InputError
from filmbook.jsonout import article_to_json
from filmbook.model import Article, CellOrigin, Table
from filmbook.normalise import normalise
from filmbook.normalise.typography import typeset
from filmbook.source import SourceText
from wordcheck import article_words, missing_words, source_words


def _normalise(text: str) -> Article:
    return normalise(SourceText("fuzz.txt", text))


def _nodes(value: Any) -> Iterator[Any]:
    """Every dataclass in the tree, the root first."""
    if isinstance(value, tuple):
        for item in value:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from _nodes(getattr(value, field.name))


def _tables(article: Article) -> Iterator[Table]:
    return (node for node in _nodes(article) if isinstance(node, Table))


def _line_count(text: str) -> int:
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@given(generated_articles(cut_title=True))
def test_only_a_missing_title_is_an_error(generated: GeneratedArticle) -> None:
    try:
        article = _normalise(generated.text)
    except InputError as error:
        assert not generated.titled, error
        assert error.path == "fuzz.txt"
        assert 1 <= error.line <= _line_count(generated.text)
    else:
        assert generated.titled
        json.loads(article_to_json(article))  # and the result can always be written


@given(generated_articles())
def test_a_generated_article_keeps_every_word_line_and_cell(generated: GeneratedArticle) -> None:
    """Three properties on the same examples: generating an article costs more than checking."""
    article = _normalise(generated.text)
    _check_every_word_is_kept(generated.text, article)
    _check_every_line_is_in_the_file(generated.text, article)
    for table in _tables(article):
        _check_every_row_has_every_column(table)


@given(line_soups())
def test_lines_in_any_order_keep_every_word_line_and_cell(text: str) -> None:
    try:
        article = _normalise(text)
    except InputError as error:  # items indented deeper and deeper, line after line
        assert error.message.startswith("a list nested"), error
        return
    _check_every_word_is_kept(text, article)
    _check_every_line_is_in_the_file(text, article)
    for table in _tables(article):
        _check_every_row_has_every_column(table)


def _check_every_word_is_kept(text: str, article: Article) -> None:
    missing = missing_words(source_words(text), article_words(article))
    assert not missing, f"words lost: {dict(missing)}"


def _check_every_line_is_in_the_file(text: str, article: Article) -> None:
    count = _line_count(text)
    for node in _nodes(article):
        if hasattr(node, "line"):
            assert 1 <= node.line <= count, f"line out of the file ({count} lines): {node}"


def _check_every_row_has_every_column(table: Table) -> None:
    for row in table.rows:
        assert len(row.cells) == len(table.columns), f"row of the wrong width: {row}"
        for cell in row.cells:
            assert (cell.text is None) == (cell.origin is CellOrigin.UNKNOWN), cell
    for above, row in zip(table.rows, table.rows[1:], strict=False):
        for upper, cell in zip(above.cells, row.cells, strict=True):
            if cell.origin is CellOrigin.SPANNED:
                assert cell.text == upper.text, f"a spanned cell that differs from above: {row}"
    if table.ceremonies:
        assert sum(len(c.accolades) for c in table.ceremonies) == len(table.rows)


@given(accolade_tables())
def test_a_flattened_accolades_table_is_rebuilt_exactly(table: AccoladeTable) -> None:
    source = "= T =\n\n== Accolades ==\n" + "\n".join(table.lines) + "\n"
    article = _normalise(source)
    (rebuilt,) = _tables(article)
    found = tuple(
        (c.name, c.date, tuple((a.category, a.recipient) for a in c.accolades))
        for c in rebuilt.ceremonies
    )
    expected = tuple(
        (typeset(name), date, tuple((typeset(k), r and typeset(r)) for k, r in accolades))
        for name, date, accolades in table.ceremonies
    )
    assert found == expected
    assert not article.diagnostics
