"""The EPUB stage, checked as its users' tools check it: unzipped, parsed, and EPUBCheck'd.

Every book is built once per session (``books``) and EPUBCheck runs on all of them at
once, a few JVMs side by side (``epubcheck_reports``). The books are the first article,
every docs/source-format.md fixture (``tests/data/format``), the hand-written tricky sources in
``tests/data/epub`` (markup in every field, CJK, a title and nothing else, three directors,
writers and no director) and a few articles drawn from the Hypothesis strategy of
``articles.py``.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tinycss2
from hypothesis import Phase, given, settings
from lxml import etree
from PIL import Image

from articles import article_texts
from epubcheck_runner import Report, check_all
from filmbook.cover import WIDTH, make_cover, wrap
from filmbook.dates import build_time
from filmbook.errors import FilmbookError
from filmbook.filters import spanned_rows
from filmbook.material import read_material
from filmbook.model import Article, Cell, CellOrigin, PressMaterial, Role, Row, Table
from filmbook.normalise import normalise
from filmbook.outputs import epub_file
from filmbook.plan import Facts, make_facts
from filmbook.plan.ebook import people
from filmbook.plan.language import Run, language_runs
from filmbook.plan.text import format_date, join_names
from filmbook.reader import read_sources
from filmbook.source import SourceText, read_source
from wordcheck import missing_words, printed_words, words

# Under `pytest -n N --dist loadgroup` every EPUB test runs on one worker, which then
# builds the books and runs EPUBCheck once; other modes of distribution work too.
pytestmark = pytest.mark.xdist_group("epub")

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "source" / "all-of-us-strangers.txt"
FIXTURES = [
    path
    for path in sorted((ROOT / "tests" / "data" / "format").glob("*.txt"))
    if not path.stem.startswith("title-missing")  # no title, no book: the normaliser refuses them
]
TRICKY = sorted((ROOT / "tests" / "data" / "epub").glob("*.txt"))
GENERATED = 4
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
WHEN = datetime.fromtimestamp(EPOCH, tz=UTC)
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BROKEN = "broken"  # a book spoilt on purpose, to show that EPUBCheck's errors are seen
WITH_MATERIAL = "first-with-material"  # the first article with its sample press material
BOOKS = [
    "first",
    *(f"format/{path.stem}" for path in FIXTURES),
    *(f"epub/{path.stem}" for path in TRICKY),
    *(f"generated/{n}" for n in range(GENERATED)),
    WITH_MATERIAL,
]


@dataclass(frozen=True)
class Book:
    """A built EPUB with what it was made from, unzipped and parsed."""

    source: SourceText
    article: Article
    data: bytes
    material: PressMaterial | None = None

    @property
    def facts(self) -> Facts:
        return make_facts(self.article, self.material)

    def zip(self) -> zipfile.ZipFile:
        return zipfile.ZipFile(io.BytesIO(self.data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip().read(name))

    @property
    def package(self) -> etree._Element:
        return self.xml("EPUB/content.opf")

    def documents(self) -> Iterator[tuple[str, etree._Element]]:
        """Every XHTML document of the spine, in reading order."""
        package = self.package
        hrefs = {item.get("id"): item.get("href") for item in package.iterfind(".//opf:item", NS)}
        for ref in package.iterfind(".//opf:itemref", NS):
            name = f"EPUB/{hrefs[ref.get('idref')]}"
            yield name, self.xml(name)

    def text(self) -> str:
        """The book's text as a reader gets it: every document's body, in reading order."""
        return "\n".join(
            _text(body) for _, root in self.documents() for body in root.iterfind("x:body", NS)
        )


INLINE = frozenset({"a", "span", "em", "strong", "abbr", "cite", "q", "time"})


def _text(element: etree._Element) -> str:
    """The text of an element: inline elements run on (a span marks part of a word),
    every other element is a block of its own."""
    parts = [element.text or ""]
    for child in element:
        inline = etree.QName(child).localname in INLINE
        parts += [_text(child) if inline else f" {_text(child)} ", child.tail or ""]
    return "".join(parts)


def _generated_sources() -> list[SourceText]:
    """A few articles from the Hypothesis strategy, the same ones on every run."""
    found: list[str] = []

    @settings(max_examples=GENERATED * 3, derandomize=True, database=None, phases=[Phase.generate])
    @given(article_texts())
    def collect(text: str) -> None:
        found.append(text)

    collect()
    # The first examples Hypothesis draws are the smallest; take them from across the run.
    step = max(1, len(found) // GENERATED)
    return [SourceText(f"generated-{n}.txt", text) for n, text in enumerate(found[::step])][
        :GENERATED
    ]


def _sources() -> dict[str, SourceText]:
    sources = {"first": read_source(FIRST)}
    sources.update({f"format/{path.stem}": read_source(path) for path in FIXTURES})
    sources.update({f"epub/{path.stem}": read_source(path) for path in TRICKY})
    sources.update({f"generated/{n}": s for n, s in enumerate(_generated_sources())})
    return sources


@pytest.fixture(scope="session")
def books() -> dict[str, Book]:
    """Every book of the session, built once."""
    built = {}
    for name, source in _sources().items():
        article = normalise(source)
        built[name] = Book(source, article, epub_file(make_facts(article), modified=WHEN))
    (seed,) = read_sources(FIRST)
    material = read_material(seed)  # type: ignore[arg-type]
    first = built["first"]
    data = epub_file(make_facts(first.article, material), modified=WHEN)
    built[WITH_MATERIAL] = Book(first.source, first.article, data, material)
    return built


@pytest.fixture(scope="session")
def epubcheck_reports(
    books: dict[str, Book], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Report]:
    """EPUBCheck's report on every book, the checks run side by side."""
    folder = tmp_path_factory.mktemp("epubs")
    paths = {}
    for name, book in books.items():
        paths[name] = folder / f"{name.replace('/', '-')}.epub"
        paths[name].write_bytes(book.data)
    paths[BROKEN] = folder / "broken.epub"
    paths[BROKEN].write_bytes(_broken(books["first"].data))
    reports = check_all(list(paths.values()))
    return {name: reports[path] for name, path in paths.items()}


