"""Turn an ``Article`` into ``Facts``: what every output shows, each fact written once.

The title block (title, year, directors and billing with their names joined), the fact
sheet, the key facts under the title, the logline and the short synopsis, the sections in
press-kit order, the pull quotes and the accolades with their tally. The press kit, the
handout and the ebook select from these; none of them reads the article or writes a fact
of its own. Nothing here drops content: every infobox field is a fact, and every section
of the article is in ``sections``.

The publicist's press material (``PressMaterial``), where there is one, is chosen here
too: its key facts replace the article's before any fact is written, its logline the
lead's first sentence, and its poster, stills, contacts, release dates and festivals are
fields of ``Facts`` beside the article's, so every output shows the same ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from filmbook.model import (
    Article,
    CastList,
    CastMember,
    Contact,
    Handle,
    Note,
    Origin,
    Paragraph,
    Poster,
    PressMaterial,
    Role,
    Section,
    Still,
)
from filmbook.plan import factsheet, press, prose
from filmbook.plan.accolades import Accolades, ceremonies, summarise
from filmbook.plan.attribution import CC_BY_SA, Attribution, Licensing, attribute
from filmbook.plan.factsheet import Fact, FactGroup
from filmbook.plan.language import han_language
from filmbook.plan.laurels import Laurel, laurels
from filmbook.plan.press import ReleaseDate
from filmbook.plan.prose import Quote
from filmbook.plan.text import join_names

BILLING = 4
PROSE_LANGUAGE = "en"
"""The language of the prose of every export, whatever the film's: the infobox's
``Language`` is the film's, while hyphenation and a screen reader need the prose's."""
SYNOPSIS = "Synopsis"
"""The title the lead takes as a section of its own."""
_SECTION_RANKS: tuple[tuple[str, int], ...] = (
    (r"plot|synopsis|story|premise|summary", 10),
    (r"production|development|filming|casting|pre-?production|music|soundtrack|design", 30),
    (r"cast|characters", 40),
    (r"release|distribution|marketing|box office|home media|festival", 50),
    (r"reception|critical|response|reviews?|legacy|analysis|themes", 60),
    (r"accolades|awards|honou?rs|nominations", 70),
)
_YEAR = re.compile(r"\b(?:18|19|20)\d\d\b")
_YEAR_IN_LEAD = re.compile(r"\bis an? (\d{4})\b|\b((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Facts:
    """Everything the outputs show, chosen and written once.

    ``directed_by`` and ``starring`` are the names joined (``A, B and C``), as every
    output prints them after ``A film by`` and ``With``. ``lead`` is the article's lead
    as a section titled ``Synopsis``, ``sections`` the article's sections in press-kit
    order. ``cast`` is every top-level entry of the cast lists, in billing order; ``han``
    the language of Han characters in this article (``ja``, ``ko``, ``zh-Hans``,
    ``zh-Hant``) where it says; ``keywords`` what a search for the film would type;
    ``notes`` the numbered notes (a wikitext source's references), ``origin`` the wiki
    page the article was read from, where the source says.

    From the press material (empty without one): ``logline`` is its logline where it
    has one; ``statement`` and ``biography`` the director's statement and biography as
    paragraphs; ``poster`` the key art and ``stills`` the stills (``model.Picture``:
    normalised bytes and a ``name`` to store them under); ``contacts`` the press
    contacts and ``sales`` the sales agents; ``releases`` the release dates by territory,
    written out; ``website`` and ``social`` (``network``, ``handle``); ``laurels`` the
    festivals to draw as laurels, the material's then the accolades' (empty when the
    material turns them off); ``licensing`` the material's licence settings, the
    defaults of the command line's.
    """

    title: str
    disambiguator: str | None
    year: str | None
    directors: tuple[str, ...]
    directed_by: str
    billing: tuple[str, ...]
    starring: str
    key_facts: tuple[str, ...]
    logline: str | None
    synopsis: str | None
    credits: tuple[Fact, ...]
    details: tuple[Fact, ...]
    fact_sheet: tuple[FactGroup, ...]
    lead: Section | None
    sections: tuple[Section, ...]
    quotes: tuple[Quote, ...]
    accolades: Accolades | None
    cast: tuple[CastMember, ...]
    genres: tuple[str, ...]
    countries: tuple[str, ...]
    keywords: tuple[str, ...]
    language: str
    han: str | None
    notes: tuple[Note, ...] = ()
    origin: Origin | None = None
    statement: tuple[str, ...] = ()
    biography: tuple[str, ...] = ()
    poster: Poster | None = None
    stills: tuple[Still, ...] = ()
    contacts: tuple[Contact, ...] = ()
    sales: tuple[Contact, ...] = ()
    releases: tuple[ReleaseDate, ...] = ()
    website: str | None = None
    social: tuple[Handle, ...] = ()
    laurels: tuple[Laurel, ...] = ()
    licensing: Licensing = CC_BY_SA


def make_facts(article: Article, material: PressMaterial | None = None) -> Facts:
    """Choose and write every fact of ``article`` that an output shows, with the press
    ``material`` where there is one."""
    article = press.with_facts(article, material.facts if material else ())
    infobox = article.infobox
    directors = infobox.values(Role.DIRECTOR) if infobox else ()
    billing = _billing(article)
    year = _year(article)
    credits = factsheet.credits(infobox)
    details = factsheet.details(infobox, article.title, article.disambiguator)
    facts = Facts(
        title=article.title,
        disambiguator=article.disambiguator,
        year=year,
        directors=directors,
        directed_by=join_names(directors),
        billing=billing,
        starring=join_names(billing),
        key_facts=_key_facts(article, year),
        logline=(material.logline if material else None) or prose.logline(article.lead),
        synopsis=prose.synopsis(article.lead),
        credits=credits,
        details=details,
        fact_sheet=factsheet.groups(credits, details),
        lead=Section(article.line, 2, SYNOPSIS, blocks=article.lead) if article.lead else None,
        sections=_press_order(article.sections),
        quotes=prose.quotes(article.sections),
        accolades=summarise(tuple(ceremonies(article))),
        cast=tuple(member for cast in _cast_lists(article) for member in cast.members),
        genres=_distinct(infobox.values(Role.GENRE) if infobox else ()),
        countries=_distinct(infobox.values(Role.COUNTRY) if infobox else ()),
        keywords=_keywords(year, infobox.values(Role.GENRE) if infobox else (), directors, billing),
        language=PROSE_LANGUAGE,
        han=han_language(infobox),
        notes=article.notes,
        origin=article.origin,
    )
    return _with_material(facts, article, material)


def _with_material(facts: Facts, article: Article, material: PressMaterial | None) -> Facts:
    """``facts`` with the fields that come from the press material, and the laurels."""
    found = laurels(material.selections if material else (), ceremonies(article))
    if material is None:
        return replace(facts, laurels=found)
    return replace(
        facts,
        statement=material.statement,
        biography=material.biography,
        poster=press.described_poster(material.poster, facts.title),
        stills=tuple(press.described_still(still, facts.title) for still in material.stills),
        contacts=material.contacts,
        sales=material.sales,
        releases=press.release_dates(material),
        website=material.website,
        social=material.social,
        laurels=found if material.laurels else (),
        licensing=press.licensing(material),
    )


def _keywords(year: str | None, *names: tuple[str, ...]) -> tuple[str, ...]:
    """The PDF's keywords: what a search for this film's press kit would type."""
    found = (
        "film",
        "press kit",
        *((year,) if year else ()),
        *(n for group in names for n in group),
    )
    return tuple(dict.fromkeys(found))


def _distinct(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value.strip()))


def _year(article: Article) -> str | None:
    for released in article.infobox.values(Role.RELEASED) if article.infobox else ():
        found = _YEAR.search(released)
        if found:
            return found.group()
    for block in article.lead:
        if isinstance(block, Paragraph):
            lead = _YEAR_IN_LEAD.search(block.text)
            if lead:
                return lead.group(1) or lead.group(2)
    return None


def _cast_lists(article: Article) -> tuple[CastList, ...]:
    return tuple(
        block
        for section in article.walk()
        for block in section.blocks
        if isinstance(block, CastList)
    )


def _billing(article: Article) -> tuple[str, ...]:
    """The top-billed names: the infobox's ``Starring``, else the cast list's first."""
    starring = article.infobox.values(Role.STARRING) if article.infobox else ()
    if starring:
        return starring[:BILLING]
    for cast in _cast_lists(article):
        return tuple(member.actor for member in cast.members[:BILLING])
    return ()


def _key_facts(article: Article, year: str | None) -> tuple[str, ...]:
    """The line under the title: year, country, running time, language."""
    found = [year] if year else []
    for role in (Role.COUNTRY, Role.RUNTIME, Role.LANGUAGE):
        value = article.infobox.first(role) if article.infobox else None
        if value:
            found.append(value)
    return tuple(found)


def _press_order(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    """Sort top-level sections into press-kit order; unknown ones stay after their neighbour."""
    ranked: list[tuple[int, int, Section]] = []
    rank = 0
    for index, section in enumerate(sections):
        for pattern, section_rank in _SECTION_RANKS:
            if re.search(rf"\b(?:{pattern})\b", section.title, re.IGNORECASE):
                rank = section_rank
                break
        ranked.append((rank, index, section))
    return tuple(section for _, _, section in sorted(ranked, key=lambda r: r[:2]))


def attribution_of(facts: Facts, licensing: Licensing) -> Attribution | None:
    """The source note every output of ``facts`` prints: ``licensing`` (the command line's
    and the project file's) over the press material's; None for ``--licence none``."""
    return attribute(facts.title, licensing.over(facts.licensing), facts.origin)
