"""Turn an image file's bytes into normalised image bytes: the same image, safe to print.

JPEG, PNG and WebP are read, told apart by their content, never by the file's name;
anything else (GIF, TIFF, BMP, SVG …) is refused. A file of more than ``MAX_BYTES`` or
an image of more than ``MAX_PIXELS`` (a decompression bomb) is refused before it is
decoded. What is read is turned into 8-bit RGB, or RGBA where it has transparency (CMYK,
16-bit, palette, greyscale with alpha …), turned upright as its EXIF orientation says,
scaled down to at most ``MAX_SIDE`` pixels a side (an A4 page's height at 300 dpi) and
encoded again without any of its metadata (EXIF, ICC profile, XMP, text chunks), with
fixed settings: the same file gives the same bytes on every machine with the same
Pillow. A JPEG, and a WebP without transparency, stays a JPEG; the rest become PNG.

Nothing here reads a file or the network: the press material's reader hands the bytes.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
"""Image files larger than this (20 MiB, a large print-ready JPEG) are refused."""
MAX_PIXELS = 50_000_000
"""Images of more pixels than this (some 8,700 × 5,800) are refused before decoding:
decoded they would take 200 MB, and a small file can claim any size (a bomb)."""
MAX_SIDE = 3508
"""The longest side an image is scaled down to: an A4 page's height at 300 dpi."""
JPEG_QUALITY = 90
PNG_COMPRESSION = 6
FORMATS = ("JPEG", "PNG", "WEBP")
_OTHER_FORMATS = (
    (b"GIF87a", "a GIF"),
    (b"GIF89a", "a GIF"),
    (b"II*\x00", "a TIFF"),
    (b"MM\x00*", "a TIFF"),
    (b"BM", "a BMP"),
    (b"\x00\x00\x01\x00", "an ICO"),
    (b"%PDF", "a PDF"),
    (b"8BPS", "a Photoshop"),
)
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "La", "RGBa"})


class ImageError(Exception):
    """An image that cannot be used, and why, in a few words."""


@dataclass(frozen=True)
class Normalised:
    """An image as filmbook prints it: PNG or JPEG bytes and the size in pixels."""

    data: bytes
    media_type: str
    width: int
    height: int


def normalise(data: bytes) -> Normalised:
    """The image of ``data``, normalised; raise ``ImageError`` for one filmbook refuses
    (not JPEG, PNG or WebP, too large, broken or truncated)."""
    if not data:
        raise ImageError("is empty, not an image")
    if len(data) > MAX_BYTES:
        raise ImageError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    with warnings.catch_warnings(), _truncated_refused():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                source_format = image.format
                _check_size(image.size)
                image.load()
                upright = ImageOps.exif_transpose(image)
        except UnidentifiedImageError:
            raise ImageError(_unknown(data)) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError(_too_many_pixels()) from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError) as error:
            raise ImageError(f"a broken or truncated image ({_reason(error)})") from None
    return _encode(_resized(_eight_bit(upright)), lossy=source_format != "PNG")


@contextlib.contextmanager
def _truncated_refused() -> Iterator[None]:
    """Pillow refusing truncated images for the block: WeasyPrint, once imported, tells
    it to fill a truncated image's missing rows with grey, for the whole process."""
    saved = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _check_size(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise ImageError("an image with no pixels")
    if width * height > MAX_PIXELS:
        raise ImageError(f"{width} × {height} pixels: {_too_many_pixels()}")


def _too_many_pixels() -> str:
    return f"more than {MAX_PIXELS:,} pixels (a decompression bomb?)"


def _unknown(data: bytes) -> str:
    """Why ``data`` is not an image filmbook reads, naming the format where it is known."""
    if data.startswith((b"\x89PNG", b"\xff\xd8\xff")) or data[8:12] == b"WEBP":
        return "a broken or truncated image (its header cannot be read)"
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return f"{name} image: only JPEG, PNG and WebP are read"
    if data.lstrip()[:5].lower() in (b"<svg ", b"<?xml"):
        return "an SVG or XML file: only JPEG, PNG and WebP are read"
    return "not a JPEG, PNG or WebP image"


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:120]


def _eight_bit(image: Image.Image) -> Image.Image:
    """``image`` as 8-bit RGB, or RGBA where it has transparency."""
    mode = image.mode
    if mode.startswith("I;16") or mode == "I":
        # Pillow clips 16-bit values to 255 when converting to L: scale them instead.
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    elif mode == "F":
        image = image.convert("L")
    if mode == "P" and "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode in _ALPHA_MODES:
        return image.convert("RGBA")
    return image.convert("RGB")


def _resized(image: Image.Image) -> Image.Image:
    """``image`` scaled down to fit ``MAX_SIDE``, never up."""
    if max(image.size) > MAX_SIDE:
        image = image.copy()
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def _encode(image: Image.Image, *, lossy: bool) -> Normalised:
    """``image`` encoded with fixed settings and no metadata: JPEG for a photograph
    without transparency that came as JPEG or WebP, else PNG."""
    image.info.clear()  # the PNG writer would copy an ICC profile or text chunks
    out = io.BytesIO()
    if lossy and image.mode == "RGB":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, subsampling="4:2:0")
        media_type = "image/jpeg"
    else:
        image.save(out, "PNG", optimize=False, compress_level=PNG_COMPRESSION)
        media_type = "image/png"
    return Normalised(out.getvalue(), media_type, image.width, image.height)
