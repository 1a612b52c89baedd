"""Turn a build's events into what the user sees: a progress bar or plain lines.

On a terminal a rich progress bar counts the outputs; anywhere else (a log, a pipe, CI)
each finished output is one plain line, so logs stay readable.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Report = Callable[[str, str], None]


@contextmanager
def reporter(total: int, out_dir: str, quiet: bool = False) -> Iterator[Report]:
    """Yield a function to call with ``(output name, status)`` as each output finishes."""
    if quiet:
        yield lambda name, status: None
        return
    if not sys.stderr.isatty():
        yield lambda name, status: print(f"{status}: {out_dir}/{name}", file=sys.stderr)
        return
    # Imported here: a build that is not on a terminal should not pay for rich.
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("[bold]filmbook"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(name: str, status: str) -> None:
            progress.update(task, advance=1, description=f"{status}: {name}")
            if status == "failed":
                progress.console.print(f"failed: {out_dir}/{name}")

        yield advance
