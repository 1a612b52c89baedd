"""Turn the top of a page into its title and its infobox.

The title is, in this order: the page's title in an XML export; a ``= Title =`` line
opening the file (as the plain-text exports open); the infobox's ``name``; the bold
subject of the lead (``'''All of Us Strangers''' is …``); the file's name. A
disambiguator in brackets (``House (1977 film)``) is split off as the plain-text reader
splits it. The infobox is the first ``{{Infobox …}}`` before the first heading.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from mwparserfromhell.nodes import Heading, Tag, Template, Text

from filmbook.errors import InputError
from filmbook.model import Infobox
from filmbook.normalise.frontmatter import Title, read_title
from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.limits import MAX_TITLE_CHARACTERS
from filmbook.wikitext.infobox import is_infobox, read_infobox
from filmbook.wikitext.lines import nodes_at
from filmbook.wikitext.state import WikiState


def read_frontmatter(state: WikiState) -> WikiState:
    """The ``frontmatter`` pass: the title and the infobox; the body starts after a title
    line."""
    assert state.code is not None and state.reader is not None  # the parse pass ran
    reader = state.reader
    heading: tuple[str, int] | None = None
    infobox: Infobox | None = None
    named: str | None = None
    bold: tuple[str, int] | None = None
    start = 0
    for node, offset in nodes_at(state.code, 0):
        if isinstance(node, Text) and not node.value.strip():
            continue
        if isinstance(node, Heading):
            if node.level == 1 and heading is None and infobox is None and bold is None:
                heading = (reader.plain(node.title, offset + 1), reader.line(offset))
                start = offset + len(str(node))
                continue
            break
        if isinstance(node, Template) and infobox is None and is_infobox(node):
            named, infobox = read_infobox(node, offset, reader)
        elif isinstance(node, Tag) and str(node.tag) == "b" and bold is None:
            bold = (reader.plain(node.contents, offset + 3), reader.line(offset))
    title = _title(state, heading, named, infobox, bold)
    return replace(state, title=title, infobox=infobox, start=start)


def _title(
    state: WikiState,
    heading: tuple[str, int] | None,
    named: str | None,
    infobox: Infobox | None,
    bold: tuple[str, int] | None,
) -> Title:
    path = state.source.path
    origin = state.source.origin
    candidates = [
        (origin.page, 1) if origin else None,
        heading,
        (named, infobox.line) if named and infobox else None,
        bold,
        (Path(path).stem, 1),
    ]
    text, line = next(c for c in candidates if c is not None and c[0].strip())
    if len(text) > MAX_TITLE_CHARACTERS:
        raise InputError(
            path,
            line,
            f"the title has {len(text):,} characters: the limit is {MAX_TITLE_CHARACTERS:,}",
        )
    title, _ = read_title((Token(Kind.TITLE, line, " ".join(text.split())),), path)
    return title
