"""The import and export pages: who may use them, the check-then-apply flow, the files."""

import io
import logging
import re

import openpyxl
import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import Customer
from serviceloop.customers.services import grant_portal_access

from .builders import csv_bytes, make_contact, make_customer, xlsx_bytes

pytestmark = pytest.mark.django_db
GOOD_CSV = csv_bytes(["customer_code", "name_zh"], ["C-0101", "甲公司"], ["C-0102", "乙公司"])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def coordinator(users):
    coordinator = users[Role.COORDINATOR]
    coordinator.language = "en"
    coordinator.save()
    return coordinator


def _upload(client, data=GOOD_CSV, kind="customers", name="customers.csv", **headers):
    file = SimpleUploadedFile(name, data)
    return client.post(reverse("transfer:import", args=[kind]), {"file": file}, **headers)


def _stored_files(media):
    folder = media / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_coordinator_checks_a_file_then_applies_it(client, coordinator, _media):
    client.force_login(coordinator)
    page = client.get(reverse("transfer:import", args=["customers"]))
    assert page.status_code == 200
    assert "customer_code" in page.text and "province_code" in page.text

    checked = _upload(client)
    assert checked.status_code == 200
    assert "2 to create, 0 to update, 0 unchanged." in checked.text
    assert not Customer.objects.exists()  # a dry run
    [stored] = _stored_files(_media)
    assert stored.endswith(".csv") and "customers" not in stored

    applied = client.post(reverse("transfer:import_apply", args=["customers"]), follow=True)
    assert applied.redirect_chain == [(reverse("customers:customer_list"), 302)]
    assert "2 created, 0 updated, 0 unchanged." in applied.text
    assert sorted(Customer.objects.values_list("code", flat=True)) == ["C-0101", "C-0102"]
    assert _stored_files(_media) == []


def test_htmx_upload_gets_only_the_result_panel(client, coordinator):
    client.force_login(coordinator)
    response = _upload(client, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "2 to create" in response.text


def test_a_file_with_errors_shows_them_and_offers_no_apply(client, coordinator, _media):
    client.force_login(coordinator)
    data = csv_bytes(["customer_code", "name_zh", "customer_since"], ["C-1", "甲", "soon"])
    response = _upload(client, data)
    assert "Bad date “soon”" in response.text
    assert reverse("transfer:import_apply", args=["customers"]) not in response.text
    assert _stored_files(_media) == []


def test_a_file_that_is_no_table_is_a_form_error(client, coordinator, _media):
    client.force_login(coordinator)
    response = _upload(client, b"%PDF-1.7\n", name="list.xlsx")
    assert response.context["form"].errors["file"] == [
        "This file is neither an .xlsx workbook nor a CSV file."
    ]
    assert _stored_files(_media) == []


def test_apply_plans_again_and_writes_nothing_if_the_data_changed(
    client, coordinator, beijing, _media
):
    client.force_login(coordinator)
    _upload(client)
    make_customer(make_user(Role.COORDINATOR, office=beijing), "C-0102")  # meanwhile
    response = client.post(reverse("transfer:import_apply", args=["customers"]))
    assert response.status_code == 200
    assert "A customer with this code already exists." in response.text
    assert not Customer.objects.filter(office=coordinator.office).exists()


def test_apply_without_a_checked_file_asks_for_the_file_again(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("transfer:import_apply", args=["units"]), follow=True)
    assert response.redirect_chain == [(reverse("transfer:import", args=["units"]), 302)]
    assert "upload it again" in response.text


def test_a_customer_code_of_another_office_is_an_unknown_customer(client, coordinator, beijing):
    make_customer(make_user(Role.COORDINATOR, office=beijing), "BJ-0001")
    client.force_login(coordinator)
    data = csv_bytes(["customer_code", "site_code", "name"], ["BJ-0001", "S1", "厂"])
    response = _upload(client, data, kind="sites")
    assert "Unknown customer code “BJ-0001”." in response.text


@pytest.mark.parametrize(
    ("role", "import_status", "export_status"),
    [
        (Role.COORDINATOR, 200, 200),
        (Role.MANAGER, 200, 200),
        (Role.ENGINEER, 403, 200),
        (Role.ACCOUNT_MANAGER, 403, 200),
        (Role.HQ, 403, 200),
        (Role.WAREHOUSE, 403, 403),
        (Role.CUSTOMER, 403, 403),
    ],
)
def test_who_may_import_and_export(client, users, role, import_status, export_status):
    client.force_login(users[role])
    for kind in ("customers", "sites", "contacts", "units"):
        assert client.get(reverse("transfer:import", args=[kind])).status_code == import_status
        assert client.get(reverse("transfer:export", args=[kind])).status_code == export_status


def test_engineer_and_portal_user_cannot_post_a_file(client, users):
    customer = make_customer(users[Role.COORDINATOR], "C-0001")
    grant_portal_access(user=users[Role.CUSTOMER], customer=customer, rights="approve")
    for role in (Role.ENGINEER, Role.CUSTOMER, Role.HQ):
        client.force_login(users[role])
        assert _upload(client).status_code == 403
        apply = reverse("transfer:import_apply", args=["customers"])
        assert client.post(apply).status_code == 403
    assert Customer.objects.count() == 1


def test_unknown_kind_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("transfer:import", args=["invoices"])).status_code == 404
    assert client.get(reverse("transfer:export", args=["invoices"])).status_code == 404


