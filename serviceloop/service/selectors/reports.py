"""Reads of repair reports for their printed document (产品维修报告单, form SL-F-02): the
staff's (scoped as the report page: the cases the user sees) and the customer's own signed
ones, and everything the document prints, with the sections later apps add
(`extensions.report_document_sections`). The PDF is made here too, without a request, for
the mail sent when the report is signed (docs/decisions/0016-printed-documents.md)."""

import base64
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import User
from serviceloop.core.documents import DocumentForm, document_context, render_pdf
from serviceloop.core.extensions import Panel

from .. import extensions
from ..models import Addendum, Case, RepairReport, Visit
from .cases import cases_for, portal_cases

REPAIR_REPORT = DocumentForm("SL-F-02", "产品维修报告单", _("Product repair report"))
TEMPLATE = "service/documents/repair_report.html"
# What the document prints of the report's case, read with the report in one query.
RELATIONS = (
    "case__customer",
    "case__site",
    "case__unit__model",
    "case__reporter",
    "case__office",
    "engineer",
    "visit",
)


def _documents(reports: QuerySet[RepairReport]) -> QuerySet[RepairReport]:
    return reports.select_related(*RELATIONS)


def report_for(user: User, pk: int, report_pk: int) -> RepairReport:
    """A report of the case `pk` the staff user sees (404 otherwise), as the report page."""
    reports = RepairReport.objects.filter(case__in=cases_for(user), case_id=pk)
    return get_object_or_404(_documents(reports), pk=report_pk)


def portal_report_for(user: User, pk: int, report_pk: int) -> RepairReport:
    """A signed report of the portal user's own customer's case `pk` (404 for any other)."""
    reports = RepairReport.objects.filter(
        case__in=portal_cases(user), case_id=pk, engineer_signed_at__isnull=False
    )
    return get_object_or_404(_documents(reports), pk=report_pk)


def document_of(report_pk: int) -> RepairReport:
    """The report with what its document prints (for a task: no user, no scoping)."""
    return _documents(RepairReport.objects.all()).get(pk=report_pk)


def _data_uri(stored: FieldFile) -> str:
    """A stored PNG (a drawn signature) as a data: URI, the only images a document embeds."""
    if not stored:
        return ""
    try:
        with stored.open("rb") as file:
            data = file.read()
    except OSError:  # a file lost from storage: the document still prints, without it
        return ""
    return "data:image/png;base64," + base64.b64encode(data).decode()


@dataclass(frozen=True)
class ReportDocument:
    """What the printed repair report shows."""

    report: RepairReport
    case: Case
    visit: Visit | None
    number: str
    parts_lines: list[str]
    addenda: list[Addendum]
    customer_signature: str
    engineer_signature: str
    sections: list[Panel]

    def as_context(self) -> dict[str, Any]:
        moments = {
            "arrived_at": self.arrived_at,
            "completed_at": self.completed_at,
            "service_at": self.arrived_at or self.completed_at,
        }
        return {**{field.name: getattr(self, field.name) for field in fields(self)}, **moments}

    @property
    def arrived_at(self) -> datetime | None:
        """The visit's check-in (the case's first arrival when the report has no visit)."""
        return self.visit.arrived_at if self.visit else self.case.on_site_at

    @property
    def completed_at(self) -> datetime | None:
        """The visit's check-out, else the signing: the work was done when both signed."""
        left = self.visit.left_at if self.visit else None
        return left or self.report.engineer_signed_at

    @property
    def filename(self) -> str:
        return f"{self.number}-repair-report"


def report_document(report: RepairReport) -> ReportDocument:
    """The document of a report read by one of the selectors above (a fixed number of
    queries, whatever the number of parts or addenda)."""
    ordinal = RepairReport.objects.filter(case_id=report.case_id, pk__lte=report.pk).count()
    return ReportDocument(
        report=report,
        case=report.case,
        visit=report.visit,
        number=f"{report.case.number}-R{ordinal}",
        parts_lines=[line.strip() for line in report.parts_used.splitlines() if line.strip()],
        addenda=list(report.addenda.select_related("author")),
        customer_signature=_data_uri(report.customer_signature),
        engineer_signature=_data_uri(report.engineer_signature),
        sections=extensions.report_document_sections.panels(report=report),
    )


def report_pdf(document: ReportDocument) -> bytes:
    """The document as a PDF in the active language and time zone (no request: a task)."""
    html = render_to_string(
        TEMPLATE, document_context(REPAIR_REPORT, as_pdf=True, **document.as_context())
    )
    return render_pdf(html)
