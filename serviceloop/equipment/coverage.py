"""Warranty and contract coverage of a unit, as DOMAIN.md defines it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

EXPIRY_WARNING = timedelta(days=60)


class Coverage(models.TextChoices):
    IN_WARRANTY = "in_warranty", _("In warranty")
    WARRANTY_EXPIRING = "warranty_expiring", _("Warranty expires within 60 days")
    UNDER_CONTRACT = "under_contract", _("Under contract")
    OUT_OF_COVERAGE = "out_of_coverage", _("Out of coverage")


@dataclass(frozen=True)
class CoverageStatus:
    status: Coverage
    until: date | None


def warranty_end(*, starts_on: date | None, months: int) -> date | None:
    """The last day of warranty: the day before the same date `months` later; when that
    month is too short for the date (31 March + 1 month), its last day."""
    if starts_on is None:
        return None
    month_index = starts_on.month - 1 + months
    year, month = starts_on.year + month_index // 12, month_index % 12 + 1
    last_day = _days_in_month(year, month)
    if starts_on.day > last_day:
        return date(year, month, last_day)
    return date(year, month, starts_on.day) - timedelta(days=1)


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def coverage_on(
    today: date, *, warranty_ends: date | None, contract_ends: date | None
) -> CoverageStatus:
    """Warranty first; after it, an active contract; otherwise out of coverage."""
    if warranty_ends is not None and today <= warranty_ends:
        if warranty_ends - today <= EXPIRY_WARNING:
            return CoverageStatus(Coverage.WARRANTY_EXPIRING, warranty_ends)
        return CoverageStatus(Coverage.IN_WARRANTY, warranty_ends)
    if contract_ends is not None and today <= contract_ends:
        return CoverageStatus(Coverage.UNDER_CONTRACT, contract_ends)
    return CoverageStatus(Coverage.OUT_OF_COVERAGE, None)
