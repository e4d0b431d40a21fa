"""The plan of every demo customer (fields, sites, contacts, interactions), drawn from
one seeded generator: the same rows on every run."""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from pypinyin import lazy_pinyin

from serviceloop.customers.divisions import iter_divisions
from serviceloop.customers.validators import (
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    normalize_phone,
)
from serviceloop.demo.customers.specs import (
    ACCESS_NOTES,
    BANKS,
    CITIES,
    DEPARTMENTS,
    FIRST_INTERACTION,
    GIVEN_NAMES,
    INTERACTIONS,
    KINDS,
    LAST_INTERACTION,
    MOBILE_PREFIXES,
    PEOPLE,
    PORTAL_ACCESS,
    SEED,
    SPECS,
    STAFF_NAMES,
    STREETS,
    SURNAMES,
    WORKING_HOURS,
    City,
    Grade,
    Position,
    Spec,
    Status,
)


@dataclass(frozen=True)
class CustomerPlan:
    spec: Spec
    fields: dict[str, Any]  # for create_customer; divisions as codes, parent and manager apart
    sites: tuple[dict[str, Any], ...]  # for save_site; divisions as codes
    contacts: tuple[dict[str, Any], ...]  # for save_contact; "site" is a site code
    interactions: tuple[dict[str, Any], ...]  # for record_interaction; "contact" is a name


def _digits(rng: random.Random, count: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(count))


def _credit_code(rng: random.Random, city: City) -> str:
    first17 = "91" + (city.registry or city.city) + "".join(rng.choices(CREDIT_CODE_CHARSET, k=9))
    return first17 + credit_code_check_char(first17)


def _landline(rng: random.Random, city: City, extension: bool) -> str:
    """A landline normalize_phone accepts; redrawn until it is a valid number."""
    while True:
        local = str(rng.randint(2, 8)) + _digits(rng, city.local_digits - 1)
        text = f"{city.area_code}-{local[:4]} {local[4:]}"
        text += f" 转 {rng.randint(100, 899)}" if extension else ""
        try:
            normalize_phone(text)
        except ValidationError:
            continue
        return text


def _mobile(rng: random.Random) -> str:
    while True:
        text = f"{rng.choice(MOBILE_PREFIXES)} {_digits(rng, 4)} {_digits(rng, 4)}"
        try:
            normalize_phone(text)
        except ValidationError:
            continue
        return text


def _names(spec: Spec, city: City) -> tuple[str, str]:
    suffix, suffix_en = KINDS[spec.kind][:2]
    brand, brand_en = f"{spec.brand}{suffix}", f"{spec.brand_en} {suffix_en}"
    if spec.kind.endswith("_group"):  # a group is named after its province
        return f"{city.province_zh}{brand}有限公司", f"{city.province_en} {brand_en} Co., Ltd."
    if spec.duplicate_of:  # how someone else typed the same company in
        return f"{brand}有限公司（{city.zh}）", f"{brand_en} ({city.en}) Co., Ltd"
    return f"{city.zh}{brand}有限公司", f"{city.en} {brand_en} Co., Ltd."


def _short(district_name: str) -> str:
    """吴中区 → 吴中, 昆山市 → 昆山, 浦东新区 → 浦东: a district in a branch or plant name."""
    if district_name.endswith("新区"):
        return district_name[:-2]
    return district_name[:-1] if len(district_name) > 2 else district_name


def _postal_prefix(city: City, names: dict[str, str]) -> str:
    """江苏省苏州市 — or 上海市 once, for a municipality."""
    province, city_name = names[city.province], names[city.city]
    return province if province == city_name else province + city_name


def _address(rng: random.Random, district_name: str) -> str:
    return f"{district_name}{rng.choice(STREETS)} {rng.randint(8, 1888)} 号"


def _customer_fields(rng: random.Random, spec: Spec, names: dict[str, str]) -> dict[str, Any]:
    city = CITIES[spec.city]
    name_zh, name_en = _names(spec, city)
    district = rng.choice(city.districts)
    bank, account_prefix = rng.choice(BANKS)
    # Key accounts tend to be the old relationships.
    first_year, last_year = {Grade.A: (2008, 2016), Grade.B: (2008, 2021)}.get(
        spec.grade, (2010, 2025)
    )
    since = date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))
    address = _address(rng, names[district])
    return {
        "code": spec.code,
        "name_zh": name_zh,
        "name_en": name_en,
        "credit_code": _credit_code(rng, city),
        "industry": KINDS[spec.kind][3],
        "main_products": rng.choice(KINDS[spec.kind][4]),
        "grade": spec.grade,
        "status": spec.status,
        "province": city.province,
        "city": city.city,
        "district": district,
        "address": address,
        "customer_since": None if spec.status == Status.PROSPECT else since,
        "invoice_title": name_zh,
        "invoice_address": _postal_prefix(city, names) + address,
        "invoice_phone": _landline(rng, city, extension=False),
        "invoice_bank": f"{bank}{city.zh}{_short(names[district]).replace(city.zh, '')}支行",
        "invoice_account": account_prefix + _digits(rng, 15),
    }


def _site(rng: random.Random, city: City, number: int, district: str, name: str) -> dict[str, Any]:
    return {
        "code": f"S{number}",
        "name": f"{'一二三'[number - 1]}厂（{_short(name)}）",
        "province": city.province,
        "city": city.city,
        "district": district,
        "address": _address(rng, name),
        "latitude": Decimal(f"{city.latitude + rng.uniform(-0.15, 0.15):.6f}"),
        "longitude": Decimal(f"{city.longitude + rng.uniform(-0.15, 0.15):.6f}"),
        "access_notes": "；".join(rng.sample(ACCESS_NOTES, rng.randint(2, 4))) + "。",
        "working_hours": rng.choice(WORKING_HOURS),
    }


