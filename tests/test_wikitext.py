"""The wikitext reader and the XML export reader, from source to every output.

The seed article in wikitext (``tests/data/wikitext/all-of-us-strangers.wiki``) must say
what ``source/all-of-us-strangers.txt`` says; the other fixtures are modelled on real film
articles (an infobox with list templates, ``{{Nihongo}}``, references named and reused, a
``{{Quote box}}``, an accolades wikitable with rowspans, colspans and ``{{won}}``) and an
export of several pages. Each is built once per session into every output; every word of
its prose must be in the Article, and every word of the Article in the press kit and the
EPUB, and EPUBCheck must find nothing.
"""

from __future__ import annotations

import io
import json
import sys
import time
import zipfile
from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from epubcheck_runner import check_all
from filmbook.build import find_sources, load
from filmbook.cli import main
from filmbook.errors import InputError
from filmbook.filters import inline_runs, spanned_rows
from filmbook.jsonout import article_to_json
from filmbook.model import (
    Article,
    AwardGroup,
    CastList,
    CellOrigin,
    LanguageSpan,
    NoteRef,
    Outcome,
    Paragraph,
    Role,
    Table,
)
from filmbook.outputs import epub_file, preview_files
from filmbook.plan import make_facts, plan_ebook, plan_presskit
from filmbook.printing import PdfOptions
from filmbook.reader import read_all, read_article
from filmbook.source import SourceText
from filmbook.wikitext import read_wikitext
from outputs import epub_text, missing_from_pdf
from wordcheck import missing_words, wiki_printed_words, words

pytestmark = pytest.mark.xdist_group("wikitext")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "wikitext"
SEED = DATA / "all-of-us-strangers.wiki"
CURE = DATA / "cure.wikitext"
EXPORT = DATA / "export.xml"
EPUB = "{http://www.idpf.org/2007/ops}type"
BAD = Path(__file__).parent / "data" / "bad"

sys.path.insert(0, str(BAD))
import make_corpus  # noqa: E402


def _articles(path: Path) -> list[Article]:
    return load([path])


def _one(path: Path) -> Article:
    (article,) = _articles(path)
    return article


def _paragraphs(article: Article) -> list[str]:
    blocks = [*article.lead, *(b for s in article.walk() for b in s.blocks)]
    return [b.text for b in blocks if isinstance(b, Paragraph)]


# --- the seed article in wikitext says what its plain-text export says ---------------------


@pytest.fixture(scope="module")
def seed() -> tuple[Article, Article]:
    return _one(SEED), load(find_sources([str(ROOT / "source")]))[0]


def test_the_seed_in_wikitext_has_the_same_facts_as_its_plain_text(
    seed: tuple[Article, Article],
) -> None:
    wiki, plain = (make_facts(article) for article in seed)
    for name in ("title", "year", "directed_by", "starring", "key_facts", "logline", "synopsis"):
        assert getattr(wiki, name) == getattr(plain, name), name
    assert [(f.label, f.values) for f in wiki.credits] == [
        (f.label, f.values) for f in plain.credits
    ]
    assert wiki.accolades is not None and plain.accolades is not None
    assert (wiki.accolades.nominations, wiki.accolades.ceremonies) == (79, 30)
    assert wiki.accolades.tally == plain.accolades.tally
    assert len(wiki.accolades.notable) == 6
    assert wiki.accolades.notable == plain.accolades.notable


def test_the_seed_in_wikitext_has_the_same_sections_and_paragraphs(
    seed: tuple[Article, Article],
) -> None:
    wiki, plain = seed
    assert [s.title for s in wiki.walk()] == [s.title for s in plain.walk()]
    assert _paragraphs(wiki) == _paragraphs(plain)


def test_real_rowspans_give_the_flattened_tables_rows(seed: tuple[Article, Article]) -> None:
    wiki, plain = seed
    (table,) = (b for s in wiki.walk() for b in s.blocks if isinstance(b, Table))
    (flat,) = (b for s in plain.walk() for b in s.blocks if isinstance(b, Table))
    assert len(table.rows) == len(flat.rows) == 79
    for row, other in zip(table.rows, flat.rows, strict=True):
        assert [c.text for c in row.cells[:3]] == [c.text for c in other.cells[:3]]
    bifa = next(c for c in table.ceremonies if c.name == "British Independent Film Awards")
    assert [a.recipient for a in bifa.accolades if a.category == "Best Supporting Performance"] == [
        "Jamie Bell",
        "Claire Foy",
        "Paul Mescal",
    ]


