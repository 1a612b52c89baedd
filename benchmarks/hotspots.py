"""Turn filmbook's slow commands into profiles: where the time goes, by area and function.

Usage::

    .venv/bin/python benchmarks/hotspots.py [--quick] [--only pdf,epub-batch,...]

Each profile runs one real ``filmbook`` command under pyinstrument (a sampling profiler,
1 ms interval) in its own process and keeps

- the full call tree as text in ``benchmarks/profiles/<name>.txt`` (the evidence);
- a breakdown by *area* — every sample is charged to the innermost frame that belongs to a
  known area (WeasyPrint's CSS, layout, text and fonts, PDF writing; fontTools; EbookLib;
  filmbook's normaliser, templates, build …), so time spent in the standard library is
  charged to whoever called it — with module imports as an area of their own;
- the functions with the most self time (``file:function``), and the time spent in and
  under a few telling functions (multi-column layout, the normaliser, the EPUB cover …);

and writes the breakdowns into the profile part of ``benchmarks/results.md``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import checkout
import report
import synthetic
from measure import use_bytecode_cache
from pyinstrument.session import Session

HERE = Path(__file__).resolve().parent
PROFILES = HERE / "profiles"
TOP = 12

# The innermost frame whose path holds one of these names the area of a sample.
AREAS: tuple[tuple[str, str], ...] = (
    ("fontTools/", "fontTools: font subsetting"),
    ("weasyprint/css/", "WeasyPrint: CSS parse, cascade, computed styles"),
    ("cssselect2/", "WeasyPrint: CSS parse, cascade, computed styles"),
    ("tinycss2/", "WeasyPrint: CSS parse, cascade, computed styles"),
    ("weasyprint/layout/", "WeasyPrint: layout"),
    ("weasyprint/text/", "WeasyPrint: text shaping, line breaks, fonts (Pango)"),
    ("weasyprint/formatting_structure/", "WeasyPrint: box tree"),
    ("weasyprint/draw/", "WeasyPrint: drawing"),
    ("weasyprint/pdf/", "WeasyPrint: PDF writing (pydyf)"),
    ("pydyf/", "WeasyPrint: PDF writing (pydyf)"),
    ("tinyhtml5/", "WeasyPrint: HTML parsing"),
    ("pyphen/", "WeasyPrint: hyphenation (pyphen)"),
    ("weasyprint/", "WeasyPrint: other"),
    ("ebooklib/", "EbookLib"),
    ("filmbook/normalise/", "filmbook: normalise"),
    ("filmbook/plan/", "filmbook: plan"),
    ("jinja2/", "filmbook: templates (Jinja2)"),
    ("markupsafe/", "filmbook: templates (Jinja2)"),
    ("filmbook/render.py", "filmbook: templates (Jinja2)"),
    ("filmbook/filters.py", "filmbook: templates (Jinja2)"),
    ("filmbook/epub.py", "filmbook: epub.py"),
    ("PIL/", "filmbook: cover image (cover.py, Pillow)"),
    ("filmbook/cover.py", "filmbook: cover image (cover.py, Pillow)"),
    ("filmbook/pdf.py", "filmbook: pdf.py"),
    ("filmbook/build.py", "filmbook: build (plan, hash, manifest, write)"),
    ("filmbook/", "filmbook: other"),
    ("rich/", "rich (progress)"),
    ("concurrent/", "process pool"),
    ("multiprocessing/", "process pool"),
)
IMPORTS = "importing modules"
# Functions whose inclusive time says which feature or step costs what (file:function).
KEY_FUNCTIONS = (
    "weasyprint/layout/__init__.py:layout_document",
    "weasyprint/layout/column.py:columns_layout",
    "weasyprint/layout/grid.py:grid_layout",
    "weasyprint/layout/table.py:table_layout",
    "weasyprint/layout/page.py:make_margin_boxes",
    "weasyprint/css/__init__.py:get_all_computed_styles",
    "weasyprint/formatting_structure/build.py:build_formatting_structure",
    "weasyprint/document.py:write_pdf",
    "filmbook/build.py:plan",
    "filmbook/build.py:_fingerprint",
    "filmbook/normalise/__init__.py:normalise",
    "filmbook/normalise/typography.py:map_text",
    "filmbook/plan/facts.py:make_facts",
    "filmbook/render.py:render_html",
    "filmbook/render.py:render_ebook",
    "filmbook/pdf.py:_parsed",
    "filmbook/outputs.py:epub_file",
    "filmbook/epub.py:write_epub",
    "filmbook/cover.py:make_cover",
    "PIL/Image.py:save",
    "ebooklib/epub.py:write",
    "filmbook/build.py:write_atomic",
)


@dataclass(frozen=True)
class Profile:
    """One command to profile; ``prepare`` makes its inputs in the work folder."""

    name: str
    what: str
    args: Callable[[Path], list[str]]


@dataclass(frozen=True)
class Breakdown:
    """Where the time of one profile went."""

    profile: Profile
    seconds: float
    areas: list[tuple[str, float]]
    imports: list[tuple[str, float]]
    functions: list[tuple[str, float]]
    inclusive: list[tuple[str, float]]


def _batch(work: Path, count: int, scale: float = 1.0) -> Path:
    folder = work / f"profile-batch-{count}-{scale:g}x"
    if not folder.is_dir():
        synthetic.write_batch(folder, count, scale=scale)
    return folder


def _prebuilt(work: Path, count: int) -> Path:
    """A folder already built from ``count`` articles, for the no-op rebuild."""
    sources, out = _batch(work, count), work / f"profile-built-{count}"
    if not out.is_dir():
        _filmbook(["-q", "build", str(sources), "-o", str(out), "--jobs", "2"])
    return out


def _filmbook(args: list[str]) -> None:
    _run([sys.executable, "-m", "filmbook", *args])


def _run(argv: list[str]) -> str:
    """Run ``argv``; return its stdout; raise with its stderr if it fails."""
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: exit {result.returncode}\n{result.stderr[-3000:]}")
    return result.stdout


def profiles(quick: bool) -> list[Profile]:
    """The commands worth profiling; smaller batches with ``quick``."""
    batch, build, scale = (10, 2, 4) if quick else (100, 6, 16)
    seed = str(synthetic.SEED_ARTICLE)

    def growth(work: Path) -> Path:
        path = work / f"profile-{scale}x.txt"
        vocabulary = synthetic.read_vocabulary()
        path.write_text(synthetic.article(scale, 1, vocabulary), encoding="utf-8")
        return path

    return [
        Profile("pdf", "filmbook pdf, the seed article",
                lambda w: ["pdf", seed, "-o", str(w / "p-pdf")]),
        Profile("epub", "filmbook epub, the seed article",
                lambda w: ["epub", seed, "-o", str(w / "p-epub")]),
        Profile("epub-batch", f"filmbook epub, {batch} articles in one call",
                lambda w: ["epub", str(_batch(w, batch)), "-o", str(w / "p-epub-batch")]),
        Profile("build-serial", f"filmbook build --jobs 1 --force, {build} articles",
                lambda w: ["-q", "build", str(_batch(w, build)), "-o", str(w / "p-build"),
                           "--jobs", "1", "--force"]),
        Profile("noop", f"filmbook build, {batch} articles, nothing changed",
                lambda w: ["-q", "build", str(_batch(w, batch)), "-o", str(_prebuilt(w, batch))]),
        Profile(f"pdf-{scale}x", f"filmbook pdf, a {scale}× article",
                lambda w: ["pdf", str(growth(w)), "-o", str(w / "p-growth")]),
    ]  # fmt: skip


def run_profile(profile: Profile, work: Path, reuse: bool = False) -> Session:
    """Run the command under pyinstrument; save its call tree as text; return the session.

    With ``reuse``, a session already in ``work`` is analysed again instead.
    """
    session_file = work / f"{profile.name}.pyisession"
    pyinstrument = [sys.executable, "-m", "pyinstrument", "-i", "0.001"]
    if reuse and session_file.exists():
        return Session.load(str(session_file))
    args = profile.args(work)
    _run([*pyinstrument, "-r", "pyisession", "-o", str(session_file), "-m", "filmbook", *args])
    PROFILES.mkdir(exist_ok=True)
    text = _run(
        [*pyinstrument, "--load", str(session_file), "-r", "text", "--no-color", "--unicode",
         "-p", "processor_options.filter_threshold=0.005", "--show", "*/filmbook/*"]
    )  # fmt: skip
    (PROFILES / f"{profile.name}.txt").write_text(text, encoding="utf-8")
    return Session.load(str(session_file))


def _frame(identifier: str) -> tuple[str, str]:
    """(function, file) of a pyinstrument frame identifier."""
    function, path, *_ = identifier.split("\x01", 1)[0].split("\x00")
    return function, path


def _area(stack: Sequence[tuple[str, str]]) -> str:
    """The area of one sample: imports, else the innermost frame in a known area."""
    if any(function == "_find_and_load" for function, _ in stack):
        return IMPORTS
    for _, path in reversed(stack):
        for fragment, area in AREAS:
            if fragment in path:
                return area
    return "other (interpreter, standard library)"


def _imported(stack: Sequence[tuple[str, str]]) -> str | None:
    """For a sample taken while importing: the first package other than filmbook imported."""
    functions = [function for function, _ in stack]
    if "_find_and_load" not in functions:
        return None
    inside = stack[functions.index("_find_and_load") :]
    packages = [_package(path) for function, path in inside if function == "<module>"]
    return next((p for p in packages if p != "filmbook"), "filmbook")


def _package(path: str) -> str:
    """The top-level package a file belongs to (``stdlib`` for the standard library)."""
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/src/filmbook/" in path or path.endswith("/bin/filmbook"):
        return "filmbook"
    return "stdlib"


def _short(function: str, path: str) -> str:
    for marker in ("site-packages/", "/src/", "python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{function}"


def analyse(profile: Profile, session: Session) -> Breakdown:
    """Time by area and the functions with the most self time."""
    areas: defaultdict[str, float] = defaultdict(float)
    imports: defaultdict[str, float] = defaultdict(float)
    functions: defaultdict[str, float] = defaultdict(float)
    inclusive: defaultdict[str, float] = defaultdict(float)
    for identifiers, seconds in session.frame_records:
        stack = [_frame(i) for i in identifiers]
        for name in {_short(function, path) for function, path in stack}:
            inclusive[name] += seconds
        areas[_area(stack)] += seconds
        package = _imported(stack)
        if package is not None:
            imports[package] += seconds
        function, path = stack[-1]
        if path == "<built-in>" and len(stack) > 1:  # C code: name its Python caller too
            caller, caller_path = stack[-2]
            functions[f"{_short(caller, caller_path)} → {function}"] += seconds
        else:
            functions[_short(function, path)] += seconds
    return Breakdown(
        profile,
        session.duration,
        _largest(areas),
        _largest(imports, 6),
        _largest(functions, TOP),
        [(name, inclusive[name]) for name in KEY_FUNCTIONS if inclusive[name]],
    )


def _largest(times: dict[str, float], count: int | None = None) -> list[tuple[str, float]]:
    """The ``count`` largest entries, largest first."""
    return sorted(times.items(), key=lambda item: item[1], reverse=True)[:count]


def markdown(breakdowns: Sequence[Breakdown], revision: str) -> str:
    """The breakdowns as Markdown for ``results.md``."""
    lines = [
        "## Profiles",
        "",
        f"filmbook at {revision}. Made by `benchmarks/hotspots.py` (pyinstrument, 1 ms "
        "sampling, one process: build profiles use `--jobs 1`). Call trees: "
        "`benchmarks/profiles/*.txt`. Areas: each sample is charged to its innermost frame "
        "in a known library or filmbook module (standard-library time goes to the caller); "
        "imports are their own area.",
    ]
    for item in breakdowns:
        lines += ["", f"### {item.profile.name}: {item.profile.what} — {item.seconds:.2f} s", ""]
        lines += ["| area | s | % |", "|---|---|---|"]
        lines += [
            f"| {area} | {seconds:.2f} | {seconds / item.seconds:.0%} |"
            for area, seconds in item.areas
            if seconds / item.seconds >= 0.01
        ]
        if item.imports:
            parts = ", ".join(f"{name} {seconds:.2f} s" for name, seconds in item.imports)
            lines += ["", f"Imports, by the package filmbook imported: {parts}."]
        lines += ["", "| including callees: file:function | s | % |", "|---|---|---|"]
        lines += [
            f"| `{name}` | {seconds:.2f} | {seconds / item.seconds:.0%} |"
            for name, seconds in item.inclusive
            if seconds / item.seconds >= 0.01
        ]
        lines += ["", "| self time: file:function | s | % |", "|---|---|---|"]
        lines += [
            f"| `{name}` | {seconds:.2f} | {seconds / item.seconds:.0%} |"
            for name, seconds in item.functions
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Profile the chosen commands; print the breakdowns; write them into results.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller batches and sizes")
    parser.add_argument("--only", help="comma-separated profile names")
    parser.add_argument("--work", type=Path, help="keep inputs and outputs here")
    parser.add_argument("--output", type=Path, help="results file (default: results.md)")
    parser.add_argument("--at", metavar="REV", help="profile this commit, not the working tree")
    parser.add_argument(
        "--reuse", action="store_true", help="analyse the sessions already in --work again"
    )
    args = parser.parse_args(argv)
    use_bytecode_cache()
    chosen = [p for p in profiles(args.quick) if not args.only or p.name in args.only.split(",")]
    with tempfile.TemporaryDirectory(prefix="filmbook-profile-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        if args.at:
            checkout.use_revision(args.at, work)
        breakdowns = []
        for profile in chosen:
            print(f"profiling {profile.name} …", file=sys.stderr, flush=True)
            breakdowns.append(analyse(profile, run_profile(profile, work, args.reuse)))
    text = markdown(breakdowns, checkout.describe(args.at))
    print(text)
    output = args.output or (None if args.quick else report.RESULTS)
    if output is not None:
        report.update(output, text, part="profile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
