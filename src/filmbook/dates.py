"""Turn ``SOURCE_DATE_EPOCH`` into the build time that every output records.

Reproducible builds set it (seconds since 1970) so that two builds give the same bytes;
without it the build time is now. Both writers, PDF and EPUB, read it here. A worker on
a cluster builds with its client's value, not with whatever its own environment holds
(``source_date_epoch``).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime

from filmbook.errors import FilmbookError

_EPOCH: ContextVar[str] = ContextVar("source_date_epoch")
"""The ``SOURCE_DATE_EPOCH`` in force instead of the environment's, if set."""


@contextlib.contextmanager
def source_date_epoch(value: str | None) -> Iterator[None]:
    """Within the block, ``build_time`` reads ``value`` (None: now) instead of the
    environment: a cluster worker renders with the time its client asked for."""
    token = _EPOCH.set(value or "")
    try:
        yield
    finally:
        _EPOCH.reset(token)


def build_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` as a UTC time when it is set, else now (whole seconds)."""
    epoch = _EPOCH.get(os.environ.get("SOURCE_DATE_EPOCH", "")).strip()
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise FilmbookError(f"SOURCE_DATE_EPOCH: not a time in seconds: {epoch!r}") from None
