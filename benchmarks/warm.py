"""Turn a worker's caches into what each one saves per film, with profiles before and after.

Usage::

    .venv/bin/python benchmarks/warm.py [--films 6] [--work DIR] [--output FILE]

A worker process (``build --jobs N``, a Dask worker) keeps between films what does not
change: the parsed stylesheets with their WeasyPrint ``FontConfiguration`` and loaded
fonts (``pdf._parsed``), the compiled Jinja templates (``render._environment``), the
hyphenation dictionaries (pyphen's ``hdcache``), the line splits WeasyPrint asked before
(``line_memo``) and the cover's fonts (``cover``). This
script makes the same films in one process once with every cache kept (warm), once with
all of them emptied before each film (cold, what a process per film would pay besides
its imports), and once with each emptied alone, and reports the CPU time per film. The
imports a new process pays are measured apart (``python -c 'import …'``). pyinstrument
call trees of the cold and the warm run go to ``benchmarks/profiles/worker-*.txt``; the
table goes into the ``warm`` part of ``results.md`` (not with ``--output -``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pyphen
import report
import synthetic
from pyinstrument import Profiler

from filmbook import cover, line_memo, pdf, render
from filmbook.build import Job, Options, Target, make_outputs
from filmbook.source import read_source

HERE = Path(__file__).resolve().parent
TARGETS = (Target.PRESSKIT, Target.HANDOUT, Target.EPUB)

CACHES: dict[str, Callable[[], None]] = {
    "stylesheets and fonts (pdf._parsed)": pdf._parsed.cache_clear,
    "templates (render._environment)": render._environment.cache_clear,
    "hyphenation dictionaries (pyphen.hdcache)": pyphen.hdcache.clear,
    "line splits answered from memory (line_memo)": line_memo.forget,
    "cover fonts (cover._font, _characters, _match)": lambda: [
        cache.cache_clear() for cache in (cover._font, cover._characters, cover._match)
    ],
}


def per_film(jobs: Sequence[Job], forget: Sequence[Callable[[], None]]) -> float:
    """The median CPU seconds of a film, calling ``forget`` before each one."""
    times = []
    for job in jobs:
        for clear in forget:
            clear()
        started = time.process_time()
        make_outputs(job, Options())
        times.append(time.process_time() - started)
    return statistics.median(times)


def import_seconds() -> float:
    """The CPU time of a new Python that imports what a worker needs (median of 3)."""
    probe = "import filmbook.build, filmbook.outputs, filmbook.pdf, filmbook.epub"
    times = []
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-c", probe])
        _, _, usage = os.wait4(process.pid, 0)
        times.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times)


def profile(jobs: Sequence[Job], name: str, forget: Sequence[Callable[[], None]]) -> None:
    """A pyinstrument call tree of making ``jobs``, into ``profiles/worker-<name>.txt``."""
    profiler = Profiler(interval=0.001)
    profiler.start()
    per_film(jobs, forget)
    profiler.stop()
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    (HERE / "profiles" / f"worker-{name}.txt").write_text(text, encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Measure; print the table; write it into results.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=6)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--output", help="results file (default: results.md; '-': none)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="filmbook-warm-") as temporary:
        folder = (args.work or Path(temporary)) / f"warm-sources-{args.films}"
        if not folder.is_dir():
            synthetic.write_batch(folder, args.films + 1)
        paths = sorted(folder.glob("*.txt"))[: args.films + 1]
        jobs = [Job(read_source(p), p.stem, TARGETS, "") for p in paths]
        make_outputs(jobs[0], Options())  # imports and first use, outside every figure
        films = jobs[1:]
        everything = list(CACHES.values())
        warm = per_film(films, [])
        cold = per_film(films, everything)
        alone = {name: per_film(films, [clear]) - warm for name, clear in CACHES.items()}
        profile(films, "cold", everything)
        profile(films, "warm", [])
    imports = import_seconds()
    lines = [
        "### What a warm worker keeps",
        "",
        f"`benchmarks/warm.py`: {len(films)} films (press kit, handout, EPUB) made in one "
        "process, the median CPU time of a film; each cache emptied before every film to "
        "see what it saves. Profiles: `benchmarks/profiles/worker-cold.txt` (every cache "
        "emptied), `worker-warm.txt` (kept).",
        "",
        "| a film made with | CPU s per film | saved by keeping it |",
        "|---|---|---|",
        f"| every cache emptied (cold) | {cold:.2f} | — |",
        *(
            f"| {name} emptied | {warm + saved:.2f} | {saved:+.2f} s |"
            for name, saved in alone.items()
        ),
        f"| every cache kept (warm) | {warm:.2f} | {cold - warm:+.2f} s in all |",
        "",
        f"A new process also pays its imports (Python, WeasyPrint, Pango, Jinja, Pillow, "
        f"EbookLib): {imports:.2f} s CPU, once per worker process, not per film.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.output != "-":
        report.update(Path(args.output) if args.output else report.RESULTS, text, part="warm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
