"""Draw the seed's sample key art and still: abstract pictures of our own making.

    .venv/bin/python scripts/make_sample_art.py [FOLDER]

Writes ``all-of-us-strangers-poster.png`` (a portrait poster, 2:3) and
``all-of-us-strangers-still.png`` (a 16:9 still) into FOLDER (default ``source/``): a
tower block's lit windows at dusk, and two windows lit side by side. Drawn with Pillow
from fixed numbers, so every run writes the same bytes; no photograph, no one's work but
this script's. ``source/all-of-us-strangers.toml`` credits them as such.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

POSTER_SIZE = (800, 1200)
STILL_SIZE = (1280, 720)
SEED = 1987  # the year of the novel the film adapts
DUSK = ((22, 24, 58), (188, 92, 84))  # top and bottom of the sky
WARM = (255, 196, 120)
COOL = (120, 160, 220)


def sky(size: tuple[int, int], colours: tuple[tuple[int, int, int], ...] = DUSK) -> Image.Image:
    """A vertical gradient from the first colour (top) to the second (bottom), in bands
    of eight pixels: few colours, so the PNG stays small."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top, bottom = colours
    for y in range(0, height, 8):
        t = y / max(1, height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.rectangle((0, y, width, y + 8), fill=colour)
    return image


def poster() -> Image.Image:
    """A tower block against the dusk, a few of its windows lit, one brighter than all."""
    rng = random.Random(SEED)
    image = sky(POSTER_SIZE)
    draw = ImageDraw.Draw(image)
    height = POSTER_SIZE[1]
    left, right, roof = 180, 620, 170
    draw.rectangle((left, roof, right, height), fill=(14, 14, 24))
    columns, rows = 9, 26
    cell_w, cell_h = (right - left - 40) / columns, (height - roof - 40) / rows
    for row in range(rows):
        for column in range(columns):
            x = left + 20 + column * cell_w
            y = roof + 20 + row * cell_h
            lit = rng.random()
            colour = WARM if lit > 0.86 else COOL if lit > 0.8 else (30, 30, 44)
            draw.rectangle((x + 6, y + 8, x + cell_w - 6, y + cell_h - 8), fill=colour)
    glow = Image.new("RGB", POSTER_SIZE)
    ImageDraw.Draw(glow).ellipse((330, 520, 470, 660), fill=(120, 70, 30))
    image = Image.blend(image, glow.filter(ImageFilter.GaussianBlur(24)), 0.35)
    draw = ImageDraw.Draw(image)
    draw.rectangle((390, 574, 418, 600), fill=(255, 236, 190))  # the one window
    return image.quantize(64, dither=Image.Dither.NONE).convert("RGB")


def still() -> Image.Image:
    """Two windows lit side by side in a dark wall: the neighbours."""
    image = sky(STILL_SIZE, ((10, 10, 20), (40, 34, 52)))
    draw = ImageDraw.Draw(image)
    for x, colour in ((430, WARM), (710, COOL)):
        draw.rectangle((x, 250, x + 140, 470), fill=colour)
        draw.line((x + 70, 250, x + 70, 470), fill=(20, 20, 30), width=6)
        draw.line((x, 360, x + 140, 360), fill=(20, 20, 30), width=6)
    glow = image.filter(ImageFilter.GaussianBlur(40))
    image = Image.blend(image, glow, 0.4)
    return image.quantize(64, dither=Image.Dither.NONE).convert("RGB")


def main(argv: list[str]) -> int:
    """Write both pictures into the folder named, else ``source/``."""
    folder = Path(argv[0]) if argv else Path("source")
    folder.mkdir(parents=True, exist_ok=True)
    for name, picture in (("poster", poster()), ("still", still())):
        path = folder / f"all-of-us-strangers-{name}.png"
        picture.save(path, "PNG", optimize=True)
        print(f"{path}: {path.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
