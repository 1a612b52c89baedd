"""Turn each benchmark of issues 6 and 15 into commands, runs and result rows.

Every scenario prepares its inputs untimed (articles, the HTML filmbook produced, the
Markdown for pandoc), then measures filmbook and what it is compared with side by side
(``measure.measure`` interleaves their runs) and returns rows that carry the goal and
whether it holds. The numbers follow the list in the issue:

1. ``filmbook pdf`` against ``weasyprint`` on filmbook's own HTML and CSS;
2. ``filmbook pdf`` against ``pandoc --pdf-engine=weasyprint`` on the same article;
3. ``filmbook epub`` against pandoc's EPUB writer, single shot and per article in a batch;
4. ``filmbook build --jobs 2`` against ``--jobs 1`` and ``--cluster local:2``, and a
   no-op rebuild;
5. growth of time and memory with the size of the article;
6. (issue 15) ``filmbook pdf`` of a folder of 100 films against pandoc → WeasyPrint once
   per film;
7. (issue 15) one warm worker over 100 films: its memory after 10 and after 100, the
   time per film, and from those a scale-out estimate for 150,000 articles.
8. reading a ``Special:Export`` file of many pages (issue 13): time and memory against
   the number of pages.
9. (issue 14) ``filmbook book`` of a catalogue of 25, 100 and 200 films against
   ``filmbook pdf`` making the same films' press kits, one process each: time and peak
   memory against the number of films.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import synthetic
from measure import Command, Measurement, Sample, measure
from report import scale_out
from to_markdown import to_markdown

MIB_PER_WORKER = 250
LINEAR_SLACK = 18 / 16  # "16× the size ≤ 18× the time"
SPEEDUP = 1.8  # build --jobs 2 against --jobs 1 (issue 15; issue 6 asked 1.7)
PDF_BATCH_RATIO = 0.50  # filmbook pdf per film against pandoc → WeasyPrint per film
RSS_GROWTH = 1.05  # "no growth": the RSS after 100 films within 5 % of the RSS after 10
ARCHIVE = 150_000  # articles, for the scale-out estimate
WORKERS = (1, 16, 64)


@dataclass(frozen=True)
class Settings:
    """How much to run: the full benchmark or the ``--quick`` smoke run."""

    runs: int
    warmup: int
    epub_batch: int
    build_batch: int
    noop_batch: int
    scales: tuple[int, ...]
    pdf_batch: int
    worker_films: int
    batch_runs: int
    """Runs of the long batches (builds, 100 PDFs): each run is already a mean over films."""
    export_pages: tuple[int, int]
    plan_pages: tuple[int, int]
    """The pages of the exports whose build is read without rendering (row 8's plan)."""
    catalogue_films: tuple[int, ...] = (25, 100, 200)
    catalogue_peers: tuple[int, ...] = (25, 100)

    @classmethod
    def full(cls, runs: int = 5) -> Settings:
        """The sizes the issues ask for."""
        return cls(
            runs,
            warmup=1,
            epub_batch=100,
            build_batch=40,
            noop_batch=100,
            scales=(1, 4, 16),
            pdf_batch=100,
            worker_films=100,
            batch_runs=min(runs, 3),
            export_pages=(100, 400),
            plan_pages=(100, 1000),
        )

    @classmethod
    def quick(cls, runs: int = 3) -> Settings:
        """Small batches and sizes, for a smoke run of a few minutes."""
        return cls(
            runs,
            warmup=0,
            epub_batch=10,
            build_batch=2,
            noop_batch=6,
            scales=(1, 2),
            pdf_batch=3,
            worker_films=11,
            batch_runs=1,
            export_pages=(10, 40),
            plan_pages=(10, 100),
            catalogue_films=(3, 6, 12),
            catalogue_peers=(3, 6),
        )


@dataclass(frozen=True)
class Tools:
    """The programs measured, all from this virtual environment."""

    filmbook: Path
    weasyprint: Path
    pandoc: Path

    @classmethod
    def find(cls) -> Tools:
        """filmbook and weasyprint beside this Python; pandoc from ``pypandoc-binary``."""
        import pypandoc  # type: ignore[import-untyped]

        bin_dir = Path(sys.executable).parent
        return cls(bin_dir / "filmbook", bin_dir / "weasyprint", Path(pypandoc.get_pandoc_path()))


@dataclass(frozen=True)
class Context:
    """Where a benchmark run keeps its inputs and outputs, and what it runs."""

    work: Path
    seed: Path
    tools: Tools
    settings: Settings
    figures: dict[str, float] = field(default_factory=dict)
    """Figures one scenario leaves for a later one (seconds per film of the builds)."""
    sections: list[str] = field(default_factory=list)
    """Markdown a scenario adds after the results table (the scale-out estimate)."""

    def folder(self, name: str) -> Path:
        """A fresh, empty folder in the work area."""
        path = self.work / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def filmbook(self, *args: str | Path) -> list[str]:
        """A ``filmbook`` command line."""
        return [str(self.tools.filmbook), *map(str, args)]

    def batch(self, count: int, scale: float = 1.0) -> Path:
        """A folder of ``count`` generated articles (the same articles for the same count)."""
        folder = self.work / f"batch-{count}-{scale:g}x"
        if not folder.is_dir():
            synthetic.write_batch(folder, count, scale=scale)
        return folder


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    number: str
    what: str
    ours: Measurement
    theirs: Measurement | None
    ratio: float | None
    goal: str
    holds: bool | None
    per: int = 1  # articles per run, to show the time per article too
    note: str = ""


def run_untimed(argv: Sequence[str | Path], cwd: Path | None = None) -> str:
    """Run a preparation step; return its stderr; raise with it if the step fails."""
    result = subprocess.run(list(map(str, argv)), capture_output=True, text=True, cwd=cwd)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, argv))} failed:\n{result.stderr[-2000:]}")
    return result.stderr


