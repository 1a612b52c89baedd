"""Count the words of a source and of what was made from it, to show that none was lost.

Import it from any test (``from wordcheck import ...``): it checks a source against its
``Article`` here, and against the text a PDF or an EPUB gives back in the render tests::

    missing = missing_words(source_words(source_text), words(text_extracted_from_pdf))
    assert not missing, missing

What a word is
--------------
A word is a run of ``\\w`` characters, counted after:

- NFKC normalisation, capitals, then case folding: text extracted from a PDF gives
  ligatures (``ﬁ``), and labels are set in capitals (``text-transform``, which makes
  ``I`` of a Turkish ``ı``); neither makes a different word;
- removing control characters that are not whitespace, format characters (soft hyphens,
  zero-width joiners, a byte-order mark), surrogates, noncharacters, and unassigned and
  private-use code points (no font draws them, and a PDF may drop them). The normaliser
  removes those control characters and noncharacters, which joins ``ab<NUL>cd`` into
  ``abcd``; a PDF or EPUB may drop the format characters. Removing all of them on both
  sides makes the same word of every spelling.

Punctuation is never part of a word, so the typography the normaliser adds (curly quotes
and apostrophes, dashes, non-breaking spaces) never makes a word differ: ``Yoshii's`` and
``Yoshii’s`` are both ``yoshii`` and ``s``.

What is markup, not content
---------------------------
The source's markup characters (``=`` of headings and the title, ``-`` of items, ``|`` of
table rows, ``;`` of terms, ``:`` of infobox fields) are not word characters, so they
count for nothing. The one markup *word* is an infobox header line that reads exactly
``Infobox`` (the template's name): it is left out of ``source_words``. Every other word of
that header line (the film's title, a person's name) is content and must be kept; the
outputs print a header line only when it names something other than the film
(``factsheet.subject_of``), so ``printed_words`` leaves out one that repeats the title.

Dates written out
-----------------
An infobox value that is an ISO date (``- Released: 2023-12-22``) is printed written out
(``22 December 2023``), the same in every output, and a picture's field (``- Image1: …``,
``- Alt1: …``) is not printed (the export has no picture), nor the template's settings
(``- Total Width: 280``, a yes/no switch such as ``- Film: y``: ``factsheet.NOT_FACTS``);
``printed_words`` counts the source's words as the outputs print them, to compare with an
output. Which lines are the infobox's fields, and their roles, it takes from the
normaliser: a line that merely looks like a field (after a line that is no header) is
printed as written. A date
anywhere else is printed as the source writes it, and the Article keeps every date as
written (``source_words``).

Structure that stands for a word
--------------------------------
The Article turns two source words into structure: the ``as`` of a cast entry
(``Andrew Scott as Adam`` → actor and role) and the outcome of an accolade (``- Won:`` →
``Outcome.WON``). ``article_words`` counts them as the words they stand for, so a
renderer must print them (``as``, ``Won``/``Nominated``) for its output to pass too.

Text from plain ``pdftotext`` may run two words together where a line ended in a
hyphen (``Jin-`` / ``won`` → ``Jinwon``): ``missing_words(..., joined=True)`` counts such a
word as the two it joins.

Counts are multisets: a word written five times in the source must appear at least five
times in the result. Extra words in the result (a restored subject, a spanned table cell
filled in again, a label a renderer adds) never count against it.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections import Counter
from typing import Any

from filmbook.errors import InputError
from filmbook.model import Article, CastMember, Outcome
from filmbook.normalise import normalise
from filmbook.plan import Facts
from filmbook.plan.factsheet import NOT_FACTS, subject_of
from filmbook.plan.text import format_date
from filmbook.source import SourceText

__all__ = [
    "article_words",
    "by_font",
    "missing_words",
    "printed_words",
    "source_words",
    "wiki_printed_words",
    "words",
]

_WORD = re.compile(r"\w+")
_LINE_END_HYPHEN = re.compile(r"(\w+)[-\u2010\u00ad][ \t]*\r?\n\s*(\w+)")
_SOURCE_LINE_END = re.compile(r"\r\n|\r|\n")
_INFOBOX_DATE = re.compile(r"((?:^-[^:]*:|,)\s*)(\d{4}-\d\d-\d\d)(?=\s*(?:,|$))")
"""An infobox value that is an ISO date, after its key or a comma."""
_NOT_CONTENT = frozenset({"source", "diagnostics", "origin", "languages"})
"""Article fields that are not the source's words: the file's path, the diagnostics, the
page an export names and the language tags of runs in other languages."""


def _is_removed(char: str) -> bool:
    if char.isspace():
        return False  # the normaliser turns a form feed or a vertical tab into a space
    code = ord(char)
    if (code & 0xFFFE) == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
        return True  # noncharacters
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Cn", "Co")


def _clean(text: str) -> str:
    if not all(char.isprintable() or char in "\t\n\r" for char in text):
        text = "".join(char for char in text if not _is_removed(char))
    capitals = unicodedata.normalize("NFKC", text).upper()
    return unicodedata.normalize("NFKC", capitals.casefold())


def words(text: str, *, line_end_hyphens: bool = False) -> Counter[str]:
    """The words of any plain text: a source, an Article's strings, a PDF's or EPUB's text.

    With ``line_end_hyphens``, a word broken at the end of a line (``inter-`` then
    ``national`` on the next line, as text extracted from a hyphenated PDF gives it) also
    counts as the joined word; its two halves still count, so a real hyphenated word
    broken at its own hyphen (``Levienaise-`` / ``Farrouch``) is not missed either.
    """
    counted = Counter(_WORD.findall(_clean(text)))
    if line_end_hyphens:
        for first, second in _LINE_END_HYPHEN.findall(text):
            counted.update(_WORD.findall(_clean(first + second)))
    return counted


def source_words(text: str) -> Counter[str]:
    """The words of a source file's text, without its ``Infobox`` header word."""
    return _source_words(text, printed=False)


