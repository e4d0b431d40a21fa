"""Photos and videos of a fault, accepted by what they contain and stripped of metadata.

Engineers and customers attach them to a service case from their phones. The first bytes
decide the format; the file name and the browser's content type are never trusted.

Photos are decoded and re-encoded by Pillow, so what we keep holds pixels only: no EXIF
(GPS coordinates of the customer's plant, the phone's serial number), no XMP, no ICC
profile, no comment, no extra frames such as depth maps. PNG sources stay PNG, because they
are mostly screenshots of a controller's screen whose text would blur as JPEG; every other
photo is stored as JPEG. The display and thumbnail copies are always JPEG.

Videos are kept as uploaded after the magic and size checks: transcoding them, or taking a
thumbnail frame, needs ffmpeg, which the servers do not have, so the UI shows a video icon.
"""

import io
import struct
from dataclasses import dataclass
from typing import Literal, Protocol

import pillow_heif
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

# Once per process: Image.open then reads the HEIC photos of iPhones.
pillow_heif.register_heif_opener()

MB = 2**20
MAX_IMAGE_BYTES = 15 * MB
MAX_VIDEO_BYTES = 200 * MB
MAX_PIXELS = 40_000_000
ORIGINAL_QUALITY = 90
DISPLAY_SIDE = 1600
DISPLAY_QUALITY = 82
THUMBNAIL_SIDE = 320
THUMBNAIL_QUALITY = 80
HEAD_BYTES = 64

# Major brands of the ISO base media file format (bytes 8-12, after b"ftyp").
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
MOV_BRANDS = frozenset({b"qt  "})
MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"M4V ", b"avc1"}
)

Kind = Literal["image", "video"]


class Upload(Protocol):
    """What process_upload needs of a Django UploadedFile."""

    @property
    def size(self) -> int | None: ...

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, /) -> int: ...


@dataclass(frozen=True)
class MediaFormat:
    kind: Kind
    content_type: str
    extension: str
    pillow_format: str | None = None


JPEG = MediaFormat("image", "image/jpeg", "jpg", "JPEG")
PNG = MediaFormat("image", "image/png", "png", "PNG")
WEBP = MediaFormat("image", "image/webp", "webp", "WEBP")
HEIF = MediaFormat("image", "image/heic", "heic", "HEIF")
MP4 = MediaFormat("video", "video/mp4", "mp4")
MOV = MediaFormat("video", "video/quicktime", "mov")
WEBM = MediaFormat("video", "video/webm", "webm")
MATROSKA = MediaFormat("video", "video/x-matroska", "mkv")


@dataclass(frozen=True)
class ProcessedMedia:
    kind: Kind
    content_type: str
    extension: str
    original: bytes
    display: bytes | None
    thumbnail: bytes | None
    width: int | None
    height: int | None
    size: int


def _refused_type() -> ValidationError:
    """Anything that is not one of the listed photo or video formats."""
    return ValidationError(
        _("Only photos (JPEG, PNG, WebP, HEIC) and videos (MP4, MOV, WebM) can be attached."),
        code="file_type",
    )


def _corrupt() -> ValidationError:
    """A photo whose header looks right but whose pixels cannot be decoded."""
    return ValidationError(_("This image could not be read."), code="corrupt")


def _iso_media_format(head: bytes) -> MediaFormat | None:
    """An ftyp box names its format by brand: HEIF brands are photos, not videos."""
    brand = head[8:12]
    if brand in HEIF_BRANDS:
        return HEIF
    if brand in MOV_BRANDS:
        return MOV
    if brand in MP4_BRANDS:
        return MP4
    return None


def sniff_media(head: bytes) -> MediaFormat:
    """The format of a photo or video from its first bytes; anything else is refused."""
    found: MediaFormat | None = None
    if head.startswith(b"\xff\xd8\xff"):
        found = JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = PNG
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        found = WEBP
    elif head[4:8] == b"ftyp":
        found = _iso_media_format(head)
    elif head.startswith(b"\x1a\x45\xdf\xa3"):
        # The EBML header's DocType tells WebM from other Matroska files.
        found = WEBM if b"webm" in head[:HEAD_BYTES] else MATROSKA
    if found is None:
        raise _refused_type()
    return found


