"""A portal user reaches its own customer's records only: 404 on every other customer's,
403 on every staff page."""

import pytest
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.testing import make_unit


@pytest.fixture
def two_customers(shanghai):
    people = {}
    for name, code in (("a", "C-0001"), ("b", "C-0002")):
        customer = make_customer(shanghai, code, f"客户{name}")
        user = make_user(Role.CUSTOMER, username=f"portal-{name}", office=shanghai)
        PortalAccess.objects.create(user=user, customer=customer)
        people[name] = {
            "user": user,
            "customer": customer,
            "site": make_site(customer),
            "contact": make_contact(customer),
            "unit": make_unit(customer, f"UNIT-{name}"),
        }
    return people


@pytest.mark.django_db
def test_portal_user_gets_404_on_another_customers_records(client, two_customers):
    a, b = two_customers["a"], two_customers["b"]
    client.force_login(a["user"])
    own = [
        reverse("portal:site_detail", args=[a["site"].pk]),
        reverse("portal:unit_detail", args=[a["unit"].pk]),
        reverse("portal:unit_document", args=[a["unit"].pk]),
    ]
    others = [
        reverse("portal:site_detail", args=[b["site"].pk]),
        reverse("portal:unit_detail", args=[b["unit"].pk]),
        reverse("portal:unit_document", args=[b["unit"].pk]),
        reverse("portal:unit_document", args=[b["unit"].pk]) + "?format=pdf",
    ]
    assert [client.get(url).status_code for url in own] == [200, 200, 200]
    assert [client.get(url).status_code for url in others] == [404, 404, 404, 404]
    # The nameplate's QR code: its own machine opens in the portal, another's is not found.
    scan = client.get(reverse("equipment:unit_by_serial", args=[a["unit"].serial_key]))
    assert scan.url == reverse("portal:unit_detail", args=[a["unit"].pk])
    assert (
        client.get(reverse("equipment:unit_by_serial", args=[b["unit"].serial_key])).status_code
        == 404
    )
    home = client.get(reverse("portal:home")).content.decode()
    assert "UNIT-a" in home and "UNIT-b" not in home


@pytest.mark.django_db
def test_portal_user_gets_403_on_every_staff_page_of_any_customer(client, two_customers):
    a, b = two_customers["a"], two_customers["b"]
    client.force_login(a["user"])
    tried = 0
    for target in (a, b):
        customer, site, contact, unit = (target[k] for k in ("customer", "site", "contact", "unit"))
        for url in (
            reverse("records:customer_record", args=[customer.pk]),
            reverse("records:unit_record", args=[unit.pk]),
            reverse("records:customer_document", args=[customer.pk]),
            reverse("records:unit_document", args=[unit.pk]),
            reverse("customers:customer_edit", args=[customer.pk]),
            reverse("customers:site_edit", args=[customer.pk, site.pk]),
            reverse("customers:contact_edit", args=[customer.pk, contact.pk]),
            reverse("equipment:unit_edit", args=[unit.pk]),
            reverse("equipment:unit_label", args=[unit.pk]),
            reverse("customers:customer_list"),
            reverse("equipment:unit_list"),
        ):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"name_zh": "x"}).status_code in (403, 405), url
            tried += 2
    print(f"portal isolation: {tried} staff requests refused")
    b["customer"].refresh_from_db()
    assert b["customer"].name_zh == "客户b"


def _case_with_photo(people, coordinator):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from serviceloop.service.services.cases_work import attach_media
    from serviceloop.service.testing import make_case

    case = make_case(
        people["customer"].office,
        customer=people["customer"],
        unit=people["unit"],
        opened_by=coordinator,
        symptom=f"{people['customer'].name_zh}的故障",
    )
    jpeg = BytesIO()
    Image.new("RGB", (64, 48), "gray").save(jpeg, "JPEG")
    photo = SimpleUploadedFile("fault.jpg", jpeg.getvalue(), content_type="image/jpeg")
    return case, attach_media(by=coordinator, case=case, upload=photo, caption="")


