"""Turn a git revision into the filmbook the benchmarks run, and say which one it was.

By default the benchmarks run the filmbook installed in ``.venv`` — editable, so the
working tree as it is, uncommitted changes included. With ``--at REV`` they run a copy
of that commit instead (``git archive`` into the work folder, put first on
``PYTHONPATH`` so it shadows the editable install; styles and templates come from the
copy too): the numbers then belong to one commit even while others edit the tree.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def describe(revision: str | None) -> str:
    """``abc1234`` for a commit, ``abc1234 + uncommitted changes`` for a dirty tree."""
    if revision is not None:
        return _git("rev-parse", "--short", revision)
    dirty = _git("status", "--porcelain", "--", "src", "styles", "pyproject.toml")
    head = _git("rev-parse", "--short", "HEAD")
    return f"{head} + uncommitted changes in src/ or styles/" if dirty else head


def use_revision(revision: str, work: Path) -> Path:
    """Export ``revision`` into ``work`` and make every child Python import it from there."""
    commit = _git("rev-parse", revision)
    folder = work / f"filmbook-{commit[:12]}"
    if not folder.is_dir():
        archive = subprocess.run(
            ["git", "archive", commit, "src", "styles"], cwd=REPO, capture_output=True, check=True
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    os.environ["PYTHONPATH"] = str(folder / "src")
    return folder
