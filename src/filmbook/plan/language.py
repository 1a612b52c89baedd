"""Turn text into runs tagged with their language, for screen readers and glyph choice.

Hangul is always Korean and kana Japanese, but Han characters alone may be Chinese,
Japanese or Korean: the film's language (then its country) tells which. The ebook marks
every run with ``lang``; the cover picks the glyph forms of that language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmbook.model import Infobox, Role

_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_HAN = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK = f"[{_HANGUL}{_KANA}{_HAN}]"
_CJK_RUN = re.compile(f"{_CJK}(?:[{_HANGUL}{_KANA}{_HAN}\u3000-\u303f\uff00-\uffef ]*{_CJK})?")
"""Letters of a CJK script, with the spaces and CJK punctuation between them."""
_HAN_LANGUAGES = (
    (re.compile(r"japan", re.IGNORECASE), "ja"),
    (re.compile(r"korea", re.IGNORECASE), "ko"),
    (re.compile(r"taiwan|hong kong|cantonese", re.IGNORECASE), "zh-Hant"),
    (re.compile(r"chin|mandarin", re.IGNORECASE), "zh-Hans"),
)
"""What the infobox's language or country says Han characters are written in."""


@dataclass(frozen=True)
class Run:
    """A piece of text and its language when it is not the book's (None)."""

    text: str
    lang: str | None = None


def han_language(infobox: Infobox | None) -> str | None:
    """The language of Han characters in this article, from its infobox, if it says."""
    for role in (Role.LANGUAGE, Role.COUNTRY):
        for value in infobox.values(role) if infobox else ():
            for pattern, language in _HAN_LANGUAGES:
                if pattern.search(value):
                    return language
    return None


def language_runs(text: str, han: str | None) -> tuple[Run, ...]:
    """``text`` cut into runs in the book's language and runs in a CJK script.

    A CJK run is Korean when it has Hangul, Japanese when it has kana, else ``han``; a
    run of Han characters in an unknown language is left unmarked rather than guessed.
    """
    runs: list[Run] = []
    done = 0
    for found in _CJK_RUN.finditer(text):
        if found.start() > done:
            runs.append(Run(text[done : found.start()]))
        runs.append(Run(found.group(), _cjk_language(found.group(), han)))
        done = found.end()
    if done < len(text) or not runs:
        runs.append(Run(text[done:]))
    return tuple(runs)


def _cjk_language(run: str, han: str | None) -> str | None:
    if re.search(f"[{_HANGUL}]", run):
        return "ko"
    if re.search(f"[{_KANA}]", run):
        return "ja"
    return han
