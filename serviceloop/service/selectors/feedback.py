"""Reads of complaints, scoped to the office's managers and coordinators."""

from django.db.models import QuerySet

from serviceloop.accounts.models import Role, User

from ..models import Complaint


def complaints_for(user: User) -> QuerySet[Complaint]:
    complaints = Complaint.objects.select_related("customer", "case", "owner")
    if user.sees_all_offices:
        return complaints
    if user.role in (Role.MANAGER, Role.COORDINATOR) and user.office_id is not None:
        return complaints.filter(customer__office_id=user.office_id)
    return complaints.none()
