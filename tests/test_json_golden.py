"""The JSON of the first article and of every format fixture, against the golden files.

A difference means the normaliser's output changed. If the change is deliberate, run
``./run.sh golden`` (``.venv/bin/python tests/regenerate_golden.py``) and read the diff of
``tests/golden/`` and ``tests/data/format/`` before committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from regenerate_golden import (
    EXPECTED_SUFFIXES,
    FORMAT_FIXTURES,
    ROOT,
    SEED,
    SEED_GOLDEN,
    expected_output,
    fixture_sources,
)

_HINT = "the output changed: if that was meant, run ./run.sh golden and review the diff"


def test_the_first_article_matches_its_golden_json() -> None:
    suffix, content = expected_output(SEED)
    assert suffix == ".json"
    assert content == SEED_GOLDEN.read_text(encoding="utf-8"), _HINT


def test_the_golden_json_does_not_depend_on_the_checkout() -> None:
    text = SEED_GOLDEN.read_text(encoding="utf-8")
    assert '"source": "source/all-of-us-strangers.txt"' in text
    assert str(ROOT) not in text


@pytest.mark.parametrize("source", fixture_sources(), ids=lambda path: path.stem)
def test_a_fixture_matches_its_expected_output(source: Path) -> None:
    suffix, content = expected_output(source)
    expected = source.with_suffix(suffix)
    assert expected.exists(), f"{expected.name} is missing: run ./run.sh golden"
    assert content == expected.read_text(encoding="utf-8"), _HINT
    other = {".json": ".error", ".error": ".json"}[suffix]
    assert not source.with_suffix(other).exists(), f"a stale {other} beside {source.name}"


def test_every_expected_output_has_its_source() -> None:
    for suffix in EXPECTED_SUFFIXES:
        for expected in FORMAT_FIXTURES.glob(f"*{suffix}"):
            assert expected.with_suffix(".txt").exists(), f"{expected.name} has no source"


def test_there_is_a_fixture_for_every_rule() -> None:
    assert len(fixture_sources()) >= 25
