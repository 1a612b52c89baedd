"""Turn filmbook.toml into default options: a team's settings, kept in its repository.

The project file is ``filmbook.toml`` in the current folder, or the file ``--config``
names. Its keys are the long names of the command-line options it sets, one per line::

    output-dir = "build/press"
    paper = "letter"
    print-marks = true
    pdf-variant = "pdf/ua-1"
    style = "look/house.css"
    templates = "look/templates"
    jobs = 4
    licence = "cc-by-sa-4.0"

Paths in it are relative to its own folder. An option given on the command line wins
over the file, the file over filmbook's defaults. A key filmbook does not know, a value of
the wrong type or out of range, or a path that is not there is one ``path:line: message``
error: ``tomllib`` gives no positions, so the line is found by looking for the key.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from filmbook.errors import InputError
from filmbook.plan.attribution import LICENCES, NO_LICENCE
from filmbook.printing import PAPERS, PDF_VARIANTS
from filmbook.tomllines import key_lines, line_of

PROJECT_FILE = Path("filmbook.toml")
PRINT_COMMANDS = frozenset({"pdf", "html", "build", "serve"})
"""The commands whose ``--style`` is a print stylesheet: a project's ``style`` is for the
PDFs and their preview, never the EPUB's (a print stylesheet would fight an e-reader)."""
MAX_SIZE = 1 << 20
_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$")


@dataclass(frozen=True)
class Setting:
    """One key of the project file: the option it stands for and what it may hold."""

    kind: type
    """What TOML must give: ``str``, ``bool`` or ``int``."""
    default: Callable[[], object]
    """filmbook's own default, when neither the command line nor the file says."""
    choices: tuple[str, ...] = ()
    """The values allowed, if only some are."""
    path: str = ""
    """``file`` or ``folder`` for a path relative to the project file, which must exist
    (``output-dir``, made by the build, is ``any``)."""
    commands: frozenset[str] | None = None
    """The commands the key applies to (None: every command with the option)."""


SETTINGS: dict[str, Setting] = {
    # Where the outputs are written (-o/--output-dir).
    "output-dir": Setting(str, lambda: Path("dist"), path="any"),
    # The paper size (--paper).
    "paper": Setting(str, lambda: "a4", choices=PAPERS),
    # A 3 mm bleed and crop marks for a print shop (--print-marks, --no-print-marks).
    "print-marks": Setting(bool, lambda: False),
    # A tagged, accessible PDF or an archival one (--pdf-variant).
    "pdf-variant": Setting(str, lambda: None, choices=PDF_VARIANTS),
    # The print stylesheet applied after filmbook's (--style of pdf, html, build, serve).
    "style": Setting(str, lambda: None, path="file", commands=PRINT_COMMANDS),
    # A folder of templates that override filmbook's (--templates).
    "templates": Setting(str, lambda: None, path="folder"),
    # Worker processes of pdf, html, epub and build, for two sources or more (-j/--jobs).
    "jobs": Setting(int, lambda: os.cpu_count() or 1),
    # The source text's licence, named in the source note (--licence); without it, each
    # film's press material's, else DEFAULT_LICENCE (plan/attribution.py).
    "licence": Setting(str, lambda: None, choices=(*LICENCES, NO_LICENCE)),
}
"""Every key of the project file, by the long name of its option (``--output-dir``)."""

CATALOGUE_KEYS = ("paper", "style", "templates")
"""What a catalogue file's ``[options]`` say for ``filmbook book`` instead of the project
file: left unset here, so the command line, then the catalogue, then filmbook decide."""


def read_project(path: Path | None) -> dict[str, object]:
    """The settings of the project file at ``path`` (default: ``filmbook.toml`` here, if
    there is one), by option name, with paths made relative to the current folder.

    Raises ``InputError`` (``path:line: message``) for a file that cannot be read, is not
    TOML, or holds a key, a value or a path filmbook cannot use.
    """
    if path is None:
        if not PROJECT_FILE.is_file():
            return {}
        path = PROJECT_FILE
    text = _read(path)
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _POSITION.search(message)
        line = int(found.group(1)) if found else text.count("\n") + 1
        raise InputError(str(path), line, f"not TOML: {_POSITION.sub('', message)}") from None
    return {key: _check(path, text, key, value) for key, value in table.items()}


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_SIZE:
            raise InputError(str(path), 0, "a project file larger than 1 MiB")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), 0, "no such project file") from None
    except IsADirectoryError:
        raise InputError(str(path), 0, "a folder, not a project file") from None
    except UnicodeDecodeError:
        raise InputError(str(path), 0, "not UTF-8 text") from None
    except OSError as error:
        raise InputError(str(path), 0, f"cannot read the project file: {error.strerror}") from None


def _check(path: Path, text: str, key: str, value: object) -> object:
    """``value`` of ``key`` as an option's value, or ``InputError`` on the key's line."""
    setting = SETTINGS.get(key)
    where = (str(path), key_line(text, key))
    if setting is None:
        close = difflib.get_close_matches(key, SETTINGS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"the keys are {', '.join(SETTINGS)}"
        raise InputError(*where, f"unknown key {key!r} ({hint})")
    # bool is an int to Python, never to TOML: `jobs = true` is wrong.
    if not isinstance(value, setting.kind) or (setting.kind is int and isinstance(value, bool)):
        kind = {str: "a string", bool: "true or false", int: "a whole number"}[setting.kind]
        raise InputError(*where, f"{key} must be {kind}, not {_toml_type(value)}")
    if setting.choices and value not in setting.choices:
        raise InputError(*where, f"{key} must be one of {', '.join(setting.choices)}: {value!r}")
    if setting.kind is int and isinstance(value, int) and value < 1:
        raise InputError(*where, f"{key} must be at least 1: {value}")
    if setting.path and isinstance(value, str):
        return _path(path, where, key, value, setting.path)
    return value


def _path(project: Path, where: tuple[str, int], key: str, value: str, kind: str) -> Path:
    if not value:
        raise InputError(*where, f"{key} must name a {kind if kind != 'any' else 'folder'}")
    found = project.parent / value
    if kind == "file" and not found.is_file():
        raise InputError(*where, f"{key}: no such file: {found}")
    if kind == "folder" and not found.is_dir():
        raise InputError(*where, f"{key}: no such folder: {found}")
    return found


def _toml_type(value: object) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}.get(
        type(value), "a date or time"
    )


def key_line(text: str, key: str) -> int:
    """The line where the top-level ``key`` is set in the TOML ``text`` (``key = …``,
    ``"key" = …``, ``key.sub = …``, or a ``[key]`` table), or 0 if none is found: the
    press material's scanner (``tomllines``), asked for a top-level path."""
    return line_of(key_lines(text), (key,))


def merge(args: argparse.Namespace, project: Mapping[str, object]) -> None:
    """Fill each option of ``args`` the command line left unset (None) from the project
    file, else from filmbook's default; an option the command lacks is left alone."""
    for key, setting in SETTINGS.items():
        dest = key.replace("-", "_")
        if getattr(args, dest, False) is not None:
            continue  # given on the command line, or not an option of this command
        if args.command == "book" and key in CATALOGUE_KEYS:
            continue
        applies = setting.commands is None or args.command in setting.commands
        value = project[key] if key in project and applies else setting.default()
        setattr(args, dest, value)