def test_references_are_numbered_notes_and_reused_names_share_one(
    seed: tuple[Article, Article],
) -> None:
    wiki, _ = seed
    assert [n.number for n in wiki.notes] == [1, 2, 3, 4]
    assert wiki.notes[1].text.startswith("Debruge, Peter. “‘All of Us Strangers’ Review")
    assert wiki.notes[1].url is not None and wiki.notes[1].url.startswith("https://variety.com/")
    refs = [r for p in wiki.lead if isinstance(p, Paragraph) for r in p.notes]
    assert [r.number for r in refs] == [2, 2, 3]  # Variety twice: one note
    assert all(r.mark for r in refs) and len({r.mark for r in refs}) == len(refs)


# --- templates, tables and notes of a real article's shape ------------------------------


@pytest.fixture(scope="module")
def cure() -> Article:
    return _one(CURE)


def test_the_infobox_maps_every_parameter(cure: Article) -> None:
    assert cure.infobox is not None
    fields = {f.key: (f.role, f.values) for f in cure.infobox.fields}
    assert fields["Producer"] == (Role.PRODUCER, ("Tsutomu Tsuchikawa", "Atsuyuki Shimoda"))
    assert fields["Starring"][1] == (
        "Kōji Yakusho",
        "Masato Hagiwara",
        "Tsuyoshi Ujiki",
        "Anna Nakagawa",
    )
    assert fields["Released"] == (Role.RELEASED, ("27 December 1997",))
    assert fields["Budget"] == (Role.BUDGET, ("¥200\u00a0million",))
    assert fields["Image"][0] is Role.IMAGE and fields["Caption"][0] is Role.IMAGE
    assert "Name" not in fields


def test_inline_templates_become_their_text(cure: Article) -> None:
    lead = _paragraphs(cure)[0]
    assert lead.startswith("Cure (キュア, Kyua) is a 1997 Japanese psychological thriller film")
    text = "\n".join(_paragraphs(cure))
    assert "{{" not in text and "[[" not in text and "citation needed" not in text
    assert "— Roger Ebert’s review, 2001" in text  # the quote box, its own paragraph


def test_native_titles_are_tagged_with_the_language_their_template_names(
    cure: Article, built: Path
) -> None:
    # {{Nihongo}}: the kanji in Japanese, the rōmaji in Japanese in Latin letters.
    lead = cure.lead[0]
    assert isinstance(lead, Paragraph) and lead.text.startswith("Cure (キュア, Kyua) is")
    assert lead.languages == (LanguageSpan(4, 7, "ja"), LanguageSpan(7, 11, "ja-Latn"))
    with zipfile.ZipFile(built / "cure.epub") as epub:
        synopsis = epub.read("EPUB/synopsis.xhtml").decode()
    assert '(<span lang="ja" xml:lang="ja">キュア</span>, ' in synopsis
    assert '<span lang="ja-Latn" xml:lang="ja-Latn">Kyua</span>)' in synopsis
    # {{Lang-fr}}: a language no script tells.
    text = "'''Cléo from 5 to 7''' ({{lang-fr|Cléo de 5 à 7}}) is a 1962 film.\n"
    article = read_wikitext(SourceText("cleo.wiki", text, wikitext=True))
    (paragraph,) = article.lead
    assert isinstance(paragraph, Paragraph) and paragraph.languages == (LanguageSpan(18, 27, "fr"),)
    html = preview_files(make_facts(article), PdfOptions())["presskit.html"].decode()
    assert '(French: <span lang="fr">Cléo de 5 à 7</span>) is a 1962 film.' in html


def test_unknown_templates_are_dropped_with_a_warning_on_their_line(cure: Article) -> None:
    warnings = {(d.line, d.message) for d in cure.diagnostics}
    assert (48, "an unknown template {{Rotten Tomatoes data}} was dropped") in warnings
    assert (75, "an unknown template {{Kiyoshi Kurosawa}} was dropped") in warnings
    assert not any("citation needed" in message for _, message in warnings)


