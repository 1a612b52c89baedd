"""Turn a ``SourceText`` into an ``Article``.

The normaliser is a fixed table of pure passes, ``PASSES``, each in its own module and
each a ``State`` → ``State`` function (``state.py``); ``normalise`` runs them in order::

    text         raw text      → clean numbered lines   (BOM, line ends, control characters)
    lex          lines         → tokens                 (what each line is)
    frontmatter  tokens        → title, infobox, body
    repair       body          → body                   (dropped subject, empty (), gaps)
    limits       everything    → an error or nothing    (too many lines, too long, too deep)
    sections     body          → lead, section tree     (headings, level jumps), each body
                                                        read into blocks by blocks.py
                                                        (paragraphs, lists, cast, awards,
                                                        terms) and tables.py (flattened
                                                        rowspans rebuilt)
    typography   title … tree  → the same, typeset      (quotes, dashes, non-breaking spaces)

A new pass is a module of its own and one line of ``PASSES``.

Problems that do not stop the build are collected as diagnostics with their line and,
once the whole file is read, logged on the ``filmbook.normalise`` logger; nothing is
printed. A file refused for having no title logs nothing: its error says it all.
"""

from __future__ import annotations

from filmbook.model import Article
from filmbook.normalise.frontmatter import read_frontmatter
from filmbook.normalise.lex import lex
from filmbook.normalise.limits import check_limits
from filmbook.normalise.repair import repair
from filmbook.normalise.report import Report
from filmbook.normalise.sections import read_sections
from filmbook.normalise.state import Pass, State
from filmbook.normalise.text import clean
from filmbook.normalise.typography import typeset_article
from filmbook.source import SourceText

__all__ = ["PASSES", "normalise"]

PASSES: tuple[tuple[str, Pass], ...] = (
    ("text", clean),
    ("lex", lex),
    ("frontmatter", read_frontmatter),
    ("repair", repair),
    ("limits", check_limits),
    ("sections", read_sections),
    ("typography", typeset_article),
)
"""The normaliser's passes, by name, in the order they run."""


def normalise(source: SourceText) -> Article:
    """Read ``source`` into an ``Article``; raise ``InputError`` if it has no title, or
    a size beyond the limits of ``limits.py``."""
    state = State(source, Report(source.path))
    for _name, run in PASSES:
        state = run(state)
    assert state.title is not None  # the frontmatter pass read it, or raised
    return Article(
        source=source.path,
        line=state.title.line,
        title=state.title.text,
        disambiguator=state.title.disambiguator,
        infobox=state.infobox,
        lead=state.lead,
        sections=state.sections,
        diagnostics=state.report.finish(),
    )
