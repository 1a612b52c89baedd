"""Turn names, dates, counts and prose into the words every output prints.

The plan's one place for how filmbook writes a thing: names joined (``A, B and C``),
an ISO date written out (``22 December 2023``), a count with its noun (``1 ceremony``,
``30 ceremonies``), prose cut at a sentence. Every output gets these strings from the plan,
so the press kit, the handout and the ebook never say one fact two ways.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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
_ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
_SENTENCE = re.compile(r"(.+?[.!?][”’)]?)(?:\s+(?=[A-Z“‘(\[])|$)")
_SENTENCE_END = re.compile(r"[.!?][”’)]?(?=\s+[A-Z“‘(\[]|$)")
_SPACES = re.compile(r"\s*")


def join_names(names: Sequence[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def format_date(value: str) -> str:
    """``2023-12-22`` → ``22 December 2023``; any other text is returned as it is."""
    found = _ISO_DATE.match(value)
    if not found or not 1 <= int(found[2]) <= 12 or not 1 <= int(found[3]) <= 31:
        return value
    return f"{int(found[3])} {_MONTHS[int(found[2]) - 1]} {found[1]}"


def counted(number: int, one: str, many: str) -> str:
    """``1 ceremony``, ``30 ceremonies``."""
    return f"{number} {one if number == 1 else many}"


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, or all of it when it has no sentence end."""
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` one after the other, found in linear time.

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


def abridge(text: str, words: int) -> str:
    """Whole sentences of ``text`` up to ``words`` words; one long sentence is clipped."""
    kept: list[str] = []
    count = 0
    for sentence in sentences(text):
        count += len(sentence.split())
        if count > words:
            break
        kept.append(sentence)
    return " ".join(kept) if kept else clip(text, words)


def clip(text: str, words: int) -> str:
    """At most ``words`` words; a cut shows as an ellipsis."""
    split = text.split()
    return text if len(split) <= words else " ".join(split[:words]) + " …"
