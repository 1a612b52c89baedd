"""Turn a press-material TOML file into ``PressMaterial``.

(Interface stub: the reader follows.)
"""

from __future__ import annotations

from pathlib import Path

from filmbook.model import PressMaterial
from filmbook.source import MaterialFiles, SourceText


def material_path(source: Path) -> Path:
    """The press-material file of ``source``: ``source/x.txt`` → ``source/x.toml``."""
    return source.with_suffix(".toml")


def load_material(source: Path) -> MaterialFiles | None:
    """The press-material file beside ``source`` and its images, as bytes; None when
    there is none."""
    return None


def read_material(source: SourceText) -> PressMaterial | None:
    """The press material of ``source``, parsed and its images normalised; None when
    it has none. Raise ``InputError`` (the TOML's path and line) for bad material."""
    return None
