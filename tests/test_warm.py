"""Warm workers: what a worker process keeps between documents is never served stale.

A worker (a process of ``build --jobs N``, or a Dask worker that lives through many
builds) keeps the parsed stylesheets with their font configuration and the compiled
templates. These tests edit a user's ``--style`` and ``--templates`` between two
documents rendered in one process and check that the second uses the edit.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from filmbook.normalise import normalise
from filmbook.outputs import handout_pdf
from filmbook.plan import make_facts, plan_presskit
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
