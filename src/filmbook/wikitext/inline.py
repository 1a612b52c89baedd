"""Turn inline wikicode into plain text and the marks of the notes it refers to.

Links become their text; files, images, categories and interlanguage links are dropped;
comments are removed; HTML entities (``&nbsp;``) become their characters; ``<nowiki>``
keeps its text as written; bold and italic keep their words. A template becomes its text
(``templates.py``) or, when filmbook does not know it, nothing and a warning naming it,
never its markup; one that says its text's language (``{{lang}}``, ``{{Nihongo}}``) puts
a ``Language`` before and after each part of its text in another language. A ``<ref>``
(and ``{{efn}}``) becomes a ``Mark`` where it stands, and its text a numbered note
(``notes.py``); a ``<ref>`` in a template's parameter puts its mark after the template's
text, even when the template is dropped, so that every note has its mark.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from filmbook.model import NoteRef
from filmbook.normalise.report import Report
from filmbook.wikitext import templates
from filmbook.wikitext.lines import Lines, nodes_at
from filmbook.wikitext.notes import Mark, Notes
from filmbook.wikitext.templates import Params

_DROPPED_LINKS = re.compile(
    r"^\s*:?\s*(?:file|image|media|category|[a-z]{2,3}(?:-[a-z]+)?)\s*:", re.IGNORECASE
)
"""Links that name no text: a picture, a category, another language's article (``fr:``)."""
_KEPT_PREFIXES = re.compile(r"^\s*:?\s*(?:wikt|wiktionary|w|s|q|b|n|v)\s*:\s*", re.IGNORECASE)
"""Interwiki prefixes whose link still reads as its page's name (``[[wikt:word]]``)."""
_HIDDEN_TAGS = frozenset(
    {"references", "gallery", "imagemap", "timeline", "math", "score", "graph",
     "templatedata", "templatestyles", "syntaxhighlight", "source", "mapframe", "maplink",
     "indicator", "section", "noinclude", "includeonly"}
)  # fmt: skip
"""Tags whose content is not prose: pictures, formulas, settings."""
_BREAKS = frozenset({"br", "hr"})
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Language:
    """Where a run of text in another language starts (``lang``, a BCP 47 tag) or ends
    (None)."""

    lang: str | None


Piece = str | Mark | Language
Marks = tuple[Mark, ...]


