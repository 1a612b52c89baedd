"""Turn ``{{Infobox film}}`` (or any ``{{Infobox …}}``) into an ``Infobox``.

Every parameter with a value is a field, in the template's order, its key written as the
plain-text exports write it (``production_companies`` → ``Production companies``) and
mapped to the same roles (``normalise/frontmatter.py``). A value that is a list
(``{{Plainlist}}``, ``{{ubl}}``, ``{{hlist}}``, ``* `` lines, ``<br />``) gives one value
per item; a multi-valued role's plain value is split at its commas as in the exports. A
picture (``image``, ``alt``, ``caption``) is noted with the picture role, never fetched;
``name`` is the film's title, not a field. A ``<ref>`` in a value is a reference of the
field (``InfoboxField.notes``).
"""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from filmbook.model import Infobox, InfoboxField, NoteRef, Role
from filmbook.normalise.frontmatter import MULTI_VALUED, ROLES, split_values
from filmbook.wikitext import templates
from filmbook.wikitext.inline import Inline, Piece
from filmbook.wikitext.lines import nodes_at
from filmbook.wikitext.notes import Mark

_PICTURES = frozenset({"image", "image size", "image upright", "alt", "caption", "border"})
_KEYS = {"based on": "Based on", "production companies": "Production companies"}
_ITEM = re.compile(r"^\s*[*#]\s*", re.MULTILINE)
_WORD = re.compile(r"\w")


def is_infobox(template: Template) -> bool:
    """Whether ``template`` is an infobox (``{{Infobox film}}``, ``{{Infobox television}}``)."""
    return templates.name_of(str(template.name)).startswith("infobox")


def read_infobox(template: Template, offset: int, reader: Inline) -> tuple[str | None, Infobox]:
    """The title the infobox names (its ``name``), and the infobox."""
    name: str | None = None
    fields: list[InfoboxField] = []
    whole = str(template)
    cursor = 0
    for param in template.params:
        at = whole.find(str(param), cursor)
        cursor = max(cursor, at)
        start = offset + max(at, 0)
        value_start = start + max(str(param).find(str(param.value)), 0)
        key = str(param.name).strip().replace("_", " ").lower()
        found = _values(param.value, value_start, reader)
        values = tuple(found.values)
        if not values:
            continue
        if key == "name":
            name = ", ".join(values)
            continue
        role = Role.IMAGE if key in _PICTURES else ROLES.get(key, Role.OTHER)
        if role in MULTI_VALUED and len(values) == 1:
            values = tuple(v for v in split_values(values[0]) if v)
        label = _KEYS.get(key, key[:1].upper() + key[1:])
        notes = tuple(found.notes)
        fields.append(InfoboxField(reader.line(start), label, role, values, notes))
    # The template's name is markup, as the plain-text exports' `Infobox` header line is.
    return name, Infobox(reader.line(offset), "Infobox", tuple(fields))


class _Values:
    """The values of one parameter as they are read, and the references to notes in
    them, counted in the word characters of the values before them."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.notes: list[NoteRef] = []
        self.current: list[str] = []
        self.words = 0

    def add(self, piece: Piece) -> None:
        if isinstance(piece, Mark):
            self.notes.append(NoteRef(self.words, piece.number, piece.mark))
        elif isinstance(piece, str):
            self.current.append(piece)
            self.words += len(_WORD.findall(piece))

    def end(self) -> None:
        """End the value being read (at a list item, a line break)."""
        text = " ".join("".join(self.current).split())
        if text:
            self.values.append(text)
        self.current.clear()


def _values(code: Wikicode, offset: int, reader: Inline) -> _Values:
    """The values of one parameter: one per item of a list, else one."""
    found = _Values()
    _read(code, offset, reader, found)
    found.end()
    return found


def _read(code: Wikicode, offset: int, reader: Inline, found: _Values) -> None:
    for node, start in nodes_at(code, offset):
        if isinstance(node, Template) and templates.name_of(str(node.name)) in templates.LISTS:
            found.end()
            _list_items(node, start, reader, found)
        elif isinstance(node, Tag) and str(node.tag).strip().lower() in ("br", "li"):
            found.end()
        elif isinstance(node, Text) and "\n" in node.value:
            for index, line in enumerate(node.value.split("\n")):
                if index:
                    found.end()
                found.add(_ITEM.sub("", line) if index else line)
        else:
            for piece in reader.node(node, start):
                found.add(piece)


def _list_items(template: Template, offset: int, reader: Inline, found: _Values) -> None:
    name = templates.name_of(str(template.name))
    if name == "film date":
        for date in templates.film_dates(reader.params(template, offset)):
            found.add(date)
            found.end()
        return
    whole = str(template)
    cursor = 0
    for param in template.params:
        if param.showkey and str(param.name).strip() not in ("1",):
            continue  # class=, style=: settings of the list
        at = whole.find(str(param.value), cursor)
        cursor = max(cursor, at)
        _read(param.value, offset + max(at, 0), reader, found)
        found.end()
