"""Turn the tokens after the infobox into the lead and a tree of sections."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from filmbook.model import Block, Section
from filmbook.normalise.blocks import read_blocks
from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.report import Report
from filmbook.normalise.tables import has_award_table

if TYPE_CHECKING:
    from filmbook.normalise.state import State


@dataclass
class _Open:
    """A section whose heading has been read and whose end has not."""

    token: Token
    source_level: int
    level: int
    body: list[Token] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


def read_sections(state: State) -> State:
    """The ``sections`` pass: the body as the lead and a tree of sections of blocks."""
    lead, sections = build_tree(state.body, state.report, has_award_table(state.body))
    return replace(state, lead=lead, sections=sections)


def build_tree(
    tokens: tuple[Token, ...], report: Report, award_tables: bool
) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    """Split ``tokens`` at headings and read each body into blocks (``blocks.py``);
    ``award_tables`` says some table of the article names its ceremonies' awards."""
    lead: list[Token] = []
    top: list[Section] = []
    stack: list[_Open] = []

    def close() -> None:
        done = stack.pop()
        headings = (*(open_.token.text for open_ in stack), done.token.text)
        section = Section(
            line=done.token.line,
            level=done.level,
            title=done.token.text,
            blocks=read_blocks(tuple(done.body), headings, report, award_tables),
            sections=tuple(done.children),
        )
        (stack[-1].children if stack else top).append(section)

    for token in tokens:
        if token.kind not in (Kind.HEADING, Kind.TITLE):
            (stack[-1].body if stack else lead).append(token)
            continue
        level = max(token.level, 2)
        if token.kind is Kind.TITLE:
            report.warn(token.line, "a second title line: read as a top-level heading")
        if not token.text:
            report.warn(token.line, "a heading with no text")
        while stack and stack[-1].source_level >= level:
            close()
        parent = stack[-1].source_level if stack else 1
        if level > parent + 1:
            report.warn(
                token.line,
                f"heading level jumps from {parent} to {level}: nested under the open level",
            )
        stack.append(_Open(token, level, stack[-1].level + 1 if stack else 2))
    while stack:
        close()
    return read_blocks(tuple(lead), (), report, award_tables), tuple(top)
