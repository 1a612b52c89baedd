"""Collect the diagnostics that the normaliser's passes raise, in source order."""

from __future__ import annotations

import logging

from filmbook.model import Diagnostic, Severity

logger = logging.getLogger("filmbook.normalise")


class Report:
    """The diagnostics of one source file, logged as they are raised."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._found: list[Diagnostic] = []

    def warn(self, line: int, message: str) -> None:
        """Record a problem that did not stop the normaliser."""
        self._found.append(Diagnostic(line, message, Severity.WARNING))
        logger.warning("%s:%d: warning: %s", self.path, line, message)

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        """Everything recorded, sorted by line (stable for equal lines)."""
        return tuple(sorted(self._found, key=lambda d: d.line))
