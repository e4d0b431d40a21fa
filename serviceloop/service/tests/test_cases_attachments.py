from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing import with_form_key
from serviceloop.service.models import Attachment
from serviceloop.service.testing import make_case


def _photo_with_gps() -> bytes:
    image = Image.new("RGB", (400, 300), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the phone was held upright
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}  # GPS of the customer's plant
    buffer = BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def case(shanghai, users):
    return make_case(shanghai, assignee=users[Role.ENGINEER], opened_by=users[Role.COORDINATOR])


def _upload(client, case, name, content):
    return client.post(
        reverse("service:case_attach", args=[case.pk]),
        with_form_key(file=SimpleUploadedFile(name, content), caption="电源柜"),
    )


@pytest.mark.django_db
def test_a_phone_photo_is_turned_upright_and_loses_its_gps(client, users, case):
    client.force_login(users[Role.ENGINEER])
    _upload(client, case, "IMG_0001.jpg", _photo_with_gps())
    attachment = Attachment.objects.get()
    with Image.open(attachment.original.open("rb")) as stored:
        assert stored.size == (300, 400)
        assert not stored.getexif()
    response = client.get(
        reverse("service:attachment_file", args=[case.pk, attachment.pk, "thumbnail"])
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00 an executable renamed"),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ],
)
def test_files_that_are_not_photos_or_videos_are_refused(client, users, case, name, content):
    client.force_login(users[Role.ENGINEER])
    _upload(client, case, name, content)
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_an_oversize_photo_is_refused(client, users, case, monkeypatch):
    from serviceloop.core import media

    monkeypatch.setattr(media, "MAX_IMAGE_BYTES", 1000)
    monkeypatch.setattr(
        media.process_upload,
        "__kwdefaults__",
        {**media.process_upload.__kwdefaults__, "max_image_bytes": 1000},
    )
    client.force_login(users[Role.ENGINEER])
    _upload(client, case, "big.jpg", _photo_with_gps())
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_attachments_of_another_office_answer_404_and_portal_users_403(
    client, users, case, beijing
):
    client.force_login(users[Role.ENGINEER])
    _upload(client, case, "a.jpg", _photo_with_gps())
    url = reverse(
        "service:attachment_file", args=[case.pk, Attachment.objects.get().pk, "original"]
    )
    client.force_login(make_user(Role.ENGINEER, username="bj", office=beijing))
    assert client.get(url).status_code == 404
    client.force_login(users[Role.CUSTOMER])
    assert client.get(url).status_code == 403