class Inline:
    """Reads inline wikicode of one page, and keeps its notes."""

    def __init__(self, text: str, lines: Lines, report: Report, notes: Notes) -> None:
        self.text = text
        self.lines = lines
        self.report = report
        self.notes = notes
        self._warned: set[tuple[int, str]] = set()

    # --- entry points -------------------------------------------------------------------

    def pieces(self, code: Wikicode, offset: int) -> list[Piece]:
        """The text and the note marks of ``code``, which starts at ``offset``."""
        found: list[Piece] = []
        for node, start in nodes_at(code, offset):
            found.extend(self.node(node, start))
        return found

    def plain(self, code: Wikicode, offset: int) -> str:
        """The text of ``code`` on one line, spaces collapsed; marks left out (their notes
        are still numbered)."""
        return self.noted(code, offset)[0]

    def noted(self, code: Wikicode, offset: int) -> tuple[str, tuple[NoteRef, ...]]:
        """The text of ``code`` on one line, spaces collapsed, and the references to notes
        in it, counted in its word characters."""
        parts: list[str] = []
        notes: list[NoteRef] = []
        words = 0
        for piece in self.pieces(code, offset):
            if isinstance(piece, Mark):
                notes.append(NoteRef(words, piece.number, piece.mark))
            elif isinstance(piece, str):
                parts.append(piece)
                words += len(_WORD.findall(piece))
        return _one_line("".join(parts)), tuple(notes)

    def params(self, template: Template, offset: int) -> Params:
        """``template``'s parameters as text."""
        return self.noted_params(template, offset)[0]

    def noted_params(self, template: Template, offset: int) -> tuple[Params, dict[str, Marks]]:
        """``template``'s parameters as text, and the note marks in each, by its name
        (``"1"``, ``"2"`` … for positional ones), in the order they are written."""
        positional: list[str] = []
        named: dict[str, str] = {}
        marks: dict[str, Marks] = {}
        whole = str(template)
        cursor = 0
        for param in template.params:
            value = str(param.value)
            at = whole.find(value, cursor) if value else -1
            start = offset + max(at, 0)
            cursor = max(cursor, at)
            pieces = self.pieces(param.value, start)
            text = _one_line("".join(p for p in pieces if isinstance(p, str)))
            if param.showkey:
                key = str(param.name).strip().lower().replace("_", "-")
                named[key] = text
            else:
                positional.append(text)
                key = str(len(positional))
            found = tuple(p for p in pieces if isinstance(p, Mark))
            if found:
                marks[key] = marks.get(key, ()) + found
        return Params(tuple(positional), named), marks

    def line(self, offset: int) -> int:
        """The source line of ``offset``."""
        return self.lines.line(offset)

    # --- nodes --------------------------------------------------------------------------

    def node(self, node: Node, offset: int) -> list[Piece]:
        """The pieces of one node."""
        if isinstance(node, Text):
            return [node.value]
        if isinstance(node, Wikilink):
            return self._wikilink(node, offset)
        if isinstance(node, ExternalLink):
            if node.title is not None:
                return self.pieces(node.title, offset + str(node).find(str(node.title)))
            return [] if node.brackets else [str(node.url)]
        if isinstance(node, HTMLEntity):
            return [html.unescape(str(node))]
        if isinstance(node, Comment):
            return []
        if isinstance(node, Tag):
            return self._tag(node, offset)
        if isinstance(node, Template):
            return self._template(node, offset)
        if isinstance(node, Argument):
            default = node.default
            return self.pieces(default, offset) if default is not None else []
        if isinstance(node, Heading):
            return [self.plain(node.title, offset)]
        return [str(node)]

    def _wikilink(self, link: Wikilink, offset: int) -> list[Piece]:
        title = str(link.title)
        if _DROPPED_LINKS.match(title) and not _KEPT_PREFIXES.match(title):
            return []
        if link.text is not None:
            return self.pieces(link.text, offset + str(link).find(str(link.text)))
        shown = _KEPT_PREFIXES.sub("", self.plain(link.title, offset)).lstrip(":")
        return [shown.split("#", 1)[0] if not shown.startswith("#") else shown[1:]]

    def _tag(self, tag: Tag, offset: int) -> list[Piece]:
        name = str(tag.tag).strip().lower()
        if name == "ref":
            mark = self.notes.refer(tag, offset, self)
            return [mark] if mark else []
        if name in _BREAKS:
            return [" "]
        if name in _HIDDEN_TAGS or tag.contents is None:
            return []
        if name in ("nowiki", "pre"):
            return [html.unescape(str(tag.contents))]
        inner = offset + max(str(tag).find(str(tag.contents)), 0)
        return self.pieces(tag.contents, inner)

    def _template(self, template: Template, offset: int) -> list[Piece]:
        name = templates.name_of(str(template.name))
        if name in templates.NOTES:
            mark = self.notes.footnote(template, offset, self)
            return [mark] if mark else []
        if name in templates.QUOTES:
            quoted: list[Piece] = []
            for part, found in quote_parts(self, template, offset):
                quoted += [" ", part, *found] if quoted else [part, *found]
            return quoted
        if templates.is_silent(name):
            return []
        params, marks = self.noted_params(template, offset)
        after = [mark for found in marks.values() for mark in found]
        if name in templates.CITATIONS:
            cited, url = templates.citation(params)
            return [f"{cited} {url}" if url else cited, *after]
        languages = templates.languages_of(name, params)
        if languages is not None:
            return [
                *(
                    piece
                    for text, lang in languages
                    for piece in ((Language(lang), text, Language(None)) if lang else (text,))
                ),
                *after,
            ]
        text = templates.text_of(name, params)
        if text is None:
            shown = str(template.name).strip()[:60]
            warning = (self.line(offset), f"an unknown template {{{{{shown}}}}} was dropped")
            if warning not in self._warned:  # once a line, however deep it is nested
                self._warned.add(warning)
                self.report.warn(*warning)
            return [*after]
        return [text, *after]


def quote_parts(reader: Inline, template: Template, offset: int) -> list[tuple[str, Marks]]:
    """A quotation template's quote, then who said it and where, as separate texts, each
    with the note marks of its parameters (a mark of a part left out goes with the
    quote)."""
    params, marks = reader.noted_params(template, offset)
    key = next((k for k in ("quote", "text") if params.named.get(k)), "1")
    quote = params.get("quote", "text", "1") or params.at(0)
    source = params.get("author", "sign", "source", "2", "3") or " ".join(params.positional[1:])
    cite = params.get("source", "title", "4") if source != params.get("source") else ""
    who = ", ".join(part for part in (source, cite) if part)
    own = marks.get(key, ())
    others = tuple(mark for k, found in marks.items() if k != key for mark in found)
    if not who:
        return [(quote, own + others)] if quote or own or others else []
    if not quote:
        return [(f"— {who}", own + others)]
    return [(quote, own), (f"— {who}", others)]


def _one_line(text: str) -> str:
    """``text`` on one line, its runs of spaces one space (a no-break space kept)."""
    joined = text.replace("\u00a0", "\x00")
    return _SPACES.sub(" ", joined).replace("\x00", "\u00a0").strip()
