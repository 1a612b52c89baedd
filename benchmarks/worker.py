"""Turn a folder of articles into what one warm worker costs: memory, time, and the client's share.

Usage (``scenarios.worker_rows`` runs it in a process of its own)::

    .venv/bin/python benchmarks/worker.py FOLDER [--films 100] [--json OUT]

It does in one process what a worker process of ``filmbook build`` does, job after job:
``build.make_outputs`` on each film — press kit, handout and EPUB — with no article
(a cluster worker normalises the source itself), keeping the caches a worker keeps. It
records the resident set (``VmRSS``) after the 1st, 10th, 50th, 100th, 200th and last
film and its peak (``VmHWM``), and the CPU and wall time of each film. The process holds
only the sources (a few MiB), so the resident set is the worker's.

Then, in the same process, what the building process (the client) spends per film:
reading and normalising the sources (``build.plan``) with the memory its jobs hold
until the build ends (``tracemalloc``), and
writing and recording the outputs (``write_atomic``, ``manifest.record``).
The figures go to stdout as JSON, or into ``--json OUT``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from filmbook import manifest
from filmbook.atomic import write_atomic
from filmbook.build import Job, Options, Target, make_outputs, plan
from filmbook.source import read_source

TARGETS = (Target.PRESSKIT, Target.HANDOUT, Target.EPUB)
CHECKPOINTS = (1, 10, 50, 100, 200)
"""After how many films the resident set is recorded (and after the last)."""


def status_mib(field: str) -> float:
    """A ``/proc/self/status`` field (``VmRSS``, ``VmHWM``) in MiB."""
    text = Path("/proc/self/status").read_text(encoding="utf-8")
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else float("nan")


def measure(paths: Sequence[Path], out: Path) -> dict[str, object]:
    """The worker's and the client's figures for ``paths``, outputs written into ``out``."""
    jobs = [Job(read_source(p), p.stem, TARGETS, "") for p in paths]
    options = Options(out_dir=out)
    rss: dict[int, float] = {}
    cpu: list[float] = []
    wall: list[float] = []
    write_seconds = 0.0
    for number, job in enumerate(jobs, 1):
        started, started_cpu = time.perf_counter(), time.process_time()
        outputs = make_outputs(job, options)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        if any(output.status != "built" for output in outputs):
            raise RuntimeError(f"{job.source.path}: {outputs}")
        started = time.perf_counter()
        for output in outputs:  # what the client does with them
            for name, data in output.files.items():
                write_atomic(out / name, data)
                manifest.record(name, out / name)
        write_seconds += time.perf_counter() - started
        del outputs
        if number in CHECKPOINTS or number == len(jobs):
            rss[number] = status_mib("VmRSS")
    warm = slice(1, None) if len(jobs) > 1 else slice(None)
    started, started_cpu = time.perf_counter(), time.process_time()
    planned, failed = plan(list(paths), Options(out_dir=out / "planned"))
    plan_seconds = time.perf_counter() - started
    plan_cpu = time.process_time() - started_cpu
    if failed or len(planned) != len(paths):
        raise RuntimeError(f"plan refused {failed}")
    del planned
    tracemalloc.start()  # again, for the memory the planned jobs hold until the end
    cluster = Options(out_dir=out / "planned", cluster="local:1")  # plan starts no cluster
    planned, _ = plan(list(paths), cluster)
    plan_mib = tracemalloc.get_traced_memory()[0] / 2**20
    tracemalloc.stop()
    del planned
    return {
        "films": len(jobs),
        "rss_mib": rss,
        "peak_mib": status_mib("VmHWM"),
        "first_cpu": cpu[0],
        "first_wall": wall[0],
        "cpu_per_film": sum(cpu[warm]) / len(cpu[warm]),
        "wall_per_film": sum(wall[warm]) / len(wall[warm]),
        "cpu_to": {n: sum(cpu[:n]) for n in rss},
        "wall_to": {n: sum(wall[:n]) for n in rss},
        "write_per_film": write_seconds / len(jobs),
        "plan_per_film": plan_seconds / len(paths),
        "plan_cpu_per_film": plan_cpu / len(paths),
        "plan_mib_per_film": plan_mib / len(paths),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure a warm worker over the first ``--films`` articles of FOLDER."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--films", type=int, default=100)
    parser.add_argument("--json", type=Path, help="write the figures here (default: stdout)")
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob("*.txt"))[: args.films]
    with tempfile.TemporaryDirectory(prefix="filmbook-worker-") as out:
        figures = measure(paths, Path(out))
    text = json.dumps(figures, indent=1)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
