"""Answers imported from .xlsx through the lists' import (serviceloop.transfer): one row a
respondent, one column a question. The dry run reports every bad cell with its row and
column and the file applies whole or not at all."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.tabular.reading import read_table
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.testing import make_case
from serviceloop.surveys.models import Answer, Response
from serviceloop.surveys.tests.campaign_world import short_questionnaire
from serviceloop.transfer.services import apply_import, plan_import

pytestmark = pytest.mark.django_db
KIND = "survey-answers"
HEADER = [
    "questionnaire", "customer", "contact", "respondent", "survey_date", "method",
    "interviewer", "case_number", "A1", "A1_importance", "C1", "D1", "D2", "C3",
]  # fmt: skip


@pytest.fixture
def sheet(users, shanghai):
    customer = make_customer(shanghai, "C-0400", "襄阳曲轴有限公司")
    make_contact(customer, "王建华")
    case = make_case(shanghai, customer=customer, opened_by=users[Role.COORDINATOR])
    short_questionnaire()
    good = ["short/1", "C-0400", "王建华", "", "2026-11-20", "paper", "coordinator",
            case.number, 4, 5, 9, "R0", "S0; S1", "服务很好"]  # fmt: skip
    return {"customer": customer, "case": case, "good": good}


def _xlsx(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table(*rows):
    return read_table(io.BytesIO(_xlsx(*rows)), filename="answers.xlsx")


def _row(good, **cells):
    row = list(good)
    for code, value in cells.items():
        row[HEADER.index(code)] = value
    return row


def test_every_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_written(users, sheet):
    good = sheet["good"]
    rows = [
        [*HEADER, "Z9"],
        [*good, ""],  # row 2: fine
        [*_row(good, contact="", respondent="刘超范围", A1=7), ""],  # 3: off the 1–5 scale
        [*_row(good, contact="", respondent="黄文字", C1="很好"), ""],  # 4: text for a number
        [*good, ""],  # 5: the respondent of row 2 again
        [*_row(good, contact="", respondent="孙未知", customer="C-9999"), ""],  # 6
        [*_row(good, contact="", respondent="周重要", A1_importance=9), ""],  # 7
    ]
    coordinator = users[Role.COORDINATOR]
    plan = plan_import(coordinator, KIND, _table(*rows))
    found = {(error.row_number, error.column_code) for error in plan.errors}
    assert found == {
        (1, "z9"),  # no question Z9 in the version
        (3, "a1"),
        (4, "c1"),
        (5, "contact"),
        (6, "customer"),
        (7, "a1_importance"),
    }
    messages = {(error.row_number, error.column_code): error.message for error in plan.errors}
    assert "Z9".lower() in messages[(1, "z9")].lower()
    assert "7" in messages[(3, "a1")] and "很好" in messages[(4, "c1")]
    assert "2" in messages[(5, "contact")]  # names the first row of that respondent
    applied = apply_import(coordinator, KIND, _table(*rows))
    assert applied.errors
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_a_clean_file_records_each_respondent_with_every_answer(users, sheet):
    good = sheet["good"]
    second = _row(good, contact="", respondent="吴纸面", method="", case_number="", C3="")
    plan = apply_import(users[Role.COORDINATOR], KIND, _table(HEADER, good, second))
    assert plan.errors == [] and plan.created == 2
    first = Response.objects.get(contact__full_name="王建华")
    assert (first.method, first.case, first.interviewer) == (
        Response.Method.PAPER,
        sheet["case"],
        users[Role.COORDINATOR],
    )
    answers = {a.question.code: a for a in first.answers.all()}
    assert (answers["A1"].score, answers["A1"].importance, answers["C1"].score) == (4, 5, 9)
    assert sorted(c.code for c in answers["D2"].choices.all()) == ["S0", "S1"]
    assert answers["C3"].text == "服务很好"
    assert Response.objects.get(respondent_name="吴纸面").method == Response.Method.IMPORT


def test_a_respondent_already_recorded_that_day_is_refused_on_the_next_file(users, sheet):
    coordinator = users[Role.COORDINATOR]
    apply_import(coordinator, KIND, _table(HEADER, sheet["good"]))
    plan = plan_import(coordinator, KIND, _table(HEADER, sheet["good"]))
    assert [(e.row_number, e.column_code) for e in plan.errors] == [(2, "contact")]
    next_day = _row(sheet["good"], survey_date="2026-11-21")
    assert plan_import(coordinator, KIND, _table(HEADER, next_day)).errors == []


def test_the_import_page_checks_the_file_and_lists_the_errors(client, users, sheet):
    client.force_login(users[Role.COORDINATOR])
    upload = SimpleUploadedFile("answers.xlsx", _xlsx(HEADER, _row(sheet["good"], A1=0)))
    page = client.post(reverse("transfer:import", args=[KIND]), {"file": upload})
    assert page.status_code == 200
    assert [(e.row_number, e.column_code) for e in page.context["plan"].errors] == [(2, "a1")]
    assert Response.objects.count() == 0


def test_the_template_of_a_version_has_a_column_per_question_and_importance(client, users):
    version = short_questionnaire("template")
    client.force_login(users[Role.COORDINATOR])
    download = client.get(reverse("surveys:paper_template", args=[version.pk]))
    table = read_table(io.BytesIO(download.content), filename="template.xlsx")
    assert {"questionnaire", "customer", "survey_date", "a1", "a1_importance", "c1", "c3"} <= set(
        table.columns
    )
