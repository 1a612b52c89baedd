"""Turn the names of filmbook's own files into paths: templates, styles and fonts.

Templates ship inside the package. Styles live in the checkout's ``styles/`` and are
copied into the wheel as ``filmbook/styles``; fonts come from pinned PyPI packages.
These folders are the only places rendering may read from (besides a user's own
``--style`` file and templates folder).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
FONTS_FOLDER = "fonts"
"""The stylesheets name fonts as ``fonts/<file>`` beside themselves: the PDF writer finds
them in the font packages, and the HTML preview copies them there."""
PICTURES_FOLDER = "pictures"
"""The templates name the press material's pictures as ``pictures/<name>``: the PDF writer
serves them from memory, the HTML preview and the EPUB store them there."""
PICTURES_URL = f"file:///filmbook/{PICTURES_FOLDER}/"
"""Where the PDF's HTML names the pictures: a URL the same on every machine and whatever
the ``--templates`` folder, since WeasyPrint names an image in the PDF by its URL's hash
(a picture relative to the templates would make other bytes in another folder)."""


def styles_dir() -> Path:
    """The folder of default stylesheets, in an installed wheel or in a checkout."""
    installed = PACKAGE / "styles"
    return installed if installed.is_dir() else PACKAGE.parent.parent / "styles"


def font_dirs() -> tuple[Path, ...]:
    """The folders of the fonts filmbook embeds (SIL Open Font License)."""
    return (
        Path(font_source_serif_pro.font_directory).resolve(),
        Path(font_source_sans_pro.font_directory).resolve(),
    )


def find_font(name: str) -> Path | None:
    """The font file called ``name`` (no folders) in the font packages, or None."""
    if Path(name).name != name:
        return None
    for folder in font_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def hash_files(update: Callable[[bytes], None], roots: Iterable[Path]) -> None:
    """Feed the name (relative to its root's folder) and the bytes of every file under
    ``roots`` (files or folders, in a fixed order) to a hash's ``update``."""
    for root in roots:
        for file in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if file.is_file():
                update(str(file.relative_to(root.parent)).encode())
                update(file.read_bytes())


def contents_digest(*roots: Path | None) -> str:
    """A hash of every file under ``roots`` (None skipped): what a per-process cache of
    something made from a user's files (``--style``, ``--templates``) is keyed on, so an
    edited file is never served stale."""
    digest = hashlib.sha256()
    hash_files(digest.update, [root for root in roots if root is not None])
    return digest.hexdigest()
