"""Turn the seed's press kit and handout, and the sample festival catalogue, into the page
images the README shows (docs/*.png).

Run after a change that shows on the page: ``.venv/bin/python scripts/page_images.py``.
It builds the seed's PDFs and the sample catalogue into a temporary folder and renders the
pages the README shows with poppler's ``pdftoppm`` at 60 dpi (an A4 page is 497 × 702
pixels), finding each page by a heading on it so that a page that moves is still the one
shown.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEED = ROOT / "source" / "all-of-us-strangers.txt"
CATALOGUE = ROOT / "source" / "catalogue" / "catalogue.toml"
DPI = 60
PAGES = {
    # image: (PDF, text that starts the page's body, or None for the first page)
    "presskit-cover": ("all-of-us-strangers.pdf", None),
    "presskit-fact-sheet": ("all-of-us-strangers.pdf", "Fact sheet"),
    "presskit-accolades": ("all-of-us-strangers.pdf", "Accolades"),
    "handout-front": ("all-of-us-strangers-handout.pdf", None),
    "handout-back": ("all-of-us-strangers-handout.pdf", "Cast"),
    "catalogue-cover": ("catalogue.pdf", None),
    "catalogue-contents": ("catalogue.pdf", "Contents"),
    "catalogue-film": ("catalogue.pdf", "The Salt Road"),
    "catalogue-index": ("catalogue.pdf", "Index of directors"),
}


def page_of(pdf: Path, heading: str | None) -> int:
    """The first page but the contents with a line that is ``heading``: as written (a
    section's heading, not a label in capitals), else in any case (the handout's)."""
    if heading is None:
        return 1
    pages = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    for fold in (str, str.casefold):
        for number, text in enumerate(pages, start=1):
            lines = [fold(line.strip()) for line in text.splitlines()]
            contents = fold("Contents") in lines and heading != "Contents"
            if fold(heading) in lines and not contents:
                return number
    raise SystemExit(f"{pdf.name}: no page with the heading {heading!r}")


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        subprocess.run(
            [sys.executable, "-m", "filmbook", "-q", "pdf", "--handout", str(SEED), "-o", folder],
            check=True,
        )
        subprocess.run(
            [sys.executable, "-m", "filmbook", "-q", "book", str(CATALOGUE), "-o", folder],
            check=True,
        )
        for image, (name, heading) in PAGES.items():
            pdf = out / name
            number = page_of(pdf, heading)
            stem = out / image
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    str(DPI),
                    "-png",
                    "-singlefile",
                    "-f",
                    str(number),
                    "-l",
                    str(number),
                    str(pdf),
                    str(stem),
                ],
                check=True,
            )
            (DOCS / f"{image}.png").write_bytes(stem.with_suffix(".png").read_bytes())
            print(f"docs/{image}.png: page {number} of {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