def fresh(path: Path) -> Callable[[], None]:
    """A ``prepare`` step that empties an output folder, so every run starts from nothing."""

    def empty() -> None:
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)

    return empty


def write_markdown(source: Path, folder: Path) -> Path:
    """The article at ``source`` as Markdown for pandoc, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{source.stem}.md"
    target.write_text(to_markdown(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


# --- 1 and 2: the press kit PDF ----------------------------------------------------------


def pdf_rows(ctx: Context) -> list[Row]:
    """filmbook pdf against bare WeasyPrint on its HTML, and against pandoc + WeasyPrint."""
    html = _filmbook_html(ctx)
    markdown = write_markdown(ctx.seed, ctx.work / "markdown")
    out = ctx.folder("out-pdf")
    ours = Command("filmbook pdf", ctx.filmbook("pdf", ctx.seed, "-o", out / "filmbook"))
    bare = Command("weasyprint", [str(ctx.tools.weasyprint), str(html), str(out / "bare.pdf")])
    pandoc = Command(
        "pandoc → weasyprint",
        [
            str(ctx.tools.pandoc),
            str(markdown),
            "--standalone",
            f"--pdf-engine={ctx.tools.weasyprint}",
            "-o",
            str(out / "pandoc.pdf"),
        ],
        cwd=out,  # pandoc leaves its toPdfViaTempFile* files in the folder it runs in
    )
    runs, warmup = ctx.settings.runs, ctx.settings.warmup
    filmbook, weasyprint, via_pandoc = measure([ours, bare, pandoc], runs, warmup)
    ours_pdf = next((out / "filmbook").glob("*.pdf"))
    same = _content(ours_pdf) == _content(out / "bare.pdf")
    overhead = filmbook.seconds / weasyprint.seconds
    against_pandoc = filmbook.seconds / via_pandoc.seconds
    return [
        Row(
            "1",
            "press kit PDF: filmbook pdf / weasyprint on filmbook's HTML+CSS",
            filmbook,
            weasyprint,
            overhead,
            "≤ 1.10×",
            overhead <= 1.10,
            note="weasyprint's PDF has the same pages and text as filmbook's"
            if same
            else "weasyprint's PDF differs from filmbook's: the comparison is not like for like",
        ),
        Row(
            "2",
            "press kit PDF: filmbook pdf / pandoc --pdf-engine=weasyprint",
            filmbook,
            via_pandoc,
            against_pandoc,
            "≤ 0.80×",
            against_pandoc <= 0.80,
            note=f"pages: filmbook {_pages(ours_pdf)}, pandoc {_pages(out / 'pandoc.pdf')} "
            "(pandoc's default HTML template: no cover, fact sheet or pull quotes); "
            "bare WeasyPrint on filmbook's HTML alone takes "
            f"{weasyprint.seconds / via_pandoc.seconds:.2f}× pandoc's time: the floor for "
            "filmbook pdf without a lighter document",
        ),
    ]


def _content(pdf: Path) -> list[str]:
    """The text of each page of ``pdf`` (pypdf, from filmbook's test extras)."""
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def _pages(pdf: Path) -> int:
    """The number of pages of ``pdf``."""
    return len(_content(pdf))


def _filmbook_html(ctx: Context) -> Path:
    """The press kit's HTML (with its CSS and fonts beside it) as filmbook writes it."""
    folder = ctx.folder("html")
    run_untimed(ctx.filmbook("html", ctx.seed, "-o", folder))
    pages = sorted(p for p in folder.rglob("*.html") if "handout" not in p.name)
    if not pages:
        raise RuntimeError(f"filmbook html wrote no press kit page into {folder}")
    return pages[0]


def pdf_batch_rows(ctx: Context) -> list[Row]:
    """One ``filmbook pdf FOLDER`` over 100 films against pandoc → WeasyPrint per film."""
    count = ctx.settings.pdf_batch
    sources = ctx.batch(count)
    markdown = _markdown_batch(ctx, count, sources)
    out = ctx.folder("out-pdf-batch")
    script = (
        'p=$1; w=$2; o=$3; shift 3; for f; do "$p" "$f" --standalone --pdf-engine="$w" '
        '-o "$o/${f##*/}.pdf" || exit 1; done'
    )
    files = [str(path) for path in sorted(markdown.glob("*.md"))]
    pandoc = Command(
        f"pandoc → weasyprint ×{count}",
        ["sh", "-c", script, "sh", str(ctx.tools.pandoc), str(ctx.tools.weasyprint),
         str(out / "pandoc"), *files],
        prepare=fresh(out / "pandoc"),
        cwd=out,  # pandoc leaves its toPdfViaTempFile* files in the folder it runs in
    )  # fmt: skip
    serial = _serial(ctx)
    ours = Command(
        f"filmbook pdf ×{count}",
        ctx.filmbook("pdf", sources, "-o", out / "filmbook", *serial),
        prepare=fresh(out / "filmbook"),
    )
    pooled = Command(
        f"filmbook pdf ×{count}, -j one per core",
        ctx.filmbook("pdf", sources, "-o", out / "pooled"),
        prepare=fresh(out / "pooled"),
    )
    commands = [ours, pandoc, pooled] if serial else [ours, pandoc]
    filmbook, via_pandoc, *rest = measure(commands, ctx.settings.batch_runs, warmup=0)
    ratio = filmbook.seconds / via_pandoc.seconds
    return [
        Row(
            "6",
            f"press kit PDF, per film in a folder of {count}: filmbook pdf / pandoc → weasyprint",
            filmbook,
            via_pandoc,
            ratio,
            f"≤ {PDF_BATCH_RATIO:.2f}×",
            ratio <= PDF_BATCH_RATIO,
            per=count,
            note="filmbook: one `filmbook pdf FOLDER --jobs 1` (one process, serial, warm "
            "after the first film); pandoc: one `pandoc X.md --pdf-engine=weasyprint` per "
            "film, one after another (each starts pandoc and a WeasyPrint process). The cpu "
            "ratio is the per-document cost without the machine's load",
        ),
        *(
            Row(
                "6b",
                f"the same {count} films as `filmbook pdf FOLDER` runs by default: one worker "
                "process per core / pandoc → weasyprint",
                pool,
                via_pandoc,
                pool.seconds / via_pandoc.seconds,
                "—",
                None,
                per=count,
                note="what a user waits for on this machine's cores; not the goal's measure, "
                "which is row 6's cost of a document (pandoc's side runs as row 6 does, one "
                "film after another)",
            )
            for pool in rest
        ),
    ]


def _serial(ctx: Context, command: str = "pdf") -> list[str]:
    """``--jobs 1`` for the filmbook measured, whose ``command`` renders a folder in one
    process per core by default; nothing for one without the option (it was serial)."""
    usage = subprocess.run(
        [ctx.tools.filmbook, command, "--help"], capture_output=True, text=True, check=True
    ).stdout
    return ["--jobs", "1"] if "--jobs" in usage else []


def _markdown_batch(ctx: Context, count: int, sources: Path) -> Path:
    """The batch's articles as Markdown for pandoc (made once per work folder)."""
    folder = ctx.work / f"markdown-{count}"
    if not folder.is_dir():
        for source in sorted(sources.glob("*.txt")):
            write_markdown(source, folder)
    return folder


# --- 3: EPUB -----------------------------------------------------------------------------


def epub_rows(ctx: Context) -> list[Row]:
    """filmbook epub against pandoc, one article, then a batch (see ``_pandoc_batch``)."""
    out = ctx.folder("out-epub")
    markdown = write_markdown(ctx.seed, ctx.work / "markdown")
    pandoc = [str(ctx.tools.pandoc), str(markdown), "-o", str(out / "pandoc.epub")]
    single = measure(
        [
            Command("filmbook epub", ctx.filmbook("epub", ctx.seed, "-o", out / "filmbook")),
            Command("pandoc → epub", pandoc),
        ],
        ctx.settings.runs,
        ctx.settings.warmup,
    )
    count = ctx.settings.epub_batch
    sources = ctx.batch(count)
    markdown_folder = _markdown_batch(ctx, count, sources)
    batch_out = out / "batch-filmbook"
    batch = measure(
        [
            Command(
                f"filmbook epub ×{count}",
                ctx.filmbook("epub", sources, "-o", batch_out, *_serial(ctx, "epub")),
                prepare=fresh(batch_out),
            ),
            _pandoc_batch(ctx, markdown_folder, out / "batch-pandoc"),
        ],
        ctx.settings.runs,
        warmup=0,
    )
    single_ratio = single[0].seconds / single[1].seconds
    batch_ratio = batch[0].seconds / batch[1].seconds
    return [
        Row(
            "3a",
            "EPUB, one article: filmbook epub / pandoc",
            single[0],
            single[1],
            single_ratio,
            "—",
            None,
        ),
        Row(
            "3b",
            f"EPUB, per article in a batch of {count}: filmbook epub / pandoc",
            batch[0],
            batch[1],
            batch_ratio,
            "≤ 0.50×",
            batch_ratio <= 0.50,
            per=count,
            note="filmbook: one `filmbook epub FOLDER --jobs 1` call (one process, serial); "
            "pandoc: one `pandoc X.md -o X.epub` per article, one after another",
        ),
    ]


def _pandoc_batch(ctx: Context, markdown: Path, out: Path) -> Command:
    """pandoc has no batch mode for separate books: one process per article, in sequence.

    ``filmbook epub`` over a folder is one serial process too, so both use one core.
    """
    script = 'p=$1; o=$2; shift 2; for f; do "$p" "$f" -o "$o/${f##*/}.epub" || exit 1; done'
    files = [str(path) for path in sorted(markdown.glob("*.md"))]
    return Command(
        f"pandoc ×{len(files)}",
        ["sh", "-c", script, "sh", str(ctx.tools.pandoc), str(out), *files],
        prepare=fresh(out),
    )


# --- 4: parallel and incremental builds --------------------------------------------------


def build_rows(ctx: Context) -> list[Row]:
    """build --jobs 2 and --cluster local:2 against --jobs 1 from empty folders, then a
    no-op rebuild."""
    count = ctx.settings.build_batch
    sources = ctx.batch(count)
    one, two, dask = ctx.work / "build-j1", ctx.work / "build-j2", ctx.work / "build-dask"
    serial, parallel, cluster = measure(
        [
            Command(
                "build --jobs 1",
                ctx.filmbook("build", sources, "-o", one, "--jobs", "1"),
                prepare=fresh(one),
            ),
            Command(
                "build --jobs 2",
                ctx.filmbook("build", sources, "-o", two, "--jobs", "2"),
                prepare=fresh(two),
            ),
            Command(
                "build --cluster local:2",
                ctx.filmbook("build", sources, "-o", dask, "--cluster", "local:2"),
                prepare=fresh(dask),
            ),
        ],
        ctx.settings.batch_runs,
        warmup=0,
    )
    for name, result in (("jobs 1", serial), ("jobs 2", parallel), ("local:2", cluster)):
        ctx.figures[f"build {name}"] = result.seconds / count
    speedup = serial.seconds / parallel.seconds
    memory_ok = max(serial.peak_mib, parallel.peak_mib) <= MIB_PER_WORKER
    over_pool = cluster.seconds / parallel.seconds
    rows = [
        Row(
            "4a",
            f"build {count} articles: --jobs 1 time / --jobs 2 time (speed-up)",
            parallel,
            serial,
            speedup,
            f"≥ {SPEEDUP}×, ≤ {MIB_PER_WORKER} MiB/worker",
            speedup >= SPEEDUP and memory_ok,
            per=count,
            note="each run builds into an empty folder: press kit, handout and EPUB per "
            "article; cpu ratio: CPU time of --jobs 2 over --jobs 1, the work parallelism adds",
        ),
        Row(
            "4c",
            f"build {count} articles: --cluster local:2 / --jobs 2 (what Dask adds)",
            cluster,
            parallel,
            over_pool,
            "—",
            None,
            per=count,
            note="a Dask LocalCluster of two worker processes, started by the build: its "
            "start-up, the scheduler and sending sources and outputs through it, against "
            "the process pool. Peak memory: the largest single process (`wait4` counts the "
            "nanny-started workers only if the build waits for them)",
        ),
    ]
    return [*rows, _noop_row(ctx, two)]


def _noop_row(ctx: Context, built: Path) -> Row:
    """A second ``filmbook build`` into a folder that is up to date."""
    count = ctx.settings.noop_batch
    sources = ctx.batch(count)
    folder = ctx.work / "build-noop"
    shutil.rmtree(folder, ignore_errors=True)
    if built.is_dir() and count >= ctx.settings.build_batch:
        shutil.copytree(built, folder)  # the first articles are the same ones: reuse them
    run_untimed(ctx.filmbook("build", sources, "-o", folder, "--jobs", "2"))
    said = run_untimed(ctx.filmbook("build", sources, "-o", folder))
    noop = Command(f"build ×{count}, nothing changed", ctx.filmbook("build", sources, "-o", folder))
    (result,) = measure([noop], ctx.settings.runs, ctx.settings.warmup)
    really = said.strip().splitlines()[-1].startswith("0 built")
    return Row(
        "4b",
        f"no-op rebuild of {count} articles",
        result,
        None,
        None,
        "< 1 s",
        result.seconds < 1.0 and really,
        per=count,
        note="" if really else f"not a no-op: {said.strip().splitlines()[-1]}",
    )


# --- 5: growth ---------------------------------------------------------------------------


def growth_rows(ctx: Context) -> list[Row]:
    """filmbook pdf and epub on articles of 1×, 4×, 16× the seed's size."""
    folder = ctx.folder("growth")
    vocabulary = synthetic.read_vocabulary()
    sources: dict[int, Path] = {}
    for scale in ctx.settings.scales:
        sources[scale] = folder / f"growth-{scale}x.txt"
        sources[scale].write_text(synthetic.article(scale, 1, vocabulary), encoding="utf-8")
    rows: list[Row] = []
    for command in ("pdf", "epub"):
        out = ctx.folder(f"out-growth-{command}")
        results = measure(
            [
                Command(f"filmbook {command} {scale}×", ctx.filmbook(command, path, "-o", out))
                for scale, path in sources.items()
            ],
            ctx.settings.runs,
            warmup=0,
        )
        rows.extend(_growth(command, sources, results))
    return rows


def _growth(command: str, sources: dict[int, Path], results: list[Measurement]) -> list[Row]:
    """Each size against the smallest: time ratio against size ratio, and memory."""
    base_size = sources[min(sources)].stat().st_size
    base = results[0]
    rows = []
    for (scale, path), result in zip(sources.items(), results, strict=True):
        size_ratio = path.stat().st_size / base_size
        ratio = result.seconds / base.seconds
        memory_ok = result.peak_mib <= MIB_PER_WORKER
        linear = ratio <= LINEAR_SLACK * size_ratio
        goal = f"≤ {MIB_PER_WORKER} MiB"
        if scale != min(sources):
            goal = f"time ≤ {LINEAR_SLACK * size_ratio:.1f}× (size {size_ratio:.1f}×), {goal}"
        rows.append(
            Row(
                f"5{command[0]}{scale}",
                f"growth: filmbook {command}, {scale}× article ({path.stat().st_size // 1024} KiB)",
                result,
                None,
                ratio if scale != min(sources) else None,
                goal,
                memory_ok and linear,
            )
        )
    return rows


# --- 7: one warm worker, and scale-out on paper ------------------------------------------


def worker_rows(ctx: Context) -> list[Row]:
    """One worker process over 100 films (``worker.py``): memory, time, the client's share."""
    count = ctx.settings.worker_films
    sources = ctx.batch(count)
    figures_file = ctx.work / "worker.json"
    script = Path(__file__).resolve().parent / "worker.py"
    run_untimed([sys.executable, script, sources, "--films", count, "--json", figures_file])
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    rss = {int(films): mib for films, mib in figures["rss_mib"].items()}
    early, last = min((n for n in rss if n >= 10), default=min(rss)), max(rss)

    def after(films: int) -> Measurement:
        seconds = figures["wall_to"][str(films)]
        cpu = figures["cpu_to"][str(films)]
        sample = Sample(seconds=seconds, cpu=cpu, peak_kib=round(rss[films] * 1024))
        return Measurement(f"worker after {films} films", [sample])

    growth = rss[last] / rss[early]
    checkpoints = ", ".join(f"{films}: {mib:.0f} MiB" for films, mib in sorted(rss.items()))
    rows = [
        Row(
            "7a",
            f"one warm worker: resident set after {early} films",
            after(early),
            None,
            None,
            f"≤ {MIB_PER_WORKER} MiB",
            rss[early] <= MIB_PER_WORKER,
            per=early,
        ),
        Row(
            "7b",
            f"one warm worker: resident set after {last} films / after {early}",
            after(last),
            after(early),
            growth,
            f"≤ {MIB_PER_WORKER} MiB, ≤ {RSS_GROWTH:.2f}× (no growth)",
            rss[last] <= MIB_PER_WORKER and growth <= RSS_GROWTH,
            per=last,
            note=f"`benchmarks/worker.py`: build.make_outputs (press kit, handout, EPUB) film "
            f"after film in one process, as a worker does; resident set after {checkpoints} "
            f"films; peak {figures['peak_mib']:.0f} MiB; "
            f"a warm film takes {figures['cpu_per_film']:.2f} s CPU "
            f"({figures['wall_per_film']:.2f} s wall), the first {figures['first_cpu']:.2f} s",
        ),
    ]
    ctx.sections.append(scale_out(figures, ctx.figures, ARCHIVE, WORKERS))
    return rows


# --- 8: reading an XML export ------------------------------------------------------------


def export_rows(ctx: Context) -> list[Row]:
    """``filmbook check`` on exports of N and 4N pages: it reads every page into its
    article (parsing the wikitext, every pass) and writes nothing, so it measures reading.

    Read as a stream, an export's pages come and go one at a time: the time grows with the
    pages and the memory stays that of one page.
    """
    folder = ctx.folder("export")
    paths = {
        count: synthetic.write_export(folder / f"export-{count}.xml", count)
        for count in ctx.settings.export_pages
    }
    results = measure(
        [
            Command(f"filmbook check, {count} pages", ctx.filmbook("check", path))
            for count, path in paths.items()
        ],
        ctx.settings.runs,
        warmup=0,
    )
    (small, large), (few, many) = results, paths
    pages = many / few
    ratio = large.seconds / small.seconds
    memory = large.peak_mib / small.peak_mib
    size = paths[few].stat().st_size / 2**20
    return [
        Row(
            f"8x{few}",
            f"XML export of {few} pages ({size:.1f} MiB): filmbook check",
            small,
            None,
            None,
            f"≤ {MIB_PER_WORKER} MiB",
            small.peak_mib <= MIB_PER_WORKER,
            per=few,
        ),
        Row(
            f"8x{many}",
            f"XML export of {many} pages ({paths[many].stat().st_size / 2**20:.1f} MiB): "
            "filmbook check",
            large,
            None,
            ratio,
            f"time ≤ {LINEAR_SLACK * pages:.1f}× (pages {pages:.0f}×), memory ≤ 1.10×",
            ratio <= LINEAR_SLACK * pages and memory <= 1.10,
            per=many,
            note=f"against {few} pages: {pages:.0f}× the pages took {ratio:.2f}× the time "
            f"and {memory:.2f}× the peak memory ({small.peak_mib:.0f} → {large.peak_mib:.0f} "
            "MiB); each page is the seed article in wikitext",
        ),
        *_plan_rows(ctx, folder),
    ]


def _plan_rows(ctx: Context, folder: Path) -> list[Row]:
    """A build's reading of exports of N and 10N pages (``plan_phase.py``): its plan
    checks every page and keeps a name and a slug of each, its jobs read every page
    again; nothing is rendered. Its memory must not grow with the pages. One run each:
    the big export takes some ten minutes."""
    script = Path(__file__).parent / "plan_phase.py"
    paths = {
        count: synthetic.write_export(folder / f"plan-{count}.xml", count)
        for count in ctx.settings.plan_pages
    }
    small, large = measure(
        [
            Command(f"build's reading, {count} pages", [sys.executable, str(script), str(path)])
            for count, path in paths.items()
        ],
        1,
        warmup=0,
    )
    few, many = paths
    memory = large.peak_mib / small.peak_mib
    return [
        Row(
            f"8p{few}",
            f"XML export of {few} pages: filmbook build's reading (plan, then every job)",
            small,
            None,
            None,
            f"≤ {MIB_PER_WORKER} MiB",
            small.peak_mib <= MIB_PER_WORKER,
            per=few,
        ),
        Row(
            f"8p{many}",
            f"XML export of {many} pages: filmbook build's reading (plan, then every job)",
            large,
            None,
            memory,
            "peak memory ≤ 1.10× (constant)",
            memory <= 1.10,
            per=many,
            note=f"against {few} pages: {many / few:.0f}× the pages, {memory:.2f}× the peak "
            f"memory ({small.peak_mib:.0f} → {large.peak_mib:.0f} MiB); rendering, which "
            "this leaves out, happens in the workers, a page at a time",
        ),
    ]


# --- 9: the festival catalogue -------------------------------------------------------------


def catalogue_rows(ctx: Context) -> list[Row]:
    """``filmbook book`` of catalogues of N films in two sections, against ``filmbook pdf``
    making the N films' press kits in one process.

    The book reads one film at a time and keeps its compact entry, so its memory is that
    of laying out the book (one page or so a film), not of holding the articles; the
    press kits are each laid out alone, a dozen pages a film. The press kits are measured
    for the counts in ``catalogue_peers`` only: they are independent of one another, so
    their time is linear in the films (rows 6 and 7), and 200 of them take most of an
    hour on a busy machine.
    """
    rows = []
    first: tuple[int, Measurement] | None = None
    warm = ctx.folder("catalogue-warm-up")
    run_untimed(ctx.filmbook("-q", "pdf", ctx.seed, "-o", warm))  # the font caches
    serial = _serial(ctx)
    for count in ctx.settings.catalogue_films:
        films = ctx.batch(count)
        catalogue = _catalogue_file(ctx, count, sorted(films.glob("*.txt")))
        book_out, kits_out = catalogue.parent / "book", catalogue.parent / "kits"
        commands = [
            Command(
                f"filmbook book, {count} films",
                ctx.filmbook("-q", "book", catalogue, "-o", book_out),
            )
        ]
        if count in ctx.settings.catalogue_peers:
            commands.append(
                Command(
                    f"filmbook pdf, {count} films",
                    ctx.filmbook("-q", "pdf", films, "-o", kits_out, *serial),
                )
            )
        book, *peer = measure(commands, ctx.settings.batch_runs, warmup=0)
        kits = peer[0] if peer else None
        note = f"{_pages(book_out / 'catalogue.pdf')} pages"
        if first is not None:
            few, small = first
            note += (
                f"; against {few} films: {count / few:.0f}× the films took "
                f"{book.cpu / small.cpu:.2f}× the CPU time "
                f"({book.seconds / small.seconds:.2f}× the wall time) and "
                f"{book.peak_mib / small.peak_mib:.2f}× the peak memory"
            )
        else:
            first = (count, book)
        if kits is None:
            note += "; the press kits not measured (linear in the films: see rows 6 and 7)"
        rows.append(
            Row(
                f"9x{count}",
                f"catalogue of {count} films: filmbook book (PDF + EPUB) / the films' press kits",
                book,
                kits,
                book.seconds / kits.seconds if kits else None,
                "minutes for 200 films",
                book.seconds < 600,
                per=count,
                note=note,
            )
        )
    return rows


def _catalogue_file(ctx: Context, count: int, sources: list[Path]) -> Path:
    """A catalogue file of ``sources`` in two sections, in a fresh folder."""
    half = len(sources) // 2
    catalogue = ctx.folder(f"catalogue-{count}") / "catalogue.toml"
    catalogue.write_text(
        f'title = "A festival of {count} films"\n'
        + "".join(
            f'\n[[section]]\ntitle = "{name}"\nsources = {json.dumps(list(map(str, part)))}\n'
            for name, part in (("Competition", sources[:half]), ("Panorama", sources[half:]))
        ),
        encoding="utf-8",
    )
    return catalogue


SCENARIOS: dict[str, Callable[[Context], list[Row]]] = {
    "pdf": pdf_rows,
    "pdf-batch": pdf_batch_rows,
    "epub": epub_rows,
    "build": build_rows,
    "worker": worker_rows,
    "growth": growth_rows,
    "export": export_rows,
    "catalogue": catalogue_rows,
}
