"""Turn source paths into outputs in the output folder, writing each one atomically.

A build runs in two phases: first every source is read and normalised (so bad input is
found before anything is written), then each article's outputs are rendered — in this
process, in parallel worker processes, or on a Dask cluster (``cluster``) — and this
process writes each file with ``write_atomic``, so it appears whole or not at all.
Workers only turn a job into bytes: they write nothing, so a local build and a cluster
build write and record their outputs the same way. ``targets`` names the files,
``manifest`` remembers what an incremental build made so that fresh outputs are not
made again.

Both phases stream, so that a build of an export of thousands of pages runs in the
memory of a few: the first keeps of each source only its name and slug (``Jobs``), the
second reads the sources again as it hands them to the workers, a few at a time, and
each worker normalises its source again.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import heapq
import itertools
import logging
import multiprocessing
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from filmbook import garbage
from filmbook import manifest as manifests
from filmbook.atomic import remove_stale_temporaries, write_atomic
from filmbook.errors import FilmbookError, InputError, printable
from filmbook.material import read_material
from filmbook.model import Article
from filmbook.outputs import epub_file, handout_pdf, presskit_pdf, preview_files
from filmbook.plan import Facts, Licensing, make_facts
from filmbook.plan.attribution import CC_BY_SA
from filmbook.printing import PdfOptions
from filmbook.reader import SUFFIXES, Skipped, read_all, read_article
from filmbook.resources import TEMPLATES, font_dirs, styles_dir
from filmbook.source import SourceText
from filmbook.targets import Target, claim, earlier_files, free, output_names, slug, unique

__all__ = [
    "Job",
    "Jobs",
    "Options",
    "Output",
    "Summary",
    "Target",
    "articles",
    "find_sources",
    "load",
    "make_outputs",
    "plan",
    "run",
]

logger = logging.getLogger("filmbook.build")

DEFAULT_SOURCE_DIR = Path("source")
RECYCLE = 100
"""Jobs (films) a local worker process makes before it is replaced by a new one."""
IN_FLIGHT = 4
"""Jobs handed to each local worker process at a time: enough to keep it busy, few enough
that a build of thousands of sources never holds them all."""
LONGEST_FIRST_WINDOW = 64
"""Jobs looked ahead to start the longest first: all of a small build's, and a bounded
number of a big one's, whose sources are read as they are made."""


@dataclass(frozen=True)
class Options:
    """Everything a build depends on besides the sources."""

    out_dir: Path = Path("dist")
    targets: tuple[Target, ...] = (Target.PRESSKIT, Target.HANDOUT, Target.EPUB)
    paper: str = "a4"
    print_marks: bool = False
    variant: str | None = None
    style: Path | None = None
    templates: Path | None = None
    licensing: Licensing = CC_BY_SA
    jobs: int = 1
    incremental: bool = False
    """Keep a manifest in the output folder and skip the outputs it shows are fresh."""
    force: bool = False
    """With ``incremental``: make every output, and record them, so the next build is a no-op."""
    cluster: str | None = None
    """Render on a Dask cluster instead of local processes: a scheduler's address
    (``tcp://host:8786``) or ``local:N`` for a cluster of N processes on this machine."""


@dataclass(frozen=True)
class Job:
    """One source and the outputs to make from it; the worker normalises the source
    and reads its press material from the bytes the source carries (``source.material``)."""

    source: SourceText
    slug: str
    targets: tuple[Target, ...]
    digest: str


@dataclass(frozen=True)
class _Planned:
    """What the first phase keeps of a source it checked: its name and its slug."""

    key: str
    slug: str


class Jobs:
    """The jobs of a build, read from the sources again each time they are iterated.

    ``plan`` checked every source and kept only a ``_Planned`` record of each good one,
    by its place among the sources read; iterating reads the sources again, one at a
    time, and yields a ``Job`` for each of them (``shared`` is the digest of everything
    else the outputs depend on). A source changed since it was planned keeps its slug
    (its worker checks it again); one whose place now holds another is left out.
    """

    def __init__(
        self,
        paths: Sequence[Path],
        targets: tuple[Target, ...],
        shared: str,
        planned: dict[int, _Planned],
    ) -> None:
        self._paths = tuple(paths)
        self._targets = targets
        self._shared = shared
        self._planned = planned

    def __len__(self) -> int:
        return len(self._planned)

    def __iter__(self) -> Iterator[Job]:
        sources = enumerate(read_all(self._paths))
        while True:
            with _quiet():  # the warnings of the first reading were said
                found = next(sources, None)
            if found is None:
                return
            index, source = found
            planned = self._planned.get(index)
            # A page now at a planned page's place is another (the file changed): left out.
            if isinstance(source, SourceText) and planned and source.key == planned.key:
                digest = _digest(self._shared, source)
                yield Job(source, planned.slug, self._targets, digest)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The reader's warnings unsaid for the block: a source read again, or normalised
    again in a worker, was reported when it was planned."""
    logger = logging.getLogger("filmbook.normalise")
    saved = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = saved


@dataclass(frozen=True)
class Output:
    """One target of a job as a worker made it: its files' bytes, or why it failed."""

    target: Target
    name: str
    """The target's first file name (``house.pdf``), as progress and the summary say it."""
    status: str
    """``built``, ``failed`` (bad input: a user's stylesheet or template) or ``bug``."""
    files: dict[str, bytes] = field(default_factory=dict)
    """The files to write, by name relative to the output folder."""
    message: str = ""
    """Why it failed: one error line, or a bug's traceback."""