def printed_words(text: str) -> Counter[str]:
    """The words of a source file's text as the outputs print them: its infobox dates
    written out, without the infobox fields no output prints (pictures, the template's
    settings) and without its header line unless that names a subject."""
    return _source_words(text, printed=True)


def _source_words(text: str, *, printed: bool) -> Counter[str]:
    lines = _SOURCE_LINE_END.split(text)
    content = [index for index, line in enumerate(lines) if _clean(line).strip()]
    article = _article(text) if printed else None
    if article is not None and article.infobox is not None:
        infobox = article.infobox
        for field in infobox.fields:
            index = field.line - 1
            shown = field.role not in NOT_FACTS
            lines[index] = _INFOBOX_DATE.sub(_written_date, lines[index]) if shown else ""
        if infobox.header and not subject_of(infobox, article.title, article.disambiguator):
            lines[infobox.line - 1] = ""  # the template's name, or the title once more
    # The header is the first line with content after the title line (the first one).
    if len(content) > 1 and _clean(lines[content[1]]).strip() == "infobox":
        del lines[content[1]]
    return words("\n".join(lines))


def _article(text: str) -> Article | None:
    """The article as the normaliser reads it, to tell which lines are the infobox's: its
    business (a header line, fields up to the first line that is none), and so are the
    fields' roles (``test_normalise.py`` checks both); the words stay the source's."""
    try:
        return normalise(SourceText("wordcheck.txt", text))
    except InputError:
        return None


def _written_date(found: re.Match[str]) -> str:
    return found.group(1) + format_date(found.group(2))


def article_words(article: Article) -> Counter[str]:
    """The words of every string in ``article``, and of the structure that stands for words."""
    counted: Counter[str] = Counter()
    _collect(article, counted)
    return counted


