import io
import random
import struct
import zipfile
import zlib

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from serviceloop.core.media import process_upload

RED, BLUE = (255, 0, 0), (0, 0, 255)


def upload(content: bytes, name: str = "fault.jpg", content_type: str = "image/jpeg"):
    """What Django hands a view for one file field."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def encoded(image: Image.Image, pillow_format: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **params)
    return buffer.getvalue()


def gradient(width: int, height: int) -> Image.Image:
    """A photo-like image: JPEG cannot squeeze it into a few bytes."""
    return Image.linear_gradient("L").resize((width, height)).convert("RGB")


def phone_photo() -> bytes:
    """A 40×20 JPEG, red left and blue right, that the phone says to turn 90° clockwise."""
    image = Image.new("RGB", (40, 20), RED)
    image.paste(BLUE, (20, 0, 40, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (31.0, 14.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (121.0, 28.0, 0.0),
    }
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><plant>Shanghai</plant></x:xmpmeta>'
    return encoded(image, "JPEG", exif=exif, icc_profile=srgb, xmp=xmp, comment=b"plant 7")


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims width × height 1-bit pixels."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(tag + data))
        return struct.pack(">I", len(data)) + tag + data + crc

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def refusal(content: bytes, name: str = "fault.jpg", **limits) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process_upload(upload(content, name), **limits)
    return caught.value


def test_phone_photo_comes_out_upright():
    result = process_upload(upload(phone_photo()))

    assert (result.width, result.height) == (20, 40)
    stored = Image.open(io.BytesIO(result.original))
    assert stored.size == (20, 40)
    top, bottom = stored.getpixel((10, 5)), stored.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60  # the left (red) half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_phone_photo_loses_gps_exif_xmp_icc_and_comment():
    source = Image.open(io.BytesIO(phone_photo()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry GPS

    result = process_upload(upload(phone_photo()))

    for copy in (result.original, result.display, result.thumbnail):
        image = Image.open(io.BytesIO(copy))
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert not {"exif", "xmp", "icc_profile", "comment"} & image.info.keys()
        assert b"Exif" not in copy
        assert b"PhoneMaker" not in copy
        assert b"Shanghai" not in copy
        assert b"plant 7" not in copy


def test_photo_is_stored_as_jpeg_with_size_of_the_original():
    result = process_upload(upload(phone_photo()))

    assert (result.kind, result.content_type, result.extension) == ("image", "image/jpeg", "jpg")
    assert Image.open(io.BytesIO(result.original)).format == "JPEG"
    assert result.size == len(result.original)


def test_display_and_thumbnail_are_jpeg_within_their_sizes():
    photo = encoded(gradient(4000, 3000), "JPEG", quality=70)

    result = process_upload(upload(photo))

    display = Image.open(io.BytesIO(result.display))
    thumbnail = Image.open(io.BytesIO(result.thumbnail))
    assert (display.format, display.size) == ("JPEG", (1600, 1200))
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (320, 240))
    assert (result.width, result.height) == (4000, 3000)


def test_small_photo_is_not_enlarged():
    result = process_upload(upload(encoded(gradient(100, 80), "JPEG")))

    assert Image.open(io.BytesIO(result.display)).size == (100, 80)
    assert Image.open(io.BytesIO(result.thumbnail)).size == (100, 80)


def test_png_screenshot_with_alpha_stays_png_flattened_on_white():
    screenshot = Image.new("RGBA", (30, 30), (0, 0, 0, 0))
    screenshot.paste((0, 0, 255, 255), (0, 0, 15, 30))

    result = process_upload(upload(encoded(screenshot, "PNG"), "screen.png", "image/png"))

    assert (result.content_type, result.extension) == ("image/png", "png")
    stored = Image.open(io.BytesIO(result.original))
    assert (stored.format, stored.mode) == ("PNG", "RGB")
    assert stored.getpixel((25, 15)) == (255, 255, 255)
    assert stored.getpixel((5, 15)) == BLUE
    assert Image.open(io.BytesIO(result.display)).format == "JPEG"


def test_webp_is_accepted_and_stored_as_jpeg():
    webp = encoded(gradient(64, 48), "WEBP")

    result = process_upload(upload(webp, "fault.webp", "image/webp"))

    assert (result.kind, result.content_type, result.width, result.height) == (
        "image",
        "image/jpeg",
        64,
        48,
    )
    assert Image.open(io.BytesIO(result.original)).format == "JPEG"


def test_iphone_heic_is_accepted_and_stored_as_jpeg():
    buffer = io.BytesIO()
    try:
        pillow_heif.from_pillow(gradient(64, 48)).save(buffer, quality=50)
    except (RuntimeError, ValueError, OSError) as error:
        pytest.skip(f"this libheif build has no HEIC encoder to make a test photo: {error}")

    result = process_upload(upload(buffer.getvalue(), "IMG_0001.HEIC", "image/heic"))

    assert (result.kind, result.content_type, result.extension) == ("image", "image/jpeg", "jpg")
    assert Image.open(io.BytesIO(result.original)).format == "JPEG"
    assert (result.width, result.height) == (64, 48)


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", b"not really")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "photo.jpg", id="windows-exe"),
        pytest.param(b"\x7fELF\x02\x01\x01" + bytes(200), "photo.jpg", id="linux-elf"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script>'
            b"</svg>",
            "photo.png",
            id="svg-with-script",
        ),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "a.jpg", id="svg"
        ),
        pytest.param(b"<!DOCTYPE html><html><script>x()</script></html>", "a.jpg", id="html"),
        pytest.param(encoded(gradient(20, 20), "GIF"), "photo.gif", id="gif"),
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(100), "photo.jpg", id="pdf"),
        pytest.param(zip_archive(), "photo.jpg", id="zip"),
        pytest.param(random.Random(7).randbytes(4096), "photo.jpg", id="random-bytes"),
        pytest.param(b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00" + bytes(64), "a.mp4", id="m4a"),
        pytest.param(b"", "photo.jpg", id="empty"),
    ],
)
def test_refuses_anything_but_photos_and_videos_whatever_the_name(content, name):
    assert refusal(content, name).code == "file_type"


def test_refuses_photo_over_the_size_limit():
    error = refusal(encoded(gradient(200, 200), "JPEG"), max_image_bytes=1000)

    assert error.code == "too_large"


def test_refuses_video_over_the_size_limit():
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00" + bytes(5000)

    assert refusal(mp4, "fault.mp4", max_video_bytes=1000).code == "too_large"


def test_default_photo_limit_is_15_mb_and_the_message_says_so():
    error = refusal(b"\xff\xd8\xff" + bytes(15 * 2**20))

    assert error.code == "too_large"
    assert "15 MB" in error.messages[0]


@pytest.mark.parametrize(
    ("width", "height"),
    [
        pytest.param(50_000, 50_000, id="beyond-pillow-own-bomb-limit"),
        pytest.param(8_000, 6_000, id="over-our-40-megapixels"),
    ],
)
def test_refuses_decompression_bomb_before_decoding_pixels(width, height):
    # The file carries no pixel data at all: had the pixels been decoded first, the error
    # would be "corrupt" (and 50,000 × 50,000 would first allocate 2.5 GB).
    bomb = png_claiming(width, height)
    assert len(bomb) < 100

    assert refusal(bomb, "bomb.png").code == "too_many_pixels"


def test_pixel_limit_can_be_lowered():
    photo = encoded(gradient(100, 100), "JPEG")

    assert refusal(photo, max_pixels=9_999).code == "too_many_pixels"


def test_refuses_truncated_jpeg_as_corrupt():
    photo = encoded(gradient(400, 300), "JPEG")

    assert refusal(photo[: len(photo) // 2]).code == "corrupt"


def test_refuses_png_whose_pixel_data_fails_its_checksum_as_corrupt():
    png = bytearray(encoded(gradient(40, 30), "PNG"))
    png[-13] ^= 0xFF  # the IDAT checksum: Pillow decodes the pixels, only verify() objects

    assert refusal(bytes(png), "screen.png").code == "corrupt"


@pytest.mark.parametrize(
    ("head", "content_type", "extension"),
    [
        pytest.param(b"\x00\x00\x00\x18ftypmp42", "video/mp4", "mp4", id="android-mp4"),
        pytest.param(b"\x00\x00\x00\x18ftypisom", "video/mp4", "mp4", id="isom-mp4"),
        pytest.param(b"\x00\x00\x00\x14ftypqt  ", "video/quicktime", "mov", id="iphone-mov"),
        pytest.param(
            b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "video/webm", "webm", id="webm"
        ),
    ],
)
def test_accepts_video_as_uploaded(head, content_type, extension):
    video = head + bytes(256)

    result = process_upload(upload(video, "clip.bin", "application/octet-stream"))

    assert (result.kind, result.content_type, result.extension) == (
        "video",
        content_type,
        extension,
    )
    assert result.original == video
    assert result.size == len(video)
    assert (result.display, result.thumbnail, result.width, result.height) == (None,) * 4


def test_heic_brand_in_ftyp_is_an_image_not_a_video():
    fake_heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(256)

    # Decoded as a photo (and refused because it holds no picture), never kept as a video.
    assert refusal(fake_heic, "clip.mp4").code == "corrupt"


def test_still_refuses_a_truncated_jpeg_after_a_pdf_was_made():
    # WeasyPrint's import switches Pillow's LOAD_TRUNCATED_IMAGES on for the whole process.
    from serviceloop.core.documents import render_pdf

    render_pdf("<p>x</p>")
    photo = encoded(gradient(400, 300), "JPEG")

    assert refusal(photo[: len(photo) // 2]).code == "corrupt"
