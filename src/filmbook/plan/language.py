"""Turn text into runs tagged with their language, for screen readers and glyph choice.

Hangul is always Korean and kana Japanese, but Han characters alone may be Chinese,
Japanese or Korean, and Chinese simplified or traditional. What the text says decides, in
this order: a label just before the phrase (``Chinese:``, ``Japanese title``, ``Hanja:``,
``in Taiwan as``); then the characters themselves, when one of them is written in only one
Chinese script; then the film's language (then its country); then Japanese. The ebook
and the PDFs mark every run with ``lang``: a screen reader switches voice, and the PDF
draws the glyph forms of that language (骨 is drawn three ways). The cover picks the glyph
forms of the film's language.
"""

from __future__ import annotations

import functools
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

CHINESE = "zh"
"""A label's language when it says Chinese but not which script: the characters tell."""
_LABELS = {
    "traditional": "zh-Hant",
    "simplified": "zh-Hans",
    "chinese": CHINESE,
    "mandarin": CHINESE,
    "hanzi": CHINESE,
    "pinyin": CHINESE,
    "china": CHINESE,
    "cantonese": "zh-Hant",
    "hong kong": "zh-Hant",
    "taiwan": "zh-Hant",
    "japanese": "ja",
    "kanji": "ja",
    "japan": "ja",
    "korean": "ko",
    "hanja": "ko",
    "korea": "ko",
}
"""The words of a label before a phrase, and the language each gives it."""
_CONTEXT = 48
"""How many characters before a phrase may hold its label."""
_LABEL = re.compile(
    rf"\b({'|'.join(_LABELS)})(?: chinese)?(?: (?:title|name|characters))?"
    r"(?: (?:is|as))?\s*[:：,]?\s*[\"“‘'「『]?$",
    re.IGNORECASE,
)
"""A label that ends just before a phrase: ``(traditional Chinese: ``, ``its Chinese
title is ``, ``its Mandarin title, ``, ``released in Taiwan as ``, ``; Hanja: ``."""
_SIMPLIFIED = "gb2312"
"""The character set of simplified Chinese: a character it lacks is not simplified."""
_TRADITIONAL = "big5"
"""The character set of traditional Chinese: a character it lacks is not traditional."""


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

    A CJK run is Korean when it has Hangul, Japanese when it has kana; a run of Han
    characters alone takes the language its label, its characters or ``han`` (the film's)
    say, else Japanese (see the module's docstring).
    """
    runs: list[Run] = []
    done = 0
    for found in _CJK_RUN.finditer(text):
        if found.start() > done:
            runs.append(Run(text[done : found.start()]))
        before = text[max(done, found.start() - _CONTEXT) : found.start()]
        runs.append(Run(found.group(), _cjk_language(found.group(), before, han)))
        done = found.end()
    if done < len(text) or not runs:
        runs.append(Run(text[done:]))
    return tuple(runs)


def _cjk_language(run: str, before: str, han: str | None) -> str:
    if re.search(f"[{_HANGUL}]", run):
        return "ko"
    if re.search(f"[{_KANA}]", run):
        return "ja"
    return _han_language(run, _labelled(before), han)


def _labelled(before: str) -> str | None:
    """The language the label ending ``before`` gives the phrase after it, if any."""
    found = _LABEL.search(before)
    return _LABELS[found.group(1).lower()] if found else None


def _han_language(run: str, labelled: str | None, han: str | None) -> str:
    """The language of a run of Han characters, its label's (if any) and ``han`` given.

    A label saying Chinese leaves the script to the characters, then to the film. With no
    label, a character of one Chinese script only decides, unless it is also an everyday
    Japanese kanji; a traditional one does not decide against a Korean or Japanese film,
    whose Hanja and old kanji are traditional characters too.
    """
    if labelled == CHINESE:
        return _script(run, japanese=False) or (han if han and han.startswith("zh") else "zh-Hans")
    if labelled is not None:
        return labelled
    script = _script(run, japanese=True)
    if script == "zh-Hans" or (script == "zh-Hant" and han not in ("ja", "ko")):
        return script
    return han or "ja"


def _script(run: str, *, japanese: bool) -> str | None:
    """``zh-Hans`` or ``zh-Hant`` when ``run`` has characters of that script only, and none
    of the other's; with ``japanese``, characters of everyday Japanese don't count."""
    scripts = {_written_in(char) for char in run if not (japanese and _everyday_kanji(char))}
    scripts.discard(None)
    return scripts.pop() if len(scripts) == 1 else None


@functools.cache
def _written_in(char: str) -> str | None:
    """The one Chinese script whose character set has ``char``: GB 2312 (simplified) or
    Big5 (traditional); None when both have it or neither."""
    simplified, traditional = _encodes(char, _SIMPLIFIED), _encodes(char, _TRADITIONAL)
    if simplified == traditional:
        return None
    return "zh-Hans" if simplified else "zh-Hant"


@functools.cache
def _everyday_kanji(char: str) -> bool:
    """Whether ``char`` is a first-level kanji of JIS X 0208, the kanji of everyday
    Japanese (国 and 東 are; 东 and 國 are not)."""
    try:
        code = int.from_bytes(char.encode("shift_jis"), "big")
    except UnicodeEncodeError:
        return False
    return 0x889F <= code <= 0x9872


def _encodes(char: str, charset: str) -> bool:
    try:
        char.encode(charset)
    except UnicodeEncodeError:
        return False
    return True
