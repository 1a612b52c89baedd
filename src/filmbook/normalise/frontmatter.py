"""Turn the tokens at the top of a source into the title and the infobox."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from filmbook.errors import InputError
from filmbook.model import Infobox, InfoboxField, Role
from filmbook.normalise.lex import Kind, Token
from filmbook.normalise.report import Report

if TYPE_CHECKING:
    from filmbook.normalise.state import State

_DISAMBIGUATOR = re.compile(
    r"\((?P<what>[^()]*\b(?:film|movie|series|miniseries|serial|TV|documentary|short|\d{4})\b"
    r"[^()]*)\)$",
    re.IGNORECASE,
)
"""The ``(1977 film)`` that ends a title, matched from the title's last ``(``."""
_FIELD = re.compile(r"^(?P<key>[A-Z][\w]*(?:[ -][\w]+)*?)\s*:(?:\s*(?P<value>.*))?$")

ROLES: dict[str, Role] = {
    "director": Role.DIRECTOR,
    "directed by": Role.DIRECTOR,
    "writer": Role.WRITER,
    "written by": Role.WRITER,
    "screenplay": Role.WRITER,
    "story": Role.WRITER,
    "producer": Role.PRODUCER,
    "producers": Role.PRODUCER,
    "produced by": Role.PRODUCER,
    "executive producer": Role.EXECUTIVE_PRODUCER,
    "starring": Role.STARRING,
    "music": Role.MUSIC,
    "music by": Role.MUSIC,
    "composer": Role.MUSIC,
    "cinematography": Role.CINEMATOGRAPHY,
    "editing": Role.EDITING,
    "editor": Role.EDITING,
    "edited by": Role.EDITING,
    "studio": Role.STUDIO,
    "company": Role.STUDIO,
    "production company": Role.STUDIO,
    "production companies": Role.STUDIO,
    "distributor": Role.DISTRIBUTOR,
    "distributed by": Role.DISTRIBUTOR,
    "released": Role.RELEASED,
    "release date": Role.RELEASED,
    "runtime": Role.RUNTIME,
    "running time": Role.RUNTIME,
    "country": Role.COUNTRY,
    "countries": Role.COUNTRY,
    "language": Role.LANGUAGE,
    "languages": Role.LANGUAGE,
    "budget": Role.BUDGET,
    "gross": Role.GROSS,
    "box office": Role.GROSS,
    "genre": Role.GENRE,
    "network": Role.NETWORK,
    "title": Role.TITLE,
    "film": Role.FILM,
    "wins": Role.WINS,
    "nominations": Role.NOMINATIONS,
    "image": Role.IMAGE,
    "image1": Role.IMAGE,
    "image2": Role.IMAGE,
    "image3": Role.IMAGE,
    "alt1": Role.IMAGE,  # the alternative text of a picture: no more a fact than the picture
    "alt2": Role.IMAGE,
    "alt3": Role.IMAGE,
    "total width": Role.WIDTH,
}
"""Infobox keys, lower-cased, and their canonical roles; other keys are ``Role.OTHER``."""

MULTI_VALUED = frozenset(
    {
        Role.DIRECTOR,
        Role.WRITER,
        Role.PRODUCER,
        Role.EXECUTIVE_PRODUCER,
        Role.STARRING,
        Role.MUSIC,
        Role.CINEMATOGRAPHY,
        Role.EDITING,
        Role.STUDIO,
        Role.DISTRIBUTOR,
        Role.COUNTRY,
        Role.LANGUAGE,
        Role.GENRE,
        Role.NETWORK,
    }
)
"""Roles whose value is a list joined with ``, ``; the others are kept whole."""

_NO_TITLE = "no title line: the file must start with '= Title ='"
_MONEY = frozenset({Role.BUDGET, Role.GROSS})
SWITCHES = frozenset({"y", "n", "yes", "no"})
"""Values, case-folded, that switch a template's option (``Film: y``) rather than state a
fact; a value that is a word of the title (a film called *No*) is a fact."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Title:
    """The article's title line, split into the title and its disambiguator."""

    line: int
    text: str
    disambiguator: str | None


