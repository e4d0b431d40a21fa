from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Document
from serviceloop.equipment.testing import make_unit


def _pdf() -> bytes:
    # A whole PDF: uploads are opened and read object by object (core/pdfs.py).
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _pdf()


def _upload(client, unit, name, content, title="操作手册"):
    return client.post(
        reverse("equipment:unit_document_upload", args=[unit.pk]),
        with_form_key(kind="manual", title=title, upload=SimpleUploadedFile(name, content)),
    )


@pytest.mark.django_db
def test_a_pdf_is_kept_under_a_generated_name_and_served_as_an_attachment(
    client, users, shanghai, settings
):
    unit = make_unit(make_customer(shanghai))
    client.force_login(users[Role.COORDINATOR])
    _upload(client, unit, "../../etc/manual.pdf", PDF)
    document = Document.objects.get()
    assert document.file.name.startswith("documents/") and document.file.name.endswith(".pdf")
    assert "manual" not in document.file.name
    assert str(settings.MEDIA_ROOT) in document.file.path
    client.force_login(users[Role.ENGINEER])
    response = client.get(reverse("equipment:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("manual.pdf", b"MZ\x90\x00\x03\x00\x00\x00 an executable renamed"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_files_are_judged_by_content_not_by_name(client, users, shanghai, name, content):
    unit = make_unit(make_customer(shanghai))
    client.force_login(users[Role.COORDINATOR])
    _upload(client, unit, name, content)
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_documents_of_another_office_answer_404_and_portal_users_403(
    client, users, shanghai, beijing
):
    unit = make_unit(make_customer(beijing, "C-9001"), "BJ-1")
    client.force_login(users[Role.ADMIN])
    _upload(client, unit, "m.pdf", PDF)
    document = Document.objects.get()
    client.force_login(users[Role.ENGINEER])
    assert client.get(reverse("equipment:document_download", args=[document.pk])).status_code == 404
    client.force_login(users[Role.CUSTOMER])
    assert client.get(reverse("equipment:document_download", args=[document.pk])).status_code == 403
