"""Complaints opened by staff from any source: a call, an e-mail, a visit, or a later app's
answer (a survey). Low case feedback opens its own (services/feedback.py); working a
complaint through to its close is `feedback.advance_complaint`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.services import notify
from serviceloop.customers.models import Customer

from ..models import Case, Complaint
from ..permissions import COMPLAINT_OPENERS
from ..selectors.feedback_complaints import complaint_owners_for


def may_open_complaint(user: User, customer: Customer) -> bool:
    """The office's service staff for its customers; an account manager for its own."""
    if user.role not in COMPLAINT_OPENERS:
        return False
    if user.role == Role.ACCOUNT_MANAGER:
        return customer.account_manager_id == user.pk
    return user.sees_all_offices or customer.office_id == user.office_id


@transaction.atomic
def open_complaint(
    *,
    by: User,
    customer: Customer,
    source: str,
    description: str,
    severity: str = Complaint.Severity.MEDIUM,
    case: Case | None = None,
    owner: User | None = None,
) -> Complaint:
    """Opens a complaint the customer made; its owner (the office's manager unless another
    colleague is named) is told. A case must be the customer's own."""
    if not may_open_complaint(by, customer):
        raise PermissionDenied(_("You may not open a complaint for this customer."))
    if case is not None and case.customer_id != customer.pk:
        raise ValidationError({"case": _("Choose a case of this customer.")})
    if owner is not None and not complaint_owners_for(by).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("Choose a colleague of the customer's office.")})
    owner = owner or _office_manager(customer)
    complaint = Complaint(
        customer=customer,
        case=case,
        source=source,
        severity=severity,
        owner=owner,
        description=description.strip(),
    )
    complaint.full_clean()
    complaint.save()
    if owner is not None and owner != by:
        with translation.override(owner.language):
            text = _("Complaint from %(customer)s: %(text)s") % {
                "customer": customer.name_zh,
                "text": complaint.description[:80],
            }
        notify(user=owner, text=text, link=reverse("service:complaint_detail", args=[complaint.pk]))
    return complaint


def _office_manager(customer: Customer) -> User | None:
    return (
        User.objects.filter(office_id=customer.office_id, role=Role.MANAGER, is_active=True)
        .order_by("pk")
        .first()
    )