def _sites(rng: random.Random, spec: Spec, fields: dict, names: dict) -> tuple[dict, ...]:
    city = CITIES[spec.city]
    count = 1 if spec.duplicate_of or spec.status == Status.PROSPECT else rng.randint(1, 3)
    sites = []
    for number in range(1, count + 1):
        # The first plant is at the registered address's district, the others anywhere in the city.
        code = fields["district"] if number == 1 else rng.choice(city.districts)
        sites.append(_site(rng, city, number, code, names[code]))
    return tuple(sites)


def _email(rng: random.Random, spec: Spec, name: str) -> str:
    surname, *given = lazy_pinyin(name)
    if rng.random() < 0.2:  # many people use a personal mailbox at work
        return f"{_digits(rng, rng.randint(8, 10)).lstrip('0') or '1'}@qq.com"
    local = rng.choice([f"{surname}{''.join(given)}", f"{''.join(given)}.{surname}"])
    return f"{local}@{spec.brand_en.lower()}-{KINDS[spec.kind][2]}.com.cn"


def _wechat(rng: random.Random, name: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return ""
    if roll < 0.7:
        return "".join(lazy_pinyin(name)) + str(rng.randint(1970, 2001))
    return "wxid_" + "".join(rng.choices("abcdefghijkmnpqrstuvwxyz0123456789", k=12))


def _contacts(rng: random.Random, spec: Spec, sites: tuple) -> tuple[dict[str, Any], ...]:
    city = CITIES[spec.city]
    others = [p for p in DEPARTMENTS if p != Position.MAINTENANCE_HEAD]
    positions = [Position.MAINTENANCE_HEAD, *rng.sample(others, rng.randint(1, 4))]
    names: set[str] = set()
    contacts = []
    for position in positions:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        while name in names or name in STAFF_NAMES:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        names.add(name)
        landline = rng.random() < 0.5
        contacts.append({
            "site": rng.choice(sites)["code"],
            "full_name": name,
            "position": position,
            "department": rng.choice(DEPARTMENTS[position]),
            "mobile": _mobile(rng),
            "landline": _landline(rng, city, extension=True) if landline else "",
            "email": _email(rng, spec, name),
            "wechat": _wechat(rng, name),
            "language": "en" if rng.random() < 0.08 else "zh-hans",
            "consents_to_surveys": rng.random() < 0.7,
            "consents_to_transfer_abroad": rng.random() < 0.4,
        })  # fmt: skip
    return tuple(contacts)


def _interactions(rng: random.Random, spec: Spec, contacts: tuple) -> tuple[dict[str, Any], ...]:
    if spec.status == Status.PROSPECT:
        chosen = [INTERACTIONS[4], INTERACTIONS[9]]  # a visit and a new-machine opportunity
    elif rng.random() < 0.5 and not spec.duplicate_of:
        chosen = rng.sample(INTERACTIONS, rng.randint(2, 4))
    else:
        return ()
    span = (LAST_INTERACTION - FIRST_INTERACTION).days
    interactions = []
    for kind, opportunity, summary, details in chosen:
        happened_on = FIRST_INTERACTION + timedelta(days=rng.randint(0, span))
        follow_up = happened_on + timedelta(days=rng.randint(14, 45)) if opportunity else None
        interactions.append({
            "contact": rng.choice(contacts)["full_name"], "kind": kind,
            "opportunity": opportunity, "happened_on": happened_on, "summary": summary,
            "details": details, "follow_up_on": follow_up,
        })  # fmt: skip
    return tuple(interactions)


@cache
def plan() -> tuple[CustomerPlan, ...]:
    """Every demo customer with its sites, contacts and interactions, the same on every run."""
    rng = random.Random(SEED)  # noqa: S311 — demo data, reproducible on purpose
    names = {code: name for code, name, _level, _parent in iter_divisions()}
    plans: dict[str, CustomerPlan] = {}
    for spec in SPECS:
        fields = _customer_fields(rng, spec, names)
        sites = _sites(rng, spec, fields, names)
        contacts = _contacts(rng, spec, sites)
        if spec.duplicate_of:
            fields, contacts = _as_duplicate(fields, plans[spec.duplicate_of])
        contacts = _with_portal_users(spec, contacts)
        plans[spec.code] = CustomerPlan(
            spec, fields, sites, contacts, _interactions(rng, spec, contacts)
        )
    return tuple(plans.values())


def _as_duplicate(fields: dict, original: CustomerPlan) -> tuple[dict, tuple[dict, ...]]:
    """The same company typed in again: same licence, address and maintenance head, no
    invoicing details yet."""
    same = ("credit_code", "main_products", "district", "address", "invoice_phone")
    fields = fields | {key: original.fields[key] for key in same}
    fields |= dict.fromkeys(
        ("invoice_title", "invoice_address", "invoice_bank", "invoice_account"), ""
    )
    fields["notes"] = "2019 年展会名片录入，开票信息待补。"
    return fields, (original.contacts[0] | {"site": "S1"},)


def _with_portal_users(spec: Spec, contacts: tuple[dict, ...]) -> tuple[dict, ...]:
    """A portal user of the customer is its first contact (the maintenance head)."""
    for username, (code, _rights) in PORTAL_ACCESS.items():
        if code == spec.code:
            full_name, phone = PEOPLE[username]
            domain = contacts[0]["email"].partition("@")[2]
            email = f"{''.join(lazy_pinyin(full_name))}@{domain}"
            person = {"full_name": full_name, "mobile": phone, "email": email}
            contacts = (contacts[0] | person, *contacts[1:])
    return contacts
