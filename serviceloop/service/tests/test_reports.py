import base64
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from serviceloop.accounts.models import Role
from serviceloop.service.models import Case, RepairReport, Visit
from serviceloop.service.services import cases as case_services
from serviceloop.service.services import reports as services
from serviceloop.service.testing import make_case

FIELDS = {"fault_found": "冷却水过滤器堵塞", "actions": "清洗Y型过滤器，恢复流量 42 L/min"}


def _signature() -> str:
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50), (0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture
def visited(shanghai, users):
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
    return case


@pytest.mark.django_db
def test_the_visiting_engineer_writes_and_signs_and_the_report_locks(users, visited):
    engineer = users[Role.ENGINEER]
    report = services.save_report(
        by=engineer, case=visited, report=None, version=None, changes=FIELDS
    )
    signed = services.sign_report(
        by=engineer,
        report=report,
        version=report.version,
        customer_name="王建华",
        signature=_signature(),
        engineer_signature=_signature(),
    )
    assert signed.is_signed and signed.customer_signed_at
    assert signed.customer_signature.name.endswith(".png")
    with Image.open(signed.customer_signature.open("rb")) as drawn:
        assert not drawn.getexif()
    with pytest.raises(ValidationError):
        services.save_report(
            by=engineer,
            case=visited,
            report=signed,
            version=signed.version,
            changes={"actions": "改写"},
        )
    addendum = services.add_addendum(
        by=users[Role.COORDINATOR], report=signed, text="补充：更换了O型圈"
    )
    assert addendum.report == signed


@pytest.mark.django_db
def test_only_the_visiting_engineer_writes_the_report(users, visited):
    for role in (Role.COORDINATOR, Role.HQ, Role.ACCOUNT_MANAGER):
        with pytest.raises(PermissionDenied):
            services.save_report(
                by=users[role], case=visited, report=None, version=None, changes=FIELDS
            )


@pytest.mark.django_db
def test_a_signature_that_is_not_a_drawing_is_refused(users, visited):
    engineer = users[Role.ENGINEER]
    report = services.save_report(
        by=engineer, case=visited, report=None, version=None, changes=FIELDS
    )
    for bad in (
        "",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "data:image/png;base64," + base64.b64encode(b"MZ\x90\x00not a png").decode(),
    ):
        with pytest.raises(ValidationError):
            services.sign_report(
                by=engineer,
                report=report,
                version=report.version,
                customer_name="王建华",
                signature=bad,
                engineer_signature=_signature(),
            )
    report.refresh_from_db()
    assert not report.is_signed


@pytest.mark.django_db
def test_a_visited_case_closes_only_with_a_signed_report(users, visited):
    engineer, coordinator = users[Role.ENGINEER], users[Role.COORDINATOR]
    case = case_services.resolve_on_site(
        by=engineer, case=visited, version=visited.version, resolution="清洗过滤器"
    )
    with pytest.raises(ValidationError) as refused:
        case_services.close_case(
            by=coordinator, case=case, version=case.version, root_cause="F01", billing="warranty"
        )
    assert "report" in refused.value.message_dict
    report = services.save_report(by=engineer, case=case, report=None, version=None, changes=FIELDS)
    services.sign_report(
        by=engineer,
        report=report,
        version=report.version,
        customer_name="王建华",
        signature=_signature(),
        engineer_signature=_signature(),
    )
    case.refresh_from_db()
    closed = case_services.close_case(
        by=coordinator, case=case, version=case.version, root_cause="F01", billing="warranty"
    )
    assert closed.state == Case.State.CLOSED


@pytest.mark.django_db
def test_the_signature_is_served_only_to_who_sees_the_case(client, users, visited, beijing):
    engineer = users[Role.ENGINEER]
    report = services.save_report(
        by=engineer, case=visited, report=None, version=None, changes=FIELDS
    )
    services.sign_report(
        by=engineer,
        report=report,
        version=report.version,
        customer_name="王建华",
        signature=_signature(),
        engineer_signature=_signature(),
    )
    url = reverse("service:report_signature", args=[visited.pk, report.pk])
    client.force_login(users[Role.COORDINATOR])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    client.force_login(users[Role.CUSTOMER])
    assert client.get(url).status_code == 403
    from serviceloop.accounts.testing import make_user

    client.force_login(make_user(Role.COORDINATOR, username="bj-co", office=beijing))
    assert client.get(url).status_code == 404
    assert RepairReport.objects.count() == 1