@dataclass
class Summary:
    """What a build did."""

    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Outputs not made because of bad input: a user's stylesheet or template."""
    bugs: list[str] = field(default_factory=list)
    """Outputs not made because of a bug in filmbook (its traceback was logged)."""
    refused: list[str] = field(default_factory=list)
    """Sources not built because they are bad input (each was reported on its line)."""
    seconds: float = 0.0

    def line(self) -> str:
        """``3 built, 0 up to date, 0 failed in 4.2 s``; ``, 1 source refused`` if any."""
        refused = len(self.refused)
        sources = f", {refused} source{'s' if refused > 1 else ''} refused" if refused else ""
        return (
            f"{len(self.built)} built, {len(self.up_to_date)} up to date, "
            f"{len(self.failed) + len(self.bugs)} failed{sources} in {self.seconds:.1f} s"
        )


# --- finding and reading sources -----------------------------------------------------


def find_sources(paths: Sequence[str]) -> list[Path]:
    """The source files named, with folders expanded to their sources (``*.txt``,
    ``*.wiki``, ``*.wikitext``, ``*.xml``); default ``source/``."""
    if not paths:
        if not DEFAULT_SOURCE_DIR.is_dir():
            raise FilmbookError("no SOURCE given and no source/ folder in this folder")
        paths = [str(DEFAULT_SOURCE_DIR)]
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if _is(path, S_ISDIR):
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and _is(p, S_ISREG)
            )
            if not inside:
                raise InputError(name, 0, "a folder with no *.txt, *.wiki or *.xml source in it")
            found.extend(inside)
        else:
            found.append(path)  # read_source says what is wrong with it, if anything
    return list(dict.fromkeys(found))


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    """Whether ``path`` is of ``kind``; False where it cannot be examined (too long a
    name, a folder the user may not enter), which ``read_source`` then reports."""
    try:
        return kind(path.stat().st_mode)
    except OSError:
        return False


def load(paths: Iterable[Path]) -> list[Article]:
    """Read and normalise every source; the first bad one raises ``InputError``."""
    return list(articles(paths))


def articles(paths: Iterable[Path]) -> Iterator[Article]:
    """Every source's article, read and normalised one at a time; the first bad one
    raises ``InputError``."""
    for source in read_all(paths):
        if isinstance(source, InputError):
            raise source
        if not isinstance(source, Skipped):  # a redirect: its warning was logged
            yield read_article(source)


# --- the build ---------------------------------------------------------------------------


def plan(paths: Sequence[Path], options: Options) -> tuple[Jobs, list[InputError]]:
    """Read and normalise every source; return the jobs and the sources that failed.

    Each source is read and normalised in turn and let go: the jobs keep only its name
    and slug, and read it again when they are iterated (``Jobs``).
    """
    planned: dict[int, _Planned] = {}
    failed: list[InputError] = []
    shared = _fingerprint(options) if options.incremental else ""
    known = manifests.read_manifest(options.out_dir) if options.incremental else manifests.empty()
    taken = earlier_files(manifests.slugs(known), {str(path) for path in paths}, options.out_dir)
    for index, source in enumerate(read_all(paths)):
        if isinstance(source, InputError):
            failed.append(source)
            continue
        if isinstance(source, Skipped):  # a redirect: its warning was logged
            continue
        try:
            remembered = known["sources"].get(source.key, {})
            known_slug = str(remembered.get("slug"))  # a slug: read_manifest checked it
            unchanged = remembered.get("digest") == _digest(shared, source)
            if unchanged and not options.force and free(known_slug, taken):
                # Unchanged since the last build, so its slug is known: a no-op rebuild
                # of many sources must not normalise them all.
                claim(known_slug, taken)
                planned[index] = _Planned(source.key, known_slug)
                continue
            article = read_article(source)
            read_material(source)  # bad press material is bad input, found before writing
        except InputError as error:
            failed.append(error)
            continue
        planned[index] = _Planned(source.key, unique(slug(article), Path(source.path).stem, taken))
    return Jobs(paths, options.targets, shared, planned), failed


