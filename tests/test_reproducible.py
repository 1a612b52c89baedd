"""Reproducible builds: with SOURCE_DATE_EPOCH set, every output is byte-identical.

One ``python -m filmbook build`` per variant, in a subprocess with its own environment
and working folder: two runs of the same folder, two checkouts at different absolute
paths (a relative SOURCE), and different ``TZ`` and locale settings. The press kit, the
handout and the EPUB of each are compared with the reference build's bytes.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SOURCE = ROOT / "source" / "all-of-us-strangers.txt"
EPOCH = "1700000000"
OUTPUTS = ("all-of-us-strangers.pdf", "all-of-us-strangers-handout.pdf", "all-of-us-strangers.epub")


def _locales() -> set[str]:
    try:
        listed = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10)
    except OSError:
        return set()
    return {line.strip().lower().replace("utf-8", "utf8") for line in listed.stdout.split()}


GERMAN = "de_de.utf8" in _locales()


def build(checkout: Path, **env: str) -> dict[str, bytes]:
    """Copy the sample into ``checkout``, build it from there; the outputs' bytes by name."""
    (checkout / "source").mkdir(parents=True)
    shutil.copy(SOURCE, checkout / "source" / SOURCE.name)
    environment = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env}
    result = subprocess.run(
        [sys.executable, "-m", "filmbook", "-q", "build", f"source/{SOURCE.name}", "-o", "dist"],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return {name: (checkout / "dist" / name).read_bytes() for name in OUTPUTS}


VARIANTS: dict[str, dict[str, str]] = {
    "again": {},
    "other-checkout": {},
    "tz-tokyo": {"TZ": "Asia/Tokyo"},
    "locale-c": {"LC_ALL": "C", "LANG": "C"},
    "locale-c-utf8": {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
}
if GERMAN:
    VARIANTS["locale-de"] = {"LC_ALL": "", "LANG": "de_DE.UTF-8"}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """The reference build (TZ=UTC) and every variant, built two at a time."""
    jobs: dict[str, tuple[Path, dict[str, str]]] = {
        "reference": (tmp_path_factory.mktemp("checkout-a") / "filmbook", {"TZ": "UTC"}),
    }
    for name, env in VARIANTS.items():
        folder = tmp_path_factory.mktemp(f"checkout-{name}")
        if name == "other-checkout":  # a different absolute path, deeper
            folder = folder / "somewhere" / "else" / "filmbook"
        else:
            folder = folder / "filmbook"
        jobs[name] = (folder, {"TZ": "UTC", **env})
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(build, folder, **env) for name, (folder, env) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}


def test_reference_build_makes_every_output(builds: dict[str, dict[str, bytes]]) -> None:
    reference = builds["reference"]
    assert reference[OUTPUTS[0]].startswith(b"%PDF")
    assert reference[OUTPUTS[1]].startswith(b"%PDF")
    assert reference[OUTPUTS[2]].startswith(b"PK")


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("output", OUTPUTS)
def test_byte_identical(builds: dict[str, dict[str, bytes]], variant: str, output: str) -> None:
    reference = builds["reference"][output]
    other = builds[variant][output]
    assert other == reference, f"{output} differs in {variant} ({len(other)} vs {len(reference)})"
