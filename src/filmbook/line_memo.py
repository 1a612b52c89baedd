"""Turn WeasyPrint 70's line splitting into one that remembers its answers.

WeasyPrint fits text into lines with ``weasyprint.text.line_break.split_first_line``:
given a text, its style and a width, Pango shapes the text and says where the first line
ends, how wide and tall it is. A press kit asks some 1,600 times, and four times in ten
it asks again what it asked before: a table's cells are measured at no width (their
narrowest) and at any width (their widest) before they are laid out, the contents page
is laid out three times, every page has the same running head and folio labels, and the
next film of a batch has the same headings, labels and credits' roles. The answer depends
only on the question, so ``apply`` makes WeasyPrint ask each question once per font
configuration (a warm worker keeps its font configuration, so its answers serve the
whole batch).

The question is the text, the width, the justification spacing, whether the line starts
a line box, whether the narrowest width is wanted, and the ``STYLE`` properties that
``split_first_line`` and the Pango layout it makes read. The answer holds a Pango layout
that WeasyPrint has already deactivated (its Pango objects freed; it keeps its text and
the font's decoration metrics, and is set up again when it is drawn). Each caller gets a
copy of it, as each text box owns its layout.

A font face added to a font configuration (an ``@font-face`` in a template's ``<style>``)
can change the font a family resolves to: it empties that configuration's answers.
Answers are kept for the ``KEEP`` most recent questions.

It changes WeasyPrint only where it is the version this was written against (the pinned
one); the PDFs are byte-identical with and without it (``tests/test_line_memo.py``).
"""

from __future__ import annotations

import operator
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import tinycss2.ast
import weasyprint
from weasyprint.layout import inline, preferred
from weasyprint.text import fonts, line_break

from filmbook import layout_leak

PATCHED_VERSIONS = ("70.0",)
"""The WeasyPrint versions whose ``split_first_line`` this was checked against."""

STYLE = tuple(
    dict.fromkeys(
        (
            "white_space",
            "overflow_wrap",
            "word_break",
            "hyphens",
            "hyphenate_character",
            "hyphenate_limit_chars",
            "hyphenate_limit_zone",
            "lang",
            "font_language_override",
            "direction",
            "letter_spacing",
            "word_spacing",
            "tab_size",
            "text_decoration_line",
            *layout_leak.FONT,
            *layout_leak.FEATURES,
        )
    )
)
"""The properties of a style that the line splitting reads (in ``split_first_line``,
``Layout.set_text``, ``line_size`` and ``first_line_metrics``; and in ``Layout.setup``,
which ``layout_leak`` replaces: its font description's and features' properties)."""
_STYLE_VALUES = operator.itemgetter(*STYLE)
ZONE = STYLE.index("hyphenate_limit_zone")

LONGEST = 500
"""The longest text whose answers are kept, in characters. The questions asked again are
short (cells, headings, labels, roles, running heads); a paragraph is asked once per line
with the whole of the rest of it, which would keep a long paragraph many times over."""
_CONFIGS: weakref.WeakSet[Any] = weakref.WeakSet()  # the font configurations with answers

KEEP = 2_000
"""How many answers a font configuration keeps (the least recently asked go first): a
press kit asks some 900 distinct questions, so these are the last two films' and what
every film asks again (headings, labels, roles). Ten times as many saved no time and
held 28 MiB more after 100 films (``benchmarks/results.md``, row 7b)."""

_original_split: Callable[..., tuple[Any, ...]] = line_break.split_first_line
_original_add_font_face: Callable[..., Any] = fonts.FontConfiguration.add_font_face

Answers = OrderedDict[Hashable, tuple[Any, ...]]
ANSWERS = "_filmbook_lines"
"""The attribute of a font configuration that holds its answers."""


def _split(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> tuple[Any, ...]:
    """``split_first_line``, answered from the font configuration's answers when it was
    asked before."""
    key = _question(text, style, max_width, justification_spacing, is_line_start, minimum)
    answers = _answers(style.font_config)
    if key is None or answers is None:
        return _original_split(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
    answer = answers.get(key)
    if answer is None:
        answer = _original_split(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        answers[key] = answer
        if len(answers) > KEEP:
            answers.popitem(last=False)
    else:
        answers.move_to_end(key)
    layout, *rest = answer
    return (_copy(layout), *rest)


def _question(
    text: str,
    style: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool,
    minimum: bool,
) -> Hashable | None:
    """What the answer depends on, as one dictionary key; None if a value cannot be one."""
    if len(text) > LONGEST:
        return None
    values = _STYLE_VALUES(style)
    if not hasattr(values[ZONE], "unit") or any(
        isinstance(value, tinycss2.ast.Node) for value in values
    ):
        return None  # a calc() left to resolve at use, from more than the key holds
    key = (text, max_width, justification_spacing, is_line_start, minimum, values)
    try:
        hash(key)
    except TypeError:
        try:
            values = tuple(_hashable(value) for value in values)
            key = (text, max_width, justification_spacing, is_line_start, minimum, values)
            hash(key)
        except TypeError:
            return None
    return key


def _hashable(value: Any) -> Any:
    """``value`` as a dictionary key can hold it: a list as a tuple, a set (WeasyPrint's
    ``text_decoration_line``) as a frozen set."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, set):
        return frozenset(value)
    return value


def _answers(config: Any) -> Answers | None:
    """The answers kept for the font configuration ``config``, made on first use."""
    if config is None:
        return None
    answers = config.__dict__.get(ANSWERS)
    if answers is None:
        answers = Answers()
        setattr(config, ANSWERS, answers)
        _CONFIGS.add(config)
    return answers  # type: ignore[no-any-return]


def _copy(layout: Any) -> Any:
    """A layout of its own for the caller: the same text, width and metrics."""
    copy = object.__new__(type(layout))
    copy.__dict__.update(layout.__dict__)
    return copy


def forget() -> None:
    """Forget the answers of every font configuration, as a new process has none
    (``benchmarks/warm.py`` measures what they save)."""
    for config in list(_CONFIGS):
        config.__dict__.pop(ANSWERS, None)


def _add_font_face(self: Any, *args: Any, **kwargs: Any) -> Any:
    """``FontConfiguration.add_font_face``, forgetting the configuration's answers: the
    new face may change what font a family resolves to."""
    self.__dict__.pop(ANSWERS, None)
    return _original_add_font_face(self, *args, **kwargs)


def apply() -> bool:
    """Answer line splitting from memory from now on; False if this WeasyPrint is not
    one this was written for (then nothing is changed)."""
    if weasyprint.__version__ not in PATCHED_VERSIONS:
        return False
    for module in (line_break, inline, preferred):
        module.split_first_line = _split
    fonts.FontConfiguration.add_font_face = _add_font_face
    return True


def applied() -> bool:
    """Whether ``apply`` has changed WeasyPrint's line splitting in this process."""
    return line_break.split_first_line is _split


def restore() -> None:
    """WeasyPrint's own line splitting again (for tests that compare the two)."""
    for module in (line_break, inline, preferred):
        module.split_first_line = _original_split
    fonts.FontConfiguration.add_font_face = _original_add_font_face
