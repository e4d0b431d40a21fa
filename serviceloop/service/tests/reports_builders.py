"""A repair report as the plant leaves it, for the document and mail tests: a case with its
customer, site, unit and calling contact, a visit checked in and out, the report written
and signed by the customer and the engineer through the services."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer, make_site
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, RepairReport, Visit
from serviceloop.service.services import reports as report_services
from serviceloop.service.testing import drawn_signature, make_case

CUSTOMER = "上汽中博（上海）汽车零部件有限公司"
SERIAL = "IH-2024-0100"
FIELDS = {
    "fault_found": "电源支路Y型过滤器堵塞，冷却水流量 28 L/min",
    "root_cause": "F01",
    "actions": "清洗过滤器，排气，流量恢复到 42 L/min",
    "parts_used": "SP-1102 过滤器滤网 2\nSP-0450 O型圈 4",
    "labour_hours": Decimal("2.5"),
    "travel_hours": Decimal("1.5"),
    "readings_after": "Q_ps 42 L/min · T_out 28 °C · 电导率 18 µS/cm",
}
# What a reader finds in the document whatever its language: values stay as typed.
VALUES = (CUSTOMER, SERIAL, "SP-1102", "SP-0450", "42 L/min", "28 °C", "µS/cm", "王建华")


def on_site_case(office, users, *, language: str = "zh-hans", email: str = "wang@example.cn"):
    """A case whose engineer is at the plant; its caller reads mail in `language`."""
    engineer, coordinator = users[Role.ENGINEER], users[Role.COORDINATOR]
    customer = make_customer(office, "C-0001", CUSTOMER, name_en="SAIC Zhongbo Auto Parts")
    caller = make_contact(customer, "王建华", email=email, language=language)
    now = timezone.now()
    case = make_case(
        office,
        customer=customer,
        site=make_site(customer),
        unit=make_unit(customer, SERIAL, final_acceptance_date=timezone.localdate()),
        reporter=caller,
        state=Case.State.ON_SITE,
        assignee=engineer,
        opened_by=coordinator,
        on_site_at=now - timedelta(hours=3),
    )
    visit = Visit.objects.create(
        case=case,
        planned_start=now - timedelta(hours=4),
        arrived_at=now - timedelta(hours=3),
        state=Visit.State.ON_SITE,
        planned_by=coordinator,
    )
    visit.engineers.add(engineer)
    return case


def write_report(case, engineer) -> RepairReport:
    return report_services.save_report(
        by=engineer, case=case, report=None, version=None, changes=FIELDS
    )


def sign(report: RepairReport, engineer) -> RepairReport:
    report.refresh_from_db()
    return report_services.sign_report(
        by=engineer,
        report=report,
        version=report.version,
        customer_name="王建华",
        signature=drawn_signature(),
        engineer_signature=drawn_signature(row=70),
    )
