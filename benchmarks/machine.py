"""Turn the machine the benchmarks ran on into a few lines for the results.

Numbers mean little without the machine: CPU model and cores, memory, Python, the OS,
the versions of filmbook and of what it is compared with, and the load average before
and after the run (other processes on the machine make the numbers noisy).
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from ``/proc/cpuinfo`` (or what ``platform`` knows)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return platform.processor() or "unknown"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else platform.processor() or "unknown"


def memory_gib() -> float:
    """Total memory in GiB, from ``/proc/meminfo``."""
    try:
        text = Path("/proc/meminfo").read_text(encoding="utf-8")
    except OSError:
        return 0.0
    match = re.search(r"^MemTotal:\s*(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 / 1024 if match else 0.0


def os_name() -> str:
    """The distribution's pretty name and the kernel release."""
    try:
        text = Path("/etc/os-release").read_text(encoding="utf-8")
        match = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', text, re.MULTILINE)
        name = match.group(1) if match else platform.system()
    except OSError:
        name = platform.system()
    return f"{name}, kernel {platform.release()}"


def package_version(name: str) -> str:
    """An installed distribution's version, or ``not installed``."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def tool_version(argv: list[str]) -> str:
    """The first line a tool prints for ``--version``."""
    try:
        result = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=30)
    except OSError:
        return "not found"
    return (result.stdout or result.stderr).splitlines()[0] if result.stdout else "unknown"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def describe(pandoc: str, revision: str) -> list[tuple[str, str]]:
    """The machine and the software versions as (what, value) pairs."""
    return [
        ("CPU", f"{cpu_model()}, {os.cpu_count()} cores"),
        ("Memory", f"{memory_gib():.1f} GiB"),
        ("OS", os_name()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("filmbook", f"{package_version('filmbook')} at {revision}"),
        ("WeasyPrint", package_version("weasyprint")),
        ("EbookLib", package_version("ebooklib")),
        (
            "pandoc",
            f"{tool_version([pandoc, '--version'])} (pypandoc-binary "
            f"{package_version('pypandoc-binary')})",
        ),
    ]
