"""Turn the templates film articles use into the text they stand for.

``TEXT`` maps a template's name (lower case, ``_`` as a space) to a function of its
parameters that returns its text; ``LANGUAGES`` does the same for the templates that say
which language their text is in (``{{lang}}``, ``{{Nihongo}}``), giving the text in parts,
each with its language; ``SILENT`` names the templates that stand for nothing
to print (maintenance tags, hatnotes, navigation, page settings), dropped without a word.
Every other template is dropped with a warning naming it (``inline.py``). Templates that
make blocks (quote boxes), notes (``{{efn}}``, citations in ``<ref>``), open a table
(``{{Awards table}}``) and the infobox are read by the modules that build those.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from filmbook.plan.text import format_date

NBSP = "\u00a0"


@dataclass(frozen=True)
class Params:
    """A template's parameters as text: positional ones in order, and named ones."""

    positional: tuple[str, ...]
    named: dict[str, str]

    def at(self, index: int) -> str:
        """The ``index``-th positional parameter (from 0), or ``""``."""
        return self.positional[index] if index < len(self.positional) else ""

    def get(self, *names: str) -> str:
        """The first of ``names`` that is given and not empty, or ``""``."""
        return next((self.named[n] for n in names if self.named.get(n)), "")


def name_of(raw: str) -> str:
    """A template's name as the tables know it: ``Film_date`` → ``film date``."""
    name = raw.split("<!--", 1)[0].replace("_", " ").strip().lower()
    return re.sub(r"\s+", " ", name.removeprefix("template:"))


def write_date(year: str, month: str = "", day: str = "") -> str:
    """Date parts as every output writes a date: ``31 August 2023``, ``August 2023``."""
    year, month, day = year.strip(), month.strip(), day.strip()
    if not re.fullmatch(r"\d{1,4}", year):
        return " ".join(part for part in (day, month, year) if part)
    if not re.fullmatch(r"\d{1,2}", month) or not 1 <= int(month) <= 12:
        return " ".join(part for part in (month, year) if part)
    iso = f"{int(year):04d}-{int(month):02d}-{int(day) if day.isdigit() else 1:02d}"
    written = format_date(iso)
    return written if day.isdigit() else written.split(" ", 1)[1]


def film_dates(params: Params) -> tuple[str, ...]:
    """``{{Film date|2023|08|31|Telluride|2023|12|22|United States}}``: each date written
    out, with its place in brackets."""
    found: list[str] = []
    for start in range(0, len(params.positional), 4):
        year, month, day, place = (params.at(start + i) for i in range(4))
        if not year:
            continue
        date = write_date(year, month, day)
        found.append(f"{date} ({place})" if place else date)
    return tuple(found)


def _date(params: Params) -> str:
    return write_date(params.at(0), params.at(1), params.at(2))


def _first(params: Params) -> str:
    return params.at(0)


def _last(params: Params) -> str:
    return params.positional[-1] if params.positional else ""


def _joined(params: Params) -> str:
    return ", ".join(p for p in params.positional if p)


def _currency(symbol: str) -> Callable[[Params], str]:
    return lambda params: f"{symbol}{params.at(0)}" if params.at(0) else ""


def _word(word: str) -> Callable[[Params], str]:
    return lambda params: params.at(0) or word


def _constant(text: str) -> Callable[[Params], str]:
    return lambda params: text


def _as_of(params: Params) -> str:
    return f"As of {_date(params)}".strip()


def _circa(params: Params) -> str:
    return f"c.{NBSP}{params.at(0)}" if params.at(0) else "c."


def _convert(params: Params) -> str:
    return f"{params.at(0)}{NBSP}{params.at(1)}".strip()


def _sort(params: Params) -> str:
    return params.at(1) or params.at(0)


def _harvard(params: Params) -> str:
    """``{{sfn|Smith|2020|p=4}}`` → ``Smith 2020, p. 4``."""
    cited = " ".join(params.positional)
    page = params.get("p", "page")
    pages = params.get("pp", "pages")
    where = f", p.{NBSP}{page}" if page else f", pp.{NBSP}{pages}" if pages else ""
    return f"{cited}{where}"


