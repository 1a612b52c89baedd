"""Turn an ``Article`` into a ``PressKit``: the article's content in a press kit's order.

A press kit runs: cover (title, billing) → logline → key facts → long synopsis → the
production → cast → release and reception → awards → press quotes. This module decides
what goes where — which infobox fields are credits and which are technical details, the
order of the sections, the pull quotes, the accolades summary — so that the PDF and the
EPUB templates only lay it out. Nothing here drops content: every infobox field and every
section of the article is in the press kit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from filmbook.model import (
    Article,
    AwardGroup,
    Block,
    CastList,
    Ceremony,
    Definition,
    InfoboxField,
    Outcome,
    Paragraph,
    Role,
    Section,
    Table,
)


@dataclass(frozen=True)
class Fact:
    """One line of the fact sheet: a label and its values (several for a list)."""

    label: str
    values: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Quote:
    """Praise quoted in the reception, set as a pull quote (it stays in its paragraph too)."""

    text: str
    attribution: str | None
    line: int


@dataclass(frozen=True)
class CeremonyCount:
    """How the film did at one ceremony, for the accolades summary."""

    name: str
    date: str | None
    nominations: int
    wins: int


@dataclass(frozen=True)
class AccoladeSummary:
    """The accolades in a few numbers and the notable ceremonies."""

    ceremonies: int
    nominations: int
    wins: int
    notable: tuple[CeremonyCount, ...]


@dataclass(frozen=True)
class PressKit:
    """What the templates lay out; ``article`` is there for anything else they need."""

    article: Article
    year: str | None
    directors: tuple[str, ...]
    billing: tuple[str, ...]
    logline: str | None
    credits: tuple[Fact, ...]
    specs: tuple[Fact, ...]
    sections: tuple[Section, ...]
    quotes: tuple[Quote, ...]
    accolades: AccoladeSummary | None
    language: str


_CREDIT_LABELS: tuple[tuple[Role, str], ...] = (
    (Role.DIRECTOR, "Directed by"),
    (Role.WRITER, "Written by"),
    (Role.PRODUCER, "Produced by"),
    (Role.EXECUTIVE_PRODUCER, "Executive producers"),
    (Role.STARRING, "Starring"),
    (Role.CINEMATOGRAPHY, "Cinematography"),
    (Role.EDITING, "Edited by"),
    (Role.MUSIC, "Music by"),
    (Role.STUDIO, "Production companies"),
    (Role.DISTRIBUTOR, "Distributed by"),
    (Role.NETWORK, "Network"),
)
_KEY_LABELS = {
    "screenplay": "Screenplay by",
    "story": "Story by",
    "based on": "Based on",
    "composer": "Music by",
}
_SPEC_LABELS: tuple[tuple[Role, str], ...] = (
    (Role.RUNTIME, "Running time"),
    (Role.COUNTRY, "Country"),
    (Role.LANGUAGE, "Language"),
    (Role.RELEASED, "Release date"),
    (Role.GENRE, "Genre"),
    (Role.BUDGET, "Budget"),
    (Role.GROSS, "Box office"),
)
_SECTION_RANKS: tuple[tuple[str, int], ...] = (
    (r"plot|synopsis|story|premise|summary", 10),
    (r"production|development|filming|casting|pre-?production|music|soundtrack|design", 30),
    (r"cast|characters", 40),
    (r"release|distribution|marketing|box office|home media|festival", 50),
    (r"reception|critical|response|reviews?|legacy|analysis|themes", 60),
    (r"accolades|awards|honou?rs|nominations", 70),
)
_PRESTIGE = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"Academy Awards|Oscars",
        r"British Academy Film|BAFTA",
        r"Golden Globe",
        r"Cannes",
        r"Venice",
        r"Berlin",
        r"Screen Actors Guild",
        r"Critics’ Choice Movie",
        r"Independent Spirit",
        r"César|Goya|Japan Academy|Blue Ribbon|Grand Bell|Blue Dragon|Golden Horse",
        r"British Independent|Gotham",
        r"Sundance|Toronto International|Telluride",
        r"National Board of Review|National Society of Film Critics",
        r"New York Film Critics|Los Angeles Film Critics",
    )
)
"""Ceremonies a press office names first, most prestigious first."""
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_YEAR_IN_LEAD = re.compile(r"\bis an? (\d{4})\b|\b((?:19|20)\d\d)\b")
_QUOTE = re.compile(r"“([^“”]+)”")
_NAME_RUN = re.compile(r"[A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|III|II|Jr\.|de|van|von))+")
_QUOTE_SECTIONS = re.compile(r"reception|critical|response|reviews?", re.IGNORECASE)
MIN_QUOTE_WORDS = 12
MAX_QUOTES = 4
MAX_NOTABLE = 6
BILLING = 4


def make_presskit(article: Article) -> PressKit:
    """Plan the press kit for ``article``."""
    return PressKit(
        article=article,
        year=_year(article),
        directors=_values(article, Role.DIRECTOR),
        billing=_billing(article),
        logline=_logline(article.lead),
        credits=_facts(article, _CREDIT_LABELS, _KEY_LABELS),
        specs=_facts(article, _SPEC_LABELS, {}) + _other_facts(article),
        sections=_press_order(article.sections),
        quotes=_quotes(article.sections),
        accolades=summarise(tuple(ceremonies(article))),
        language="en",
    )


def format_date(value: str) -> str:
    """``2023-12-22`` → ``22 December 2023``; any other text is returned as it is."""
    found = _ISO_DATE.match(value)
    if not found or not 1 <= int(found[2]) <= 12:
        return value
    return f"{int(found[3])} {_MONTHS[int(found[2]) - 1]} {found[1]}"


def _values(article: Article, role: Role) -> tuple[str, ...]:
    return article.infobox.values(role) if article.infobox else ()


def _year(article: Article) -> str | None:
    for released in _values(article, Role.RELEASED):
        found = re.search(r"\b(?:18|19|20)\d\d\b", released)
        if found:
            return found.group()
    for block in article.lead:
        if isinstance(block, Paragraph):
            lead = _YEAR_IN_LEAD.search(block.text)
            if lead:
                return lead.group(1) or lead.group(2)
    return None


def _billing(article: Article) -> tuple[str, ...]:
    starring = _values(article, Role.STARRING)
    if starring:
        return starring[:BILLING]
    for section in article.walk():
        for block in section.blocks:
            if isinstance(block, CastList):
                return tuple(member.actor for member in block.members[:BILLING])
    return ()


def _logline(lead: tuple[Block, ...]) -> str | None:
    """The lead's first sentence: what the film is."""
    for block in lead:
        if isinstance(block, Paragraph):
            found = re.match(r"(.+?[.!?])(?:\s+(?=[A-Z“‘(])|$)", block.text)
            return found.group(1) if found else block.text
    return None


