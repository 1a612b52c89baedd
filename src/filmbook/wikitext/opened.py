"""Turn the templates that open a wikitable into the ``{|`` they stand for.

``{{Awards table}}`` writes a table's ``{|`` and its header row; the article goes on with
the rows (``|-``, ``| …``) and closes the table with its own ``|}``. Read as a template,
it would leave those rows as text with their markup. So before the page is parsed, each
such template alone on its line becomes ``{|`` (padded with spaces to its length, so that
no offset or line moves), and the header it writes is kept by the offset of that ``{|``
for ``tables.py`` to put before the rows. Templates in ``templates.TABLES``.
"""

from __future__ import annotations

import re

from filmbook.wikitext import templates

_ALONE = re.compile(r"^[ \t]*(\{\{([^{}|\n]*)(?:\|[^{}\n]*)?\}\})[ \t]*$", re.MULTILINE)
"""A template with no template in its parameters, alone on its line."""

Headers = dict[int, tuple[str, ...]]
"""The header of each table a template opened, by the offset of its ``{|``."""


def open_tables(text: str) -> tuple[str, Headers]:
    """``text`` with each template that opens a table replaced by ``{|``, and the headers
    those templates write."""
    if "{{" not in text:
        return text, {}
    pieces: list[str] = []
    headers: Headers = {}
    done = 0
    for found in _ALONE.finditer(text):
        header = templates.TABLES.get(templates.name_of(found[2]))
        if header is None:
            continue
        start, end = found.span(1)
        pieces += [text[done:start], "{|".ljust(end - start)]
        headers[start] = header
        done = end
    if not headers:
        return text, {}
    pieces.append(text[done:])
    return "".join(pieces), headers
