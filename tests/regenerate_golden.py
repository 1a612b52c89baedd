"""Regenerate the golden files after a deliberate change: ``./run.sh golden``.

Writes ``tests/golden/all-of-us-strangers.json`` from ``source/all-of-us-strangers.txt``
and, for every ``tests/data/format/NAME.txt``, either ``NAME.json`` or, for a source the
normaliser refuses, ``NAME.error`` (``LINE: message``). Expected files whose source is gone
are removed.

The JSON is what ``filmbook json PATH`` prints when run from the repository root: the
``source`` field is the path relative to the root, with ``/``, so the files do not depend
on where the repository is checked out. Read the diff before committing it: a golden file
is worth only the review it had.
"""

from __future__ import annotations

from pathlib import Path

from filmbook.errors import InputError
from filmbook.jsonout import article_to_json
from filmbook.normalise import normalise
from filmbook.source import decode

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "source" / "all-of-us-strangers.txt"
SEED_GOLDEN = ROOT / "tests" / "golden" / "all-of-us-strangers.json"
FORMAT_FIXTURES = ROOT / "tests" / "data" / "format"
EXPECTED_SUFFIXES = (".json", ".error")


def expected_output(source: Path) -> tuple[str, str]:
    """The suffix of ``source``'s expected file (``.json`` or ``.error``) and its content."""
    name = source.relative_to(ROOT).as_posix()
    try:
        article = normalise(decode(name, source.read_bytes()))
    except InputError as error:
        return ".error", f"{error.line}: {error.message}\n"
    return ".json", article_to_json(article)


def fixture_sources() -> list[Path]:
    """Every format fixture's source, in name order."""
    return sorted(FORMAT_FIXTURES.glob("*.txt"))


def main() -> None:
    """Rewrite every golden file and report how many changed."""
    changed = 0
    targets: list[tuple[Path, str]] = [(SEED_GOLDEN, expected_output(SEED)[1])]
    for source in fixture_sources():
        suffix, content = expected_output(source)
        targets.append((source.with_suffix(suffix), content))
    for path, content in targets:
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
            print(f"wrote {path.relative_to(ROOT)}")
            changed += 1
    wanted = {path for path, _ in targets}
    for suffix in EXPECTED_SUFFIXES:
        for stale in FORMAT_FIXTURES.glob(f"*{suffix}"):
            if stale not in wanted:
                stale.unlink()
                print(f"removed {stale.relative_to(ROOT)}")
                changed += 1
    print(f"{changed} golden file(s) changed, {len(targets)} checked")


if __name__ == "__main__":
    main()
