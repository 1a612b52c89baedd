"""Turn a build's jobs into outputs on a Dask cluster: sources go out, bytes come back.

``filmbook build --cluster ADDRESS`` sends each job to a Dask ``distributed`` cluster
(``tcp://host:8786``, or ``local:N`` for a cluster of N processes on this machine) instead
of local worker processes. A worker reads nothing from this machine's disk: a task carries
the source's text, its slug and targets, and the options; the user's ``--style`` file and
``--templates`` folder travel once per build as bytes (``UserFiles``) and are written into
the worker's own folder under their digest. The worker sends back each output's bytes,
and ``build.run`` writes them and records them in the manifest as for a local build.

Dask retries the jobs of a worker that dies elsewhere; a job that keeps killing workers
fails alone. A cluster that goes away (the scheduler, or the connection to it) stops the
build with one error line, after what was made is written and recorded, so the next
build goes on from there. A worker whose filmbook, renderers, styles, templates or fonts
differ from this machine's would make different bytes: its jobs stop the build too.

Dask is imported here only, and only for a cluster build (``filmbook[cluster]``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from filmbook import __version__
from filmbook import manifest as manifests
from filmbook.build import Job, Options, Output, Target, make_outputs
from filmbook.dates import build_time, source_date_epoch
from filmbook.errors import FilmbookError
from filmbook.resources import TEMPLATES, contents_digest, font_dirs, styles_dir
from filmbook.targets import output_names

if TYPE_CHECKING:
    from distributed import Client, Future

LOCAL = re.compile(r"local:([1-9][0-9]{0,3})")
"""``local:N``: a cluster of N worker processes on this machine (at most 9999)."""
CONNECT_SECONDS = 30
POLL_SECONDS = 5
NO_WORKERS_SECONDS = 120
"""A cluster with no worker for this long has gone away as far as a build is concerned."""
TASKS_PER_THREAD = 4
"""Jobs in flight per worker thread: enough to keep every worker busy, few enough that
the scheduler never holds a whole archive's sources at once."""
USER_FILES = "filmbook-user-files"

_sessions: dict[str, Client] = {}
_rendering = threading.Lock()


class ClusterError(FilmbookError):
    """The cluster cannot be reached, went away, or has workers that would build
    different bytes: the build stops with one line."""


@contextlib.contextmanager
def session(address: str) -> Iterator[None]:
    """Connected to the scheduler at ``address`` for the length of the block.

    The CLI opens the session before reading the sources, so that a scheduler that
    cannot be reached is said at once, not after the whole archive was read. A local
    cluster is started only when there is something to make (``execute``).
    """
    if _local(address):
        yield
        return
    with _connected(address) as client:
        _sessions[address] = client
        try:
            yield
        finally:
            del _sessions[address]


def execute(address: str, jobs: Sequence[Job], options: Options) -> Iterator[tuple[Job, Output]]:
    """Each job's outputs as the cluster finishes it, the first jobs first submitted."""
    if not jobs:
        return  # nothing to make: no need for a cluster
    with _connection(address) as client:
        import distributed  # _connection said it if Dask is missing

        installed = installation()
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        build_time()  # a bad SOURCE_DATE_EPOCH is said here, once
        files = pack(options)
        shipped = client.scatter(files, broadcast=True) if files else None
        waiting = iter(jobs)
        pending: dict[str, tuple[Future, Job]] = {}
        workerless = time.monotonic()

        def submit(threads: int) -> None:
            while len(pending) < TASKS_PER_THREAD * max(1, threads):
                job = next(waiting, None)
                if job is None:
                    return
                sent = dataclasses.replace(
                    job, article=None, material=None
                )  # the worker reads them
                key = f"filmbook-{job.slug}-{uuid.uuid4().hex}"
                future = client.submit(work, sent, options, shipped, installed, epoch, key=key)
                pending[future.key] = (future, job)

        submit(_threads(client, address))
        while pending:
            futures = [future for future, _ in pending.values()]
            try:
                finished, _ = distributed.wait(
                    futures, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED"
                )
            except TimeoutError:
                finished = set()
            except CancelledError:  # Dask cancels every future when the scheduler is lost
                raise _lost(address) from None
            for future in finished:
                _, job = pending.pop(future.key)
                outputs = _outputs(future, job, address)
                future.release()
                yield from ((job, output) for output in outputs)
            threads = _threads(client, address)
            if threads:
                workerless = time.monotonic()
            elif time.monotonic() - workerless > NO_WORKERS_SECONDS:
                raise ClusterError(
                    f"the Dask cluster at {address} has had no workers for "
                    f"{NO_WORKERS_SECONDS} s: start some (dask worker {address}), then run "
                    "the build again to go on"
                )
            submit(threads)


