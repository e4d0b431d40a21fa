"""Writes for repair reports: written by the visiting engineer, signed on the screen by the
customer and the engineer, then locked; later corrections are addenda."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.core.signatures import signature_png
from serviceloop.core.uploads import FileKind, generated_name

from .. import extensions
from ..models import Addendum, Case, CaseEvent, RepairReport
from ..tasks import mail_signed_report
from . import cases, cases_search, cases_timeline, cases_transitions

REPORT_FIELDS = frozenset(
    {
        "fault_found",
        "root_cause",
        "actions",
        "parts_used",
        "labour_hours",
        "travel_hours",
        "readings_after",
    }
)
SIGNATURE = FileKind("png", "image/png")


def _may_write(by: User, case: Case) -> bool:
    return bool(
        cases_transitions.actors_of(by, case)
        & {cases_transitions.VISITING_ENGINEER, cases_transitions.ASSIGNEE}
    ) and by.role in (Role.ENGINEER, Role.ADMIN)


@transaction.atomic
def save_report(
    *,
    by: User,
    case: Case,
    report: RepairReport | None,
    version: int | None,
    changes: dict[str, Any],
) -> RepairReport:
    """Creates or changes the engineer's report while it is unsigned."""
    if not _may_write(by, case):
        raise PermissionDenied(_("Only the visiting engineer writes the repair report."))
    if report is None:
        visit = case.visits.filter(engineers=by).order_by("-planned_start").first()
        report = RepairReport(case=case, visit=visit, engineer=by)
    else:
        report = RepairReport.objects.select_for_update(of=("self",)).get(pk=report.pk)
        if report.is_signed:
            raise ValidationError(_("This report is signed: add a correction instead."))
        if version is not None and report.version != version:
            raise cases.StaleCase(_("The report was changed meanwhile: reload it before saving."))
        report.version += 1
    unknown = set(changes) - REPORT_FIELDS
    if unknown:
        raise ValueError(f"fields not allowed here: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(report, field, value)
    report.full_clean()
    report.save()
    cases_search.refresh_search_text(case)
    return report


def _engineer_png(drawing: str) -> bytes:
    """The engineer's drawn signature, checked as the customer's; its refusals say whose."""
    try:
        return signature_png(drawing)
    except ValidationError as error:
        if error.code in ("signature_missing", "signature_empty"):
            raise ValidationError(
                _("The engineer's signature box is empty: the engineer signs too."),
                code="engineer_signature_empty",
            ) from error
        raise ValidationError(
            _("The engineer's signature: %(reason)s") % {"reason": " ".join(error.messages)},
            code="engineer_signature_refused",
        ) from error


@transaction.atomic
def sign_report(
    *,
    by: User,
    report: RepairReport,
    version: int,
    customer_name: str,
    signature: str,
    engineer_signature: str,
) -> RepairReport:
    """The customer accepts the work by name and drawn signature, the engineer signs by
    drawing too; the report is locked from then on, and its PDF is mailed to the customer's
    contact once the signing is committed."""
    stored = (
        RepairReport.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=report.pk)
    )
    if stored.engineer_id != by.pk:
        raise PermissionDenied(_("The engineer who wrote the report signs it."))
    if stored.is_signed:
        raise ValidationError(_("This report is signed already."))
    if stored.version != version:
        raise cases.StaleCase(_("The report was changed meanwhile: reload it before signing."))
    if not customer_name.strip():
        raise ValidationError(
            {"customer_name": _("Write the name of the customer who accepts the work.")}
        )
    png = signature_png(signature)
    engineer_png = _engineer_png(engineer_signature)
    # Later apps take their part first (spare parts leave the stock): a refusal leaves the
    # report unsigned and no signature file behind.
    extensions.report_signing.call(report=stored, by=by)
    now = timezone.now()
    stored.customer_name = customer_name.strip()
    stored.customer_signature.save(generated_name(SIGNATURE), ContentFile(png), save=False)
    stored.engineer_signature.save(generated_name(SIGNATURE), ContentFile(engineer_png), save=False)
    stored.customer_signed_at = stored.engineer_signed_at = now
    stored.version += 1
    stored.save()
    cases_timeline.record(
        stored.case,
        CaseEvent.Kind.NOTE,
        by,
        _("Repair report signed by %(name)s.") % {"name": stored.customer_name},
        report=stored.pk,
    )
    transaction.on_commit(lambda: mail_signed_report.enqueue(stored.pk))
    return stored


@transaction.atomic
def add_addendum(*, by: User, report: RepairReport, text: str) -> Addendum:
    """A correction to a signed report, by its engineer, the coordinator or the manager."""
    if not report.is_signed:
        raise ValidationError(_("Change the report itself while it is not signed."))
    if not text.strip():
        raise ValidationError({"text": _("Write the correction.")})
    allowed = by.pk == report.engineer_id or cases_transitions.actors_of(by, report.case) & {
        cases_transitions.COORDINATOR,
        cases_transitions.MANAGER,
    }
    if not allowed:
        raise PermissionDenied
    return Addendum.objects.create(report=report, text=text.strip(), author=by)
