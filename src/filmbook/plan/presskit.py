"""Turn ``Facts`` into the press kit's plan: everything, in a press kit's order.

A press kit runs: cover (title, billing) → logline → key facts → long synopsis → the
production → cast → release and reception → awards → press quotes. The facts are already
in that order; the press kit sets the pull quotes beside the paragraphs they come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmbook.plan.attribution import CC_BY_SA, Attribution, Licensing
from filmbook.plan.facts import Facts, attribution_of
from filmbook.plan.notes import Endnote, endnotes, fact_references, references
from filmbook.plan.prose import Quote


@dataclass(frozen=True)
class PressKit:
    """What the press kit's templates lay out: the facts, the pull quotes by the source
    line of the paragraph each is set beside, the endnotes, and the credits note on the
    last page."""

    facts: Facts
    pull_quotes: dict[int, tuple[Quote, ...]]
    attribution: Attribution | None = None
    endnotes: tuple[Endnote, ...] = ()


def plan_presskit(facts: Facts, licensing: Licensing = CC_BY_SA) -> PressKit:
    """The press kit of ``facts``."""
    beside: dict[int, tuple[Quote, ...]] = {}
    for quote in facts.quotes:
        beside[quote.line] = (*beside.get(quote.line, ()), quote)
    sections = (*((facts.lead,) if facts.lead else ()), *facts.sections)
    places = [("", fact_references(facts.fact_sheet))]
    places += [("", references(section)) for section in sections]
    return PressKit(
        facts=facts,
        pull_quotes=beside,
        attribution=attribution_of(facts, licensing),
        endnotes=endnotes(facts.notes, places),
    )
