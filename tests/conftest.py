"""Shared test set-up: the Hypothesis profiles.

The default profile keeps a whole test run short; ``FILMBOOK_FUZZ=long`` selects the
``long`` profile for a fuzzing session (``FILMBOOK_FUZZ=long .venv/bin/pytest
tests/test_properties.py``). Neither has a deadline: the time of one example depends on
the machine more than on the code.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=20_000)
settings.load_profile("long" if os.environ.get("FILMBOOK_FUZZ") == "long" else "default")
