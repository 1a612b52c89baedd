"""Collect the diagnostics that the normaliser's passes raise, in source order."""

from __future__ import annotations

import logging

from filmbook.errors import printable
from filmbook.model import Diagnostic, Severity

logger = logging.getLogger("filmbook.normalise")


class Report:
    """The diagnostics of one source file, logged once the file is read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._found: list[Diagnostic] = []

    def warn(self, line: int, message: str) -> None:
        """Record a problem that did not stop the normaliser."""
        self._found.append(Diagnostic(line, message, Severity.WARNING))

    def finish(self) -> tuple[Diagnostic, ...]:
        """Log everything recorded and return it, sorted by line (stable for equal lines).

        Called only for a file that was read: a refused file's one line is its error, not
        the warnings raised before the normaliser gave up on it.
        """
        found = tuple(sorted(self._found, key=lambda d: d.line))
        for diagnostic in found:
            path = printable(self.path)
            logger.warning("%s:%d: warning: %s", path, diagnostic.line, diagnostic.message)
        return found
