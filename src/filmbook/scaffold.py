"""Turn a source's articles into a commented press-material file: ``filmbook init``.

The file has every field of a press-material file (``docs/press-material.md``), filled
in with what the article says — its first sentence as the logline, the release dates of
its infobox, its runtime, countries and languages as key facts, the licence and the
page's address — and commented out where the article says nothing: the poster, the
stills, the contacts. The festivals of its accolades are listed, commented out, as
candidates for laurels. An export of several pages gets a ``[pages."Title"]`` table per
page. The text is checked to read back as press material before it is written, and an
existing file is never overwritten.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from filmbook.atomic import write_new
from filmbook.errors import FilmbookError, InputError
from filmbook.material import PAGES, material_path, read_material
from filmbook.model import Article, Role
from filmbook.plan.accolades import ceremonies
from filmbook.plan.attribution import DEFAULT_LICENCE
from filmbook.plan.laurels import Laurel, is_festival, laurels
from filmbook.plan.prose import logline
from filmbook.reader import read_article, read_sources
from filmbook.resources import TEMPLATES
from filmbook.source import MaterialFiles, SourceText

TEMPLATE = "init/material.toml"
_FACT_ROLES = (Role.RUNTIME, Role.COUNTRY, Role.LANGUAGE)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_RELEASE = re.compile(
    r"(?:(?P<day>\d{1,2}) (?P<month>[A-Za-z]+)|(?P<month2>[A-Za-z]+) (?P<day2>\d{1,2}),?)"
    r" (?P<year>\d{4})\s*\((?P<territory>[^()]+)\)"
)
"""A release date and where: ``26 January 2024 (United Kingdom)``, ``January 26, 2024
(United States)``, several to a value."""


@dataclass(frozen=True)
class ReleaseLine:
    """A release date the article's infobox gives, as the file writes it."""

    territory: str
    date: datetime.date
    note: str | None = None


@dataclass(frozen=True)
class Page:
    """What the file says of one article: ``prefix`` is ``pages."Title".`` for a page
    of an export, empty for a source of one article."""

    title: str
    prefix: str
    logline: str | None
    releases: tuple[ReleaseLine, ...]
    festivals: tuple[Laurel, ...]
    licence: str
    source_url: str | None
    revision: str | None
    facts: tuple[tuple[str, str | list[str]], ...]


def init(source: Path) -> Path:
    """Write the press-material file of ``source``; its path. Raise ``FilmbookError``
    when the source cannot be read or the file exists already."""
    path = material_path(source)
    if path.exists() or path.is_symlink():
        raise FilmbookError(f"{path}: already exists; filmbook init never overwrites it")
    sources = _articles(source)
    text = scaffold(str(source), sources)
    for read in sources:  # what init writes must read back without an error
        read_material(_with_material(read, str(path), text))
    write_new(path, text.encode())
    return path


def _articles(source: Path) -> list[SourceText]:
    """The sources of the file ``source``; the first that cannot be read raises."""
    found: list[SourceText] = []
    for read in read_sources(source):
        if isinstance(read, InputError):
            raise read
        if isinstance(read, SourceText):  # not an export's redirect (already reported)
            found.append(read)
    if not found:
        raise InputError(str(source), 0, "no article in it to write press material for")
    return found


def _with_material(source: SourceText, path: str, text: str) -> SourceText:
    return replace(source, material=MaterialFiles(path, text.encode()))


def scaffold(name: str, sources: Sequence[SourceText]) -> str:
    """The text of the press-material file for the articles of ``sources``."""
    export = any(source.origin is not None for source in sources)
    pages = [_page(read_article(source), export) for source in sources]
    return _template().render(source=name, pages=pages)


def _page(article: Article, export: bool) -> Page:
    origin = article.origin
    prefix = f"{PAGES}.{_toml(origin.page)}." if export and origin else ""
    infobox = article.infobox
    facts: list[tuple[str, str | list[str]]] = []
    for role in _FACT_ROLES:
        fields = [f for f in infobox.fields if f.role is role] if infobox else []
        if fields:
            values = [v for f in fields for v in f.values if v.strip()]
            if values:
                facts.append((fields[0].key, values[0] if len(values) == 1 else values))
    return Page(
        title=article.title,
        prefix=prefix,
        logline=logline(article.lead),
        releases=_releases(infobox.values(Role.RELEASED) if infobox else ()),
        festivals=laurels((), ceremonies(article)),
        licence=DEFAULT_LICENCE,
        source_url=origin.url if origin else None,
        revision=origin.revision if origin else None,
        facts=tuple(facts),
    )


def _releases(values: Sequence[str]) -> tuple[ReleaseLine, ...]:
    """The infobox's release dates that say a day and where (``26 January 2024 (United
    Kingdom)``); a festival screening is a note."""
    found: list[ReleaseLine] = []
    for match in (m for value in values for m in _RELEASE.finditer(" ".join(value.split()))):
        month = (match["month"] or match["month2"]).lower()
        day = int(match["day"] or match["day2"])
        if month not in _MONTHS:
            continue
        try:
            date = datetime.date(int(match["year"]), _MONTHS.index(month) + 1, day)
        except ValueError:
            continue
        where = match["territory"].strip()
        territory, note = ("World", where) if is_festival(where) else (where, None)
        if any(r.territory == territory and r.note == note for r in found):
            continue
        found.append(ReleaseLine(territory, date, note))
    return tuple(found)


@functools.cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # TOML, not markup: every value goes through the toml filter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["toml"] = _toml
    return env.get_template(TEMPLATE)


def _toml(value: object) -> str:
    """``value`` (text or a list of text) as a TOML string or array of strings: JSON's
    strings are TOML's, but for DEL, which TOML wants escaped. A no-break space is
    written as a space (the reader typesets the text again)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\x7f", "\\u007f").replace("\u00a0", " ")
