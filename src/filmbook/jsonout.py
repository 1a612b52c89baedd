"""Turn an ``Article`` into JSON: the format of ``filmbook json`` and of the golden files.

Keys come in the model's field order; every block carries a ``"type"`` first. Enums are
their values; unknown values (a recipient the export cut) are ``null``.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from typing import Any

from filmbook.model import (
    Article,
    AwardGroup,
    BulletList,
    CastList,
    Definition,
    Paragraph,
    Table,
)

FORMAT_VERSION = 1
"""Raised when a key changes meaning or disappears; adding keys does not raise it."""

_TYPED = (Paragraph, BulletList, CastList, AwardGroup, Definition, Table)
_OPTIONAL = frozenset({"notes", "origin", "languages"})
"""Fields left out while empty: only a wikitext source has notes, language runs and an
origin."""


def article_to_data(article: Article) -> dict[str, Any]:
    """The article as plain lists and dicts, ready for ``json.dumps``."""
    data = _data(article)
    assert isinstance(data, dict)
    return {"format": "filmbook-article", "version": FORMAT_VERSION, **data}


def article_to_json(article: Article) -> str:
    """The article as indented JSON text, ending with a newline."""
    return json.dumps(article_to_data(article), ensure_ascii=False, indent=2) + "\n"


def _type_name(node: object) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(node).__name__).lower()


def _data(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_data(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: _data(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _OPTIONAL or getattr(value, f.name)
        }
        return {"type": _type_name(value), **fields} if isinstance(value, _TYPED) else fields
    return value