def test_an_accolades_wikitable_with_spans_and_results(cure: Article) -> None:
    (table,) = (b for s in cure.walk() for b in s.blocks if isinstance(b, Table))
    assert [c.name for c in table.columns] == [
        "Year",
        "Award",
        "Category",
        "Recipient(s)",
        "Result",
    ]
    second = table.rows[1].cells
    assert (second[0].text, second[0].origin) == ("1997", CellOrigin.SPANNED)
    assert (second[1].text, second[1].origin) == (
        "Tokyo International Film Festival",
        CellOrigin.SPANNED,
    )
    # `colspan="2"` covers the year and the award: both columns have its value, the one
    # it covers as a spanned cell, as a rowspan's rows below have theirs.
    assert [c.text for c in table.rows[4].cells] == [
        "1999 Rotterdam Film Festival",
        "1999 Rotterdam Film Festival",
        "KNF Award",
        "Cure",
        "Pending",
    ]
    assert table.rows[4].cells[1].origin is CellOrigin.SPANNED
    assert table.ceremonies[-1].name == "1999 Rotterdam Film Festival"
    outcomes = [a.outcome for c in table.ceremonies for a in c.accolades]
    assert outcomes == [Outcome.WON, Outcome.NOMINATED, Outcome.NOMINATED, Outcome.WON, None]
    facts = make_facts(cure)
    assert facts.accolades is not None
    assert facts.accolades.tally == "5 nominations at 4 ceremonies and festivals, 2 won"


def test_an_awards_table_template_opens_a_table_with_its_header() -> None:
    # {{Awards table}} writes the `{|` and the header row itself; the article writes the
    # rows and the closing `|}`.
    text = (
        "'''X''' is a film.\n\n== Accolades ==\n"
        "{{Awards table}}\n"
        "|-\n"
        "| rowspan=\"2\" | 2023 || rowspan=\"2\" | ''X'' || Best Film || {{won}}\n"
        "|-\n"
        "| Best Director || {{nom}}\n"
        "|}\n\nAfter the table.\n"
    )
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    (section,) = article.sections
    table, after = section.blocks
    assert isinstance(table, Table) and table.line == 4
    assert [c.name for c in table.columns] == ["Year", "Nominee / work", "Award", "Result"]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["2023", "X", "Best Film", "Won"],
        ["2023", "X", "Best Director", "Nominated"],
    ]
    assert table.rows[1].cells[0].origin is CellOrigin.SPANNED
    assert isinstance(after, Paragraph) and after.text == "After the table."
    assert not article.diagnostics


def test_footnotes_and_citations_are_notes(cure: Article) -> None:
    texts = [n.text for n in cure.notes]
    assert (
        texts[0]
        == "Mes, Tom. “The Midnight Eye Guide to New Japanese Film”. Stone Bridge Press. 2004."
    )
    assert texts[1] == "Mesmerism: the hypnotic practice named after Franz Mesmer."
    assert [s.title for s in cure.sections][-1] == "Accolades"  # Notes, References: empty


def test_a_named_reference_never_defined_is_reported() -> None:
    text = "'''X''' is a film.<ref name=\"gone\" /> Again.<ref name=gone/>\n"
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    assert [(d.line, d.message) for d in article.diagnostics] == [
        (1, "a reference named 'gone' is used but never defined")
    ]
    assert article.notes == ()


