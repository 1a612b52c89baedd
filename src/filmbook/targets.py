"""Turn an article into the names of its output files: safe on every system, one film's each.

A build writes each article's outputs under a slug made from its title. Two films may
share a title, and a film's handout may share a name with another film's press kit
(*Night* and *Night Handout*): ``unique`` gives every source a slug none of whose files
another source writes, in this build or in an earlier one.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from pathlib import Path

from filmbook.model import Article

MAX_SLUG_LENGTH = 80
MAX_NAME_LENGTH = 200
"""A slug ``unique`` makes is at most some 170 characters; a remembered longer one is
not believed (with its suffixes it would make a file name too long for the system)."""
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What ``slug`` and ``unique`` make: never a path, never empty."""


class Target(enum.Enum):
    """One kind of output."""

    PRESSKIT = "presskit"  # <slug>.pdf
    HANDOUT = "handout"  # <slug>-handout.pdf
    EPUB = "epub"  # <slug>.epub
    HTML = "html"  # <slug>.html, <slug>-handout.html and their styles, for a browser


def slug(article: Article) -> str:
    """A file name for the article's outputs that is safe on every system.

    Made from the title and its disambiguator (``house-1977-film``): only ASCII letters,
    digits and hyphens, at most 80 characters, never a name Windows reserves. A title
    with no such letters (``キュア``) falls back to the source file's name.
    """
    for candidate in (f"{article.title} {article.disambiguator or ''}", Path(article.source).stem):
        cleaned = slugify(candidate)
        if cleaned:
            return f"film-{cleaned}" if _WINDOWS_RESERVED.match(cleaned) else cleaned
    return "article"


def is_slug(name: str) -> bool:
    """Whether ``name`` could be a slug filmbook made (so, safe to write under)."""
    return len(name) <= MAX_NAME_LENGTH and _SLUG.fullmatch(name) is not None


def slugify(text: str) -> str:
    """``text`` as ASCII letters, digits and hyphens, at most ``MAX_SLUG_LENGTH`` long."""
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return cleaned[:MAX_SLUG_LENGTH].strip("-")


def output_names(slug_: str, target: Target) -> tuple[str, ...]:
    """The files one target writes for one article, relative to the output folder."""
    if target is Target.PRESSKIT:
        return (f"{slug_}.pdf",)
    if target is Target.HANDOUT:
        return (f"{slug_}-handout.pdf",)
    if target is Target.EPUB:
        return (f"{slug_}.epub",)
    return (f"{slug_}.html", f"{slug_}-handout.html")  # and the styles/ they share


Taken = dict[str, str | None]
"""File name → the slug whose file it is: None for a file of this build (no other source
may write it), a slug for another source's file from an earlier build (only the same
slug, the same film, may write it again)."""


def earlier_files(known: dict[str, str], sources: set[str], out_dir: Path) -> Taken:
    """The files that earlier builds made for sources not in this one and that still exist.

    ``known`` maps each source an earlier build read to its slug, a page of an XML export
    by its file's path and its title (``SourceText.key``); ``sources`` are file paths.
    """
    taken: Taken = {}
    for key, slug_ in known.items():
        if key.partition("\x1f")[0] not in sources:
            taken.update((name, slug_) for name in files(slug_) if (out_dir / name).exists())
    return taken


def unique(name: str, stem: str, taken: Taken) -> str:
    """A slug none of whose files another source writes, in this build or before it.

    Two films called *House* get distinct files, and so do *Night* and *Night Handout*
    (``night-handout.pdf`` is the first one's handout and the second one's press kit),
    whether they are built together or one after the other. The slug's files are added
    to ``taken``.
    """
    candidate, number = name, 1
    if not free(candidate, taken):
        candidate = f"{name}-{slugify(stem)}".strip("-")
    while not free(candidate, taken):
        number += 1
        candidate = f"{name}-{number}"
    claim(candidate, taken)
    return candidate


def claim(slug_: str, taken: Taken) -> None:
    """Mark every file of ``slug_`` as written by this build."""
    taken.update(dict.fromkeys(files(slug_)))


def files(slug_: str) -> tuple[str, ...]:
    """Every file any target may write for ``slug_``."""
    return tuple(name for target in Target for name in output_names(slug_, target))


def free(slug_: str, taken: Taken) -> bool:
    """Whether no other source writes any file of ``slug_``."""
    return all(name not in taken or taken[name] == slug_ for name in files(slug_))
