"""The printed repair report (产品维修报告单, SL-F-02): a PDF in the reader's language with the
values as typed, fonts embedded and ink on page 1; both drawn signatures; the report page's
access exactly (another office's staff and another customer's portal user get 404)."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing_documents import first_page_ink, fonts_not_embedded, pdf_text
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_customer
from serviceloop.service.models import RepairReport
from serviceloop.service.services import reports as report_services

from .reports_builders import VALUES, on_site_case, sign, write_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(shanghai, users):
    engineer = users[Role.ENGINEER]
    report = sign(write_report(on_site_case(shanghai, users), engineer), engineer)
    report_services.add_addendum(by=engineer, report=report, text="补充：更换了O型圈 SP-0450")
    return report


def _url(report: RepairReport, pdf: bool = False) -> str:
    url = reverse("service:report_document", args=[report.case_id, report.pk])
    return url + "?format=pdf" if pdf else url


def _reading_in(client, user, language: str):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)


@pytest.mark.parametrize("language", ["zh-hans", "en", "es"])
def test_the_report_prints_as_a_pdf_in_the_readers_language(client, users, signed, language):
    _reading_in(client, users[Role.COORDINATOR], language)
    response = client.get(_url(signed, pdf=True))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('-repair-report.pdf"')
    pdf = response.content
    text = pdf_text(pdf)
    for value in (*VALUES, signed.case.number, "SL-F-02", "产品维修报告单"):
        assert value in text, value
    assert "SP-0450" in text[text.index("O型圈 SP-0450") - 40 :]  # the addendum too
    with translation.override(language):
        for label in ("Fault found", "Actions taken", "Serial number"):
            assert gettext(label) in text, label
        if language != "zh-hans":
            assert gettext("Product repair report") in text
        for hours in (signed.labour_hours, signed.travel_hours):  # 2,50 h in Spanish
            assert f"{number_format(hours, use_l10n=True, force_grouping=True)} h" in text
    assert fonts_not_embedded(pdf) == []
    assert first_page_ink(pdf) > 0.01


def test_the_print_page_shows_both_drawn_signatures_with_names_and_times(client, users, signed):
    _reading_in(client, users[Role.COORDINATOR], "en")
    page = client.get(_url(signed)).content.decode()
    assert page.count('src="data:image/png;base64,') == 2
    assert "王建华" in page and users[Role.ENGINEER].full_name in page
    assert page.count("<time ") >= 4  # arrival, completion, both signatures
    assert 'href="?format=pdf"' in page
    assert reverse("service:report_form", args=[signed.case_id]) in page  # back to the report


def test_the_page_costs_the_same_queries_however_many_corrections(
    client, users, signed, django_assert_num_queries
):
    client.force_login(users[Role.COORDINATOR])
    with django_assert_num_queries(QUERIES):
        client.get(_url(signed))
    for number in range(8):
        report_services.add_addendum(by=users[Role.COORDINATOR], report=signed, text=f"#{number}")
    with django_assert_num_queries(QUERIES):
        page = client.get(_url(signed)).content.decode()
    assert "#7" in page


# Session, the user with its unread notifications, the report with its case, the report's
# number, its corrections, the later apps' sections (the parts used from stock).
QUERIES = 6


def test_the_report_and_case_pages_link_to_the_document(client, users, signed):
    client.force_login(users[Role.ENGINEER])
    for page in ("service:report_form", "service:case_detail"):
        html = client.get(reverse(page, args=[signed.case_id])).content.decode()
        assert _url(signed) in html, page


def test_a_draft_prints_for_the_staff_as_not_signed_yet(client, shanghai, users):
    draft = write_report(on_site_case(shanghai, users), users[Role.ENGINEER])
    _reading_in(client, users[Role.COORDINATOR], "en")
    page = client.get(_url(draft)).content.decode()
    assert "Not signed yet" in page and "data:image/png" not in page


def test_another_offices_staff_gets_404(client, users, signed, beijing):
    client.force_login(make_user(Role.COORDINATOR, username="bj-coordinator", office=beijing))
    assert client.get(_url(signed)).status_code == 404
    assert client.get(_url(signed, pdf=True)).status_code == 404
    client.force_login(users[Role.CUSTOMER])
    assert client.get(_url(signed)).status_code == 403  # staff pages are not the portal's


def test_the_portal_prints_its_own_signed_report_and_404_for_another_customer(
    client, shanghai, users, signed
):
    url = reverse("portal:report_document", args=[signed.case_id, signed.pk])
    own = make_user(Role.CUSTOMER, username="portal-own", office=shanghai)
    PortalAccess.objects.create(user=own, customer=signed.case.customer)
    other = make_user(Role.CUSTOMER, username="portal-other", office=shanghai)
    PortalAccess.objects.create(user=other, customer=make_customer(shanghai, "C-0099", "别家"))
    client.force_login(own)
    page = client.get(url).content.decode()
    assert "IH-2024-0100" in page
    assert reverse("portal:case_detail", args=[signed.case_id]) in page
    case_page = client.get(reverse("portal:case_detail", args=[signed.case_id])).content.decode()
    assert url in case_page
    client.force_login(other)
    assert client.get(url).status_code == 404