Part = tuple[str, str | None]
"""A piece of a template's text and its language's BCP 47 tag (None: the article's)."""

LANGUAGE_NAMES = {
    "ja": "Japanese", "ko": "Korean", "zh": "Chinese", "fr": "French", "de": "German",
    "it": "Italian", "es": "Spanish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish",
}  # fmt: skip
"""Languages a ``{{Lang-xx}}`` or ``{{Langx}}`` template names before its text."""
_TAG = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", re.IGNORECASE)


def _tag(code: str) -> str | None:
    """``code`` when it is a language tag (``fr``, ``zh-Hant``), else None."""
    code = code.strip()
    return code if _TAG.fullmatch(code) else None


def _tagged(text: str, code: str) -> tuple[Part, ...]:
    return ((text, _tag(code)),) if text else ()


def _lang(params: Params) -> tuple[Part, ...]:
    """``{{lang|fr|Cléo de 5 à 7}}``: the text in its language."""
    return _tagged(params.get("text") or params.at(1), params.at(0))


def _named_lang(params: Params, code: str) -> tuple[Part, ...]:
    """``{{Lang-fr|Cléo de 5 à 7}}`` → ``French: Cléo de 5 à 7``, the text in French."""
    label = LANGUAGE_NAMES.get(code.strip().lower().split("-")[0])
    text = _tagged(params.get("text") or params.at(0), code)
    return ((f"{label}: ", None), *text) if label and text else text


def _langx(params: Params) -> tuple[Part, ...]:
    """``{{Langx|fr|Cléo de 5 à 7}}``: ``{{Lang-fr}}`` with the code as a parameter."""
    return _named_lang(Params(params.positional[1:], params.named), params.at(0))


def _transliteration(params: Params) -> tuple[Part, ...]:
    """``{{transl|ja|Kyua}}``: a romanisation, in the language written in Latin letters."""
    text = params.positional[-1] if len(params.positional) > 1 else ""
    code = _tag(params.at(0))
    return _tagged(text, f"{code}-Latn" if code else "")


def _in_parentheses(first: tuple[Part, ...], rest: tuple[Part, ...]) -> tuple[Part, ...]:
    """``first (rest, …)``, or whichever of them there is."""
    inner: list[Part] = []
    for part in rest:
        inner += [(", ", None), part] if inner else [part]
    if first and inner:
        return (*first, (" (", None), *inner, (")", None))
    return first or tuple(inner)


def _nihongo(params: Params) -> tuple[Part, ...]:
    """``{{Nihongo|Cure|キュア|Kyua}}`` → ``Cure (キュア, Kyua)``: the kanji in Japanese, the
    rōmaji in Japanese written in Latin letters, the English and any extra words in the
    article's language."""
    native = (*_tagged(params.at(1), "ja"), *_tagged(params.at(2), "ja-Latn"))
    extra = tuple((p, None) for p in params.positional[3:] if p)
    return _in_parentheses(_tagged(params.at(0), ""), native + extra)


def _nihongo2(params: Params) -> tuple[Part, ...]:
    """``{{Nihongo2|キュア}}``: Japanese text alone."""
    return _tagged(params.at(0), "ja")


def _nihongo3(params: Params) -> tuple[Part, ...]:
    """``{{Nihongo3|Cure|キュア|Kyua}}`` → ``Kyua (キュア, Cure)``: the rōmaji first."""
    rest = (*_tagged(params.at(1), "ja"), *_tagged(params.at(0), ""))
    return _in_parentheses(_tagged(params.at(2), "ja-Latn"), rest)


LANGUAGES: dict[str, Callable[[Params], tuple[Part, ...]]] = {
    "lang": _lang,
    "wikt-lang": _lang,
    "langx": _langx,
    **dict.fromkeys(("transl", "transliteration"), _transliteration),
    **dict.fromkeys(("nihongo", "nihongo krt"), _nihongo),
    "nihongo2": _nihongo2,
    "nihongo3": _nihongo3,
}
"""Templates that say which language their text is in, by name: each gives its text in
parts, each part with its language (``{{Lang-xx}}`` too, by ``languages_of``)."""


