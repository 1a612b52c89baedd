"""Turn ``<ref>`` tags and footnote templates into numbered notes.

Notes are numbered in the order they are first referred to; a named reference used again
(``<ref name="a" />``) refers to the same note. A reference may be defined anywhere on the
page, even after its first use or in ``{{Reflist|refs=…}}``; a name used but defined
nowhere is reported on the line of its first use. A note's text is its citation
(``{{cite web}}``: author, title, work, publisher, date) or its prose, and its address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

from filmbook.model import Note
from filmbook.normalise.report import Report
from filmbook.wikitext import templates
from filmbook.wikitext.lines import nodes_at

if TYPE_CHECKING:
    from filmbook.wikitext.inline import Inline


@dataclass(frozen=True)
class Mark:
    """A reference to note ``number`` where it stands; ``mark`` counts the references."""

    number: int
    mark: int


class Notes:
    """The notes of one page, numbered as they are referred to."""

    def __init__(self, code: Wikicode, text: str, report: Report) -> None:
        self.report = report
        self._defined: dict[str, tuple[Tag, int]] = {}
        self._numbers: dict[str, int] = {}
        self._missing: set[str] = set()
        self.found: list[Note] = []
        self._marks = 0
        cursor = 0
        for tag in code.filter_tags(matches=lambda node: str(node.tag).strip().lower() == "ref"):
            name = _name(tag)
            if name and tag.contents is not None and str(tag.contents).strip():
                at = text.find(str(tag), cursor)
                cursor = max(cursor, at)
                self._defined.setdefault(name, (tag, max(at, 0)))

    def refer(self, tag: Tag, offset: int, reader: Inline) -> Mark | None:
        """The mark of a ``<ref>`` at ``offset``; its note numbered when first referred to."""
        name = _name(tag)
        if name in self._numbers:
            return self._mark(self._numbers[name])
        definition = self._defined.get(name) if name else None
        if definition is None and (tag.contents is None or not str(tag.contents).strip()):
            if name and name not in self._missing:
                self._missing.add(name)
                self.report.warn(
                    reader.line(offset), f"a reference named {name!r} is used but never defined"
                )
            return None
        body, at = definition if definition else (tag, offset)
        assert body.contents is not None  # a definition has contents, checked above
        inner = at + max(str(body).find(str(body.contents)), 0)
        number = self._note(reader.line(at), body.contents, inner, reader)
        if name:
            self._numbers[name] = number
        return self._mark(number)

    def footnote(self, template: Template, offset: int, reader: Inline) -> Mark | None:
        """The mark of ``{{efn|text}}``: its text is a note."""
        params = reader.params(template, offset)
        text = params.at(0) or params.get("1", "text")
        if not text:
            return None
        number = len(self.found) + 1
        self.found.append(Note(reader.line(offset), number, text))
        return self._mark(number)

    def _note(self, line: int, contents: Wikicode, offset: int, reader: Inline) -> int:
        url: str | None = None
        parts: list[str] = []
        for node, start in nodes_at(contents, offset):
            if isinstance(node, Template):
                name = templates.name_of(str(node.name))
                if name in templates.CITATIONS:
                    text, cited = templates.citation(reader.params(node, start))
                    parts.append(text)
                    url = url or cited
                    continue
            parts.extend(p for p in reader.node(node, start) if isinstance(p, str))
        text = " ".join(" ".join(parts).split())
        number = len(self.found) + 1
        self.found.append(Note(line, number, text, url))
        return number

    def _mark(self, number: int) -> Mark:
        self._marks += 1
        return Mark(number, self._marks)


def _name(tag: Tag) -> str | None:
    if not tag.has("name"):
        return None
    return str(tag.get("name").value).strip().strip("\"'") or None
