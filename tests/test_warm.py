"""Warm workers: what a worker process keeps between documents is never served stale.

A worker (a process of ``build --jobs N``, or a Dask worker that lives through many
builds) keeps the parsed stylesheets with their font configuration and the compiled
templates. These tests edit a user's ``--style`` and ``--templates`` between two
documents rendered in one process and check that the second uses the edit, and check
that a document leaves no memory behind in WeasyPrint's libraries (``layout_leak``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from filmbook import layout_leak
from filmbook.normalise import normalise
from filmbook.outputs import handout_pdf, presskit_pdf
from filmbook.plan import Facts, make_facts, plan_presskit
from filmbook.printing import PdfOptions
from filmbook.render import PRESSKIT, render_html
from filmbook.source import SourceText

FILM = SourceText("film.txt", "= Short Film (2001 film) =\n\nShort Film is a 2001 film.\n")
A5, A6 = (420, 595), (298, 420)


def _page_size(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def test_an_edited_style_is_parsed_again(tmp_path: Path) -> None:
    facts = make_facts(normalise(FILM))
    style = tmp_path / "mine.css"
    style.write_text("@page { size: A5 }")
    options = PdfOptions(style=style)
    assert _page_size(handout_pdf(facts, options)) == A5
    style.write_text("@page { size: A6 }")  # same path, same options, new contents
    assert _page_size(handout_pdf(facts, options)) == A6


def test_a_template_added_to_the_folder_replaces_filmbooks_own(tmp_path: Path) -> None:
    plan = plan_presskit(make_facts(normalise(FILM)))
    templates = tmp_path / "templates"
    templates.mkdir()
    before = render_html(plan, PRESSKIT, templates=templates)
    assert "Short Film" in before
    (templates / "presskit").mkdir()
    (templates / "presskit" / "presskit.html").write_text("mine: {{ facts.title }}")
    assert render_html(plan, PRESSKIT, templates=templates) == "mine: Short Film"


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2``: ten ``size_t`` counts of the heap."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in [
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        ]
    ]


def _malloced() -> int:
    """The bytes the C libraries hold from ``malloc`` now (glibc's ``mallinfo2``)."""
    gc.collect()
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.mallinfo2.restype = _MallInfo2
    info = libc.mallinfo2()
    return int(info.uordblks + info.hblkhd)


@pytest.mark.skipif(
    not hasattr(ctypes.CDLL(ctypes.util.find_library("c")), "mallinfo2"), reason="not glibc"
)
def test_a_handout_leaves_no_memory_behind(facts: Facts) -> None:
    import filmbook.pdf  # noqa: F401  (it applies layout_leak)

    assert layout_leak.applied()
    handout_pdf(facts, PdfOptions())  # the first loads fonts and fills caches
    before = _malloced()
    for _ in range(3):
        handout_pdf(facts, PdfOptions())
    # WeasyPrint 70 as it is leaves some 300 KiB a handout here; with the fix a few KiB
    assert _malloced() - before < 100 * 1024


def test_the_shared_layout_setup_makes_the_same_pdfs_as_weasyprints_own(
    facts: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``layout_leak`` shares Pango contexts, font descriptions and feature strings
    between layouts; the press kit and the handout come out byte for byte as WeasyPrint's
    own ``Layout.setup`` makes them."""
    import filmbook.pdf  # noqa: F401  (it applies layout_leak)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    ours = [presskit_pdf(facts, PdfOptions()), handout_pdf(facts, PdfOptions())]
    layout_leak.restore()
    try:
        assert not layout_leak.applied()
        theirs = [presskit_pdf(facts, PdfOptions()), handout_pdf(facts, PdfOptions())]
    finally:
        assert layout_leak.apply()
    assert ours == theirs


def test_a_font_face_added_later_to_a_font_configuration_draws_as_weasyprint_draws_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A family first drawn with a fallback font, then given by ``@font-face`` in a later
    document of the same font configuration: its underline takes the new font's metrics,
    with ``layout_leak`` as without (it shares no metrics)."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    import filmbook.pdf  # noqa: F401  (it applies layout_leak)
    from filmbook.resources import find_font

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    font = find_font("SourceSerifPro-Bold.ttf")
    assert font is not None
    first = "<p style='font: 30px Foo'><u>Underlined Foo text</u></p>"
    later = f"<style>@font-face {{ font-family: Foo; src: url({font.as_uri()}) }}</style>{first}"

    def both() -> list[bytes]:
        config = FontConfiguration()
        return [HTML(string=html).write_pdf(font_config=config) for html in (first, later)]

    ours = both()
    layout_leak.restore()
    try:
        theirs = both()
    finally:
        assert layout_leak.apply()
    assert ours == theirs
    assert ours[0] != ours[1]  # the later one did draw with the added font
