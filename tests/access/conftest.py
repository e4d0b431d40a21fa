"""The records every access test opens: one of each kind, for the role × URL table."""

import pytest
from django.core.files.base import ContentFile

from serviceloop.accounts.models import Role

from .parts_rows import parts_records
from .survey_rows import answer_records, campaign_records, survey_records


def _table_case(customer, unit, users):
    from serviceloop.service.testing import make_case

    return make_case(
        customer.office, customer=customer, unit=unit, opened_by=users[Role.COORDINATOR]
    )


def _table_visit(case, users):
    from django.utils import timezone

    from serviceloop.service.models import Visit

    visit = Visit.objects.create(
        case=case, planned_start=timezone.now(), planned_by=users[Role.COORDINATOR]
    )
    visit.engineers.add(users[Role.ENGINEER])
    return visit


def _table_attachment(case, users):
    from serviceloop.service.models import Attachment

    attachment = Attachment(
        case=case, kind="image", content_type="image/jpeg", size=3, uploaded_by=users[Role.ENGINEER]
    )
    attachment.original.save("o.jpg", ContentFile(b"\xff\xd8\xff"), save=False)
    attachment.thumbnail.save("t.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    return attachment


def _table_report(case, users):
    from io import BytesIO

    from django.utils import timezone
    from PIL import Image

    from serviceloop.service.models import RepairReport

    png = BytesIO()
    Image.new("RGB", (30, 10), "white").save(png, "PNG")
    report = RepairReport(
        case=case,
        engineer=users[Role.ENGINEER],
        fault_found="x",
        actions="y",
        customer_name="王建华",
        customer_signed_at=timezone.now(),
        engineer_signed_at=timezone.now(),
    )
    report.customer_signature.save("table.png", ContentFile(png.getvalue()), save=True)
    return report


@pytest.fixture
def data(users, shanghai, spain_hq):
    from datetime import date

    from serviceloop.customers.models import PortalAccess
    from serviceloop.customers.testing import make_contact, make_customer, make_site
    from serviceloop.equipment.models import Contract
    from serviceloop.equipment.testing import make_unit
    from serviceloop.service.models import Complaint, Quote, SlaPolicy

    customer = make_customer(shanghai, account_manager=users[Role.ACCOUNT_MANAGER])
    unit = make_unit(customer)
    contract = Contract.objects.create(
        customer=customer,
        number="SC-1",
        kind=Contract.Kind.BASIC,
        starts_on=date(2025, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    own = make_customer(shanghai, code="C-0002", name_zh="门户客户有限公司")
    table_case = _table_case(customer, unit, users)
    from serviceloop.equipment.models import Document

    document = Document(
        unit=unit,
        kind=Document.Kind.MANUAL,
        title="手册",
        original_name="m.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=users[Role.ADMIN],
    )
    document.file.save("table-test.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
    PortalAccess.objects.create(user=users[Role.CUSTOMER], customer=own)
    own_unit = make_unit(own, "PORTAL-1")
    own_case = _table_case(own, own_unit, users)
    return {
        "engineer": users[Role.ENGINEER],
        "customer": customer,
        "site": make_site(customer),
        "contact": make_contact(customer),
        "unit": unit,
        "contract": contract,
        "own_site": make_site(own),
        "own_unit": own_unit,
        "own_case": own_case,
        "own_attachment": _table_attachment(own_case, users),
        "own_report": _table_report(own_case, users),
        "document": document,
        "case": table_case,
        "visit": _table_visit(table_case, users),
        "report": _table_report(table_case, users),
        "attachment": _table_attachment(table_case, users),
        "policy": SlaPolicy.objects.create(
            office=shanghai, coverage="none", priority="P2", first_response_hours=4
        ),
        "quote": Quote.objects.create(
            case=table_case,
            number=f"{table_case.number}-Q1",
            currency="CNY",
            vat_percent=13,
            valid_until=date(2030, 1, 1),
            created_by=users[Role.COORDINATOR],
        ),
        "complaint": Complaint.objects.create(
            customer=customer, case=table_case, source="phone", description="响应慢"
        ),
        **parts_records(users, shanghai, spain_hq, table_case),
        **survey_records(users, shanghai),
        **answer_records(users, table_case),
        **campaign_records(users),
    }
