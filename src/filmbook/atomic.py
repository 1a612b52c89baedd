"""Turn bytes into files that appear whole or not at all, and read files that may not be files.

``write_atomic`` writes to a temporary file in the same folder and renames it over the
old one; ``remove_stale_temporaries`` clears what a killed build left behind;
``read_regular`` reads a file filmbook wrote without ever blocking on a pipe or reading
a device that someone put in its place.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from stat import S_ISREG

from filmbook.errors import OutputError

STALE_TEMPORARY_SECONDS = 600
"""A temporary file of ``write_atomic`` older than this was left by a killed build."""
_TEMPORARY_SUFFIX = re.compile(r"^[a-z0-9_]{8}$")
"""What ``tempfile.mkstemp`` puts after the prefix: eight of these characters."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{path.parent}: cannot write there: {error.strerror}") from None
    temporary = _written_beside(path, data)
    try:
        temporary.replace(path)
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def write_new(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, whole or not at all, only if no file has that name:
    the file is written beside it and linked into place, which fails if one exists."""
    temporary = _written_beside(path, data)
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError(f"{path}: already exists; not overwritten") from None
    except OSError as error:
        raise OutputError(f"{path}: cannot write: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _written_beside(path: Path, data: bytes) -> Path:
    """A temporary file in ``path``'s folder (``.NAME.XXXXXXXX``) that holds ``data``,
    flushed to disk and readable by all; nothing is left behind if writing fails."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path.parent}: cannot write there: {error.strerror}") from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(0o644)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write: {error.strerror}") from None
        raise
    return temporary


def remove_stale_temporaries(path: Path, max_age: float = STALE_TEMPORARY_SECONDS) -> None:
    """Remove the temporary files of ``path`` that a killed build left behind.

    ``write_atomic`` removes its temporary file on any error, but a build killed with
    SIGKILL (or a machine that lost power) cannot: its ``.NAME.XXXXXXXX`` stays. They are
    removed before the next write of the same output. Only files with exactly the name
    ``mkstemp`` gives and older than ``max_age`` go: a concurrent build writes its
    temporary file in one go and renames it within moments, so a young one may still be
    in use; a file of the user's that merely starts with ``.NAME.`` is never touched.
    """
    prefix = f".{path.name}."
    cutoff = time.time() - max_age
    try:
        candidates = [
            entry
            for entry in path.parent.iterdir()
            if entry.name.startswith(prefix)
            and _TEMPORARY_SUFFIX.match(entry.name.removeprefix(prefix))
        ]
    except OSError:
        return  # no folder yet, or not readable: write_atomic says what is wrong
    for entry in candidates:
        try:
            info = entry.lstat()
            if S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                entry.unlink()
        except OSError:
            continue  # gone meanwhile (another build removed it) or not ours to remove


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Opened without blocking, so a pipe in its place never makes the build wait, and a
    device (``/dev/zero``) is never read. Raises ``OSError`` or ``ValueError``.
    """
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
        info = os.fstat(stream.fileno())
        if not S_ISREG(info.st_mode) or info.st_size > limit:
            raise ValueError(f"{path}: not a regular file of at most {limit} bytes")
        return stream.read(limit + 1)
