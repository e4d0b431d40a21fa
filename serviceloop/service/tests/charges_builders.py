"""Builders shared by the charges tests: covered and uncovered cases, quotes, visits."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Contract
from serviceloop.equipment.testing import make_unit
from serviceloop.service.models import Case, ChargeLine, Quote
from serviceloop.service.services import charges as services
from serviceloop.service.services import visits as visit_services
from serviceloop.service.testing import make_case

Kind, Cover = ChargeLine.Kind, ChargeLine.Cover


def ready_case(office, users, unit=None, **fields):
    """A P1 case of a customer of its own, triaged and assigned: ready for a visit."""
    customer = make_customer(office, f"C-{Case.objects.count() + 1:04d}")
    if unit is not None:
        fields["unit"] = unit(customer)
    return make_case(
        office,
        state=Case.State.TRIAGED,
        priority=Case.Priority.P1,
        customer=customer,
        opened_by=users[Role.COORDINATOR],
        assignee=users[Role.ENGINEER],
        **fields,
    )


def out_of_coverage(customer):
    return make_unit(customer, f"IH-OLD-{customer.code}", final_acceptance_date=date(2020, 1, 1))


def under_basic_contract(customer):
    unit = out_of_coverage(customer)
    today = timezone.localdate()
    contract = Contract.objects.create(
        customer=customer,
        number=f"SC-{customer.code}",
        kind=Contract.Kind.BASIC,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
        covers_labour=True,
        covers_travel=True,
        covers_parts=False,
    )
    contract.units.add(unit)
    return unit


REPAIR = [
    {"kind": Kind.LABOUR, "quantity": Decimal("3")},
    {"kind": Kind.TRAVEL, "quantity": Decimal("2")},
    {
        "kind": Kind.PART,
        "description": "IGBT 模块",
        "part_number": "FF450R12",
        "quantity": Decimal("1"),
        "unit_price": Decimal("8800.00"),
    },
]


def write_quote(users, case, lines=REPAIR, by=Role.COORDINATOR) -> Quote:
    return services.create_quote(by=users[by], case=case, scope="更换IGBT模块", lines=lines)


def sent_token(users, quote, django_capture_on_commit_callbacks, email="wang@example.cn") -> str:
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_quote(
            by=users[Role.COORDINATOR],
            quote=quote,
            version=quote.version,
            email=email,
        )


def plan_visit(users, case):
    case.refresh_from_db()
    return visit_services.plan_visit(
        by=users[Role.COORDINATOR],
        case=case,
        version=case.version,
        planned_start=timezone.now() + timedelta(days=1),
        engineers=[users[Role.ENGINEER]],
    )


def messages_of(refused) -> str:
    return " ".join(refused.value.messages)
