"""Turn the seed article into synthetic articles of a chosen size, in the source format.

The benchmarks need many distinct articles (batches of 40 and 100) and articles several
times larger than the first real one (growth at 1×, 4×, 16×). This module writes them in
the plain-text export format (``docs/source-format.md``): a title, an infobox, a lead,
sections and subsections with paragraphs, a cast list with nested entries and
descriptions, award groups, definition terms and an accolades table whose rows were
flattened the way the export flattens rowspans.

The words come from the seed article (its sentences, names, awards and categories),
shuffled with a seeded ``random.Random``, so the text looks like the real thing (word
lengths, punctuation, quotes, dollar amounts) and every article is the same on every run.
Every kind of content grows with the size, so a 16× article is not just a 16× table.

``write_export`` writes a MediaWiki ``Special:Export`` file of many pages instead: each page
the seed article in wikitext (``tests/data/wikitext/all-of-us-strangers.wiki``) under a
title, page id and revision of its own, as a wiki's dump holds many articles.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLE = REPO / "source" / "all-of-us-strangers.txt"
SEED_WIKITEXT = REPO / "tests" / "data" / "wikitext" / "all-of-us-strangers.wiki"
_EXPORT_NAMESPACE = "http://www.mediawiki.org/xml/export-0.11/"

_TITLE_TEXT = (
    "Strangers Harbour Lantern Winter Glass Orchard Meridian Ashes Tidewater Paper Moons "
    "Quiet Houses Northern Lights Borrowed Summers Cinder Avenue Hollow Crown Silent Rivers "
    "Velvet Hours Distant Shores Salt Letters Kōbe Nights Cléo Afternoon"
)
_TITLE_WORDS = tuple(_TITLE_TEXT.split())
_ACCENTED = ("Tsurutarō", "Cléo", "Zoë", "Jiří", "Łucja", "Ångström", "Núñez", "Søren")
_MONTH_TEXT = (
    "January February March April May June July August September October November December"
)
_MONTHS = tuple(_MONTH_TEXT.split())


@dataclass(frozen=True)
class Vocabulary:
    """What the generator draws from, read once from the seed article."""

    sentences: tuple[str, ...]
    quotes: tuple[str, ...]
    people: tuple[str, ...]
    awards: tuple[str, ...]
    categories: tuple[str, ...]


def read_vocabulary(path: Path = SEED_ARTICLE) -> Vocabulary:
    """Collect sentences, people, awards and categories from the seed article."""
    text = path.read_text(encoding="utf-8")
    paragraphs = [
        line
        for line in text.splitlines()
        if line and not line.startswith(("=", "-", "|", " ", "Infobox"))
    ]
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", p)]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in text.splitlines()
        if line.startswith("|")
    ][1:]
    people = {value.strip() for line in text.splitlines() for value in _infobox_values(line)}
    people.update(row[1] for row in rows if len(row) > 1 and _looks_like_name(row[1]))
    return Vocabulary(
        sentences=tuple(s for s in sentences if '"' not in s),
        quotes=tuple(p for p in paragraphs if '"' in p),
        people=tuple(sorted(p for p in people if _looks_like_name(p))),
        awards=tuple(sorted({row[0] for row in rows if len(row) >= 3 and row[2]})),
        categories=tuple(sorted({row[2] for row in rows if len(row) >= 3 and row[2]})),
    )


_PEOPLE_KEYS = re.compile(
    r"- (Director|Writer|Producer|Starring|Cinematography|Editing|Music): (.*)"
)


def _infobox_values(line: str) -> list[str]:
    match = _PEOPLE_KEYS.match(line)
    return match.group(2).split(", ") if match else []


def _looks_like_name(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}", text))


def article(scale: float, seed: int, vocabulary: Vocabulary, title: str | None = None) -> str:
    """An article of about ``scale`` times the seed article's size, the same for one seed."""
    target = scale * len(SEED_ARTICLE.read_text(encoding="utf-8"))
    amount = scale
    for _ in range(4):  # the size is nearly proportional to ``amount``: a few steps settle it
        text = _compose(amount, seed, vocabulary, title)
        if abs(len(text) / target - 1) < 0.03:
            break
        amount *= target / len(text)
    return text


def _compose(scale: float, seed: int, vocabulary: Vocabulary, title: str | None) -> str:
    pick = random.Random(seed)
    title = title or make_title(pick)
    parts = [
        f"= {title} =",
        _infobox(pick, vocabulary),
        _paragraphs(pick, vocabulary, 2, subject=title),
        *_plot(pick, vocabulary, scale),
        _cast(pick, vocabulary, scale),
        *_prose_sections(pick, vocabulary, scale),
        _accolades(pick, vocabulary, scale),
    ]
    return "\n\n".join(parts) + "\n"


def make_title(pick: random.Random) -> str:
    """A film title of two or three words from the title word list."""
    return " ".join(pick.sample(_TITLE_WORDS, pick.choice((2, 3))))


def _infobox(pick: random.Random, words: Vocabulary) -> str:
    """The infobox: people drawn from the seed's credits, made-up dates and money."""

    def people(count: int) -> str:
        return ", ".join(pick.sample(words.people, count))

    fields = (
        ("Director", people(1)),
        ("Writer", people(1)),
        ("Producer", people(3)),
        ("Starring", people(4)),
        ("Cinematography", people(1)),
        ("Editing", people(1)),
        ("Music", people(1)),
        ("Studio", "Blueprint Pictures, Film4 Productions"),
        ("Distributor", "Searchlight Pictures (United States), CJ ENM (South Korea)"),
        ("Released", f"20{pick.randint(10, 24)}-{pick.randint(1, 12):02}-{pick.randint(1, 28):02}"),
        ("Runtime", f"{pick.randint(80, 150)} minutes"),
        ("Country", "United Kingdom"),
        ("Language", "English"),
        ("Budget", f"${pick.randint(1, 60)} million"),
        ("Gross", f"${pick.randint(1, 300)}.{pick.randint(0, 9)} million"),
    )
    return "Infobox\n" + "\n".join(f"- {key}: {value}" for key, value in fields)


