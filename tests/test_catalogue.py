"""The catalogue file and the catalogue's plan, without rendering: what a file says, where
its errors are, and how films become entries, labels and indexes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from filmbook.catalogue import Paragraph, Run, markdown, read_catalogue
from filmbook.errors import InputError
from filmbook.normalise import normalise
from filmbook.plan import make_facts
from filmbook.plan.catalogue import Entry, plan_catalogue, plan_entry
from filmbook.source import SourceText

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "source" / "catalogue" / "catalogue.toml"


def _entry(text: str, anchor: str = "film-001") -> Entry:
    return plan_entry(make_facts(normalise(SourceText("a.txt", text))), anchor, "a.txt")


def test_the_sample_catalogue_reads_as_written() -> None:
    found = read_catalogue(SAMPLE)
    assert found.title == "Northern Reels Film Festival"
    assert found.year == "2026"
    assert [s.title for s in found.sections] == [
        "Competition",
        "Panorama",
        "Retrospective: Found Footage",
    ]
    assert found.sections[0].sources[0].path == (ROOT / "source" / "all-of-us-strangers.txt")
    assert found.foreword[1] == Paragraph((Run("About this programme"),), heading=True)


def test_the_foreword_is_a_plain_text_subset_of_markdown() -> None:
    assert markdown("One *Cure* and\n_Parasite_.\n\n# Head\n\nTwo") == (
        Paragraph((Run("One "), Run("Cure", True), Run(" and "), Run("Parasite", True), Run("."))),
        Paragraph((Run("Head"),), heading=True),
        Paragraph((Run("Two"),)),
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            'title = "F"\n\n[[section]]\ntitle = "A"\nsources = ["a.txt"]\nnotes = 1\n',
            6,
            "unknown key 'notes'",
        ),
        ('title = "F"\n[options]\npaper = "a5"\n', 3, "paper is one of a4, letter"),
        ("title = 7\n", 1, "title is a text"),
        (
            'subtitle = "no title"\n[[section]]\ntitle = "A"\nsources = ["a.txt"]\n',
            0,
            "title is missing",
        ),
        ('title = "F"\n', 0, "a catalogue has sections"),
        (
            'title = "F"\ncover = "a.gif"\n[[section]]\ntitle = "A"\nsources = ["a.txt"]\n',
            2,
            "cover is a",
        ),
    ],
)
def test_a_bad_value_is_an_error_on_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    (tmp_path / "a.txt").write_text("= A =\n\nA is a film.\n", encoding="utf-8")
    path = tmp_path / "book.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_catalogue(path)
    assert (raised.value.line, raised.value.path) == (line, str(path))
    assert message in raised.value.message


def test_an_entry_takes_its_facts_from_the_plan() -> None:
    text = (
        "= Cure =\n\nInfobox\n- Director: Kiyoshi Kurosawa\n- Runtime: 111 minutes\n"
        "- Country: Japan\n- Language: Japanese\n\n"
        "Cure (キュア, Kyua) is a 1997 Japanese psychological thriller film. It follows a "
        "detective.\n"
    )
    entry = _entry(text)
    facts = make_facts(normalise(SourceText("a.txt", text)))
    assert entry.native_title == "キュア"
    assert (entry.year, entry.runtime, entry.countries) == ("1997", "111\u00a0minutes", ("Japan",))
    assert entry.languages == ("Japanese",)
    assert entry.synopsis == facts.synopsis and entry.directed_by == facts.directed_by
    assert entry.logline is None  # no press material yet: the synopsis stands alone
    assert entry.still is None and entry.laurels == ()


def test_films_of_one_title_are_labelled_apart_and_indexed() -> None:
    first = _entry("= House =\n\nInfobox\n- Director: Nobuhiko Obayashi\n\nHouse is a 1977 film.\n")
    second = replace(first, anchor="film-002", year="2008", directors=("Ann Other",))
    third = _entry(
        "= Arrival =\n\nInfobox\n- Director: Denis Villeneuve\n\nArrival is a 2016 film.\n",
        "film-003",
    )
    book = plan_catalogue("F", [("A", (), (first, second)), ("B", (), (third,))])
    assert [e.label for e in book.entries] == ["House (1977)", "House (2008)", "Arrival"]
    directors = next(index for index in book.indexes if index.name == "directors")
    assert [item.term for item in directors.entries] == [
        "Nobuhiko Obayashi",
        "Ann Other",
        "Denis Villeneuve",
    ]
    years = next(index for index in book.indexes if index.name == "years")
    assert [item.term for item in years.entries] == ["1977", "2008", "2016"]
