"""Drawn signatures on reports and quotes: kept as PNG pixels only, whatever was sent."""

import base64
import os
from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from serviceloop.accounts.models import Role
from serviceloop.core.form_keys import new_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, ChargeLine, ChargeRates, Quote, RepairReport, Visit
from serviceloop.service.services import charges as charge_services
from serviceloop.service.services import reports as report_services
from serviceloop.service.testing import make_case

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _drawing(fmt="PNG", size=(300, 100)) -> bytes:
    image = Image.new("RGB", size, "white")
    for x in range(10, size[0] - 10):
        image.putpixel((x, size[1] // 2), (17, 17, 17))
    buffer = BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def _url(raw: bytes, media_type="image/png") -> str:
    return f"data:{media_type};base64," + base64.b64encode(raw).decode()


def _noise_png(side: int) -> bytes:
    buffer = BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "PNG")
    return buffer.getvalue()


def _blank_png() -> bytes:
    buffer = BytesIO()
    Image.new("RGBA", (600, 200), (0, 0, 0, 0)).save(buffer, "PNG")
    return buffer.getvalue()


MP4_WITH_HTML = (
    b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    + b"\x00" * 64
    + b"<html><script>alert(document.cookie)</script></html>"
)

REFUSED = {
    "png_with_html_tail": (
        lambda: _url(_drawing() + b"<html><script>alert(1)</script></html>"),
        "The signature carries other data after the image",
    ),
    "mp4_with_html": (lambda: _url(MP4_WITH_HTML), "The signature is not a drawing"),
    "not_base64": (
        lambda: "data:image/png;base64,iVBORw0KGgo<script>",
        "The signature could not be read",
    ),
    "too_many_bytes": (lambda: _url(_noise_png(700)), "The signature is larger than 1024 KB."),
    "too_wide": (lambda: _url(_drawing(size=(5000, 40))), "The signature must be between"),
    "one_pixel": (lambda: _url(_drawing(size=(1, 1))), "The signature must be between"),
    "empty_box": (lambda: _url(_blank_png()), "The signature box is empty"),
    "svg": (
        lambda: _url(b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        "Draw the signature in the box.",
    ),
}


def _sign_in(client, user):
    # Pages in English, so the test reads the messages as written in the code.
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.fixture
def report(shanghai, users):
    engineer = users[Role.ENGINEER]
    case = make_case(
        shanghai,
        state=Case.State.ON_SITE,
        assignee=engineer,
        opened_by=users[Role.COORDINATOR],
        on_site_at=timezone.now(),
    )
    visit = Visit.objects.create(
        case=case,
        planned_start=timezone.now(),
        state=Visit.State.ON_SITE,
        planned_by=users[Role.COORDINATOR],
    )
    visit.engineers.add(engineer)
    return report_services.save_report(
        by=engineer,
        case=case,
        report=None,
        version=None,
        changes={"fault_found": "冷却水过滤器堵塞", "actions": "清洗Y型过滤器"},
    )


@pytest.fixture
def quote(shanghai, users):
    ChargeRates.objects.create(office=shanghai, labour_rate=Decimal("450"), travel_rate=300)
    customer = make_customer(shanghai, "C-0077")
    case = make_case(
        shanghai,
        state=Case.State.TRIAGED,
        customer=customer,
        unit=make_unit(customer, "IH-OLD-1", final_acceptance_date=date(2020, 1, 1)),
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
    )
    return charge_services.create_quote(
        by=users[Role.COORDINATOR],
        case=case,
        scope="更换IGBT模块",
        lines=[{"kind": ChargeLine.Kind.LABOUR, "quantity": Decimal("3")}],
    )


def _sign_report(client, report, signature):
    return client.post(
        reverse("service:report_sign", args=[report.case_id]),
        {
            "version": report.version,
            "customer_name": "王建华",
            "signature": signature,
            "engineer_signature": _url(_drawing()),
            "form_key": new_form_key(),
        },
        follow=True,
    )


def _sign_quote(client, quote, signature):
    return client.post(
        reverse("service:quote_sign", args=[quote.case_id, quote.pk]),
        {
            "version": quote.version,
            "customer_name": "王建华",
            "signature": signature,
            "form_key": new_form_key(),
        },
        follow=True,
    )


def _kept_as_png(field_file) -> bytes:
    with field_file.open("rb") as stored:
        data = stored.read()
    assert data.startswith(PNG_MAGIC)
    with Image.open(BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (300, 100)
    return data


@pytest.mark.django_db
def test_a_jpeg_signature_on_a_report_is_kept_as_a_real_png(client, users, report):
    _sign_in(client, users[Role.ENGINEER])
    jpeg = _drawing("JPEG")
    response = _sign_report(client, report, _url(jpeg))  # a JPEG behind the PNG prefix
    assert "The report is signed and locked." in response.content.decode()
    report.refresh_from_db()
    assert report.is_signed and report.customer_signature.name.endswith(".png")
    assert _kept_as_png(report.customer_signature) != jpeg
    served = client.get(reverse("service:report_signature", args=[report.case_id, report.pk]))
    assert b"".join(served.streaming_content).startswith(PNG_MAGIC)


@pytest.mark.django_db
def test_a_jpeg_signature_on_a_quote_is_kept_as_a_real_png(client, users, quote):
    _sign_in(client, users[Role.ENGINEER])
    response = _sign_quote(client, quote, _url(_drawing("JPEG"), "image/jpeg"))
    assert "The customer approved the quote." in response.content.decode()
    quote.refresh_from_db()
    assert quote.state == Quote.State.APPROVED and quote.signature.name.endswith(".png")
    _kept_as_png(quote.signature)


@pytest.mark.django_db
def test_a_png_signature_is_re_encoded_without_its_text_chunks(client, users, report):
    image = Image.open(BytesIO(_drawing()))
    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    buffer = BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    _sign_in(client, users[Role.ENGINEER])
    _sign_report(client, report, _url(buffer.getvalue()))
    report.refresh_from_db()
    assert b"<script>" not in _kept_as_png(report.customer_signature)


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED.keys())
def test_a_report_signature_that_is_not_a_sane_drawing_is_refused(client, users, report, case):
    signature, message = REFUSED[case]
    _sign_in(client, users[Role.ENGINEER])
    response = _sign_report(client, report, signature())
    assert message in response.content.decode()
    report.refresh_from_db()
    assert not report.is_signed and not report.customer_signature
    assert RepairReport.objects.filter(customer_signed_at__isnull=False).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("case", REFUSED.keys())
def test_a_quote_signature_that_is_not_a_sane_drawing_is_refused(client, users, quote, case):
    signature, message = REFUSED[case]
    _sign_in(client, users[Role.ENGINEER])
    response = _sign_quote(client, quote, signature())
    page = response.content.decode()
    assert message in page
    assert 'value="王建华"' in page  # the name typed is shown again
    quote.refresh_from_db()
    assert quote.state == Quote.State.DRAFT and not quote.signature
