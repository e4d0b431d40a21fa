"""The plan of the demo installed base: units in delivery order, lines, warranties and
contracts, drawn from one seeded generator."""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from serviceloop.customers.models import Customer
from serviceloop.demo import customers as demo_customers
from serviceloop.demo.customers import SEED, CustomerPlan, Spec
from serviceloop.demo.equipment.catalogue import (
    CONTRACT_TERMS,
    CONTRACTS,
    CURRENT_CONTRACTS,
    EXPIRING,
    INDUCTORS,
    LINES,
    MACHINES_FOR,
    PS,
    SPEC,
    UNITS,
    Family,
    ModelSpec,
    Status,
)
from serviceloop.equipment.coverage import warranty_end
from serviceloop.equipment.models import Contract


@dataclass
class UnitPlan:
    serial: str
    model: str
    customer: str
    site: str
    parent: str  # serial of the line it is part of, or ""
    year: int  # of the order: the serial's year
    hours_per_day: float
    fields: dict[str, Any]  # the other fields save_unit takes


@dataclass(frozen=True)
class ContractPlan:
    customer: str
    units: tuple[str, ...]  # serials
    fields: dict[str, Any]


@dataclass(frozen=True)
class Plan:
    units: tuple[UnitPlan, ...]
    contracts: tuple[ContractPlan, ...]


