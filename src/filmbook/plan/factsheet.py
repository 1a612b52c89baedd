"""Turn the infobox into the fact sheet: credits and details, each fact labelled once.

Every infobox field but a picture's (``Image1``, ``Alt1``: the export has no picture) and
the template's settings (``Total Width``, a switch such as ``Film: y``) is a fact of
exactly one group, so nothing else of the infobox is lost: the credits (people and
companies, in a poster's billing order), then the details (running time, country, release
date… then every other field as the source names it). A fact keeps the source's key as
its ``label`` (``Director``, ``Screenplay``) and also has the poster's wording as its
``credit`` (``Directed by``); its values are written once for print (an ISO date written
out).
"""

from __future__ import annotations

from dataclasses import dataclass

from filmbook.model import Infobox, InfoboxField, Role
from filmbook.plan.text import format_date

CREDIT_LABELS: tuple[tuple[Role, str], ...] = (
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
SPEC_LABELS: tuple[tuple[Role, str], ...] = (
    (Role.RUNTIME, "Running time"),
    (Role.COUNTRY, "Country"),
    (Role.LANGUAGE, "Language"),
    (Role.RELEASED, "Release date"),
    (Role.GENRE, "Genre"),
    (Role.BUDGET, "Budget"),
    (Role.GROSS, "Box office"),
)
_SINGULAR = {
    "Production companies": "Production company",
    "Executive producers": "Executive producer",
}
SPEC_ROLES = frozenset(role for role, _ in SPEC_LABELS)
_PLACED = frozenset(role for role, _ in CREDIT_LABELS) | SPEC_ROLES
NOT_FACTS = frozenset({Role.IMAGE, Role.WIDTH, Role.SWITCH})
"""Fields that are not facts to print: an image (or its alt text) names a picture the
export does not carry, ``Total Width`` sets the pictures' width, a switch (``Film: y``)
sets an option of the template. The normaliser keeps their words and warns of the last
two, template residue."""
SUBJECT = "Subject"
"""The label of an infobox's header line when it names something other than the film."""


@dataclass(frozen=True)
class Fact:
    """One line of the fact sheet: a label and its values (several for a list).

    ``label`` is the infobox key as the source wrote it, ``credit`` how a poster's
    billing block says it, ``values`` the values as every output prints them.
    """

    label: str
    credit: str
    values: tuple[str, ...]
    line: int
    role: Role


@dataclass(frozen=True)
class FactGroup:
    """A heading of the fact sheet and its facts; ``kind`` is ``credits`` or ``specs``."""

    name: str
    kind: str
    facts: tuple[Fact, ...]


def credits(infobox: Infobox | None) -> tuple[Fact, ...]:
    """The fields that name people and companies, in billing order."""
    return _placed(infobox, CREDIT_LABELS, _KEY_LABELS)


def specs(infobox: Infobox | None) -> tuple[Fact, ...]:
    """The technical details: running time, country, language, release date, money."""
    return _placed(infobox, SPEC_LABELS, {})


def details(infobox: Infobox | None, title: str, disambiguator: str | None) -> tuple[Fact, ...]:
    """The specs, then every other field under its own key, then the infobox's subject."""
    if infobox is None:
        return ()
    others = tuple(
        _as_is(found)
        for found in infobox.fields
        if found.role not in _PLACED and found.role not in NOT_FACTS
    )
    subject = subject_of(infobox, title, disambiguator)
    named = (Fact(SUBJECT, SUBJECT, (subject,), infobox.line, Role.OTHER),) if subject else ()
    return specs(infobox) + others + named


def subject_of(infobox: Infobox, title: str, disambiguator: str | None) -> str | None:
    """The infobox's header line, unless it is the template's name or the film's title.

    A header such as a person's name on a list page is a fact about the page; one that
    repeats the title (with or without its disambiguator) says nothing new.
    """
    header = infobox.header.strip()
    known = {"", "infobox", title.casefold()}
    if disambiguator:
        known.add(f"{title} ({disambiguator})".casefold())
    return None if header.casefold() in known else header


def groups(credits_: tuple[Fact, ...], details_: tuple[Fact, ...]) -> tuple[FactGroup, ...]:
    """The fact sheet's groups that have facts."""
    found = (
        FactGroup("Credits", "credits", credits_),
        FactGroup("Technical details", "specs", details_),
    )
    return tuple(group for group in found if group.facts)


def _placed(
    infobox: Infobox | None, labels: tuple[tuple[Role, str], ...], by_key: dict[str, str]
) -> tuple[Fact, ...]:
    if infobox is None:
        return ()
    return tuple(
        Fact(
            found.key,
            _number(by_key.get(found.key.lower(), label), len(found.values)),
            _written(found.values),
            found.line,
            role,
        )
        for role, label in labels
        for found in infobox.fields
        if found.role is role
    )


def _as_is(found: InfoboxField) -> Fact:
    return Fact(found.key, found.key, _written(found.values), found.line, found.role)


def _written(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(format_date(value) for value in values)


def _number(label: str, count: int) -> str:
    """``Production companies`` for several, ``Production company`` for one."""
    return _SINGULAR.get(label, label) if count == 1 else label
