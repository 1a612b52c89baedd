"""Turn the seed's press kit and handout, and the sample festival catalogue, into the page
images the README shows (docs/*.png).

Run after a change that shows on the page: ``.venv/bin/python scripts/page_images.py``.
It builds the seed's PDFs into a temporary folder, with its sample press material and
without it (the article alone, as a source with no material file is built), and the sample
catalogue, and renders the pages the README shows with poppler's ``pdftoppm`` at 60 dpi
(an A4 page is 497 × 702 pixels), finding each page by a heading on it so that a page
that moves is still the one shown.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEED = ROOT / "source" / "all-of-us-strangers.txt"
CATALOGUE = ROOT / "source" / "catalogue" / "catalogue.toml"
DPI = 60
KIT = "all-of-us-strangers.pdf"
HANDOUT = "all-of-us-strangers-handout.pdf"
WITH, WITHOUT = "with", "without"  # the seed with its press material, and without
BOOK = "book"  # the sample catalogue
PAGES = {
    # image: (build, PDF, text that starts the page's body, or None for the first page)
    "presskit-cover": (WITH, KIT, None),
    "presskit-fact-sheet": (WITH, KIT, "Fact sheet"),
    "presskit-accolades": (WITH, KIT, "Accolades"),
    "presskit-stills": (WITH, KIT, "Stills"),
    "presskit-contacts": (WITH, KIT, "Contacts"),
    "handout-front": (WITH, HANDOUT, None),
    "handout-back": (WITH, HANDOUT, "Cast"),
    "presskit-cover-article-only": (WITHOUT, KIT, None),
    "handout-front-article-only": (WITHOUT, HANDOUT, None),
    "handout-back-article-only": (WITHOUT, HANDOUT, "Cast"),
    "catalogue-cover": (BOOK, "catalogue.pdf", None),
    "catalogue-contents": (BOOK, "catalogue.pdf", "Contents"),
    "catalogue-film": (BOOK, "catalogue.pdf", "The Salt Road"),
    "catalogue-index": (BOOK, "catalogue.pdf", "Index of directors"),
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
        alone = out / "source" / SEED.name  # the article without its press-material file
        alone.parent.mkdir()
        shutil.copyfile(SEED, alone)
        for build, source in ((WITH, SEED), (WITHOUT, alone)):
            command = ["pdf", "--handout", str(source), "-o", str(out / build)]
            subprocess.run([sys.executable, "-m", "filmbook", "-q", *command], check=True)
        command = ["book", str(CATALOGUE), "-o", str(out / BOOK)]
        subprocess.run([sys.executable, "-m", "filmbook", "-q", *command], check=True)
        for image, (build, name, heading) in PAGES.items():
            pdf = out / build / name
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
