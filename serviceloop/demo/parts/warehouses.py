"""The demo warehouses: HQ's in Spain, the store of the office that serves the demo's
customers (Shanghai, the only one with customers and engineers), a van per engineer of
it, and consignment stock at the key customer's crankshaft plant."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from serviceloop.accounts.models import Office, Role, User
from serviceloop.customers.models import Customer
from serviceloop.demo import accounts
from serviceloop.demo.service.engineers import PROFILES
from serviceloop.parts.models import Warehouse

Kind = Warehouse.Kind

HQ_CODE = "hq-zamudio"
HQ = {
    "name": "总部仓库（西班牙 Zamudio）",
    "address": "Parque Tecnológico, 48170 Zamudio, Bizkaia, España",
    "latitude": Decimal("43.289500"),
    "longitude": Decimal("-2.864300"),
}
# The office's store next to its service centre (Hongqiao, Minhang).
STORES = {
    "shanghai": {
        "name": "上海办公室仓库",
        "address": "上海市闵行区申长路 988 弄 虹桥万科中心 B1 备件库",
        "latitude": Decimal("31.193900"),
        "longitude": Decimal("121.318600"),
    },
}
# The grade A crankshaft maker whose lines cannot wait for a part: spares on its premises.
KEY_CUSTOMER, KEY_SITE = "C-0001", "S1"
DEMO_OFFICES = [office["code"] for office in accounts.OFFICES]


def store_code(office: Office) -> str:
    return f"{office.code}-main"


def van_code(username: str) -> str:
    return f"van-{username}"


def consignment_code(customer_code: str) -> str:
    return f"consignment-{customer_code.lower()}"


@dataclass
class Stores:
    hq: Warehouse | None
    store: Warehouse | None
    vans: dict[int, Warehouse]  # by engineer id
    consignment: Warehouse | None

    @property
    def all(self) -> list[Warehouse]:
        places = [self.hq, self.store, *self.vans.values(), self.consignment]
        return [place for place in places if place is not None]


def demo_codes() -> list[str]:
    """Every code a demo warehouse may have."""
    offices = Office.objects.filter(code__in=DEMO_OFFICES)
    return [
        HQ_CODE,
        *(store_code(office) for office in offices),
        *(van_code(row[0]) for row in accounts.USERS if row[2] == Role.ENGINEER),
        consignment_code(KEY_CUSTOMER),
    ]


def _get(code: str, **fields) -> Warehouse:
    warehouse = Warehouse.objects.filter(code=code).first()
    return warehouse or Warehouse.objects.create(code=code, **fields)


def _vans(office: Office) -> dict[int, Warehouse]:
    engineers = User.objects.filter(
        office=office, role=Role.ENGINEER, username__in=[row[0] for row in accounts.USERS]
    ).order_by("username")
    vans = {}
    for engineer in engineers:
        home = PROFILES.get(engineer.username)
        vans[engineer.pk] = _get(
            van_code(engineer.username),
            name=f"{engineer.full_name} 车载库存",
            kind=Kind.VAN,
            office=office,
            engineer=engineer,
            address=home[0] if home else "",
            latitude=home[1] if home else None,
            longitude=home[2] if home else None,
        )
    return vans


def _consignment() -> Warehouse | None:
    customer = Customer.objects.filter(code=KEY_CUSTOMER).select_related("office").first()
    site = customer and customer.sites.filter(code=KEY_SITE).first()
    if customer is None or site is None:
        return None
    return _get(
        consignment_code(customer.code),
        name=f"{customer.name_zh} 寄售库（{site.name}）",
        kind=Kind.CONSIGNMENT,
        office=customer.office,
        customer=customer,
        site=site,
        address=site.address,
        latitude=site.latitude,
        longitude=site.longitude,
    )


def _load_warehouses() -> Stores:
    """Creates the demo warehouses that are missing (key: code); no store, no vans and no
    consignment stock when no demo office serves customers."""
    headquarters = Office.objects.filter(code__in=DEMO_OFFICES, is_headquarters=True).first()
    hq = headquarters and _get(HQ_CODE, kind=Kind.HQ, office=headquarters, **HQ)
    office = (
        Office.objects.filter(code__in=STORES, is_headquarters=False)
        .filter(Q(customers__isnull=False) | Q(users__role=Role.ENGINEER))
        .distinct()
        .order_by("code")
        .first()
    )
    if office is None:
        return Stores(hq, None, {}, None)
    store = _get(store_code(office), kind=Kind.OFFICE, office=office, **STORES[office.code])
    return Stores(hq, store, _vans(office), _consignment())
