"""Reads for opening complaints and for the manager's home: whom a complaint may be about,
who may own it, and the complaints still open. Which complaints a user reads at all:
`feedback.complaints_for`."""

from django.db.models import QuerySet

from serviceloop.accounts.models import Role, User
from serviceloop.customers.models import Customer
from serviceloop.customers.selectors import customers_for

from ..models import Case, Complaint
from ..permissions import COMPLAINT_OPENERS
from .feedback import complaints_for

# Staff who may own a complaint: who works it, or follows it with the customer.
OWNER_ROLES = (Role.MANAGER, Role.COORDINATOR, Role.ACCOUNT_MANAGER)
# The home page lists the oldest open complaints first, this many at most.
HOME_SHOWN = 10


def complaint_customers_for(user: User) -> QuerySet[Customer]:
    """The customers the user may open a complaint for (services.feedback_complaints's rule)."""
    if user.role not in COMPLAINT_OPENERS:
        return Customer.objects.none()
    customers = customers_for(user).filter(archived_at__isnull=True)
    if user.role == Role.ACCOUNT_MANAGER:
        customers = customers.filter(account_manager=user)
    return customers.order_by("code", "pk")


def customer_case(customer: Customer, number: str) -> Case | None:
    """The customer's case by its number (any letter case, spaces trimmed), or None."""
    return Case.objects.filter(customer=customer, number__iexact=number.strip()).first()


def complaint_owners_for(user: User) -> QuerySet[User]:
    """The active service staff of the user's office (of every office for the admin)."""
    people = User.objects.filter(is_active=True, role__in=OWNER_ROLES).order_by("full_name", "pk")
    if user.sees_all_offices:
        return people
    return people.filter(office_id=user.office_id) if user.office_id else people.none()


def open_complaints(user: User) -> tuple[list[Complaint], int]:
    """The oldest open complaints the user reads (HOME_SHOWN at most) and how many are open,
    in two queries."""
    still_open = complaints_for(user).exclude(state=Complaint.State.CLOSED)
    return list(still_open.order_by("opened_at", "pk")[:HOME_SHOWN]), still_open.count()
