"""SLA policies (hours; P1 runs day and night) and charge rates of the demo offices."""

from decimal import Decimal

from serviceloop.accounts.models import Office
from serviceloop.service.models import ChargeRates, SlaPolicy

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


def _load_policies() -> None:
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


# office code -> labour and travel per hour, VAT %: a foreign OEM's engineer in China bills
# about 5,000 CNY a day; Spain quotes in euros with its 21 % VAT.
RATES = {"shanghai": (680, 320, 13), "spain-hq": (95, 60, 21)}


def _load_rates() -> None:
    for code, (labour, travel, vat) in RATES.items():
        office = Office.objects.filter(code=code).first()
        if office is not None:
            ChargeRates.objects.get_or_create(
                office=office,
                defaults={"labour_rate": labour, "travel_rate": travel, "vat_percent": vat},
            )
