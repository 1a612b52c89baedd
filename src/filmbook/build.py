"""Turn source paths into outputs in the output folder, writing each one atomically.

This is the only module that writes into ``dist/``. It reads and checks every source
before it writes anything, and each file appears whole or not at all: it is written to a
temporary file in the same folder and renamed over the old one.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from filmbook.errors import FilmbookError, OutputError
from filmbook.model import Article
from filmbook.normalise import normalise
from filmbook.source import read_source

DEFAULT_SOURCE_DIR = Path("source")
MAX_SLUG_LENGTH = 80
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def find_sources(paths: Sequence[str]) -> list[Path]:
    """The source files named, with folders expanded to their ``*.txt``; default ``source/``."""
    if not paths:
        if not DEFAULT_SOURCE_DIR.is_dir():
            raise FilmbookError("no SOURCE given and no source/ folder here")
        paths = [str(DEFAULT_SOURCE_DIR)]
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            inside = sorted(path.glob("*.txt"))
            if not inside and name != str(DEFAULT_SOURCE_DIR):
                raise FilmbookError(f"{name}: a folder with no *.txt source in it")
            found.extend(inside)
        else:
            found.append(path)
    if not found:
        raise FilmbookError("no *.txt source in source/")
    return found


def load(paths: Iterable[Path]) -> list[Article]:
    """Read and normalise every source; the first bad one raises ``InputError``."""
    return [normalise(read_source(path)) for path in paths]


def slug(article: Article) -> str:
    """A file name for the article's outputs that is safe on every system.

    Made from the title and its disambiguator (``house-1977-film``): only ASCII letters,
    digits and hyphens, at most 80 characters, never a name Windows reserves. A title
    with no such letters (``キュア``) falls back to the source file's name.
    """
    for candidate in (f"{article.title} {article.disambiguator or ''}", Path(article.source).stem):
        cleaned = _slugify(candidate)
        if cleaned:
            return f"film-{cleaned}" if _WINDOWS_RESERVED.match(cleaned) else cleaned
    return "article"


def _slugify(text: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return cleaned[:MAX_SLUG_LENGTH].strip("-")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path.parent}: cannot write there: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write: {error.strerror}") from None
        raise