@pytest.mark.django_db
def test_portal_user_sees_its_own_cases_and_photos_and_gets_404_on_anothers(
    client, two_customers, shanghai
):
    coordinator = make_user(Role.COORDINATOR, username="coord", office=shanghai)
    a, b = two_customers["a"], two_customers["b"]
    own_case, own_photo = _case_with_photo(a, coordinator)
    other_case, other_photo = _case_with_photo(b, coordinator)
    client.force_login(a["user"])

    listing = client.get(reverse("portal:case_list")).content.decode()
    assert own_case.number in listing and other_case.number not in listing
    assert client.get(reverse("portal:case_detail", args=[own_case.pk])).status_code == 200
    assert client.get(reverse("portal:case_document", args=[own_case.pk])).status_code == 200
    own_thumbnail = client.get(
        reverse("portal:attachment_file", args=[own_case.pk, own_photo.pk, "thumbnail"])
    )
    assert own_thumbnail.status_code == 200
    assert b"".join(own_thumbnail.streaming_content)[:3] == b"\xff\xd8\xff"

    refused = [
        reverse("portal:case_detail", args=[other_case.pk]),
        reverse("portal:case_document", args=[other_case.pk]),
        reverse("portal:attachment_file", args=[other_case.pk, other_photo.pk, "original"]),
        reverse("portal:attachment_file", args=[other_case.pk, other_photo.pk, "thumbnail"]),
        # Its own case with the other customer's photo id: still not found.
        reverse("portal:attachment_file", args=[own_case.pk, other_photo.pk, "display"]),
    ]
    assert [client.get(url).status_code for url in refused] == [404] * 5
    # The staff pages of cases and their files stay closed to portal users altogether.
    staff_urls = [
        reverse("service:case_detail", args=[own_case.pk]),
        reverse("service:case_document", args=[own_case.pk]),
        reverse("service:attachment_file", args=[other_case.pk, other_photo.pk, "original"]),
    ]
    assert [client.get(url).status_code for url in staff_urls] == [403, 403, 403]


def _report(case, engineer, *, signed: bool):
    from django.utils import timezone

    from serviceloop.service.models import RepairReport

    moment = timezone.now() if signed else None
    return RepairReport.objects.create(
        case=case,
        engineer=engineer,
        fault_found="过滤器堵塞",
        actions="清洗过滤器",
        customer_name="王建华" if signed else "",
        customer_signed_at=moment,
        engineer_signed_at=moment,
    )


@pytest.mark.django_db
def test_portal_user_prints_its_own_signed_reports_and_gets_404_on_anothers(
    client, two_customers, shanghai
):
    from serviceloop.service.testing import make_case

    coordinator = make_user(Role.COORDINATOR, username="coord", office=shanghai)
    engineer = make_user(Role.ENGINEER, username="eng", office=shanghai)
    a, b = two_customers["a"], two_customers["b"]
    own_case = make_case(shanghai, customer=a["customer"], unit=a["unit"], opened_by=coordinator)
    other_case = make_case(shanghai, customer=b["customer"], unit=b["unit"], opened_by=coordinator)
    own, draft = _report(own_case, engineer, signed=True), _report(own_case, engineer, signed=False)
    other = _report(other_case, engineer, signed=True)
    client.force_login(a["user"])

    def document(case, report):
        return client.get(reverse("portal:report_document", args=[case.pk, report.pk]))

    page = document(own_case, own)
    assert page.status_code == 200 and "UNIT-a" in page.content.decode()
    # Another customer's report, its report under its own case's number, and a draft.
    refused = [document(other_case, other), document(own_case, other), document(own_case, draft)]
    assert [response.status_code for response in refused] == [404, 404, 404]
    staff_document = reverse("service:report_document", args=[own_case.pk, own.pk])
    assert client.get(staff_document).status_code == 403
