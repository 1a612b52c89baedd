"""Outputs appear whole or not at all: killed builds, concurrent builds, failing renders.

The real builds run as ``python -m filmbook`` subprocesses, killed with SIGKILL part-way
(nothing of filmbook's can run then: only the rename in ``write_atomic`` protects the old
file). An interrupted render or write is simulated in-process, as in ``test_build.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from filmbook import build
from filmbook.atomic import remove_stale_temporaries, write_atomic
from filmbook.build import Options, Target, plan, run
from filmbook.manifest import MANIFEST, MANIFEST_VERSION
from filmbook.plan import Facts
from filmbook.targets import output_names

pytestmark = pytest.mark.xdist_group("atomic")

SAMPLE = Path(__file__).resolve().parent.parent / "source" / "all-of-us-strangers.txt"
TITLES = ("Strangers One", "Strangers Two", "Strangers Three", "Strangers Four")
TIMEOUT = 180  # seconds: a build that takes longer has hung


def write_sources(folder: Path, titles: tuple[str, ...], extra: str = "") -> list[Path]:
    """The sample under other titles (so other slugs), with ``extra`` after the lead."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for title in titles:
        path = folder / f"{title.lower().replace(' ', '-')}.txt"
        text = "\n".join([f"= {title} =", *lines[1:]]) + "\n"
        path.write_text(text.replace("\n== ", f"\n{extra}\n\n== ", 1) if extra else text)
        paths.append(path)
    return paths


