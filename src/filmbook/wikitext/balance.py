"""Turn wikitext with unclosed markup into wikitext whose markup is closed or gone.

mwparserfromhell tries every unclosed opener (``{{``, ``[[``, ``{|``, ``<ref>``, ``[http``)
as far as the end of the page before it gives up on it, so each one costs a pass over the
rest of the page: 6,000 unclosed ``{{a|`` took 28 s, a page of them hours. This pass
finds them first, in one linear scan with a stack, and blanks each with spaces (its
words stay, its line does not move), reporting it; what is left parses in linear time.

The scan follows MediaWiki closely enough for this: a closer closes the nearest opener of
its kind, and the openers above it on the stack are unclosed; comments, ``<nowiki>``,
``<pre>`` and ``<math>`` hide what is inside them.

A table left open at the end of the page (``{|`` or ``{{Awards table}}`` with no ``|}``)
is closed instead, as MediaWiki closes it, but at the end of its section: a ``|}`` goes
before the next heading or table. Its rows stay a table, and no ``||`` is left in the
text. The closer's line break is not counted as a line (``Balanced.added``), so no line
after it moves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmbook.normalise.report import Report
from filmbook.wikitext.lines import Lines

_RAW = frozenset({"nowiki", "pre", "math", "syntaxhighlight", "source", "score", "chem"})
"""Tags whose content is not wikitext: nothing inside them opens or closes anything."""
_VOID = frozenset({"br", "hr", "img", "wbr", "meta", "link", "references"})
"""Tags that never have a closing tag."""
_TOKEN = re.compile(
    r"(?P<comment><!--)"
    r"|(?P<open>\{\{|\[\[|^[ \t]*\{\||\[(?=(?:https?:|ftp:|mailto:)?//))"
    r"|(?P<close>\}\}|\]\]|^[ \t]*\|\}|\])"
    r"|<(?P<slash>/?)(?P<tag>[A-Za-z][\w-]*)(?=[\s/>])[^<>]*?(?P<self>/?)>",
    re.MULTILINE,
)
MAX_TEMPLATES = 30
"""Templates nested deeper than this are read as text: mwparserfromhell gives up some
thirty-odd deep and splits what is left at its ``|``, which would lose their words."""
_CLOSES = {"}}": "{{", "]]": "[[", "|}": "{|", "]": "["}
_NAMES = {"{{": "template", "[[": "link", "{|": "table", "[": "external link"}


_SECTION_END = re.compile(r"^(?:=+[^=\n].*=+|[ \t]*\{\|)[ \t]*$", re.MULTILINE)
"""Where a table left open ends: the next heading, or the next table."""
_ROW = re.compile(r"^[ \t]*[|!]", re.MULTILINE)


@dataclass(frozen=True)
class Balanced:
    """Text with its markup closed or gone. ``closed`` are the offsets (in the text as
    written) where a ``|}`` line was put to close a table left open."""

    text: str
    closed: tuple[int, ...] = ()

    @property
    def added(self) -> frozenset[int]:
        """The offsets of the line breaks the closers brought in: they are no lines."""
        return frozenset(at + len(_CLOSER) * k + 2 for k, at in enumerate(self.closed))

    def moved(self, offset: int) -> int:
        """Where ``offset`` of the text as written is in ``text``."""
        return offset + len(_CLOSER) * sum(1 for at in self.closed if at <= offset)


_CLOSER = "|}\n"


@dataclass(frozen=True)
class _Open:
    kind: str  # "{{", "[[", "{|", "[" or a tag's name
    start: int
    end: int
    deep: bool = False  # a template inside more than MAX_TEMPLATES others


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another (spans close inner first: the outer come later)."""
    kept: list[tuple[int, int]] = []
    for start, end in reversed(spans):
        if not kept or start < kept[-1][0]:
            kept.append((start, end))
    return kept


