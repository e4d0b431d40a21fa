"""Document numbers: PO-2026-0012 for orders, RO-2026-0003 for repairs."""

from django.utils import timezone

from ..models import DocumentNumber


def next_number(prefix: str) -> str:
    """Taken under a row lock inside the caller's transaction, so numbers never repeat."""
    year = timezone.localdate().year
    DocumentNumber.objects.get_or_create(prefix=prefix, year=year)
    counter = DocumentNumber.objects.select_for_update().get(prefix=prefix, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}-{year}-{counter.last:04d}"
