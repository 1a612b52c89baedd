"""Turn a press-material TOML file into ``PressMaterial``.

A source's press material is the TOML file beside it with its name: ``source/x.txt`` →
``source/x.toml`` (the same for ``.wiki``, ``.wikitext`` and ``.xml``). Without one a
source has no material; that is no error. Reading is two steps:

- ``load_material`` (on the machine that runs the command) reads the TOML file and the
  image files it names, as bytes (``MaterialFiles``, carried by the ``SourceText``, so a
  cluster's worker needs nothing from this machine's disk). An image is named by a path
  relative to the TOML file's folder, inside it: an absolute path, or one that leads
  out of the folder (``..``, or a link to elsewhere), is refused.
- ``read_material`` (pure: no I/O) checks every key and value, typesets the prose and
  normalises each image (``images.py``) into ``PressMaterial``.

An XML export of several pages has one press-material file: each page's material is
under ``[pages."Page title"]`` (the same keys), and a page without a table has none.

Every problem — a TOML syntax error, an unknown key or table, a value of the wrong type,
a bad date, e-mail address or address, an image missing, refused or broken — is one
``InputError`` naming the TOML file and the line of the key (``docs/press-material.md``).
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, NoReturn

from filmbook.errors import InputError
from filmbook.images import MAX_BYTES, ImageError, normalise
from filmbook.model import (
    Contact,
    Handle,
    InfoboxField,
    Picture,
    Poster,
    PressMaterial,
    Release,
    Role,
    Selection,
    Still,
)
from filmbook.normalise.frontmatter import ROLES
from filmbook.normalise.typography import typeset
from filmbook.plan.attribution import LICENCES, NO_LICENCE
from filmbook.source import MaterialFiles, SourceText, open_source
from filmbook.tomllines import Path as KeyPath
from filmbook.tomllines import key_lines, line_of

SUFFIX = ".toml"
MAX_TOML_BYTES = 256 * 1024
"""A press-material file larger than this (256 KiB, a hundred pages of statement) is
refused."""
MAX_TEXT = 20_000
"""The longest text a field may hold, in characters (a director's statement of some
3,000 words)."""
MAX_ITEMS = 100
"""The most entries a list (stills, contacts, release dates, festivals) may have."""
PAGES = "pages"
_SYNTAX = re.compile(r"^(?P<message>.*?) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_EMAIL = re.compile(
    r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)
_PHONE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_NOT_FACTS = frozenset({Role.TITLE, Role.FILM, Role.IMAGE, Role.WIDTH, Role.SWITCH})
"""Roles of infobox keys that are no key fact a press-material file may set."""


def material_path(source: Path) -> Path:
    """The press-material file of ``source``: ``source/x.txt`` → ``source/x.toml``."""
    return source.with_suffix(SUFFIX)


# --- step 1: the files, as bytes -------------------------------------------------------


def load_material(source: Path, *, export: bool = False) -> MaterialFiles | None:
    """The press-material file beside ``source`` and the images it names, as bytes;
    None when there is none. Raise ``InputError`` for a file that cannot be read or
    parsed as TOML, for an image that cannot be read (at the line naming it), and for
    an ``export``'s file with material outside ``[pages."Title"]``."""
    path = material_path(source)
    if not path.exists():
        return None
    name = str(path)
    with open_source(path) as stream:
        try:
            data = stream.read(MAX_TOML_BYTES + 1)
        except OSError as error:
            raise InputError(name, 0, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_TOML_BYTES:
        raise InputError(name, 0, f"larger than {MAX_TOML_BYTES // 1024} KiB")
    table, lines = _parse(name, data)
    if export:
        _check_export(name, table, lines)
    images = {
        written: _read_image(name, path.parent, written, line_of(lines, at))
        for at, written in _image_paths(table)
    }
    return MaterialFiles(name, data, tuple(images.items()))


def _parse(name: str, data: bytes) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """The TOML table of ``data`` and the lines of its keys."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(name, line, "not UTF-8; save it as UTF-8") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _SYNTAX.match(str(error))
        if found is None:  # "(at end of document)"
            message = str(error).replace(" (at end of document)", "")
            line = text.count("\n") + (0 if text.endswith("\n") else 1)
            raise InputError(name, max(1, line), f"not valid TOML: {message}") from None
        where = f"{found['message']} (column {found['column']})"
        raise InputError(name, int(found["line"]), f"not valid TOML: {where}") from None
    return table, key_lines(text)


def _image_paths(value: object, at: KeyPath = ()) -> Iterator[tuple[KeyPath, str]]:
    """Every ``image = "…"`` string of the table, wherever it is, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "image" and isinstance(item, str):
                yield (*at, key), item
            else:
                yield from _image_paths(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _image_paths(item, (*at, index))


def _read_image(name: str, folder: Path, written: str, line: int) -> bytes:
    """The bytes of the image the TOML file ``name`` names ``written`` on ``line``."""
    if not written.strip():
        raise InputError(name, line, "image: an empty path")
    if not written.isprintable():
        raise InputError(name, line, f"image {written!r}: a control character in the path")
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).is_absolute():
        raise InputError(
            name,
            line,
            f"image {written!r}: an absolute path; name it relative to {Path(name).name}",
        )
    path = folder / written
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if not inside:
        raise InputError(name, line, f"image {written!r}: outside the folder of {Path(name).name}")
    try:
        with open_source(path) as stream:
            data = stream.read(MAX_BYTES + 1)
    except InputError as error:
        raise InputError(name, line, f"image {written!r}: {error.message}") from None
    except OSError as error:
        raise InputError(name, line, f"image {written!r}: cannot read: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise InputError(
            name, line, f"image {written!r}: larger than {MAX_BYTES // (1024 * 1024)} MiB"
        )
    return data


# --- step 2: the material, checked --------------------------------------------------------


def read_material(source: SourceText) -> PressMaterial | None:
    """The press material of ``source``, checked, its prose typeset and its images
    normalised; None when it has none. Raise ``InputError`` at the line of the key."""
    files = source.material
    if files is None:
        return None
    table, lines = _parse(files.path, files.data)
    checker = _Checker(files.path, lines, dict(files.images))
    if source.origin is None:
        return checker.material(table, ())
    at: KeyPath = (PAGES, source.origin.page)
    page = checker.table(table.get(PAGES, {}), (PAGES,)).get(source.origin.page)
    return None if page is None else checker.material(checker.table(page, at), at)


def _check_export(name: str, table: dict[str, Any], lines: dict[KeyPath, int]) -> None:
    """An export's press material is under ``[pages."Title"]``: refuse anything else."""
    top = [key for key in table if key != PAGES]
    if top:
        key = min(top, key=lambda k: line_of(lines, (k,)))
        raise InputError(
            name,
            line_of(lines, (key,)),
            f"{key!r}: the press material of an XML export goes under "
            '[pages."Page title"], one table per page',
        )


class _Checker:
    """Checks values against the press-material file's keys, failing at their lines."""

    def __init__(self, path: str, lines: dict[KeyPath, int], images: dict[str, bytes]) -> None:
        self.path = path
        self.lines = lines
        self.images = images

    def fail(self, at: KeyPath, message: str) -> NoReturn:
        raise InputError(self.path, line_of(self.lines, at), message)

    # --- the file ---------------------------------------------------------------------

    def material(self, table: Mapping[str, Any], at: KeyPath) -> PressMaterial:
        self.keys(table, at, _TOP)
        director = self.table(table.get("director", {}), (*at, "director"))
        self.keys(director, (*at, "director"), {"statement", "biography"})
        attribution = self.table(table.get("attribution", {}), (*at, "attribution"))
        self.keys(attribution, (*at, "attribution"), {"licence", "source_url", "revision"})
        poster = table.get("poster")
        return PressMaterial(
            path=self.path,
            logline=self.optional(self.text, table, at, "logline"),
            statement=self.paragraphs(director.get("statement"), (*at, "director", "statement")),
            biography=self.paragraphs(director.get("biography"), (*at, "director", "biography")),
            poster=None if poster is None else self.poster(poster, (*at, "poster")),
            stills=tuple(self.each(table, at, "stills", self.still)),
            contacts=tuple(self.each(table, at, "contacts", self.contact)),
            sales=tuple(self.each(table, at, "sales", self.contact)),
            releases=self.releases(table, at),
            website=self.optional(self.url, table, at, "website"),
            social=self.social(table.get("social", {}), (*at, "social")),
            selections=tuple(self.each(table, at, "festivals", self.selection)),
            laurels=self.boolean(table.get("laurels", True), (*at, "laurels")),
            licence=self.optional(self.licence, attribution, (*at, "attribution"), "licence"),
            source_url=self.optional(self.url, attribution, (*at, "attribution"), "source_url"),
            revision=self.optional(self.revision, attribution, (*at, "attribution"), "revision"),
            facts=self.facts(table.get("facts", {}), (*at, "facts")),
        )

    # --- tables and lists ---------------------------------------------------------------

    def keys(
        self, table: Mapping[str, Any], at: KeyPath, allowed: Mapping[str, object] | set[str]
    ) -> None:
        """Fail on the first key of ``table`` (in the file's order) not in ``allowed``."""
        unknown = [key for key in table if key not in allowed]
        if unknown:
            key = min(unknown, key=lambda k: line_of(self.lines, (*at, k)))
            where = f" in [{_name(at)}]" if at else ""
            kind = "table" if isinstance(table[key], dict | list) else "key"
            self.fail(
                (*at, key),
                f"unknown {kind} {key!r}{where}: expected one of {', '.join(sorted(allowed))}",
            )

    def table(self, value: object, at: KeyPath) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(at, f"{_name(at)}: a table ([{_name(at)}]) expected, not {_kind(value)}")
        return value

    def each(
        self,
        table: Mapping[str, Any],
        at: KeyPath,
        key: str,
        make: Callable[[dict[str, Any], KeyPath], Any],
    ) -> Iterator[Any]:
        """Each entry of the array of tables ``[[key]]``, made by ``make``."""
        value = table.get(key, [])
        if not isinstance(value, list):
            self.fail(
                (*at, key), f"{key}: a list of tables ([[{key}]]) expected, not {_kind(value)}"
            )
        if len(value) > MAX_ITEMS:
            self.fail((*at, key, MAX_ITEMS), f"{key}: more than {MAX_ITEMS} entries")
        for index, item in enumerate(value):
            yield make(self.table(item, (*at, key, index)), (*at, key, index))

    # --- the parts ---------------------------------------------------------------------

    def poster(self, value: object, at: KeyPath) -> Poster:
        table = self.table(value, at)
        self.keys(table, at, {"image", "alt", "credit"})
        return Poster(
            line_of(self.lines, at),
            self.required(self.picture, table, at, "image"),
            alt=self.optional(self.text, table, at, "alt"),
            credit=self.optional(self.text, table, at, "credit"),
        )

    def still(self, table: dict[str, Any], at: KeyPath) -> Still:
        self.keys(table, at, {"image", "caption", "credit", "alt"})
        return Still(
            line_of(self.lines, at),
            self.required(self.picture, table, at, "image"),
            caption=self.optional(self.text, table, at, "caption"),
            credit=self.optional(self.text, table, at, "credit"),
            alt=self.optional(self.text, table, at, "alt"),
        )

    def contact(self, table: dict[str, Any], at: KeyPath) -> Contact:
        self.keys(table, at, {"name", "role", "company", "email", "phone"})
        return Contact(
            line_of(self.lines, at),
            self.required(self.text, table, at, "name"),
            role=self.optional(self.text, table, at, "role"),
            company=self.optional(self.text, table, at, "company"),
            email=self.optional(self.email, table, at, "email"),
            phone=self.optional(self.phone, table, at, "phone"),
        )

    def releases(self, table: Mapping[str, Any], at: KeyPath) -> tuple[Release, ...]:
        found: list[Release] = []
        for release in self.each(table, at, "releases", self.release):
            earlier = next(
                (
                    r
                    for r in found
                    if r.territory.casefold() == release.territory.casefold()
                    and r.note == release.note
                ),
                None,
            )
            if earlier is not None:
                self.fail(
                    (*at, "releases", len(found), "territory"),
                    f"releases: {release.territory!r} twice (first on line {earlier.line}); "
                    "a second date needs a note that tells them apart",
                )
            found.append(release)
        return tuple(found)

    def release(self, table: dict[str, Any], at: KeyPath) -> Release:
        self.keys(table, at, {"territory", "date", "note"})
        return Release(
            line_of(self.lines, at),
            self.required(self.text, table, at, "territory"),
            self.required(self.date, table, at, "date"),
            note=self.optional(self.text, table, at, "note"),
        )

    def selection(self, table: dict[str, Any], at: KeyPath) -> Selection:
        self.keys(table, at, {"festival", "year", "award", "won"})
        award = self.optional(self.text, table, at, "award")
        return Selection(
            line_of(self.lines, at),
            self.required(self.text, table, at, "festival"),
            year=self.optional(self.year, table, at, "year"),
            award=award or "Official Selection",
            won=self.boolean(table.get("won", False), (*at, "won")),
        )

    def social(self, value: object, at: KeyPath) -> tuple[Handle, ...]:
        table = self.table(value, at)
        return tuple(
            Handle(line_of(self.lines, (*at, network)), network, self.text(handle, (*at, network)))
            for network, handle in table.items()
        )

    def facts(self, value: object, at: KeyPath) -> tuple[InfoboxField, ...]:
        table = self.table(value, at)
        fields: list[InfoboxField] = []
        for key, item in table.items():
            role = ROLES.get(key.strip().lower(), Role.OTHER)
            if role in _NOT_FACTS or not key.strip():
                self.fail((*at, key), f"facts: {key!r} is not a key fact filmbook prints")
            values = item if isinstance(item, list) else [item]
            if not values:
                self.fail((*at, key), f"facts: {key!r} is an empty list")
            texts = tuple(self.text(v, (*at, key)) for v in values)
            fields.append(InfoboxField(line_of(self.lines, (*at, key)), key.strip(), role, texts))
        return tuple(fields)

    # --- values ---------------------------------------------------------------------------

    def required(
        self,
        check: Callable[[object, KeyPath], Any],
        table: Mapping[str, Any],
        at: KeyPath,
        key: str,
    ) -> Any:
        if key not in table:
            self.fail(at, f"[{_name(at)}]: {key!r} is missing")
        return check(table[key], (*at, key))

    def optional(
        self,
        check: Callable[[object, KeyPath], Any],
        table: Mapping[str, Any],
        at: KeyPath,
        key: str,
    ) -> Any:
        return check(table[key], (*at, key)) if key in table else None

    def string(self, value: object, at: KeyPath) -> str:
        """``value`` if it is text, not empty and not too long."""
        if not isinstance(value, str):
            self.fail(at, f"{_name(at)}: text expected, not {_kind(value)}")
        if not value.strip():
            self.fail(at, f"{_name(at)}: empty text")
        if len(value) > MAX_TEXT:
            self.fail(at, f"{_name(at)}: longer than {MAX_TEXT:,} characters")
        return value

    def text(self, value: object, at: KeyPath) -> str:
        """``value`` as one line of text, typeset for print."""
        return typeset(" ".join(self.string(value, at).split()))

    def paragraphs(self, value: object, at: KeyPath) -> tuple[str, ...]:
        if value is None:
            return ()
        text = self.string(value, at)
        return tuple(typeset(" ".join(p.split())) for p in re.split(r"\n\s*\n", text) if p.strip())

    def boolean(self, value: object, at: KeyPath) -> bool:
        if not isinstance(value, bool):
            self.fail(at, f"{_name(at)}: true or false expected, not {_kind(value)}")
        return value

    def year(self, value: object, at: KeyPath) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1870 <= value <= 2200:
            self.fail(at, f"{_name(at)}: a year (2023) expected, not {_kind(value)}")
        return value

    def date(self, value: object, at: KeyPath) -> datetime.date:
        if isinstance(value, datetime.datetime):
            self.fail(at, f"{_name(at)}: a date (2024-01-26) expected, not a date and time")
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                self.fail(at, f"{_name(at)}: {value!r} is not a date (2024-01-26)")
        self.fail(at, f"{_name(at)}: a date (2024-01-26) expected, not {_kind(value)}")

    def email(self, value: object, at: KeyPath) -> str:
        text = self.text(value, at)
        if not _EMAIL.match(text):
            self.fail(at, f"{_name(at)}: {text!r} is not an e-mail address")
        return text

    def phone(self, value: object, at: KeyPath) -> str:
        text = self.text(value, at)
        if not _PHONE.match(text) or sum(c.isdigit() for c in text) < 3:
            self.fail(at, f"{_name(at)}: {text!r} is not a phone number (+44 20 7946 0000)")
        return text.replace(" ", "\u00a0")

    def url(self, value: object, at: KeyPath) -> str:
        if not isinstance(value, str) or not _URL.match(value.strip()):
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.fail(at, f"{_name(at)}: {shown} is not an http:// or https:// address")
        return value.strip()

    def licence(self, value: object, at: KeyPath) -> str:
        known = (*LICENCES, NO_LICENCE)
        if value not in known:
            shown = repr(value) if isinstance(value, str) else _kind(value)
            self.fail(at, f"{_name(at)}: {shown} is not one of {', '.join(known)}")
        return value

    def revision(self, value: object, at: KeyPath) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(value, at)

    def picture(self, value: object, at: KeyPath) -> Picture:
        written = self.string(value, at)
        data = self.images.get(written)
        if data is None:  # load_material read every image: a bug if it is missing
            raise AssertionError(f"image {written!r} was not read")
        try:
            image = normalise(data)
        except ImageError as error:
            self.fail(at, f"image {written!r}: {error}")
        line = line_of(self.lines, at)
        return Picture(line, written, image.data, image.media_type, image.width, image.height)


_TOP = {
    "logline",
    "director",
    "poster",
    "stills",
    "contacts",
    "sales",
    "releases",
    "website",
    "social",
    "festivals",
    "laurels",
    "attribution",
    "facts",
}
"""The keys and tables of a press-material file."""


def _name(at: KeyPath) -> str:
    """``("stills", 1, "image")`` → ``stills[2].image``, as the message names a key."""
    text = ""
    for part in at:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            shown = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"'
            text += f".{shown}" if text else shown
    return text


def _kind(value: object) -> str:
    """What a TOML value is, for a message."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return "a date"
    return type(value).__name__
