"""Turn a film's title, directors and year into a cover image (PNG) for the EPUB.

The cover is what a library or a reading app shows as the book's thumbnail, often a few
centimetres tall, so it holds only three things: the title as large as it fits, the
director and the year. Latin, Greek and Cyrillic titles are set in Source Serif and Source
Sans (SIL Open Font License, from the font packages); a title with characters those fonts
lack, such as a Japanese or Korean one, is set in Noto Sans CJK, found through fontconfig
(``fc-match``) wherever the system keeps it.

The image is deterministic: the same text gives the same bytes. FreeType's basic layout
is used rather than Raqm, which may or may not be installed and shapes differently.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from filmbook.errors import FilmbookError
from filmbook.resources import font_dirs

WIDTH, HEIGHT = 1600, 2400  # 2:3, the proportion stores ask for
MARGIN = 150
BACKGROUND = (24, 24, 28)
INK = (244, 240, 232)
ACCENT = (201, 162, 90)  # one accent: the rule under the title
TITLE_SIZES = range(420, 59, -8)
TITLE_AREA = (520, 1880)  # top and bottom of the band the title is centred in
TITLE_LEADING = 1.08
CAP_HEIGHT = 0.66  # of Source Serif, in ems
CREDIT_SIZE = 72
YEAR_SIZE = 112
TRACKING = 0.12  # letter-spacing of the capitals, in ems
CJK_FAMILIES = {
    "ja": "Noto Sans CJK JP",
    "ko": "Noto Sans CJK KR",
    "zh-Hans": "Noto Sans CJK SC",
    "zh-Hant": "Noto Sans CJK TC",
}
"""The Noto Sans CJK family that draws each language's forms of the Han characters."""
FC_MATCH_SECONDS = 10


@dataclass(frozen=True)
class Face:
    """A font file, the face inside it (for a collection) and the characters it has."""

    path: Path
    index: int = 0


