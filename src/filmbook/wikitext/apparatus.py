"""Turn away the sections that held only a page's apparatus: the references list and
the external links, once their templates (``{{Reflist}}``, ``{{IMDb title}}``) stood for
nothing. The notes are printed as endnotes; an empty "References" heading would say
nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from filmbook.model import Section
from filmbook.wikitext.state import WikiState

_APPARATUS = re.compile(
    r"^(references|notes|footnotes|citations|sources|notes and references|"
    r"references and notes|external links|bibliography)$",
    re.IGNORECASE,
)


def drop_apparatus(state: WikiState) -> WikiState:
    """The ``apparatus`` pass: the sections left empty by their apparatus, gone."""
    return replace(state, sections=_kept(state.sections))


def _kept(sections: tuple[Section, ...]) -> tuple[Section, ...]:
    kept: list[Section] = []
    for section in sections:
        children = _kept(section.sections)
        if not section.blocks and not children and _APPARATUS.match(section.title.strip()):
            continue
        kept.append(
            replace(section, sections=children) if children != section.sections else section
        )
    return tuple(kept)
