"""The engineer's findings and the outcome of remote diagnosis."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.service.models import Case, CaseEvent
from serviceloop.service.services import cases
from serviceloop.service.services import diagnosis as services
from serviceloop.service.testing import make_case

# --- Findings ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_findings_are_saved_and_the_version_moves_on(case, engineer):
    seen = case.version
    saved = services.save_findings(
        by=engineer, case=case, version=seen, diagnosis="  冷却水流量低：滤网堵塞  "
    )
    case.refresh_from_db()
    assert case.diagnosis == "冷却水流量低：滤网堵塞"
    assert case.version == saved.version == seen + 1
    assert case.events.filter(kind=CaseEvent.Kind.EDITED, data__fields=["diagnosis"]).exists()


@pytest.mark.django_db
def test_findings_saved_against_an_old_version_are_refused(case, engineer, coordinator):
    seen = case.version
    services.save_findings(by=coordinator, case=case, version=seen, diagnosis="先查水路")
    with pytest.raises(cases.StaleCase):
        services.save_findings(by=engineer, case=case, version=seen, diagnosis="IGBT 过热")
    case.refresh_from_db()
    assert case.diagnosis == "先查水路"


@pytest.mark.django_db
def test_the_findings_page_saves_and_returns_to_the_diagnosis(client, case, engineer):
    client.force_login(engineer)
    response = client.post(
        reverse("service:case_findings", args=[case.pk]),
        {"version": case.version, "diagnosis": "滤网堵塞"},
    )
    assert response.status_code == 302
    assert response.url == reverse("service:case_detail", args=[case.pk]) + "#diagnosis"
    case.refresh_from_db()
    assert case.diagnosis == "滤网堵塞"


@pytest.mark.django_db
def test_a_stale_findings_save_answers_409_with_both_texts(client, case, engineer, coordinator):
    seen = case.version
    services.save_findings(by=coordinator, case=case, version=seen, diagnosis="同事写的：先查水路")
    client.force_login(engineer)
    response = client.post(
        reverse("service:case_findings", args=[case.pk]),
        {"version": seen, "diagnosis": "我写的：IGBT 过热"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "我写的：IGBT 过热" in html
    assert 'data-testid="current-findings"' in html and "同事写的：先查水路" in html
    assert response.context["form"].non_field_errors()
    case.refresh_from_db()
    assert case.diagnosis == "同事写的：先查水路"


def test_the_warehouse_clerk_neither_writes_findings_nor_asks_the_customer(shanghai, users):
    case = make_case(
        shanghai,
        state=Case.State.WAITING_PARTS,
        resume_state=Case.State.REMOTE_DIAGNOSIS,
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
    )
    clerk = users[Role.WAREHOUSE]
    assert not services.may_diagnose(clerk, case)
    with pytest.raises(PermissionDenied):
        services.save_findings(by=clerk, case=case, version=case.version, diagnosis="零件到了")
    case.refresh_from_db()
    assert case.diagnosis == ""


# --- Outcome of remote diagnosis --------------------------------------------------------


@pytest.mark.django_db
def test_solving_remotely_records_the_outcome(case, engineer):
    moved = cases.resolve_remotely(
        by=engineer, case=case, version=case.version, resolution="清洗滤网后流量恢复"
    )
    case.refresh_from_db()
    assert moved.state == case.state == Case.State.RESOLVED
    assert case.remote_outcome == Case.RemoteOutcome.SOLVED


@pytest.mark.django_db
def test_needing_a_visit_records_the_outcome(case, engineer):
    cases.need_visit(by=engineer, case=case, version=case.version)
    case.refresh_from_db()
    assert case.state == Case.State.VISIT_SCHEDULED
    assert case.remote_outcome == Case.RemoteOutcome.VISIT_NEEDED
