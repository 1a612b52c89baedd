"""Turn the names of filmbook's own files into paths: templates, styles and fonts.

Templates ship inside the package. Styles live in the checkout's ``styles/`` and are
copied into the wheel as ``filmbook/styles``; fonts come from pinned PyPI packages.
These folders are the only places rendering may read from (besides a user's own
``--style`` file and templates folder).
"""

from __future__ import annotations

from pathlib import Path

import font_source_sans_pro
import font_source_serif_pro

PACKAGE = Path(__file__).resolve().parent
TEMPLATES = PACKAGE / "templates"
FONTS_FOLDER = "fonts"
"""The stylesheets name fonts as ``fonts/<file>`` beside themselves: the PDF writer finds
them in the font packages, and the HTML preview copies them there."""


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
