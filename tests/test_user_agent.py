"""Tests for ``user_agent``: filmbook's own look laid out with a lighter user-agent stylesheet.

WeasyPrint's stylesheet less its six rules for the pseudo-elements of every element
(``::marker``, ``::footnote-call``, ...) and with ``styles/user-agent.css``: the press kit
comes out byte for byte as with WeasyPrint's own, list markers are styled as WeasyPrint
styles them, and filmbook's stylesheets and templates make no footnote, no note and no
list item of their own (what makes the lighter one enough). A ``--style`` or
``--templates`` gets WeasyPrint's own, so a user's footnote has its call and marker.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2
import weasyprint
from weasyprint import CSS
from weasyprint.html import UA, UA_STYLESHEET

from filmbook import user_agent
from filmbook.outputs import handout_pdf, presskit_pdf
from filmbook.pdf import _Page
from filmbook.plan import Facts
from filmbook.printing import PdfOptions
from filmbook.resources import TEMPLATES, styles_dir
from outputs import pdf_text

EPOCH = "1700000000"

NOT_FOR_OWN_LOOK = {
    "a footnote": re.compile(r"footnote", re.I),
    "a note": re.compile(r"::note|note-area|float\s*:\s*note|element\(\s*note", re.I),
    "a list item": re.compile(r"display\s*:[^;}\"']*list-item", re.I),
}
"""What would need the rules the lighter stylesheet drops: footnotes (``float: footnote``,
``::footnote-call``, ``@footnote``, ``counter(footnote)``), notes, and elements other than
``li`` made list items (which would need ``::marker`` styled)."""


def _rules(css: str) -> list[tinycss2.ast.Node]:
    return list(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def _selector(rule: tinycss2.ast.Node) -> str:
    return str(tinycss2.serialize(getattr(rule, "prelude", None) or []).strip())


# --- the stylesheet --------------------------------------------------------------------


def test_the_six_universal_rules_are_all_that_is_dropped_from_weasyprints_stylesheet() -> None:
    kept, dropped = user_agent.without_universal(UA)
    assert dropped == len(user_agent.UNIVERSAL) == 6
    before, after = _rules(UA), _rules(kept)
    assert {_selector(rule) for rule in before} >= user_agent.UNIVERSAL
    assert not {_selector(rule) for rule in after} & user_agent.UNIVERSAL
    # every other rule as it was, in its order
    assert [rule.serialize() for rule in after] == [
        rule.serialize() for rule in before if _selector(rule) not in user_agent.UNIVERSAL
    ]
    starts = tuple(user_agent.UNIVERSAL)
    assert any(line.startswith(starts) for line in UA.splitlines())
    assert not any(line.lstrip().startswith(starts) for line in kept.splitlines())


def test_only_a_rule_of_the_universal_selector_alone_is_dropped() -> None:
    css = (
        "::marker { color: red }\n"
        "li::marker { color: blue }\n"
        "::footnote-call, p { color: green }\n"
        "@media print { ::note-call { color: red } }\n"
        "/* ::note-marker { color: red } */\n"
        "::note-callback { content: '' }\n"
    )
    kept, dropped = user_agent.without_universal(css)
    assert dropped == 2
    assert "red" in kept  # the one inside @media: a rule of the stylesheet's own is kept
    for rule in ("li::marker", "::footnote-call, p", "@media print"):
        assert rule in kept


def test_filmbooks_own_look_gets_the_lighter_stylesheet_a_users_look_weasyprints(
    tmp_path: Path,
) -> None:
    style = tmp_path / "mine.css"
    style.write_text("p { color: red }")
    lighter = user_agent.stylesheets(PdfOptions())
    assert len(lighter) == 1
    assert isinstance(lighter[0], CSS)
    assert lighter[0] is not UA_STYLESHEET
    assert user_agent.stylesheets(PdfOptions())[0] is lighter[0]  # parsed once
    every_option = PdfOptions(paper="letter", print_marks=True, variant="pdf/ua-1")
    assert user_agent.stylesheets(every_option) == lighter
    for options in (
        PdfOptions(style=style),
        PdfOptions(templates=tmp_path),
        PdfOptions(style=style, templates=tmp_path),
    ):
        assert user_agent.stylesheets(options) == (UA_STYLESHEET,)


def test_another_weasyprint_gets_its_own_stylesheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert user_agent.stylesheets(PdfOptions()) == (UA_STYLESHEET,)
    monkeypatch.undo()
    monkeypatch.setattr(user_agent, "UA", "p { color: red }")  # not the stylesheet checked
    assert user_agent._lighter.__wrapped__() is UA_STYLESHEET


def _offending(text: str) -> list[str]:
    return [name for name, pattern in NOT_FOR_OWN_LOOK.items() if pattern.search(text)]


def test_filmbooks_stylesheets_and_templates_make_no_footnote_note_or_list_item() -> None:
    """The lighter stylesheet styles markers of ``li`` and ``summary`` only and no
    footnote or note: filmbook's own look must need no more."""
    assert _offending(".x { float: footnote }") == ["a footnote"]
    assert _offending("a::note-call { color: red }") == ["a note"]
    assert _offending("<dt style='display: block list-item'>") == ["a list item"]
    stylesheets = sorted(styles_dir().glob("*.css"))
    templates = sorted(path for path in TEMPLATES.rglob("*") if path.is_file())
    assert len(stylesheets) > 5
    assert len(templates) > 20
    found = {}
    for path in stylesheets:
        # the comments may name them (user-agent.css says what it replaces)
        css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
        found[path.name] = _offending(css)
    for path in templates:
        found[str(path.relative_to(TEMPLATES))] = _offending(path.read_text(encoding="utf-8"))
    assert {name: what for name, what in found.items() if what} == {}


