"""Turn a path on disk into a ``SourceText``: read, check and decode it.

This is the only place that reads a source file. Everything that makes a file
unusable as a whole — missing, a folder, empty, too big, not UTF-8 — is an
``InputError`` naming the file and the line.
"""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from filmbook.errors import InputError
from filmbook.model import Origin

MAX_SOURCE_BYTES = 1024 * 1024
"""Sources larger than this (1 MiB, some seventy times a long article) are refused: a
megabyte of text takes WeasyPrint some 10 to 25 s depending on its words."""


@dataclass(frozen=True)
class MaterialFiles:
    """A source's press-material file (``<stem>.toml``) as read: its path and bytes,
    and the bytes of each image it names, by the path it names them with. They travel
    with the source, so a cluster's worker reads nothing from the client's disk."""

    path: str
    data: bytes
    images: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class SourceText:
    """A source file's name as the user gave it and its decoded text.

    ``wikitext`` tells MediaWiki markup from a plain-text export. A page of an XML export
    is one source of several in its file: ``first_line`` is the line of the file its text
    starts on, ``origin`` the page (its title, address and revision). ``material`` is
    the press-material file beside it, if any (``material.py`` reads and parses it).
    """

    path: str
    text: str
    wikitext: bool = False
    first_line: int = 1
    origin: Origin | None = None
    material: MaterialFiles | None = None

    @property
    def key(self) -> str:
        """What names this source among all others: its path, and its page's title."""
        return self.path if self.origin is None else f"{self.path}\x1f{self.origin.page}"


def read_source(path: Path | str) -> SourceText:
    """Read ``path`` and decode it as UTF-8 (a byte-order mark is allowed).

    Only a regular file is read. It is opened without blocking and checked once open, so
    a pipe (which would wait for a writer forever) or a device is refused, even one put
    in the file's place after it was listed.
    """
    name = str(path)
    with open_source(path) as stream:
        try:
            data = stream.read(MAX_SOURCE_BYTES + 1)
        except OSError as error:
            raise InputError(name, 0, f"cannot read: {error.strerror or error}") from None
    return decode(name, data)


def open_source(path: Path | str) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file, else raise ``InputError``."""
    name = str(path)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError(name, 0, "no such file") from None
    except IsADirectoryError:
        raise InputError(name, 0, "is a directory, not a source file") from None
    except OSError as error:
        raise InputError(name, 0, f"cannot read: {error.strerror or error}") from None
    stream = os.fdopen(descriptor, "rb")
    mode = os.fstat(descriptor).st_mode
    if stat.S_ISREG(mode):
        return stream
    stream.close()
    if stat.S_ISDIR(mode):
        raise InputError(name, 0, "is a directory, not a source file")
    raise InputError(name, 0, "not a regular file (a pipe, a device or a socket)")


def decode(name: str, data: bytes) -> SourceText:
    """Decode ``data`` as UTF-8, naming the line of the first byte that is not."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(name, 0, f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(name, 1, "is UTF-16; save it as UTF-8")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError(
            name,
            line,
            f"not UTF-8 (byte 0x{data[error.start]:02x} at column {column}); save it as UTF-8",
        ) from None
    if not text.strip():
        raise InputError(name, 1, "is empty")
    return SourceText(name, text)
