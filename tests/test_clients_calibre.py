"""The EPUB as calibre reads it: what its library shows (``ebook-meta``) and what its
converter makes of it (``ebook-convert``).

calibre reads the package as the EPUB 2 reading systems do besides EPUB 3: a book's
authors are the ``dc:creator`` elements with the MARC role ``aut`` (or with no role at
all), and its cover page is the one the ``<guide>`` names; a conversion that finds no
cover page there adds one of its own. Each book is built once per session, read once by
``ebook-meta`` and the first one converted once (under a second): neither tool needs a
display, Qt flags or a sandbox here, since ``ebook-meta`` reads the package only and an
EPUB-to-EPUB conversion of a book with a raster cover renders nothing.
"""

from __future__ import annotations

import posixpath
import subprocess
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from filmbook.normalise import normalise
from filmbook.outputs import epub_file
from filmbook.plan import make_facts
from filmbook.source import read_source

# One worker runs them all, so each book is built and read once.
pytestmark = pytest.mark.xdist_group("calibre")

ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "first": ROOT / "source" / "all-of-us-strangers.txt",
    "three-directors": ROOT / "tests" / "data" / "epub" / "three-directors.txt",
    "written-not-directed": ROOT / "tests" / "data" / "epub" / "written-not-directed.txt",
    "title-only": ROOT / "tests" / "data" / "epub" / "title-only.txt",
}
WHEN = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
TIMEOUT = 120  # seconds: each run takes under one
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "svg": "http://www.w3.org/2000/svg",
    "xlink": "http://www.w3.org/1999/xlink",
}
OPF_ROLE = "{http://www.idpf.org/2007/opf}role"


@dataclass(frozen=True)
class Read:
    """What ``ebook-meta`` read from a book: its metadata as calibre's OPF, and the cover."""

    book: Path
    opf: etree._Element
    cover: Path

    @property
    def authors(self) -> list[str]:
        return [
            creator.text or ""
            for creator in self.opf.iterfind(".//dc:creator", NS)
            if creator.get(OPF_ROLE) == "aut"
        ]


@pytest.fixture(scope="session")
def epubs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every book of these tests, built once."""
    folder = tmp_path_factory.mktemp("calibre-books")
    built = {}
    for name, source in SOURCES.items():
        facts = make_facts(normalise(read_source(source)))
        built[name] = folder / f"{name}.epub"
        built[name].write_bytes(epub_file(facts, modified=WHEN))
    return built


@pytest.fixture(scope="session")
def read(epubs: dict[str, Path]) -> dict[str, Read]:
    """``ebook-meta`` on every book: its metadata as an OPF, and its cover as a file."""
    found = {}
    for name, book in epubs.items():
        opf, cover = book.with_suffix(".opf"), book.with_suffix(".cover.png")
        _run("ebook-meta", str(book), f"--to-opf={opf}", f"--get-cover={cover}")
        found[name] = Read(book, etree.parse(str(opf)).getroot(), cover)
    return found


@pytest.fixture(scope="session")
def converted(epubs: dict[str, Path]) -> Path:
    """The first book converted by calibre to EPUB, as a calibre user converts it."""
    out = epubs["first"].with_name("first-converted.epub")
    _run("ebook-convert", str(epubs["first"]), str(out))
    return out


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT)


@pytest.mark.parametrize(
    ("name", "title", "authors"),
    [
        ("first", "All of Us Strangers", ["Andrew Haigh"]),
        (
            "three-directors",
            "Spider-Man: Into the Spider-Verse",
            ["Bob Persichetti", "Peter Ramsey", "Rodney Rothman"],
        ),
        # No director: the writers, as every reading system shows its first dc:creator.
        ("written-not-directed", "The Unsigned Reel", ["Ann Writer", "Bea Teller"]),
        # No one named: no dc:creator, and calibre shows its own placeholder.
        ("title-only", "Nothing But A Title", ["Unknown"]),
    ],
)
def test_calibre_shows_the_title_the_directors_the_language_and_the_cover(
    name: str, title: str, authors: list[str], read: dict[str, Read]
) -> None:
    found = read[name]
    assert found.opf.findtext(".//dc:title", namespaces=NS) == title
    assert found.authors == authors
    assert found.opf.findtext(".//dc:language", namespaces=NS) == "eng"
    with Image.open(found.cover) as cover:
        assert cover.size == (1600, 2400)


def test_no_book_has_a_creator_calibre_would_call_unknown(epubs: dict[str, Path]) -> None:
    for name, book in epubs.items():
        with zipfile.ZipFile(book) as package:
            opf = etree.fromstring(package.read("EPUB/content.opf"))
        creators = [creator.text for creator in opf.iterfind(".//dc:creator", NS)]
        assert "Unknown" not in creators, name
        assert bool(creators) == (name != "title-only"), name


def test_a_calibre_conversion_has_one_cover_page(converted: Path) -> None:
    with zipfile.ZipFile(converted) as book:
        container = etree.fromstring(book.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(book.read(opf_path))
        hrefs = {
            item.get("id"): posixpath.join(posixpath.dirname(opf_path), item.get("href"))
            for item in opf.iterfind(".//opf:item", NS)
        }
        cover_id = opf.find(".//opf:meta[@name='cover']", NS).get("content")
        showing_cover = []
        for position, ref in enumerate(opf.iterfind(".//opf:itemref", NS)):
            document = hrefs[ref.get("idref")]
            root = etree.fromstring(book.read(document))
            images = [img.get("src") for img in root.iterfind(".//x:img", NS)]
            images += [
                image.get(f"{{{NS['xlink']}}}href") for image in root.iterfind(".//svg:image", NS)
            ]
            folder = posixpath.dirname(document)
            if any(
                posixpath.normpath(posixpath.join(folder, src)) == hrefs[cover_id] for src in images
            ):
                showing_cover.append((position, document))
    assert len(showing_cover) == 1, showing_cover
    assert showing_cover[0][0] == 0  # the book opens on it
