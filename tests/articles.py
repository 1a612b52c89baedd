"""Hypothesis strategies that write whole source articles, every construct of
``docs/source-format.md`` mixed.

Import them in any fuzz test (``from articles import article_texts``)::

    @given(article_texts())
    def test_never_crashes(text: str) -> None: ...

- ``article_texts()``: a source text that always keeps its title line;
- ``generated_articles()``: the same with ``cut_title=True`` it may be cut inside or before
  the title line; ``GeneratedArticle.titled`` says whether the title line is whole;
- ``accolade_tables()``: a well-formed flattened accolades table (2, 3 or 5 header cells)
  with the ceremonies it stands for, to check that the rebuild finds them again;
- ``line_soups()``: a title line, then any lines of any kind in any order (headings of
  any level, items at any indent, rows of any width, terms, bare ``Infobox`` and ``- Won:``
  lines): the adjacencies no real article has.

An article holds: an optional BOM and leading empty lines; a title with or without a
disambiguator; an infobox (header ``Infobox``, the title, the title without its
disambiguator, another name, none; fields of every key in FORMAT §3 and made-up ones,
multi-valued, bracketed, residue); a lead that may have lost its subject, with native
titles, empty ``()`` and gaps; headings of levels 2–4 that may jump, with or without
spaces and an empty line after; paragraphs broken over lines; nested lists, cast lists,
award groups, definition terms and flattened accolade tables in the three shapes, plus
ragged and unclosed rows. Text mixes Latin with diacritics, Hangul, Katakana, Kanji,
straight and curly quotes, dashes, HTML-looking text, control characters and characters
XML forbids. Lines end in ``\\n`` or ``\\r\\n`` and may carry trailing spaces and tabs;
empty lines come in runs; the file may be cut anywhere after the title.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

__all__ = [
    "AccoladeTable",
    "GeneratedArticle",
    "accolade_tables",
    "article_texts",
    "generated_articles",
    "inline_text",
    "line_soups",
]

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIACRITICS = "éèêàâçîïôöûüñÉÖøØåāōūīŌłßœæŚźğış"
HANGUL_KANA_KANJI = "기생충한국어봉준호キュアカタクヤ映画日本語監督東京"
DIGITS = "0123456789"
PUNCTUATION = ".,;:!?'\"’‘“”–—-()[]{}/&%$#*+@<>=|…"
HOSTILE = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ufdd0\ufffe\uffff\U0001fffe"
    "\u00a0\u200b\u200d\u00ad\u2028\u202e\u3000\t"
)
"""Control characters, noncharacters, odd spaces and format characters: never in a real
export, and all of them must go through without breaking anything."""

REAL_WORDS = (
    "Andrew", "Scott", "Claire", "Foy", "Tsurutarō", "Cléo", "Kyua", "Haigh", "film",
    "Best", "Actor", "Drama", "Picture", "Motion", "the", "of", "and", "as", "stars",
    "Yoshii’s", "Yoshii's", "1988", "2023", "105", "$20.2", "million", "minutes",
    "<b>", "</b>", "&amp;", "<script>", "&#x27;", "]]>", "<!--", "-->", "(with", "lyrics]",
    "기생충", "キュア", "映画", "Won", "Nominated", "Infobox", "Title", "Cast",
)  # fmt: skip
KEYS = (
    "Director", "Writer", "Screenplay", "Story", "Producer", "Executive Producer",
    "Starring", "Music", "Composer", "Cinematography", "Editing", "Editor", "Studio",
    "Company", "Production Companies", "Distributor", "Released", "Runtime", "Country",
    "Language", "Budget", "Gross", "Genre", "Network", "Title", "Film", "Wins",
    "Nominations", "Image1", "Total Width",
)  # fmt: skip
DISAMBIGUATORS = ("1977 film", "2015 Japanese film", "TV series", "2019 film")


@dataclass(frozen=True)
class GeneratedArticle:
    """A generated source text; ``titled`` is False when it was cut inside its title line."""

    text: str
    titled: bool


@dataclass(frozen=True)
class AccoladeTable:
    """A flattened accolades table and the ceremonies it holds.

    ``ceremonies`` is ``(name, date, ((category, recipient), ...))`` per ceremony, with
    ``date`` None in the 2-cell shape (the year is the name) and ``recipient`` None where
    the export cut it.
    """

    lines: tuple[str, ...]
    ceremonies: tuple[tuple[str, str | None, tuple[tuple[str, str | None], ...]], ...]


def _word(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=10)


_NAME_ALPHABET = LETTERS + DIACRITICS + HANGUL_KANA_KANJI
_ANY_CHARACTER = st.characters(
    exclude_categories=["Cs"], exclude_characters="\n\r", max_codepoint=0x10FFFF
)
_PIECES = st.one_of(
    st.sampled_from(REAL_WORDS),
    _word(_NAME_ALPHABET),
    _word(_NAME_ALPHABET + DIGITS + PUNCTUATION),
    st.text(alphabet=PUNCTUATION + HOSTILE, min_size=1, max_size=3),
    st.text(alphabet=_ANY_CHARACTER, min_size=1, max_size=3),
)
_GLUE = st.sampled_from((" ", " ", " ", " ", ", ", " - ", "—", " – ", "  ", ""))


@st.composite
def inline_text(draw: st.DrawFn, min_pieces: int = 1, max_pieces: int = 12) -> str:
    """Text for one line: words, punctuation and hostile characters, never a line break."""
    pieces = draw(st.lists(_PIECES, min_size=min_pieces, max_size=max_pieces))
    text = ""
    for piece in pieces:
        text += (draw(_GLUE) if text else "") + piece
    return text


@st.composite
def _name(draw: st.DrawFn) -> str:
    """A person's or an award's name: letters only, so it reads as a name, not a date."""
    parts = draw(st.lists(_word(_NAME_ALPHABET), min_size=1, max_size=3))
    return " ".join(parts)


@st.composite
def _person(draw: st.DrawFn) -> str:
    """A person's name as names are written: each word capitalised (a script without
    capitals has none to write)."""
    parts = draw(st.lists(_word(_NAME_ALPHABET).map(str.capitalize), min_size=1, max_size=3))
    return " ".join(parts)


@st.composite
def _title(draw: st.DrawFn) -> tuple[str, str]:
    """The title as written on the title line, and without its disambiguator."""
    bare = draw(_name())
    disambiguator = draw(st.none() | st.sampled_from(DISAMBIGUATORS))
    return (bare if disambiguator is None else f"{bare} ({disambiguator})"), bare


@st.composite
def _value(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 8))
    if kind == 0:
        return ", ".join(draw(st.lists(_name(), min_size=1, max_size=4)))
    if kind == 1:
        return f"{draw(_name())} (United States), {draw(_name())} (South Korea, Japan)"
    if kind == 2:
        return draw(st.sampled_from(("105 minutes", "76 min.", "2023-12-22", "$318,451")))
    if kind == 3:
        return draw(st.sampled_from(("million", "approx $200,000–$300,000 (US)", "")))
    if kind == 4:
        return " ".join(draw(st.lists(_name(), min_size=2, max_size=4)))  # space-joined
    return draw(inline_text(max_pieces=6))


@st.composite
def _infobox(draw: st.DrawFn, title: str, bare: str) -> list[str]:
    header = draw(st.sampled_from(("Infobox", title, bare, None, "")))
    if header == "":
        header = draw(_name())
    lines = [] if header is None else [header]
    for _ in range(draw(st.integers(0, 8))):
        key = draw(st.sampled_from(KEYS) | _word(LETTERS).map(str.capitalize))
        separator = draw(st.sampled_from((": ", ":", " : ")))
        lines.append(f"- {key}{separator}{draw(_value())}")
    return lines


@st.composite
def _lead(draw: st.DrawFn, bare: str) -> list[str]:
    lines: list[str] = []
    for index in range(draw(st.integers(0, 3))):
        text = draw(inline_text())
        if index == 0:
            native = draw(st.sampled_from(("", " (キュア, Kyua)", " ()", " (Cléo de 5 à 7)")))
            gap = draw(st.sampled_from(("", " It stars , and Yoshihiko Hosoda.")))
            start = draw(st.sampled_from(("", bare + native)))
            text = f"{start} is a 1988 film {text}{gap}"  # an empty start drops the subject
        lines.extend([*_broken(draw, text), ""])
    return lines


def _broken(draw: st.DrawFn, text: str) -> list[str]:
    """A paragraph, sometimes broken over lines (a single break joins them again)."""
    space = text.rfind(" ", 1)
    if space > 0 and text[:space].strip() and draw(st.booleans()):
        return [text[:space], text[space + 1 :]]
    return [text]


@st.composite
def _heading(draw: st.DrawFn) -> str:
    level = draw(st.sampled_from((2, 2, 3, 3, 4)))
    text = draw(
        st.sampled_from(("Plot", "Cast", "Accolades", "Release", "Voice cast"))
        | st.just('Episode 1: "Magic (or Something Less Assuring)"')
        | inline_text(max_pieces=4).map(lambda t: t.strip("= ") or "Notes")
    )
    marks = "=" * level
    return draw(st.sampled_from((f"{marks}{text}{marks}", f"{marks} {text} {marks}")))


@st.composite
def _items(draw: st.DrawFn, item: st.SearchStrategy[str]) -> list[str]:
    lines: list[str] = []
    depth = 0
    for _ in range(draw(st.integers(1, 6))):
        depth = draw(st.integers(0, depth + 1)) if lines else 0
        indent = draw(st.sampled_from(("  " * depth, "\t" * depth)))
        lines.append(f"{indent}- {draw(item)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append("")  # items separated by an empty line are still one list
    return lines


@st.composite
def _cast_entry(draw: st.DrawFn) -> str:
    entry = f"{draw(_name())} as {draw(_name())}"
    if draw(st.booleans()):
        entry += f": {draw(inline_text(max_pieces=6))}"
    return entry


@st.composite
def _award_group(draw: st.DrawFn) -> list[str]:
    lines = [f"{draw(st.integers(1, 99))}st {draw(_name())} Awards"]
    for _ in range(draw(st.integers(1, 4))):
        outcome = draw(st.sampled_from(("Won", "Nominated")))
        recipient = draw(st.sampled_from(("", f" ({draw(_name())})")))
        lines.append(f"- {outcome}: Best {draw(_name())}{recipient}")
    return lines


@st.composite
def _definition(draw: st.DrawFn) -> list[str]:
    term = draw(st.sampled_from(("2023", "Japan")) | _name())
    return [f";{term}", *_broken(draw, draw(inline_text()))]


@st.composite
def _ragged_table(draw: st.DrawFn) -> list[str]:
    """A table as nothing in the exports writes it: any widths, empty, unclosed rows."""
    header = draw(st.sampled_from(("| Country | Gross |", "| Year | Category |", "| A |")))
    cell = st.sampled_from(("", " ", "2019", "Best Film")) | inline_text(max_pieces=3)
    rows = draw(st.lists(st.lists(cell.map(lambda c: c.replace("|", "/")), max_size=6)))
    closing = draw(st.sampled_from(("|", "", " |")))
    return [header, *("| " + " | ".join(row) + f" {closing}" for row in rows)]


_DAY = st.integers(1, 28)
_MONTH = st.sampled_from(("January", "February", "March", "October", "December"))
_YEAR = st.integers(1950, 2029)


@st.composite
def accolade_tables(draw: st.DrawFn) -> AccoladeTable:
    """A flattened accolades table in one of the exports' three shapes, and its content."""
    width = draw(st.sampled_from((2, 3, 5)))
    header = {
        2: "| Year | Category |",
        3: "| Award | Date of ceremony | Category |",
        5: "| Award | Date of ceremony | Category | Recipient(s) | Result |",
    }[width]
    lines = [header]
    ceremonies = []
    # Two ceremonies in a row with the same name would read as one.
    names = _YEAR.map(str) if width == 2 else _name()
    for name in draw(st.lists(names, min_size=1, max_size=5, unique=True)):
        date = None if width == 2 else f"{draw(_DAY)} {draw(_MONTH)} {draw(_YEAR)}"
        accolades: list[tuple[str, str | None]] = []
        for category_index in range(draw(st.integers(1, 3))):
            category = f"Best {draw(_name())}"
            # A category after the first may share the recipient above (a rowspan).
            shares = category_index > 0 and draw(st.integers(0, 3)) == 0
            for recipient_index in range(draw(st.integers(1, 3))):
                recipient = draw(_person())
                first = category_index == 0 and recipient_index == 0
                # The spanned cells are left out and the rest shift left (FORMAT §7).
                if first:
                    logical = [name, category] if date is None else [name, date, category]
                    logical += [recipient, ""]
                elif recipient_index == 0 and shares:
                    logical, recipient = [category, ""], accolades[-1][1]
                elif recipient_index == 0:
                    logical = [category, recipient, ""]
                else:
                    logical = [recipient, ""]
                cells = (logical + [""] * width)[:width]
                lines.append("| " + " | ".join(cells) + " |")
                cut = len(logical) - 2 >= width
                accolades.append((category, None if cut or recipient is None else recipient))
        ceremonies.append((name, date, tuple(accolades)))
    return AccoladeTable(tuple(lines), tuple(ceremonies))


