"""Turn the C array types WeasyPrint 70 asks cffi for, one size at a time, into ones made
without parsing C.

When it embeds a font, WeasyPrint subsets it with HarfBuzz and passes the glyph ids as
``ffi.new(f"hb_codepoint_t[{count}]", ids)``. cffi parses each new type string with
pycparser, some 10 ms each, and a press kit's fonts bring a handful of new counts each
time (the count of glyphs a font uses, the highest glyph id), some 2 % of a press kit.
``apply`` gives WeasyPrint's ``ffi`` a table of parsed types that makes an array type of
the ``ITEMS`` by asking cffi's backend for it, as cffi itself does once it has parsed the
string (``cffi.model.ArrayType``): the same C type, without the parsing.
"""

from __future__ import annotations

import re
from typing import Any

import weasyprint
from weasyprint.text.ffi import ffi

CHECKED_VERSIONS = ("70.0",)
"""The WeasyPrint versions whose font subsetting this was checked against."""

ITEMS = ("hb_codepoint_t",)
"""The item types of the arrays WeasyPrint makes by size."""

ARRAY = re.compile(rf"(?P<item>{'|'.join(ITEMS)})\[(?P<length>[1-9][0-9]*|0)\]")
"""A sized array of the ``ITEMS``, its length in decimal as WeasyPrint writes it (C
would read a leading zero as octal: such a length is left to cffi's parser)."""


class ParsedTypes(dict[Any, Any]):
    """cffi's table of parsed types (type string → C type, whether a function), which
    makes the array types of ``ITEMS`` it has not seen instead of having them parsed."""

    def __missing__(self, cdecl: Any) -> tuple[Any, bool]:
        match = ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match is None:
            raise KeyError(cdecl)
        pointer = ffi.typeof(f"{match['item']} *")
        made = (ffi._backend.new_array_type(pointer, int(match["length"])), False)
        self[cdecl] = made
        return made


def _has_internals() -> bool:
    """Whether this cffi has the table and the backend call this module uses (cffi is
    pinned; a later one may not)."""
    table = getattr(ffi, "_parsed_types", None)
    backend = getattr(ffi, "_backend", None)
    return isinstance(table, dict) and hasattr(backend, "new_array_type")


def apply() -> bool:
    """Make WeasyPrint's array types this way from now on; False if this WeasyPrint is
    not one this was written for (then nothing is changed)."""
    if weasyprint.__version__ not in CHECKED_VERSIONS or not _has_internals():
        return False
    if not isinstance(ffi._parsed_types, ParsedTypes):
        ffi._parsed_types = ParsedTypes(ffi._parsed_types)
    return True