def _paragraphs(
    pick: random.Random, words: Vocabulary, count: int, subject: str | None = None
) -> str:
    """``count`` paragraphs of 4–7 sentences; the first may start with the subject."""
    paragraphs = []
    for index in range(count):
        sentences = pick.sample(words.sentences, pick.randint(4, 7))
        if subject and index == 0:
            sentences[0] = f"{subject} is a {pick.randint(1950, 2024)} British drama film."
        if pick.random() < 0.15:
            sentences.insert(1, f"{pick.choice(_ACCENTED)} {pick.choice(words.people)} agreed.")
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs)


def _count(base: float, scale: float) -> int:
    return max(1, round(base * scale))


def _plot(pick: random.Random, words: Vocabulary, scale: float) -> list[str]:
    """One plot section, with subsections (``===``) once the article is long."""
    parts = ["==Plot=="]
    acts = _count(1, scale / 4)
    per_act = _count(6, scale / acts)
    for act in range(acts):
        if acts > 1:
            parts.append(f'=== Act {act + 1}: "{make_title(pick)}" ===')
        parts.append(_paragraphs(pick, words, per_act))
    return parts


def _cast(pick: random.Random, words: Vocabulary, scale: float) -> str:
    """A cast list: actor as role, some with a description, some with nested entries."""
    lines = ["==Cast=="]
    for _ in range(_count(6, scale)):
        actor, role = pick.choice(words.people), pick.choice(words.people).split()[0]
        line = f"- {actor} as {role}"
        if pick.random() < 0.4:
            line += f": {pick.choice(words.sentences)}"
        lines.append(line)
        if pick.random() < 0.3:
            lines.append(f"  - {pick.choice(words.people)} as young {role}")
            if pick.random() < 0.3:
                lines.append(f"    - {pick.choice(words.people)} as {role} as a child")
    return "\n".join(lines)


def _prose_sections(pick: random.Random, words: Vocabulary, scale: float) -> list[str]:
    """Production, release and reception, with award groups and definition terms."""
    parts: list[str] = []
    for name in ("Production", "Release", "Reception"):
        parts.append(f"=={name}==")
        parts.append(_paragraphs(pick, words, _count(2, scale)))
        for _ in range(_count(0.5, scale)):
            parts.append(f"=== {pick.choice(('Box office', 'Filming', 'Critical response'))} ===")
            parts.append(_paragraphs(pick, words, 1))
            parts.append(pick.choice(words.quotes))
    parts.append("==Festival awards==")
    for _ in range(_count(1, scale)):
        parts.append(_award_group(pick, words))
    for _ in range(_count(1, scale)):
        parts.append(f";{pick.randint(1990, 2024)}\n{_paragraphs(pick, words, 1)}")
    return parts


def _award_group(pick: random.Random, words: Vocabulary) -> str:
    """A ceremony line and its ``- Won:`` / ``- Nominated:`` items."""
    lines = [f"{pick.randint(10, 80)}th {pick.choice(words.awards)}"]
    for _ in range(pick.randint(2, 5)):
        result = pick.choice(("Won", "Nominated"))
        lines.append(f"- {result}: {pick.choice(words.categories)} ({pick.choice(words.people)})")
    return "\n".join(lines)


def _accolades(pick: random.Random, words: Vocabulary, scale: float) -> str:
    """A three-column accolades table, rows flattened like the export's rowspans."""
    lines = ["==Accolades==", "| Award | Date of ceremony | Category |"]
    rows = _count(80, scale)
    while len(lines) - 2 < rows:
        date = f"{pick.randint(1, 28)} {pick.choice(_MONTHS)} {pick.randint(2000, 2024)}"
        lines.append(f"| {pick.choice(words.awards)} | {date} | {pick.choice(words.categories)} |")
        for _ in range(pick.randint(0, 4)):
            lines.append(f"| {pick.choice(words.categories)} | {pick.choice(words.people)} | |")
            if pick.random() < 0.2:
                lines.append(f"| {pick.choice(words.people)} | | |")
    return "\n".join(lines)


def write_batch(folder: Path, count: int, scale: float = 1.0, seed: int = 0) -> list[Path]:
    """Write ``count`` distinct articles into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    vocabulary = read_vocabulary()
    paths = []
    for index in range(count):
        title = f"{make_title(random.Random(seed + index))} {index + 1}"
        path = folder / f"film-{index + 1:03}.txt"
        path.write_text(article(scale, seed + index, vocabulary, title), encoding="utf-8")
        paths.append(path)
    return paths


def write_export(path: Path, pages: int) -> Path:
    """Write a ``Special:Export`` file of ``pages`` articles to ``path``, page by page."""
    text = escape(SEED_WIKITEXT.read_text(encoding="utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as export:
        export.write(f'<mediawiki xmlns="{_EXPORT_NAMESPACE}" xml:lang="en">\n')
        export.write(
            "  <siteinfo><base>https://en.wikipedia.org/wiki/Main_Page</base></siteinfo>\n"
        )
        for number in range(1, pages + 1):
            export.write(
                f"  <page><title>All of Us Strangers {number}</title><ns>0</ns><id>{number}</id>"
                f"<revision><id>{1_000_000 + number}</id>"
                "<timestamp>2024-03-10T00:00:00Z</timestamp>"
                f'<text xml:space="preserve">{text}</text></revision></page>\n'
            )
        export.write("</mediawiki>\n")
    return path
