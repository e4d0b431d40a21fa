"""The printed records (decision 0016): the customer profile record (客户档案记录表, SL-F-04,
staff only) and the unit's record file (客户设备记录档案表, SL-F-05, staff and the
customer's portal), as print pages and PDFs in the reader's language."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing_documents import first_page_ink, fonts_not_embedded, pdf_text
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_customer
from serviceloop.records import documents
from serviceloop.service.testing import make_case

from .conftest import CUSTOMER_EN, CUSTOMER_ZH, FAULT, SERIAL, SYMPTOM

pytestmark = pytest.mark.django_db
LANGUAGES = ["zh-hans", "en", "es"]
# Labour 2 h × 450 + the IGBT module at its list price 5,200, VAT 13 %.
BILLED_TOTAL = Decimal("6893.00")


def _pdf(client, user, url: str, language: str) -> bytes:
    user.language = language
    user.save()
    client.force_login(user)
    response = client.get(url, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert fonts_not_embedded(pdf) == []
    assert first_page_ink(pdf) > 0.01
    return pdf


def _number(value: Decimal, decimals: int | None = None) -> str:
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def _missing(text: str, expected: list[str]) -> list[str]:
    """What the PDF's text lacks, line breaks in a narrow cell aside."""
    flat = "".join(text.split())
    return [value for value in expected if "".join(value.split()) not in flat]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_customer_record_pdf_reads_in_the_readers_language(client, users, served, language):
    url = reverse("records:customer_document", args=[served.customer.pk])
    text = pdf_text(_pdf(client, users[Role.COORDINATOR], url, language))
    with translation.override(language):
        expected = [
            "客户档案记录表",
            CUSTOMER_ZH,
            CUSTOMER_EN,
            "91310114MA1GT3XK2Q",
            SERIAL,
            served.case.number,
            "王建华",
            "wang.jianhua@example.cn",
            "wjh_saic",
            "SC-2026-0417",
            "工程师到场晚了两小时",
            gettext("Key figures"),
            gettext("Feedback scores"),
            _number(BILLED_TOTAL, 2),
        ]
        if language != "zh-hans":
            expected.append(str(documents.CUSTOMER_RECORD.title))
    assert _missing(text, expected) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_unit_file_pdf_reads_in_the_readers_language(client, users, served, language):
    url = reverse("records:unit_document", args=[served.unit.pk])
    text = pdf_text(_pdf(client, users[Role.ENGINEER], url, language))
    with translation.override(language):
        expected = [
            "客户设备记录档案表",
            SERIAL,
            CUSTOMER_ZH,
            "PS-300-88121",
            "V2.4.1",
            "SC-2026-0417",
            served.case.number,
            SYMPTOM,
            FAULT,
            "SP-2001",
            "IGBT模块",
            gettext("Parts replaced"),
            gettext("Case opened"),
            f"{_number(Decimal('250.0'))} kW",
            f"{_number(Decimal('10.00'))} kHz",
        ]
    assert _missing(text, expected) == []


def test_staff_print_from_the_record_pages(client, users, served):
    client.force_login(users[Role.ENGINEER])
    customer_page = client.get(reverse("records:customer_record", args=[served.customer.pk]))
    unit_page = client.get(reverse("records:unit_record", args=[served.unit.pk]))
    assert reverse("records:customer_document", args=[served.customer.pk]) in (
        customer_page.content.decode()
    )
    assert reverse("records:unit_document", args=[served.unit.pk]) in unit_page.content.decode()


def test_another_offices_staff_gets_404_for_both_documents(client, served, beijing):
    client.force_login(make_user(Role.COORDINATOR, username="bj-coordinator", office=beijing))
    for url in (
        reverse("records:customer_document", args=[served.customer.pk]),
        reverse("records:unit_document", args=[served.unit.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.get(url, {"format": "pdf"}).status_code == 404


def test_the_profile_record_lists_the_latest_cases_and_says_how_many_more(
    client, users, served, monkeypatch
):
    monkeypatch.setattr(documents, "CASES_LISTED", 1)
    for _ in range(2):
        make_case(served.customer.office, customer=served.customer, opened_by=users[Role.ADMIN])
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("records:customer_document", args=[served.customer.pk]))
    assert response.context["case_count"] == 3
    assert len(response.context["cases"]) == 1
    page = response.content.decode()
    note = page[page.index('data-testid="cases-not-listed"') :]
    assert "2" in note[: note.index("</p>")]
    # Its figures count every case, listed or not.
    assert response.context["figures"][-1].cases == 3


def test_the_portal_prints_its_own_units_file_without_the_offices_internals(client, users, served):
    portal = users[Role.CUSTOMER]
    PortalAccess.objects.create(user=portal, customer=served.customer)
    unit = served.unit
    unit.notes = "INTERNAL-NOTE-77"
    unit.save()
    # The machine's time with another customer stays with that customer.
    before = make_customer(served.customer.office, "C-0900", "前任客户有限公司")
    earlier = make_case(
        before.office, customer=before, unit=unit, opened_by=users[Role.ADMIN], symptom="PRIOR-9"
    )
    client.force_login(portal)
    page = client.get(reverse("portal:unit_detail", args=[unit.pk])).content.decode()
    assert reverse("portal:unit_document", args=[unit.pk]) in page

    text = pdf_text(_pdf(client, portal, reverse("portal:unit_document", args=[unit.pk]), "en"))
    assert _missing(text, [SERIAL, served.case.number, SYMPTOM, "SP-2001"]) == []
    assert "INTERNAL-NOTE-77" not in text and "PRIOR-9" not in text
    assert earlier.number not in text

    client.force_login(users[Role.COORDINATOR])
    staff = client.get(reverse("records:unit_document", args=[unit.pk])).content.decode()
    assert "INTERNAL-NOTE-77" in staff and earlier.number in staff
