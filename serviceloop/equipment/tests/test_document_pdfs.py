"""Hostile PDFs uploaded as unit documents: refused with the reason, what was typed kept."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from serviceloop.accounts.models import Role
from serviceloop.core import pdfs
from serviceloop.core.form_keys import new_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Document
from serviceloop.equipment.testing import make_unit

TITLE = "冷水机组操作手册 V2"
JAVASCRIPT = "This PDF contains JavaScript or automatic actions, which are not accepted"
LAUNCH = "This PDF contains an action that starts a program, which is not accepted."
EMBEDDED = "This PDF carries embedded files, which are not accepted"
UNREADABLE = "This PDF could not be read: it is damaged or not a PDF."
ENCRYPTED = "This PDF is protected by a password"


def _pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if change is not None:
        change(writer)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _action(kind: str, **entries: str) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    action.update(
        {NameObject(f"/{key}"): TextStringObject(value) for key, value in entries.items()}
    )
    return action


def _open_action_javascript(writer):
    writer.add_open_action(JavaScript("app.launchURL('https://evil.example/', true);"))


def _catalog_open_action_js(writer):
    writer._root_object[NameObject("/OpenAction")] = _action("/JavaScript", JS="app.alert(1)")


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = _action("/Launch", F="cmd.exe")


def _page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS="app.alert(1)")}
    )


def _attachment(writer):
    writer.add_attachment("setup.exe", b"MZ\x90\x00 an executable")


def _file_attachment_annotation(writer):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Contents"): TextStringObject("图纸"),
        }
    )
    writer.add_annotation(0, annotation)


def _encrypted(writer):
    writer.encrypt("secret")


def _with_object_stream(action: bytes, *, referenced: bool) -> bytes:
    """A PDF 1.5 whose action object lives only inside a compressed-object stream, listed by
    a cross-reference stream (there is no classic table to find it in)."""
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    open_action = b" /OpenAction 4 0 R" if referenced else b""
    add(1, b"<< /Type /Catalog /Pages 2 0 R" + open_action + b" >>")
    add(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    add(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    packed = b"4 0 " + action
    stream = b"<< /Type /ObjStm /N 1 /First 4 /Length %d >>\nstream\n" % len(packed)
    add(5, stream + packed + b"\nendstream")
    offsets[6] = len(out)
    rows = [(0, 0, 65535), *((1, offsets[n], 0) for n in (1, 2, 3))]
    rows += [(2, 5, 0), (1, offsets[5], 0), (1, offsets[6], 0)]
    data = b"".join(bytes([t]) + f.to_bytes(4, "big") + g.to_bytes(2, "big") for t, f, g in rows)
    out.extend(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(data)
        + data
        + b"\nendstream\nendobj\n"
    )
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[6])
    return bytes(out)


HOSTILE = {
    "document_javascript": (lambda: _pdf(_open_action_javascript), JAVASCRIPT),
    "open_action_javascript": (lambda: _pdf(_catalog_open_action_js), JAVASCRIPT),
    "page_additional_action": (lambda: _pdf(_page_additional_action), JAVASCRIPT),
    "launch_action": (lambda: _pdf(_launch), LAUNCH),
    "embedded_file": (lambda: _pdf(_attachment), EMBEDDED),
    "file_attachment_annotation": (lambda: _pdf(_file_attachment_annotation), EMBEDDED),
    "javascript_in_an_object_stream": (
        lambda: _with_object_stream(b"<< /S /Java#53cript /JS (app.alert(1)) >>", referenced=True),
        JAVASCRIPT,
    ),
    "unreferenced_launch_in_an_object_stream": (
        lambda: _with_object_stream(b"<< /S /Launch /F (cmd.exe) >>", referenced=False),
        LAUNCH,
    ),
    "encrypted": (lambda: _pdf(_encrypted), ENCRYPTED),
    "unparseable": (lambda: b"%PDF-1.7\n1 0 obj <</Type /Catalog", UNREADABLE),
    "truncated": (lambda: _pdf()[:200], UNREADABLE),
}


@pytest.fixture
def unit(shanghai):
    return make_unit(make_customer(shanghai))


@pytest.fixture
def coordinator(client, users):
    user = users[Role.COORDINATOR]
    # Pages in English, so the test reads the messages as written in the code.
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    return user


def _upload(client, unit, content):
    return client.post(
        reverse("equipment:unit_document_upload", args=[unit.pk]),
        {
            "kind": "manual",
            "title": TITLE,
            "upload": SimpleUploadedFile("manual.pdf", content),
            "form_key": new_form_key(),
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE.keys())
def test_a_hostile_pdf_is_refused_with_its_reason_and_the_title_is_kept(
    client, coordinator, unit, hostile
):
    content, reason = HOSTILE[hostile]
    response = _upload(client, unit, content())
    assert response.status_code == 200
    page = response.content.decode()
    assert reason in page
    assert f'value="{TITLE}"' in page
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_clean_pdf_is_accepted_and_served_unchanged(client, coordinator, unit):
    clean = _pdf(lambda writer: writer.add_metadata({"/Title": "操作手册"}))
    response = _upload(client, unit, clean)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == TITLE and document.content_type == "application/pdf"
    download = client.get(reverse("equipment:document_download", args=[document.pk]))
    assert b"".join(download.streaming_content) == clean


@pytest.mark.django_db
def test_a_pdf_whose_objects_refer_to_each_other_in_a_loop_is_checked_and_accepted(
    client, coordinator, unit
):
    def loop(writer):
        # A page's /Parent and its parent's /Kids point at each other, and so do these two.
        first = writer._add_object(DictionaryObject())
        second = writer._add_object(DictionaryObject({NameObject("/Next"): first}))
        first.get_object()[NameObject("/Next")] = second
        writer._root_object[NameObject("/Loop")] = first

    assert _upload(client, unit, _pdf(loop)).status_code == 302
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_a_pdf_with_more_objects_than_can_be_checked_is_refused(
    client, coordinator, unit, monkeypatch
):
    monkeypatch.setattr(pdfs, "MAX_OBJECTS", 3)  # a clean one-page PDF has four objects
    response = _upload(client, unit, _pdf())
    assert "This PDF is too complex to be checked" in response.content.decode()
    assert not Document.objects.exists()