def _facts(
    article: Article, labels: tuple[tuple[Role, str], ...], by_key: dict[str, str]
) -> tuple[Fact, ...]:
    if article.infobox is None:
        return ()
    facts: list[Fact] = []
    for role, label in labels:
        for found in article.infobox.fields:
            if found.role is role:
                values = tuple(format_date(v) for v in found.values)
                label = by_key.get(found.key.lower(), label)
                facts.append(Fact(_number(label, len(values)), values, found.line))
    return tuple(facts)


def _number(label: str, count: int) -> str:
    """``Production companies`` for several, ``Production company`` for one."""
    return _SINGULAR.get(label, label) if count == 1 else label


_SINGULAR = {
    "Production companies": "Production company",
    "Executive producers": "Executive producer",
}
_SHOWN = frozenset(role for role, _ in _CREDIT_LABELS + _SPEC_LABELS)


def _other_facts(article: Article) -> tuple[Fact, ...]:
    """Every field that is neither a credit nor a spec, under its key as written."""
    if article.infobox is None:
        return ()
    return tuple(_as_is(f) for f in article.infobox.fields if f.role not in _SHOWN)


def _as_is(found: InfoboxField) -> Fact:
    return Fact(found.key, found.values, found.line)


def _press_order(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Sort top-level sections into press kit order; unknown ones stay after their neighbour."""
    ranked: list[tuple[int, int, Section]] = []
    rank = 0
    for index, section in enumerate(sections):
        for pattern, section_rank in _SECTION_RANKS:
            if re.search(rf"\b(?:{pattern})\b", section.title, re.IGNORECASE):
                rank = section_rank
                break
        ranked.append((rank, index, section))
    return tuple(section for _, _, section in sorted(ranked, key=lambda r: r[:2]))


def _quotes(sections: tuple[Section, ...]) -> tuple[Quote, ...]:
    quotes: list[Quote] = []
    for section in sections:
        if not _QUOTE_SECTIONS.search(section.title):
            continue
        for paragraph in _paragraphs(section):
            for found in _QUOTE.finditer(paragraph.text):
                if len(found.group(1).split()) >= MIN_QUOTE_WORDS:
                    before = paragraph.text[: found.start()]
                    names = _NAME_RUN.findall(before.rsplit("”", 1)[-1])
                    attribution = names[-1] if names else None
                    quotes.append(Quote(found.group(1).strip(), attribution, paragraph.line))
    return tuple(quotes[:MAX_QUOTES])


def _paragraphs(section: Section) -> Iterator[Paragraph]:
    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield block
    for child in section.sections:
        yield from _paragraphs(child)


def ceremonies(article: Article) -> Iterator[Ceremony]:
    """Every ceremony in the article: from accolades tables and from award groups."""
    yield from _block_ceremonies(article.lead)
    for section in article.walk():
        yield from _block_ceremonies(section.blocks)


def _block_ceremonies(blocks: tuple[Block, ...]) -> Iterator[Ceremony]:
    for block in blocks:
        if isinstance(block, Table):
            yield from block.ceremonies
        elif isinstance(block, AwardGroup):
            yield block.ceremony
        elif isinstance(block, Definition):
            yield from _block_ceremonies(block.description)


def _prestige(name: str) -> int | None:
    return next((rank for rank, regex in enumerate(_PRESTIGE) if regex.search(name)), None)


def summarise(found: tuple[Ceremony, ...]) -> AccoladeSummary | None:
    """Count ceremonies, nominations and known wins; list the notable ceremonies."""
    if not found:
        return None
    counts = [
        CeremonyCount(
            c.name,
            c.date,
            len(c.accolades),
            sum(a.outcome is Outcome.WON for a in c.accolades),
        )
        for c in found
    ]
    ranked = sorted(
        (rank, index, count)
        for index, count in enumerate(counts)
        for rank in [_prestige(count.name)]
        if rank is not None
    )
    notable = [count for _, _, count in ranked] or sorted(counts, key=lambda c: -c.nominations)
    return AccoladeSummary(
        ceremonies=len(counts),
        nominations=sum(c.nominations for c in counts),
        wins=sum(c.wins for c in counts),
        notable=tuple(notable[:MAX_NOTABLE]),
    )