class _Planner:
    """Draws the installed base; a fresh generator per plan, so every plan is the same."""

    def __init__(self, today: date) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 — demo data, reproducible on purpose
        self.today = today
        self.used: set[str] = set()  # serials and order numbers handed out

    def number(self, prefix: str, year: int) -> str:
        while True:
            number = f"{prefix}-{year}-{self.rng.randint(1, 999):04d}"
            if number not in self.used:
                self.used.add(number)
                return number

    def timeline(self, year: int) -> dict[str, date]:
        """Build, factory pre-acceptance, site final acceptance and commissioning of an order."""
        rng = self.rng
        build = date(year, 1, 1) + timedelta(days=rng.randint(0, 150))
        pre = build + timedelta(days=rng.randint(14, 56))
        final = pre + timedelta(days=rng.randint(30, 120))
        commissioning = final + timedelta(days=rng.randint(0, 21))
        # This year's orders are commissioned already: what would lie ahead moves back.
        late = commissioning - (self.today - timedelta(days=rng.randint(20, 90)))
        return _shifted(
            {
                "build_date": build,
                "pre_acceptance_date": pre,
                "final_acceptance_date": final,
                "commissioning_date": commissioning,
            },
            -max(late, timedelta(0)),
        )

    def status(self, year: int) -> str:
        roll = self.rng.random()
        if year <= 2013 and roll < 0.35:
            return Status.DECOMMISSIONED
        if roll > 0.97:
            return Status.DOWN
        return Status.DEGRADED if roll > 0.91 else Status.RUNNING

    def firmware(self, model: ModelSpec, year: int, inverter: bool) -> dict[str, str]:
        rng, generation = self.rng, 0 if year < 2014 else 1 if year < 2020 else 2
        plc = f"V{2 + generation}.{rng.randint(0, 9)}.{rng.randint(0, 9)}"
        hmi = f"{1 + generation}.{rng.randint(0, 9)}"
        kind = (
            "EVC" if model.family == Family.EV_CHARGER else "SiC" if "SIC" in model.code else "IGBT"
        )
        firmware = f"{kind}-FW {3 + generation}.{rng.randint(1, 20)}" if inverter else ""
        if model.family == Family.EV_CHARGER:
            return {"firmware_inverter": firmware}
        if model.family == PS:
            return {"firmware_hmi": hmi, "firmware_inverter": firmware}
        return {"firmware_plc": plc, "firmware_hmi": hmi, "firmware_inverter": firmware}

    def configuration(self, model: ModelSpec) -> dict[str, str]:
        if model.khz is None:  # EV chargers
            return {}
        rng = self.rng
        low, high = (float(value) for value in model.khz)
        process = (
            f"功率 {round(model.kw * rng.uniform(0.5, 0.9))} kW，"
            f"频率 {round(rng.uniform(low, min(high, low * 3)), 1)} kHz"
        )
        if model.family != PS:
            process += f"，PAG 淬火液 {rng.randint(5, 12)}%，有效硬化层 {rng.randint(1, 5)} mm"
        template = INDUCTORS.get(model.code[:3], "")
        return {
            "transformer": f"TR-{model.kw} {rng.choice((6, 8, 10, 12, 16))}:1",
            "inductors": template.format(d=rng.choice((28, 32, 36, 40, 45, 50, 60, 70, 80))),
            "process_parameters": process,
        }

    def unit(self, model: ModelSpec, customer: str, site: str, year: int) -> UnitPlan:
        """A unit of its own, not part of a line."""
        rng = self.rng
        serial = self.number("IH", year) + ("R" if rng.random() < 0.08 else "")  # R: rebuilt
        line = rng.randint(1, 6)
        location = {
            Family.EV_CHARGER: "厂区停车场",
            Family.BRAZING: "装配车间钎焊工位",
            Family.TEMPERING: "热处理车间回火工段",
            PS: f"热处理车间 {line} 号线电源间",
        }.get(model.family, f"热处理车间 {line} 号线")
        machine = model.family not in (PS, Family.EV_CHARGER, Family.BRAZING)
        fields = {
            "sales_order": self.number("SO", year),
            "location": location,
            **self.timeline(year),
            "warranty_months": model.months,
            "status": self.status(year),
            # A machine's own power supply, which has no unit record of its own.
            "power_supply_serial": self.number("PS", year) if machine else "",
            **self.firmware(model, year, inverter=True),
            **self.configuration(model),
        }
        return UnitPlan(serial, model.code, customer, site, "", year, rng.uniform(9, 18), fields)

    def line(self, model: ModelSpec, customer: str, site: str, year: int) -> list[UnitPlan]:
        """A hardening line and the power supplies it holds, each a unit of its own."""
        rng = self.rng
        line = self.unit(model, customer, site, year)
        line.serial = line.serial.removesuffix("R")
        # Its inverters are in its power supplies, which have firmware of their own.
        line.fields |= self.firmware(model, year, inverter=False)
        supplies = []
        for number in range(1, rng.randint(*model.children) + 1):
            supply = SPEC[rng.choice(model.supplies)]
            # Tested with the machine in the factory and accepted with it on site.
            shared = ("sales_order", "location", "status", *DATES[1:])
            fields = {key: line.fields[key] for key in shared} | {
                "build_date": line.fields["build_date"] - timedelta(days=rng.randint(7, 30)),
                "warranty_months": supply.months,
                **self.firmware(supply, year, inverter=True),
                **self.configuration(supply),
            }
            supplies.append(
                UnitPlan(
                    f"{line.serial}-G{number}",
                    supply.code,
                    customer,
                    site,
                    line.serial,
                    year,
                    line.hours_per_day,
                    fields,
                )
            )
        line.fields["power_supply_serial"] = supplies[0].serial
        return [line, *supplies]

    def year(self, customer: CustomerPlan) -> int:
        """The year of an order: not before the customer became one, not after it went quiet."""
        first = max(2009, customer.fields["customer_since"].year)
        # A fixed last year, not today's: no draw may depend on the day of loading.
        last = 2019 if _quiet(customer.spec) else 2026
        return self.rng.randint(min(first, last), last)

    def site(self, customer: CustomerPlan) -> str:
        return self.rng.choice(customer.sites)["code"]

    def standalone_model(self, spec: Spec) -> ModelSpec:
        rng, machines = self.rng, MACHINES_FOR[_kind(spec)]
        roll = rng.random()
        if roll < 0.40:
            code = rng.choice(machines)
        elif roll < 0.75:  # a generator bought on its own: a spare or a retrofit
            code = rng.choice(SPEC[rng.choice(machines)].supplies)
        else:
            code = rng.choice(("ITL-150", "ITL-150", "IBZ-25", "IPS-C25", "EVC-60", "EVC-120"))
        return SPEC[code]

    def units(self) -> list[UnitPlan]:
        """40 lines with their power supplies at active customers, the rest units of their own;
        more at key accounts, none at prospects."""
        rng, units = self.rng, []
        customers = [p for p in demo_customers.plan() if p.spec.status != Customer.Status.PROSPECT]
        with_lines = [p for p in customers if _may_have_lines(p.spec)]
        weights = [LINE_WEIGHT[p.spec.grade] for p in with_lines]
        for customer in rng.choices(with_lines, weights, k=LINES):
            model = SPEC[rng.choice(MACHINES_FOR[_kind(customer.spec)])]
            units += self.line(model, customer.spec.code, self.site(customer), self.year(customer))
        # One unit for every customer (two for the duplicate, so that a merge moves some),
        # then the rest by grade.
        duplicates = [p for p in customers if p.spec.duplicate_of]
        owners = [p for p in customers if not p.spec.duplicate_of]
        weights = [_unit_weight(p.spec) for p in owners]
        count = UNITS - len(units) - len(customers) - len(duplicates)
        for customer in customers + duplicates + rng.choices(owners, weights, k=count):
            model, code = self.standalone_model(customer.spec), customer.spec.code
            units.append(self.unit(model, code, self.site(customer), self.year(customer)))
        return units

    def expire_some(self, units: list[UnitPlan]) -> None:
        """Moves a few of the last years' units so that their warranty ends 15–45 days from
        today, whatever day the demo is loaded (their serials stay the same)."""
        lines = {unit.parent for unit in units}
        candidates = [
            unit
            for unit in units
            if not unit.parent
            and unit.serial not in lines
            and unit.fields["status"] == Status.RUNNING
            and unit.year == self.today.year - unit.fields["warranty_months"] // 12
        ]
        for index, unit in enumerate(candidates[:EXPIRING]):
            ends = self.today + timedelta(days=15 + 6 * index)
            final = _months_before(ends + timedelta(days=1), unit.fields["warranty_months"])
            dates = {key: unit.fields[key] for key in DATES}
            unit.fields |= _shifted(dates, final - dates["final_acceptance_date"])

    def count_hours(self, units: list[UnitPlan]) -> None:
        for unit in units:
            days = max((self.today - unit.fields["commissioning_date"]).days, 0)
            share = 0.6 if unit.fields["status"] == Status.DECOMMISSIONED else 1
            unit.fields["running_hours"] = int(days * unit.hours_per_day * share)

    def contracts(self, units: list[UnitPlan]) -> list[ContractPlan]:
        """Current contracts (started in 2025–2026, for 2–3 years) and older, expired ones,
        at active key and important accounts."""
        rng, numbers, terms = self.rng, defaultdict(int), []
        for index in range(CONTRACTS):
            kind = rng.choices(list(CONTRACT_TERMS), weights=(5, 4, 2))[0]
            if index < CURRENT_CONTRACTS:
                month, months = 2025 * 12 + rng.randint(0, 21), rng.choice((24, 36))
            else:
                month, months = rng.randint(2019 * 12, 2023 * 12 + 11), rng.choice((12, 24))
            starts = date(month // 12, month % 12 + 1, 1)
            numbers[starts.year] += rng.randint(1, 12)
            number = f"SC-{starts.year}-{numbers[starts.year]:03d}"
            price_per_unit = rng.randint(*CONTRACT_TERMS[kind][0]) * months / 12
            terms.append((_contract_fields(number, kind, starts, months), price_per_unit))
        return _contracts_with_units(terms, units)


CUSTOMER_SPECS = {spec.code: spec for spec in demo_customers.SPECS}
DATES = ("build_date", "pre_acceptance_date", "final_acceptance_date", "commissioning_date")
LINE_WEIGHT = {Customer.Grade.A: 3, Customer.Grade.B: 1.5, Customer.Grade.C: 0.5}
UNIT_WEIGHT = {Customer.Grade.A: 10, Customer.Grade.B: 5, Customer.Grade.C: 2.5}


def _kind(spec: Spec) -> str:
    """What a customer makes: a group makes what its plants make."""
    return spec.kind.removesuffix("_group")


def _quiet(spec: Spec) -> bool:
    return spec.status in (Customer.Status.DORMANT, Customer.Status.LOST)


def _may_have_lines(spec: Spec) -> bool:
    """Active plants (not a group's head office, not the duplicate) buy lines and contracts."""
    active = spec.status == Customer.Status.ACTIVE
    return active and spec.kind in MACHINES_FOR and not spec.duplicate_of


def _unit_weight(spec: Spec) -> float:
    if spec.kind.endswith("_group"):
        return 1  # the group's head office runs a few machines at most
    return UNIT_WEIGHT[spec.grade] * (0.6 if _quiet(spec) else 1)


def _contracts_with_units(terms: list[tuple], units: list[UnitPlan]) -> list[ContractPlan]:
    """Gives each contract a customer without another contract at the time, and units of
    it installed before the contract starts (a line with its power supplies). Drawn from
    each contract's own generator: the main one (serials, numbers) must not depend on
    today, which the dates do."""
    eligible, held = defaultdict(list), defaultdict(list)
    for unit in units:
        spec = CUSTOMER_SPECS[unit.customer]
        in_use = unit.fields["status"] != Status.DECOMMISSIONED
        if in_use and not unit.parent and _may_have_lines(spec) and spec.grade != Customer.Grade.C:
            eligible[unit.customer].append(unit)
        if unit.parent:
            held[unit.parent].append(unit)
    contracts, periods = [], defaultdict(list)
    for fields, price_per_unit in terms:
        rng = random.Random(f"{SEED}:{fields['number']}")  # noqa: S311
        starts, ends = fields["starts_on"], fields["ends_on"]
        installed = {
            code: [u for u in owned if u.fields["commissioning_date"] < starts]
            for code, owned in sorted(eligible.items())
            if not any(s <= ends and starts <= e for s, e in periods[code])
        }
        code = rng.choice([code for code, owned in installed.items() if owned])
        periods[code].append((starts, ends))
        chosen = _covered(rng, fields["kind"], installed[code])
        covered = [
            serial for u in chosen for serial in (u.serial, *(c.serial for c in held[u.serial]))
        ]
        price = Decimal(round(price_per_unit * len(chosen), -3))
        contracts.append(ContractPlan(code, tuple(covered), fields | {"price": price}))
    return contracts


def _covered(rng: random.Random, kind: str, installed: list[UnitPlan]) -> list[UnitPlan]:
    if kind == Contract.Kind.WARRANTY:  # extended for the newest units
        newest = sorted(installed, key=lambda unit: unit.fields["final_acceptance_date"])
        return newest[-rng.randint(1, 2) :]
    return rng.sample(installed, min(len(installed), rng.randint(1, 4)))


def _contract_fields(number: str, kind: str, starts: date, months: int) -> dict[str, Any]:
    _prices, labour, parts, travel, notes = CONTRACT_TERMS[kind]
    return {
        "number": number,
        "kind": kind,
        "starts_on": starts,
        "ends_on": warranty_end(starts_on=starts, months=months),
        "covers_labour": labour,
        "covers_parts": parts,
        "covers_travel": travel,
        "notes": notes,
    }


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def _shifted(dates: dict[str, date], by: timedelta) -> dict[str, date]:
    return {key: value + by for key, value in dates.items()}


@lru_cache(maxsize=2)
def plan(today: date) -> Plan:
    """The installed base as of `today`: the same rows (serials, numbers) on every day."""
    planner = _Planner(today)
    units = planner.units()
    planner.expire_some(units)
    planner.count_hours(units)
    return Plan(tuple(units), tuple(planner.contracts(units)))
