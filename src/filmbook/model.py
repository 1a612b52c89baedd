"""The Article: the typed, immutable tree that every stage after the normaliser reads.

Turn nothing into anything: this module only defines the nouns of the domain. It does no
I/O and imports nothing from the rest of the package. Every node carries ``line``, the
1-based line of the source file it came from, so a diagnostic or a reader can point back
at the source.

Text in the model is already typeset for print (curly quotes, dashes, non-breaking
spaces); the words themselves are the source's.

``PressMaterial`` and its parts are the other input: the publicist's own material from
the press-material file beside a source (``material.py``), each part with the line of the
TOML file it came from.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
from dataclasses import dataclass, field
from typing import TypeAlias


class Severity(enum.Enum):
    """How bad a diagnostic is. A diagnostic never stops a build, so every one is a
    warning; a problem that stops the build is an ``InputError``, not a diagnostic."""

    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in the source that did not stop the normaliser."""

    line: int
    message: str
    severity: Severity = Severity.WARNING


class Role(enum.Enum):
    """The canonical meaning of an infobox key; synonyms share one role.

    One role comes from the value: a field whose value is a yes/no flag (``y``, ``n``,
    ``yes``, ``no``) is ``SWITCH``, template residue rather than the key's fact.
    """

    DIRECTOR = "director"
    WRITER = "writer"
    PRODUCER = "producer"
    EXECUTIVE_PRODUCER = "executive-producer"
    STARRING = "starring"
    MUSIC = "music"
    CINEMATOGRAPHY = "cinematography"
    EDITING = "editing"
    STUDIO = "studio"
    DISTRIBUTOR = "distributor"
    RELEASED = "released"
    RUNTIME = "runtime"
    COUNTRY = "country"
    LANGUAGE = "language"
    BUDGET = "budget"
    GROSS = "gross"
    GENRE = "genre"
    NETWORK = "network"
    TITLE = "title"
    FILM = "film"
    WINS = "wins"
    NOMINATIONS = "nominations"
    IMAGE = "image"
    WIDTH = "width"
    SWITCH = "switch"  # a yes/no switch of the template (`Film: y`), whatever its key
    OTHER = "other"


@dataclass(frozen=True)
class InfoboxField:
    """One ``- Key: Value`` line: the key as written, its role, its value(s), and the
    notes they refer to (counted in the values' word characters, in order; the outputs
    print the references after the values)."""

    line: int
    key: str
    role: Role
    values: tuple[str, ...]
    notes: tuple[NoteRef, ...] = ()

    @property
    def text(self) -> str:
        """The value as one string, multi-valued fields joined again."""
        return ", ".join(self.values)


@dataclass(frozen=True)
class Infobox:
    """The key facts block after the title, fields in source order."""

    line: int
    header: str
    fields: tuple[InfoboxField, ...]

    def values(self, role: Role) -> tuple[str, ...]:
        """Every value of every field with ``role``, in source order."""
        return tuple(v for f in self.fields if f.role is role for v in f.values)

    def first(self, role: Role) -> str | None:
        """The first value for ``role``, or None when the infobox has none."""
        found = self.values(role)
        return found[0] if found else None


@dataclass(frozen=True)
class NoteRef:
    """A reference to note ``number`` in a text, after its ``after``-th word character.

    Counted in word characters (``\\w``), which typography never changes, so the mark
    stays in its place when quotes and dashes are typeset. ``mark`` numbers the
    references of the article, 1 and up, so that each can be linked back to.
    """

    after: int
    number: int
    mark: int


