"""Turn an XML export into the memory of a build's reading: both phases, no rendering.

``filmbook build`` reads every source twice: its plan checks each page and keeps a name
and a slug of it, then its jobs read each page again as a worker takes it. This runs
``build.plan`` and then reads every job as ``build.run`` would hand it on, rendering
nothing (a page takes WeasyPrint some 4 s to lay out, which does not change what the
reading holds), so its peak resident set is that of a build's own process apart from
the renderers: benchmark 8's ``plan`` rows run it on 100 and 1,000 pages.

    python benchmarks/plan_phase.py EXPORT.xml
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from filmbook.build import Options, plan


def main(argv: Sequence[str] | None = None) -> int:
    """Plan a build of the sources named, read every job, print how many."""
    paths = [Path(name) for name in (argv if argv is not None else sys.argv[1:])]
    with tempfile.TemporaryDirectory() as out:
        jobs, failed = plan(paths, Options(out_dir=Path(out)))
        read = sum(len(job.source.text) > 0 for job in jobs)
    print(f"{read} jobs read, {len(failed)} sources refused")
    return 1 if failed or read != len(jobs) else 0


if __name__ == "__main__":
    sys.exit(main())
