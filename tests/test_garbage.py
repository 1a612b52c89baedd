"""Tests for ``garbage.one_pass``: no garbage collection while a job is made, one pass
after it that frees the job's cycles and sets the survivors aside, and a pass over
everything every ``FULL_EVERY`` jobs; and that a build makes every job that way, in a
worker (``make_outputs``) and in the building process itself (``--jobs 1``)."""

from __future__ import annotations

import contextlib
import gc
import itertools
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from filmbook import build, garbage
from filmbook.build import Options, Target, plan, run
from filmbook.plan import Facts
from test_build import two_sources


class Node:
    """An object in a reference cycle: only the cyclic collector frees it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _collector() -> Iterator[None]:
    """Each test starts with the collector on, nothing set aside, a count of its own."""
    gc.enable()
    gc.unfreeze()
    yield
    gc.enable()
    gc.unfreeze()


def _cycle() -> weakref.ref[Node]:
    """A weak reference to a cycle nobody else holds."""
    return weakref.ref(Node())


def test_no_collection_during_the_block_and_one_after_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(garbage, "_jobs", itertools.count(1))
    with garbage.one_pass():
        assert not gc.isenabled()
        dead = _cycle()
        churn = [[] for _ in range(50_000)]  # would set off many automatic collections
        assert dead() is not None, "no collection while the job is made"
        kept = Node()
        del churn
    assert gc.isenabled()
    assert dead() is None, "the block's garbage cycle is freed after it"
    assert gc.get_freeze_count() > 0, "what survived is set aside"
    assert gc.is_tracked(kept)


def test_a_collector_turned_off_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(garbage, "_jobs", itertools.count(1))
    gc.disable()
    with garbage.one_pass():
        pass
    assert not gc.isenabled()


def test_every_few_jobs_a_pass_frees_what_was_set_aside_and_died_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(garbage, "FULL_EVERY", 3)
    monkeypatch.setattr(garbage, "_jobs", itertools.count(1))
    holder = [Node()]
    survivor = weakref.ref(holder[0])
    with garbage.one_pass():  # job 1: the node survives, and is set aside
        pass
    holder.clear()  # it dies in its cycle, set aside: no ordinary pass sees it
    with garbage.one_pass():  # job 2
        pass
    assert survivor() is not None
    with garbage.one_pass():  # job 3: a pass over everything
        pass
    assert survivor() is None


def test_between_the_outputs_of_a_job_the_collector_is_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--jobs 1`` writes each output as it is made: the writing, and a caller that
    stops midway, find the collector as they left it."""
    monkeypatch.setattr(garbage, "_jobs", itertools.count(1))
    seen: list[bool] = []

    def made() -> Iterator[str]:
        for name in ("kit", "handout"):
            seen.append(gc.isenabled())
            yield name

    outputs = garbage.each_in_one_pass(made())
    assert next(outputs) == "kit"
    assert gc.isenabled(), "on while the caller writes the first output"
    del outputs  # a caller that stops midway
    assert gc.isenabled()
    assert list(garbage.each_in_one_pass(made())) == ["kit", "handout"]
    assert seen == [False, False, False]
    assert gc.get_freeze_count() > 0, "one pass once the job is made"


def test_a_failing_job_still_turns_the_collector_back_on() -> None:
    with pytest.raises(RuntimeError), garbage.one_pass():
        raise RuntimeError("the renderer crashed")
    assert gc.isenabled()


def test_the_building_process_makes_each_job_without_collecting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--jobs 1``: the jobs are made in the building process itself, as in a worker."""
    seen: list[bool] = []

    def render(facts: Facts, slug: str, target: Target, options: Options) -> dict[str, bytes]:
        seen.append(gc.isenabled())
        return {f"{slug}.pdf": b"%PDF"}

    monkeypatch.setattr(build, "render", render)
    options = Options(out_dir=tmp_path / "dist", targets=(Target.PRESSKIT,), jobs=1)
    summary = run(plan(two_sources(tmp_path), options)[0], options)
    assert sorted(summary.built) == ["a.pdf", "b.pdf"]
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_worker_makes_each_job_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``make_outputs`` is what a worker process (local or Dask) runs for a job."""
    calls: list[str] = []

    @contextlib.contextmanager
    def one_pass() -> Iterator[None]:
        calls.append("start")
        yield
        calls.append("end")

    def render(facts: Facts, slug: str, target: Target, options: Options) -> dict[str, bytes]:
        calls.append("render")
        return {f"{slug}.pdf": b"%PDF"}

    monkeypatch.setattr(garbage, "one_pass", one_pass)
    monkeypatch.setattr(build, "render", render)
    options = Options(out_dir=tmp_path / "dist", targets=(Target.PRESSKIT,))
    job = next(iter(plan(two_sources(tmp_path), options)[0]))
    assert [output.status for output in build.make_outputs(job, options)] == ["built"]
    assert calls == ["start", "render", "end"]
