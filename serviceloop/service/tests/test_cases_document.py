"""The service registration of a case (售后服务登记表, SL-F-01) as a print page and a PDF,
for the office and for the customer's portal."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext
from PIL import Image

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.core.testing_documents import first_page_ink, fonts_not_embedded, pdf_text
from serviceloop.customers.models import PortalAccess
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import CaseEvent, Reading, SlaPolicy
from serviceloop.service.services import cases, cases_work, diagnosis, visits
from serviceloop.service.testing import make_case

SYMPTOM = "电源冷却水流量低报警，无法加热"
INTERNAL_NOTE = "客户付款慢，先远程排查"
FINDINGS = "电源侧流量 28.5 L/min，低于报警值：滤网堵塞"


def _jpeg() -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (320, 240), (180, 30, 30)).save(buffer, "JPEG")
    return SimpleUploadedFile("fault.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def customer(shanghai):
    return make_customer(
        shanghai, "C-0100", "上汽中博汽车零部件有限公司", name_en="SAIC Zhongbo Auto Parts"
    )


@pytest.fixture
def registered(shanghai, users, customer):
    """A P1 case as the services leave it: triaged, diagnosed remotely with readings and a
    photo, an engineer sent and on site."""
    coordinator, engineer = users[Role.COORDINATOR], users[Role.ENGINEER]
    SlaPolicy.objects.create(
        office=shanghai,
        coverage=SlaPolicy.Coverage.WARRANTY,
        priority="P1",
        first_response_hours=2,
        on_site_hours=24,
        restore_hours=48,
        business_hours=False,
    )
    site = make_site(customer, address="嘉定区安亭镇墨玉路 185 号")
    unit = make_unit(
        customer,
        "IH-2024-0100",
        site=site,
        final_acceptance_date=timezone.localdate() - timedelta(days=90),
    )
    case = cases.open_case(
        by=coordinator,
        customer=customer,
        unit=unit,
        reporter=make_contact(customer, "王建华"),
        channel="phone",
        kind="breakdown",
        priority="P1",
        symptom=SYMPTOM,
    )
    case = cases.triage_case(
        by=coordinator, case=case, version=case.version, priority="P1", kind="breakdown",
        assignee=engineer,
    )  # fmt: skip
    case = cases.start_remote_diagnosis(
        by=engineer, case=case, version=case.version, note=INTERNAL_NOTE
    )
    now = timezone.now()
    for tag, value, code in (("Q_ps", "28.5", ""), ("kappa", "180", ""), ("alarm", None, "E-207")):
        cases_work.add_reading(
            by=engineer, case=case, tag=tag, value=value, code=code, taken_at=now
        )
    cases_work.attach_media(by=engineer, case=case, upload=_jpeg(), caption="电源柜水路")
    case.refresh_from_db()
    case = diagnosis.save_findings(by=engineer, case=case, version=case.version, diagnosis=FINDINGS)
    visit = visits.plan_visit(
        by=coordinator,
        case=case,
        version=case.version,
        planned_start=now + timedelta(hours=2),
        engineers=[engineer],
    )
    visits.check_in(by=engineer, visit=visit)
    case.refresh_from_db()
    return case


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en", "es"])
def test_the_registration_pdf_reads_in_the_readers_language(client, users, registered, language):
    coordinator = users[Role.COORDINATOR]
    coordinator.language = language
    coordinator.save()
    client.force_login(coordinator)
    response = client.get(reverse("service:case_document", args=[registered.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    # Lines wrap where the page is full: compare without the breaks and spaces.
    text = "".join(pdf_text(pdf).split())
    with translation.override(language):
        expected = [
            gettext("Readings at the fault"),
            gettext("State history"),
            pgettext("SLA clock", "First response"),
            f"{formats.number_format(Decimal('28.5'), use_l10n=True)} L/min",
            "180 µS/cm",
            "E-207",
        ]
    for value in (
        registered.number,
        "上汽中博汽车零部件有限公司",
        "IH-2024-0100",
        SYMPTOM,
        "王建华",
    ):
        assert value in text, value
    for value in expected:
        assert "".join(value.split()) in text, value
    assert "售后服务登记表" in text and "SL-F-01" in text
    assert fonts_not_embedded(pdf) == []
    assert first_page_ink(pdf) > 0.01


@pytest.mark.django_db
def test_the_office_copy_has_the_photo_findings_visits_clocks_and_every_move(
    client, users, registered
):
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("service:case_document", args=[registered.pk])).content.decode()
    assert 'src="data:image/jpeg;base64,' in page and "电源柜水路" in page
    assert FINDINGS in page and INTERNAL_NOTE in page
    assert 'data-testid="sla"' in page and str(users[Role.ENGINEER]) in page
    with translation.override("zh-hans"):
        for state in ("Triaged", "Remote diagnosis", "Visit scheduled", "On site"):
            assert gettext(state) in page, state
    # The page links back to the case it prints, and the case page links to it.
    assert reverse("service:case_detail", args=[registered.pk]) in page
    case_page = client.get(reverse("service:case_detail", args=[registered.pk])).content.decode()
    assert reverse("service:case_document", args=[registered.pk]) in case_page


@pytest.mark.django_db
def test_the_customer_prints_its_own_case_without_what_stays_in_the_office(
    client, users, registered, customer
):
    PortalAccess.objects.create(user=users[Role.CUSTOMER], customer=customer)
    client.force_login(users[Role.CUSTOMER])
    url = reverse("portal:case_document", args=[registered.pk])
    page = client.get(url).content.decode()
    assert SYMPTOM in page and "IH-2024-0100" in page and 'src="data:image/jpeg;base64,' in page
    assert FINDINGS not in page and INTERNAL_NOTE not in page and 'data-testid="sla"' not in page
    portal_page = client.get(reverse("portal:case_detail", args=[registered.pk])).content.decode()
    assert url in portal_page
    pdf = client.get(url, {"format": "pdf"}).content
    assert registered.number in pdf_text(pdf) and fonts_not_embedded(pdf) == []


@pytest.mark.django_db
def test_another_offices_staff_and_another_customers_portal_user_get_404(
    client, users, registered, beijing
):
    client.force_login(make_user(Role.COORDINATOR, username="beijing-coord", office=beijing))
    assert client.get(reverse("service:case_document", args=[registered.pk])).status_code == 404
    stranger = make_customer(registered.office, "C-0200", "别的客户有限公司")
    PortalAccess.objects.create(user=users[Role.CUSTOMER], customer=stranger)
    client.force_login(users[Role.CUSTOMER])
    assert client.get(reverse("portal:case_document", args=[registered.pk])).status_code == 404
    assert client.get(reverse("service:case_document", args=[registered.pk])).status_code == 403


def _add_rows(case, user, count: int) -> None:
    now = timezone.now()
    Reading.objects.bulk_create(
        Reading(case=case, tag="T_in", value=Decimal(20 + i), taken_at=now, recorded_by=user)
        for i in range(count)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case, kind=CaseEvent.Kind.TRANSITION, actor=user, at=now,
            data={"source": "new", "target": "triaged"},
        )
        for _ in range(count)
    )  # fmt: skip


@pytest.mark.django_db
def test_the_print_page_costs_the_same_queries_for_2_or_20_readings_and_moves(
    client, users, shanghai, django_assert_num_queries
):
    coordinator = users[Role.COORDINATOR]
    case = make_case(shanghai, opened_by=coordinator, assignee=users[Role.ENGINEER])
    _add_rows(case, coordinator, 2)
    url = reverse("service:case_document", args=[case.pk])
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _add_rows(case, coordinator, 18)
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("<tr>") >= 40