def make_cover(title: str, directed_by: str, year: str | None, cjk: str = "ja") -> bytes:
    """The cover as PNG bytes: ``directed_by`` is the directors' names as the plan joins
    them (empty for none), ``cjk`` picks the glyph forms for Han characters."""
    # Drawn as coverage (0 background … INK_LEVEL ink, ACCENT_LEVEL the rule) and then
    # coloured through a palette: a palette PNG encodes three times faster than an RGB
    # one and is half the size, with the same pixels.
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(image)
    bottom, size = _draw_title(draw, title, cjk)
    _draw_rule(draw, bottom + max(80, size // 4))
    if directed_by:
        byline = f"A film by {directed_by}"
        _draw_tracked(draw, byline.upper(), _sans("Semibold", byline, cjk), CREDIT_SIZE, 340)
    if year:
        _draw_tracked(draw, year, _sans("Semibold", year, cjk), YEAR_SIZE, HEIGHT - 260)
    image.putpalette(_PALETTE)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=6)  # "optimize" would take twice the time for 4 %
    return out.getvalue()


INK_LEVEL = 254
ACCENT_LEVEL = 255


def _palette() -> list[int]:
    """Levels 0–254 blend the background into the ink (antialiasing); 255 is the accent."""
    blend = [
        round(b + (i - b) * level / INK_LEVEL)
        for level in range(INK_LEVEL + 1)
        for b, i in zip(BACKGROUND, INK, strict=True)
    ]
    return [*blend, *ACCENT]


_PALETTE = _palette()


def _draw_title(draw: ImageDraw.ImageDraw, title: str, cjk: str) -> tuple[int, int]:
    """Set the title as large as it fits, centred in its band; return its lowest ink, size."""
    face = _serif("Bold", title, cjk)
    top, bottom = TITLE_AREA
    font, lines = _fit(title, face, bottom - top)
    leading = round(font.size * TITLE_LEADING)
    # Centre the ink, not the line boxes: from the first cap height to the last baseline.
    ink = leading * (len(lines) - 1) + CAP_HEIGHT * font.size
    baseline = round(top + (bottom - top - ink) / 2 + CAP_HEIGHT * font.size)
    lowest = baseline
    for line in lines:
        draw.text((WIDTH / 2, baseline), line, font=font, fill=INK_LEVEL, anchor="ms")
        ink_box = draw.textbbox((WIDTH / 2, baseline), line, font, anchor="ms")
        lowest = max(lowest, round(ink_box[3]))
        baseline += leading
    return lowest, round(font.size)


def _fit(title: str, face: Face, height: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits without breaking a word.

    A title too long even at the smallest size is broken anywhere and cut with an
    ellipsis: the cover is a thumbnail, the whole title is in its alt text and the book.
    """
    for size in TITLE_SIZES:
        font = _font(face, size)
        lines = wrap(title, font, WIDTH - 2 * MARGIN)
        if lines and round(size * TITLE_LEADING) * len(lines) <= height:
            return font, _balance(title, font, len(lines))
    lines = wrap(title, font, WIDTH - 2 * MARGIN, hard=True)
    keep = height // round(font.size * TITLE_LEADING)
    return font, lines if len(lines) <= keep else [*lines[: keep - 1], lines[keep - 1] + "…"]


def _balance(title: str, font: ImageFont.FreeTypeFont, count: int) -> list[str]:
    """The same number of lines, as even as they go: no lone word on the last line.

    The narrowest measure that keeps the count evens most titles; where it leaves a
    short first line instead, the plain fill is kept.
    """
    greedy = wrap(title, font, WIDTH - 2 * MARGIN)
    narrow, wide = 1, WIDTH - 2 * MARGIN
    while narrow < wide:
        middle = (narrow + wide) // 2
        lines = wrap(title, font, middle)
        if lines and len(lines) <= count:
            wide = middle
        else:
            narrow = middle + 1
    return min((greedy, wrap(title, font, wide)), key=lambda lines: _raggedness(lines, font))


def _raggedness(lines: list[str], font: ImageFont.FreeTypeFont) -> float:
    widths = [font.getlength(line) for line in lines]
    return sum((max(widths) - width) ** 2 for width in widths)


def _draw_rule(draw: ImageDraw.ImageDraw, y: int) -> None:
    draw.rectangle((WIDTH / 2 - 90, y, WIDTH / 2 + 90, y + 8), fill=ACCENT_LEVEL)


def _draw_tracked(draw: ImageDraw.ImageDraw, text: str, face: Face, size: int, y: int) -> None:
    """Letter-spaced text centred on the baseline ``y``, smaller if it would not fit."""
    while True:
        font = _font(face, size)
        width = _tracked_width(text, font, size)
        if width <= WIDTH - 2 * MARGIN or size <= 24:
            break
        size -= 4
    x = (WIDTH - width) / 2
    for char in text:
        draw.text((x, y), char, font=font, fill=INK_LEVEL, anchor="ls")
        x += font.getlength(char) + TRACKING * size


def _tracked_width(text: str, font: ImageFont.FreeTypeFont, size: int) -> float:
    return sum(font.getlength(char) for char in text) + TRACKING * size * (len(text) - 1)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, *, hard: bool = False) -> list[str]:
    """Break ``text`` into lines no wider than ``width``: at spaces, or anywhere in CJK.

    A word wider than ``width`` makes the result empty, unless ``hard``: then it is
    broken between any two characters.
    """
    lines: list[str] = []
    line = ""
    for piece in _pieces(text):
        if font.getlength((line + piece).strip()) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.strip())
        line = piece.strip()
        while font.getlength(line) > width:
            if not hard:
                return []
            cut = max(1, _longest_prefix(line, font, width))
            lines.append(line[:cut])
            line = line[cut:]
    return [*lines, line.strip()] if line.strip() else lines


def _longest_prefix(text: str, font: ImageFont.FreeTypeFont, width: int) -> int:
    return max((n for n in range(1, len(text) + 1) if font.getlength(text[:n]) <= width), default=0)


def _pieces(text: str) -> Iterator[str]:
    """Unbreakable runs with their leading space: words, or single CJK characters."""
    run = ""
    for char in text:
        if char == " " or _is_cjk(char):
            if run:
                yield run
            run = char
            if _is_cjk(char):
                yield run
                run = ""
        else:
            run += char
    if run:
        yield run


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _serif(weight: str, text: str, cjk: str) -> Face:
    return _face("SourceSerifPro", weight, text, cjk)


def _sans(weight: str, text: str, cjk: str) -> Face:
    return _face("SourceSansPro", weight, text, cjk)


def _face(family: str, weight: str, text: str, cjk: str) -> Face:
    """The Source face when it has every character of ``text``, else Noto Sans CJK."""
    for folder in font_dirs():
        path = folder / f"{family}-{weight}.ttf"
        if path.is_file():
            if all(ord(char) in _characters(Face(path)) for char in text if not char.isspace()):
                return Face(path)
            break
    return _cjk_face(weight, cjk)


def _cjk_face(weight: str, cjk: str) -> Face:
    """The Noto Sans CJK face for ``cjk`` that fontconfig finds.

    A title in a script neither Source nor Noto Sans CJK covers is drawn with what the
    face has (the title page beside the cover holds its text whole).
    """
    family = CJK_FAMILIES.get(cjk, CJK_FAMILIES["ja"])
    face = _match(f"{family}:weight={'bold' if weight == 'Bold' else 'regular'}")
    if face is None or not _characters(face) & {ord(c) for c in "日本한국中文"}:
        raise FilmbookError(
            "no CJK font on this system to draw the cover's title: "
            "install fonts-noto-cjk and fontconfig (scripts/setup-system.sh does)"
        )
    return face


@cache
def _match(pattern: str) -> Face | None:
    """The font file fontconfig picks for ``pattern``; None without fontconfig."""
    command = shutil.which("fc-match")
    if command is None:
        return None
    try:
        found = subprocess.run(
            [command, "--format=%{file}\n%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=FC_MATCH_SECONDS,
            check=True,
        ).stdout.split("\n")
    except (OSError, subprocess.SubprocessError):
        return None
    if len(found) != 2 or not found[0] or not found[1].isdigit():
        return None
    return Face(Path(found[0]), int(found[1]))


@cache
def _characters(face: Face) -> frozenset[int]:
    try:
        font = TTFont(face.path, lazy=True, fontNumber=face.index)
        return frozenset(font.getBestCmap())
    except Exception:  # not a font fontTools reads: it has no characters for us
        return frozenset()


@cache
def _font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(
            str(face.path), size, index=face.index, layout_engine=ImageFont.Layout.BASIC
        )
    except OSError:
        raise FilmbookError(
            f"{face.path}: cannot open this font for the cover: install fonts-noto-cjk "
            "(scripts/setup-system.sh does)"
        ) from None
