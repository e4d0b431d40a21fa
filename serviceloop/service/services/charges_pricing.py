"""The arithmetic of charges: line amounts, who pays them, VAT. No database here.

Money is Decimal rounded half-up to the cent per line, as Chinese VAT invoices (发票) show it;
VAT is computed once on the chargeable net, not per line.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..models import ChargeLine

CENT = Decimal("0.01")
Cover = ChargeLine.Cover
Kind = ChargeLine.Kind


def money(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CaseCover:
    """What the unit's warranty or contract pays for, on the day the case was opened."""

    kind: str  # Cover.WARRANTY, Cover.CONTRACT or Cover.CHARGEABLE (nothing covers it)
    labour: bool = False
    travel: bool = False
    parts: bool = False

    @property
    def is_chargeable(self) -> bool:
        return self.kind == Cover.CHARGEABLE

    def covers(self, kind: str) -> bool:
        paid: dict[str, bool] = {
            Kind.LABOUR: self.labour,
            Kind.TRAVEL: self.travel,
            Kind.PART: self.parts,
        }
        return paid.get(kind, False)


NOTHING_COVERED = CaseCover(Cover.CHARGEABLE)
WARRANTY = CaseCover(Cover.WARRANTY, labour=True, travel=True, parts=True)


def default_cover(kind: str, cover: CaseCover) -> str:
    """Warranty or contract pays what it covers; "other" lines (lodging, consumables,
    damage by misuse) are chargeable unless the office grants goodwill."""
    return cover.kind if cover.covers(kind) else Cover.CHARGEABLE


def allowed_covers(cover: CaseCover, kind: str) -> set[str]:
    """A line may be charged or given as goodwill (recorded as such); it says warranty or
    contract only when the case's warranty or contract pays that kind of line."""
    return {Cover.CHARGEABLE, Cover.GOODWILL} | ({cover.kind} if cover.covers(kind) else set())


@dataclass(frozen=True)
class PricedLine:
    kind: str
    description: str
    part_number: str
    quantity: Decimal
    unit_price: Decimal
    cover: str
    amount: Decimal
    payable: Decimal

    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label)

    def get_cover_display(self) -> str:
        return str(Cover(self.cover).label)


@dataclass(frozen=True)
class Totals:
    lines: list[PricedLine]
    subtotal: Decimal  # everything at list price
    covered: Decimal  # paid by warranty, contract or goodwill
    net: Decimal  # what the customer pays before VAT
    vat: Decimal
    total: Decimal  # what the customer pays
    vat_percent: Decimal


def priced(line) -> PricedLine:
    amount = money(line.quantity * line.unit_price)
    return PricedLine(
        kind=line.kind,
        description=line.description,
        part_number=line.part_number,
        quantity=line.quantity,
        unit_price=line.unit_price,
        cover=line.cover,
        amount=amount,
        payable=amount if line.cover == Cover.CHARGEABLE else Decimal("0.00"),
    )


def total(lines: Iterable, vat_percent: Decimal) -> Totals:
    """Lines are anything with kind, description, part_number, quantity, unit_price, cover."""
    rows = [priced(line) for line in lines]
    subtotal = sum((row.amount for row in rows), Decimal("0.00"))
    net = sum((row.payable for row in rows), Decimal("0.00"))
    vat = money(net * Decimal(vat_percent) / 100)
    return Totals(
        lines=rows,
        subtotal=subtotal,
        covered=subtotal - net,
        net=net,
        vat=vat,
        total=net + vat,
        vat_percent=Decimal(vat_percent),
    )
