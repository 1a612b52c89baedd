"""Turn a page's clean lines into wikicode, refusing a page too big to read.

The size limits of the plain-text reader apply to the page as written (its lines); a
template that opens a table becomes the table's ``{|`` (``opened.py``); the unclosed
markup that would make the parser retry to the end of the page is blanked first
(``balance.py``), so that parsing takes linear time on any page; a table left open is
closed at the end of its section.
"""

from __future__ import annotations

from dataclasses import replace

import mwparserfromhell

from filmbook.errors import InputError
from filmbook.normalise.limits import MAX_LINES
from filmbook.wikitext.balance import close_markup
from filmbook.wikitext.inline import Inline
from filmbook.wikitext.lines import Lines
from filmbook.wikitext.notes import Notes
from filmbook.wikitext.opened import open_tables
from filmbook.wikitext.state import WikiState


def parse(state: WikiState) -> WikiState:
    """The ``parse`` pass: the page's wikicode, and the reader of its inline markup."""
    if len(state.lines) > MAX_LINES:
        raise InputError(
            state.source.path, MAX_LINES + 1, f"more than {MAX_LINES:,} lines: the limit"
        )
    opened, written = open_tables("\n".join(line.text for line in state.lines))
    balanced = close_markup(opened, state.report)
    text = balanced.text
    headers = {balanced.moved(offset): header for offset, header in written.items()}
    code = mwparserfromhell.parse(text, skip_style_tags=False)
    notes = Notes(code, text, state.report)
    reader = Inline(text, Lines(text, balanced.added), state.report, notes)
    return replace(state, code=code, reader=reader, headers=headers)
