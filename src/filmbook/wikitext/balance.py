"""Turn wikitext with unclosed markup into wikitext whose markup is closed or gone.

mwparserfromhell tries every unclosed opener (``{{``, ``[[``, ``{|``, ``<ref>``, ``[http``)
as far as the end of the page before it gives up on it, so each one costs a pass over the
rest of the page: 6,000 unclosed ``{{a|`` took 28 s, a page of them hours. This pass
finds them first, in one linear scan with a stack, and blanks each with spaces (its
words stay, its line does not move), reporting it; what is left parses in linear time.

The scan follows MediaWiki closely enough for this: a closer closes the nearest opener of
its kind, and the openers above it on the stack are unclosed; comments, ``<nowiki>``,
``<pre>`` and ``<math>`` hide what is inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmbook.normalise.report import Report
from filmbook.wikitext.lines import Lines

_RAW = frozenset({"nowiki", "pre", "math", "syntaxhighlight", "source", "score", "chem"})
"""Tags whose content is not wikitext: nothing inside them opens or closes anything."""
_VOID = frozenset({"br", "hr", "img", "wbr", "meta", "link", "references"})
"""Tags that never have a closing tag."""
_TOKEN = re.compile(
    r"(?P<comment><!--)"
    r"|(?P<open>\{\{|\[\[|^[ \t]*\{\||\[(?=(?:https?:|ftp:|mailto:)?//))"
    r"|(?P<close>\}\}|\]\]|^[ \t]*\|\}|\])"
    r"|<(?P<slash>/?)(?P<tag>[A-Za-z][\w-]*)(?=[\s/>])[^<>]*?(?P<self>/?)>",
    re.MULTILINE,
)
_CLOSES = {"}}": "{{", "]]": "[[", "|}": "{|", "]": "["}
_NAMES = {"{{": "template", "[[": "link", "{|": "table", "[": "external link"}


@dataclass(frozen=True)
class _Open:
    kind: str  # "{{", "[[", "{|", "[" or a tag's name
    start: int
    end: int


def close_markup(text: str, report: Report) -> str:
    """``text`` with every unclosed opener blanked, each one reported on its line."""
    lowered = text.lower()
    stack: list[_Open] = []
    unclosed: list[_Open] = []
    position = 0
    while True:
        found = _TOKEN.search(text, position)
        if found is None:
            break
        position = found.end()
        if found["comment"]:
            end = text.find("-->", position)
            if end < 0:
                unclosed.append(_Open("<!--", found.start(), found.end()))
                continue
            position = end + 3
        elif found["open"]:
            stack.append(_Open(found["open"].strip(), found.start(), found.end()))
        elif found["close"]:
            _close(stack, unclosed, _CLOSES[found["close"].strip()])
        else:
            name = found["tag"].lower()
            if found["self"] or name in _VOID:
                continue
            if found["slash"]:
                _close(stack, unclosed, name)
            elif name in _RAW:
                end = lowered.find(f"</{name}", position)
                if end < 0:
                    unclosed.append(_Open(name, found.start(), found.end()))
                else:
                    position = end
            else:
                stack.append(_Open(name, found.start(), found.end()))
    unclosed += stack
    if not unclosed:
        return text
    chars = list(text)
    lines = Lines(text)
    for opener in sorted(unclosed, key=lambda o: o.start):
        what = _NAMES.get(opener.kind, f"<{opener.kind}>" if opener.kind != "<!--" else "comment")
        line = lines.line(opener.start)
        report.warn(line, f"an unclosed {what}: its markup is dropped, its words kept")
        for index in range(opener.start, opener.end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def _close(stack: list[_Open], unclosed: list[_Open], kind: str) -> None:
    """Close the nearest opener of ``kind``; the openers above it were never closed."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].kind == kind:
            unclosed.extend(stack[depth + 1 :])
            del stack[depth:]
            return
    # A closer with no opener (`]` in prose, a stray `}}`) is text: the parser keeps it.