def read_frontmatter(state: State) -> State:
    """The ``frontmatter`` pass: the title, the infobox, and the body after them."""
    title, after_title = read_title(state.tokens, state.source.path)
    infobox, after_infobox = read_infobox(state.tokens, after_title, title, state.report)
    return replace(state, title=title, infobox=infobox, body=state.tokens[after_infobox:])


def read_title(tokens: tuple[Token, ...], path: str) -> tuple[Title, int]:
    """Find the ``= Title =`` line; return it and the index of the token after it."""
    for index, token in enumerate(tokens):
        if token.kind is Kind.BLANK:
            continue
        if token.kind is not Kind.TITLE or not token.text:
            raise InputError(path, token.line, _NO_TITLE)
        return _split_title(token), index + 1
    raise InputError(path, 1, _NO_TITLE)


def _split_title(token: Token) -> Title:
    # Matched from the last `(` only: a pattern that finds the end of the title itself
    # (`^(.+?)\s*\(`) tries every space of a long run in turn, in quadratic time, and the
    # title is read before the limits are checked.
    start = token.text.rfind("(")
    found = _DISAMBIGUATOR.match(token.text, start) if start > 0 else None
    if found:
        return Title(token.line, token.text[:start].rstrip(), found["what"].strip())
    return Title(token.line, token.text, None)


def read_infobox(
    tokens: tuple[Token, ...], start: int, title: Title, report: Report
) -> tuple[Infobox | None, int]:
    """Read the infobox at ``start`` if there is one; return it and the next index.

    ``title`` tells a template's yes/no switch from a film called *Yes* or *No*."""
    index = start
    while index < len(tokens) and tokens[index].kind is Kind.BLANK:
        index += 1
    if index >= len(tokens):
        return None, index
    header = tokens[index]
    # A bare `Infobox` line is the header even when no field follows (an export cut there).
    if header.kind is Kind.TEXT and (_is_field(tokens, index + 1) or header.text == "Infobox"):
        first = index + 1
    elif _is_field(tokens, index):
        header, first = Token(Kind.TEXT, header.line, ""), index
    else:
        return None, start
    title_words = frozenset(_WORD.findall(f"{title.text} {title.disambiguator or ''}".casefold()))
    fields: list[InfoboxField] = []
    index = first
    while _is_field(tokens, index):
        fields.append(_read_field(tokens[index], title_words, report))
        index += 1
    return Infobox(header.line, header.text, tuple(fields)), index


def _is_field(tokens: tuple[Token, ...], index: int) -> bool:
    if index >= len(tokens):
        return False
    token = tokens[index]
    return token.kind is Kind.ITEM and token.level == 0 and bool(_FIELD.match(token.text))


def _read_field(token: Token, title_words: frozenset[str], report: Report) -> InfoboxField:
    found = _FIELD.match(token.text)
    assert found is not None  # _is_field matched it
    key, value = found["key"], (found["value"] or "").strip()
    role = ROLES.get(key.lower(), Role.OTHER)
    if value.casefold() in SWITCHES and value.casefold() not in title_words:
        role = Role.SWITCH
        report.warn(
            token.line,
            f"infobox field {key!r} is {value!r}, a switch of the template: not a fact to print",
        )
    elif role is Role.WIDTH:
        report.warn(
            token.line, f"infobox field {key!r} is a setting of the template: not a fact to print"
        )
    elif not value:
        report.warn(token.line, f"infobox field {key!r} has no value (template residue)")
    elif role in _MONEY and not any(c.isdigit() for c in value):
        report.warn(token.line, f"infobox field {key!r} is {value!r}: the number was lost")
    values = split_values(value) if role in MULTI_VALUED else (value,)
    return InfoboxField(token.line, key, role, tuple(v for v in values if v) or ("",))


def split_values(value: str) -> tuple[str, ...]:
    """Split at ``, `` outside brackets: ``A24 (US), CJ ENM (South Korea)`` is two values."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for index, char in enumerate(value):
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        if char == "," and depth == 0 and value[index + 1 : index + 2] == " ":
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    parts.append("".join(current).strip())
    return tuple(parts)
