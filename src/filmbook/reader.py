"""Turn source paths into articles, whatever their format: plain text, wikitext or an
XML export of many pages.

What a file is, is found from its content where its name does not say: a ``*.txt`` is a
plain-text export; a ``*.wiki`` or ``*.wikitext`` is MediaWiki wikitext; a file that opens
as XML (``<?xml`` or ``<mediawiki``) is a ``Special:Export`` file, read as a stream, one
source per page (``wikitext/export.py``); any other file is wikitext when it holds wiki
markup (a template, a wikitable, a bold subject) and plain text otherwise.

Each source carries the bytes of its press-material file (``<stem>.toml``) and of the
images it names, where there is one (``material.load_material``); every page of an
export carries its file's.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from filmbook.errors import InputError
from filmbook.material import load_material
from filmbook.model import Article
from filmbook.normalise import normalise
from filmbook.source import SourceText, decode, open_source, read_source
from filmbook.wikitext import read_wikitext
from filmbook.wikitext.export import Skipped, looks_like_export, read_export

PLAIN = ".txt"
WIKITEXT = frozenset({".wiki", ".wikitext", ".mediawiki"})
EXPORT = ".xml"
SUFFIXES = frozenset({PLAIN, EXPORT, *WIKITEXT})
"""The names of the files a folder's sources are: ``*.txt``, ``*.wiki``, ``*.xml`` …"""
_WIKI_MARKUP = re.compile(r"\{\{|^\{\||'''|\[\[|^==[^=]", re.MULTILINE)
_PEEK = 512


Read = SourceText | InputError | Skipped
"""What reading a file gives, source by source: a source, a source that cannot be read
(its error), or a page of an export that is no article (``Skipped``, already reported)."""


def read_sources(path: Path) -> Iterator[Read]:
    """The sources ``path`` holds: one, or one per page of an export; a page that cannot
    be a source is its ``InputError``, a page that is no article ``Skipped``. Raise
    ``InputError`` for a file that cannot be read."""
    found = _read_sources(path)
    first = next(found, None)  # the source itself is checked before its material
    if first is None:
        return
    # Only an export yields a page's error or a skipped page (a redirect) rather than
    # raising: a file whose first page is one is an export as much as one whose is not.
    export = not isinstance(first, SourceText) or first.origin is not None
    material = load_material(path, export=export)
    for source in itertools.chain((first,), found):
        yield replace(source, material=material) if isinstance(source, SourceText) else source


def _read_sources(path: Path) -> Iterator[Read]:
    """The sources of ``path`` as its format's reader gives them."""
    name = str(path)
    suffix = path.suffix.lower()
    with open_source(path) as stream:
        start = stream.read(_PEEK)
        if suffix == EXPORT or (suffix != PLAIN and looks_like_export(start)):
            stream.seek(0)
            yield from read_export(name, stream)
            return
    source = read_source(path)
    if suffix in WIKITEXT or (suffix != PLAIN and _WIKI_MARKUP.search(source.text)):
        if looks_like_export(source.text[:_PEEK].encode()):
            yield from read_export(name, io.BytesIO(source.text.encode()))
            return
        yield replace(source, wikitext=True)
        return
    yield source


def read_all(paths: Iterable[Path]) -> Iterator[Read]:
    """Every source of every path in order; a file or a page that cannot be read is its
    ``InputError``, a page that is no article ``Skipped``, and reading goes on with the
    next."""
    for path in paths:
        try:
            yield from read_sources(path)
        except InputError as error:
            yield error


def read_article(source: SourceText) -> Article:
    """The article of ``source``, by the reader of its format."""
    return read_wikitext(source) if source.wikitext else normalise(source)


__all__ = ["SUFFIXES", "Read", "Skipped", "decode", "read_all", "read_article", "read_sources"]