def close_markup(text: str, report: Report) -> Balanced:
    """``text`` with every table left open closed at the end of its section and every
    other unclosed opener blanked, each one reported on its line."""
    lowered = text.lower()
    stack: list[_Open] = []
    unclosed: list[_Open] = []
    templates = 0  # the `{{` on the stack
    deep: list[tuple[int, int]] = []  # the spans of templates nested too deep
    position = 0
    while True:
        found = _TOKEN.search(text, position)
        if found is None:
            break
        position = found.end()
        if found["comment"]:
            end = text.find("-->", position)
            if end < 0:
                unclosed.append(_Open("<!--", found.start(), found.end()))
                continue
            position = end + 3
        elif found["open"]:
            kind = found["open"].strip()
            if kind == "{{":
                templates += 1
            stack.append(_Open(kind, found.start(), found.end(), deep=templates > MAX_TEMPLATES))
        elif found["close"]:
            closed = _close(stack, unclosed, _CLOSES[found["close"].strip()])
            templates -= sum(opener.kind == "{{" for opener in closed)
            if closed and closed[0].deep and closed[0].kind == "{{":
                deep.append((closed[0].start, found.end()))
        else:
            name = found["tag"].lower()
            if found["self"] or name in _VOID:
                continue
            if found["slash"]:
                templates -= sum(opener.kind == "{{" for opener in _close(stack, unclosed, name))
            elif name in _RAW:
                end = lowered.find(f"</{name}", position)
                if end < 0:
                    unclosed.append(_Open(name, found.start(), found.end()))
                else:
                    position = end
            else:
                stack.append(_Open(name, found.start(), found.end()))
    tables = [opener for opener in stack if opener.kind == "{|" and _has_rows(text, opener)]
    unclosed += [opener for opener in stack if opener not in tables]
    if not unclosed and not tables and not deep:
        return Balanced(text)
    chars = list(text)
    lines = Lines(text)
    if deep:
        report.warn(
            lines.line(deep[0][0]),
            f"templates nested more than {MAX_TEMPLATES} deep: the deeper ones are read as text",
        )
    for start, end in _outermost(deep):
        for index in range(start, end):
            if chars[index] in "{}|":
                chars[index] = " "
    for opener in tables:
        report.warn(lines.line(opener.start), "an unclosed table: closed at the end of its section")
    for opener in sorted(unclosed, key=lambda o: o.start):
        what = _NAMES.get(opener.kind, f"<{opener.kind}>" if opener.kind != "<!--" else "comment")
        line = lines.line(opener.start)
        report.warn(line, f"an unclosed {what}: its markup is dropped, its words kept")
        for index in range(opener.start, opener.end):
            if chars[index] != "\n":
                chars[index] = " "
    text = "".join(chars)
    return _closed(text, tables) if tables else Balanced(text)


def _closed(text: str, tables: list[_Open]) -> Balanced:
    """``text`` with a ``|}`` line before the heading or table after each of ``tables``
    (or at its end)."""
    ends = sorted({_end_of_section(text, opener.end) for opener in tables})
    if ends[-1] == len(text) and not text.endswith("\n"):
        text += "\n"  # the closer's line is the page's last
        ends[-1] = len(text)
    pieces: list[str] = []
    done = 0
    for end in ends:
        pieces += [text[done:end], _CLOSER]
        done = end
    pieces.append(text[done:])
    return Balanced("".join(pieces), tuple(ends))


def _has_rows(text: str, opener: _Open) -> bool:
    """Whether the table ``opener`` opens has a row or a cell before its section ends:
    else it is no table, and its words are read as text."""
    end = _end_of_section(text, opener.end)
    return _ROW.search(text, opener.end, end) is not None


def _end_of_section(text: str, start: int) -> int:
    """The offset of the line that ends the section (or the table) ``start`` is in."""
    newline = text.find("\n", start)
    if newline < 0:
        return len(text)
    found = _SECTION_END.search(text, newline + 1)
    return found.start() if found else len(text)


def _close(stack: list[_Open], unclosed: list[_Open], kind: str) -> list[_Open]:
    """Close the nearest opener of ``kind``, and return it first, then the openers above
    it, which were never closed; nothing when no opener is of ``kind``."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].kind == kind:
            closed = stack[depth:]
            unclosed.extend(closed[1:])
            del stack[depth:]
            return closed
    return []
    # A closer with no opener (`]` in prose, a stray `}}`) is text: the parser keeps it.