def _threads(client: Client, address: str) -> int:
    """How many worker threads the cluster has now."""
    try:
        return sum(client.nthreads().values())
    except OSError:
        raise _lost(address) from None


def _lost(address: str) -> ClusterError:
    return ClusterError(
        f"lost the connection to the Dask scheduler at {address}: the outputs made so far "
        "are written and recorded; run the build again to go on"
    )


def _outputs(future: Future, job: Job, address: str) -> list[Output]:
    """The outputs of a finished task; a lost cluster or a worker that fails raises."""
    from distributed import KilledWorker

    if future.status == "error":  # the task raised on the worker
        error = future.exception()
        if isinstance(error, ClusterError):
            raise error
        if isinstance(error, KilledWorker):  # it crashed worker after worker: it fails alone
            return [
                Output(target, name, "bug", message=f"filmbook: bug while making {name}: {_KILLER}")
                for target, name in _names(job)
            ]
        advice = (
            f": install filmbook[cluster] {__version__} on every worker"
            if isinstance(error, ImportError)
            else ""
        )
        raise ClusterError(f"a Dask worker could not run filmbook ({_reason(error)}){advice}")
    try:
        outputs: list[Output] = future.result()
    except (CancelledError, OSError):  # cancelled when the scheduler was lost, or unreachable
        raise _lost(address) from None
    return outputs


_KILLER = "every Dask worker that tried to make it died"


def _names(job: Job) -> list[tuple[Target, str]]:
    return [(target, output_names(job.slug, target)[0]) for target in job.targets]


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:200]


# --- connecting ----------------------------------------------------------------------


@contextlib.contextmanager
def _connection(address: str) -> Iterator[Client]:
    """The session's client for ``address``, or a client of its own for one build."""
    if address in _sessions:
        yield _sessions[address]
        return
    with _connected(address) as client:
        yield client


@contextlib.contextmanager
def _connected(address: str) -> Iterator[Client]:
    """A client of the scheduler at ``address``, or of a new local cluster for ``local:N``.

    Dask's own log lines are silenced meanwhile (``_quiet``).
    """
    local = _local(address)
    try:
        import distributed
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'filmbook[cluster]'") from None
    with _quiet(), contextlib.ExitStack() as stack:
        try:
            if local:
                cluster = stack.enter_context(
                    distributed.LocalCluster(
                        n_workers=local,
                        threads_per_worker=1,  # a process per core: WeasyPrint holds the GIL
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,
                    )
                )
                client = distributed.Client(cluster)
            else:
                client = distributed.Client(address, timeout=CONNECT_SECONDS)
        except (OSError, ValueError) as error:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {address}: {_reason(error)}"
            ) from None
        stack.callback(client.close, timeout=5)
        yield client


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Dask's and Tornado's loggers off for the block (they print tracebacks while the
    client tries to reconnect): ``execute`` says a lost connection once, in one line."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in _NOISY]
    loggers = [logging.getLogger(name) for name in names]
    saved = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, disabled in zip(loggers, saved, strict=True):
            logger.disabled = disabled


_NOISY = ("distributed", "tornado", "asyncio")


def _local(address: str) -> int:
    """N for ``local:N``, 0 for a scheduler's address; anything else is refused."""
    local = LOCAL.fullmatch(address)
    if local:
        return int(local.group(1))
    if "://" not in address:
        raise ClusterError(
            f"--cluster {address!r}: give a scheduler's address (tcp://host:8786) "
            "or local:N for N worker processes on this machine"
        )
    return 0


# --- on the worker -------------------------------------------------------------------


