"""Demo service loop of the Shanghai office: SLA policies (hours; P1 runs day and night),
engineer profiles, and two years of service cases with their timelines, readings, visits,
signed repair reports, feedback and complaints.

The cases are planned from one seeded generator and written with `bulk_create` (the whole
history in a few seconds); `load()` adds them only when no case of a demo customer exists.
"""

from django.db.models import Q

from serviceloop.demo import customers
from serviceloop.demo.customers import delete_with_history
from serviceloop.demo.service.engineers import PROFILES, _load_profiles
from serviceloop.demo.service.faults import FAULTS, QUENCH_FAMILIES
from serviceloop.demo.service.generator import _load_cases
from serviceloop.demo.service.policies import _load_policies, _load_rates
from serviceloop.service.models import (
    Addendum,
    Case,
    Complaint,
    EngineerProfile,
    FeedbackRequest,
    FeedbackResponse,
    InfoRequest,
    Quote,
    RepairReport,
    SlaPolicy,
    Visit,
)

__all__ = ["FAULTS", "QUENCH_FAMILIES", "load", "reset"]


def load() -> None:
    _load_policies()
    _load_rates()
    _load_profiles()
    _load_cases()


def reset() -> None:
    """Cases opened on demo customers during a demo go too (they are demo data)."""
    cases = Case.objects.filter(customer__code__in=customers.CODES)
    delete_with_history(
        Complaint.objects.filter(Q(case__in=cases) | Q(customer__code__in=customers.CODES))
    )
    delete_with_history(Quote.objects.filter(case__in=cases))
    InfoRequest.objects.filter(case__in=cases).delete()
    FeedbackResponse.objects.filter(request__case__in=cases).delete()
    FeedbackRequest.objects.filter(case__in=cases).delete()
    reports = RepairReport.objects.filter(case__in=cases)
    Addendum.objects.filter(report__in=reports).delete()
    delete_with_history(reports)
    delete_with_history(Visit.objects.filter(case__in=cases))
    cases.update(reopened_from=None)
    delete_with_history(cases)
    delete_with_history(EngineerProfile.objects.filter(user__username__in=PROFILES))
    SlaPolicy.objects.filter(office__code="shanghai").delete()