@dataclass(frozen=True)
class LanguageSpan:
    """A run of a text in a language other than the article's, as the source tags it
    (``{{lang|fr|…}}``): the word characters after the ``start``-th, up to and with the
    ``end``-th, and their BCP 47 tag (``fr``, ``ja``, ``ja-Latn``).

    Counted in word characters like ``NoteRef``, so typesetting never moves it; the
    punctuation around the run stays outside it.
    """

    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Note:
    """A numbered note (a reference of a wikitext source): its text, the address it
    cites if any, and where it is."""

    line: int
    number: int
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Origin:
    """The wiki page an article was read from, where its source says so (an export)."""

    page: str
    url: str | None = None
    revision: str | None = None
    timestamp: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """A run of text ended by an empty line, the notes it refers to and its runs in
    other languages."""

    line: int
    text: str
    notes: tuple[NoteRef, ...] = ()
    languages: tuple[LanguageSpan, ...] = ()


@dataclass(frozen=True)
class ListItem:
    """One ``- `` item and the items nested under it."""

    line: int
    text: str
    children: tuple[ListItem, ...] = ()
    notes: tuple[NoteRef, ...] = ()
    languages: tuple[LanguageSpan, ...] = ()


@dataclass(frozen=True)
class BulletList:
    """A list of items, possibly nested."""

    line: int
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class CastMember:
    """``Actor as Role: description``; role and description may be absent. ``notes`` are
    the notes the entry refers to, counted in the word characters of its line as written
    (``Actor as Role: description``); the outputs print the references after the entry."""

    line: int
    actor: str
    role: str | None
    description: str | None = None
    children: tuple[CastMember, ...] = ()
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class CastList:
    """The cast, in billing order, with nested entries (a young version of a role)."""

    line: int
    members: tuple[CastMember, ...]


class Outcome(enum.Enum):
    """Whether a nomination won; absent (None) where the source does not say."""

    WON = "won"
    NOMINATED = "nominated"


@dataclass(frozen=True)
class Accolade:
    """One category at one ceremony.

    ``recipient`` is None when the export lost it (unknown), which is not the same as
    an empty string (the source left the cell empty). ``outcome`` is None when unknown.
    ``notes`` are the notes its line refers to (an award group's ``- Won: …`` item); the
    outputs print the references after the accolade.
    """

    line: int
    category: str
    recipient: str | None
    outcome: Outcome | None = None
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class Ceremony:
    """An award ceremony (or festival) and the accolades the film had there."""

    line: int
    name: str
    date: str | None
    accolades: tuple[Accolade, ...]


@dataclass(frozen=True)
class AwardGroup:
    """A plain line naming an award, then ``- Won: …`` / ``- Nominated: …`` items."""

    line: int
    ceremony: Ceremony


@dataclass(frozen=True)
class Definition:
    """A ``;term`` line and the blocks that describe it."""

    line: int
    term: str
    description: tuple[Block, ...]


class CellOrigin(enum.Enum):
    """Where a rebuilt table cell's value came from."""

    SOURCE = "source"  # the cell as written in the source row
    SPANNED = "spanned"  # filled in from the row above (a flattened rowspan)
    UNKNOWN = "unknown"  # cut by the export: the value is not known


