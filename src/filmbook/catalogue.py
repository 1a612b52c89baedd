"""Turn a catalogue file (TOML) into a ``CatalogueFile``: the book's names, its foreword,
its sections with their sources in order, and its options.

Every value is checked here, before any source is read: an unknown key, a value of the
wrong kind, a missing source or a source listed twice is an ``InputError`` naming the
catalogue's file and the line of the key. ``tomllib`` keeps no lines, so a key's line is
found in the text (``_Lines``), the first line that sets it within its table.

Paths in the file are relative to the file's folder. A film is printed once: a source
listed twice, in one section or in two, is an error naming both lines (a festival that
screens a film in two strands prints it in one and says so in its other section's
introduction).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmbook.errors import InputError
from filmbook.images import MAX_BYTES, ImageError, normalise
from filmbook.model import Picture
from filmbook.source import open_source

MAX_CATALOGUE_BYTES = 1 << 20
"""A catalogue file names its films: a megabyte is thousands of them."""
BOOK_KEYS = frozenset(
    {"title", "subtitle", "edition", "year", "editor", "foreword", "cover", "section", "options"}
)
SECTION_KEYS = frozenset({"title", "sources", "introduction"})
OPTION_KEYS = frozenset({"paper", "style", "templates"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp"})
_KEY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")
_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?")
_EMPHASIS = re.compile(r"\*([^*\n]+)\*|_([^_\n]+)_")


@dataclass(frozen=True)
class Run:
    """A piece of a foreword's paragraph, in italics (a film's title) or not."""

    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the foreword, or a heading (``# …``) when ``heading``."""

    runs: tuple[Run, ...]
    heading: bool = False


@dataclass(frozen=True)
class Listed:
    """A source as the catalogue lists it: its path and the line that names it."""

    path: Path
    line: int


@dataclass(frozen=True)
class Strand:
    """A section of the catalogue (a strand of the festival) and its films in order."""

    title: str
    sources: tuple[Listed, ...]
    introduction: tuple[Paragraph, ...] = ()
    line: int = 0
    ordered: bool = True
    """The films in the order listed; False: in title order (``filmbook book SOURCE...``)."""


@dataclass(frozen=True)
class CatalogueFile:
    """What a catalogue file says, checked: the names on the cover, the foreword, the
    sections, and the options (``paper``, ``style``, ``templates``)."""

    path: str
    title: str
    sections: tuple[Strand, ...]
    subtitle: str | None = None
    edition: str | None = None
    year: str | None = None
    editor: str | None = None
    foreword: tuple[Paragraph, ...] = ()
    cover: Picture | None = None
    """The cover image, read and normalised (``images.py``) as press material's are."""
    paper: str = "a4"
    style: Path | None = None
    templates: Path | None = None


