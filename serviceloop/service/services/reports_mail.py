"""The signed repair report's PDF, e-mailed once to the case's reporting contact in the
contact's language (run by the task `tasks.mail_signed_report` after the signing commits)."""

from django.db import transaction
from django.utils import timezone, translation

from .. import notifications
from ..models import RepairReport
from ..selectors import reports as selectors


@transaction.atomic
def mail_signed_report(report_id: int) -> bool:
    """Sends the report's PDF unless it went already: the report's row stays locked from the
    check to the moment recorded, so a repeated, retried or parallel task sends nothing
    more; a failed send records nothing and raises (the task tries again). Returns whether
    a mail went."""
    locked = RepairReport.objects.select_for_update().filter(pk=report_id)
    stored = locked.values("pdf_sent_at", "engineer_signed_at").first()
    if stored is None or stored["pdf_sent_at"] or not stored["engineer_signed_at"]:
        return False
    report = selectors.document_of(report_id)
    contact = report.case.reporter
    if contact is None or not contact.email:
        return False  # nobody to send it to: the report stays on the portal and the case
    language = notifications.customer_language(report.case)
    with translation.override(language), timezone.override(report.case.office.time_zone):
        document = selectors.report_document(report)
        pdf = selectors.report_pdf(document)
        notifications.send_signed_report(document, contact.email, pdf)
    locked.update(pdf_sent_at=timezone.now())
    return True
