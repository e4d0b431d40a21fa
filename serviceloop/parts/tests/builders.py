"""A small stock world for tests: an office warehouse, an engineer's van, HQ, two parts."""

import base64
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image

from serviceloop.accounts.models import Role
from serviceloop.parts.models import Part, Warehouse
from serviceloop.parts.services import stock
from serviceloop.parts.testing import make_part, make_warehouse
from serviceloop.service.models import Case
from serviceloop.service.services import reports as report_services
from serviceloop.service.testing import make_case


def signature() -> str:
    """A drawn customer signature, as the report page's pad sends it."""
    image = Image.new("RGB", (300, 100), "white")
    for x in range(20, 280):
        image.putpixel((x, 50), (0, 0, 0))
    buffer = BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


class World:
    def __init__(self, users, shanghai, spain_hq):
        self.users = users
        self.clerk = users[Role.WAREHOUSE]
        self.engineer = users[Role.ENGINEER]
        self.coordinator = users[Role.COORDINATOR]
        self.store = make_warehouse(shanghai, "sh-main", name="上海备件库")
        self.van = make_warehouse(
            shanghai, "van-1", Warehouse.Kind.VAN, engineer=self.engineer, name="王工车载"
        )
        self.hq = make_warehouse(spain_hq, "hq-es", Warehouse.Kind.HQ, name="HQ Spain")
        self.igbt = make_part(
            "SP-2001", price_cny=5200, is_critical=True, spare_class=Part.SpareClass.A
        )
        self.filter = make_part(
            "SP-1102",
            name_zh="过滤器滤网",
            category=Part.Category.COOLING,
            spare_class=Part.SpareClass.C,
            price_cny=180,
        )
        self.board = make_part(
            "SP-2101",
            name_zh="驱动板",
            category=Part.Category.DRIVER_CONTROL,
            is_serialized=True,
            is_repairable=True,
            price_cny=9800,
        )
        self.office = shanghai

    def receive(self, part, quantity, warehouse=None, serials=None):
        return stock.receive_stock(
            by=self.clerk,
            part=part,
            warehouse=warehouse or self.store,
            quantity=quantity,
            serial_numbers=serials,
        )

    def case(self, state="visit_scheduled", **fields):
        return make_case(
            self.office, opened_by=self.coordinator, assignee=self.engineer, state=state, **fields
        )

    def on_site(self, **fields):
        return self.case(state=Case.State.ON_SITE, on_site_at=timezone.now(), **fields)

    def report(self, case):
        return report_services.save_report(
            by=self.engineer,
            case=case,
            report=None,
            version=None,
            changes={"fault_found": "IGBT击穿", "actions": "更换IGBT模块", "labour_hours": 2},
        )

    def sign(self, report):
        report.refresh_from_db()
        return report_services.sign_report(
            by=self.engineer,
            report=report,
            version=report.version,
            customer_name="王建华",
            signature=signature(),
            engineer_signature=signature(),
        )


@pytest.fixture
def world(users, shanghai, spain_hq):
    return World(users, shanghai, spain_hq)