def test_references_in_the_infobox_a_cast_entry_and_a_table_cell_are_marked() -> None:
    text = (
        "{{Infobox film\n| name = X\n| gross = $5 million<ref>Box office.</ref>\n}}\n"
        "'''X''' is a film.<ref>Lead.</ref>\n\n"
        "== Cast ==\n* A as B<ref>Cast.</ref>\n\n"
        '== Accolades ==\n{| class="wikitable"\n'
        "! Year !! Award !! Category !! Result !! Ref.\n|-\n"
        "| 2023 || Y Awards || Best Film || {{won}} || <ref>Table.</ref>\n|}\n"
    )
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    assert [n.text for n in article.notes] == ["Box office.", "Lead.", "Cast.", "Table."]
    assert article.infobox is not None
    assert article.infobox.fields[0].notes == (NoteRef(8, 1, 1),)  # after `$5 million`
    cast, table = (section.blocks[0] for section in article.sections)
    assert isinstance(cast, CastList) and cast.members[0].notes == (NoteRef(4, 3, 3),)
    assert isinstance(table, Table) and table.rows[0].cells[4].notes == (NoteRef(0, 4, 4),)
    facts = make_facts(article)
    kit = plan_presskit(facts)
    assert [e.backlinks for e in kit.endnotes] == [
        ("#ref-1",),
        ("#ref-2",),
        ("#ref-3",),
        ("#ref-4",),
    ]
    html = preview_files(facts, PdfOptions())["presskit.html"].decode()
    assert all(html.count(f'id="ref-{mark}"') == 1 for mark in (1, 2, 3, 4))
    book = plan_ebook(facts)
    pages = [e.backlinks for e in book.endnotes]
    assert pages == [
        ("title.xhtml#ref-1",),
        ("synopsis.xhtml#ref-2",),
        ("section-01.xhtml#ref-3",),
        ("section-02.xhtml#ref-4",),
    ]
    with zipfile.ZipFile(io.BytesIO(epub_file(facts))) as epub:
        for (href,), mark in zip(pages, (1, 2, 3, 4), strict=True):
            page = epub.read(f"EPUB/{href.split('#')[0]}").decode()
            assert page.count(f'id="ref-{mark}"') == 1, href


def test_a_reference_anywhere_has_its_mark_in_both_outputs() -> None:
    """A <ref> in a heading, a quotation template, a template's parameter (one filmbook
    knows and one it drops), a table's header cell and an award group's item: each note
    has its one mark, in the press kit and in the EPUB, and links back to it."""
    article = _one(BAD / "wiki-references-everywhere.wiki")
    assert len(article.notes) == 8
    production, reception, awards = article.sections
    assert production.notes == (NoteRef(10, 2, 2),)  # at the end of `Production`
    (table,) = (b for b in reception.blocks if isinstance(b, Table))
    assert table.columns[0].notes == (NoteRef(5, 7, 7),)
    (group,) = awards.blocks
    assert isinstance(group, AwardGroup) and group.ceremony.accolades[0].notes
    quote, source = (b for b in reception.blocks if isinstance(b, Paragraph))
    assert (quote.text, [n.number for n in quote.notes]) == ("A fine film.", [5])
    assert [n.number for n in source.notes] == [6]
    facts = make_facts(article)
    kit = plan_presskit(facts)
    assert all(len(e.backlinks) == 1 for e in kit.endnotes) and len(kit.endnotes) == 8
    html = preview_files(facts, PdfOptions())["presskit.html"].decode()
    assert all(html.count(f'id="ref-{mark}"') == 1 for mark in range(1, 9))
    assert 'data-title="Production"' in html  # the running header and bookmark: no mark
    book = plan_ebook(facts)
    with zipfile.ZipFile(io.BytesIO(epub_file(facts))) as epub:
        for endnote in book.endnotes:
            (href,) = endnote.backlinks
            page, anchor = href.split("#")
            assert epub.read(f"EPUB/{page}").decode().count(f'id="{anchor}"') == 1, href
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert ">Production</a>" in nav  # the navigation names the heading without its mark


def test_an_awards_table_left_open_is_closed_at_the_end_of_its_section() -> None:
    article = _one(BAD / "wiki-unclosed-awards-table.wiki")
    accolades, release = article.sections
    (table,) = accolades.blocks
    assert isinstance(table, Table)
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["2023", "Unclosed", "Best Film", "Won"],
        ["2023", "Someone", "Best Director", "Nominated"],
    ]
    assert [(b.line, b.text) for b in release.blocks if isinstance(b, Paragraph)] == [
        (11, "The film was released in cinemas.")  # no line moved by the closing `|}`
    ]
    assert [(d.line, d.message) for d in article.diagnostics] == [
        (4, "an unclosed table: closed at the end of its section")
    ]
    assert "||" not in article_to_json(article)


