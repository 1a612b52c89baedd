"""Turn a ``SourceText`` into an ``Article``.

The normaliser is a fixed sequence of pure passes, each in its own module::

    text         raw text   → clean numbered lines   (BOM, line ends, control characters)
    lex          lines      → tokens                 (what each line is)
    limits       tokens     → an error or nothing    (too many lines or headings, too long)
    frontmatter  tokens     → title, infobox
    repair       tokens     → tokens                 (dropped subject, empty (), gaps)
    sections     tokens     → lead, section tree     (headings, level jumps)
    blocks       tokens     → blocks                 (paragraphs, lists, cast, awards, terms)
    tables       rows       → rebuilt table          (flattened rowspans)
    typography   Article    → Article                (quotes, dashes, non-breaking spaces)

Problems that do not stop the build are collected as diagnostics with their line and,
once the whole file is read, logged on the ``filmbook.normalise`` logger; nothing is
printed. A file refused for having no title logs nothing: its error says it all.
"""

from __future__ import annotations

from filmbook.model import Article
from filmbook.normalise.blocks import read_blocks
from filmbook.normalise.frontmatter import read_infobox, read_title
from filmbook.normalise.lex import tokenize
from filmbook.normalise.limits import check_infobox, check_lines, check_words
from filmbook.normalise.repair import repair_text, restore_subject
from filmbook.normalise.report import Report
from filmbook.normalise.sections import build_tree
from filmbook.normalise.text import clean_lines
from filmbook.normalise.typography import map_text, typeset
from filmbook.source import SourceText

__all__ = ["normalise"]


def normalise(source: SourceText) -> Article:
    """Read ``source`` into an ``Article``; raise ``InputError`` if it has no title, or
    a size beyond the limits of ``limits.py``."""
    report = Report(source.path)
    tokens = tokenize(clean_lines(source.text, report))
    check_lines(tokens, source.path)
    title, after_title = read_title(tokens, source.path)
    infobox, after_infobox = read_infobox(tokens, after_title, report)
    check_infobox(infobox, source.path)
    body = restore_subject(tokens[after_infobox:], title.text, report)
    body = repair_text(body, report)
    check_words(body, source.path)
    lead, sections = build_tree(body, read_blocks, report)
    typeset_parts = map_text((title.text, title.disambiguator, infobox, lead, sections), typeset)
    text, disambiguator, infobox, lead, sections = typeset_parts
    return Article(
        source=source.path,
        line=title.line,
        title=text,
        disambiguator=disambiguator,
        infobox=infobox,
        lead=lead,
        sections=sections,
        diagnostics=report.finish(),
    )
