"""Turn result rows into a Markdown table, and put it into ``benchmarks/results.md``.

``results.md`` has generated parts between marker comments — the results table
(``run.py``) and the profile breakdowns (``hotspots.py``) — each rewritten by a full run,
and hand-written analysis outside them (what bounds a missed goal), which runs keep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from measure import Measurement

if TYPE_CHECKING:  # scenarios imports this module for its scale-out table
    from scenarios import Row

RESULTS = Path(__file__).resolve().parent / "results.md"


def seconds(value: float) -> str:
    """``850 ms`` below a second, ``1.23 s`` above."""
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def cell(result: Measurement | None, per: int = 1) -> str:
    """A measurement as ``label: median ±spread, peak MiB`` (and per article for batches)."""
    if result is None:
        return "—"
    text = f"{result.label}: **{seconds(result.seconds)}** ±{result.spread:.0%}"
    if per > 1:
        text += f" ({seconds(result.seconds / per)}/article)"
    return f"{text}, cpu {seconds(result.cpu)}, {result.peak_mib:.0f} MiB"


def verdict(holds: bool | None) -> str:
    """``yes``, a bold ``NO``, or a dash when there is no goal."""
    return "—" if holds is None else "yes" if holds else "**NO**"


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| # | benchmark | filmbook | compared with | ratio | cpu ratio | goal | holds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
        cpu = "—" if row.theirs is None else f"{row.ours.cpu / row.theirs.cpu:.2f}×"
        lines.append(
            f"| {row.number} | {row.what} | {cell(row.ours, row.per)} | "
            f"{cell(row.theirs, row.per)} | {ratio} | {cpu} | {row.goal} | {verdict(row.holds)} |"
        )
    notes = [f"- {row.number}: {row.note}" for row in rows if row.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def summary(rows: Sequence[Row]) -> str:
    """One line per goal: the ratio or time against the goal."""
    lines = []
    for row in rows:
        if row.holds is None:
            continue
        if row.ratio is not None:
            value = f"{row.ratio:.2f}×"
        elif row.goal.endswith("MiB"):  # a goal on memory alone
            value = f"{row.ours.peak_mib:.0f} MiB"
        else:
            value = seconds(row.ours.seconds)
        lines.append(f"- {row.number}: {value} (goal {row.goal}) → {verdict(row.holds)}")
    return "\n".join(lines)


def duration(value: float) -> str:
    """``41 h 40 min``, ``39 min``, ``12 s``."""
    if value < 60:
        return f"{value:.0f} s"
    hours, minutes = divmod(round(value / 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def scale_out(
    worker: Mapping[str, Any], measured: Mapping[str, float], films: int, workers: Sequence[int]
) -> str:
    """The time to build ``films`` articles on each count of ``workers``, from one warm
    worker's CPU time per film and the client's per-film costs (``worker.py``)."""
    cpu, plan = worker["cpu_per_film"], worker["plan_cpu_per_film"]
    write = worker["write_per_film"]
    lines = [
        f"#### Scale-out on paper: {films:,} articles",
        "",
        f"From one warm worker over {worker['films']} films (row 7): **{cpu:.2f} s CPU per "
        f"film** (press kit, handout, EPUB; a worker process on a core of its own spends "
        f"about its CPU time), and the building process's own work per film: reading and "
        f"normalising the source before the first job ({plan * 1000:.0f} ms CPU), "
        f"receiving, writing and recording the three outputs alongside the workers "
        f"({write * 1000:.0f} ms wall, with `fsync`). Estimate = films × reading + "
        "max(films × CPU ÷ workers, films × writing), one single-threaded worker "
        "process per core, Dask's own per-task cost left out (row 4c shows it next to "
        "the process pool).",
        "",
        "| workers | rendering ÷ workers | client: reading (first) | client: writing "
        "(alongside) | estimate |",
        "|---|---|---|---|---|",
    ]
    for count in workers:
        rendering = films * cpu / count
        total = films * plan + max(rendering, films * write)
        lines.append(
            f"| {count} | {duration(rendering)} | {duration(films * plan)} | "
            f"{duration(films * write)} | **{duration(total)}** |"
        )
    here = ", ".join(f"{name} {seconds(value)}/film" for name, value in measured.items())
    lines += [
        "",
        f"Measured in this run, wall time per film on this machine: {here or '—'}; the warm "
        f"worker {seconds(worker['wall_per_film'])}/film wall for "
        f"{seconds(cpu)} CPU. The client holds every planned source until the build ends: "
        f"{worker['plan_mib_per_film'] * 1024:.0f} KiB per film (tracemalloc), so "
        f"{worker['plan_mib_per_film'] * films / 1024:.1f} GiB for {films:,}.",
    ]
    return "\n".join(lines)


def document(
    rows: Sequence[Row],
    machine: Sequence[tuple[str, str]],
    header: Sequence[str],
    sections: Sequence[str] = (),
) -> str:
    """The generated part of ``results.md``: run, machine, table, ratios, then ``sections``."""
    facts = "\n".join(f"| {what} | {value} |" for what, value in machine)
    return "\n".join(
        [
            *header,
            "",
            "| machine | |",
            "|---|---|",
            facts,
            "",
            table(rows),
            "",
            "Goals:",
            "",
            summary(rows),
            *(f"\n{section}" for section in sections),
        ]
    )


def update(path: Path, generated: str, part: str = "results") -> None:
    """Replace one generated ``part`` of ``path`` (or add it), keeping everything else."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# filmbook benchmarks\n"
    begin = f"<!-- {part}:begin — generated by benchmarks/; edit outside these markers -->"
    end = f"<!-- {part}:end -->"
    block = f"{begin}\n{generated.strip()}\n{end}"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        after = rest.split(end, 1)[1]
        text = f"{before}{block}{after}"
    else:
        text = f"{text.rstrip()}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
