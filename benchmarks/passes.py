"""Turn what filmbook spares WeasyPrint into figures: a warm press kit's CPU time with
each change left out in turn, and with all of them left out.

Usage::

    .venv/bin/python benchmarks/passes.py [--films 24] [--runs 2] [--work DIR]

The changes are those README lists after ``layout_leak``: ``line_memo``, ``garbage``,
``pdf.element_tree``, ``user_agent`` and ``cffi_arrays``. Each configuration runs in a
process of its own (a change left out from the start, as if filmbook had not made it),
makes one press kit to warm up, then ``--films`` synthetic ones one after another, and
prints the median CPU time of a kit and a hash of all the PDFs: the hashes must agree,
as none of the changes may change a byte. Nothing is written to ``results.md``: the
table there (issue 15) was made with this.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import synthetic

CHANGES = ("line_memo", "garbage", "element_tree", "user_agent", "cffi_arrays")


def leave_out(changes: set[str]) -> None:
    """Undo ``changes`` in this process before anything is made."""
    from weasyprint.html import UA_STYLESHEET
    from weasyprint.text.ffi import ffi

    from filmbook import garbage, line_memo, pdf, user_agent

    if "line_memo" in changes:
        line_memo.restore()
    if "garbage" in changes:
        setattr(garbage, "one_pass", contextlib.nullcontext)  # noqa: B010
        setattr(garbage, "each_in_one_pass", iter)  # noqa: B010
    if "element_tree" in changes:
        pdf.element_tree = lambda html: None
    if "user_agent" in changes:
        user_agent.stylesheets = lambda options: (UA_STYLESHEET,)
    if "cffi_arrays" in changes:
        ffi._parsed_types = dict(ffi._parsed_types)


def measure(folder: Path, films: int) -> tuple[float, str]:
    """The median CPU seconds of a warm press kit over ``films``, and the PDFs' hash."""
    from filmbook.build import Job, Options, Target, make_outputs
    from filmbook.source import read_source

    paths = sorted(folder.glob("*.txt"))[: films + 1]
    jobs = [Job(read_source(path), path.stem, (Target.PRESSKIT,), "") for path in paths]
    make_outputs(jobs[0], Options())  # imports, fonts, templates: outside the figures
    digest = hashlib.sha256()
    times = []
    for job in jobs[1:]:
        started = time.process_time()
        outputs = make_outputs(job, Options())
        times.append(time.process_time() - started)
        for output in outputs:
            for name, data in sorted(output.files.items()):
                digest.update(name.encode() + data)
    return statistics.median(times), digest.hexdigest()[:12]


def child(argv: list[str]) -> int:
    """One configuration, in this process: ``--child FOLDER FILMS CHANGE,...``."""
    folder, films, left_out = Path(argv[0]), int(argv[1]), argv[2]
    leave_out(set(filter(None, left_out.split(","))))
    seconds, digest = measure(folder, films)
    print(f"{seconds * 1000:.0f} {digest}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run every configuration ``--runs`` times, one after another; print the table."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--child"]:
        return child(args[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--films", type=int, default=24)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--work", type=Path)
    options = parser.parse_args(args)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    with tempfile.TemporaryDirectory(prefix="filmbook-passes-") as temporary:
        folder = (options.work or Path(temporary)) / f"passes-sources-{options.films}"
        if not folder.is_dir():
            synthetic.write_batch(folder, options.films + 1)
        rows = [("none left out", ""), *((c, c) for c in CHANGES), ("all five", ",".join(CHANGES))]
        print("| left out | CPU ms a press kit, each run | PDFs' hash |\n|---|---|---|")
        for label, left_out in rows:
            figures, digests = [], set()
            for _ in range(options.runs):
                command = [sys.executable, __file__, "--child", str(folder), str(options.films)]
                out = subprocess.run(
                    [*command, left_out], capture_output=True, text=True, check=True
                ).stdout.split()
                figures.append(out[0])
                digests.add(out[1])
            print(f"| {label} | {', '.join(figures)} | {', '.join(sorted(digests))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