def material_words(facts: Facts) -> Counter[str]:
    """The words of the press material the press kit prints: the logline, the director's
    statement and biography, the credits and captions of the pictures (their ``alt``
    text is no printed word), every contact and sales agent, the release dates as written,
    the website and handles, and the laurels."""
    texts = [facts.logline or "", *facts.statement, *facts.biography, facts.website or ""]
    if facts.poster is not None:
        texts.append(facts.poster.credit or "")
    for still in facts.stills:
        texts += [still.caption or "", still.credit or ""]
    for person in (*facts.contacts, *facts.sales):
        texts += [person.name, person.role or "", person.company or "", person.email or ""]
        texts.append(person.phone or "")
    for release in facts.releases:
        texts += [release.territory, release.date, release.note or ""]
    texts += [f"{handle.network} {handle.handle}" for handle in facts.social]
    texts += [f"{laurel.festival} {laurel.year or ''} {laurel.label}" for laurel in facts.laurels]
    return sum((words(text) for text in texts), Counter())


def by_font(counted: Counter[str], embedded: frozenset[str]) -> Counter[str]:
    """The same words cut where a PDF's text may change font, to compare with a PDF.

    A PDF reader ends a word where the font changes, so ``AA준`` (Latin in filmbook's
    fonts, Hangul from a fallback font) may come back as ``AA`` and ``준``. Here a word
    keeps its runs of ``embedded`` characters (those every filmbook font draws) whole and
    counts every other character on its own; apply it to both sides. Nothing is excused
    but where a word is cut: every character must still be there, as often.
    """
    pieces: Counter[str] = Counter()
    for word, count in counted.items():
        run = ""
        for char in word:
            if char in embedded and all(upper in embedded for upper in char.upper()):
                run += char
                continue
            if run:
                pieces[run] += count
                run = ""
            pieces[char] += count
        if run:
            pieces[run] += count
    return pieces


def missing_words(
    expected: Counter[str], found: Counter[str], *, joined: bool = False
) -> Counter[str]:
    """The words of ``expected`` that ``found`` lacks, with how many of each are missing.

    With ``joined``, a word of ``found`` that is two missing words run together stands for
    them: plain ``pdftotext`` drops the hyphen that ends a line before a small letter, a
    compound's own hyphen too (``Han Jin-`` / ``won`` comes back as ``Han Jinwon``).
    """
    missing = expected - found
    if not joined:
        return missing
    for word, count in (found - expected).items():
        for cut in range(1, len(word)):
            first, second = word[:cut], word[cut:]
            times = min(count, missing[first], missing[second])
            if first == second:
                times = min(count, missing[first] // 2)
            if times:
                missing[first] -= times
                missing[second] -= times
                count -= times
    return +missing


def _collect(value: Any, counted: Counter[str]) -> None:
    if isinstance(value, str):
        counted.update(words(value))
    elif isinstance(value, Outcome):
        counted.update(words(value.value))
    elif isinstance(value, tuple):
        for item in value:
            _collect(item, counted)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, CastMember) and value.role is not None:
            counted["as"] += 1
        for field in dataclasses.fields(value):
            if field.name not in _NOT_CONTENT:
                _collect(getattr(value, field.name), counted)
    elif value is not None and not isinstance(value, int | enum.Enum):
        raise TypeError(f"article_words does not know {type(value).__name__}")


def wiki_printed_words(article: Article) -> Counter[str]:
    """The words of an article read from wikitext as the outputs print them: every word
    of the Article (its notes too) but its pictures' fields, a table's words once (a
    spanned cell is printed once, as its rowspan; its ceremonies are its rows again).
    The source's own words are checked against the Article by ``test_wikitext.py``."""
    infobox = article.infobox
    kept = (
        dataclasses.replace(
            infobox,
            header="",  # `Infobox`: the template's name, markup
            fields=tuple(f for f in infobox.fields if f.role not in NOT_FACTS),
        )
        if infobox
        else None
    )
    return article_words(_once(dataclasses.replace(article, infobox=kept, origin=None)))


def _once(value: Any) -> Any:
    """``value`` with each table's spanned cells and ceremonies left out."""
    from filmbook.model import Cell, CellOrigin, Row, Table

    if isinstance(value, Table):
        rows = tuple(
            Row(
                row.line,
                tuple(
                    c if c.origin is not CellOrigin.SPANNED else Cell(None, c.origin)
                    for c in row.cells
                ),
            )
            for row in value.rows
        )
        return dataclasses.replace(value, rows=rows, ceremonies=())
    if isinstance(value, tuple):
        return tuple(_once(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: _once(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value
