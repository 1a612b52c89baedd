"""Turn the traces of dropped templates back into readable text.

- A lead whose first paragraph starts with a space lost its bold subject: the title is
  put back (``The Discarnates is a 1988 …``).
- An empty ``()`` where a native title was dropped is removed (``Parasite () is`` →
  ``Parasite is``).
- A stray space before punctuation where an inline template was dropped is collapsed
  (``It stars , and`` → ``It stars, and``), and so is the second space of a gap between
  words (``a rating of  based on`` → ``a rating of based on``); the words stay. Two
  spaces after the end of a sentence are a typing habit: collapsed without a warning.
Each repair is reported with its line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.report import Report

if TYPE_CHECKING:
    from filmbook.normalise.state import State

# Only a `()` that stands alone, as a dropped native title leaves it (`Parasite () is`):
# one against a word (`f()`, `f()g`) is the source's text, and removing it could join words.
# The spaces before it are matched from their start only: trying from every space of a
# long run would take quadratic time.
_EMPTY_PARENS = re.compile(r"(?:^|(?<!\s)\s+)\(\s*[,;]?\s*\)(?=[\s,.;:!?)\]]|$)")
_GAP = re.compile(r"(?<=\S) +(?=[,.;:!?)](?:\s|$))|(?<=\() +")
_SPACES = re.compile(r"(?<=\S)[^\S\n]{2,}(?=\S)")  # any spaces, no-break and ideographic too
_SENTENCE_END = ".!?:"


def repair(state: State) -> State:
    """The ``repair`` pass: the body with the traces of dropped templates repaired."""
    assert state.title is not None  # the frontmatter pass read it, or raised
    body = restore_subject(state.body, state.title.text, state.report)
    return replace(state, body=repair_text(body, state.report))


def restore_subject(tokens: tuple[Token, ...], title: str, report: Report) -> tuple[Token, ...]:
    """Put the title back in front of a lead paragraph that starts with a space."""
    for index, token in enumerate(tokens):
        if token.kind is Kind.BLANK:
            continue
        if token.kind is not Kind.TEXT or not token.indented:
            return tokens
        report.warn(token.line, f"the lead lost its subject: restored as {title!r}")
        restored = Token(Kind.TEXT, token.line, f"{title} {token.text}")
        return (*tokens[:index], restored, *tokens[index + 1 :])
    return tokens


def repair_text(tokens: tuple[Token, ...], report: Report) -> tuple[Token, ...]:
    """Remove empty brackets and stray spaces left where templates were dropped."""
    return tuple(_repair(token, report) for token in tokens)


def _repair(token: Token, report: Report) -> Token:
    if token.kind not in (Kind.TEXT, Kind.ITEM, Kind.TERM):
        return token
    text = _EMPTY_PARENS.sub("", token.text).strip()
    if text != token.text:
        report.warn(token.line, "removed an empty '()' left by a dropped native title")
    gapless = _GAP.sub("", text)
    if gapless != text:
        report.warn(token.line, "a gap before punctuation: an inline template was dropped here")
    if any(gap.string[gap.start() - 1] not in _SENTENCE_END for gap in _SPACES.finditer(gapless)):
        report.warn(token.line, "a gap between words: an inline template was dropped here")
    gapless = _SPACES.sub(lambda gap: gap[0][0], gapless)  # its first space: a no-break stays
    if gapless == token.text:
        return token
    return Token(token.kind, token.line, gapless, token.level, token.indented)
