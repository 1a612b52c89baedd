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
    CellOrigin,
    Ceremony,
    Column,
    Definition,
    InfoboxField,
    Outcome,
    Paragraph,
    Role,
    Row,
    Section,
    Table,
)


@dataclass(frozen=True)
class Fact:
    """One line of the fact sheet: a label and its values (several for a list).

    ``label`` is the infobox key as the source wrote it (``Director``, ``Screenplay``) and
    ``values`` are the values as written (a date stays ISO: ``format_date`` is for
    display); ``credit`` is how a poster's billing block says it (``Directed by``).
    """

    label: str
    values: tuple[str, ...]
    line: int
    credit: str


@dataclass(frozen=True)
class Quote:
    """Praise quoted in the reception, set as a pull quote (it stays in its paragraph too).

    ``excerpt`` is the quote's first sentence: a pull quote is read at a glance, so it
    takes the line a publicist would pick rather than the whole passage.
    """

    text: str
    attribution: str | None
    line: int
    excerpt: str


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
class Billed:
    """An actor and the role, as the handout lists the top-billed cast."""

    actor: str
    role: str | None


@dataclass(frozen=True)
class Handout:
    """The press kit cut to one double-sided sheet.

    Every list is capped and the synopsis is cut at a sentence, so that any article fits
    two pages at a size legible at arm's length; the press kit keeps the rest.
    """

    directors: tuple[str, ...]
    billing: tuple[str, ...]
    key_facts: tuple[str, ...]
    synopsis: str | None
    credits: tuple[Fact, ...]
    cast: tuple[Billed, ...]
    more_cast: int
    specs: tuple[Fact, ...]
    notable: tuple[CeremonyCount, ...]
    quote: Quote | None


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
    key_facts: tuple[str, ...]
    keywords: tuple[str, ...]
    handout: Handout


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
WIDE_TABLE_COLUMNS = 8
"""A table with more columns is printed row by row, each value under its column's name:
on a press kit page nine columns leave a dozen letters each, thirty leave two."""

TABLE_LINE_CHARACTERS = 100
"""About as many characters of a table's text as its full width holds, less padding."""

_ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_YEAR_IN_LEAD = re.compile(r"\bis an? (\d{4})\b|\b((?:19|20)\d\d)\b")
_QUOTE = re.compile(r"“([^“”]+)”")
_NAME_RUN = re.compile(r"[A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|III|II|Jr\.|de|van|von))+")
_RECIPIENT_COLUMN = re.compile(r"recipient|nominee|honoree", re.IGNORECASE)
_QUOTE_SECTIONS = re.compile(r"reception|critical|response|reviews?", re.IGNORECASE)
_SENTENCE = re.compile(r"(.+?[.!?][”’)]?)(?:\s+(?=[A-Z“‘(\[])|$)")
_SPACES = re.compile(r"\s*")
_SENTENCE_END = re.compile(r"[.!?][”’)]?(?=\s+[A-Z“‘(\[]|$)")
MIN_QUOTE_WORDS = 12
MAX_QUOTES = 4
MAX_NOTABLE = 6
BILLING = 4
# The handout's caps: what fits one side of A4 and of Letter at 10.5 pt, with room to spare.
LOGLINE_WORDS = 60
SYNOPSIS_WORDS = 110
HANDOUT_FACT_LINES = 24
"""Lines the handout's sidebars hold: a label takes about one and a half, a value one per
line of the narrow column (``HANDOUT_LINE_CHARACTERS`` characters)."""
HANDOUT_LINE_CHARACTERS = 28
HANDOUT_NAMES = 3
HANDOUT_CAST = 8
HANDOUT_NOTABLE = 6
HANDOUT_QUOTE_WORDS = 45
HANDOUT_VALUE_WORDS = 8


