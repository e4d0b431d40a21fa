"""Reads of the catalogue: parts, their prices, the models that use them."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from serviceloop.accounts.models import Office, User
from serviceloop.core.text import normalize_code

from ..models import ModelPart, Part, PartPrice
from ..permissions import CATALOGUE_VIEWERS


def catalogue_for(user: User) -> QuerySet[Part]:
    """The catalogue is one for every office (HQ's item master); staff who quote or keep
    stock read it, customers do not (their portal shows their own parts later)."""
    if not user.is_active or user.role not in CATALOGUE_VIEWERS:
        return Part.objects.none()
    return Part.objects.all()


def search_parts(parts: QuerySet[Part], text: str) -> QuerySet[Part]:
    text = text.strip()
    if not text:
        return parts
    return parts.filter(
        Q(number_key__contains=normalize_code(text))
        | Q(name_zh__icontains=text)
        | Q(name_en__icontains=text)
    )


def part_for(user: User, pk: int) -> Part:
    lines = ModelPart.objects.select_related("equipment_model")
    return get_object_or_404(
        catalogue_for(user).prefetch_related("prices", Prefetch("model_lines", queryset=lines)),
        pk=pk,
    )


def part_by_number(number: str) -> Part | None:
    key = normalize_code(number)
    return Part.objects.filter(number_key=key, archived_at__isnull=True).first() if key else None


def prices_for(office: Office, numbers: list[str]) -> dict[str, tuple[Part, PartPrice | None]]:
    """Catalogue parts by normalised number, with the office's list price when set."""
    keys = {normalize_code(n) for n in numbers if n.strip()}
    if not keys:
        return {}
    parts = Part.objects.filter(number_key__in=keys).prefetch_related(
        Prefetch(
            "prices",
            queryset=PartPrice.objects.filter(currency=office.currency),
            to_attr="office_prices",
        )
    )
    return {p.number_key: (p, p.office_prices[0] if p.office_prices else None) for p in parts}
