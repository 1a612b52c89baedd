"""Turn an ``Article`` into the plan every output is laid out from.

One function chooses and writes the facts (``make_facts``); thin per-output plans select
and arrange them::

    Article ─make_facts→ Facts ─plan_presskit→ PressKit   (the PDF press kit)
                               ├plan_handout──→ Handout    (the one-sheet handout)
                               └plan_ebook────→ Ebook      (the EPUB)

Templates receive these plans only, never the article, so two outputs that show one fact
get it from the same field and say it the same way.
"""

from __future__ import annotations

from filmbook.plan.accolades import Accolades, CeremonyCount, Part
from filmbook.plan.attribution import Attribution, Licensing
from filmbook.plan.ebook import Ebook, Heading, Page, Person, TocEntry, plan_ebook
from filmbook.plan.facts import Facts, make_facts
from filmbook.plan.factsheet import Fact, FactGroup
from filmbook.plan.handout import Billed, Handout, plan_handout
from filmbook.plan.presskit import PressKit, plan_presskit
from filmbook.plan.prose import Quote

__all__ = [
    "Accolades",
    "Attribution",
    "Billed",
    "CeremonyCount",
    "Ebook",
    "Fact",
    "FactGroup",
    "Facts",
    "Handout",
    "Heading",
    "Licensing",
    "Page",
    "Part",
    "Person",
    "PressKit",
    "Quote",
    "TocEntry",
    "make_facts",
    "plan_ebook",
    "plan_handout",
    "plan_presskit",
]
