"""``build --cluster`` on a real Dask cluster, and the worker's side of it.

A scheduler and two workers are started with the ``dask scheduler`` and ``dask worker``
commands on 127.0.0.1, once for the module. The build runs as a user runs it
(``python -m filmbook build --cluster tcp://127.0.0.1:PORT``) with ``SOURCE_DATE_EPOCH``
set, and its outputs are compared byte for byte with a local build of the same sources.
A worker plugin leaves a mark when a worker starts and finishes a task, so that the test
kills a worker while it is making a film, not before or after. The last test takes the
scheduler away.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import cloudpickle
import distributed
import pytest

from filmbook.build import Job, Options, Target
from filmbook.cli import main
from filmbook.cluster import ClusterError, UserFiles, pack, unpack, work
from filmbook.manifest import MANIFEST
from filmbook.source import SourceText

pytestmark = pytest.mark.xdist_group("cluster")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"
TITLES = ("Harbour Lantern", "Winter Glass", "Paper Moons", "Quiet Houses", "Salt Letters")
EPOCH = "1700000000"
DASK = Path(sys.executable).parent / "dask"
SECONDS = 120  # a bound for anything to happen, far above what it takes


def _env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC"}


def _outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def _wait_for(condition: object, what: str) -> None:
    deadline = time.monotonic() + SECONDS
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


class Marks(distributed.WorkerPlugin):
    """On each worker: a file for every task it starts and every task it finishes."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.name = ""

    def setup(self, worker: distributed.Worker) -> None:
        self.name = str(worker.name)

    def transition(self, key: object, start: str, finish: str, **kwargs: object) -> None:
        if str(key).startswith("filmbook-"):
            if finish == "executing":
                Path(self.folder, f"started {self.name} {key}").touch()
            elif start == "executing":
                Path(self.folder, f"finished {self.name} {key}").touch()


@dataclass
class Cluster:
    """A scheduler and its workers, each a process of its own."""

    address: str
    scheduler: subprocess.Popen[bytes]
    workers: dict[str, subprocess.Popen[bytes]]
    marks: Path
    logs: Path
    killed: list[str] = field(default_factory=list)

    def tasks(self, state: str, worker: str | None = None) -> set[str]:
        """The tasks that ``worker`` (or any) has ``started`` or ``finished``."""
        found = set()
        for mark in self.marks.iterdir():
            kind, name, key = mark.name.split(" ")
            if kind == state and worker in (None, name):
                found.add(key)
        return found


def _start(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as stream:
        return subprocess.Popen(argv, stdout=stream, stderr=subprocess.STDOUT, env=_env())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """``dask scheduler`` and two ``dask worker`` processes (one thread each) on 127.0.0.1."""
    logs = tmp_path_factory.mktemp("cluster-logs")
    marks = tmp_path_factory.mktemp("cluster-marks")
    address_file = logs / "scheduler.json"
    scheduler = _start(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
         "--scheduler-file", str(address_file)],
        logs / "scheduler.log",
    )  # fmt: skip
    workers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        _wait_for(address_file.exists, "the scheduler")
        address = json.loads(address_file.read_text())["address"]
        for name in ("w1", "w2"):
            workers[name] = _start(
                [str(DASK), "worker", address, "--name", name, "--nthreads", "1",
                 "--no-nanny", "--no-dashboard", "--local-directory", str(logs / name)],
                logs / f"{name}.log",
            )  # fmt: skip
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
        with distributed.Client(address, timeout=SECONDS) as client:
            client.wait_for_workers(2, timeout=SECONDS)
            client.register_plugin(Marks(str(marks)), name="marks")
        yield Cluster(address, scheduler, workers, marks, logs)
    finally:
        for process in (*workers.values(), scheduler):
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five films: the first article under five titles, without its long accolades
    table (a film still takes a worker a second or so: long enough to be killed in). The
    first has the seed's press material and pictures, which travel with its job."""
    folder = tmp_path_factory.mktemp("cluster-sources")
    text = SEED.read_text(encoding="utf-8").split("==Accolades==")[0]
    title = text.splitlines()[0]
    for number, name in enumerate(TITLES, 1):
        (folder / f"film-{number}.txt").write_text(text.replace(title, f"= {name} ="), "utf-8")
    shutil.copy(SEED.with_suffix(".toml"), folder / "film-1.toml")
    for picture in SEED.parent.glob("*.png"):
        shutil.copy(picture, folder)
    return folder


