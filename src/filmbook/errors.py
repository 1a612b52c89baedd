"""The one error family of filmbook: what a user can fix, reported in one line."""

from __future__ import annotations


class FilmbookError(Exception):
    """A problem the user can act on: the CLI prints it as one line, without a traceback."""


class InputError(FilmbookError):
    """A source file that cannot be read or understood, with where the problem is."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{printable(path)}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


class OutputError(FilmbookError):
    """An output that could not be written (a folder that is not writable, a full disk)."""


def printable(text: str) -> str:
    """``text`` with control and other unprintable characters escaped (``\\n``), so a file
    name holding a line break still makes one line of a message."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)
