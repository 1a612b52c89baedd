"""Write the corpus's huge files, too big to commit, into a folder.

    python tests/data/bad/make_corpus.py DIR

The same bytes on every run. ``test_bad_input.py`` calls ``make(folder)`` itself; what each
file must do is in ``EXPECTED.toml`` beside this script, like the committed files.

``MATERIAL`` cases are folders under ``material/``, like the committed ones: a source, its
press-material file and an image too big to commit (or one that claims to be).
"""

from __future__ import annotations

import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

WORDS = ("the", "quick", "brown", "fox", "jumps", "over", "a", "lazy", "dog", "near", "the", "film",
         "festival", "award")  # fmt: skip


def _prose(characters: int) -> str:
    """Words without a full stop, ``characters`` long: a lead that never ends its sentence."""
    text = " ".join(WORDS[i % len(WORDS)] for i in range(characters // 4))
    return text[:characters].rstrip()


def long_line() -> str:
    """A lead paragraph of one million characters on one line."""
    return f"= Long Line =\n\n{_prose(1_000_000)}\n"


def one_word() -> str:
    """One word of a million letters: nowhere to break a line."""
    return "= One Word =\n\n" + "a" * 1_000_000 + "\n"


def too_big() -> str:
    """Just over the size limit (1 MiB)."""
    return "= Too Big =\n\n" + "word " * 210_000 + "\n"


def headings_10000() -> str:
    """Ten thousand headings, with no line between them."""
    return "= Many Headings =\n\n" + "".join(f"== Heading {n} ==\n" for n in range(10_000))


def headings_1001() -> str:
    """One heading more than the limit, each with a line of text."""
    return "= Headings =\n\n" + "".join(f"== Heading {n} ==\nText.\n" for n in range(1_001))


def table_5000_rows() -> str:
    """An accolades table of five thousand rows, flattened as the exports write them."""
    rows = "".join(
        f"| Award {n // 3} | 3 December 2023 | Best Picture {n} |\n"
        if n % 3 == 0
        else f"| Best Actor {n} | Person {n} | |\n"
        for n in range(5_000)
    )
    header = "| Award | Date of ceremony | Category |\n"
    return f"= Big Table =\n\nA lead.\n\n== Accolades ==\n{header}{rows}"


def equals_run() -> str:
    """A line of eight thousand ``=`` that does not end in one: no heading, one long word."""
    return "= Equals =\n\n" + "=" * 8_000 + ".\n"


def space_run() -> str:
    """Two words three hundred thousand spaces apart, as a dropped template may leave them."""
    return "= Spaces =\n\nSpaces is a" + " " * 300_000 + "film ( ) about gaps.\n"


def wide_row() -> str:
    """One row of two thousand cells under a one-cell header, then two thousand rows."""
    return "= Wide Row =\n\nA lead.\n\n| h |\n" + "| a " * 2_000 + "|\n" + "| x |\n" * 2_000


def many_cells() -> str:
    """Twenty columns and two thousand rows: each row allowed, the table too big."""
    row = "| " + " | ".join(f"c{n}" for n in range(20)) + " |\n"
    return "= Many Cells =\n\nA lead.\n\n" + row * 2_100


FILES: dict[str, Callable[[], str]] = {
    "long-line.txt": long_line,
    "one-word.txt": one_word,
    "too-big.txt": too_big,
    "headings-10000.txt": headings_10000,
    "headings-1001.txt": headings_1001,
    "table-5000-rows.txt": table_5000_rows,
    "equals-run.txt": equals_run,
    "space-run.txt": space_run,
    "wide-row.txt": wide_row,
    "many-cells.txt": many_cells,
}


ARTICLE = "= Film =\n\nFilm is a 2024 film about a lighthouse keeper.\n"
POSTER = '[poster]\nimage = "poster.png"\nalt = "A lighthouse."\n'


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png() -> bytes:
    """A PNG of a few dozen bytes whose header claims 100,000 × 100,000 pixels."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1_001, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def huge_file_png() -> bytes:
    """A file just over the image size limit (20 MiB): a tiny PNG and a long tail."""
    return bomb_png()[:8] + b"\0" * (20 * 1024 * 1024)


MATERIAL: dict[str, Callable[[], bytes]] = {
    "material/bomb": bomb_png,
    "material/too-large-image": huge_file_png,
}
"""Cases whose poster is too big to commit: the case's name → the poster's bytes."""


def make(folder: Path, names: list[str] | None = None) -> list[Path]:
    """Write the generated files (or only ``names``) into ``folder``; return the paths of
    their sources."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in FILES.items():
        if names is None or name in names:
            (folder / name).write_text(text(), encoding="utf-8")
            written.append(folder / name)
    for name, poster in MATERIAL.items():
        if names is None or name in names:
            case = folder / name
            case.mkdir(parents=True, exist_ok=True)
            (case / "film.txt").write_text(ARTICLE, encoding="utf-8")
            (case / "film.toml").write_text(POSTER, encoding="utf-8")
            (case / "poster.png").write_bytes(poster())
            written.append(case / "film.txt")
    return written


if __name__ == "__main__":
    for path in make(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(path)
