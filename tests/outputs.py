"""Read the text of filmbook's outputs the way their users' tools do, for the tests."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
INLINE = frozenset({"a", "span", "em", "strong", "abbr", "cite", "q", "time", "bdi", "i", "b"})
TIMEOUT = 180  # seconds: pdftotext on the largest PDF the tests make takes a few


def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext gives it."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    ).stdout


def epub_text(path: Path) -> str:
    """The text of every XHTML document of the book; inline elements run on."""
    with zipfile.ZipFile(path) as book:
        documents = [name for name in book.namelist() if name.endswith(".xhtml")]
        return "\n".join(_text(etree.fromstring(book.read(name))) for name in documents)


def _text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str):
            inline = child.tag.removeprefix(XHTML) in INLINE
            parts.append(_text(child) if inline else f"\n{_text(child)}\n")
        parts.append(child.tail or "")
    return "".join(parts)