def test_words_in_a_table_but_in_no_cell_are_kept() -> None:
    text = "'''X''' is a film.\n\n{| class=\"wikitable\"\nStray words.\n|-\n| a || b\n|}\n"
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    assert _paragraphs(article) == ["X is a film.", "Stray words."]


def test_a_colspan_is_one_cell_spanning_its_columns_in_the_epub() -> None:
    text = (
        "'''X''' is a film.\n\n{| class=\"wikitable\"\n! A !! B !! C\n|-\n"
        '| colspan="2" | Both || c\n|-\n| a || b || c\n|}\n'
    )
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    (table,) = (b for b in article.lead if isinstance(b, Table))
    assert [(c.text, c.origin) for c in table.rows[0].cells[:2]] == [
        ("Both", CellOrigin.SOURCE),
        ("Both", CellOrigin.SPANNED),
    ]
    first, second = spanned_rows(table.rows, (0, 1, 2))
    assert [(c.text, c.columns, c.rows) for c in first] == [("Both", 2, 1), ("c", 1, 1)]
    assert [c.text for c in second] == ["a", "b", "c"]
    with zipfile.ZipFile(io.BytesIO(epub_file(make_facts(article)))) as epub:
        assert 'colspan="2"' in epub.read("EPUB/synopsis.xhtml").decode()


