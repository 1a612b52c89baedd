"""Shared test set-up: the Hypothesis profiles and the first article.

The default profile keeps a whole test run short; ``FILMBOOK_FUZZ=long`` selects the
``long`` profile for a fuzzing session (``FILMBOOK_FUZZ=long .venv/bin/pytest
tests/test_properties.py``). Neither has a deadline: the time of one example depends on
the machine more than on the code.

``article`` and ``facts`` are the first article (``source/``) and its facts, read
once per session for every test module that renders it; ``press_facts`` its facts with
its sample press material (``source/all-of-us-strangers.toml``), as a build makes them.

Tests marked ``slow`` (huge sources through every output, a long fuzzing run) are skipped
unless pytest is given ``--slow`` (``./run.sh test --slow``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

from filmbook.build import find_sources, load
from filmbook.errors import InputError
from filmbook.material import read_material
from filmbook.model import Article
from filmbook.plan import Facts, make_facts
from filmbook.reader import Skipped, read_sources

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent

# The default run is the same examples every time, so CI is green or red for a change and
# not for a draw; the long fuzzing session (FILMBOOK_FUZZ=long) explores new ones.
settings.register_profile(
    "default",
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long", parent=settings.get_profile("default"), max_examples=20_000, derandomize=False
)
settings.load_profile("long" if os.environ.get("FILMBOOK_FUZZ") == "long" else "default")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--slow`` also runs the tests marked ``slow`` (huge sources, long fuzzing)."""
    parser.addoption(
        "--slow",
        action="store_true",
        help="also run the slow tests: huge sources through every output, long fuzzing",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the tests marked ``slow`` unless ``--slow``; keep each ``xdist_group`` on one
    worker (after xdist's own hook, hence last)."""
    if not config.getoption("--slow"):
        skip = pytest.mark.skip(reason="slow: run with --slow")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(skip)
    _keep_groups_together(config, items)


def _keep_groups_together(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep each ``xdist_group`` on one worker under pytest 9, as ``--dist loadgroup`` means.

    pytest-xdist 3.8 marks a grouped test by appending ``@group`` to ``item._nodeid``,
    which pytest 9 no longer reads (the node id lives in ``item._id``): every group was
    spread over both workers, building its session fixtures (EPUBCheck's JVM, a browser,
    WeasyPrint's outputs) twice. Until xdist follows, the suffix is set where pytest reads
    it. Without xdist, or where pytest keeps the id elsewhere, nothing changes.
    """
    if not getattr(config.option, "loadgroup", False):  # what xdist sets in its workers
        return
    try:
        from _pytest.nodes import coerce_node_id  # type: ignore[attr-defined]
    except ImportError:
        return
    for item in items:
        groups = sorted(
            {
                str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                for mark in item.iter_markers("xdist_group")
            }
        )
        if groups and hasattr(item, "_id") and "@" not in item.nodeid:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(groups)}")


@pytest.fixture(scope="session")
def article() -> Article:
    """The first article, as the project keeps it in ``source/``."""
    return load(find_sources([str(ROOT / "source")]))[0]


@pytest.fixture(scope="session")
def facts(article: Article) -> Facts:
    """The first article's facts, as every output shows them."""
    return make_facts(article)


@pytest.fixture(scope="session")
def press_facts(article: Article) -> Facts:
    """The first article's facts with its press material, as ``filmbook build`` has them."""
    source = next(iter(read_sources(ROOT / "source" / "all-of-us-strangers.txt")))
    assert not isinstance(source, (InputError, Skipped))
    return make_facts(article, read_material(source))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser of its own), for
    every test of the session that opens a page: the EPUB on a phone, the live preview.
    One per process: Playwright's sync API cannot run twice at once in one process."""
    from playwright.sync_api import sync_playwright

    from client_books import CHROMIUM

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/setup-system.sh installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()
