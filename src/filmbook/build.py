"""Turn source paths into outputs in the output folder, writing each one atomically.

This is the only module that writes into ``dist/``. A build runs in two phases: first
every source is read and normalised (so bad input is found before anything is written),
then each article's outputs are rendered — in parallel worker processes when asked — and
each file is written to a temporary file in the same folder and renamed over the old
one, so it appears whole or not at all.

Builds are incremental when asked: a manifest in the output folder records, for each
output, a hash of everything it depends on (the source, the options, filmbook's styles,
templates and fonts, the user's stylesheet and templates, the versions of filmbook and
its renderers); an output whose inputs did not change is not rebuilt.
"""

from __future__ import annotations

import concurrent.futures
import enum
import hashlib
import json
import logging
import os
import re
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TypedDict

from filmbook import __version__
from filmbook.errors import FilmbookError, InputError, OutputError, printable
from filmbook.model import Article
from filmbook.normalise import normalise
from filmbook.outputs import epub_file, handout_pdf, presskit_pdf, preview_files
from filmbook.plan import Facts, make_facts
from filmbook.printing import PdfOptions
from filmbook.resources import TEMPLATES, font_dirs, styles_dir
from filmbook.source import SourceText, read_source

logger = logging.getLogger("filmbook.build")

DEFAULT_SOURCE_DIR = Path("source")
MAX_SLUG_LENGTH = 80
MANIFEST = ".filmbook-manifest.json"
MANIFEST_VERSION = 2
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
"""A manifest larger than this (some 200,000 sources) is not filmbook's: it is ignored."""
MAX_NAME_LENGTH = 200
"""A slug ``_unique`` makes is at most some 170 characters; a remembered longer one is
not believed (with its suffixes it would make a file name too long for the system)."""
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
STALE_TEMPORARY_SECONDS = 600
"""A temporary file of ``write_atomic`` older than this was left by a killed build."""
_TEMPORARY_SUFFIX = re.compile(r"^[a-z0-9_]{8}$")
"""What ``tempfile.mkstemp`` puts after the prefix: eight of these characters."""
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What ``slug`` and ``_unique`` make: never a path, never empty."""


class Target(enum.Enum):
    """One kind of output."""

    PRESSKIT = "presskit"  # <slug>.pdf
    HANDOUT = "handout"  # <slug>-handout.pdf
    EPUB = "epub"  # <slug>.epub
    HTML = "html"  # <slug>.html, <slug>-handout.html and their styles, for a browser


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
    jobs: int = 1
    incremental: bool = False


@dataclass(frozen=True)
class Job:
    """One source and the outputs to make from it.

    ``article`` is None for a source that did not change since the last incremental
    build: it is normalised only if one of its outputs turns out to be stale.
    """

    source: SourceText
    article: Article | None
    slug: str
    targets: tuple[Target, ...]
    digest: str


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
    """The source files named, with folders expanded to their ``*.txt``; default ``source/``."""
    if not paths:
        if not DEFAULT_SOURCE_DIR.is_dir():
            raise FilmbookError("no SOURCE given and no source/ folder in this folder")
        paths = [str(DEFAULT_SOURCE_DIR)]
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if _is(path, S_ISDIR):
            inside = sorted(p for p in path.glob("*.txt") if _is(p, S_ISREG))
            if not inside:
                raise InputError(name, 0, "a folder with no *.txt source in it")
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
    return [normalise(read_source(path)) for path in paths]


def slug(article: Article) -> str:
    """A file name for the article's outputs that is safe on every system.

    Made from the title and its disambiguator (``house-1977-film``): only ASCII letters,
    digits and hyphens, at most 80 characters, never a name Windows reserves. A title
    with no such letters (``キュア``) falls back to the source file's name.
    """
    for candidate in (f"{article.title} {article.disambiguator or ''}", Path(article.source).stem):
        cleaned = _slugify(candidate)
        if cleaned:
            return f"film-{cleaned}" if _WINDOWS_RESERVED.match(cleaned) else cleaned
    return "article"


def _slugify(text: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return cleaned[:MAX_SLUG_LENGTH].strip("-")


def output_names(slug_: str, target: Target) -> tuple[str, ...]:
    """The files one target writes for one article, relative to the output folder."""
    if target is Target.PRESSKIT:
        return (f"{slug_}.pdf",)
    if target is Target.HANDOUT:
        return (f"{slug_}-handout.pdf",)
    if target is Target.EPUB:
        return (f"{slug_}.epub",)
    return (f"{slug_}.html", f"{slug_}-handout.html")  # and the styles/ they share


# --- the build ---------------------------------------------------------------------------


def plan(paths: Sequence[Path], options: Options) -> tuple[list[Job], list[InputError]]:
    """Read and normalise every source; return the jobs and the sources that failed."""
    jobs: list[Job] = []
    failed: list[InputError] = []
    shared = _fingerprint(options) if options.incremental else ""
    known = _read_manifest(options.out_dir)["sources"] if options.incremental else {}
    taken = _earlier_files(known, {str(path) for path in paths}, options.out_dir)
    for path in paths:
        try:
            source = read_source(path)
            digest = hashlib.sha256(f"{shared}\0{source.text}".encode()).hexdigest()
            remembered = known.get(source.path, {})
            known_slug = str(remembered.get("slug"))  # a slug: _read_manifest checked it
            if remembered.get("digest") == digest and _free(known_slug, taken):
                # Unchanged since the last build, so its slug is known: a no-op rebuild
                # of many sources must not normalise them all.
                taken.update(dict.fromkeys(_files(known_slug)))
                jobs.append(Job(source, None, known_slug, options.targets, digest))
                continue
            article = normalise(source)
        except InputError as error:
            failed.append(error)
            continue
        name = _unique(slug(article), Path(source.path).stem, taken)
        jobs.append(Job(source, article, name, options.targets, digest))
    return jobs, failed


Taken = dict[str, str | None]
"""File name → the slug whose file it is: None for a file of this build (no other source
may write it), a slug for another source's file from an earlier build (only the same
slug, the same film, may write it again)."""


def _earlier_files(known: Record, sources: set[str], out_dir: Path) -> Taken:
    """The files that earlier builds made for sources not in this one and that still exist."""
    taken: Taken = {}
    for path, entry in known.items():
        if path not in sources:
            slug_ = str(entry["slug"])
            taken.update((name, slug_) for name in _files(slug_) if (out_dir / name).exists())
    return taken


def _unique(name: str, stem: str, taken: Taken) -> str:
    """A slug none of whose files another source writes, in this build or before it.

    Two films called *House* get distinct files, and so do *Night* and *Night Handout*
    (``night-handout.pdf`` is the first one's handout and the second one's press kit),
    whether they are built together or one after the other.
    """
    candidate, number = name, 1
    if not _free(candidate, taken):
        candidate = f"{name}-{_slugify(stem)}".strip("-")
    while not _free(candidate, taken):
        number += 1
        candidate = f"{name}-{number}"
    taken.update(dict.fromkeys(_files(candidate)))
    return candidate


def _files(slug_: str) -> tuple[str, ...]:
    """Every file any target may write for ``slug_``."""
    return tuple(name for target in Target for name in output_names(slug_, target))


def _free(slug_: str, taken: Taken) -> bool:
    return all(name not in taken or taken[name] == slug_ for name in _files(slug_))


def run(
    jobs: Sequence[Job],
    options: Options,
    on_done: Callable[[str, str], None] = lambda name, status: None,
) -> Summary:
    """Make every job's outputs; ``on_done(name, status)`` hears of each as it finishes."""
    started = time.perf_counter()
    summary = Summary()
    manifest = _read_manifest(options.out_dir) if options.incremental else _empty()
    todo: list[Job] = []
    for job in jobs:
        fresh = [t for t in job.targets if _fresh(job, t, options.out_dir, manifest["outputs"])]
        for target in fresh:
            for name in output_names(job.slug, target):
                summary.up_to_date.append(name)
                on_done(name, "up to date")
        stale = tuple(t for t in job.targets if t not in fresh)
        if stale:
            todo.append(Job(job.source, job.article, job.slug, stale, job.digest))
        else:
            manifest["sources"][job.source.path] = {"digest": job.digest, "slug": job.slug}
    reported: set[str] = set()
    for job, name, status, records, message in _execute(todo, options):
        if status == "built":
            summary.built.append(name)
            manifest["outputs"].update(records)
            manifest["sources"][job.source.path] = {"digest": job.digest, "slug": job.slug}
        else:
            (summary.failed if status == "failed" else summary.bugs).append(name)
            if message not in reported:  # a bad stylesheet fails every output: say it once
                reported.add(message)
                logger.error("%s", message)
        on_done(name, "failed" if status != "built" else status)
    if options.incremental and summary.built:
        _write_manifest(options.out_dir, manifest)
    summary.seconds = time.perf_counter() - started
    return summary


