"""Builders for the import and export tests: records made through the domain services,
and files made the way Excel and Chinese Windows make them."""

import csv
import io
from datetime import date

import openpyxl

from serviceloop.core.tabular.reading import Table, read_table
from serviceloop.customers import services as customer_services
from serviceloop.equipment import services as equipment_services

VALID_CREDIT_CODE = "91310000MA1FL1234Q"


def make_customer(by, code="C-0001", *, office=None, **changes):
    changes = {"code": code, "name_zh": f"测试客户 {code}", **changes}
    return customer_services.create_customer(by=by, office=office or by.office, changes=changes)


def make_site(by, customer, code="S1", **changes):
    changes = {"code": code, "name": f"工厂 {code}", **changes}
    return customer_services.save_site(by=by, customer=customer, site=None, changes=changes)


def make_contact(by, customer, full_name="王建华", **changes):
    changes = {"full_name": full_name, "position": "maintenance_head", **changes}
    return customer_services.save_contact(by=by, customer=customer, contact=None, changes=changes)


def make_model(by, code="IPS-MF300", **changes):
    """`by` keeps the catalogue: a manager or an administrator."""
    changes = {"code": code, "name": f"Model {code}", "family": "power_supply", **changes}
    return equipment_services.save_equipment_model(by=by, equipment_model=None, changes=changes)


def make_unit(by, customer, serial="IH-2024-0001", *, model, **changes):
    changes = {"serial": serial, "model": model, "customer": customer, **changes}
    changes.setdefault("final_acceptance_date", date(2024, 3, 1))
    return equipment_services.save_unit(by=by, unit=None, changes=changes)


def xlsx_bytes(*rows) -> bytes:
    """A workbook as a user's Excel saves it: numbers stay numeric cells."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(*rows, encoding="utf-8") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def table(*rows) -> Table:
    """A CSV table of these rows; the first one holds the column codes."""
    return read_table(io.BytesIO(csv_bytes(*rows)), filename="list.csv")


def table_of(data: bytes, filename="list.xlsx") -> Table:
    return read_table(io.BytesIO(data), filename=filename)
