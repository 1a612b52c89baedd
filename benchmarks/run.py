"""Turn the benchmarks of issues 6 and 15 into a table, on screen and in ``benchmarks/results.md``.

Usage::

    .venv/bin/python benchmarks/run.py            # the full run (~9 min idle, ~18 busy, rows 1-5)
    .venv/bin/python benchmarks/run.py --quick    # a smoke run (about a minute)
    .venv/bin/python benchmarks/run.py --only pdf,epub --runs 7
    .venv/bin/python benchmarks/run.py --at HEAD   # a commit, not the working tree

A full run rewrites the generated part of ``benchmarks/results.md``; a ``--quick`` run
writes only to the screen unless ``--output`` is given. The exit status is 0 when every
benchmark ran (whether or not its goal holds) and 1 when one could not run.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import checkout
import machine
import measure
import report
from scenarios import SCENARIOS, Context, Row, Settings, Tools
from synthetic import SEED_ARTICLE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs, small batches and sizes")
    parser.add_argument("--runs", type=int, help="runs of each command (default 5, quick 3)")
    parser.add_argument(
        "--only",
        default=",".join(SCENARIOS),
        help=f"comma-separated benchmarks to run (default: {','.join(SCENARIOS)})",
    )
    parser.add_argument("--output", type=Path, help="results file (default: results.md)")
    parser.add_argument(
        "--part",
        default="results",
        help="the generated part of the results file to rewrite (default: results; "
        "another name adds a part of its own, for a run of some benchmarks)",
    )
    parser.add_argument("--work", type=Path, help="keep inputs and outputs here (default: temp)")
    parser.add_argument(
        "--at", metavar="REV", help="benchmark this commit, not the working tree (checkout.py)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen benchmarks; print the table; write the results file."""
    args = _parser().parse_args(argv)
    settings = Settings.quick(args.runs or 3) if args.quick else Settings.full(args.runs or 5)
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        print(f"run.py: unknown benchmark {', '.join(unknown)}", file=sys.stderr)
        return 2
    tools = Tools.find()
    measure.use_bytecode_cache()
    load_before = machine.load_average()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="filmbook-bench-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        if args.at:
            checkout.use_revision(args.at, work)
        context = Context(work=work, seed=SEED_ARTICLE, tools=tools, settings=settings)
        rows, failures = _run(context, names)
    minutes = (time.perf_counter() - started) / 60
    header = _header(argv, settings, load_before, minutes, failures, args.part)
    generated = report.document(
        rows,
        machine.describe(str(tools.pandoc), checkout.describe(args.at)),
        header,
        context.sections,
    )
    print(generated)
    output = args.output or (None if args.quick else report.RESULTS)
    if output is not None:
        report.update(output, generated, part=args.part)
        print(f"\nwritten to {output}", file=sys.stderr)
    return 1 if failures else 0


def _run(context: Context, names: Sequence[str]) -> tuple[list[Row], list[str]]:
    """Every chosen scenario's rows, and one line for each scenario that could not run."""
    rows: list[Row] = []
    failures: list[str] = []
    for name in names:
        print(f"[{time.strftime('%H:%M:%S')}] {name} …", file=sys.stderr, flush=True)
        try:
            rows.extend(SCENARIOS[name](context))
        except Exception as error:  # report it and go on with the other benchmarks
            traceback.print_exc()
            failures.append(f"{name}: {str(error).strip().splitlines()[-1][:300]}")
    return rows, failures


def _header(
    argv: Sequence[str] | None,
    settings: Settings,
    load_before: str,
    minutes: float,
    failures: Sequence[str],
    part: str,
) -> list[str]:
    """What ran, when, how often, and how busy the machine was."""
    command = shlex.join(["benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    lines = [
        "## Latest run" if part == "results" else f"### Latest run ({part})",
        "",
        f"`{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {minutes:.1f} min; "
        f"every time is the median of {settings.runs} runs ({settings.batch_runs} for the "
        "long batches of rows 4 and 6; ±: half the range, relative), "
        "memory the largest peak RSS of any run (`os.wait4` of the command: the largest "
        "single process among it and its waited-for children, so per worker for builds). "
        f"Load average (1, 5, 15 min) before: {load_before}, after: {machine.load_average()} "
        "— other work on this 2-core machine makes the numbers noisy.",
    ]
    lines += [f"\n**Could not run** {failure}" for failure in failures]
    return lines


if __name__ == "__main__":
    sys.exit(main())