@dataclass(frozen=True)
class Cell:
    """One cell of a rebuilt table; ``text`` is None exactly when the value is unknown.
    ``notes`` are the notes the cell as written refers to (a spanned copy has none)."""

    text: str | None
    origin: CellOrigin
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class Column:
    """A table column; ``in_source`` is False for a column the export cut from the header.
    ``notes`` are the notes its header cell refers to, printed after its name."""

    name: str
    in_source: bool = True
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class Row:
    """A table row with every column filled."""

    line: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A table with its flattened rowspans rebuilt.

    ``ceremonies`` is the same content grouped by ceremony when the table lists
    accolades (award, date, category, recipient), and empty otherwise.
    """

    line: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    ceremonies: tuple[Ceremony, ...] = ()


Block: TypeAlias = Paragraph | BulletList | CastList | AwardGroup | Definition | Table


@dataclass(frozen=True)
class Section:
    """A heading, the blocks under it and its subsections.

    ``level`` is the depth in the tree (2 for ``==``); a heading whose level jumped
    is nested under the nearest open level. ``notes`` are the notes the heading refers
    to, printed at the end of its title (never in a table of contents).
    """

    line: int
    level: int
    title: str
    blocks: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    notes: tuple[NoteRef, ...] = ()


@dataclass(frozen=True)
class Article:
    """A film article: metadata plus an ordered tree of blocks.

    ``notes`` are its numbered notes (endnotes), ``origin`` the wiki page it was read
    from; a plain-text export has neither.
    """

    source: str
    line: int
    title: str
    disambiguator: str | None
    infobox: Infobox | None
    lead: tuple[Block, ...]
    sections: tuple[Section, ...]
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    notes: tuple[Note, ...] = ()
    origin: Origin | None = None

    def walk(self) -> tuple[Section, ...]:
        """Every section, depth first, in reading order."""

        def visit(sections: tuple[Section, ...]) -> tuple[Section, ...]:
            return tuple(s for top in sections for s in (top, *visit(top.sections)))

        return visit(self.sections)


# --- the publicist's press material (``<stem>.toml`` beside a source) ---------------------


@dataclass(frozen=True)
class Picture:
    """An image of the press material, normalised (``images.py``): 8-bit RGB(A) PNG or
    JPEG bytes, orientation applied, no metadata.

    ``path`` is the file as the TOML names it (relative to the TOML file); ``name`` a file
    name made from the bytes (``picture-1a2b3c4d5e6f.png``), distinct for distinct images,
    under which an output stores or fetches it.
    """

    line: int
    path: str
    data: bytes
    media_type: str  # "image/png" or "image/jpeg"
    width: int
    height: int

    @property
    def name(self) -> str:
        """A file name for the picture made from its bytes (same image, same name)."""
        suffix = "png" if self.media_type == "image/png" else "jpg"
        return f"picture-{hashlib.sha256(self.data).hexdigest()[:16]}.{suffix}"


@dataclass(frozen=True)
class Poster:
    """The key art: its picture, the text alternative and the credit."""

    line: int
    picture: Picture
    alt: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Still:
    """A production still with its caption, photo credit and text alternative."""

    line: int
    picture: Picture
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class Contact:
    """A press contact or a sales agent; every field but the name optional."""

    line: int
    name: str
    role: str | None = None
    company: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Release:
    """A release date in one territory (``United Kingdom``, 2024-01-26, ``in cinemas``)."""

    line: int
    territory: str
    date: datetime.date
    note: str | None = None


@dataclass(frozen=True)
class Selection:
    """A festival that selected the film, or gave it an award: a laurel.

    ``award`` is ``Official Selection`` for a selection; ``won`` says whether it is an
    award won (``Winner — Best Director``) rather than a selection or a nomination.
    """

    line: int
    festival: str
    year: int | None = None
    award: str = "Official Selection"
    won: bool = False


@dataclass(frozen=True)
class Handle:
    """A social-media handle: the network as written (``Instagram``) and the handle."""

    line: int
    network: str
    handle: str


@dataclass(frozen=True)
class PressMaterial:
    """What the publicist's press-material file says of a film; every part optional.

    ``statement`` and ``biography`` (the director's) are paragraphs. ``facts`` are key
    facts to add to the article's infobox or to replace its fields of the same role (the
    runtime, the country …), as infobox fields with the TOML's lines. ``laurels`` False
    turns the laurels off in every output. ``licence``, ``source_url`` and ``revision``
    are the defaults of ``--licence``, ``--source-url`` and ``--revision``.
    """

    path: str
    logline: str | None = None
    statement: tuple[str, ...] = ()
    biography: tuple[str, ...] = ()
    poster: Poster | None = None
    stills: tuple[Still, ...] = ()
    contacts: tuple[Contact, ...] = ()
    sales: tuple[Contact, ...] = ()
    releases: tuple[Release, ...] = ()
    website: str | None = None
    social: tuple[Handle, ...] = ()
    selections: tuple[Selection, ...] = ()
    laurels: bool = True
    licence: str | None = None
    source_url: str | None = None
    revision: str | None = None
    facts: tuple[InfoboxField, ...] = ()