Record = dict[str, dict[str, object]]


Made = tuple[Job, str, str, Record, str]
"""A job, one output's name, its status (``built``, ``failed`` for bad input or ``bug``),
its manifest records and the message that says why it failed."""


def _execute(todo: Sequence[Job], options: Options) -> Iterator[Made]:
    """Run the jobs in this process or in ``options.jobs`` worker processes."""
    if options.jobs <= 1 or len(todo) <= 1:
        for job in todo:
            yield from _make(job, options)
        return
    # The longest sources first, so that no worker is left with a big one at the end.
    ordered = sorted(todo, key=lambda job: -len(job.source.text))
    workers = min(options.jobs, len(todo))  # `-j 200` on three sources starts three
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(_make_all, job, options) for job in ordered]
        for future in concurrent.futures.as_completed(futures):
            yield from future.result()


def _make_all(job: Job, options: Options) -> list[Made]:
    return list(_make(job, options))


def _make(job: Job, options: Options) -> Iterator[Made]:
    """Render and write one job's targets; a failure is reported, never raised."""
    facts = make_facts(job.article or normalise(job.source))
    for target in job.targets:
        label = output_names(job.slug, target)[0]
        try:
            files = render(facts, job.slug, target, options)
            records: Record = {}
            for name, data in files.items():
                path = options.out_dir / name
                remove_stale_temporaries(path)
                write_atomic(path, data)
                records[name] = _record(job, target, path)
        except FilmbookError as error:  # bad input: a user's stylesheet or template
            yield job, label, "failed", {}, f"filmbook: error: {printable(str(error))}"
        except Exception:  # a bug: keep its traceback, go on with the other outputs
            yield (
                job,
                label,
                "bug",
                {},
                f"filmbook: bug while making {label}:\n{traceback.format_exc()}",
            )
        else:
            yield job, label, "built", records, ""


