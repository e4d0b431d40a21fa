"""Demo SLA policies of the Shanghai office (hours; P1 runs day and night)."""

from decimal import Decimal

from serviceloop.accounts.models import Office
from serviceloop.demo import customers
from serviceloop.service.models import Case, SlaPolicy

Coverage = SlaPolicy.Coverage

# coverage -> priority -> (first response, on site, restore)
TARGETS = {
    Coverage.PREMIUM: {
        "P1": (0.5, 8, 24),
        "P2": (1, 24, 48),
        "P3": (2, 48, 96),
        "P4": (4, None, None),
    },
    Coverage.WARRANTY: {
        "P1": (1, 24, 48),
        "P2": (2, 48, 96),
        "P3": (4, 72, 168),
        "P4": (8, None, None),
    },
    Coverage.BASIC: {
        "P1": (1, 24, 48),
        "P2": (2, 48, 96),
        "P3": (4, 72, 168),
        "P4": (8, None, None),
    },
    Coverage.NONE: {
        "P1": (2, 48, 96),
        "P2": (4, 72, 144),
        "P3": (8, 120, 240),
        "P4": (16, None, None),
    },
}


def _hours(value):
    return None if value is None else Decimal(str(value))


def load() -> None:
    office = Office.objects.get(code="shanghai")
    for coverage, by_priority in TARGETS.items():
        for priority, (first, on_site, restore) in by_priority.items():
            SlaPolicy.objects.get_or_create(
                office=office,
                coverage=coverage,
                priority=priority,
                defaults={
                    "first_response_hours": _hours(first),
                    "on_site_hours": _hours(on_site),
                    "restore_hours": _hours(restore),
                    "business_hours": priority != "P1",
                },
            )


def reset() -> None:
    """Cases opened on demo customers during a demo go too (they are demo data)."""
    Case.objects.filter(customer__code__in=customers.CODES).delete()
    SlaPolicy.objects.filter(office__code="shanghai").delete()
