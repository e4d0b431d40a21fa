"""The create forms of the project, one row each, for `test_create_once.py`: the view a
form posts to, who fills it in, what they type (over what the page sends by itself), the
model whose rows must grow by one, and the page that shows the form when it is not the
view's own. Kept apart like `parts_rows.py`, so the test stays one screen of behaviour."""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from serviceloop.accounts.models import Role, User
from serviceloop.customers.models import Contact, Customer, Interaction, Site
from serviceloop.equipment.models import Contract, Document, EquipmentModel, Unit, UnitMove
from serviceloop.parts.models import Part, ReplenishmentOrder, Reservation, StockMovement
from serviceloop.service.models import (
    Addendum,
    Attachment,
    Case,
    CaseEvent,
    Certification,
    Complaint,
    InfoRequest,
    Quote,
    Reading,
    RepairReport,
    Visit,
)
from serviceloop.surveys.models import (
    Campaign,
    Question,
    Questionnaire,
    Response,
    Section,
    Version,
)


def today():
    """The office's date when the row is used (a constant would go stale past midnight)."""
    return timezone.localdate()


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "gray").save(buffer, "JPEG")
    return buffer.getvalue()


@dataclass
class Create:
    role: Role
    fill: Any  # records -> what the person types or picks (files made anew each time)
    made: Any  # the model whose rows must grow by exactly one
    kwargs: Any = None  # records -> the URL's kwargs
    page: str | None = None  # the URL name of the page showing the form, when not its own
    page_kwargs: Any = None
    query: str = ""


def no_kwargs(d):
    return None


def _customer(d):
    return {"customer_pk": d["customer"].pk}


def _case(d):
    return {"pk": d["case"].pk}


def _diagnosing(d):
    return {"pk": d["diagnosing"].pk}