def _read_within(upload: Upload, limit: int) -> bytes:
    """The whole upload, refused before reading when it is larger than the limit."""
    too_large = ValidationError(
        _("The file is larger than %(limit)s MB."),
        code="too_large",
        params={"limit": f"{limit / MB:g}"},
    )
    if (upload.size or 0) > limit:
        raise too_large
    upload.seek(0)
    data = upload.read(limit + 1)  # a reported size can lie; the bytes cannot
    if len(data) > limit:
        raise too_large
    return data


def _flattened(image: Image.Image) -> Image.Image:
    """An RGB copy with transparent parts on white and no metadata carried along."""
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, "white")
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    rgb = image.convert("RGB")
    rgb.info = {}  # Pillow falls back to info for the ICC profile, comment and XMP
    return rgb


def _too_many_pixels(max_pixels: int) -> ValidationError:
    """A photo with more pixels than allowed, however small the file (a decompression bomb)."""
    return ValidationError(
        _("The image has more than %(limit)s million pixels."),
        code="too_many_pixels",
        params={"limit": f"{max_pixels / 1_000_000:g}"},
    )


def _upright_rgb(data: bytes, source: MediaFormat, max_pixels: int) -> Image.Image:
    """Decoded RGB pixels of a photo that passes the pixel limit and Pillow's verify()."""
    formats = [source.pillow_format] if source.pillow_format else None
    try:
        # Image.open reads only the header, so the pixel count is checked before any pixel
        # is decoded. Pillow's own, laxer bomb limit (MAX_IMAGE_PIXELS) is process-wide and
        # left alone; it still raises DecompressionBombError past twice its value.
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            if probe.width * probe.height > max_pixels:
                raise _too_many_pixels(max_pixels)
            probe.verify()
        image = Image.open(io.BytesIO(data), formats=formats)
        image.load()  # refuses truncated files (ImageFile.LOAD_TRUNCATED_IMAGES is off)
        return _flattened(ImageOps.exif_transpose(image))  # phone photos upright
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(max_pixels) from error
    except (OSError, SyntaxError, ValueError, EOFError, RuntimeError, struct.error) as error:
        raise _corrupt() from error


def _encoded(image: Image.Image, pillow_format: str, **params: object) -> bytes:
    """The image in the given format, without EXIF or an ICC profile."""
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, exif=b"", **params)
    return buffer.getvalue()


def _resized_jpeg(image: Image.Image, side: int, quality: int) -> bytes:
    """A JPEG copy whose longest side is at most `side` pixels (never enlarged)."""
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return _encoded(copy, "JPEG", quality=quality, optimize=True)


def _process_image(data: bytes, source: MediaFormat, max_pixels: int) -> ProcessedMedia:
    """A photo re-encoded from its pixels: PNG stays PNG, everything else becomes JPEG."""
    image = _upright_rgb(data, source, max_pixels)
    stored = PNG if source == PNG else JPEG
    if stored == PNG:
        original = _encoded(image, "PNG")
    else:
        original = _encoded(image, "JPEG", quality=ORIGINAL_QUALITY, optimize=True)
    return ProcessedMedia(
        kind="image",
        content_type=stored.content_type,
        extension=stored.extension,
        original=original,
        display=_resized_jpeg(image, DISPLAY_SIDE, DISPLAY_QUALITY),
        thumbnail=_resized_jpeg(image, THUMBNAIL_SIDE, THUMBNAIL_QUALITY),
        width=image.width,
        height=image.height,
        size=len(original),
    )


def process_upload(
    upload: Upload,
    *,
    max_image_bytes: int = MAX_IMAGE_BYTES,
    max_video_bytes: int = MAX_VIDEO_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> ProcessedMedia:
    """A fault photo re-encoded without metadata, or a fault video kept as uploaded."""
    upload.seek(0)
    source = sniff_media(upload.read(HEAD_BYTES))
    if source.kind == "image":
        return _process_image(_read_within(upload, max_image_bytes), source, max_pixels)
    data = _read_within(upload, max_video_bytes)
    return ProcessedMedia(
        kind="video",
        content_type=source.content_type,
        extension=source.extension,
        original=data,
        display=None,
        thumbnail=None,
        width=None,
        height=None,
        size=len(data),
    )
