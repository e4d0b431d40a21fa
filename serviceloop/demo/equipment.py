"""Demo installed base: ~20 equipment models, 400 units and 25 service contracts.

Planned from one seeded generator like the customers (see demo/customers.py); `load()`
creates what is missing (keys: model code, serial, contract number). Unit dates follow the
order of a real delivery — build, factory pre-acceptance (2–8 weeks later), site final
acceptance (1–4 months later), commissioning (same day to 3 weeks later) — and a few
warranties are made to expire within 60 days of the day the demo is loaded.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from django.db.models import Q
from django.utils import timezone

from serviceloop.accounts.models import User
from serviceloop.core.text import normalize_code
from serviceloop.customers.models import Customer, Site
from serviceloop.demo import customers as demo_customers
from serviceloop.demo.customers import SEED, CustomerPlan, Spec, delete_with_history
from serviceloop.equipment import services
from serviceloop.equipment.coverage import warranty_end
from serviceloop.equipment.models import Contract, EquipmentModel, Unit, UnitMove

Family, Status = EquipmentModel.Family, Unit.Status
PS, SCAN, MACHINE = Family.POWER_SUPPLY, Family.SCANNING_HARDENER, Family.HARDENING_MACHINE
UNITS, LINES, EXPIRING, CONTRACTS, CURRENT_CONTRACTS = 400, 40, 6, 25, 12


class ModelSpec(NamedTuple):
    code: str
    name: str
    family: str
    kw: int
    khz: tuple[str, str] | None
    months: int
    description: str
    supplies: tuple[str, ...] = ()  # the power supplies a line of this model holds
    children: tuple[int, int] = (0, 0)  # how many of them, as units of their own


# After domain-reference.md §1.2–1.3, "Indicative product catalogue" (ind.): invented codes.
MODELS = [
    ModelSpec("IPS-MF100", "MF-IGBT 中频电源 100 kW", PS, 100, ("10", "30"), 24,
              "IGBT 串联谐振中频电源；半轴、小轴类扫描淬火与回火。"),
    ModelSpec("IPS-MF300", "MF-IGBT 中频电源 300 kW", PS, 300, ("3", "10"), 24,
              "IGBT 中频电源；曲轴、半轴等深层淬火。"),
    ModelSpec("IPS-MF600", "MF-IGBT 中频电源 600 kW", PS, 600, ("1", "3"), 24,
              "大功率中频电源；大型轴类、透热。"),
    ModelSpec("IPS-HF100", "HF-IGBT 高频电源 100 kW", PS, 100, ("30", "100"), 24,
              "软开关 IGBT 高频电源；凸轮、等速万向节内外圈，硬化层 1–3 mm。"),
    ModelSpec("IPS-HF200", "HF-IGBT 高频电源 200 kW", PS, 200, ("30", "100"), 24,
              "软开关 IGBT 高频电源；轴类 1–3 mm 硬化层。"),
    ModelSpec("IPS-SIC50", "HF-SiC 高频电源 50 kW", PS, 50, ("100", "400"), 12,
              "SiC MOSFET 电源；齿轮浅层淬火、小零件、钎焊。"),
    ModelSpec("IPS-DF300", "双频电源 300 kW", PS, 300, ("10", "200"), 24,
              "一台逆变器同时输出中频与高频；齿轮轮廓淬火。"),
    ModelSpec("IPS-C25", "紧凑型感应加热电源 25 kW", PS, 25, ("10", "400"), 12,
              "风水冷紧凑型；钎焊、热装、预热。"),
    ModelSpec("VSH-1200", "立式扫描淬火机床 1200 mm", SCAN, 150, ("3", "30"), 12,
              "顶尖夹持，感应器与喷淋圈随动扫描（5–25 mm/s），行程 1200 mm。",
              ("IPS-MF100", "IPS-MF300", "IPS-HF100"), (1, 2)),
    ModelSpec("VSH-2000", "立式扫描淬火机床 2000 mm", SCAN, 300, ("1", "10"), 12,
              "大型轴类立式扫描淬火，行程 2000 mm。", ("IPS-MF300", "IPS-MF600"), (1, 1)),
    ModelSpec("HSH-6000", "卧式扫描淬火线 6 m", SCAN, 600, ("1", "10"), 12,
              "卧式穿过式淬火并在线回火；长轴、管件（最长 6 m）。",
              ("IPS-MF600", "IPS-MF300"), (1, 2)),
    ModelSpec("SSH-800", "一次加热淬火机床", MACHINE, 200, ("10", "100"), 12,
              "整体加热后喷淋淬火；法兰轴、轮毂轴承单元。", ("IPS-MF300", "IPS-HF200"), (1, 1)),
    ModelSpec("SSH-CVJ", "等速万向节淬火机床", MACHINE, 200, ("30", "100"), 12,
              "钟形壳与内圈一次加热淬火。", ("IPS-HF200", "IPS-HF100"), (1, 2)),
    ModelSpec("GHM-400", "齿轮淬火机床", MACHINE, 300, ("10", "200"), 12,
              "齿轮仿形或逐齿淬火；双频电源。", ("IPS-DF300", "IPS-SIC50"), (1, 2)),
    ModelSpec("CSH-8", "凸轮轴淬火机床", MACHINE, 200, ("30", "100"), 12,
              "凸轮与轴颈淬火，开口感应器。", ("IPS-HF200", "IPS-HF100"), (1, 1)),
    ModelSpec("CKL-4", "四缸曲轴淬火线", Family.CRANKSHAFT_LINE, 400, ("3", "10"), 12,
              "连杆颈、主轴颈及圆角淬火，集成自回火。", ("IPS-MF300",), (2, 2)),
    ModelSpec("CKL-6", "六缸曲轴淬火线", Family.CRANKSHAFT_LINE, 600, ("3", "10"), 12,
              "六缸曲轴连杆颈、主轴颈淬火，低跳动。", ("IPS-MF300", "IPS-MF600"), (2, 2)),
    ModelSpec("ITL-150", "感应回火线 150 kW", Family.TEMPERING, 150, ("1", "10"), 12,
              "秒级感应回火替代 1–2 h 炉内回火，120–600 °C。"),
    ModelSpec("IBZ-25", "感应钎焊工作站", Family.BRAZING, 25, ("100", "400"), 12,
              "中低功率高频钎焊与热装。"),
    ModelSpec("EVC-60", "直流充电桩 60 kW", Family.EV_CHARGER, 60, None, 24, "厂区直流快充桩。"),
    ModelSpec("EVC-120", "直流充电桩 120 kW", Family.EV_CHARGER, 120, None, 24,
              "双枪直流快充桩。"),
]  # fmt: skip
SPEC = {model.code: model for model in MODELS}
# What each kind of customer hardens: the machines its lines are made of.
MACHINES_FOR = {
    "crankshaft": ("CKL-4", "CKL-6", "VSH-1200"),
    "driveline": ("VSH-1200", "HSH-6000", "SSH-CVJ"),
    "cvj": ("SSH-CVJ", "VSH-1200"),
    "gear": ("GHM-400", "SSH-800"),
    "forging": ("VSH-2000", "HSH-6000"),
    "parts": ("VSH-1200", "SSH-800", "CSH-8"),
    "bearing": ("SSH-800", "VSH-1200"),
    "machinery": ("VSH-2000", "HSH-6000"),
    "machine_tool": ("HSH-6000", "VSH-2000"),
    "oem": ("CKL-6", "CSH-8", "VSH-2000"),
    "truck": ("CKL-6", "HSH-6000", "VSH-2000"),
}
INDUCTORS = {
    "VSH": "IND-CS-{d} ×2, quench ring QR-{d}",
    "HSH": "IND-HS-{d}, 在线回火感应器 IND-HT-{d}, quench ring QR-{d}",
    "SSH": "IND-SS-{d}, 一体式喷淋 MIQ-{d}",
    "GHM": "IND-GR-{d}（仿形）, quench ring QR-{d}",
    "CSH": "IND-CL-{d} ×8（凸轮）, IND-CJ-{d} ×5（轴颈）",
    "CKL": "IND-CP-{d} ×4（连杆颈）, IND-CM-{d} ×5（主轴颈）, 喷淋 QS-{d}",
    "ITL": "IND-TP-{d} ×2",
    "IBZ": "IND-BZ-{d}（钎焊）",
}
# kind, annual price per unit (CNY, low and high), labour, parts, travel, notes
CONTRACT_TERMS = {
    Contract.Kind.BASIC: ((18_000, 35_000), True, False, True, "每年一次预防性维护；工作日响应。"),
    Contract.Kind.PREMIUM: (
        (40_000, 80_000), True, True, True,
        "每年两次预防性维护；7×24 小时电话支持；关键备件寄售。",
    ),
    Contract.Kind.WARRANTY: ((25_000, 60_000), True, True, True, "延长保修，覆盖人工与备件。"),
}  # fmt: skip


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


def _model_fields(spec: ModelSpec) -> dict[str, Any]:
    low, high = (Decimal(value) for value in spec.khz) if spec.khz else (None, None)
    return {
        "code": spec.code,
        "name": spec.name,
        "family": spec.family,
        "rated_power_kw": Decimal(spec.kw),
        "frequency_min_khz": low,
        "frequency_max_khz": high,
        "description": spec.description,
        "default_warranty_months": spec.months,
    }


def _load_models(by: User) -> dict[str, EquipmentModel]:
    models = {model.code: model for model in EquipmentModel.objects.filter(code__in=SPEC)}
    for spec in MODELS:
        if spec.code not in models:
            models[spec.code] = services.save_equipment_model(
                by=by, equipment_model=None, changes=_model_fields(spec)
            )
    return models


def _load_units(by: User, unit_plans, models: dict, customers: dict) -> dict[str, Unit]:
    sites = {
        (site.customer_id, site.code): site
        for site in Site.objects.filter(customer__in=customers.values())
    }
    keys = [normalize_code(unit_plan.serial) for unit_plan in unit_plans]
    units = {unit.serial_key: unit for unit in Unit.objects.filter(serial_key__in=keys)}
    for key, unit_plan in zip(keys, unit_plans, strict=True):
        if key in units:
            continue
        customer = customers[unit_plan.customer]
        changes = unit_plan.fields | {
            "serial": unit_plan.serial,
            "model": models[unit_plan.model],
            "customer": customer,
            "site": sites.get((customer.pk, unit_plan.site)),
            "parent": units[normalize_code(unit_plan.parent)] if unit_plan.parent else None,
        }
        units[key] = services.save_unit(by=by, unit=None, changes=changes)
    return units


def _load_contracts(by: User, contract_plans, units: dict, customers: dict) -> None:
    numbers = [contract_plan.fields["number"] for contract_plan in contract_plans]
    existing = set(Contract.objects.filter(number__in=numbers).values_list("number", flat=True))
    for contract_plan in contract_plans:
        if contract_plan.fields["number"] in existing:
            continue
        customer = customers[contract_plan.customer]
        covered = [units[normalize_code(serial)] for serial in contract_plan.units]
        services.save_contract(
            by=by,
            customer=customer,
            contract=None,
            changes=contract_plan.fields,
            # A unit moved to another customer during the demo stays uncovered.
            units=[unit for unit in covered if unit.customer_id == customer.pk],
        )


def load() -> None:
    """Creates the demo equipment models, units and contracts that are missing."""
    by = User.objects.get(username="manager")
    customers = {c.code: c for c in Customer.objects.filter(code__in=demo_customers.CODES)}
    installed_base = plan(timezone.localdate())
    models = _load_models(by)
    units = _load_units(by, installed_base.units, models, customers)
    _load_contracts(by, installed_base.contracts, units, customers)


def reset() -> None:
    """Deletes the demo units and contracts, and every unit or contract of a demo customer;
    a demo equipment model only when no other unit uses it."""
    installed_base = plan(timezone.localdate())
    customers = Customer.objects.filter(code__in=demo_customers.CODES)
    numbers = [contract.fields["number"] for contract in installed_base.contracts]
    delete_with_history(Contract.objects.filter(Q(number__in=numbers) | Q(customer__in=customers)))
    keys = [normalize_code(unit.serial) for unit in installed_base.units]
    units = Unit.objects.filter(Q(serial_key__in=keys) | Q(customer__in=customers))
    UnitMove.objects.filter(unit__in=units).delete()
    units.update(parent=None)
    delete_with_history(units)
    delete_with_history(EquipmentModel.objects.filter(code__in=SPEC, units__isnull=True))