def _block(draw: st.DrawFn, heading: str) -> list[str]:
    kind = draw(st.integers(0, 7))
    if kind <= 1:
        return _broken(draw, draw(inline_text()))
    if kind == 2:
        item = _cast_entry() if "ast" in heading else inline_text(max_pieces=6)
        return draw(_items(item))
    if kind == 3:
        return draw(_award_group())
    if kind == 4:
        return draw(_definition())
    if kind == 5:
        return list(draw(accolade_tables()).lines)
    if kind == 6:
        return draw(_ragged_table())
    return draw(_items(_cast_entry()))


@st.composite
def _sections(draw: st.DrawFn) -> list[str]:
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        heading = draw(_heading())
        lines.append(heading)
        if draw(st.booleans()):
            lines.append("")
        for _ in range(draw(st.integers(0, 3))):
            lines.extend([*_block(draw, heading), ""])
    return lines


def _layout(draw: st.DrawFn, lines: list[str]) -> list[str]:
    """Trailing spaces and tabs, runs of empty lines: what an export tolerates silently."""
    laid: list[str] = []
    for line in lines:
        if not line and draw(st.integers(0, 4)) == 0:
            laid.extend([""] * draw(st.integers(1, 3)))
        laid.append(line + draw(st.sampled_from(("", "", "", " ", "  ", "\t", " \t"))))
    return laid