TEXT: dict[str, Callable[[Params], str]] = {
    **dict.fromkeys(("film date", "start date", "start date and age", "release date"), _date),
    **dict.fromkeys(("dts", "date", "end date", "birth date", "death date"), _date),
    **dict.fromkeys(
        ("plainlist", "plain list", "flatlist", "ubl", "unbulleted list", "ublist", "hlist"),
        _joined,
    ),
    **dict.fromkeys(("bulleted list", "bull list", "collapsible list"), _joined),
    "script": _last,
    **dict.fromkeys(("sort", "sortname", "hs", "nts", "ntsh"), _sort),
    **dict.fromkeys(("won", "win", "won-small", "award-won"), _word("Won")),
    **dict.fromkeys(("nom", "nominated", "nom-small", "award-nom"), _word("Nominated")),
    **dict.fromkeys(("pending", "pending-small"), _word("Pending")),
    "tba": _word("TBA"),
    "n/a": _word("N/A"),
    "yes": _word("Yes"),
    "no": _word("No"),
    **dict.fromkeys(("us$", "usd"), _currency("US$")),
    **dict.fromkeys(("gbp", "£"), _currency("£")),
    **dict.fromkeys(("eur", "€"), _currency("€")),
    **dict.fromkeys(("jpy", "¥", "yen"), _currency("¥")),
    **dict.fromkeys(("krw", "₩"), _currency("₩")),
    **dict.fromkeys(("inr", "₹"), _currency("₹")),
    **dict.fromkeys(("box office", "currency", "money"), _joined),
    **dict.fromkeys(
        (
            "abbr",
            "small",
            "smaller",
            "larger",
            "big",
            "nowrap",
            "nobr",
            "resize",
            "em",
            "strong",
            "sic",
            "tooltip",
            "visible anchor",
            "ill",
            "interlanguage link",
            "film year",
            "year in film",
            "fy",
            "center",
            "midsize",
            "serif",
            "sans-serif",
            "linktext",
            "title case",
            "lower",
            "smallcaps",
            "sc",
            "keypress",
            "nobold",
            "noitalic",
            "not a typo",
            "proper name",
            "var",
            "mvar",
            "ubli",
        ),
        _first,
    ),
    "'": _constant("'"),
    "\"'": _constant("\"'"),
    "'\"": _constant("'\""),
    **dict.fromkeys(("snd", "spaced ndash", "spnd", "spaced en dash"), _constant(" – ")),
    **dict.fromkeys(("ndash", "en dash", "–"), _constant("–")),
    **dict.fromkeys(("mdash", "em dash", "—"), _constant("—")),
    **dict.fromkeys(("nbsp", "spaces", "thinsp"), _constant(NBSP)),
    "as of": _as_of,
    **dict.fromkeys(("circa", "c."), _circa),
    **dict.fromkeys(("convert", "cvt"), _convert),
    **dict.fromkeys(("sfn", "harvnb", "harvtxt", "harv", "sfnp"), _harvard),
}
"""Templates that stand for text, by name."""

SILENT = frozenset(
    {
        "short description", "use dmy dates", "use mdy dates", "use british english",
        "use american english", "use australian english", "use indian english",
        "use canadian english", "use irish english", "use new zealand english",
        "engvarb", "good article", "featured article", "italic title", "lowercase title",
        "reflist", "refbegin", "refend", "notelist", "notelist-ua", "references",
        "div col", "div col end", "col-begin", "col-break", "col-end", "colbegin", "colend",
        "portal", "portal bar", "authority control", "imdb title", "rotten tomatoes",
        "metacritic film", "box office mojo film", "the numbers title", "allmovie title",
        "official website", "commons category", "wikiquote", "main", "main article",
        "see also", "further", "about", "for", "redirect", "distinguish", "hatnote",
        "other uses", "citation needed", "cn", "fact", "clarify", "when", "who", "dubious",
        "vague", "failed verification", "better source needed", "by whom",
        "according to whom", "dead link", "cbignore", "webarchive", "toc limit", "clear",
        "-", "anchor", "multiple issues", "more citations needed", "tone", "cleanup",
        "pp", "pp-protected", "pp-semi-protected", "pp-move-indef", "sfn whitelist",
        "film", "wikiproject film", "dynamic list", "toc right", "clear left",
        "clear right", "stub", "film-stub", "spoiler", "update", "expand section",
        "cite check", "primary sources", "unreferenced", "unreferenced section",
    }
)  # fmt: skip
"""Templates that stand for nothing an output prints."""
_SILENT_PATTERN = re.compile(
    r"(?:navbox|stub|sidebar|footer|-pp-|^pp-|^defaultsort:|^displaytitle:|^lowercase|"
    r"^#tag:|^use .* english$|^use .* dates$)"
)

