"""Builders for tests: cases in any state, as the services would have left them."""

from datetime import timedelta

from django.utils import timezone

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit

from .models import Case, CaseNumber


def make_case(office, *, state=Case.State.NEW, assignee=None, opened_by, customer=None, **fields):
    customer = customer or make_customer(office, f"C-{Case.objects.count() + 1:04d}")
    counter, _ = CaseNumber.objects.get_or_create(year=2026)
    counter.last += 1
    counter.save()
    # A unit in warranty unless the test gives one: chargeable work waits for a quote.
    if "unit" not in fields:
        fields["unit"] = make_unit(
            customer,
            f"IH-T-{counter.last:04d}",
            final_acceptance_date=timezone.localdate() - timedelta(days=90),
        )
    resume = fields.pop("resume_state", "")
    case = Case.objects.create(
        number=f"SR-2026-{counter.last:06d}",
        office=office,
        customer=customer,
        state=state,
        assignee=assignee,
        opened_by=opened_by,
        opened_at=fields.pop("opened_at", timezone.now()),
        symptom=fields.pop("symptom", "水流量报警，功率上不去"),
        resume_state=resume,
        **fields,
    )
    return case
