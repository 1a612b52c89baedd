"""Turn command-line arguments into a call of the right stage, and errors into one line."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from filmbook import __version__
from filmbook.build import find_sources, load
from filmbook.errors import FilmbookError, InputError
from filmbook.jsonout import article_to_json
from filmbook.normalise import normalise
from filmbook.source import read_source


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="filmbook",
        description="Turn a film's encyclopedia article into a press kit and an ebook.",
    )
    parser.add_argument("--version", action="version", version=f"filmbook {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print warnings")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sources_help = "source files or folders (default: every *.txt in source/)"

    json_command = commands.add_parser("json", help="print the article as JSON")
    json_command.add_argument("sources", nargs="*", help=sources_help)

    check = commands.add_parser("check", help="report problems in the sources")
    check.add_argument("sources", nargs="*", help=sources_help)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run filmbook with ``argv`` (default: the process's arguments); return the exit status."""
    args = _parser().parse_args(argv)
    _log_warnings(not args.quiet and args.command != "check")
    try:
        if args.command == "json":
            return _json(args.sources)
        return _check(args.sources)
    except FilmbookError as error:
        print(f"filmbook: error: {error}", file=sys.stderr)
        return 2


def _log_warnings(enabled: bool) -> None:
    logger = logging.getLogger("filmbook")
    logger.handlers.clear()
    logger.propagate = False
    if enabled:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING if enabled else logging.CRITICAL)


def _json(sources: Sequence[str]) -> int:
    """One source prints its article; several print a JSON array of articles."""
    articles = load(find_sources(sources))
    if len(articles) == 1:
        sys.stdout.write(article_to_json(articles[0]))
    else:
        joined = ",\n".join(article_to_json(article).rstrip() for article in articles)
        sys.stdout.write(f"[\n{joined}\n]\n")
    return 0


def _check(sources: Sequence[str]) -> int:
    """Print every diagnostic; an unreadable or title-less source is an error (exit 1)."""
    failed = False
    for path in find_sources(sources):
        try:
            article = normalise(read_source(path))
        except InputError as error:
            print(f"{error.path}:{error.line}: error: {error.message}")
            failed = True
            continue
        for diagnostic in article.diagnostics:
            print(f"{path}:{diagnostic.line}: {diagnostic.severity.value}: {diagnostic.message}")
    return 1 if failed else 0
