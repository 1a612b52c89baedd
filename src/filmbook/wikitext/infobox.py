"""Turn ``{{Infobox film}}`` (or any ``{{Infobox …}}``) into an ``Infobox``.

Every parameter with a value is a field, in the template's order, its key written as the
plain-text exports write it (``production_companies`` → ``Production companies``) and
mapped to the same roles (``normalise/frontmatter.py``). A value that is a list
(``{{Plainlist}}``, ``{{ubl}}``, ``{{hlist}}``, ``* `` lines, ``<br />``) gives one value
per item; a multi-valued role's plain value is split at its commas as in the exports. A
picture (``image``, ``alt``, ``caption``) is noted with the picture role, never fetched;
``name`` is the film's title, not a field.
"""

from __future__ import annotations

import re

from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from filmbook.model import Infobox, InfoboxField, Role
from filmbook.normalise.frontmatter import MULTI_VALUED, ROLES, split_values
from filmbook.wikitext import templates
from filmbook.wikitext.inline import Inline
from filmbook.wikitext.lines import nodes_at

_PICTURES = frozenset({"image", "image size", "image upright", "alt", "caption", "border"})
_KEYS = {"based on": "Based on", "production companies": "Production companies"}
_ITEM = re.compile(r"^\s*[*#]\s*", re.MULTILINE)


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
        values = _values(param.value, value_start, reader)
        if not values:
            continue
        if key == "name":
            name = ", ".join(values)
            continue
        role = Role.IMAGE if key in _PICTURES else ROLES.get(key, Role.OTHER)
        if role in MULTI_VALUED and len(values) == 1:
            values = tuple(v for v in split_values(values[0]) if v)
        label = _KEYS.get(key, key[:1].upper() + key[1:])
        fields.append(InfoboxField(reader.line(start), label, role, values))
    # The template's name is markup, as the plain-text exports' `Infobox` header line is.
    return name, Infobox(reader.line(offset), "Infobox", tuple(fields))


def _values(code: Wikicode, offset: int, reader: Inline) -> tuple[str, ...]:
    """The values of one parameter: one per item of a list, else one."""
    values: list[str] = []
    current: list[str] = []

    def end() -> None:
        text = " ".join("".join(current).split())
        if text:
            values.append(text)
        current.clear()

    for node, start in nodes_at(code, offset):
        if isinstance(node, Template) and templates.name_of(str(node.name)) in templates.LISTS:
            end()
            values.extend(_list_items(node, start, reader))
        elif isinstance(node, Tag) and str(node.tag).strip().lower() in ("br", "li"):
            end()
        elif isinstance(node, Text) and "\n" in node.value:
            for index, piece in enumerate(node.value.split("\n")):
                if index:
                    end()
                current.append(_ITEM.sub("", piece) if index else piece)
        else:
            current.extend(p for p in reader.node(node, start) if isinstance(p, str))
    end()
    return tuple(values)


def _list_items(template: Template, offset: int, reader: Inline) -> list[str]:
    name = templates.name_of(str(template.name))
    if name == "film date":
        return list(templates.film_dates(reader.params(template, offset)))
    found: list[str] = []
    whole = str(template)
    cursor = 0
    for param in template.params:
        if param.showkey and str(param.name).strip() not in ("1",):
            continue  # class=, style=: settings of the list
        at = whole.find(str(param.value), cursor)
        cursor = max(cursor, at)
        found.extend(_values(param.value, offset + max(at, 0), reader))
    return found