@pytest.fixture(scope="module")
def reference(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a local build of the five films makes."""
    out = tmp_path_factory.mktemp("local")
    build = _filmbook("-q", "build", sources, "-o", out, "--jobs", "2")
    _, errors = build.communicate(timeout=SECONDS)
    assert build.returncode == 0, errors
    return _outputs(out)


def _filmbook(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "filmbook", *map(str, args)],
        env=_env(),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def test_a_worker_killed_mid_build_loses_nothing(
    cluster: Cluster, sources: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    build = _filmbook("-q", "build", sources, "-o", tmp_path, "--cluster", cluster.address)
    victim = ""

    def one_is_making_a_film() -> bool:
        nonlocal victim
        for name in cluster.workers:
            if cluster.tasks("started", name) - cluster.tasks("finished", name):
                victim = name
                return True
        return False

    _wait_for(one_is_making_a_film, "a worker to start a film")
    cluster.workers[victim].send_signal(signal.SIGKILL)
    cluster.workers[victim].wait()
    cluster.killed.append(victim)
    interrupted = cluster.tasks("started", victim) - cluster.tasks("finished", victim)
    assert interrupted, "the worker was killed in the middle of a film"

    _, errors = build.communicate(timeout=SECONDS)
    assert build.returncode == 0, errors
    assert errors == ""
    (survivor,) = set(cluster.workers) - {victim}
    assert interrupted <= cluster.tasks("finished", survivor), "retried on the other worker"
    assert _outputs(tmp_path) == reference
    assert len(reference) == 3 * len(TITLES)
    recorded = json.loads((tmp_path / MANIFEST).read_text())["outputs"]
    assert set(recorded) == set(reference)


def test_the_users_style_and_templates_reach_the_workers(
    cluster: Cluster, sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent as bytes, used as a local build uses them; an edit is never served stale."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    style = tmp_path / "mine.css"
    templates = tmp_path / "templates"
    (templates / "presskit").mkdir(parents=True)
    layout = (ROOT / "src" / "filmbook" / "templates" / "presskit" / "layout.html").read_text()
    (templates / "presskit" / "layout.html").write_text(layout.replace("<body", "<body id=me"))
    film = sources / "film-1.txt"
    common = ["-q", "build", str(film), "--style", str(style), "--templates", str(templates)]
    for colour in ("red", "blue"):
        style.write_text(f"h1 {{ color: {colour} }} #me {{ margin: 0 }}")
        local, remote = tmp_path / f"local-{colour}", tmp_path / f"remote-{colour}"
        assert main([*common, "-o", str(local), "--jobs", "1"]) == 0
        assert main([*common, "-o", str(remote), "--cluster", cluster.address]) == 0
        assert _outputs(remote) == _outputs(local)
    assert _outputs(tmp_path / "remote-red") != _outputs(tmp_path / "remote-blue")


def test_a_lost_scheduler_stops_the_build_in_one_line_and_the_next_build_resumes(
    cluster: Cluster, sources: Path, reference: dict[str, bytes], tmp_path: Path
) -> None:
    build = _filmbook("-q", "build", sources, "-o", tmp_path, "--cluster", cluster.address)
    _wait_for(lambda: any(tmp_path.glob("*.epub")), "the first film")
    cluster.scheduler.send_signal(signal.SIGKILL)
    _, errors = build.communicate(timeout=SECONDS)
    assert build.returncode == 2, errors
    assert errors.splitlines() == [
        f"filmbook: error: lost the connection to the Dask scheduler at {cluster.address}: "
        "the outputs made so far are written and recorded; run the build again to go on"
    ]
    made = _outputs(tmp_path)
    assert made and len(made) < len(reference), "stopped midway"
    assert made == {name: reference[name] for name in made}
    assert set(json.loads((tmp_path / MANIFEST).read_text())["outputs"]) == set(made)

    resumed = _filmbook("build", sources, "-o", tmp_path, "--jobs", "2")
    _, errors = resumed.communicate(timeout=SECONDS)
    assert resumed.returncode == 0, errors
    built = len(reference) - len(made)
    assert f"{built} built, {len(made)} up to date, 0 failed" in errors.splitlines()[-1]
    assert _outputs(tmp_path) == reference


# --- the worker's side, in this process ----------------------------------------------


def test_a_worker_that_would_make_other_bytes_refuses() -> None:
    job = Job(SourceText("a.txt", "= A =\n\nText.\n"), None, "a", (Target.EPUB,), "digest")
    with pytest.raises(ClusterError, match="different filmbook"):
        work(job, Options(), None, "another installation", EPOCH)


def test_user_files_travel_whole_and_nothing_from_outside(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not the user's template")
    templates = tmp_path / "templates"
    (templates / "epub").mkdir(parents=True)
    (templates / "epub" / "page.xhtml").write_text("mine")
    (templates / "link.txt").symlink_to(outside)
    style = tmp_path / "look.css"
    style.write_text("h1 { color: red }")
    files = pack(Options(style=style, templates=templates))
    assert isinstance(files, UserFiles)
    assert files.templates == (("epub/page.xhtml", b"mine"),)
    worker = tmp_path / "worker"
    copy_style, copy_templates = unpack(files, worker)
    assert copy_style is not None and copy_templates is not None
    assert copy_style.name == "look.css" and copy_style.read_text() == "h1 { color: red }"
    assert (copy_templates / "epub" / "page.xhtml").read_text() == "mine"
    assert unpack(files, worker) == (copy_style, copy_templates), "written once"
    assert pack(Options()) is None