def filmbook(*args: str | Path) -> subprocess.Popen[str]:
    """``python -m filmbook ARGS`` in its own process group, so a kill reaches workers."""
    return subprocess.Popen(
        [sys.executable, "-m", "filmbook", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def assert_valid(path: Path) -> None:
    """A whole PDF or EPUB (or the manifest): never a truncated or interleaved file."""
    if path.suffix == ".pdf":
        data = path.read_bytes()
        assert data.rstrip().endswith(b"%%EOF"), path
        assert len(PdfReader(path).pages) >= 1, path
    elif path.suffix == ".epub":
        with zipfile.ZipFile(path) as book:
            assert book.testzip() is None, path
            assert book.read("mimetype") == b"application/epub+zip", path
    elif path.name == MANIFEST:
        assert json.loads(path.read_text(encoding="utf-8"))["version"] == MANIFEST_VERSION
    else:
        pytest.fail(f"unexpected file in the output folder: {path.name}")


def expected_names(titles: tuple[str, ...]) -> set[str]:
    slugs = [title.lower().replace(" ", "-") for title in titles]
    return {f"{s}{end}" for s in slugs for end in (".pdf", "-handout.pdf", ".epub")}


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding good outputs of every title, from a finished build."""
    root = tmp_path_factory.mktemp("previous")
    paths = write_sources(root / "source", TITLES)
    done = filmbook("-q", "build", "--jobs", "2", "-o", root / "dist", *paths)
    _, stderr = done.communicate(timeout=TIMEOUT)
    assert done.returncode == 0, stderr
    assert {p.name for p in (root / "dist").iterdir()} >= expected_names(TITLES)
    return root / "dist"


def test_a_build_killed_part_way_leaves_old_or_new_outputs(previous: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(previous, out)
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    paths = write_sources(tmp_path / "source", TITLES, extra="A paragraph added since.")
    started = filmbook("-q", "build", "--force", "--jobs", "2", "-o", out, *paths)
    # Kill it as soon as its first output is in place: the others are being rendered or
    # written then (a fixed delay would miss them on a fast or a loaded machine).
    mtimes = {name: (out / name).stat().st_mtime_ns for name in old}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and started.poll() is None:
        if any((out / name).stat().st_mtime_ns != mtimes[name] for name in old):
            break
        time.sleep(0.02)
    os.killpg(started.pid, signal.SIGKILL)
    started.communicate(timeout=TIMEOUT)
    assert started.returncode == -signal.SIGKILL

    names = {p.name for p in out.iterdir()}
    assert names - old.keys() == {n for n in names if n.startswith(".") and n != MANIFEST}
    for name in old:
        assert_valid(out / name)  # the previous one or a complete new one
    rebuilt = [name for name in old if (out / name).read_bytes() != old[name]]
    assert rebuilt and len(rebuilt) < len(old), "killed part-way"

    # The next build removes what the killed one left, once it is old enough.
    for leftover in out.glob(".*.*"):
        if leftover.name != MANIFEST:
            os.utime(leftover, (time.time() - 3600, time.time() - 3600))
    again = filmbook("-q", "build", "--force", "--jobs", "2", "-o", out, *paths)
    _, stderr = again.communicate(timeout=TIMEOUT)
    assert again.returncode == 0, stderr
    assert {p.name for p in out.iterdir()} == old.keys()
    for name in old:
        assert_valid(out / name)


def test_two_builds_at_once_into_one_folder(previous: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(previous, out)
    first = write_sources(tmp_path / "a", TITLES[:2], extra="From the first build.")
    second = write_sources(tmp_path / "b", TITLES[1:3], extra="From the second build.")
    builds = [filmbook("-q", "build", "--force", "-o", out, *paths) for paths in (first, second)]
    for started in builds:
        _, stderr = started.communicate(timeout=TIMEOUT)
        assert started.returncode == 0, stderr
    names = {p.name for p in out.iterdir()}
    assert names == expected_names(TITLES) | {MANIFEST}, "no temporary file left"
    for name in names:
        assert_valid(out / name)


def test_an_interrupted_render_keeps_every_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nText.\n", encoding="utf-8")
    out = tmp_path / "dist"
    for name in ("film.pdf", "film-handout.pdf", "film.epub"):
        write_atomic(out / name, f"previous {name}".encode())

    def interrupted(facts: Facts, slug_: str, target: Target, _: Options) -> dict[str, bytes]:
        if target is Target.HANDOUT:
            raise KeyboardInterrupt  # Ctrl-C after the press kit was written
        return dict.fromkeys(output_names(slug_, target), b"new")

    monkeypatch.setattr(build, "render", interrupted)
    options = Options(out_dir=out)
    with pytest.raises(KeyboardInterrupt):
        run(plan([source], options)[0], options)
    assert (out / "film.pdf").read_bytes() == b"new"
    assert (out / "film-handout.pdf").read_bytes() == b"previous film-handout.pdf"
    assert (out / "film.epub").read_bytes() == b"previous film.epub"
    assert sorted(p.name for p in out.iterdir()) == ["film-handout.pdf", "film.epub", "film.pdf"]


def test_a_write_interrupted_before_its_rename_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dist"
    write_atomic(out / "film.pdf", b"previous good output")

    def interrupted(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out / "film.pdf", b"new output, never renamed")
    assert (out / "film.pdf").read_bytes() == b"previous good output"
    assert [p.name for p in out.iterdir()] == ["film.pdf"]


def test_stale_temporaries_are_removed_and_young_ones_kept(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    target = out / "film.pdf"
    stale = out / ".film.pdf.ab_c1234"
    young = out / ".film.pdf.young123"
    not_ours = [out / ".film.pdf.notes", out / ".film.pdf.toolong123", out / ".other.pdf.ab_c1234"]
    for path in (stale, young, *not_ours):
        path.write_bytes(b"half a file")
    an_hour_ago = time.time() - 3600
    for path in (stale, *not_ours):
        os.utime(path, (an_hour_ago, an_hour_ago))

    remove_stale_temporaries(target)
    assert not stale.exists()
    assert young.exists(), "a concurrent build may still be writing it"
    assert all(path.exists() for path in not_ours)
    remove_stale_temporaries(tmp_path / "missing" / "film.pdf")  # no folder: no error


def test_a_build_removes_the_stale_temporaries_of_what_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        build, "render", lambda facts, slug_, target, options: {f"{slug_}.epub": b"book"}
    )
    source = tmp_path / "film.txt"
    source.write_text("= Film =\n\nText.\n", encoding="utf-8")
    out = tmp_path / "dist"
    out.mkdir()
    leftovers = [out / ".film.epub.k1ll3d00", out / f".{MANIFEST}.k1ll3d00"]
    for path in leftovers:
        path.write_bytes(b"left by a build killed with SIGKILL")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    options = Options(out_dir=out, targets=(Target.EPUB,), incremental=True)
    run(plan([source], options)[0], options)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "film.epub"]
