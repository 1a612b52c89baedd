"""Turn command-line arguments into a call of the right stage, and errors into one line.

Exit status: 0 success; 1 ``check`` found errors, or an output failed through a bug in
filmbook (its traceback is printed); 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from filmbook import __version__
from filmbook.build import Options, Target, articles, find_sources, plan, run
from filmbook.config import merge, read_project
from filmbook.errors import FilmbookError, InputError, printable
from filmbook.jsonout import article_to_json
from filmbook.material import read_material
from filmbook.plan.attribution import DEFAULT_LICENCE, LICENCES, NO_LICENCE, Licensing
from filmbook.printing import PAPERS, PDF_VARIANTS, PdfOptions
from filmbook.progress import reporter
from filmbook.reader import Skipped, read_all, read_article
from filmbook.scaffold import init

_JSON_IN_MEMORY = 8 * 1024 * 1024
"""The JSON ``filmbook json`` keeps in memory before it spools it to disk."""
_TEMPLATES_HELP = "a folder of templates that override filmbook's, file by file"
_SOURCES_HELP = (
    "source files (plain text, wikitext, XML exports) or folders of them "
    "(*.txt, *.wiki, *.wikitext, *.xml; default: those in source/)"
)
DEFAULT_PORT = 8000
_PROJECT_HELP = (
    "Options not given on the command line come from the project file, filmbook.toml in "
    "the current folder (or --config FILE), then from filmbook's defaults: see README, "
    '"The project file". The command line overrides the project file.'
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filmbook",
        description="Turn a film's encyclopedia article into a press kit and an ebook.",
        epilog=_PROJECT_HELP,
    )
    parser.add_argument("--version", action="version", version=f"filmbook {__version__}")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the project file of default options (default: filmbook.toml, if there is one)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print no warnings or progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (("json", "print the article as JSON"), ("check", "report source problems")):
        commands.add_parser(name, help=text).add_argument("sources", nargs="*", help=_SOURCES_HELP)
    commands.add_parser(
        "init", help="write a commented press-material file (SOURCE's name, .toml) beside SOURCE"
    ).add_argument("source", type=Path, help="a source file (plain text, wikitext, XML export)")
    pdf = _outputs(commands, "pdf", "write the PDF press kit (and with --handout the handout)")
    pdf.add_argument("--handout", action="store_true", help="write <slug>-handout.pdf as well")
    _print_options(pdf)
    html = _outputs(commands, "html", "write the press kit's HTML and CSS for a browser")
    _print_options(html)
    epub = _outputs(commands, "epub", "write the EPUB 3 ebook")
    epub.add_argument("--style", type=Path, metavar="FILE.css", help="a stylesheet for the EPUB")
    epub.add_argument("--templates", type=Path, metavar="DIR", help=_TEMPLATES_HELP)
    build = _outputs(commands, "build", "write every output (press kit, handout, EPUB)")
    _print_options(build)
    for command in (pdf, html, epub, build):
        _jobs_option(command)
    build.add_argument("--force", action="store_true", help="rebuild outputs that are up to date")
    build.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="render on a Dask cluster: a scheduler (tcp://host:8786) or local:N for N "
        "worker processes here; needs filmbook[cluster] (-j does not apply)",
    )
    book = _outputs(commands, "book", "write a festival catalogue: a printed programme and an EPUB")
    _print_options(book)
    book.set_defaults(paper=None)  # the catalogue file's paper unless --paper names one
    serve = commands.add_parser(
        "serve",
        help="preview the press kit and the handout in a browser, reloaded on every change",
        epilog=_PROJECT_HELP,
    )
    serve.add_argument(
        "source", nargs="?", help="the source to preview (default: the one in source/)"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"the port on 127.0.0.1 (default: {DEFAULT_PORT}; 0: a free one)",
    )
    _print_options(serve)
    _licence_options(serve)
    return parser


def _outputs(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=text, epilog=_PROJECT_HELP)
    command.add_argument("sources", nargs="*", help=_SOURCES_HELP)
    command.add_argument(
        "-o",
        "--output-dir",
        type=Path,
        metavar="DIR",
        help="where to write (default: dist)",
    )
    _licence_options(command)
    return command


def _jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=_at_least_one,
        metavar="N",
        help="worker processes, when there are two sources or more (default: one per core)",
    )


def _at_least_one(text: str) -> int:
    """A count of worker processes: a whole number, 1 or more (as in the project file)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {number}")
    return number