def render(facts: Facts, slug_: str, target: Target, options: Options) -> dict[str, bytes]:
    """The files of one target, by name relative to the output folder."""
    if target is Target.EPUB:
        # A --style written for print would fight the e-reader's settings: in a build
        # it styles the PDFs only; `filmbook epub --style` gives the EPUB its own.
        style = options.style if options.targets == (Target.EPUB,) else None
        return {f"{slug_}.epub": epub_file(facts, style=style, templates=options.templates)}

    pdf_options = PdfOptions(
        paper=options.paper,
        print_marks=options.print_marks,
        variant=options.variant,
        style=options.style,
        templates=options.templates,
    )
    if target is Target.PRESSKIT:
        return {f"{slug_}.pdf": presskit_pdf(facts, pdf_options)}
    if target is Target.HANDOUT:
        return {f"{slug_}-handout.pdf": handout_pdf(facts, pdf_options)}
    return preview_files(facts, pdf_options, name=slug_)


# --- writing -----------------------------------------------------------------------------


def remove_stale_temporaries(path: Path, max_age: float = STALE_TEMPORARY_SECONDS) -> None:
    """Remove the temporary files of ``path`` that a killed build left behind.

    ``write_atomic`` removes its temporary file on any error, but a build killed with
    SIGKILL (or a machine that lost power) cannot: its ``.NAME.XXXXXXXX`` stays. They are
    removed before the next write of the same output. Only files with exactly the name
    ``mkstemp`` gives and older than ``max_age`` go: a concurrent build writes its
    temporary file in one go and renames it within moments, so a young one may still be
    in use; a file of the user's that merely starts with ``.NAME.`` is never touched.
    """
    prefix = f".{path.name}."
    cutoff = time.time() - max_age
    try:
        candidates = [
            entry
            for entry in path.parent.iterdir()
            if entry.name.startswith(prefix)
            and _TEMPORARY_SUFFIX.match(entry.name.removeprefix(prefix))
        ]
    except OSError:
        return  # no folder yet, or not readable: write_atomic says what is wrong
    for entry in candidates:
        try:
            info = entry.lstat()
            if S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                entry.unlink()
        except OSError:
            continue  # gone meanwhile (another build removed it) or not ours to remove


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never half."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise OutputError(f"{path.parent}: cannot write there: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"{path}: cannot write: {error.strerror}") from None
        raise


