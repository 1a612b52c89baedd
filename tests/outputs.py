"""Read the text of filmbook's outputs the way their users' tools do, for the tests."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont
from lxml import etree

from filmbook.resources import find_font, styles_dir
from wordcheck import by_font, missing_words, words

XHTML = "{http://www.w3.org/1999/xhtml}"
INLINE = frozenset({"a", "span", "em", "strong", "abbr", "cite", "q", "time", "bdi", "i", "b"})
TIMEOUT = 180  # seconds: pdftotext on the largest PDF the tests make takes a few


def pdftotext(path: Path, *flags: str) -> bytes:
    """What ``pdftotext -enc UTF-8 FLAGS PATH -`` prints."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *flags, str(path), "-"],
        check=True,
        capture_output=True,
        timeout=TIMEOUT,
    ).stdout


@dataclass(frozen=True)
class WordBox:
    """A word as pdftotext finds it: its text, page (from 1), top left corner and right
    edge (pt)."""

    text: str
    page: int
    x: float
    y: float
    right: float


def word_boxes(path: Path) -> list[WordBox]:
    """Every word of the PDF at ``path``, in pdftotext's order, with where it is drawn."""
    layout = pdftotext(path, "-bbox").decode("utf-8")
    boxes: list[WordBox] = []
    for number, page in enumerate(re.findall(r"<page .*?</page>", layout, re.S), start=1):
        for x, y, right, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
            page,
        ):
            boxes.append(WordBox(html.unescape(text), number, float(x), float(y), float(right)))
    return boxes


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext gives it."""
    return pdftotext(path).decode("utf-8")


def pdf_words(path: Path) -> str:
    """The PDF's words as pdftotext first cuts them, a line of the page per line.

    Plain ``pdftotext`` joins a line of one-letter words (``A A``, ``0 0 0``) into one,
    since it cannot tell them from letter-spaced text; its word boxes keep them apart. A
    box ends at a gap wider than a tenth of the font size and where the font changes, so
    a word mixing scripts drawn from two fonts (``AA준``) comes out in two (see
    ``wordcheck.by_font``).
    """
    layout = pdftotext(path, "-bbox-layout")
    # pdftotext copies bytes from the PDF's metadata that may not be UTF-8.
    repaired = layout.decode("utf-8", "replace").encode()
    root = etree.fromstring(repaired, etree.XMLParser(huge_tree=True))
    return "\n".join(
        " ".join(word.text or "" for word in line.iter(f"{XHTML}word"))
        for line in root.iter(f"{XHTML}line")
    )


@cache
def embedded_characters() -> frozenset[str]:
    """The characters every font filmbook embeds can draw; others come from a fallback."""
    names = re.findall(r'url\("fonts/([^"]+)"\)', (styles_dir() / "fonts.css").read_text())
    covered: frozenset[str] | None = None
    for name in names:
        font = find_font(name)
        assert font is not None, name
        characters = frozenset(map(chr, TTFont(font).getBestCmap()))
        covered = characters if covered is None else covered & characters
    assert covered, "fonts.css names no font"
    return covered


def missing_from_pdf(expected: Counter[str], path: Path) -> Counter[str]:
    """The words of ``expected`` missing from the PDF at ``path``, as its readers find words.

    Both sides are cut where the PDF's font may change (``wordcheck.by_font``).
    """
    drawn = embedded_characters()
    found = words(pdf_words(path), line_end_hyphens=True)
    return missing_words(by_font(expected, drawn), by_font(found, drawn))


def epub_text(path: Path) -> str:
    """The text of every XHTML document of the book; inline elements run on."""
    with zipfile.ZipFile(path) as book:
        documents = [name for name in book.namelist() if name.endswith(".xhtml")]
        return "\n".join(element_text(etree.fromstring(book.read(name))) for name in documents)


def element_text(element: Any) -> str:
    """The text of an XHTML or HTML element: inline elements run on, blocks are lines."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            inline = child.tag.removeprefix(XHTML) in INLINE
            parts.append(element_text(child) if inline else f"\n{element_text(child)}\n")
        parts.append(child.tail or "")
    return "".join(parts)