def work(
    job: Job, options: Options, files: UserFiles | None, installed: str, epoch: str | None
) -> list[Output]:
    """A task on a worker: check that it builds the same bytes, then make the outputs
    with the client's user files and ``SOURCE_DATE_EPOCH`` (``epoch``)."""
    if installation() != installed:
        raise ClusterError(
            f"a Dask worker has a different filmbook ({describe()}, or other styles, "
            "templates or fonts) than this machine: install the same on every worker"
        )
    # One document at a time per process: WeasyPrint's font configuration is shared.
    with _rendering, source_date_epoch(epoch):
        if files is None:
            return make_outputs(job, options)
        style, templates = unpack(files, _scratch())
        outputs = make_outputs(job, dataclasses.replace(options, style=style, templates=templates))
    here = {p: q for p, q in ((style, options.style), (templates, options.templates)) if p and q}
    return [_said_locally(output, here) for output in outputs]


@functools.cache
def installation() -> str:
    """A digest of what shapes the bytes of an output here: the versions of filmbook and
    its renderers and filmbook's styles, templates and fonts."""
    return manifests.fingerprint({}, [styles_dir(), TEMPLATES, *font_dirs()])


def describe() -> str:
    """The versions that ``installation`` covers, for a message."""
    from importlib import metadata

    versions = []
    for package in manifests.RENDERERS:
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} ?")
    return ", ".join(versions)


def _scratch() -> Path:
    """The worker's own folder (Dask's), else the system's temporary folder."""
    try:
        from distributed import get_worker

        return Path(get_worker().local_directory)
    except (ImportError, ValueError):
        return Path(tempfile.gettempdir())


def _said_locally(output: Output, here: dict[Path, Path]) -> Output:
    """``output`` with the worker's copies of the user's files named as the user named
    them, so that an error about a stylesheet reads as in a local build."""
    message = output.message
    for copy, original in here.items():
        message = message.replace(copy.as_uri(), original.resolve().as_uri())
        message = message.replace(str(copy), str(original))
    return dataclasses.replace(output, message=message)


# --- the user's files ----------------------------------------------------------------


@dataclass(frozen=True)
class UserFiles:
    """The user's ``--style`` file and ``--templates`` folder, as bytes for the workers."""

    digest: str
    style: tuple[str, bytes] | None
    """The stylesheet's file name and bytes."""
    templates: tuple[tuple[str, bytes], ...] | None
    """Each file of the templates folder by its path inside it."""


def pack(options: Options) -> UserFiles | None:
    """The user's files of ``options``, or None when there are none.

    Only what a local build may read goes: the templates folder's files that are really
    inside it (a link pointing elsewhere is left out, as WeasyPrint's fetcher would
    refuse it).
    """
    if options.style is None and options.templates is None:
        return None
    style = None
    if options.style is not None:
        style = (options.style.name, _read(options.style))
    templates = None
    if options.templates is not None:
        root = options.templates.resolve()
        templates = tuple(
            (path.relative_to(root).as_posix(), _read(path))
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.resolve().is_relative_to(root)
        )
    return UserFiles(contents_digest(options.style, options.templates), style, templates)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise FilmbookError(f"{path}: cannot read: {error.strerror}") from None


def unpack(files: UserFiles, scratch: Path) -> tuple[Path | None, Path | None]:
    """Write ``files`` into ``scratch`` once, under their digest; their paths there.

    Written into a temporary folder and renamed into place, so a worker that died
    midway leaves nothing half-written under the digest.
    """
    folder = scratch / USER_FILES / files.digest
    if not folder.is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".{files.digest}.", dir=folder.parent))
        if files.style is not None:
            name, data = files.style
            (partial / "style").mkdir()
            (partial / "style" / Path(name).name).write_bytes(data)
        if files.templates is not None:
            (partial / "templates").mkdir()
            for name, data in files.templates:
                path = partial / "templates" / name
                if not path.resolve().is_relative_to((partial / "templates").resolve()):
                    continue  # not a path inside the folder: pack never makes one
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
        try:
            partial.rename(folder)
        except OSError:  # another worker of this folder was quicker: use its copy
            shutil.rmtree(partial, ignore_errors=True)
    style = folder / "style" / Path(files.style[0]).name if files.style else None
    templates = folder / "templates" if files.templates is not None else None
    return style, templates
