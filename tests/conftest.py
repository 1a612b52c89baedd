"""Shared test set-up: the Hypothesis profiles and the first article.

The default profile keeps a whole test run short; ``FILMBOOK_FUZZ=long`` selects the
``long`` profile for a fuzzing session (``FILMBOOK_FUZZ=long .venv/bin/pytest
tests/test_properties.py``). Neither has a deadline: the time of one example depends on
the machine more than on the code.

``article`` and ``facts`` are the first article (``source/``) and its facts, read
once per session for every test module that renders it.

Tests marked ``slow`` (huge sources through every output, a long fuzzing run) are skipped
unless pytest is given ``--slow`` (``./run.sh test --slow``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from filmbook.build import find_sources, load
from filmbook.model import Article
from filmbook.plan import Facts, make_facts

ROOT = Path(__file__).resolve().parent.parent

settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("long", parent=settings.get_profile("default"), max_examples=20_000)
settings.load_profile("long" if os.environ.get("FILMBOOK_FUZZ") == "long" else "default")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--slow`` also runs the tests marked ``slow`` (huge sources, long fuzzing)."""
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run the slow tests: huge sources through every output, long fuzzing",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked ``slow`` unless ``--slow`` was given."""
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def article() -> Article:
    """The first article, as the project keeps it in ``source/``."""
    return load(find_sources([str(ROOT / "source")]))[0]


@pytest.fixture(scope="session")
def facts(article: Article) -> Facts:
    """The first article's facts, as every output shows them."""
    return make_facts(article)
