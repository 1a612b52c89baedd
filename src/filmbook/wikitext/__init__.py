"""Turn a ``SourceText`` of MediaWiki wikitext into an ``Article``.

The second reader of filmbook, beside the plain-text normaliser (``normalise/``), and
like it a fixed table of pure passes, ``PASSES``, each a ``WikiState`` → ``WikiState``
function. The passes of the plain-text normaliser that apply to any text are its own,
run on the tokens this reader makes, so both readers build blocks, check limits and set
type by the same rules::

    text         raw text      → clean numbered lines   (normalise/text.py)
    parse        lines         → wikicode               (parse.py: size, balance.py:
                                                         unclosed markup, mwparserfromhell)
    frontmatter  wikicode      → title, infobox         (frontmatter.py, infobox.py)
    body         wikicode      → tokens, note marks     (body.py, inline.py, templates.py,
                                                         tables.py, notes.py)
    repair       tokens        → tokens                 (normalise/repair.py: gaps)
    limits       everything    → an error or nothing    (normalise/limits.py)
    sections     tokens        → lead, section tree     (normalise/sections.py)
    notes        tree          → tree with note marks   (marks.py)
    apparatus    tree          → tree                   (apparatus.py: empty References)
    typography   title … tree  → the same, typeset      (normalise/typography.py)

A page of an XML export starts on a later line of its file: the passes count lines
from its first, and its diagnostics, errors and nodes are moved to the file's lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from filmbook.errors import InputError
from filmbook.model import Article
from filmbook.normalise.limits import check_limits
from filmbook.normalise.repair import repair_text
from filmbook.normalise.report import Report
from filmbook.normalise.sections import read_sections
from filmbook.normalise.state import State
from filmbook.normalise.text import clean
from filmbook.normalise.typography import typeset, typeset_article
from filmbook.source import SourceText
from filmbook.wikitext.apparatus import drop_apparatus
from filmbook.wikitext.body import read_page_body
from filmbook.wikitext.frontmatter import read_frontmatter
from filmbook.wikitext.marks import attach_marks
from filmbook.wikitext.parse import parse
from filmbook.wikitext.state import WikiPass, WikiState, shift_lines

__all__ = ["PASSES", "read_wikitext"]


def _reused(run: Callable[[State], State]) -> WikiPass:
    """A pass of the plain-text normaliser, run on the wikitext reader's state."""

    def wrapped(state: WikiState) -> WikiState:
        result = run(state)
        assert isinstance(result, WikiState)  # dataclasses.replace keeps the class
        return result

    wrapped.__doc__ = run.__doc__
    return wrapped


def _repair(state: WikiState) -> WikiState:
    """The ``repair`` pass's gaps and empty brackets (a wikitext lead keeps its subject)."""
    return replace(state, body=repair_text(state.body, state.report))


def _limits(state: WikiState) -> WikiState:
    """The ``limits`` pass over the body's tokens (the title was checked when read)."""
    check_limits(replace(state, title=None, tokens=state.body))
    return state


PASSES: tuple[tuple[str, WikiPass], ...] = (
    ("text", _reused(clean)),
    ("parse", parse),
    ("frontmatter", read_frontmatter),
    ("body", read_page_body),
    ("repair", _repair),
    ("limits", _limits),
    ("sections", _reused(read_sections)),
    ("notes", attach_marks),
    ("apparatus", drop_apparatus),
    ("typography", _reused(typeset_article)),
)
"""The wikitext reader's passes, by name, in the order they run."""


class _PageReport(Report):
    """A report whose lines are counted from a page's first line in its file."""

    def __init__(self, path: str, first_line: int) -> None:
        super().__init__(path)
        self.shift = first_line - 1

    def warn(self, line: int, message: str) -> None:
        """Record a problem on the page's ``line``, as the file's line."""
        super().warn(line + self.shift, message)


def read_wikitext(source: SourceText) -> Article:
    """Read wikitext ``source`` into an ``Article``; raise ``InputError`` for a source
    beyond the limits (``normalise/limits.py``) or with no title."""
    report = _PageReport(source.path, source.first_line)
    state = WikiState(source, report)
    try:
        for _name, run in PASSES:
            state = run(state)
    except InputError as error:
        if report.shift == 0:
            raise
        raise InputError(error.path, error.line + report.shift, error.message) from None
    assert state.title is not None  # the frontmatter pass found one, or raised
    article = Article(
        source=source.path,
        line=state.title.line,
        title=typeset(state.title.text),
        disambiguator=state.title.disambiguator,
        infobox=state.infobox,
        lead=state.lead,
        sections=state.sections,
        notes=tuple(replace(note, text=typeset(note.text)) for note in state.notes),
        origin=source.origin,
    )
    article = shift_lines(article, report.shift) if report.shift else article
    return replace(article, diagnostics=report.finish())
