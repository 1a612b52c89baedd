"""The images stage: a press-material image file's bytes → normalised PNG or JPEG bytes."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from filmbook.images import MAX_BYTES, MAX_PIXELS, MAX_SIDE, ImageError, normalise


def encode(image: Image.Image, kind: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with almost no data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 10))
        + chunk(b"IEND", b"")
    )


def test_a_cmyk_jpeg_becomes_an_rgb_jpeg() -> None:
    cmyk = Image.new("CMYK", (40, 20), (0, 255, 255, 0))  # red, in ink
    done = normalise(encode(cmyk, "JPEG"))
    assert done.media_type == "image/jpeg"
    image = decode(done.data)
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((10, 10))  # type: ignore[misc]
    assert red > 200 and green < 40 and blue < 40


def test_a_16_bit_png_is_scaled_to_8_bits_not_clipped() -> None:
    grey = Image.new("I;16", (10, 10), 32768)
    done = normalise(encode(grey, "PNG"))
    image = decode(done.data)
    assert (done.media_type, image.mode) == ("image/png", "RGB")
    assert image.getpixel((1, 1)) == (127, 127, 127)


@pytest.mark.parametrize(
    ("image", "mode"),
    [
        (Image.new("LA", (6, 6), (100, 50)), "RGBA"),
        (Image.new("P", (6, 6), 3), "RGB"),
        (Image.new("1", (6, 6), 1), "RGB"),
        (Image.new("L", (6, 6), 90), "RGB"),
        (Image.new("RGBA", (6, 6), (1, 2, 3, 4)), "RGBA"),
    ],
    ids=["LA", "P", "1", "L", "RGBA"],
)
def test_every_mode_becomes_8_bit_rgb_or_rgba(image: Image.Image, mode: str) -> None:
    assert decode(normalise(encode(image, "PNG")).data).mode == mode


def test_a_palette_with_a_transparent_colour_keeps_its_transparency() -> None:
    palette = Image.new("P", (6, 6), 0)
    done = decode(normalise(encode(palette, "PNG", transparency=0)).data)
    assert done.mode == "RGBA"
    assert done.getpixel((0, 0))[3] == 0  # type: ignore[index]


def test_the_exif_orientation_is_applied_and_the_exif_dropped() -> None:
    wide = Image.new("RGB", (40, 20), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x010F] = "Camera maker"
    done = normalise(encode(wide, "JPEG", exif=exif.tobytes()))
    assert (done.width, done.height) == (20, 40)
    image = decode(done.data)
    assert image.size == (20, 40)
    assert not image.getexif()
    assert "exif" not in image.info


def test_all_metadata_is_stripped() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "someone")
    info.add_text("Comment", "GPS 51.5, -0.1")
    icc = Image.new("RGB", (1, 1))  # any bytes stand for a profile: Pillow copies them
    source = encode(Image.new("RGB", (8, 8), "blue"), "PNG", pnginfo=info, icc_profile=b"x" * 64)
    assert b"someone" in source and icc
    done = normalise(source)
    assert b"someone" not in done.data and b"GPS" not in done.data
    assert b"iCCP" not in done.data and b"tEXt" not in done.data and b"tIME" not in done.data
    jpeg = encode(Image.new("RGB", (8, 8), "blue"), "JPEG", icc_profile=b"y" * 64, comment=b"hi")
    image = decode(normalise(jpeg).data)
    assert "icc_profile" not in image.info and "comment" not in image.info


def test_the_same_file_gives_the_same_bytes() -> None:
    noise = Image.effect_noise((120, 80), 40).convert("RGB")
    for kind in ("PNG", "JPEG", "WEBP"):
        data = encode(noise, kind)
        assert normalise(data).data == normalise(data).data


def test_webp_becomes_jpeg_and_webp_with_alpha_png() -> None:
    assert normalise(encode(Image.new("RGB", (8, 8)), "WEBP")).media_type == "image/jpeg"
    alpha = Image.new("RGBA", (8, 8), (0, 0, 0, 10))
    assert normalise(encode(alpha, "WEBP", lossless=True)).media_type == "image/png"


def test_a_big_image_is_scaled_down_to_fit_a_page_at_300_dpi() -> None:
    done = normalise(encode(Image.new("RGB", (5000, 1000)), "PNG"))
    assert (done.width, done.height) == (MAX_SIDE, 702)
    small = normalise(encode(Image.new("RGB", (30, 10)), "PNG"))
    assert (small.width, small.height) == (30, 10)  # never scaled up


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"hello, world\n", "not a JPEG, PNG or WebP image"),
        (encode(Image.new("RGB", (4, 4)), "GIF"), "a GIF image"),
        (encode(Image.new("RGB", (4, 4)), "TIFF"), "a TIFF image"),
        (encode(Image.new("RGB", (4, 4)), "BMP"), "a BMP image"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "an SVG"),
        (encode(Image.new("RGB", (4, 4)), "PNG")[:40], "a broken or truncated image"),
        (png_header(100_000, 100_000), "a decompression bomb"),
        (png_header(8_000, 7_000), f"more than {MAX_PIXELS:,} pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES, "larger than 20 MiB"),
    ],
    ids=["empty", "text", "gif", "tiff", "bmp", "svg", "cut", "bomb", "too-many", "too-big"],
)
def test_what_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(ImageError, match=message.replace("(", r"\(")):
        normalise(data)


def test_a_truncated_image_is_refused_even_after_weasyprint_is_imported() -> None:
    """WeasyPrint tells Pillow, for the whole process, to accept truncated images."""
    import weasyprint  # noqa: F401

    noise = encode(Image.effect_noise((64, 64), 50).convert("RGB"), "PNG")
    with pytest.raises(ImageError, match="truncated"):
        normalise(noise[: len(noise) // 2])
    jpeg = encode(Image.effect_noise((64, 64), 50).convert("RGB"), "JPEG")
    with pytest.raises(ImageError, match="truncated"):
        normalise(jpeg[: len(jpeg) // 2])