# --- the same PDFs ---------------------------------------------------------------------


def test_a_press_kit_is_byte_identical_with_weasyprints_user_agent_stylesheet(
    facts: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    given: list[tuple[object, ...]] = []
    stylesheets = user_agent.stylesheets

    def spy(options: PdfOptions) -> tuple[object, ...]:
        given.append(stylesheets(options))
        return given[-1]

    with monkeypatch.context() as spying:
        spying.setattr(user_agent, "stylesheets", spy)
        ours = presskit_pdf(facts, PdfOptions())
    assert given
    assert all(sheets == (user_agent._lighter(),) for sheets in given)
    assert user_agent._lighter() is not UA_STYLESHEET

    monkeypatch.setattr(user_agent, "stylesheets", lambda options: (UA_STYLESHEET,))
    theirs = presskit_pdf(facts, PdfOptions())
    assert ours == theirs


def test_list_markers_are_styled_as_weasyprint_styles_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``styles/user-agent.css`` puts back what ``::marker`` gave a list item's marker
    (here: not uppercased with its item); without it the marker would change."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    page = (
        "<style>ol { list-style-type: lower-alpha } li { text-transform: uppercase }</style>"
        "<ol><li>first</li><li>second</li></ol><ul><li>third</li></ul>"
    )
    kept, _ = user_agent.without_universal(UA)
    bare = CSS(string=kept)

    def pdf(*sheets: object) -> bytes:
        data: bytes = _Page(string=page, user_agent=sheets).render().write_pdf()
        return data

    theirs = pdf(UA_STYLESHEET)
    assert pdf(user_agent._lighter()) == theirs
    assert pdf(bare) != theirs


def test_a_footnote_of_a_users_style_gets_weasyprints_call_and_marker(
    facts: Facts, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The handout's kicker (``2023 · Press information``) made a footnote by ``--style``:
    its call ``1`` where it was, and ``1.`` before it at the foot of the page. (With the
    lighter stylesheet WeasyPrint 70 cannot lay a footnote out at all.)"""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    style = tmp_path / "mine.css"
    style.write_text(".kicker { float: footnote }")
    path = tmp_path / "handout.pdf"
    path.write_bytes(handout_pdf(facts, PdfOptions(style=style)))
    text = pdf_text(path)
    assert re.search(r"^1$", text, re.M), text  # the call
    assert re.search(r"^1\.\s+2023\s+·\s+PRESS\s+INFORMATION", text, re.M), text  # the marker
