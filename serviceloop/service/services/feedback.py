"""Feedback after closing (售后服务质量反馈表) and the complaints that low scores open."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.services import notify
from serviceloop.core.links import new_token, token_hash

from .. import notifications
from ..models import Case, CaseEvent, Complaint, FeedbackRequest, FeedbackResponse
from . import cases, cases_timeline

LINK_LIFETIME = timedelta(days=14)
LINK_CLOSED = "link_closed"
COMPLAINT_ROLES = frozenset({Role.ADMIN, Role.MANAGER})


@transaction.atomic
def close_and_request_feedback(
    *, by: User, case: Case, version: int, root_cause: str, billing: str
) -> tuple[Case, str]:
    """Closes the case and makes its one-time feedback link: e-mailed to the reporter, and
    returned so the engineer can show it as a QR code on site. Only its hash is stored.
    Each closing asks anew (a reopened case closed again): the new link is the live one, an
    earlier unanswered link of the case expires, an answered one keeps its answer."""
    closed = cases.close_case(
        by=by, case=case, version=version, root_cause=root_cause, billing=billing
    )
    token, hashed = new_token()
    now = timezone.now()
    email = closed.reporter.email if closed.reporter is not None else ""
    unanswered = FeedbackRequest.objects.filter(case=closed, used_at__isnull=True)
    unanswered.filter(expires_at__gt=now).update(expires_at=now)
    FeedbackRequest.objects.create(
        case=closed,
        contact=closed.reporter,
        token_hash=hashed,
        sent_to=email,
        expires_at=now + LINK_LIFETIME,
    )
    transaction.on_commit(
        lambda: notifications.send_feedback_request(closed, email, token), robust=True
    )
    return closed, token


def open_request(token: str) -> FeedbackRequest | None:
    """The request behind a link if it can still be answered; None for any other token."""
    found = (
        FeedbackRequest.objects.select_related("case", "case__customer")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if found is None or found.used_at is not None or found.expires_at < timezone.now():
        return None
    return found


@transaction.atomic
def submit_feedback(*, token: str, answers: dict) -> FeedbackResponse:
    """Records the customer's answers once; a low score or "not solved" opens a complaint."""
    request = (
        FeedbackRequest.objects.select_for_update().filter(token_hash=token_hash(token)).first()
    )
    if request is None or request.used_at is not None or request.expires_at < timezone.now():
        # Its own code: the page tells a closed link apart from answers to correct.
        raise ValidationError(_("This link has been used or has expired."), code=LINK_CLOSED)
    response = FeedbackResponse(request=request, **answers)
    response.full_clean()
    response.save()
    request.used_at = timezone.now()
    request.save(update_fields=["used_at"])
    cases_timeline.record(
        request.case,
        CaseEvent.Kind.NOTE,
        None,
        _("Feedback received: %(score)s/5.") % {"score": response.overall},
    )
    case = request.case
    if case.assignee is not None:
        with translation.override(case.assignee.language):
            text = _("Feedback on %(number)s: %(score)s/5.") % {
                "number": case.number,
                "score": response.overall,
            }
        notify(user=case.assignee, text=text, link=reverse("service:case_detail", args=[case.pk]))
    if response.is_unhappy:
        open_complaint_from_feedback(response)
    return response


def open_complaint_from_feedback(response: FeedbackResponse) -> Complaint:
    case = response.request.case
    manager = User.objects.filter(
        office_id=case.office_id, role=Role.MANAGER, is_active=True
    ).first()
    complaint = Complaint.objects.create(
        customer=case.customer,
        case=case,
        feedback=response,
        source=Complaint.Source.FEEDBACK,
        severity=Complaint.Severity.HIGH if not response.solved else Complaint.Severity.MEDIUM,
        owner=manager,
        description=response.comment or _("Low score in the feedback form."),
    )
    if manager is not None:
        with translation.override(manager.language):
            text = _("Complaint about %(number)s: %(comment)s") % {
                "number": case.number,
                "comment": complaint.description[:80],
            }
        notify(
            user=manager, text=text, link=reverse("service:complaint_detail", args=[complaint.pk])
        )
    return complaint


@transaction.atomic
def advance_complaint(
    *,
    by: User,
    complaint: Complaint,
    state: str,
    severity: str | None = None,
    root_cause: str | None = None,
    corrective_action: str | None = None,
    customer_confirmed: bool | None = None,
) -> Complaint:
    """The manager works a complaint through (None keeps a field as it is); closing needs
    the root cause, the corrective action and the customer's confirmation (Complaint.clean);
    the time of closing is stamped once and cleared when the complaint is reopened."""
    if by.role not in COMPLAINT_ROLES:
        raise PermissionDenied(_("Complaints are handled by the service manager."))
    stored = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    changes = {
        "severity": severity,
        "root_cause": root_cause,
        "corrective_action": corrective_action,
        "customer_confirmed": customer_confirmed,
    }
    for field, value in changes.items():
        if value is not None:
            setattr(stored, field, value)
    if state != Complaint.State.CLOSED:
        stored.closed_at = None
    elif stored.state != Complaint.State.CLOSED:
        stored.closed_at = timezone.now()
    stored.state = state
    stored.owner = stored.owner or by
    stored.full_clean()
    stored.save()
    return stored