@st.composite
def generated_articles(draw: st.DrawFn, cut_title: bool = False) -> GeneratedArticle:
    """A whole source article; with ``cut_title`` it may be cut before its title is whole."""
    title, bare = draw(_title())
    title_line = draw(st.sampled_from((f"= {title} =", f"={title}=")))
    trailing = draw(st.sampled_from(("", " ", "\t")))
    body = [
        *[""] * draw(st.integers(0, 2)),
        *draw(_infobox(title, bare)),
        "",
        *draw(_lead(bare)),
        *draw(_sections()),
    ]
    newline = draw(st.sampled_from(("\n", "\r\n")))
    before_title = draw(st.sampled_from(("", "\ufeff"))) + newline * draw(st.integers(0, 2))
    title_end = len(before_title) + len(title_line)
    lines = [title_line + trailing, *_layout(draw, body)]
    text = before_title + newline.join(lines) + newline
    if draw(st.booleans()):
        cut = draw(st.integers(0 if cut_title else title_end, len(text)))
        text = text[:cut]
    return GeneratedArticle(text, len(text) >= title_end)


def article_texts() -> st.SearchStrategy[str]:
    """A whole source article that keeps its title line (it may be cut after it)."""
    return generated_articles().map(lambda article: article.text)


_SOUP_LINES = st.one_of(
    st.just(""),
    inline_text(max_pieces=5),
    st.builds(lambda n, t: "=" * n + t + "=" * n, st.integers(1, 6), inline_text(max_pieces=3)),
    st.builds(lambda n, t: " " * n + "- " + t, st.integers(0, 30), inline_text(max_pieces=4)),
    st.lists(
        st.sampled_from(("", "2019", "Best Film", "X Awards", "3 May 2020", "Won", "A as B"))
        | inline_text(max_pieces=2),
        max_size=7,
    ).map(lambda cells: "| " + " | ".join(cells) + " |"),
    inline_text(max_pieces=3).map(lambda text: ";" + text),
    st.sampled_from(
        (
            "| Award | Date of ceremony | Category |",
            "| Award | Date of ceremony | Category | Recipient(s) | Result |",
            "| Year | Category |",
            "| Date | Category |",
            "Infobox",
            "- Director: X",
            "- Won:",
            "- Nominated: Best Film (X)",
            "== Cast ==",
            " is a film",
            "()",
        )
    ),
)


@st.composite
def line_soups(draw: st.DrawFn) -> str:
    """A title line and then lines of every kind in any order; may end without a break."""
    lines = draw(st.lists(_SOUP_LINES, max_size=40))
    return "= T =\n" + "\n".join(lines) + draw(st.sampled_from(("\n", "")))
