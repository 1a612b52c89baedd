"""Tests for ``cffi_arrays``: the glyph arrays of font subsetting made without parsing C.

An array type of ``hb_codepoint_t`` of a size not asked before is the very C type cffi
makes by parsing the string, made without the parser, kept in the table of parsed types
and usable by ``ffi.new``; any other type string is parsed as before, errors and all;
applying twice changes nothing more.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import cffi  # type: ignore[import-untyped]
import pytest
import weasyprint
from weasyprint.text.ffi import ffi

import filmbook.pdf  # noqa: F401  (it applies cffi_arrays)
from filmbook import cffi_arrays

_LENGTHS = itertools.count(70_001)


def _fresh() -> str:
    """An array type string of a length no test has asked for in this process."""
    while True:
        cdecl = f"hb_codepoint_t[{next(_LENGTHS)}]"
        if cdecl not in ffi._parsed_types:
            return cdecl


def _parsed(cdecl: str) -> Any:
    """The C type cffi makes of ``cdecl`` by parsing it."""
    with ffi._lock:
        return ffi._get_cached_btype(ffi._parser.parse_type(cdecl))


@pytest.fixture
def parsing(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The type strings cffi's parser is given while the test runs."""
    parsed: list[str] = []
    parse_type = ffi._parser.parse_type

    def spy(cdecl: str) -> Any:
        parsed.append(cdecl)
        return parse_type(cdecl)

    monkeypatch.setattr(ffi._parser, "parse_type", spy)
    yield parsed


def test_weasyprints_table_of_parsed_types_makes_the_arrays() -> None:
    assert isinstance(ffi._parsed_types, cffi_arrays.ParsedTypes)


def test_a_new_array_type_is_the_one_cffi_parses_made_without_parsing(
    parsing: list[str],
) -> None:
    ffi.typeof("hb_codepoint_t *")  # its items' pointer type: parsed once per process
    parsing.clear()
    cdecl = _fresh()
    ours = ffi.typeof(cdecl)
    assert parsing == []
    assert ffi._parsed_types.get(cdecl) == (ours, False)  # kept, as cffi keeps what it parses
    assert ffi.typeof(cdecl) is ours
    assert _parsed(cdecl) is ours
    assert ours.kind == "array"
    assert ours.length == int(cdecl[len("hb_codepoint_t[") : -1])
    assert ours.item is ffi.typeof("hb_codepoint_t")


def test_an_array_type_parsed_first_is_the_one_made_after() -> None:
    cdecl = _fresh()
    theirs = _parsed(cdecl)
    assert cdecl not in ffi._parsed_types
    assert ffi.typeof(cdecl) is theirs


def test_ffi_new_makes_an_array_of_a_new_type_as_weasyprint_asks_for_glyph_ids() -> None:
    cdecl = _fresh()
    ids = list(range(3, 3 + int(cdecl[len("hb_codepoint_t[") : -1])))
    array = ffi.new(cdecl, ids)
    assert ffi.typeof(array) is ffi.typeof(cdecl)
    assert len(array) == len(ids)
    assert ffi.sizeof(array) == 4 * len(ids)
    assert list(array) == ids
    assert ffi.new("hb_codepoint_t[2]", [7, 8])[1] == 8


@pytest.mark.parametrize(
    ("cdecl", "same_as"),
    [
        ("int[7]", None),
        ("hb_codepoint_t[]", None),
        ("hb_codepoint_t [12]", "hb_codepoint_t[12]"),
        ("hb_codepoint_t[0x11]", "hb_codepoint_t[17]"),
        ("hb_codepoint_t *", None),
    ],
)
def test_other_type_strings_are_parsed_as_before(
    cdecl: str, same_as: str | None, parsing: list[str]
) -> None:
    asked_before = cdecl in ffi._parsed_types  # by WeasyPrint, or a test of this process
    ours = ffi.typeof(cdecl)
    assert asked_before or parsing == [cdecl]
    assert ffi._parsed_types.get(cdecl) == (ours, False)
    assert ours is _parsed(cdecl)
    if same_as is not None:
        assert ours is ffi.typeof(same_as)


@pytest.mark.parametrize(
    ("cdecl", "error"),
    [
        ("no_such_type_t[3]", cffi.CDefError),
        ("hb_codepoint_t[-1]", ValueError),
        ("hb_codepoint_t[", cffi.CDefError),
    ],
)
def test_type_strings_cffi_refuses_are_still_refused(cdecl: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        ffi.typeof(cdecl)
    assert cdecl not in ffi._parsed_types


def test_the_table_makes_nothing_but_the_arrays() -> None:
    table = cffi_arrays.ParsedTypes()
    for key in ("int[3]", "hb_codepoint_t", "hb_codepoint_t[3]x", 3, None):
        with pytest.raises(KeyError):
            table[key]
    assert table["hb_codepoint_t[3]"] == (ffi.typeof("hb_codepoint_t[3]"), False)
    assert list(table) == ["hb_codepoint_t[3]"]


def test_applying_again_keeps_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    cdecl = _fresh()
    ffi.typeof(cdecl)
    table = ffi._parsed_types
    assert cffi_arrays.apply()
    assert ffi._parsed_types is table
    assert cdecl in ffi._parsed_types
    monkeypatch.setattr(ffi, "_parsed_types", dict(table))
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not cffi_arrays.apply()  # not a WeasyPrint it was checked against
    assert type(ffi._parsed_types) is dict


def test_an_octal_length_is_read_as_cffi_reads_it() -> None:
    assert ffi.typeof("hb_codepoint_t[010]") is _parsed("hb_codepoint_t[010]")
