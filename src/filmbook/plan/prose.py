"""Turn the lead and the reception into the prose a press kit quotes: logline, synopsis,
pull quotes.

Each is taken from the article's own sentences, never rewritten: the logline is the
lead's first sentence, the short synopsis the lead's first sentences, a pull quote a
quotation of the reception with the name written before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from filmbook.model import Block, Paragraph, Section
from filmbook.plan.text import abridge, clip, first_sentence

LOGLINE_WORDS = 60
SYNOPSIS_WORDS = 110
MIN_QUOTE_WORDS = 12
MAX_QUOTES = 4
_QUOTE = re.compile(r"“([^“”]+)”")
_NAME_RUN = re.compile(r"[A-Z][\w.’'-]*(?: (?:[A-Z][\w.’'-]*|III|II|Jr\.|de|van|von))+")
_QUOTE_SECTIONS = re.compile(r"reception|critical|response|reviews?", re.IGNORECASE)


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


def logline(lead: tuple[Block, ...]) -> str | None:
    """The lead's first sentence, what the film is, clipped if the export ran it on."""
    for block in lead:
        if isinstance(block, Paragraph):
            return clip(first_sentence(block.text), LOGLINE_WORDS)
    return None


def synopsis(lead: tuple[Block, ...], words: int = SYNOPSIS_WORDS) -> str | None:
    """The lead cut to a short synopsis of whole sentences."""
    text = " ".join(block.text for block in lead if isinstance(block, Paragraph))
    return abridge(text, words) if text else None


def quotes(sections: tuple[Section, ...]) -> tuple[Quote, ...]:
    """The first long quotations of the reception sections, with who said them."""
    found: list[Quote] = []
    for section in sections:
        if not _QUOTE_SECTIONS.search(section.title):
            continue
        for paragraph in _paragraphs(section):
            for match in _QUOTE.finditer(paragraph.text):
                if len(match.group(1).split()) >= MIN_QUOTE_WORDS:
                    before = paragraph.text[: match.start()]
                    names = _NAME_RUN.findall(before.rsplit("”", 1)[-1])
                    text = match.group(1).strip()
                    found.append(
                        Quote(
                            text, names[-1] if names else None, paragraph.line, first_sentence(text)
                        )
                    )
    return tuple(found[:MAX_QUOTES])


def _paragraphs(section: Section) -> Iterator[Paragraph]:
    for block in section.blocks:
        if isinstance(block, Paragraph):
            yield block
    for child in section.sections:
        yield from _paragraphs(child)