def test_export_is_an_attachment_filtered_like_the_list(client, coordinator):
    make_customer(coordinator, "C-0001", status="active")
    make_customer(coordinator, "C-0002", status="lost")
    client.force_login(coordinator)
    response = client.get(reverse("transfer:export", args=["customers"]), {"status": "lost"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith('attachment; filename="customers-')
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["C-0002"]


def test_csv_export_and_the_empty_template(client, coordinator):
    make_customer(coordinator, "C-0001")
    client.force_login(coordinator)
    url = reverse("transfer:export", args=["units"])
    csv_export = client.get(url, {"format": "csv"})
    assert csv_export["Content-Disposition"].endswith('.csv"')
    assert csv_export.content.startswith(b"\xef\xbb\xbfserial,model_code,customer_code,")
    template = client.get(reverse("transfer:export", args=["customers"]), {"template": "1"})
    workbook = openpyxl.load_workbook(io.BytesIO(template.content))
    assert workbook.worksheets[0].max_row == 1  # the codes only
    assert workbook.worksheets[1]["A2"].value == "customer_code"


def test_help_sheet_is_in_the_users_language(client, users):
    engineer = users[Role.ENGINEER]
    engineer.language = "zh-hans"
    engineer.save()
    client.force_login(engineer)
    response = client.get(reverse("transfer:export", args=["units"]))
    help_sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[1]
    assert help_sheet["C2"].value == "是"  # serial: required


def test_hq_exports_only_contacts_who_agreed_and_the_export_is_logged(client, users, caplog):
    customer = make_customer(users[Role.COORDINATOR], "C-0001")
    make_contact(users[Role.COORDINATOR], customer, "王伟", mobile="13812345678")
    agreed = make_contact(users[Role.COORDINATOR], customer, "李娜", mobile="13912345678")
    agreed.consents_to_transfer_abroad = True
    agreed.save()
    client.force_login(users[Role.HQ])
    with caplog.at_level(logging.INFO, logger="serviceloop.security"):
        response = client.get(reverse("transfer:export", args=["contacts"]), {"format": "csv"})
    assert response.status_code == 200
    exported = response.content.decode("utf-8-sig")
    assert "李娜" in exported and "王伟" not in exported
    [event] = [r for r in caplog.records if r.getMessage() == "personal_data_export"]
    assert (event.kind, event.rows, event.role) == ("contacts", 1, Role.HQ)


def test_numeric_cells_upload_through_the_page(client, coordinator):
    make_customer(coordinator, "C-0001")
    client.force_login(coordinator)
    data = xlsx_bytes(
        ["customer_code", "full_name", "mobile", "position"],
        ["C-0001", "王伟", 13812345678, "operator"],
    )
    response = _upload(client, data, kind="contacts", name="contacts.xlsx")
    assert "1 to create" in response.text


def test_import_page_loads_its_progress_script_from_static_files_only(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("transfer:import", args=["units"])).text
    scripts = re.findall(r"<script[^>]*>", page)
    assert '<script src="/static/transfer/upload-progress.js" defer>' in scripts
    assert all("src=" in script for script in scripts)  # the CSP forbids inline scripts
    assert " style=" not in page
    assert finders.find("transfer/upload-progress.js")
    assert 'hx-encoding="multipart/form-data"' in page and 'enctype="multipart/form-data"' in page
