"""The EPUBs the reading-system tests open, built and unzipped once per test module.

``test_clients_phone.py`` lays every document of these books out in Chromium at phone
widths and ``test_clients_ace.py`` runs DAISY Ace on them. The books are the first
article, alone and with its sample press material, and the sources that stretch a page:
tables of every width (the accolades with a Result column, thirty columns, words too long
for a column, ragged rows), cast lists and award groups, long lines, CJK, markup in every
field and a title with nothing else; the wikitext fixtures, for their note marks (in
every place a reference can stand), endnotes and runs tagged with a language; and the
sample festival catalogue (``catalogue``: a document per section, film and index).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from filmbook.book import catalogue_epub, plan_book
from filmbook.catalogue import read_catalogue
from filmbook.material import read_material
from filmbook.outputs import epub_file
from filmbook.plan import make_facts
from filmbook.reader import read_article, read_sources
from filmbook.source import SourceText

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CHROMIUM = Path("/usr/bin/chromium")
CATALOGUE = "catalogue"
"""The sample festival catalogue's EPUB, made from its catalogue file."""
"""Debian's Chromium, which ``scripts/setup-system.sh`` installs."""


WITH_MATERIAL = "first-with-material"
"""The first article with its sample press material: poster cover, laurels, statement,
stills and contacts."""


def _sources() -> dict[str, Path]:
    found = {"first": ROOT / "source" / "all-of-us-strangers.txt"}
    found[WITH_MATERIAL] = found["first"]
    for pattern in ("epub/*.txt", "pdf/*.txt", "parity/*.txt"):
        found.update({f"{p.parent.name}/{p.stem}": p for p in sorted(DATA.glob(pattern))})
    for pattern in ("table-*", "award-*", "cast-*", "characters-*", "infobox-*", "lists-*"):
        found.update({f"format/{p.stem}": p for p in sorted(DATA.glob(f"format/{pattern}.txt"))})
    for pattern in ("*.wiki", "*.wikitext"):
        found.update({f"wikitext/{p.stem}": p for p in sorted(DATA.glob(f"wikitext/{pattern}"))})
    # A note referred to from a heading, a quote box, a template, a column and an award.
    found["wikitext/references-everywhere"] = DATA / "bad" / "wiki-references-everywhere.wiki"
    found[CATALOGUE] = ROOT / "source" / "catalogue" / "catalogue.toml"
    return found


SOURCES = _sources()
"""Every book of the reading-system tests, by name (``format/table-five-cells``)."""


def build_books(names: list[str], folder: Path) -> dict[str, Path]:
    """The named books written as ``<folder>/<name>.epub``, name's slashes as hyphens."""
    paths = {}
    for name in names:
        paths[name] = folder / f"{name.replace('/', '-')}.epub"
        if name == CATALOGUE:
            paths[name].write_bytes(catalogue_epub(plan_book(read_catalogue(SOURCES[name]))))
            continue
        (source,) = read_sources(SOURCES[name])
        assert isinstance(source, SourceText), source
        material = read_material(source) if name == WITH_MATERIAL else None
        facts = make_facts(read_article(source), material)
        paths[name].write_bytes(epub_file(facts))
    return paths


def unzip(book: Path, folder: Path) -> list[Path]:
    """The book unzipped into ``folder``: its XHTML documents, in name order."""
    with zipfile.ZipFile(book) as archive:
        archive.extractall(folder)
    return sorted(folder.rglob("*.xhtml"))
