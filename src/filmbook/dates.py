"""Turn ``SOURCE_DATE_EPOCH`` into the build time that every output records.

Reproducible builds set it (seconds since 1970) so that two builds give the same bytes;
without it the build time is now. Both writers, PDF and EPUB, read it here.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from filmbook.errors import FilmbookError


def build_time() -> datetime:
    """``SOURCE_DATE_EPOCH`` as a UTC time when it is set, else now (whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise FilmbookError(f"SOURCE_DATE_EPOCH: not a time in seconds: {epoch!r}") from None