def _licence_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--licence",
        choices=(*LICENCES, NO_LICENCE),
        help="the source text's licence, named on the last page (default: the project "
        f"file's, else the press material's, else {DEFAULT_LICENCE}; none: no source note)",
    )
    command.add_argument(
        "--source-url",
        metavar="URL",
        help="the article's address, for the source note (default: the press material's)",
    )
    command.add_argument(
        "--revision",
        metavar="ID",
        help="the article's revision, for the source note (default: the press material's)",
    )


def _print_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--paper", choices=PAPERS, help="paper size (default: a4)")
    command.add_argument(
        "--print-marks",
        action=argparse.BooleanOptionalAction,
        help="add a 3 mm bleed and crop marks for a print shop (or not, whatever the "
        "project file says)",
    )
    command.add_argument(
        "--pdf-variant",
        choices=PDF_VARIANTS,
        help="pdf/ua-1: tagged, accessible; pdf/a-3b: for archiving",
    )
    command.add_argument(
        "--style", type=Path, metavar="FILE.css", help="a stylesheet applied after filmbook's own"
    )
    command.add_argument(
        "--templates",
        type=Path,
        metavar="DIR",
        help="a folder of templates that override filmbook's",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run filmbook with ``argv`` (default: the process's arguments); return the exit status."""
    args = _parser().parse_args(argv)
    with _log_to_stderr(quiet=args.quiet or args.command == "check"):
        try:
            merge(args, read_project(args.config))
            if args.command == "json":
                return _json(args.sources)
            if args.command == "check":
                return _check(args.sources)
            if args.command == "init":
                written = init(args.source)
                if not args.quiet:
                    print(f"wrote {printable(str(written))}", file=sys.stderr)
                return 0
            if args.command == "serve":
                return _serve(args)
            if args.command == "book":
                return _book(args)
            return _build(args)
        except FilmbookError as error:
            print(f"filmbook: error: {printable(str(error))}", file=sys.stderr)
            return 2


@contextlib.contextmanager
def _log_to_stderr(quiet: bool) -> Iterator[None]:
    """Print filmbook's log lines bare on stderr, and leave the logger as it was after."""
    logger = logging.getLogger("filmbook")
    saved = logger.handlers[:], logger.propagate, logger.level
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)
    try:
        yield
    finally:
        logger.handlers[:], logger.propagate, logger.level = saved


def _json(sources: Sequence[str]) -> int:
    """One source prints its article; several print a JSON array of articles.

    The articles are written one at a time to a spooled file (in memory up to a few
    MiB, then on disk), which goes to stdout once every source was read: a bad source
    prints nothing, and an export of thousands of pages needs the memory of one.
    """
    count = 0
    with tempfile.SpooledTemporaryFile(_JSON_IN_MEMORY, "w+", encoding="utf-8") as spool:
        for article in articles(find_sources(sources)):
            spool.write(",\n" if count else "")
            spool.write(article_to_json(article).rstrip())
            count += 1
        spool.seek(0)
        if count != 1:
            sys.stdout.write("[\n")
        shutil.copyfileobj(spool, sys.stdout)
        sys.stdout.write("\n]\n" if count != 1 else "\n")
    return 0


def _check(sources: Sequence[str]) -> int:
    """Print every diagnostic; an unreadable or title-less source is an error (exit 1)."""
    failed = False
    for source in read_all(find_sources(sources)):
        if isinstance(source, Skipped):
            print(f"{printable(source.path)}:{source.line}: warning: {source.message}")
            continue
        try:
            if isinstance(source, InputError):
                raise source
            article = read_article(source)
            read_material(source)
        except InputError as error:
            print(f"{printable(error.path)}:{error.line}: error: {error.message}")
            failed = True
            continue
        for diagnostic in article.diagnostics:
            where = f"{printable(source.path)}:{diagnostic.line}"
            print(f"{where}: {diagnostic.severity.value}: {diagnostic.message}")
    return 1 if failed else 0


def _serve(args: argparse.Namespace) -> int:
    """Preview one source until Ctrl-C."""
    from filmbook.serve import serve  # watchfiles and the HTTP server only for serve

    sources = find_sources([args.source] if args.source else [])
    if len(sources) != 1:
        raise FilmbookError(f"serve previews one source: give one of the {len(sources)}")
    _check_look(args.style, args.templates)
    if not 0 <= args.port <= 65535:
        raise FilmbookError(f"--port {args.port}: a port is 0 to 65535")
    options = PdfOptions(**_look(args))
    serve(sources[0], options, args.port, announce=_announce)
    return 0


def _announce(url: str) -> None:
    print(f"filmbook: previewing at {url} (Ctrl-C to stop)", flush=True)


def _look(args: argparse.Namespace) -> dict[str, Any]:
    """The print options of ``serve`` and ``book`` as the command line and the project
    file give them, by their names in ``PdfOptions`` and ``BookOptions``."""
    return {
        "paper": args.paper,
        "print_marks": args.print_marks,
        "variant": args.pdf_variant,
        "style": args.style,
        "templates": args.templates,
        "licensing": Licensing(args.licence, args.source_url, args.revision),
    }


def _check_look(style: Path | None, templates: Path | None) -> None:
    """Refuse a --style or --templates that is not there, before anything is read."""
    if style is not None and not style.is_file():
        raise FilmbookError(f"{style}: no such stylesheet")
    if templates is not None and not templates.is_dir():
        raise FilmbookError(f"{templates}: no such templates folder")


def _book(args: argparse.Namespace) -> int:
    """A catalogue file (``*.toml``) or sources in title order → the programme and EPUB."""
    from filmbook.book import BookOptions, book_from_file, book_from_sources

    if args.source_url or args.revision:
        raise FilmbookError("--source-url and --revision name one article: not for a book")
    options = BookOptions(out_dir=args.output_dir, **_look(args))
    if len(args.sources) == 1 and args.sources[0].endswith(".toml"):
        written = book_from_file(Path(args.sources[0]), options)
    else:
        written = book_from_sources(find_sources(args.sources), options)
    if not args.quiet:
        print(f"wrote {', '.join(map(str, written))}", file=sys.stderr)
    return 0


_TARGETS = {
    "html": (Target.HTML,),
    "epub": (Target.EPUB,),
    "build": (Target.PRESSKIT, Target.HANDOUT, Target.EPUB),
}


def _build(args: argparse.Namespace) -> int:
    """pdf, html, epub and build: check every source first, then write."""
    targets = _TARGETS.get(args.command) or (
        (Target.PRESSKIT, Target.HANDOUT) if args.handout else (Target.PRESSKIT,)
    )
    style, templates = getattr(args, "style", None), getattr(args, "templates", None)
    _check_look(style, templates)
    options = Options(
        out_dir=args.output_dir,
        targets=targets,
        paper=getattr(args, "paper", "a4"),
        print_marks=getattr(args, "print_marks", False),
        variant=getattr(args, "pdf_variant", None),
        style=style,
        templates=templates,
        licensing=Licensing(args.licence, args.source_url, args.revision),
        jobs=getattr(args, "jobs", None) or 1,
        incremental=args.command == "build",
        force=getattr(args, "force", False),
        cluster=getattr(args, "cluster", None),
    )
    sources = find_sources(args.sources)
    if (args.source_url or args.revision) and len(sources) > 1:
        raise FilmbookError("--source-url and --revision name one article: give one SOURCE")
    with _cluster(options.cluster):
        return _plan_and_run(args, options, sources)


def _cluster(address: str | None) -> contextlib.AbstractContextManager[None]:
    """Connected to the cluster, if any, before the sources are read: a scheduler that
    cannot be reached is said at once."""
    if address is None:
        return contextlib.nullcontext()
    from filmbook.cluster import session

    return session(address)


def _plan_and_run(args: argparse.Namespace, options: Options, sources: list[Path]) -> int:
    jobs, failed = plan(sources, options)
    for error in failed:
        print(f"filmbook: error: {printable(str(error))}", file=sys.stderr)
    if failed and args.command != "build":
        return 2  # nothing written: one bad source stops pdf, html and epub
    total = len(jobs) * len(options.targets)  # counted, not read: iterating reads them all
    with reporter(total, str(options.out_dir), quiet=args.quiet) as report:
        summary = run(jobs, options, report)
    summary.refused.extend(error.path for error in failed)
    if args.command == "build" and not args.quiet:
        print(summary.line(), file=sys.stderr)
    if summary.bugs:
        return 1
    return 2 if failed or summary.failed else 0