def _broken(data: bytes) -> bytes:
    """The book with an empty ``dc:contributor``: EPUBCheck must report it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as book, zipfile.ZipFile(out, "w") as copy:
        for entry in book.infolist():
            content = book.read(entry)
            if entry.filename.endswith(".opf"):
                content = content.replace(b"<dc:title>", b"<dc:contributor/><dc:title>")
            copy.writestr(entry, content)
    return out.getvalue()


@pytest.fixture(scope="session")
def first(books: dict[str, Book]) -> Book:
    return books["first"]


# --- validity ----------------------------------------------------------------------------


def test_epubcheck_finds_no_error_and_no_warning_in_any_book(
    epubcheck_reports: dict[str, Report],
) -> None:
    # One test for every book, not one per book: under pytest-xdist each worker that ran
    # one of them would run EPUBCheck on all the books again.
    reports = {name: r for name, r in epubcheck_reports.items() if name != BROKEN}
    assert list(reports) == BOOKS
    unclean = {name: report.messages for name, report in reports.items() if not report.clean}
    assert not unclean


def test_epubcheck_reports_what_is_wrong(epubcheck_reports: dict[str, Report]) -> None:
    broken = epubcheck_reports[BROKEN]
    assert (broken.fatals, broken.errors, broken.warnings) == (0, 1, 0)
    assert "dc:contributor" in broken.messages[0]


def test_every_generated_article_was_built(books: dict[str, Book]) -> None:
    assert sum(name.startswith("generated/") for name in books) == GENERATED


# --- content -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BOOKS)
def test_every_word_of_the_source_is_in_the_book(name: str, books: dict[str, Book]) -> None:
    book = books[name]
    missing = missing_words(printed_words(book.source.text), words(book.text()))
    assert not missing, missing


@pytest.mark.parametrize("name", BOOKS)
def test_the_navigation_lists_every_section(name: str, books: dict[str, Book]) -> None:
    book = books[name]
    nav = book.xml("EPUB/nav.xhtml")
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    entries = ["".join(a.itertext()) for a in toc.iterfind(".//x:a", NS)]
    expected = [book.article.title]
    if book.article.lead:
        expected.append("Synopsis")
    facts = book.facts
    if facts.statement:  # the press material's pages, around the article's
        expected.append("Director’s statement")
    expected += [section.title for top in facts.sections for section in _tree(top)]
    expected += ["Stills"] * bool(facts.stills) + ["Contacts"] * bool(facts.contacts)
    expected.append("Source and licence")  # the credits page, last
    assert entries == expected


@pytest.mark.parametrize("name", BOOKS)
def test_every_link_reaches_an_element_of_the_book(name: str, books: dict[str, Book]) -> None:
    book = books[name]
    ids = {
        f"{doc.removeprefix('EPUB/')}#{element.get('id')}"
        for doc, root in [*book.documents(), ("EPUB/nav.xhtml", book.xml("EPUB/nav.xhtml"))]
        for element in root.iter()
        if element.get("id")
    }
    files = {name.removeprefix("EPUB/") for name in book.zip().namelist()}
    links = [a.get("href") for a in book.xml("EPUB/nav.xhtml").iterfind(".//x:a", NS)]
    ncx = book.xml("EPUB/toc.ncx")
    links += [content.get("src") for content in ncx.iterfind(".//ncx:content", NS)]
    for link in links:
        assert (link in ids) if "#" in link else (link in files), link


@pytest.mark.parametrize("name", BOOKS)
def test_the_ncx_lists_what_the_nav_lists_nested_alike(name: str, books: dict[str, Book]) -> None:
    book = books[name]
    nav = book.xml("EPUB/nav.xhtml").find(".//x:nav[@epub:type='toc']/x:ol", NS)
    assert _ncx_tree(book.xml("EPUB/toc.ncx").find("ncx:navMap", NS)) == _nav_tree(nav)


def _nav_tree(ol: etree._Element | None) -> list[tuple[str, list[object]]]:
    if ol is None:
        return []
    return [(li.find("x:a", NS).get("href"), _nav_tree(li.find("x:ol", NS))) for li in ol]


def _ncx_tree(parent: etree._Element) -> list[tuple[str, list[object]]]:
    return [
        (point.find("ncx:content", NS).get("src"), _ncx_tree(point))
        for point in parent.iterfind("ncx:navPoint", NS)
    ]


@pytest.mark.parametrize("name", BOOKS)
def test_the_ncx_has_its_depth_a_play_order_and_ids_from_the_anchors(
    name: str, books: dict[str, Book]
) -> None:
    book = books[name]
    ncx = book.xml("EPUB/toc.ncx")
    head = {meta.get("name"): meta.get("content") for meta in ncx.iterfind("ncx:head/ncx:meta", NS)}
    assert head["dtb:uid"] == book.package.findtext(".//dc:identifier", namespaces=NS)
    points = list(ncx.iterfind(".//ncx:navPoint", NS))
    nesting = [len(list(point.iterancestors(f"{{{NS['ncx']}}}navPoint"))) + 1 for point in points]
    assert int(head["dtb:depth"]) == max(nesting)
    assert [point.get("playOrder") for point in points] == [
        str(n) for n in range(1, len(points) + 1)
    ]
    for point in points:
        page, _, anchor = point.find("ncx:content", NS).get("src").partition("#")
        assert point.get("id") == (anchor or page.removesuffix(".xhtml"))


def test_the_ncx_nests_subsections(books: dict[str, Book]) -> None:
    ncx = books["epub/three-directors"].xml("EPUB/toc.ncx")
    depth = ncx.find("ncx:head/ncx:meta[@name='dtb:depth']", NS).get("content")
    frame_rate = ncx.find(".//ncx:navPoint[@id='section-01-1-1']", NS)
    assert (depth, frame_rate.findtext("ncx:navLabel/ncx:text", namespaces=NS)) == (
        "3",
        "Frame rate",
    )
    assert [a.get("id") for a in frame_rate.iterancestors(f"{{{NS['ncx']}}}navPoint")] == [
        "section-01-1",
        "section-01",
    ]


def test_one_document_per_top_level_section(first: Book) -> None:
    titles = [
        "".join(root.find(".//x:h1", NS).itertext())
        for name, root in first.documents()
        if re.match(r"EPUB/section-\d+\.xhtml", name)
    ]
    assert titles == [section.title for section in first.facts.sections]
    assert titles[:3] == ["Plot", "Production", "Cast"]


def test_the_fact_sheet_has_every_infobox_field(first: Book) -> None:
    title = first.xml("EPUB/title.xhtml")
    rows = {
        "".join(row.find("x:th", NS).itertext()): " ".join(row.find("x:td", NS).itertext())
        for row in title.iterfind(".//x:section[@class='fact-sheet']//x:table//x:tr", NS)
    }
    assert first.article.infobox is not None
    for field in first.article.infobox.fields:
        assert field.role is not Role.IMAGE
        assert all(format_date(value) in rows[field.key] for value in field.values), field


def test_the_cast_says_who_plays_whom(first: Book) -> None:
    cast = next(root for name, root in first.documents() if name == "EPUB/section-03.xhtml")
    items = [" ".join("".join(li.itertext()).split()) for li in cast.iterfind(".//x:li", NS)]
    assert items[0].startswith("Andrew Scott as Adam")
    assert "Carter John Grout as young Adam" in items


def test_accolades_are_grouped_by_ceremony_with_unknown_recipients_said(first: Book) -> None:
    accolades = first.xml("EPUB/section-06.xhtml")
    table = accolades.find(".//x:table", NS)
    headers = ["".join(th.itertext()) for th in table.iterfind("x:thead//x:th", NS)]
    assert headers[:3] == ["Award", "Date of ceremony", "Category"]
    groups = table.findall("x:tbody", NS)
    model = next(b for s in first.facts.sections for b in s.blocks if isinstance(b, Table))
    assert len(groups) == len(model.ceremonies)  # one per ceremony
    bifa = next(g for g in groups if "British Independent" in "".join(g.itertext()))
    award = bifa.find("x:tr/x:th", NS)
    assert (award.get("scope"), award.get("rowspan")) == ("rowgroup", str(len(bifa)))
    assert "recipient not recorded" in "".join(groups[0].itertext())


# --- markup ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BOOKS)
def test_every_document_has_the_language_of_the_book(name: str, books: dict[str, Book]) -> None:
    book = books[name]
    language = book.package.findtext(".//dc:language", namespaces=NS)
    assert language == book.facts.language
    assert book.package.get(XML_LANG) == language
    for doc, root in [*book.documents(), ("nav", book.xml("EPUB/nav.xhtml"))]:
        assert (root.get("lang"), root.get(XML_LANG)) == (language, language), doc


@pytest.mark.parametrize("name", BOOKS)
def test_headings_never_skip_a_level(name: str, books: dict[str, Book]) -> None:
    for doc, root in books[name].documents():
        levels = [
            int(element.tag[-1])
            for element in root.iter()
            if isinstance(element.tag, str) and re.fullmatch(r"\{.*\}h[1-6]", element.tag)
        ]
        if levels:
            assert levels[0] == 1, doc
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), doc


@pytest.mark.parametrize("name", BOOKS)
def test_tables_have_header_cells_with_a_scope(name: str, books: dict[str, Book]) -> None:
    for doc, root in books[name].documents():
        for table in root.iterfind(".//x:table", NS):
            # A row without a th of its own is under the th spanning its row group.
            for group in table.iterfind("x:thead", NS):
                assert all(th.get("scope") == "col" for th in group.iterfind(".//x:th", NS))
            for group in table.iterfind("x:tbody", NS):
                assert group.find("x:tr", NS).find("x:th", NS) is not None, doc
            for header in table.iterfind(".//x:th", NS):
                assert header.get("scope") in ("col", "row", "rowgroup"), doc


@pytest.mark.parametrize("name", BOOKS)
def test_no_remote_resource(name: str, books: dict[str, Book]) -> None:
    book = books[name]
    remote = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
    for doc, root in [*book.documents(), ("nav", book.xml("EPUB/nav.xhtml"))]:
        for element in root.iter():
            for attribute in ("href", "src"):
                assert not remote.match(element.get(attribute) or ""), doc
    for item in book.package.iterfind(".//opf:item", NS):
        assert not remote.match(item.get("href"))
    css = b"".join(book.zip().read(n) for n in book.zip().namelist() if n.endswith(".css"))
    assert b"url(" not in css and b"@import" not in css


def test_markup_in_the_source_is_text(books: dict[str, Book]) -> None:
    book = books["epub/hostile-markup"]
    for doc, root in book.documents():
        tags = {etree.QName(e).localname for e in root.iter() if isinstance(e.tag, str)}
        assert not tags & {"script", "b", "i", "u", "em", "img", "a", "br", "Ted"} - {
            "img" if doc.endswith("cover.xhtml") else "",
            "a" if doc.endswith("nav.xhtml") else "",
        }, doc
    text = book.text()
    for shown in ("<script>alert(“title”)</script>", "<b>Bold</b>", "&amp;", "]]>", "<Ted>"):
        assert shown in text


def test_the_cover_page_shows_the_image_with_its_words_as_alt_text(first: Book) -> None:
    cover = first.xml("EPUB/cover.xhtml")
    image = cover.find(".//x:img", NS)
    assert image.get("alt") == "All of Us Strangers, a film by Andrew Haigh, 2023"
    item = first.package.find(".//opf:item[@properties='cover-image']", NS)
    assert item.get("href") == image.get("src")


def test_the_guide_names_the_cover_page(first: Book) -> None:
    # calibre finds the cover page by the EPUB 2 guide; without it, a conversion adds one.
    references = [
        (ref.get("type"), ref.get("href"), ref.get("title"))
        for ref in first.package.iterfind("opf:guide/opf:reference", NS)
    ]
    assert references == [("cover", "cover.xhtml", "Cover")]
    spine = [name for name, _ in first.documents()]
    assert spine[0] == "EPUB/cover.xhtml"


def test_the_rights_name_the_source_and_its_licence(first: Book) -> None:
    (rights,) = first.package.iterfind("opf:metadata/dc:rights", NS)
    assert f"“{first.facts.title}”" in rights.text and "CC BY-SA 4.0" in rights.text
    credits = "".join(first.xml("EPUB/credits.xhtml").itertext())
    assert rights.text.split(". ")[0] in " ".join(credits.split())


def test_the_cover_fits_a_landscape_screen(first: Book) -> None:
    cover = first.xml("EPUB/cover.xhtml")
    image = cover.find("x:body[@class='cover']/x:section[@class='cover']/x:img", NS)
    assert image is not None
    assert image.get("width") is None and image.get("height") is None  # the stylesheet's
    rules = {
        tinycss2.serialize(rule.prelude).strip(): {
            declaration.lower_name: tinycss2.serialize(declaration.value).strip()
            for declaration in tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            if declaration.type == "declaration"
        }
        for rule in tinycss2.parse_stylesheet(
            first.zip().read("EPUB/styles/epub.css").decode(),
            skip_comments=True,
            skip_whitespace=True,
        )
        if rule.type == "qualified-rule"
    }
    fitted = rules["section.cover img"]
    assert (fitted["width"], fitted["height"]) == ("auto", "auto")  # keeps its shape
    assert fitted["max-width"] == "100%"
    height = re.fullmatch(r"(\d+)vh", fitted["max-height"])
    assert height is not None and int(height[1]) <= 100


# --- metadata ----------------------------------------------------------------------------


def _metadata(book: Book) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in book.package.iterfind(".//opf:meta[@property]", NS):
        if meta.get("refines") is None:
            found.setdefault(meta.get("property"), []).append(meta.text)
    return found


def _roles(book: Book, element: str) -> dict[str, set[str]]:
    package = book.package
    return {
        person.text: {
            meta.text
            for meta in package.iterfind(f".//opf:meta[@refines='#{person.get('id')}']", NS)
            if meta.get("property") == "role" and meta.get("scheme") == "marc:relators"
        }
        for person in package.iterfind(f".//dc:{element}", NS)
    }


def test_the_metadata_holds_the_people_and_their_roles(first: Book) -> None:
    creators, contributors = _roles(first, "creator"), _roles(first, "contributor")
    assert creators == {"Andrew Haigh": {"aut", "drt", "aus"}}  # aut: calibre's author
    assert contributors["Graham Broadbent"] == {"pro"}
    assert contributors["Andrew Scott"] == {"act"}
    assert contributors["Carter John Grout"] == {"act"}  # from the cast list
    assert contributors["Jamie D. Ramsay"] == {"cng"}
    assert contributors["Jonathan Alberts"] == {"flm"}
    assert contributors["Emilie Levienaise-Farrouch"] == {"cmp"}
    assert contributors["Film4 Productions"] == {"prn"}
    assert contributors["Searchlight Pictures"] == {"fds"}


def test_a_story_credit_is_a_writer_of_the_film_story_and_based_on_is_no_person() -> None:
    assert _people("- Director: Dan\n- Story: Ann\n- Screenplay: Bob\n- Based on: A by B\n") == [
        ("Dan", ("aut", "drt")),
        ("Ann", ("wfs",)),
        ("Bob", ("aus",)),
    ]


def test_the_directors_are_the_authors_and_come_first() -> None:
    assert _people("- Writer: Wes\n- Starring: Sam\n- Director: Ann, Bob\n") == [
        ("Ann", ("aut", "drt")),
        ("Bob", ("aut", "drt")),
        ("Wes", ("aus",)),
        ("Sam", ("act",)),
    ]


def test_without_a_director_the_writers_are_the_authors() -> None:
    assert _people("- Starring: Sam\n- Writer: Wes\n- Story: Ann\n") == [
        ("Wes", ("aut", "aus")),
        ("Ann", ("aut", "wfs")),
        ("Sam", ("act",)),
    ]
    assert _people("- Starring: Sam\n") == [("Sam", ("act",))]  # no author, and none made up


def _people(infobox: str) -> list[tuple[str, tuple[str, ...]]]:
    article = normalise(SourceText("x.txt", f"= X =\n\nInfobox\n{infobox}"))
    return [(person.name, person.roles) for person in people(make_facts(article))]


def test_the_directors_are_the_first_creators_in_the_package(books: dict[str, Book]) -> None:
    package = books["epub/three-directors"].package
    creators = [creator.text for creator in package.iterfind(".//dc:creator", NS)]
    assert creators == ["Bob Persichetti", "Peter Ramsey", "Rodney Rothman", "Phil Lord"]
    assert _roles(books["epub/three-directors"], "creator")["Rodney Rothman"] == {
        "aut",
        "drt",
        "aus",
    }


def test_the_metadata_holds_title_language_date_subjects(first: Book) -> None:
    package = first.package
    assert package.findtext(".//dc:title", namespaces=NS) == "All of Us Strangers"
    assert package.findtext(".//dc:date", namespaces=NS) == "2023-11-14T22:13:20Z"
    assert _metadata(first)["dcterms:modified"] == ["2023-11-14T22:13:20Z"]
    subjects = [s.text for s in package.iterfind(".//dc:subject", NS)]
    assert subjects == ["Film", "United Kingdom"]


def test_the_metadata_holds_the_accessibility_properties(first: Book) -> None:
    found = _metadata(first)
    assert found["schema:accessMode"] == ["textual", "visual"]
    assert found["schema:accessModeSufficient"] == ["textual"]
    assert set(found["schema:accessibilityFeature"]) >= {
        "tableOfContents",
        "structuralNavigation",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    }
    assert found["schema:accessibilityHazard"] == ["none"]
    assert found["schema:accessibilitySummary"][0]
    assert found["dcterms:conformsTo"] == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_the_identifier_is_the_same_on_every_build_of_the_article(first: Book) -> None:
    later = epub_file(first.facts, modified=datetime(2030, 1, 1, tzinfo=UTC))
    again = Book(first.source, first.article, later)
    identifier = first.package.findtext(".//dc:identifier", namespaces=NS)
    assert identifier.startswith("urn:uuid:")
    assert again.package.findtext(".//dc:identifier", namespaces=NS) == identifier


# --- reproducible ------------------------------------------------------------------------


def test_two_builds_with_source_date_epoch_are_byte_identical(
    first: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    one, two = epub_file(first.facts), epub_file(first.facts)
    assert one == two
    assert one == first.data  # the same time given as an argument


def test_the_zip_is_a_valid_epub_container_with_fixed_entries(first: Book) -> None:
    entries = first.zip().infolist()
    assert entries[0].filename == "mimetype"
    assert entries[0].compress_type == zipfile.ZIP_STORED
    assert not entries[0].extra
    assert first.zip().read("mimetype") == b"application/epub+zip"
    assert {entry.date_time for entry in entries} == {WHEN.timetuple()[:6]}
    assert {entry.external_attr >> 16 for entry in entries} == {0o100644}


def test_build_time_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert build_time() == WHEN
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(FilmbookError, match="SOURCE_DATE_EPOCH"):
        build_time()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert abs((build_time() - datetime.now(UTC)).total_seconds()) < 60


# --- the cover image ---------------------------------------------------------------------


def test_the_cover_is_a_deterministic_portrait_png(first: Book) -> None:
    data = first.zip().read("EPUB/images/cover.png")
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("PNG", (1600, 2400))
    facts = first.facts
    assert make_cover(facts.title, facts.directed_by, facts.year) == data


@pytest.mark.parametrize(
    "title",
    ["All of Us Strangers", "キュア", "기생충", "Cléo from 5 to 7", "A" * 300, "x" * 40 + " y"],
)
def test_title_lines_fit_the_cover(title: str) -> None:
    from PIL import ImageFont

    from filmbook.cover import MARGIN, _font, _serif

    font: ImageFont.FreeTypeFont = _font(_serif("Bold", title, "ja"), 120)
    lines = wrap(title, font, WIDTH - 2 * MARGIN, hard=True)
    assert lines and "".join(lines).replace(" ", "") == title.replace(" ", "")
    assert all(font.getlength(line) <= WIDTH - 2 * MARGIN for line in lines)


@pytest.mark.parametrize(
    ("cjk", "family"), [("ja", "JP"), ("ko", "KR"), ("zh-Hans", "SC"), ("zh-Hant", "TC")]
)
def test_the_cjk_cover_font_is_found_through_fontconfig(cjk: str, family: str) -> None:
    from filmbook.cover import _characters, _sans

    face = _sans("Regular", "キュア 기생충 中文", cjk)
    assert {ord(c) for c in "キュア기생충中文"} <= _characters(face)
    named = subprocess.run(
        ["fc-query", "--format=%{family}", f"--index={face.index}", str(face.path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert f"Noto Sans CJK {family}" in named


def test_a_cjk_cover_without_a_cjk_font_is_one_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from filmbook import cover

    cover._match.cache_clear()
    monkeypatch.setattr(cover.shutil, "which", lambda name: None)
    try:
        with pytest.raises(FilmbookError, match="install fonts-noto-cjk"):
            cover.make_cover("キュア", "", None)
        assert cover.make_cover("Cure", "", None).startswith(b"\x89PNG")
    finally:
        cover._match.cache_clear()


# --- small parts -------------------------------------------------------------------------


def test_spanned_cells_become_rowspans() -> None:
    def row(*cells: tuple[str | None, CellOrigin]) -> Row:
        return Row(1, tuple(Cell(text, origin) for text, origin in cells))

    src, span, lost = CellOrigin.SOURCE, CellOrigin.SPANNED, CellOrigin.UNKNOWN
    rows = (
        row(("BIFA", src), ("3 Dec", src), ("Best Film", src), (None, lost)),
        row(("BIFA", span), ("3 Dec", span), ("Best Supporting", src), ("Bell", src)),
        row(("BIFA", span), ("3 Dec", span), ("Best Supporting", span), ("Foy", src)),
    )
    placed = spanned_rows(rows, (0, 1, 2, 3))
    assert [[(c.text, c.column, c.rows) for c in r] for r in placed] == [
        [("BIFA", 0, 3), ("3 Dec", 1, 3), ("Best Film", 2, 1), (None, 3, 1)],
        [("Best Supporting", 2, 2), ("Bell", 3, 1)],
        [("Foy", 3, 1)],
    ]


def test_join_names() -> None:
    assert join_names(()) == ""
    assert join_names(("A",)) == "A"
    assert join_names(("A", "B", "C")) == "A, B and C"


def test_the_epub_writer_does_not_load_weasyprint() -> None:
    import subprocess
    import sys

    code = "import sys, filmbook.epub; print('weasyprint' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def _tree(section):  # type: ignore[no-untyped-def]
    yield section
    for child in section.sections:
        yield from _tree(child)


def test_cjk_runs_are_marked_with_their_language() -> None:
    assert language_runs("Cure (キュア, Kyua) is", None) == (
        Run("Cure ("),
        Run("キュア", "ja"),
        Run(", Kyua) is"),
    )
    assert language_runs("기생충 한국어", None) == (Run("기생충 한국어", "ko"),)
    assert language_runs("in 東京.", None)[1] == Run("東京", "ja")  # nothing says: Japanese
    assert language_runs("in 東京.", "ja")[1] == Run("東京", "ja")
    assert language_runs("", None) == (Run(""),)


def test_the_book_marks_the_language_of_cjk_text(books: dict[str, Book]) -> None:
    book = books["epub/japanese"]
    spans = {
        ("".join(span.itertext()), span.get("lang"), span.get(XML_LANG))
        for _, root in book.documents()
        for span in root.iterfind(".//x:span[@lang]", NS)
    }
    assert {("キュア", "ja", "ja"), ("기생충", "ko", "ko"), ("東京", "ja", "ja")} <= spans


def test_a_user_stylesheet_comes_after_filmbooks(first: Book, tmp_path: Path) -> None:
    style = tmp_path / "mine.css"
    style.write_text("h1 { font-variant: small-caps; }\n", encoding="utf-8")
    book = Book(first.source, first.article, epub_file(first.facts, style=style, modified=WHEN))
    links = [link.get("href") for link in book.xml("EPUB/title.xhtml").iterfind(".//x:link", NS)]
    assert links == ["styles/epub.css", "styles/user.css"]
    assert book.zip().read("EPUB/styles/user.css") == style.read_bytes()
    with pytest.raises(FilmbookError, match="cannot read the stylesheet"):
        epub_file(first.facts, style=tmp_path / "missing.css")


def test_a_users_template_replaces_filmbooks(first: Book, tmp_path: Path) -> None:
    (tmp_path / "epub").mkdir()
    (tmp_path / "epub" / "cover.xhtml").write_text(
        '{% extends "epub/page.xhtml" %}{% block body %}<p>My own cover</p>{% endblock %}\n',
        encoding="utf-8",
    )
    book = Book(first.source, first.article, epub_file(first.facts, templates=tmp_path))
    assert "My own cover" in "".join(book.xml("EPUB/cover.xhtml").itertext())


# --- the press material ------------------------------------------------------------------


@pytest.fixture(scope="session")
def with_material(books: dict[str, Book]) -> Book:
    return books[WITH_MATERIAL]


def test_the_poster_is_the_cover_image_with_its_alt_text(with_material: Book) -> None:
    facts = with_material.facts
    assert facts.poster is not None
    item = with_material.package.find(".//opf:item[@id='cover-image']", NS)
    assert item is not None and item.get("properties") == "cover-image"
    assert with_material.zip().read(f"EPUB/{item.get('href')}") == facts.poster.picture.data
    cover = with_material.xml("EPUB/cover.xhtml")
    img = cover.find(".//x:img", NS)
    assert img is not None and img.get("alt") == facts.poster.alt


def test_the_laurels_are_inline_svg_images_on_the_title_page(with_material: Book) -> None:
    facts = with_material.facts
    item = with_material.package.find(".//opf:item[@id='title']", NS)
    assert item is not None and item.get("properties") == "svg"
    title = with_material.xml("EPUB/title.xhtml")
    found = title.findall(".//svg:svg", {"svg": "http://www.w3.org/2000/svg"})
    assert [svg.get("role") for svg in found] == ["img"] * len(facts.laurels)
    names = [
        svg.findtext("svg:title", namespaces={"svg": "http://www.w3.org/2000/svg"}) for svg in found
    ]
    assert names == [laurel.name for laurel in facts.laurels]
    assert names[0] == "Official Selection, Telluride Film Festival 2023"


def test_the_stills_statement_and_contacts_have_pages(with_material: Book) -> None:
    facts = with_material.facts
    names = [name for name, _ in with_material.documents()]
    assert names.index("EPUB/director.xhtml") == names.index("EPUB/synopsis.xhtml") + 1
    assert names[-3:] == ["EPUB/stills.xhtml", "EPUB/contacts.xhtml", "EPUB/credits.xhtml"]
    stills = with_material.xml("EPUB/stills.xhtml")
    (figure,) = stills.findall(".//x:figure", NS)
    img = figure.find("x:img", NS)
    assert img is not None and img.get("alt") == facts.stills[0].alt
    assert with_material.zip().read(f"EPUB/{img.get('src')}") == facts.stills[0].picture.data
    assert "Photo: Abstract art" in _text(figure)
    contacts = _text(with_material.xml("EPUB/contacts.xhtml"))
    for phrase in ("Sam Sample", "press@example.com", "Robin Placeholder", "@example_strangers"):
        assert phrase in contacts
    assert "Release dates" in _text(with_material.xml("EPUB/title.xhtml"))
