"""Signatures drawn on the screen (report and quote acceptance), kept as clean PNG pixels.

The browser sends the drawing as a `data:image/png;base64,...` URL, but anything can be
sent behind that prefix: a video with an HTML tail was once stored and served back as
image/png. So the bytes are decoded strictly, opened as a PNG or JPEG by Pillow, checked for
a sane size, refused when anything follows the image's end, and re-encoded: what is kept
is a PNG made from the pixels alone, whatever was sent.
"""

import base64
import binascii
import io
import re
import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

MAX_BYTES = 1024 * 1024  # a 600×200 drawing is 5 to 30 KB
MAX_SIDE = 4000
MIN_SIDE = 16
MAX_PIXELS = 4_000_000
PREFIX = re.compile(r"data:image/(?:png|jpeg);base64,")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _refused(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def _decoded(data_url: str) -> bytes:
    """The bytes behind the data URL's prefix, refused when they are not strict base64 or
    too large, before decoding (from the URL's length) and after."""
    prefix = PREFIX.match(data_url)
    if prefix is None:
        raise _refused(_("Draw the signature in the box."), "signature_missing")
    payload = data_url[prefix.end() :]
    if len(payload) > (MAX_BYTES + 2) // 3 * 4:
        raise _too_large()
    try:
        raw = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError) as error:
        raise _refused(
            _("The signature could not be read: clear the box and draw it again."),
            "signature_encoding",
        ) from error
    if len(raw) > MAX_BYTES:
        raise _too_large()
    return raw


def _too_large() -> ValidationError:
    return _refused(
        _("The signature is larger than %(limit)s KB."),
        "signature_too_large",
        limit=MAX_BYTES // 1024,
    )


def _png_end(raw: bytes) -> int | None:
    """Where a PNG's IEND chunk ends (None when it has none): the chunk lengths are walked,
    so bytes after it (an HTML page, a script) cannot hide behind a valid image."""
    position = len(PNG_MAGIC)
    while position + 12 <= len(raw):
        (length,) = struct.unpack(">I", raw[position : position + 4])
        kind = raw[position + 4 : position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position
    return None


def _ends_with_the_image(raw: bytes, pillow_format: str) -> bool:
    if pillow_format == "PNG":
        return _png_end(raw) == len(raw)
    return raw.endswith(b"\xff\xd9")  # a JPEG's end-of-image marker


def _not_an_image() -> ValidationError:
    return _refused(
        _("The signature is not a drawing (a PNG or JPEG image): clear the box and sign again."),
        "signature_not_image",
    )


def _check_size(width: int, height: int) -> None:
    if (
        min(width, height) < MIN_SIDE
        or max(width, height) > MAX_SIDE
        or width * height > MAX_PIXELS
    ):
        raise _refused(
            _(
                "The signature must be between %(min)s and %(max)s pixels wide and high, and "
                "at most %(pixels)s million pixels."
            ),
            "signature_dimensions",
            min=MIN_SIDE,
            max=MAX_SIDE,
            pixels=MAX_PIXELS // 1_000_000,
        )


def _on_white(image: Image.Image) -> Image.Image:
    """RGB pixels, transparent parts (the canvas's background) on white, nothing else."""
    rgba = image.convert("RGBA")
    canvas = Image.new("RGB", rgba.size, "white")
    canvas.paste(rgba, mask=rgba.getchannel("A"))
    return canvas


def _pixels(raw: bytes) -> Image.Image:
    """The decoded drawing: a whole PNG or JPEG of a sane size and nothing after it."""
    try:
        # Image.open reads the header only: the size is checked before any pixel is decoded.
        with Image.open(io.BytesIO(raw), formats=["PNG", "JPEG"]) as probe:
            pillow_format = probe.format or ""
            _check_size(probe.width, probe.height)
            probe.verify()
        if not _ends_with_the_image(raw, pillow_format):
            raise _refused(
                _("The signature carries other data after the image: clear the box, sign again."),
                "signature_trailing_data",
            )
        with Image.open(io.BytesIO(raw), formats=[pillow_format]) as image:
            image.load()
            return _on_white(image)
    except ValidationError:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        struct.error,
        Image.DecompressionBombError,
    ) as error:
        raise _not_an_image() from error


def signature_png(data_url: str) -> bytes:
    """The drawn signature as a PNG re-encoded from its pixels; anything that is not a
    whole, sane, non-empty PNG or JPEG drawing is refused with a ValidationError."""
    image = _pixels(_decoded(data_url))
    darkest, lightest = image.convert("L").getextrema()
    if darkest == lightest:  # one flat colour: nothing was drawn
        raise _refused(_("The signature box is empty: draw the signature."), "signature_empty")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
