"""Turn the wikicode of an article's body into the normaliser's tokens, line by line.

Each line of wikitext becomes what the plain-text reader would have made of it: a
heading, a paragraph's text, a list item (``*``, ``#``, nested by their count), a term
(``;``), an indented line (``:``) as a paragraph of its own, an empty line. A paragraph's
lines are joined into one token. A wikitable becomes a ``BLOCK`` token holding its
``Table`` (``tables.py``), with the header row of the template that opened it if one did
(``opened.py``), its caption a paragraph before it; a quotation template its own
paragraphs; the infobox is skipped (``infobox.py`` read it). The notes a line refers to
and its runs in another language are kept beside the tokens, by line, counted in word
characters (``NoteRef``, ``LanguageSpan``).

The tokens then go through the plain-text normaliser's own passes: ``repair``, ``limits``,
``sections`` (so the blocks are built by the same rules) and ``typography``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from mwparserfromhell.nodes import Heading, Node, Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from filmbook.model import LanguageSpan, NoteRef
from filmbook.normalise.lex import Kind, Token
from filmbook.wikitext import templates
from filmbook.wikitext.infobox import is_infobox
from filmbook.wikitext.inline import Inline, Language, quote_parts
from filmbook.wikitext.lines import nodes_at
from filmbook.wikitext.notes import Mark
from filmbook.wikitext.opened import Headers
from filmbook.wikitext.state import Placed, WikiState, moved
from filmbook.wikitext.tables import read_wikitable

_WORD = re.compile(r"\w")
_LIST_MARKERS = frozenset("*#;:")
_CONTAINERS = frozenset({"div", "center", "blockquote", "poem", "section", "span", "p"})
_RESIDUE = re.compile(r"^\s*(?:\{\||\|\}|\|-+|\|\+|[|!])\s?|\{\{|\}\}|\[\[|\]\]")
"""Markup left in text by a construct the balance pass had to open (its words stay)."""


@dataclass
class _Line:
    """The line being read."""

    kind: Kind
    line: int
    level: int = 0
    parts: list[str] = field(default_factory=list)
    words: int = 0
    marks: list[Placed] = field(default_factory=list)
    language: tuple[int, str] | None = None  # the run in another language being read

    def close_language(self) -> None:
        """End the run in another language, if one is open and has a word."""
        if self.language is not None and self.language[0] < self.words:
            self.marks.append(LanguageSpan(self.language[0], self.words, self.language[1]))
        self.language = None


@dataclass
class Body:
    """The tokens of the body, and the note marks of each token by its line."""

    tokens: list[Token] = field(default_factory=list)
    marks: dict[int, list[Placed]] = field(default_factory=dict)


class _Builder:
    def __init__(self, reader: Inline, path: str, headers: Headers) -> None:
        self.reader = reader
        self.path = path
        self.headers = headers
        self.body = Body()
        self.current: _Line | None = None
        self.at_line_start = True
        self.markers = ""  # the list markers read at the start of this line

    # --- lines --------------------------------------------------------------------------

    def end_line(self) -> None:
        line = self.current
        self.current = None
        self.at_line_start = True
        self.markers = ""
        if line is None:
            return
        line.close_language()
        text = " ".join("".join(line.parts).split())
        if not text and line.kind in (Kind.TEXT, Kind.ITEM):
            return  # a line whose templates stood for nothing (`* {{IMDb title}}`)
        self.body.tokens.append(Token(line.kind, line.line, text, level=line.level))
        if line.marks:
            self.body.marks.setdefault(line.line, []).extend(line.marks)

    def blank(self, offset: int) -> None:
        self.end_line()
        self.body.tokens.append(Token(Kind.BLANK, self.reader.line(offset), ""))

    def write(self, piece: str | Mark | Language, offset: int) -> None:
        if self.current is None:
            if isinstance(piece, str) and not piece.strip():
                return  # spaces at the start of a line
            self.current = _Line(Kind.TEXT, self.reader.line(offset))
        self.at_line_start = False
        if isinstance(piece, Mark):
            self.current.marks.append(NoteRef(self.current.words, piece.number, piece.mark))
        elif isinstance(piece, Language):
            self.current.close_language()
            if piece.lang is not None:
                self.current.language = (self.current.words, piece.lang)
        else:
            self.current.parts.append(piece)
            self.current.words += len(_WORD.findall(piece))

    # --- nodes --------------------------------------------------------------------------

    def walk(self, code: Wikicode, offset: int) -> None:
        for node, start in nodes_at(code, offset):
            self.node(node, start)

    def node(self, node: Node, offset: int) -> None:
        if isinstance(node, Text):
            self.text(node.value, offset)
        elif isinstance(node, Heading):
            self.end_line()
            line = self.reader.line(offset)
            title, notes = self.reader.noted(node.title, offset + node.level)
            self.body.tokens.append(Token(Kind.HEADING, line, title, level=node.level))
            if notes:  # a heading's marks go at its end (``marks.py``)
                self.body.marks.setdefault(line, []).extend(notes)
            self.at_line_start = False
        elif isinstance(node, Tag) and node.wiki_markup in _LIST_MARKERS and node.self_closing:
            self.list_marker(str(node.wiki_markup), offset)
        elif isinstance(node, Tag):
            self.tag(node, offset)
        elif isinstance(node, Template):
            self.template(node, offset)
        else:
            for piece in self.reader.node(node, offset):
                self.write(piece, offset)

    def text(self, value: str, offset: int) -> None:
        for index, piece in enumerate(value.split("\n")):
            if index:
                if self.current is None and self.at_line_start:
                    self.blank(offset)
                else:
                    self.end_line()
            if piece:
                cleaned = _RESIDUE.sub(" ", piece)
                if cleaned != piece:
                    self.reader.report.warn(
                        self.reader.line(offset), "wiki markup left open: its words are kept"
                    )
                self.write(cleaned, offset)
            offset += len(piece) + 1

    def list_marker(self, marker: str, offset: int) -> None:
        if self.markers == "" and self.current is not None:
            self.end_line()  # a `;term : text` line: the `:` starts the description
        self.markers += marker
        line = self.reader.line(offset)
        first = self.markers[0]
        if first == ";":
            self.current = _Line(Kind.TERM, line)
        elif first == ":" and all(m == ":" for m in self.markers):
            if not self.body.tokens or self.body.tokens[-1].kind is not Kind.BLANK:
                self.body.tokens.append(Token(Kind.BLANK, line, ""))
            self.current = _Line(Kind.TEXT, line)
        else:
            depth = sum(m in "*#" for m in self.markers) - 1
            self.current = _Line(Kind.ITEM, line, level=max(depth, 0))
        self.at_line_start = False

    def tag(self, tag: Tag, offset: int) -> None:
        name = str(tag.tag).strip().lower()
        if name == "table" and tag.wiki_markup == "{|":
            self.end_line()
            header = self.headers.get(offset, ())
            caption, table = read_wikitable(tag, offset, self.reader, self.path, header)
            line = self.reader.line(offset)
            if caption:
                self.body.tokens.append(Token(Kind.BLANK, line, ""))
                self.body.tokens.append(Token(Kind.TEXT, line, caption))
                self.body.tokens.append(Token(Kind.BLANK, line, ""))
            if table is not None:
                self.body.tokens.append(Token(Kind.BLOCK, line, "", block=table))
            self.at_line_start = False
        elif name == "hr":
            self.end_line()
        elif name in _CONTAINERS and tag.contents is not None and "\n" in str(tag.contents):
            self.end_line()
            inner = offset + max(str(tag).find(str(tag.contents)), 0)
            self.walk(tag.contents, inner)
            self.end_line()
        else:
            for piece in self.reader.node(tag, offset):
                self.write(piece, offset)

    def template(self, template: Template, offset: int) -> None:
        name = templates.name_of(str(template.name))
        if is_infobox(template):
            self.at_line_start = False  # the infobox was read before the body
            return
        if name in templates.QUOTES and self.current is None:
            # Its paragraphs share its line: their marks are counted across them, in
            # turn, as those of a paragraph cut in several are (``marks.py``).
            line = self.reader.line(offset)
            words = 0
            for text, marks in quote_parts(self.reader, template, offset):
                words += len(_WORD.findall(text))
                self.body.tokens.append(Token(Kind.BLANK, line, ""))
                self.body.tokens.append(Token(Kind.TEXT, line, " ".join(text.split())))
                placed = [NoteRef(words, mark.number, mark.mark) for mark in marks]
                if placed:
                    self.body.marks.setdefault(line, []).extend(placed)
            self.body.tokens.append(Token(Kind.BLANK, line, ""))
            self.at_line_start = False
            return
        pieces = self.reader.node(template, offset)
        if not pieces and self.current is None:
            self.at_line_start = False  # a template alone on its line leaves no empty line
        for piece in pieces:
            self.write(piece, offset)


def read_body(
    code: Wikicode, offset: int, reader: Inline, path: str, headers: Headers, start: int = 0
) -> Body:
    """The tokens of ``code`` (at ``offset``) from the node at offset ``start`` on, a
    paragraph's lines joined in one token; ``headers`` are the header rows of the tables
    templates opened."""
    builder = _Builder(reader, path, headers)
    for node, at in nodes_at(code, offset):
        if at >= start:
            builder.node(node, at)
    builder.end_line()
    return _join_paragraphs(builder.body)


def _join_paragraphs(body: Body) -> Body:
    """Consecutive text lines are one paragraph: one token, its marks moved along.

    Each line's words are counted once and the lines joined once, at the paragraph's end:
    joining them one by one copied and counted the paragraph again for every line.
    """
    joined = Body()
    lines: list[Token] = []  # the text lines of the paragraph being read

    def end_paragraph() -> None:
        if not lines:
            return
        first = lines[0].line
        words = 0
        for line in lines:
            # Taken, not copied: the paragraphs of a quotation share their line.
            marks = [moved(placed, words) for placed in body.marks.pop(line.line, ())]
            if marks:
                joined.marks.setdefault(first, []).extend(marks)
            words += len(_WORD.findall(line.text))
        text = " ".join(line.text for line in lines).strip()
        joined.tokens.append(Token(Kind.TEXT, first, text))
        lines.clear()

    for token in body.tokens:
        if token.kind is Kind.TEXT:
            lines.append(token)
            continue
        end_paragraph()
        joined.tokens.append(token)
        if token.line in body.marks and token.kind is not Kind.BLANK:
            joined.marks.setdefault(token.line, []).extend(body.marks.pop(token.line))
    end_paragraph()
    return joined


def read_page_body(state: WikiState) -> WikiState:
    """The ``body`` pass: the tokens of the page after its title, and their note marks."""
    assert state.code is not None and state.reader is not None  # the parse pass ran
    body = read_body(state.code, 0, state.reader, state.source.path, state.headers, state.start)
    tokens = tuple(body.tokens)
    return replace(
        state, tokens=tokens, body=tokens, marks=body.marks, notes=tuple(state.reader.notes.found)
    )
