"""Import a list with a dry run, read its errors, fix the file, apply; export and download."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Unit
from serviceloop.equipment.testing import make_model

from .conftest import sign_in

HEADER = "serial,model_code,customer_code,final_acceptance_date,status\n"


@pytest.fixture
def archive(demo_users):
    office = demo_users["coordinator"].office
    make_model("IPS-MF300")
    return make_customer(office, "C-0001", "苏州恒锐精密锻造有限公司")


def _upload(page, name: str, text: str) -> None:
    page.set_input_files(
        "input[type=file]",
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8-sig")}],
    )
    page.locator("#import-panel button.primary").click()


def test_dry_run_shows_the_bad_rows_then_the_fixed_file_applies(
    page, live_server, archive, csp_violations
):
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/equipment/units/")
    page.locator("a[href='/transfer/units/import/']").click()

    _upload(
        page,
        "units.csv",
        HEADER
        + "IH-2026-0001,IPS-MF300,C-0001,2026-03-01,running\n"
        + "IH-2026-0002,NO-SUCH-MODEL,C-0001,2026-03-01,running\n"
        + "IH-2026-0003,IPS-MF300,C-0001,2026-13-45,running\n",
    )
    errors = page.get_by_test_id("import-errors").locator("tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0).locator("td").nth(0)).to_have_text("3")
    expect(errors.nth(0).locator("td").nth(1)).to_have_text("model_code")
    expect(errors.nth(1).locator("td").nth(0)).to_have_text("4")
    expect(errors.nth(1).locator("td").nth(1)).to_have_text("final_acceptance_date")
    expect(page.locator("form[action$='/import/apply/']")).to_have_count(0)
    assert not Unit.objects.exists()

    _upload(
        page,
        "units-fixed.csv",
        HEADER
        + "IH-2026-0001,IPS-MF300,C-0001,2026-03-01,running\n"
        + "IH-2026-0002,IPS-MF300,C-0001,2026-03-01,running\n"
        + "IH-2026-0003,IPS-MF300,C-0001,2026-03-15,running\n",
    )
    expect(page.get_by_test_id("import-counts")).to_contain_text("3")
    page.locator("form[action$='/import/apply/'] button").click()
    expect(page.locator(".message-success")).to_be_visible()
    assert Unit.objects.count() == 3
    assert csp_violations == []


def test_exports_the_customer_list_as_a_workbook_with_column_codes(page, live_server, archive):
    sign_in(page, live_server, "engineer1")
    page.goto(f"{live_server.url}/customers/")
    with page.expect_download() as download_info:
        page.locator("a[href^='/transfer/customers/export/']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("customers-")
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    data = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert data[0][0] == "customer_code"
    assert data[1][:2] == ("C-0001", "苏州恒锐精密锻造有限公司")
    assert len(workbook.worksheets) == 2  # the second sheet explains the codes
