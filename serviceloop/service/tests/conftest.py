"""Fixtures of the topics whose tests span several modules (charges, diagnosis). A module
that defines a fixture of the same name uses its own."""

from decimal import Decimal

import pytest

from serviceloop.accounts.models import Role
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.models import Case, ChargeRates
from serviceloop.service.services import diagnosis
from serviceloop.service.testing import make_case

from .charges_builders import out_of_coverage, ready_case

# charges


@pytest.fixture
def rates(shanghai):
    return ChargeRates.objects.create(
        office=shanghai, labour_rate=Decimal("450.00"), travel_rate=Decimal("300.00")
    )


@pytest.fixture
def chargeable_case(shanghai, users, rates):
    return ready_case(shanghai, users, unit=out_of_coverage)


@pytest.fixture
def warranty_case(shanghai, users, rates):
    return ready_case(shanghai, users)


# diagnosis


@pytest.fixture
def engineer(users):
    return users[Role.ENGINEER]


@pytest.fixture
def coordinator(users):
    return users[Role.COORDINATOR]


@pytest.fixture
def case(shanghai, engineer, coordinator):
    """A case the assignee works on from the office; its caller has an e-mail address."""
    customer = make_customer(shanghai, "C-0100")
    caller = make_contact(customer, "王建华", email="wang@example.cn")
    return make_case(
        shanghai,
        customer=customer,
        reporter=caller,
        state=Case.State.REMOTE_DIAGNOSIS,
        assignee=engineer,
        opened_by=coordinator,
    )


@pytest.fixture
def ask(django_capture_on_commit_callbacks):
    """Sends a request the way the form does, running what waits for the commit (the mail)."""

    def send(by, case, **fields):
        case.refresh_from_db()
        fields = {
            "tags": ["Q_ps", "alarm"],
            "wants_photos": True,
            "message": "请拍下触摸屏上的报警画面，并读出电源冷却水流量。",
            "email": "wang@example.cn",
            **fields,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return diagnosis.request_information(by=by, case=case, version=case.version, **fields)

    return send
