"""The demo spare-parts catalogue is plain data: these checks need no database."""

import re
from decimal import Decimal

from serviceloop.demo import equipment, service
from serviceloop.demo.parts_data import BOM, CATEGORIES, PARTS, SPARE_CLASSES, UNITS
from serviceloop.equipment.models import EquipmentModel

Family = EquipmentModel.Family
BY_NUMBER = {part.number: part for part in PARTS}
FAMILY = {model.code: model.family for model in equipment.MODELS}
NUMBER = re.compile(r"^SP-\d{4}$")


def fault_parts(applies):
    """Part numbers of the FAULTS whose families satisfy `applies(families)`."""
    return {number for fault in service.FAULTS if applies(fault[1]) for number, _ in fault[5]}


def test_catalogue_size_numbers_and_choices():
    assert 280 <= len(PARTS) <= 320
    numbers = [part.number for part in PARTS]
    assert len(set(numbers)) == len(numbers)
    assert all(NUMBER.match(number) for number in numbers)
    for part in PARTS:
        assert part.category in CATEGORIES, part
        assert part.unit in UNITS, part
        assert part.spare_class in SPARE_CLASSES, part
        assert part.name_zh and part.name_en, part
        assert re.fullmatch(r"\d{10}", part.hs_code), part
        assert part.lead_days > 0 and part.customs_days > 0, part
    assert {part.category for part in PARTS} == set(CATEGORIES)


def test_costs_and_prices_are_consistent():
    for part in PARTS:
        cost, price = Decimal(part.cost_eur), Decimal(part.price_cny)
        assert cost > 0 and price > 0, part
        assert Decimal("1.3") <= price / (cost * Decimal("7.8")) <= Decimal("2.6"), part
        assert price % 10 == 0, part


def test_classification_follows_the_domain_reference():
    for part in PARTS:
        power_electronics = part.number.startswith("SP-20")  # not the EV chargers' modules
        if (
            part.category == "power_semiconductors"
            and power_electronics
            and part.spare_class != "C"
        ):
            # Modules are thrown away; an inverter leg or stack ("set") is repaired at HQ.
            assert part.spare_class == "A" and part.critical, part
            assert part.repairable == (part.unit == "set"), part
        if part.category == "output_transformer" and part.spare_class == "A":
            assert part.critical and part.repairable and part.serialized, part
            assert part.lead_days >= 60 and part.customs_days >= 7, part
    igbt = BY_NUMBER["SP-2001"]
    assert igbt.spare_class == "A" and igbt.critical and igbt.serialized and not igbt.repairable
    driver = BY_NUMBER["SP-2101"]
    assert driver.spare_class == "A" and driver.repairable and driver.serialized
    assert BY_NUMBER["SP-1301"].spare_class == "C" and BY_NUMBER["SP-1605"].spare_class == "C"
    assert BY_NUMBER["SP-4020"].unit == "L" and BY_NUMBER["SP-1601"].unit == "m"


def test_every_part_named_by_a_fault_is_catalogued_with_its_meaning():
    for fault in service.FAULTS:
        for number, name in fault[5]:
            assert number in BY_NUMBER, (fault[0], number)
            assert BY_NUMBER[number].name_zh.startswith(name), (number, name)


def test_every_demo_model_has_a_bill_of_existing_parts():
    assert set(BOM) == set(FAMILY)
    for code, lines in BOM.items():
        assert len(lines) >= 8, code
        numbers = [number for number, _, _ in lines]
        assert len(set(numbers)) == len(numbers), code
        for number, quantity, critical in lines:
            assert number in BY_NUMBER, (code, number)
            assert isinstance(quantity, int) and quantity >= 1, (code, number)
            assert isinstance(critical, bool), (code, number)
    used = {number for lines in BOM.values() for number, _, _ in lines}
    assert len(used) >= 0.8 * len(PARTS)


def test_fault_parts_are_in_the_bill_of_every_model_they_can_fail_on():
    bills = {code: {number for number, _, _ in lines} for code, lines in BOM.items()}
    power_supply = fault_parts(lambda families: families is None or Family.POWER_SUPPLY in families)
    everywhere = fault_parts(lambda families: families is None)
    quench = fault_parts(lambda families: families is not None)
    assert {"SP-2001", "SP-1140"} <= bills["IPS-MF300"]
    for code, family in FAMILY.items():
        if family == Family.POWER_SUPPLY:
            assert power_supply <= bills[code], (code, power_supply - bills[code])
        if family != Family.EV_CHARGER:
            assert everywhere <= bills[code], (code, everywhere - bills[code])
        if family in service.QUENCH_FAMILIES:
            assert quench <= bills[code], (code, quench - bills[code])


def test_only_parts_counted_in_pieces_are_serial_tracked():
    # As the catalogue service requires (parts/services/catalogue.py).
    assert all(part.unit == "pc" for part in PARTS if part.serialized)
