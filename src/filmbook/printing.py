"""Turn the print options into the stylesheets a printed document is laid out with.

The press kit and the handout take filmbook's stylesheets from ``styles/``, chosen by
name from the options (the paper, the print marks), then the user's own stylesheet last.
The PDF writer hands them to WeasyPrint; the HTML preview links them for a browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tinycss2

from filmbook.errors import FilmbookError
from filmbook.plan.attribution import CC_BY_SA, Licensing
from filmbook.render import Document
from filmbook.resources import FONTS_FOLDER, find_font, styles_dir

PAPERS = ("a4", "letter")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
"""The PDF variants filmbook offers (WeasyPrint knows more): tagged and accessible, archival."""
BASE_STYLES = ("fonts.css", "base.css")
PREVIEW_STYLE = "preview.css"


@dataclass(frozen=True)
class PdfOptions:
    """How to print: the paper, marks for a print shop, a PDF variant, the user's look."""

    paper: str = "a4"
    """``a4`` or ``letter``."""
    print_marks: bool = False
    """A 3 mm bleed and crop marks (styles/print-marks.css)."""
    variant: str | None = None
    """A WeasyPrint PDF variant: ``pdf/ua-1`` (tagged, accessible), ``pdf/a-3b`` (archive)."""
    style: Path | None = None
    """A user stylesheet, applied after filmbook's own."""
    templates: Path | None = None
    """A folder of templates searched before filmbook's own."""
    licensing: Licensing = CC_BY_SA
    """What the source note on the last page says (``--licence``, ``--source-url``)."""


def check(options: PdfOptions) -> None:
    """Refuse a paper, stylesheet or templates folder that is not there, in one line."""
    if options.paper not in PAPERS:
        raise FilmbookError(f"unknown paper {options.paper!r}: use one of {', '.join(PAPERS)}")
    if options.style is not None and not options.style.is_file():
        raise FilmbookError(f"{options.style}: no such stylesheet")
    if options.templates is not None and not options.templates.is_dir():
        raise FilmbookError(f"{options.templates}: no such folder of templates")


def stylesheets(document: Document, options: PdfOptions) -> tuple[Path, ...]:
    """The stylesheets of ``document`` in cascade order, the user's last."""
    names = [*BASE_STYLES, document.stylesheet, f"paper-{options.paper}.css"]
    if options.print_marks:
        names.append("print-marks.css")
    paths = [styles_dir() / name for name in names]
    if options.style is not None:
        paths.append(options.style.resolve())
    return tuple(paths)


def font_files(stylesheet: Path) -> list[Path]:
    """The font files a stylesheet names as ``fonts/<file>``, found in the font packages."""
    fonts: list[Path] = []
    for name in sorted(set(_font_names(stylesheet.read_text(encoding="utf-8")))):
        found = find_font(name)
        if found is None:
            raise FilmbookError(f"{stylesheet}: names a font filmbook does not have: {name}")
        fonts.append(found)
    return fonts


def _font_names(css: str) -> Iterable[str]:
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            continue
        for token in rule.content or ():
            if token.type == "url" and token.value.startswith(f"{FONTS_FOLDER}/"):
                yield token.value.removeprefix(f"{FONTS_FOLDER}/")
            elif token.type == "function" and token.lower_name == "url":
                for argument in token.arguments:
                    if argument.type == "string" and argument.value.startswith(f"{FONTS_FOLDER}/"):
                        yield argument.value.removeprefix(f"{FONTS_FOLDER}/")
