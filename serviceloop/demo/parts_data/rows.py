"""The shape of a catalogue row and the words its fields take."""

from typing import NamedTuple


class PartRow(NamedTuple):
    number: str  # unique, e.g. "SP-2001"
    name_zh: str  # as the Chinese service office writes it
    name_en: str
    category: str  # one of CATEGORIES
    spare_class: str  # "A" critical/insurance, "B" important, "C" consumable (§3.1)
    unit: str  # "pc", "set", "kit", "m" or "L"
    cost_eur: str  # Decimal as text: HQ's cost in EUR
    price_cny: str  # Decimal as text: the China office's list price before VAT
    hs_code: str  # 10-digit Chinese HS code
    critical: bool  # its failure stops the line, no work-around
    repairable: bool  # rotable: repaired and returned to the pool
    serialized: bool  # tracked by serial number
    lead_days: int  # HQ lead time to a Chinese port when not in stock
    customs_days: int  # Chinese customs clearance


CATEGORIES = (
    "power_semiconductors",
    "driver_control",
    "dc_link",
    "resonant_tank",
    "output_transformer",
    "inductor",
    "flux_concentrator",
    "quench",
    "cooling",
    "hoses_fittings",
    "bus_leads",
    "switchgear",
    "automation",
    "sensors",
    "mechanics",
)
UNITS = ("pc", "set", "kit", "m", "L")
SPARE_CLASSES = ("A", "B", "C")
