"""Turn a command into its wall time and peak memory, run after run.

Each run starts the command as a child process and reaps it with ``os.wait4``, which
returns the kernel's resource usage for that child alone (not a running total for every
child this process ever had, as ``getrusage(RUSAGE_CHILDREN)`` would be). Its
``ru_maxrss`` is the high-water mark of the resident set of the child **or any of its
descendants that were waited for** — the kernel keeps the largest of them, not their sum.
So for ``filmbook build --jobs 2`` it is the peak of the largest single process (the
parent or one worker), which is what the "250 MiB per worker" goal is about; for pandoc
calling WeasyPrint it is the larger of the two. Wall time is ``time.perf_counter`` around
start and reap, so it includes process start-up and interpreter imports, as a user sees.
CPU time (user + system, from the same ``wait4``) is kept too: other work on the machine
stretches wall time far more than CPU time, so it tells a slow run from a crowded one.

Runs of the commands being compared are interleaved (A, B, A, B, …) so that a change of
load on the machine meanwhile falls on both sides rather than on one.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class CommandError(RuntimeError):
    """A measured command exited non-zero; the message carries its stderr."""


@dataclass(frozen=True)
class Command:
    """A command line to measure, and what to do (untimed) before each run."""

    label: str
    argv: Sequence[str]
    cwd: Path | None = None
    env: dict[str, str] | None = None
    prepare: Callable[[], None] | None = None


@dataclass(frozen=True)
class Sample:
    """One run: wall seconds, CPU seconds (user + system) and the peak resident set in KiB."""

    seconds: float
    cpu: float
    peak_kib: int


@dataclass
class Measurement:
    """Every run of one command."""

    label: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """The median wall time."""
        return statistics.median(s.seconds for s in self.samples)

    @property
    def cpu(self) -> float:
        """The median CPU time, user + system, of the command and its waited-for children."""
        return statistics.median(s.cpu for s in self.samples)

    @property
    def spread(self) -> float:
        """Half the range of wall times relative to the median: how noisy the runs were."""
        times = [s.seconds for s in self.samples]
        return (max(times) - min(times)) / 2 / self.seconds if self.seconds else 0.0

    @property
    def peak_mib(self) -> float:
        """The largest peak resident set of any run, in MiB."""
        return max(s.peak_kib for s in self.samples) / 1024


def run_once(command: Command) -> Sample:
    """Run ``command`` once (after its ``prepare``); raise ``CommandError`` if it fails."""
    if command.prepare is not None:
        command.prepare()
    with Path(os.devnull).open("wb") as sink, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command.argv), cwd=command.cwd, env=command.env, stdout=sink, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            raise CommandError(f"{command.label}: exit {process.returncode}\n{text}")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(seconds=seconds, cpu=cpu, peak_kib=usage.ru_maxrss)


def measure(commands: Sequence[Command], runs: int, warmup: int = 1) -> list[Measurement]:
    """Run each command ``warmup`` times unmeasured, then ``runs`` times, interleaved."""
    for _ in range(warmup):
        for command in commands:
            run_once(command)
    results = [Measurement(command.label) for command in commands]
    for _ in range(runs):
        for command, result in zip(commands, results, strict=True):
            result.samples.append(run_once(command))
    return results


def use_bytecode_cache() -> None:
    """Let the measured Pythons write ``.pyc`` files, as on a user's machine.

    This sandbox sets ``PYTHONDONTWRITEBYTECODE=1``. WeasyPrint's wheel comes with its
    ``.pyc`` files, but filmbook is installed editable from ``src/``, so without a cache it
    would compile itself on every start and only filmbook would pay for it.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
