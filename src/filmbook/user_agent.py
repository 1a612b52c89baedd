"""Turn WeasyPrint's user-agent stylesheet into the lighter one filmbook's own look needs.

WeasyPrint styles the ``::marker``, ``::footnote-call``, ``::footnote-marker``,
``::note-call``, ``::note-marker`` and ``::note-callback`` of every element: for the 700
elements of a press kit, 4,200 pseudo-element styles cascaded and computed that nothing
draws (markers are drawn only for list items; filmbook's stylesheets make no footnotes
and no notes), some 8 % of a press kit's time. ``stylesheets`` gives WeasyPrint's
stylesheet without those ``UNIVERSAL`` rules, with ``styles/user-agent.css`` (markers for
``li`` and ``summary``) in their place, for filmbook's own look; WeasyPrint's own as it is
when a ``--style`` or ``--templates`` is used, which may make a footnote or a list item of
anything. The PDFs are byte-identical either way (``tests/test_user_agent.py``).
"""

from __future__ import annotations

import functools
from typing import Any

import tinycss2
import weasyprint
from weasyprint import CSS
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA, UA_STYLESHEET

from filmbook.printing import PdfOptions
from filmbook.resources import styles_dir

CHECKED_VERSIONS = ("70.0",)
"""The WeasyPrint versions whose user-agent stylesheet this was checked against."""

UNIVERSAL = frozenset(
    f"::{name}"
    for name in (
        "marker",
        "footnote-call",
        "footnote-marker",
        "note-call",
        "note-marker",
        "note-callback",
    )
)
"""The selectors of WeasyPrint's user-agent rules that apply to every element."""

STYLESHEET = "user-agent.css"
"""The rules in their place, in ``styles/``."""


def stylesheets(options: PdfOptions) -> tuple[Any, ...]:
    """The user-agent stylesheets to lay a document out with for ``options``."""
    own_look = options.style is None and options.templates is None
    if own_look and weasyprint.__version__ in CHECKED_VERSIONS:
        return (_lighter(),)
    return (UA_STYLESHEET,)


@functools.cache
def _lighter() -> Any:
    """WeasyPrint's user-agent stylesheet, the ``UNIVERSAL`` rules replaced (parsed once
    per process)."""
    kept, dropped = without_universal(UA)
    if dropped != len(UNIVERSAL):  # WeasyPrint's stylesheet is not the one checked
        return UA_STYLESHEET
    ours = (styles_dir() / STYLESHEET).read_text(encoding="utf-8")
    # The counter styles were collected when WeasyPrint parsed its own: not again.
    return CSS(string=f"{kept}\n{ours}", counter_style=CounterStyle())


def without_universal(css: str) -> tuple[str, int]:
    """``css`` without its rules for the ``UNIVERSAL`` selectors, and how many it had."""
    kept, dropped = [], 0
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        selector = tinycss2.serialize(getattr(rule, "prelude", None) or []).strip()
        if rule.type == "qualified-rule" and selector in UNIVERSAL:
            dropped += 1
        else:
            kept.append(rule.serialize())
    return "\n".join(kept), dropped