def read_catalogue(path: Path) -> CatalogueFile:
    """The catalogue file at ``path``, checked; ``InputError`` with its line if it is not
    one."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(name, 0, f"cannot read the catalogue: {error.strerror}") from None
    if len(data) > MAX_CATALOGUE_BYTES:
        raise InputError(name, 0, "a catalogue larger than 1 MiB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(name, line, "not UTF-8 text") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_of_message(str(error))
        raise InputError(name, line, f"not TOML: {getattr(error, 'msg', error)}") from None
    return _catalogue(name, path.parent, table, _Lines(text))


def _line_of_message(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 0


class _Lines:
    """Where each key of the file is set: tables by name and order, keys within them."""

    def __init__(self, text: str) -> None:
        self.keys: list[tuple[str, int, int]] = []  # (key, line, table number)
        self.tables: list[tuple[str, int]] = [("", 0)]
        self.lines = list(enumerate(text.splitlines(), start=1))
        for number, line in self.lines:
            table = _TABLE.match(line)
            if table:
                self.tables.append((table.group(1), number))
                continue
            key = _KEY.match(line)
            if key:
                found = next(group for group in key.groups() if group is not None)
                self.keys.append((found, number, len(self.tables) - 1))

    def table(self, name: str, index: int = 0) -> int:
        """The line of the ``index``-th table ``name`` (``[[section]]``), or 0."""
        found = [line for table, line in self.tables if table == name]
        return found[index] if index < len(found) else 0

    def key(self, key: str, after: int = 0) -> int:
        """The line that sets ``key`` in the table that starts at line ``after``."""
        table = next((n for n, (_, line) in enumerate(self.tables) if line == after), 0)
        return next((line for k, line, t in self.keys if k == key and t == table), after)

    def value(self, key: str, value: str, after: int, earlier: int = 0) -> int:
        """The line of ``value`` in the list ``key`` of the table at ``after``; of its
        next appearance after the ``earlier`` ones, where the list names it again."""
        start = self.key(key, after)
        ends = [line for _, line in self.tables if line > start]
        end = ends[0] if ends else 1 << 30
        quoted = (f'"{value}"', f"'{value}'")
        found = [n for n, text in self.lines if start <= n < end and any(q in text for q in quoted)]
        return found[min(earlier, len(found) - 1)] if found else start


def _catalogue(name: str, folder: Path, table: Mapping[str, Any], lines: _Lines) -> CatalogueFile:
    _known(name, table, BOOK_KEYS, lines, 0)
    title = _text(name, table, "title", lines, 0, required=True)
    assert title is not None
    options = table.get("options", {})
    if not isinstance(options, dict):
        raise InputError(name, lines.key("options"), "options must be a table: [options]")
    at = lines.table("options")
    _known(name, options, OPTION_KEYS, lines, at)
    from filmbook.printing import PAPERS  # printing imports render, which imports the plan

    paper = _text(name, options, "paper", lines, at) or "a4"
    if paper not in PAPERS:
        raise InputError(name, lines.key("paper", at), f"paper is one of {', '.join(PAPERS)}")
    sections = _sections(name, folder, table.get("section"), lines)
    year = table.get("year")
    return CatalogueFile(
        path=name,
        title=title,
        sections=sections,
        subtitle=_text(name, table, "subtitle", lines, 0),
        edition=_text(name, table, "edition", lines, 0),
        year=str(year) if _integer(year) else _text(name, table, "year", lines, 0),
        editor=_text(name, table, "editor", lines, 0),
        foreword=markdown(_text(name, table, "foreword", lines, 0) or ""),
        cover=_cover(name, folder, table, lines),
        paper=paper,
        style=_file(name, folder, options, "style", lines, at, frozenset({".css"})),
        templates=_folder(name, folder, options, "templates", lines, at),
    )


def _sections(name: str, folder: Path, found: object, lines: _Lines) -> tuple[Strand, ...]:
    if not isinstance(found, list) or not found:
        raise InputError(name, 0, "a catalogue has sections: [[section]] with title and sources")
    strands: list[Strand] = []
    seen: dict[Path, int] = {}
    for index, section in enumerate(found):
        at = lines.table("section", index)
        if not isinstance(section, dict):
            raise InputError(name, at, "a section is a table: [[section]]")
        _known(name, section, SECTION_KEYS, lines, at)
        title = _text(name, section, "title", lines, at, required=True)
        assert title is not None
        sources = section.get("sources")
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise InputError(name, lines.key("sources", at) or at, "sources is a list of paths")
        listed: list[Listed] = []
        for number, source in enumerate(sources):
            line = lines.value("sources", source, at, sources[:number].count(source))
            path = _resolved(name, line, folder, source)
            if not path.is_file():
                raise InputError(name, line, f"no such source: {source}")
            if path in seen:
                raise InputError(
                    name,
                    line,
                    f"{source} is listed twice (first on line {seen[path]}): "
                    "a film is printed once",
                )
            seen[path] = line
            listed.append(Listed(path, line))
        if not listed:
            raise InputError(name, at, f"the section {title!r} lists no source")
        introduction = markdown(_text(name, section, "introduction", lines, at) or "")
        strands.append(Strand(title, tuple(listed), introduction, at))
    return tuple(strands)


def _known(
    name: str, table: Mapping[str, Any], keys: frozenset[str], lines: _Lines, at: int
) -> None:
    for key in table:
        if key not in keys:
            known = ", ".join(sorted(keys))
            raise InputError(name, lines.key(key, at), f"unknown key {key!r} (known: {known})")


def _text(
    name: str, table: Mapping[str, Any], key: str, lines: _Lines, at: int, *, required: bool = False
) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise InputError(name, at, f"{key} is missing")
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise InputError(name, lines.key(key, at), f"{key} is a text")
    return value.strip() or None


def _file(
    name: str,
    folder: Path,
    table: Mapping[str, Any],
    key: str,
    lines: _Lines,
    at: int,
    suffixes: frozenset[str],
) -> Path | None:
    value = _text(name, table, key, lines, at)
    if value is None:
        return None
    path = _resolved(name, lines.key(key, at), folder, value)
    if path.suffix.lower() not in suffixes:
        raise InputError(name, lines.key(key, at), f"{key} is a {'/'.join(sorted(suffixes))} file")
    if not path.is_file():
        raise InputError(name, lines.key(key, at), f"no such file: {value}")
    return path


def _integer(value: object) -> bool:
    """Whether ``value`` is a TOML integer (``true`` is a bool to TOML, an int to Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _resolved(name: str, line: int, folder: Path, value: str) -> Path:
    """``value``, a path relative to the catalogue's folder, made absolute; refused on its
    line if no file could have that name (a control character, a NUL, too long)."""
    if not value.isprintable():
        raise InputError(name, line, f"{value!r}: a path with a control character in it")
    try:
        return (folder / value).resolve()
    except (OSError, ValueError) as error:
        raise InputError(name, line, f"{value!r}: not a usable path ({error})") from None


def _cover(name: str, folder: Path, table: Mapping[str, Any], lines: _Lines) -> Picture | None:
    """The cover image the catalogue names, normalised; refused on its line if broken."""
    path = _file(name, folder, table, "cover", lines, 0, IMAGE_SUFFIXES)
    if path is None:
        return None
    line = lines.key("cover", 0)
    try:
        with open_source(path) as stream:
            data = stream.read(MAX_BYTES + 1)
        found = normalise(data)
    except InputError as error:
        raise InputError(name, line, f"cover: {error.message}") from None
    except OSError as error:
        raise InputError(name, line, f"cover: cannot read: {error.strerror}") from None
    except ImageError as error:
        raise InputError(name, line, f"cover: {error}") from None
    return Picture(
        line, str(table["cover"]), found.data, found.media_type, found.width, found.height
    )


def _folder(
    name: str, folder: Path, table: Mapping[str, Any], key: str, lines: _Lines, at: int
) -> Path | None:
    value = _text(name, table, key, lines, at)
    if value is None:
        return None
    path = _resolved(name, lines.key(key, at), folder, value)
    if not path.is_dir():
        raise InputError(name, lines.key(key, at), f"no such folder: {value}")
    return path


def markdown(text: str) -> tuple[Paragraph, ...]:
    """The paragraphs of a foreword in a plain-text subset of Markdown: blank lines
    between paragraphs, ``# `` before a heading, ``*italics*`` or ``_italics_`` (a film's
    title). Anything else is text as written."""
    found: list[Paragraph] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = " ".join(line.strip() for line in block.splitlines()).strip()
        if not joined:
            continue
        heading = joined.startswith("#")
        found.append(Paragraph(_runs(joined.lstrip("#").strip() if heading else joined), heading))
    return tuple(found)


def _runs(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    last = 0
    for match in _EMPHASIS.finditer(text):
        if match.start() > last:
            runs.append(Run(text[last : match.start()]))
        runs.append(Run(match.group(1) or match.group(2), emphasis=True))
        last = match.end()
    if last < len(text):
        runs.append(Run(text[last:]))
    return tuple(runs)
