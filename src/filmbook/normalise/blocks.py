"""Turn the tokens of one section body into blocks.

Paragraphs, lists (nested by indentation), cast lists, award groups, definition terms and
tables. Which list is a cast list depends on the section it is in, so the headings of the
section and of the sections around it come along.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from filmbook.model import (
    Accolade,
    AwardGroup,
    Block,
    BulletList,
    CastList,
    CastMember,
    Ceremony,
    Definition,
    ListItem,
    Outcome,
    Paragraph,
)
from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.limits import last_break
from filmbook.normalise.report import Report
from filmbook.normalise.tables import read_table

MAX_PARAGRAPH_CHARACTERS = 50_000
"""A longer paragraph is printed as several, cut between sentences: WeasyPrint lays out a
paragraph in time that grows with the square of its length (one of a megabyte of quotes
took 100 s, as twenty of 50,000 characters 12 s). Real exports have lines of 26,000."""
_STOPS = (". ", "! ", "? ", ".” ", "!” ", "?” ")

_CAST_SECTION = re.compile(r"\b(cast|characters?|voices?|starring)\b", re.IGNORECASE)
_CAST_ENTRY = re.compile(r"^(?P<actor>.+?) as (?P<role>.+?)(?:: (?P<description>.*))?$")
# Only the two words the exports use: an outcome replaces its word in the model, so a
# "Winner:" read as Outcome.WON would print as "Won" and lose the source's word.
_OUTCOME = re.compile(r"^(?P<outcome>won|nominated)\b\s*[:–—-]?\s*(?P<rest>.*)$", re.IGNORECASE)
_RECIPIENT = re.compile(r"^(?P<category>.*\S)\s*\((?P<recipient>[^()]+)\)$")


def read_blocks(
    tokens: tuple[Token, ...], headings: tuple[str, ...], report: Report, award_tables: bool
) -> tuple[Block, ...]:
    """Read every block in ``tokens``, the body under ``headings`` (outermost first);
    ``award_tables`` goes to ``read_table``."""
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        kind = tokens[index].kind
        if kind is Kind.BLANK:
            index += 1
        elif kind is Kind.TEXT:
            index = _read_text(tokens, index, report, blocks)
        elif kind is Kind.ITEM:
            end = _items_end(tokens, index)
            blocks.append(_read_list(tokens[index:end], headings, report))
            index = end
        elif kind is Kind.ROW:
            end = _run_end(tokens, index, Kind.ROW)
            blocks.append(read_table(tokens[index:end], report, award_tables))
            index = end
        else:  # Kind.TERM
            end = _definition_end(tokens, index + 1)
            description = read_blocks(tokens[index + 1 : end], headings, report, award_tables)
            blocks.append(Definition(tokens[index].line, tokens[index].text, description))
            index = end
    return tuple(blocks)


_CLOSING = frozenset(",.;:!?)")


def _read_text(tokens: tuple[Token, ...], index: int, report: Report, blocks: list[Block]) -> int:
    end = _run_end(tokens, index, Kind.TEXT)
    after = _skip_blanks(tokens, end)
    if end - index == 1 and after < len(tokens) and _is_outcome_list(tokens, after):
        items_end = _items_end(tokens, after)
        name = tokens[index]
        items = tuple(token for token in tokens[after:items_end] if token.kind is Kind.ITEM)
        ceremony = _ceremony(name.line, name.text, items)
        blocks.append(AwardGroup(name.line, ceremony))
        return items_end
    lines = tokens[index:end]
    text, starts = _join(lines, report)
    if len(text) <= MAX_PARAGRAPH_CHARACTERS:
        blocks.append(Paragraph(lines[0].line, text))
        return end
    pieces = _pieces(text)
    report.warn(lines[0].line, f"a paragraph of {len(text):,} characters: printed as {len(pieces)}")
    for offset, piece in pieces:
        blocks.append(Paragraph(lines[bisect_right(starts, offset) - 1].line, piece))
    return end


def _join(lines: tuple[Token, ...], report: Report) -> tuple[str, list[int]]:
    """The lines of a paragraph as one text, a space between each two, and where each
    line starts in it.

    A line that starts with punctuation (``, the film was renamed``) follows an inline
    template the export dropped at the end of the line before: it is joined without the
    space, as the ``repair`` pass collapses such a gap within a line, and reported.
    """
    parts = [lines[0].text]
    starts = [0]
    end = len(lines[0].text)
    for token in lines[1:]:
        if token.text[:1] in _CLOSING:
            report.warn(token.line, "a gap before punctuation: an inline template was dropped here")
        elif parts[-1][-1:] != "(":
            parts.append(" ")
            end += 1
        starts.append(end)
        parts.append(token.text)
        end += len(token.text)
    return "".join(parts), starts


def _pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut into paragraphs of at most ``MAX_PARAGRAPH_CHARACTERS``, each with its
    offset: after a sentence in the second half of the stretch, else where a line may
    break, so that no word is cut."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > MAX_PARAGRAPH_CHARACTERS:
        end = start + MAX_PARAGRAPH_CHARACTERS
        sentence = max(
            text.rfind(mark, start + MAX_PARAGRAPH_CHARACTERS // 2, end) for mark in _STOPS
        )
        cut = sentence + 2 if sentence >= 0 else last_break(text, start, end)
        pieces.append((start, text[start:cut].strip()))
        start = cut
        while start < len(text) and text[start].isspace():
            start += 1
    pieces.append((start, text[start:]))
    return [(offset, piece) for offset, piece in pieces if piece]


def _run_end(tokens: tuple[Token, ...], index: int, kind: Kind) -> int:
    while index < len(tokens) and tokens[index].kind is kind:
        index += 1
    return index


def _skip_blanks(tokens: tuple[Token, ...], index: int) -> int:
    return _run_end(tokens, index, Kind.BLANK)


def _items_end(tokens: tuple[Token, ...], index: int) -> int:
    """Items separated by empty lines still form one list (the blanks are inside the run)."""
    end = index
    while end < len(tokens) and tokens[end].kind is Kind.ITEM:
        end += 1
        after = _skip_blanks(tokens, end)
        if after < len(tokens) and tokens[after].kind is Kind.ITEM:
            end = after
    return end


def _definition_end(tokens: tuple[Token, ...], index: int) -> int:
    while index < len(tokens) and tokens[index].kind not in (Kind.TERM, Kind.ROW):
        index += 1
    return index


def _is_outcome_list(tokens: tuple[Token, ...], index: int) -> bool:
    token = tokens[index]
    return token.kind is Kind.ITEM and bool(_OUTCOME.match(token.text))


@dataclass
class _Node:
    """A list item while its children are still being read."""

    token: Token
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> ListItem:
        children = tuple(child.freeze() for child in self.children)
        return ListItem(self.token.line, self.token.text, children)


def _nest(tokens: tuple[Token, ...], report: Report) -> tuple[ListItem, ...]:
    """Build the item tree; an indent that jumps is nested under the nearest open item.

    Its depth was checked by the ``limits`` pass (``limits.MAX_LIST_DEPTH``).
    """
    root: list[_Node] = []
    stack: list[tuple[int, list[_Node]]] = [(-1, root)]
    for token in tokens:
        level = token.level
        while stack[-1][0] >= level:
            stack.pop()
        if level > stack[-1][0] + 1:
            report.warn(token.line, "a list item indented deeper than the item above it")
        node = _Node(token)
        stack[-1][1].append(node)
        stack.append((level, node.children))
    return tuple(node.freeze() for node in root)


def _read_list(tokens: tuple[Token, ...], headings: tuple[str, ...], report: Report) -> Block:
    tokens = tuple(token for token in tokens if token.kind is Kind.ITEM)
    items = _nest(tokens, report)
    line = tokens[0].line
    if _is_outcome_list(tokens, 0):
        return AwardGroup(line, _ceremony(line, "", tokens))
    # A cast section may split its list into subsections (`=== Main ===`, `=== Voices ===`).
    if any(_CAST_SECTION.search(heading) for heading in headings):
        return CastList(line, tuple(_cast_member(item) for item in items))
    return BulletList(line, items)


def _cast_member(item: ListItem) -> CastMember:
    children = tuple(_cast_member(child) for child in item.children)
    found = _CAST_ENTRY.match(item.text)
    if found:
        return CastMember(item.line, found["actor"], found["role"], found["description"], children)
    actor, _, description = item.text.partition(": ")
    return CastMember(item.line, actor, None, description or None, children)


def _ceremony(line: int, name: str, items: tuple[Token, ...]) -> Ceremony:
    """Read ``- Won: Category (Recipient)`` items; a bare ``- Won:`` heads nested items."""
    accolades: list[Accolade] = []
    outcome: Outcome | None = None
    for index, token in enumerate(items):
        found = _OUTCOME.match(token.text)
        if found:
            outcome = _outcome(found["outcome"])
            text = found["rest"]
        elif token.level == 0:
            outcome, text = None, token.text
        else:
            text = token.text
        heads_nested = index + 1 < len(items) and items[index + 1].level > token.level
        # A bare `- Won:` with nothing under it (a cut export) still says something was won.
        if text or not heads_nested:
            accolades.append(_accolade(token.line, text, outcome))
    return Ceremony(line, name, None, tuple(accolades))


def _outcome(word: str) -> Outcome:
    return Outcome.WON if word.lower() == "won" else Outcome.NOMINATED


def _accolade(line: int, text: str, outcome: Outcome | None) -> Accolade:
    found = _RECIPIENT.match(text)
    if found:
        return Accolade(line, found["category"], found["recipient"].strip(), outcome)
    return Accolade(line, text, None, outcome)