@pytest.mark.parametrize("command", ["json", "check", "html", "epub", "pdf"])
def test_every_command_takes_the_three_inputs(
    command: str, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`build` is run on the mixed folder above; the other commands take it too."""
    sources = [str(mixed / "all-of-us-strangers.txt"), str(CURE), str(EXPORT)]
    if command == "pdf":
        sources = [str(EXPORT)]  # WeasyPrint: the press kit is the build's, tested above
    out = [] if command in ("json", "check") else ["-o", str(tmp_path)]
    assert main(["-q", command, *sources, *out]) == 0
    if command == "json":
        titles = [a["title"] for a in json.loads(capsys.readouterr().out)]
        assert titles == ["All of Us Strangers", "Cure", "House", "Happy Hour"]
    elif out:
        assert len({p.stem.split(".")[0] for p in tmp_path.iterdir() if p.is_file()}) >= 2


def test_deeply_nested_templates_are_read_in_seconds_and_keep_their_words() -> None:
    text = make_corpus.wiki_nested_templates()
    started = time.perf_counter()
    article = read_wikitext(SourceText("deep.wiki", text, wikitext=True))
    assert time.perf_counter() - started < 20
    said = " ".join(_paragraphs(article))
    assert "profond and the words after it." in said
    assert "kept" not in said  # in templates filmbook does not know: dropped, said once
    assert [(d.line, d.message) for d in article.diagnostics] == [
        (4, "templates nested more than 30 deep: the deeper ones are read as text"),
        (6, "an unknown template {{Unknown thing}} was dropped"),  # once, however deep
    ]


# --- an XML export of several pages --------------------------------------------------------


@pytest.fixture(scope="module")
def exported() -> list[Article]:
    return _articles(EXPORT)


def test_every_article_page_of_an_export_is_an_article(exported: list[Article]) -> None:
    assert [(a.title, a.disambiguator) for a in exported] == [
        ("House", "1977 film"),
        ("Happy Hour", "2015 Japanese film"),
    ]
    house = exported[0]
    assert house.origin is not None and house.origin.revision == "1190000001"
    assert house.origin.url == "https://en.wikipedia.org/wiki/House_(1977_film)"
    assert house.source == str(EXPORT)
    assert house.line == 17  # the file's line of the page's <text>
    assert _paragraphs(house)[0].endswith("It stars Kimiko Ikegami & Miki Jinbo.")


def test_the_source_note_names_the_exported_revision(exported: list[Article]) -> None:
    kit = plan_presskit(make_facts(exported[0]))
    assert kit.attribution is not None
    assert (
        "(revision 1190000001), https://en.wikipedia.org/wiki/House_(1977_film)"
        in kit.attribution.source
    )


def test_redirects_and_talk_pages_are_skipped_with_a_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    redirect = f"{EXPORT}:49: warning: page 'Hausu' skipped: a redirect, not an article"
    talk = (
        f"{EXPORT}:59: warning: page 'Talk:House (1977 film)' skipped: in namespace 1, "
        "not an article"
    )
    # `check` lists them among the problems it found, as it lists every warning.
    assert main(["check", str(EXPORT)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert redirect in out and talk in out
    assert main(["json", str(EXPORT)]) == 0
    err = capsys.readouterr().err
    assert redirect in err and talk in err


def _export(pages: str, head: str = "") -> bytes:
    return f'{head}<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/">{pages}</mediawiki>'.encode()


def _page(title: str, text: str) -> str:
    revision = f"<revision><id>1</id><text>{text}</text></revision>"
    return f"<page><title>{title}</title><ns>0</ns>{revision}</page>"


def test_an_xml_bomb_is_refused_in_one_line(tmp_path: Path) -> None:
    entities = '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE m [{entities}]>\n'
    path = tmp_path / "bomb.xml"
    path.write_bytes(_export(_page("X", "&b;"), bomb))
    (error,) = list(read_all([path]))
    assert isinstance(error, InputError)
    assert error.line == 2 and "declares entities" in error.message


def test_a_page_over_the_limit_is_refused_and_the_next_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(
        _export(_page("Big", "word " * 2_200_000) + _page("Small", "'''Small''' is a film."))
    )
    started = time.perf_counter()
    found = list(read_all([path]))
    assert time.perf_counter() - started < 20
    assert isinstance(found[0], InputError) and "larger than 1 MiB" in found[0].message
    assert isinstance(found[1], SourceText) and read_article(found[1]).title == "Small"


# --- every word, every output --------------------------------------------------------------


def _prose_words(path: Path, article: Article) -> None:
    """Every word of the page's prose, its markup stripped by mwparserfromhell, is a word
    of its Article; categories, interlanguage links and the headings of the apparatus
    (References, External links) are not prose."""
    code = mwparserfromhell.parse(path.read_text("utf-8"))
    for link in code.filter_wikilinks():
        if str(link.title).startswith(("Category:", "ja:")):
            code.remove(link)
    for heading in code.filter_headings():
        if str(heading.title).strip() in ("Notes", "References", "External links"):
            code.remove(heading)
    stripped = code.strip_code(normalize=True, collapse=True)
    assert not missing_words(words(stripped), wiki_printed_words(article))


@pytest.mark.parametrize("path", [SEED, CURE], ids=["seed", "cure"])
def test_every_word_of_the_prose_is_in_the_article(path: Path) -> None:
    _prose_words(path, _one(path))


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder mixing .txt, .wiki, .wikitext and an export."""
    folder = tmp_path_factory.mktemp("mixed")
    for path in (ROOT / "source" / "all-of-us-strangers.txt", SEED, CURE, EXPORT):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture(scope="module")
def built(mixed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `filmbook build` of the mixed folder."""
    folder = mixed
    out = tmp_path_factory.mktemp("dist")
    assert main(["-q", "build", str(folder), "-o", str(out), "-j", "1"]) == 0
    return out


def test_a_mixed_folder_builds_every_output(built: Path) -> None:
    names = {p.name for p in built.iterdir() if not p.name.startswith(".")}
    slugs = {"all-of-us-strangers", "all-of-us-strangers-all-of-us-strangers", "cure",
             "house-1977-film", "happy-hour-2015-japanese-film"}  # fmt: skip
    assert names == {f"{s}{suffix}" for s in slugs for suffix in (".pdf", "-handout.pdf", ".epub")}


def test_a_second_build_of_a_mixed_folder_is_a_no_op(
    mixed: Path, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", str(mixed), "-o", str(built), "-j", "1"]) == 0
    assert "0 built, 15 up to date" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("slug", "path"),
    [("all-of-us-strangers-all-of-us-strangers", SEED), ("cure", CURE), ("house-1977-film", EXPORT),
     ("happy-hour-2015-japanese-film", EXPORT)],
)  # fmt: skip
def test_every_word_of_the_article_is_in_the_press_kit_and_the_epub(
    built: Path, slug: str, path: Path
) -> None:
    article = next(a for a in _articles(path) if slug.startswith(a.title.lower().replace(" ", "-")))
    expected = wiki_printed_words(article)
    assert not missing_words(expected, words(epub_text(built / f"{slug}.epub")))
    assert not missing_from_pdf(expected, built / f"{slug}.pdf")


def test_epub_endnotes_link_both_ways_and_epubcheck_is_clean(built: Path) -> None:
    book = built / "cure.epub"
    with zipfile.ZipFile(book) as epub:
        notes = etree.fromstring(epub.read("EPUB/notes.xhtml"))
        section = etree.fromstring(epub.read("EPUB/section-01.xhtml"))
    endnotes = notes.findall(f".//*[@{EPUB}='endnote']")
    assert len(endnotes) == 4 and endnotes[0].get("id") == "note-1"
    backlinks = endnotes[0].findall(".//*[@role='doc-backlink']")
    assert [a.get("href") for a in backlinks] == [
        "synopsis.xhtml#ref-1",
        "section-01.xhtml#ref-2",
        "section-05.xhtml#ref-5",
    ]
    refs = section.findall(f".//*[@{EPUB}='noteref']")
    assert refs[0].get("href") == "notes.xhtml#note-1" and refs[0].get("id") == "ref-2"
    reports = check_all(sorted(built.glob("*.epub")))
    assert {p.name: r.messages for p, r in reports.items() if not r.clean} == {}


# --- hostile wikitext ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opener", ["{{a|", "<ref>", "{|\n", "[http://x ", "<ref name=a>", "[[a|", "<div>", "<!--"]
)
def test_unclosed_markup_is_read_in_linear_time_and_keeps_its_words(opener: str) -> None:
    text = "'''X''' is a film.\n\n" + f"{opener}word " * 5_000 + "\n"
    started = time.perf_counter()
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    assert time.perf_counter() - started < 30  # unguarded: hours
    if opener != "<!--":
        assert words(" ".join(_paragraphs(article)))["word"] >= 4_900


def test_a_paragraph_of_thousands_of_lines_is_read_in_linear_time() -> None:
    # Each line ends in a `{|` that opens nothing (a table opens only at a line's start),
    # so the lines are one paragraph of 7,900 lines: joined one by one, quadratic (30 s).
    text = "'''X''' is a film.\n\n" + "".join(f"Line {i} ends in {{|\n" for i in range(7_900))
    started = time.perf_counter()
    article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    assert time.perf_counter() - started < 5
    assert words(" ".join(_paragraphs(article)))["ends"] == 7_900  # cut at 50,000 characters


_FRAGMENTS = st.sampled_from(
    [
        "{{", "}}", "[[", "]]", "{|", "|}", "|-", "||", "!!", "<ref>", "</ref>", "<ref name=a/>",
        "'''", "''", "==", "\n", "\n\n", "* ", "# ", "; ", ": ", "<!--", "-->", "&nbsp;",
        "&amp;", "<nowiki>", "</nowiki>", "{{Infobox film|", "|name=", "{{won}}",
        "{{cite web|title=", "rowspan=2 |", "colspan=9999|", "<br/>", "[http://x.y ", "]",
        "word", "Wörd", "キュア", " ", "{{{1}}}", "<div>", "</div>", "{{Quote box|quote=",
        "{{Awards table}}", "{{lang|fr|", "{{Nihongo|", "|キュア|Kyua}}",
    ]
)  # fmt: skip


@given(st.lists(_FRAGMENTS, max_size=60))
def test_any_wikitext_is_read_or_refused_in_one_line(fragments: list[str]) -> None:
    text = "".join(fragments)
    if not text.strip():
        return
    try:
        article = read_wikitext(SourceText("x.wiki", text, wikitext=True))
    except InputError as error:
        assert "\n" not in str(error)
        return
    make_facts(article)


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=4),
    st.lists(st.integers(0, 30), max_size=4),
)
def test_inline_runs_keep_every_character_and_every_reference(
    text: str, spans: list[tuple[int, int]], afters: list[int]
) -> None:
    languages = tuple(LanguageSpan(min(pair), max(pair), "fr") for pair in spans)
    notes = tuple(NoteRef(after, 1, mark) for mark, after in enumerate(afters, start=1))
    runs = inline_runs(text, notes, languages)
    assert "".join(run.text for run in runs) == text
    assert sorted(run.note.mark for run in runs if run.note) == [n.mark for n in notes]
