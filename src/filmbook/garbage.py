"""Turn a worker's collection of cyclic garbage into one pass after each job.

Python's cyclic garbage collector runs as objects are made: some 60 young-generation
passes while a press kit is laid out and, every few films, a pass over every live object
of the process, the warm worker's stylesheets, fonts, templates and remembered line
splits included: some 10 % of a warm press kit's time. ``one_pass`` holds the collector
off while a job is made, then collects once, and sets what survives aside
(``gc.freeze``): what outlives a job is what a worker keeps, which the next passes need
not walk again. Every ``FULL_EVERY`` jobs the pass walks everything, so that garbage kept
alive past a job and left in a cycle later is collected too. Measured on 40 films made
one after another: 17 ms of collecting a film instead of 48, and a smaller process
(106 MiB instead of 114).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterator
from typing import TypeVar

FULL_EVERY = 20
"""After how many jobs a pass walks every object, the set-aside ones too."""

_jobs = itertools.count(1)
Made = TypeVar("Made")


@contextlib.contextmanager
def one_pass() -> Iterator[None]:
    """No garbage collection while the block runs; one pass after it."""
    try:
        with _held_off():
            yield
    finally:
        _pass()


def each_in_one_pass(made: Iterator[Made]) -> Iterator[Made]:
    """What ``made`` yields, each made with the collector held off (not while the
    caller has it), and one pass once it has all been made."""
    while True:
        with _held_off():
            item = next(made, None)
        if item is None:
            break
        yield item
    _pass()


@contextlib.contextmanager
def _held_off() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _pass() -> None:
    """Collect, walking everything every ``FULL_EVERY`` jobs; set the survivors aside."""
    if next(_jobs) % FULL_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()