CITATIONS = frozenset(
    {
        "cite web", "cite news", "cite book", "cite journal", "cite magazine",
        "cite av media", "cite episode", "cite press release", "cite interview",
        "cite video", "cite tweet", "cite report", "cite thesis", "cite encyclopedia",
        "citation", "cite", "cite conference", "cite podcast", "cite serial", "cite speech",
        "cite album-notes", "cite av media notes", "cite mailing list", "cite sign",
    }
)  # fmt: skip
"""Templates that cite a source: a note's text."""
NOTES = frozenset({"efn", "refn", "notetag", "efn-ua", "efn-lr", "efn-lg", "ref label"})
"""Templates that make a footnote of their text (``{{efn|…}}``)."""
QUOTES = frozenset(
    {"quote box", "quote", "blockquote", "cquote", "rquote", "quotation", "centered pull quote",
     "pull quote", "quote frame", "poem quote"}
)  # fmt: skip
"""Templates that set a quotation apart: a block of its own."""
TABLES = {"awards table": ("Year", "Nominee / work", "Award", "Result")}
"""Templates that open a wikitable, with the header row they write: the article writes
the rows after them and the closing ``|}`` (``opened.py``)."""
LISTS = frozenset(
    {"plainlist", "plain list", "flatlist", "ubl", "unbulleted list", "ublist", "hlist",
     "bulleted list", "bull list", "collapsible list", "film date"}
)  # fmt: skip
"""Templates whose parameters are a list of values (in an infobox, one value each)."""


def is_silent(name: str) -> bool:
    """Whether the template ``name`` stands for nothing an output prints."""
    return name in SILENT or bool(_SILENT_PATTERN.search(name))


def text_of(name: str, params: Params) -> str | None:
    """The text the template stands for; None when filmbook does not know it."""
    if name in TEXT:
        return TEXT[name](params)
    parts = languages_of(name, params)
    return None if parts is None else "".join(text for text, _ in parts)


def languages_of(name: str, params: Params) -> tuple[Part, ...] | None:
    """The text of a template that says its language, in parts, each with its language;
    None for any other template."""
    if name in LANGUAGES:
        return LANGUAGES[name](params)
    if name.startswith("lang-"):
        return _named_lang(params, name.removeprefix("lang-"))
    return None


def citation(params: Params) -> tuple[str, str | None]:
    """A citation's text and address: ``Smith, Jo. “Title”. Work. Publisher. 2 May 2023.``"""
    author = params.get("author", "author1", "authors", "last", "last1", "surname")
    first = params.get("first", "first1", "given")
    if first and author and not params.get("author", "author1", "authors"):
        author = f"{author}, {first}"
    title = params.get("title", "episode", "chapter", "script-title", "trans-title")
    work = params.get(
        "work", "website", "newspaper", "magazine", "journal", "periodical", "series", "agency"
    )
    publisher = params.get("publisher", "via", "network", "station")
    date = params.get("date", "year", "air-date", "publication-date")
    quote = params.get("quote")
    parts: Sequence[str] = [
        author,
        f"“{title}”" if title else "",
        work,
        publisher,
        date,
        f"“{quote}”" if quote else "",
    ]
    text = ". ".join(part.strip().rstrip(".") for part in parts if part.strip())
    return (f"{text}." if text else ""), params.get("url", "archive-url") or None
