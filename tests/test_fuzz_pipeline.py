"""Generated articles through the whole pipeline: source → press kit, handout and EPUB.

Every construct of docs/source-format.md mixed at random (``articles.py``) plus lines of random
Unicode: no exception but the ``InputError`` of a source the limits refuse; every word of
the source in the press kit PDF (as a PDF reader finds its words) and in the EPUB; the
EPUBs of the first examples clean under EPUBCheck, checked once at the end in one JVM.

The default run is bounded (eight examples, some 10 s). A long fuzzing session::

    FILMBOOK_FUZZ=long .venv/bin/pytest -q tests/test_fuzz_pipeline.py

runs ``LONG_EXAMPLES`` examples (``FILMBOOK_FUZZ_EXAMPLES=N`` for another number).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from articles import article_texts, generated_articles
from epubcheck_runner import check_all
from filmbook.errors import InputError
from filmbook.normalise import normalise
from filmbook.outputs import epub_file, handout_pdf, presskit_pdf
from filmbook.plan import make_facts
from filmbook.printing import PdfOptions
from filmbook.source import SourceText
from outputs import epub_text, missing_from_pdf
from wordcheck import missing_words, printed_words, words

pytestmark = pytest.mark.xdist_group("fuzz-pipeline")

LONG = os.environ.get("FILMBOOK_FUZZ") == "long"
DEFAULT_EXAMPLES = 8
LONG_EXAMPLES = 1_000  # some 7 minutes on two cores; the profile's 20,000 would take hours
EPUBCHECK_SAMPLE = 5

FUZZ = settings(
    parent=settings.get_profile("long" if LONG else "default"),
    max_examples=int(
        os.environ.get("FILMBOOK_FUZZ_EXAMPLES", LONG_EXAMPLES if LONG else DEFAULT_EXAMPLES)
    ),
    deadline=None,
)

_RANDOM_LINE = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\n\r"),
    min_size=1,
    max_size=40,
)


@st.composite
def sources(draw: st.DrawFn) -> str:
    """A generated article, sometimes cut in its title, with lines of random Unicode."""
    if draw(st.booleans()):
        text = draw(article_texts())
    else:
        text = draw(generated_articles(cut_title=True)).text
    lines = text.split("\n")
    for _ in range(draw(st.integers(0, 4))):
        # Never before the title line: that is a refusal already covered by cut titles.
        index = draw(st.integers(min(1, len(lines)), len(lines)))
        lines.insert(index, draw(_RANDOM_LINE))
    return "\n".join(lines)


def test_generated_articles_go_through_the_whole_pipeline(tmp_path: Path) -> None:
    sample: list[Path] = []
    built: list[str] = []

    @FUZZ
    @given(sources())
    def one(text: str) -> None:
        try:
            article = normalise(SourceText("generated.txt", text))
        except InputError:
            return  # refused by the limits or with no title: one clean error, as it must
        facts = make_facts(article)
        options = PdfOptions()
        number = len(built)
        built.append(text)
        folder = tmp_path / f"{number:05d}"
        folder.mkdir()
        presskit = folder / "film.pdf"
        presskit.write_bytes(presskit_pdf(facts, options))
        handout = folder / "film-handout.pdf"
        handout.write_bytes(handout_pdf(facts, options))
        book = folder / "film.epub"
        book.write_bytes(epub_file(facts))

        assert len(PdfReader(handout).pages) in (1, 2)
        expected = printed_words(text.removeprefix("\ufeff"))
        assert not missing_words(expected, words(epub_text(book))), "words missing from EPUB"
        missing = missing_from_pdf(expected, presskit)
        assert not missing, f"words missing from the press kit: {missing}"
        if len(sample) < EPUBCHECK_SAMPLE:
            sample.append(book)

    one()
    assert sample, "every generated source was refused: the strategy is broken"
    reports = check_all(sample)
    unclean = {p.parent.name: r.messages for p, r in reports.items() if not r.clean}
    assert not unclean, unclean
