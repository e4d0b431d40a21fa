"""Builders for tests: cases in any state, as the services would have left them, and a
drawn signature as the signing pads send it."""

import base64
from datetime import timedelta
from io import BytesIO

from django.utils import timezone
from PIL import Image

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.testing import make_unit

from .models import Case, CaseNumber
from .services.cases_search import refresh_search_text


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
    refresh_search_text(case)
    return case


def drawn_signature(row: int = 50) -> str:
    """A signature drawn on a pad (a line across it), as the browser's data: URL."""
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, row), (0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