def _digest(shared: str, source: SourceText) -> str:
    """A hash of what a source's outputs are made from: the settings (``shared``), its
    text, and its press-material file and images."""
    digest = hashlib.sha256(f"{shared}\0{source.text}".encode())
    if source.material is not None:
        digest.update(b"\0material\0" + source.material.data)
        for name, data in source.material.images:
            digest.update(b"\0image\0" + name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _fingerprint(options: Options) -> str:
    """A hash of everything besides the source that outputs depend on."""
    settings = asdict(options)
    for key in ("out_dir", "jobs", "incremental", "force", "targets", "cluster"):
        settings.pop(key)
    roots = [styles_dir(), TEMPLATES, *font_dirs()]
    roots += [p for p in (options.style, options.templates) if p is not None]
    return manifests.fingerprint(settings, roots)


def run(
    jobs: Jobs | Sequence[Job],
    options: Options,
    on_done: Callable[[str, str], None] = lambda name, status: None,
) -> Summary:
    """Make every job's outputs; ``on_done(name, status)`` hears of each as it finishes.

    The jobs are taken one by one as workers are free for them, so only those being
    made are held. Whatever stops the build midway (Ctrl-C, a cluster that went away),
    the outputs written so far are recorded in the manifest, so the next build goes on
    from there.
    """
    started = time.perf_counter()
    summary = Summary()
    manifest = (
        manifests.read_manifest(options.out_dir) if options.incremental else manifests.empty()
    )

    def stale() -> Iterator[Job]:
        for job in jobs:
            fresh = [
                t
                for t in job.targets
                if not options.force and _fresh(job, t, options.out_dir, manifest)
            ]
            for target in fresh:
                for name in output_names(job.slug, target):
                    summary.up_to_date.append(name)
                    on_done(name, "up to date")
            todo = tuple(t for t in job.targets if t not in fresh)
            if todo:
                yield Job(job.source, job.slug, todo, job.digest)
            else:
                manifest["sources"][job.source.key] = {"digest": job.digest, "slug": job.slug}

    reported: set[str] = set()
    try:
        for job, made in _execute(stale(), len(jobs), options):
            output = _write(made, options.out_dir)
            if output.status == "built":
                summary.built.append(output.name)
                inputs = _inputs(job, output.target)
                for name in output.files:
                    record = manifests.record(inputs, options.out_dir / name)
                    manifest["outputs"][name] = record
                manifest["sources"][job.source.key] = {"digest": job.digest, "slug": job.slug}
            else:
                (summary.failed if output.status == "failed" else summary.bugs).append(output.name)
                if output.message not in reported:  # a bad stylesheet fails every output
                    reported.add(output.message)
                    logger.error("%s", output.message)
            on_done(output.name, "built" if output.status == "built" else "failed")
    finally:
        if options.incremental and summary.built:
            manifests.write_manifest(options.out_dir, manifest)
        summary.seconds = time.perf_counter() - started
    return summary


def _execute(todo: Iterable[Job], count: int, options: Options) -> Iterator[tuple[Job, Output]]:
    """Each job's outputs as they are made: here, in ``options.jobs`` worker processes or
    on ``options.cluster``; ``count`` is how many jobs there are at most."""
    waiting = iter(todo)
    first = next(waiting, None)
    if first is None:
        return  # nothing to make: no worker, no cluster
    ordered = _longest_first(itertools.chain((first,), waiting))
    if options.cluster is not None:
        from filmbook.cluster import execute  # Dask only for a cluster build

        yield from execute(options.cluster, ordered, options)
        return
    if options.jobs <= 1 or count <= 1:
        for job in ordered:  # one output at a time: each is written before the next is made
            made = garbage.each_in_one_pass(_make(job, options))  # as in a worker
            yield from ((job, output) for output in made)
        return
    workers = min(options.jobs, count)  # `-j 200` on three sources starts three
    # WeasyPrint 70 leaked some 1 MiB a film in Pango (``layout_leak`` stops it); in a
    # long build each worker is still replaced after RECYCLE jobs, against a leak in a
    # user's style or a future renderer, at the cost of a new process's imports. A short
    # build keeps its forked workers, which start at once.
    recycle = RECYCLE if count > RECYCLE * workers else None
    context = multiprocessing.get_context("spawn" if recycle else None)
    pool = concurrent.futures.ProcessPoolExecutor(workers, context, max_tasks_per_child=recycle)
    futures: dict[concurrent.futures.Future[list[Output]], Job] = {}
    try:
        for job in ordered:
            futures[pool.submit(make_outputs, job, options)] = job
            while len(futures) >= IN_FLIGHT * workers:
                yield from _finished(futures, concurrent.futures.FIRST_COMPLETED)
        while futures:  # each as it finishes: written, shown and recorded at once
            yield from _finished(futures, concurrent.futures.FIRST_COMPLETED)
    finally:  # stopped midway (Ctrl-C): start no more jobs
        pool.shutdown(cancel_futures=True)


def _finished(
    futures: dict[concurrent.futures.Future[list[Output]], Job], until: str
) -> Iterator[tuple[Job, Output]]:
    """The outputs of the jobs that finished, waiting for them as ``until`` says."""
    done, _ = concurrent.futures.wait(futures, return_when=until)
    for future in done:
        job = futures.pop(future)
        yield from ((job, output) for output in future.result())


def _longest_first(jobs: Iterable[Job]) -> Iterator[Job]:
    """The longest sources first, so that no worker is left with a big one at the end:
    all of them in a build of ``LONGEST_FIRST_WINDOW`` sources or fewer, the longest of
    the next ones read in a bigger build."""
    window: list[tuple[int, int, Job]] = []
    for number, job in enumerate(jobs):
        heapq.heappush(window, (-len(job.source.text), number, job))
        if len(window) > LONGEST_FIRST_WINDOW:
            yield heapq.heappop(window)[2]
    while window:
        yield heapq.heappop(window)[2]


def make_outputs(job: Job, options: Options) -> list[Output]:
    """Every output of one job, as bytes: what a worker process does with a job.

    It reads no source and writes no file; what it renders depends only on its
    arguments (and, for ``options.style`` and ``options.templates``, those files). The
    garbage it leaves is collected in one pass when it is done (``garbage.one_pass``).
    """
    with garbage.one_pass():
        return list(_make(job, options))


def _make(job: Job, options: Options) -> Iterator[Output]:
    """Render one job's targets in turn; a failure is reported, never raised."""
    try:
        with _quiet():  # its warnings were said when it was planned
            facts = make_facts(read_article(job.source), read_material(job.source))
    except InputError as error:  # changed into bad input since it was planned
        message = f"filmbook: error: {printable(str(error))}"
        for target in job.targets:
            yield Output(target, output_names(job.slug, target)[0], "failed", message=message)
        return
    for target in job.targets:
        name = output_names(job.slug, target)[0]
        try:
            files = render(facts, job.slug, target, options)
        except FilmbookError as error:  # bad input: a user's stylesheet or template
            message = f"filmbook: error: {printable(str(error))}"
            yield Output(target, name, "failed", message=message)
        except Exception:  # a bug: keep its traceback, go on with the other outputs
            message = f"filmbook: bug while making {name}:\n{traceback.format_exc()}"
            yield Output(target, name, "bug", message=message)
        else:
            yield Output(target, name, "built", files)


def _write(output: Output, out_dir: Path) -> Output:
    """Write an output's files atomically; an output that cannot be written failed."""
    try:
        for name, data in output.files.items():
            path = out_dir / name
            remove_stale_temporaries(path)
            write_atomic(path, data)
    except FilmbookError as error:  # a folder that is not writable, a full disk
        message = f"filmbook: error: {printable(str(error))}"
        return Output(output.target, output.name, "failed", message=message)
    return output


def render(facts: Facts, slug_: str, target: Target, options: Options) -> dict[str, bytes]:
    """The files of one target, by name relative to the output folder."""
    if target is Target.EPUB:
        # A --style written for print would fight the e-reader's settings: in a build
        # it styles the PDFs only; `filmbook epub --style` gives the EPUB its own.
        style = options.style if options.targets == (Target.EPUB,) else None
        book = epub_file(
            facts, style=style, templates=options.templates, licensing=options.licensing
        )
        return {f"{slug_}.epub": book}

    pdf_options = PdfOptions(
        paper=options.paper,
        print_marks=options.print_marks,
        variant=options.variant,
        style=options.style,
        templates=options.templates,
        licensing=options.licensing,
    )
    if target is Target.PRESSKIT:
        return {f"{slug_}.pdf": presskit_pdf(facts, pdf_options)}
    if target is Target.HANDOUT:
        return {f"{slug_}-handout.pdf": handout_pdf(facts, pdf_options)}
    return preview_files(facts, pdf_options, name=slug_)


def _inputs(job: Job, target: Target) -> str:
    """What one output is made from, as the manifest records it."""
    return f"{job.digest}:{target.value}"


def _fresh(job: Job, target: Target, out_dir: Path, manifest: manifests.Manifest) -> bool:
    names = output_names(job.slug, target)
    return manifests.fresh(names, _inputs(job, target), out_dir, manifest["outputs"])