def make_presskit(article: Article) -> PressKit:
    """Plan the press kit for ``article``."""
    year = _year(article)
    directors = _values(article, Role.DIRECTOR)
    billing = _billing(article)
    credits = _facts(article, _CREDIT_LABELS, _KEY_LABELS)
    specs = _facts(article, _SPEC_LABELS, {})
    quotes = _quotes(article.sections)
    accolades = summarise(tuple(ceremonies(article)))
    key_facts = _key_facts(article, year)
    return PressKit(
        article=article,
        year=year,
        directors=directors,
        billing=billing,
        logline=_logline(article.lead),
        credits=credits,
        specs=specs + _other_facts(article),
        sections=_press_order(article.sections),
        quotes=quotes,
        accolades=accolades,
        # The prose of every export is English whatever the film's language (the infobox
        # ``Language`` is the film's): hyphenation and a screen reader need the prose's.
        language="en",
        key_facts=key_facts,
        keywords=_keywords(article, year, directors, billing),
        handout=Handout(
            directors=_names(directors),
            billing=tuple(_clip(name, HANDOUT_VALUE_WORDS) for name in billing),
            key_facts=tuple(_clip(fact, HANDOUT_VALUE_WORDS) for fact in key_facts),
            synopsis=_synopsis(article.lead),
            credits=_fit(tuple(f for f in credits if f.credit != "Starring")),
            cast=_top_cast(article, billing),
            more_cast=max(0, _cast_size(article) - HANDOUT_CAST),
            specs=_fit(specs),
            notable=accolades.notable[:HANDOUT_NOTABLE] if accolades else (),
            quote=_handout_quote(quotes),
        ),
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
    """The lead's first sentence, what the film is, clipped if the export ran it on."""
    for block in lead:
        if isinstance(block, Paragraph):
            return _clip(_first_sentence(block.text), LOGLINE_WORDS)
    return None


def _first_sentence(text: str) -> str:
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def _sentences(text: str) -> list[str]:
    """The sentences ``_SENTENCE`` finds one after the other, found in linear time.

    ``_SENTENCE.finditer`` retries from every character of a text with no sentence end,
    which is quadratic: minutes for one long paragraph without a full stop. (So is
    slicing the rest of the text after every sentence.)
    """
    found: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if end.start() > start:  # a sentence has a character before its full stop
            found.append(text[start : end.end()])
            spaces = _SPACES.match(text, end.end())
            start = spaces.end() if spaces else end.end()
    return found or [text]


def _synopsis(lead: tuple[Block, ...]) -> str | None:
    """The lead, cut to a short synopsis."""
    text = " ".join(block.text for block in lead if isinstance(block, Paragraph))
    return _abridge(text, SYNOPSIS_WORDS) if text else None


def _abridge(text: str, words: int) -> str:
    """Whole sentences of ``text`` up to ``words`` words; one long sentence is clipped."""
    kept: list[str] = []
    count = 0
    for sentence in _sentences(text):
        count += len(sentence.split())
        if count > words:
            break
        kept.append(sentence)
    return " ".join(kept) if kept else _clip(text, words)


def _clip(text: str, words: int) -> str:
    """At most ``words`` words; a cut shows as an ellipsis."""
    split = text.split()
    return text if len(split) <= words else " ".join(split[:words]) + " …"


def _names(names: tuple[str, ...]) -> tuple[str, ...]:
    """A few names, each of a few words, and how many more there are."""
    return _cap(Fact("", names, 0, "")).values


def _fit(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """The first facts, each capped, that fill a handout sidebar of ``HANDOUT_FACT_LINES``."""
    kept: list[Fact] = []
    lines = 0.0
    for fact in map(_cap, facts):
        lines += 1.5 + sum(1 + len(value) // HANDOUT_LINE_CHARACTERS for value in fact.values)
        if lines > HANDOUT_FACT_LINES:
            break
        kept.append(fact)
    return tuple(kept)


def _cap(fact: Fact) -> Fact:
    """A fact for the handout: a few names, each of a few words, and how many were left."""
    values = tuple(_clip(v, HANDOUT_VALUE_WORDS) for v in fact.values[:HANDOUT_NAMES])
    more = len(fact.values) - HANDOUT_NAMES
    extra = (f"and {more} more",) if more > 0 else ()
    return Fact(fact.label, values + extra, fact.line, fact.credit)


def _cast_lists(article: Article) -> Iterator[CastList]:
    for section in article.walk():
        for block in section.blocks:
            if isinstance(block, CastList):
                yield block


def _cast_size(article: Article) -> int:
    return sum(len(cast.members) for cast in _cast_lists(article))


def _top_cast(article: Article, billing: tuple[str, ...]) -> tuple[Billed, ...]:
    """The first names of the cast list with their roles, or the billing without roles."""
    for cast in _cast_lists(article):
        return tuple(
            Billed(
                _clip(m.actor, HANDOUT_VALUE_WORDS),
                _clip(m.role, HANDOUT_VALUE_WORDS) if m.role else None,
            )
            for m in cast.members[:HANDOUT_CAST]
        )
    return tuple(Billed(_clip(name, HANDOUT_VALUE_WORDS), None) for name in billing)


def _handout_quote(quotes: tuple[Quote, ...]) -> Quote | None:
    """The first quote, as much of it as a pull quote on the back of the sheet can hold."""
    if not quotes:
        return None
    first = quotes[0]
    excerpt = _abridge(first.text, HANDOUT_QUOTE_WORDS)
    return Quote(first.text, first.attribution, first.line, excerpt)


def _key_facts(article: Article, year: str | None) -> tuple[str, ...]:
    """The line under the cover's billing: year, country, running time, language."""
    found = [year] if year else []
    for role in (Role.COUNTRY, Role.RUNTIME, Role.LANGUAGE):
        value = article.infobox.first(role) if article.infobox else None
        if value:
            found.append(value)
    return tuple(found)


def _keywords(
    article: Article, year: str | None, directors: tuple[str, ...], billing: tuple[str, ...]
) -> tuple[str, ...]:
    """The PDF's keywords: what a search for this press kit would type."""
    genres = _values(article, Role.GENRE)
    found = ("film", "press kit", *([year] if year else []), *genres, *directors, *billing)
    return tuple(dict.fromkeys(found))


def _facts(
    article: Article, labels: tuple[tuple[Role, str], ...], by_key: dict[str, str]
) -> tuple[Fact, ...]:
    if article.infobox is None:
        return ()
    return tuple(
        Fact(
            found.key,
            found.values,
            found.line,
            _number(by_key.get(found.key.lower(), label), len(found.values)),
        )
        for role, label in labels
        for found in article.infobox.fields
        if found.role is role
    )


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
    return Fact(found.key, found.values, found.line, found.key)


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
                    text = found.group(1).strip()
                    excerpt = _first_sentence(text)
                    quotes.append(Quote(text, attribution, paragraph.line, excerpt))
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


def row_groups(table: Table) -> tuple[tuple[Row, ...], ...]:
    """The rows in runs that share their first cell: one ceremony, or one spanned group.

    A run starts at every row whose first cell is not filled in from the row above, so a
    layout can keep a ceremony's rows together and show the spanned values once.
    """
    groups: list[list[Row]] = []
    for row in table.rows:
        if not groups or row.cells[0].origin is not CellOrigin.SPANNED:
            groups.append([])
        groups[-1].append(row)
    return tuple(tuple(group) for group in groups)


def shown_columns(table: Table) -> tuple[int, ...]:
    """The columns worth a place on paper: all but a column filmbook added that stayed empty.

    The normaliser adds a ``Result`` column to accolades tables whose export cut it; when
    no row knows a result, printing a column of "not recorded" says nothing.
    """
    return tuple(
        index
        for index, column in enumerate(table.columns)
        if column.in_source or any(row.cells[index].text is not None for row in table.rows)
    )


def breaks_anywhere(text: str, columns: int) -> bool:
    """Whether ``text`` has a word too long for one of ``columns`` columns of a table.

    Such a cell may break its words anywhere (CSS ``overflow-wrap: anywhere``) so the
    table stays on the page; only such cells, since measuring a cell that may break
    anywhere costs WeasyPrint some ten times more.
    """
    longest = max(map(len, text.split()), default=0)
    return longest > TABLE_LINE_CHARACTERS // max(columns, 1)


def is_wide(table: Table) -> bool:
    """Whether ``table`` has too many columns to print as a table (``WIDE_TABLE_COLUMNS``)."""
    return len(shown_columns(table)) > WIDE_TABLE_COLUMNS


def unknown_label(column: Column) -> str:
    """What a cell the export lost says in place of its value."""
    if _RECIPIENT_COLUMN.search(column.name):
        return "recipient not recorded"
    return "not recorded"
