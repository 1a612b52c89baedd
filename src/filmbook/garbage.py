"""Turn a worker's collection of cyclic garbage into one pass after each job.

Python's cyclic garbage collector runs as objects are made: some 60 times while a press
kit is laid out, and each full pass walks every live object of the process, the warm
worker's stylesheets, fonts, templates and remembered line splits included: some 7 % of
a warm press kit's time. ``one_pass`` holds the collector off while a job is made, then
collects once, and sets what survives aside (``gc.freeze``): what outlives a job is
what a worker keeps, which the next passes need not walk again. Every ``FULL_EVERY``
jobs the pass walks everything, so that garbage kept alive past a job and left in a
cycle later is collected too. Measured on 40 films made one after another: 17 ms of
collecting a film instead of 48, and a smaller process (106 MiB instead of 114).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
from collections.abc import Iterator

FULL_EVERY = 20
"""After how many jobs a pass walks every object, the set-aside ones too."""

_jobs = itertools.count(1)


@contextlib.contextmanager
def one_pass() -> Iterator[None]:
    """No garbage collection while the block runs; one pass after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        if next(_jobs) % FULL_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()