# --- incremental builds ------------------------------------------------------------------


def _fingerprint(options: Options) -> str:
    """A hash of everything besides the source that outputs depend on."""
    digest = hashlib.sha256()
    settings = asdict(options)
    for key in ("out_dir", "jobs", "incremental", "targets"):
        settings.pop(key)
    digest.update(json.dumps(settings, default=str, sort_keys=True).encode())
    for package in ("filmbook", "weasyprint", "pydyf", "ebooklib", "pillow", "fonttools"):
        digest.update(f"{package}={_version(package)}".encode())
    digest.update(__version__.encode())
    roots = [styles_dir(), TEMPLATES, *font_dirs()]
    roots += [p for p in (options.style, options.templates) if p is not None]
    for root in roots:
        for file in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if file.is_file():
                digest.update(str(file.relative_to(root.parent)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def _version(package: str) -> str:
    from importlib import metadata  # only incremental builds need it: keep start-up fast

    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def _record(job: Job, target: Target, path: Path) -> dict[str, object]:
    stat = path.stat()
    return {
        "inputs": f"{job.digest}:{target.value}",
        "size": stat.st_size,
        "mtime": stat.st_mtime_ns,
    }


def _fresh(job: Job, target: Target, out_dir: Path, manifest: Record) -> bool:
    """Whether every file of ``target`` exists, untouched, from the same inputs."""
    for name in output_names(job.slug, target):
        record = manifest.get(name)
        path = out_dir / name
        if record is None or record.get("inputs") != f"{job.digest}:{target.value}":
            return False
        try:
            stat = path.stat()
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (record.get("size"), record.get("mtime")):
            return False
    return True


class Manifest(TypedDict):
    """What the last incremental builds into a folder made, and from what."""

    outputs: Record  # output name → {"inputs", "size", "mtime"}
    sources: Record  # source path → {"digest", "slug"}


def _empty() -> Manifest:
    return {"outputs": {}, "sources": {}}


def _read_manifest(out_dir: Path) -> Manifest:
    """The manifest's entries that have the shape filmbook writes; the rest are dropped.

    The manifest is a file anyone may edit (or commit): a remembered slug decides where
    outputs are written, so one that is not a slug (``../../x``) is never believed.
    """
    try:
        data = json.loads(_read_regular(out_dir / MANIFEST, MAX_MANIFEST_BYTES))
    except (OSError, ValueError, RecursionError):  # RecursionError: '[' nested 100,000 deep
        return _empty()
    manifest = _empty()
    if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION:
        outputs, sources = data.get("outputs"), data.get("sources")
        if isinstance(outputs, dict):
            manifest["outputs"] = {k: v for k, v in outputs.items() if isinstance(v, dict)}
        if isinstance(sources, dict):
            manifest["sources"] = {k: v for k, v in sources.items() if _is_source_entry(v)}
    return manifest


def _is_source_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("digest"), str)
        and isinstance(entry.get("slug"), str)
        and len(entry["slug"]) <= MAX_NAME_LENGTH
        and _SLUG.fullmatch(entry["slug"]) is not None
    )


def _read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Opened without blocking, so a pipe in its place never makes the build wait, and a
    device (``/dev/zero``) is never read.
    """
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
        info = os.fstat(stream.fileno())
        if not S_ISREG(info.st_mode) or info.st_size > limit:
            raise ValueError(f"{path}: not a manifest filmbook wrote")
        return stream.read(limit + 1)


def _write_manifest(out_dir: Path, manifest: Manifest) -> None:
    """Merge with what another build may have written meanwhile, then replace atomically."""
    merged = _read_manifest(out_dir)
    merged["outputs"].update(manifest["outputs"])
    merged["sources"].update(manifest["sources"])
    text = json.dumps({"version": MANIFEST_VERSION, **merged}, indent=1, sort_keys=True)
    remove_stale_temporaries(out_dir / MANIFEST)
    write_atomic(out_dir / MANIFEST, text.encode())
