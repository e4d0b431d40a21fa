"""A customer as the demo has them, for the printed records: a plant, a contact, a machine
out of warranty under no contract, a repair that fitted an IGBT module from stock and was
billed, a complaint and a feedback answer."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from serviceloop.customers.models import Contact, Customer
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.models import Contract, Unit
from serviceloop.equipment.testing import make_model, make_unit
from serviceloop.parts.models import ReportPart
from serviceloop.parts.services.reports import save_report_parts
from serviceloop.parts.tests.builders import world  # noqa: F401  (the fixture)
from serviceloop.service.models import (
    Case,
    ChargeRates,
    Complaint,
    FeedbackRequest,
    FeedbackResponse,
    RepairReport,
    Visit,
)

CUSTOMER_ZH = "上汽中博汽车零部件有限公司"
CUSTOMER_EN = "SAIC Zhongbo Auto Parts"
SERIAL = "IH-2019-0417"
SYMPTOM = "中频电源过流跳闸，无法加热"
FAULT = "IGBT击穿"


@dataclass
class Served:
    customer: Customer
    unit: Unit
    case: Case
    report: RepairReport


def _signed(report: RepairReport) -> RepairReport:
    """Signed as the report page leaves it (the signing itself is the service app's test)."""
    now = timezone.now()
    RepairReport.objects.filter(pk=report.pk).update(
        customer_name="王建华", customer_signed_at=now, engineer_signed_at=now
    )
    report.refresh_from_db()
    return report


def visit_on(case: Case, engineer, planner) -> Visit:
    now = timezone.now()
    visit = Visit.objects.create(
        case=case, planned_start=now, arrived_at=now, state=Visit.State.DONE, planned_by=planner
    )
    visit.engineers.add(engineer)
    return visit


def _repair(world, customer, unit) -> tuple[Case, RepairReport]:  # noqa: F811
    world.receive(world.igbt, 2)
    case = world.on_site(customer=customer, unit=unit, symptom=SYMPTOM)
    visit_on(case, world.engineer, world.coordinator)
    report = world.report(case)
    line = {
        "part": world.igbt,
        "warehouse": world.store,
        "quantity": 1,
        "defective": ReportPart.Defective.SCRAPPED,
    }
    save_report_parts(by=world.engineer, report=report, lines=[line])
    Case.objects.filter(pk=case.pk).update(
        state=Case.State.CLOSED,
        resolved_at=timezone.now(),
        closed_at=timezone.now(),
        resolution="更换IGBT模块后试运行正常",
    )
    case.refresh_from_db()
    return case, _signed(report)


def _feedback_and_complaint(customer, case) -> None:
    request = FeedbackRequest.objects.create(
        case=case, token_hash="records-test", expires_at=timezone.now() + timedelta(days=7)
    )
    FeedbackResponse.objects.create(
        request=request,
        response_speed=4,
        competence=5,
        attitude=5,
        communication=4,
        safety=5,
        overall=4,
        solved=True,
    )
    Complaint.objects.create(
        customer=customer,
        case=case,
        source=Complaint.Source.PHONE,
        description="工程师到场晚了两小时",
    )


@pytest.fixture
def served(world, shanghai):  # noqa: F811
    ChargeRates.objects.create(office=shanghai, labour_rate=Decimal("450.00"))
    customer = make_customer(
        shanghai,
        "C-0417",
        CUSTOMER_ZH,
        name_en=CUSTOMER_EN,
        credit_code="91310114MA1GT3XK2Q",
        grade=Customer.Grade.A,
        industry=Customer.Industry.AUTO_PARTS_TIER1,
        address="嘉定区安亭镇墨玉路 185 号",
    )
    site = make_site(customer, address="嘉定区安亭镇墨玉路 185 号")
    make_contact(
        customer,
        "王建华",
        position=Contact.Position.MAINTENANCE_HEAD,
        department="设备部",
        mobile="13916285047",
        email="wang.jianhua@example.cn",
        wechat="wjh_saic",
    )
    unit = make_unit(
        customer,
        SERIAL,
        model=make_model(
            "IPS-MF250",
            name="MF-IGBT 250",
            rated_power_kw=Decimal("250.0"),
            frequency_min_khz=Decimal("0.50"),
            frequency_max_khz=Decimal("10.00"),
        ),
        site=site,
        location="二号线 淬火工位",
        build_date=date(2019, 5, 20),
        final_acceptance_date=date(2019, 9, 1),
        power_supply_serial="PS-300-88121",
        firmware_plc="V2.4.1",
    )
    contract = Contract.objects.create(
        customer=customer,
        number="SC-2026-0417",
        kind=Contract.Kind.BASIC,
        starts_on=timezone.localdate() - timedelta(days=400),
        ends_on=timezone.localdate() - timedelta(days=35),
    )
    contract.units.add(unit)
    case, report = _repair(world, customer, unit)
    _feedback_and_complaint(customer, case)
    return Served(customer, unit, case, report)
