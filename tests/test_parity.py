"""Every output says the same thing: one fact reads the same in the press kit, the handout
and the EPUB.

Each article of ``tests/data/parity/`` (and the seed) is built into all three outputs
once; their text is read the way readers' tools read it (``pdftotext``, the EPUB's
XHTML) and each fact the plan wrote is looked for in each. The expectations come from
the article's ``Facts`` and from the source itself, never from numbers written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from filmbook.material import read_material
from filmbook.normalise import normalise
from filmbook.outputs import epub_file, handout_pdf, presskit_pdf
from filmbook.plan import Facts, make_facts, plan_handout
from filmbook.plan.attribution import CC_BY_SA
from filmbook.plan.facts import attribution_of
from filmbook.printing import PdfOptions
from filmbook.reader import read_article, read_sources
from filmbook.source import SourceText, read_source
from outputs import epub_text, pdf_text

pytestmark = pytest.mark.xdist_group("parity")

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "source" / "all-of-us-strangers.txt"
WITH_MATERIAL = "seed with its press material"
SOURCES = {
    "seed": SEED,
    WITH_MATERIAL: SEED,
    **{path.stem: path for path in sorted((HERE / "data" / "parity").glob("*.txt"))},
}
OUTPUTS = ("press kit", "handout", "EPUB")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Built:
    """One article's facts and the text of each of its outputs, flattened by ``key``."""

    source: str
    facts: Facts
    texts: dict[str, str]

    def reads(self, phrase: str) -> list[str]:
        """The outputs whose text holds ``phrase``."""
        return [name for name, text in self.texts.items() if key(phrase) in text]


def key(text: str) -> str:
    """Text as the three outputs can all be compared: no case, spaces or hyphens.

    A PDF breaks lines and hyphenates words where the EPUB does not; the press kit sets
    its labels in capitals and a middle dot between a name and its count. What is left
    still tells ``A, B and C`` from ``A, B, C`` and ``15 September 1988`` from
    ``1988-09-15``.
    """
    return re.sub(r"[\s\-\u00ad\u2010\u2011·]+", "", text).casefold()


@pytest.fixture(scope="module", params=sorted(SOURCES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    path = SOURCES[request.param]
    if request.param == WITH_MATERIAL:  # the sample poster, laurels, releases, contacts
        (source,) = read_sources(path)
        assert isinstance(source, SourceText)
        facts = make_facts(read_article(source), read_material(source))
    else:
        facts = make_facts(normalise(read_source(path)))
    out = tmp_path_factory.mktemp(f"parity-{request.param.replace(' ', '-')}")
    files = {
        "press kit": (out / "kit.pdf", presskit_pdf(facts, PdfOptions())),
        "handout": (out / "handout.pdf", handout_pdf(facts, PdfOptions())),
        "EPUB": (out / "book.epub", epub_file(facts)),
    }
    texts = {}
    for name, (file, data) in files.items():
        file.write_bytes(data)
        texts[name] = key(epub_text(file) if file.suffix == ".epub" else pdf_text(file))
    return Built(path.read_text(encoding="utf-8"), facts, texts)


def test_the_title_reads_the_same_everywhere(built: Built) -> None:
    assert built.reads(built.facts.title) == list(OUTPUTS)


def test_the_directors_are_joined_the_same_everywhere(built: Built) -> None:
    facts = built.facts
    if not facts.directors:
        assert built.reads("A film by") == []
        return
    assert built.reads(f"A film by {facts.directed_by}") == list(OUTPUTS)
    if len(facts.directors) > 2:
        assert ", and " not in facts.directed_by
        assert built.reads(", ".join(facts.directors)) == [], "joined with commas only"


def test_the_billed_names_are_everywhere(built: Built) -> None:
    for name in built.facts.billing:
        assert built.reads(name) == list(OUTPUTS), name


def test_the_key_facts_read_the_same_everywhere(built: Built) -> None:
    for fact in built.facts.key_facts:
        assert built.reads(fact) == list(OUTPUTS), fact


def test_release_dates_are_written_out_the_same_everywhere(built: Built) -> None:
    released = [fact for fact in built.facts.details if fact.credit == "Release date"]
    for value in (value for fact in released for value in fact.values):
        assert built.reads(value) == list(OUTPUTS), value
    for iso in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", built.source):
        assert _ISO_DATE.match(iso)
        assert built.reads(iso) == [], f"{iso} printed as the source wrote it"


def test_the_accolades_tally_and_counts_read_the_same_everywhere(built: Built) -> None:
    accolades = built.facts.accolades
    if accolades is None:
        assert built.reads("nominations at") == []
        assert built.reads("nomination at") == []
        return
    assert built.reads(accolades.tally) == list(OUTPUTS)
    # The tally counts what the source lists, whatever its form.
    assert accolades.nominations >= accolades.wins
    assert built.reads(f"{accolades.nominations} nomination") == list(OUTPUTS)
    # The handout shows as many as its side has room for (fewer beside press material).
    on_handout = plan_handout(built.facts).notable
    for ceremony in accolades.notable:
        shown = list(OUTPUTS) if ceremony in on_handout else ["press kit", "EPUB"]
        assert built.reads(ceremony.name) == shown, ceremony
        assert built.reads(ceremony.count) == shown, ceremony
        # The handout sets the ceremonies in a grid, which a PDF reader reads by rows.
        together = built.reads(f"{ceremony.name} {ceremony.count}")
        assert {"press kit", "EPUB"} <= set(together), ceremony


def test_the_source_note_reads_the_same_everywhere(built: Built) -> None:
    note = attribution_of(built.facts, CC_BY_SA)  # the press material's address, if any
    assert note is not None
    for sentence in note.sentences:
        assert built.reads(sentence) == list(OUTPUTS), sentence


def test_the_parity_articles_cover_what_the_issue_names() -> None:
    facts = {
        name: make_facts(normalise(read_source(path)))
        for name, path in SOURCES.items()
        if name != "seed"
    }
    assert any(not f.directors and not f.key_facts and not f.accolades for f in facts.values())
    assert any(len(f.directors) == 3 and f.accolades for f in facts.values())
    assert any(f.directors and f.accolades is None for f in facts.values())
    assert any(f.han for f in facts.values())


def test_the_press_material_reads_the_same_everywhere(built: Built) -> None:
    """The logline, the laurels' festivals, the first release and the first press
    contact: written once in the facts, the same in the kit, the handout and the EPUB."""
    facts = built.facts
    if not facts.releases and not facts.contacts:
        return  # an article without press material: the other tests cover it
    assert facts.logline and built.reads(facts.logline) == list(OUTPUTS)
    for laurel in facts.laurels:
        assert built.reads(laurel.festival_name) == list(OUTPUTS), laurel
    first = facts.releases[0]
    assert built.reads(first.date) == list(OUTPUTS), first
    contact = facts.contacts[0]
    assert built.reads(contact.name) == list(OUTPUTS), contact