CREATES = {
    "customers:customer_create": Create(
        Role.COORDINATOR, lambda d: {"code": "C-0900", "name_zh": "宁波恒达齿轮有限公司"}, Customer
    ),
    "customers:site_create": Create(
        Role.COORDINATOR, lambda d: {"code": "S-9", "name": "二号厂房"}, Site, _customer
    ),
    "customers:contact_create": Create(
        Role.COORDINATOR,
        lambda d: {"full_name": "赵六", "mobile": "13900001111"},
        Contact,
        _customer,
    ),
    "customers:interaction_create": Create(
        Role.ACCOUNT_MANAGER,
        lambda d: {"happened_on": today().isoformat(), "summary": "电话回访"},
        Interaction,
        _customer,
    ),
    "equipment:unit_create": Create(
        Role.COORDINATOR,
        lambda d: {
            "serial": "IH-ONCE-1",
            "model": d["unit"].model_id,
            "customer": d["customer"].pk,
            "warranty_months": "12",
        },
        Unit,
    ),
    "equipment:unit_move": Create(
        Role.COORDINATOR,
        lambda d: {"to_customer": d["own_site"].customer_id, "moved_on": today().isoformat()},
        UnitMove,
        lambda d: {"pk": d["unit"].pk},
    ),
    "equipment:model_create": Create(
        Role.MANAGER,
        lambda d: {"code": "IH-X9", "name": "X9 淬火电源", "default_warranty_months": "12"},
        EquipmentModel,
    ),
    "equipment:contract_create": Create(
        Role.MANAGER,
        lambda d: {
            "number": "SC-9",
            "starts_on": today().isoformat(),
            "ends_on": (today() + timedelta(days=365)).isoformat(),
            "currency": "CNY",
        },
        Contract,
        _customer,
    ),
    "equipment:unit_document_upload": Create(
        Role.COORDINATOR,
        lambda d: {
            "kind": "manual",
            "title": "操作手册",
            "upload": SimpleUploadedFile("manual.pdf", _pdf()),
        },
        Document,
        lambda d: {"pk": d["unit"].pk},
        page="records:unit_record",
    ),
    "accounts:staff_create": Create(
        Role.MANAGER,
        lambda d: {
            "username": "new.engineer",
            "full_name": "欧阳娜娜",
            "email": "nana@example.com",
            "role": Role.ENGINEER,
        },
        User,
    ),
    "service:case_open": Create(
        Role.COORDINATOR,
        lambda d: {"customer": d["customer"].pk, "symptom": "淬火液流量低"},
        Case,
        query="?customer={customer}",
    ),
    "service:case_note": Create(
        Role.COORDINATOR,
        lambda d: {"text": "已电话联系客户"},
        CaseEvent,
        _case,
        page="service:case_detail",
    ),
    "service:case_reading": Create(
        Role.COORDINATOR,
        lambda d: {"tag": "Q_ps", "value": "28.5", "taken_at": "2026-11-27T09:30"},
        Reading,
        _case,
        page="service:case_detail",
    ),
    "service:case_attach": Create(
        Role.ENGINEER,
        lambda d: {"file": SimpleUploadedFile("cabinet.jpg", _jpeg()), "caption": "电源柜"},
        Attachment,
        _case,
        page="service:case_detail",
    ),
    "service:case_plan_visit": Create(
        Role.COORDINATOR,
        lambda d: {"engineers": [d["engineer"].pk], "planned_start": "2030-01-07T09:00"},
        Visit,
        _diagnosing,
        page="service:case_detail",
    ),
    "service:info_request_new": Create(
        Role.COORDINATOR,
        lambda d: {"tags": ["Q_ps"], "message": "请发来水压读数", "email": "li@example.com"},
        InfoRequest,
        _case,
    ),
    "service:quote_new": Create(
        Role.COORDINATOR,
        lambda d: {
            "scope": "更换IGBT模块",
            "valid_until": (today() + timedelta(days=30)).isoformat(),
            "lines-0-quantity": "3",
            **{f"lines-{n}-cover": "" for n in range(4)},
        },
        Quote,
        _case,
    ),
    "service:report_form": Create(
        Role.ENGINEER,
        lambda d: {
            "fault_found": "IGBT 击穿",
            "actions": "更换模块",
            "labour_hours": "2",
            "travel_hours": "1",
        },
        RepairReport,
        _case,
    ),
    "service:report_addendum": Create(
        Role.ENGINEER,
        lambda d: {"text": "更正：更换的是A相模块"},
        Addendum,
        lambda d: {"pk": d["case"].pk, "report_pk": d["report"].pk},
        page="service:report_form",
        page_kwargs=_case,
    ),
    "service:engineer_edit": Create(
        Role.MANAGER,
        lambda d: {"cert-name": "高压电工证", "cert-expires_on": "2027-06-30"},
        Certification,
        lambda d: {"pk": d["engineer"].pk},
    ),
    "parts:part_create": Create(
        Role.WAREHOUSE,
        lambda d: {
            "number": "SP-9001",
            "name_zh": "感应线圈",
            "cost_eur": "10",
            "hq_lead_days": "20",
            "customs_days": "5",
        },
        Part,
    ),
    "parts:movement_new": Create(
        Role.WAREHOUSE,
        lambda d: {"part": "SP-2001", "warehouse": d["store"].pk, "quantity": "2"},
        StockMovement,
        lambda d: {"kind": "receipt"},
    ),
    "parts:case_reserve": Create(
        Role.COORDINATOR,
        lambda d: {"part": "SP-2001", "warehouse": d["store"].pk, "quantity": "1"},
        Reservation,
        lambda d: {"case_pk": d["case"].pk},
        page="service:case_detail",
        page_kwargs=_case,
    ),
    "parts:order_create": Create(
        Role.WAREHOUSE,
        lambda d: {"line0-part": "SP-2001", "line0-quantity": "3"},
        ReplenishmentOrder,
    ),
    "parts:order_propose": Create(
        Role.WAREHOUSE, lambda d: {}, ReplenishmentOrder, page="parts:replenishment"
    ),
    "parts:order_step": Create(
        Role.WAREHOUSE,
        lambda d: {f"q{line.pk}": str(line.outstanding) for line in d["order"].lines.all()},
        StockMovement,
        lambda d: {"pk": d["order"].pk, "step": "receive"},
        page="parts:order_detail",
        page_kwargs=lambda d: {"pk": d["order"].pk},
    ),
    "service:complaint_create": Create(
        Role.COORDINATOR,
        lambda d: {
            "customer": str(d["customer"].pk),
            "source": "phone",
            "severity": "medium",
            "description": "电话投诉：备件等待太久",
        },
        Complaint,
    ),
    "surveys:answer_complaint": Create(
        Role.MANAGER,
        lambda d: {},
        Complaint,
        lambda d: {
            "pk": d["survey_response"].pk,
            "answer_pk": d["survey_response"].answers.get(question__code="A1").pk,
        },
        page="surveys:response_detail",
        page_kwargs=lambda d: {"pk": d["survey_response"].pk},
    ),
    "surveys:questionnaire_create": Create(
        Role.MANAGER,
        lambda d: {"code": "once", "title_zh": "安装回访", "title_en": "After installation"},
        Questionnaire,
    ),
    "surveys:version_new": Create(
        Role.MANAGER,
        lambda d: {"note": "加一题"},
        Version,
        lambda d: {"pk": d["survey_questionnaire"].pk},
        page="surveys:questionnaire_detail",
    ),
    "surveys:section_create": Create(
        Role.MANAGER,
        lambda d: {"title_zh": "沟通", "title_en": "Communication"},
        Section,
        lambda d: {"pk": d["survey_version"].pk},
    ),
    "surveys:question_create": Create(
        Role.MANAGER,
        lambda d: {
            "code": "Q9",
            "text_zh": "工程师准时到场。",
            "text_en": "On time.",
            "scale_min": "1",
            "scale_max": "5",
        },
        Question,
        lambda d: {"pk": d["survey_section"].pk},
    ),
    "surveys:campaign_create": Create(
        Role.MANAGER,
        lambda d: {"version": str(d["survey_campaign"].version_id), "name": "回访", "grades": "A"},
        Campaign,
    ),
    "surveys:paper_form": Create(
        Role.COORDINATOR,
        lambda d: {
            "customer": str(d["customer"].pk),
            "respondent_name": "纸面答卷人",
            "surveyed_on": today().isoformat(),
            "Q1_choices": d["survey_question"].choices.order_by("position").first().code,
        },
        Response,
        lambda d: {"version_pk": d["survey_version"].pk},
    ),
}
