"""Demo satisfaction surveys of the Shanghai office on the standard questionnaire.

Three closed campaigns (spring and autumn, calendar.py), one running about two weeks with
some 40 % answered, and next season's draft; each sent to every contact of the office's
customers who agreed to surveys, one link a contact (only the hash kept, the very hash the
app derives, so the running campaign's links work). Most answered through the link; the
coordinator phoned a few others and typed in the paper forms engineers brought back.

The answers follow the demo cases (respondents.py, profiles.py): spare parts score lowest
and matter most, a little better each campaign; the engineers' courtesy and competence
score highest; customers with many production-stop (P1) cases in the year before judge
responsiveness harder; customers whose cases waited for parts — days in "waiting for
parts", to the next move or now — score parts and the overall questions lower (these are
all recent cases: the demo reads them as the customers who chronically wait for imported
parts). Drawn from one seeded generator and written in bulk; `load()` adds them only when
the office has no campaign.
"""

from django.db.models import Q
from django.utils import timezone

from serviceloop.demo import customers
from serviceloop.demo.accounts import USERS
from serviceloop.demo.customers import delete_with_history
from serviceloop.service.models import Complaint
from serviceloop.surveys.models import Campaign, Invitation, Questionnaire, Response, Version

from .writing import write

__all__ = ["load", "reset"]


def load() -> None:
    if Campaign.objects.filter(office__code="shanghai").exists():
        return
    if not Version.objects.filter(questionnaire__code="standard").exists():
        return
    write(timezone.now())


def reset() -> None:
    """Deletes the demo campaigns and every answer of a demo customer or given in them,
    and what demo users made during a demo (questionnaires, campaigns, typed-in answers):
    their rows would keep the demo users and customers from being deleted."""
    demo_users = [row[0] for row in USERS]
    mine = Q(created_by__username__in=demo_users)
    questionnaires = list(Questionnaire.objects.filter(mine).values_list("pk", flat=True))
    campaigns = list(
        Campaign.objects.filter(
            mine
            | Q(invitations__customer__code__in=customers.CODES)
            | Q(version__questionnaire__in=questionnaires)
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    responses = Response.objects.filter(
        Q(customer__code__in=customers.CODES)
        | Q(campaign__in=campaigns)
        | Q(recorded_by__username__in=demo_users)
        | Q(interviewer__username__in=demo_users)
        | Q(version__questionnaire__in=questionnaires)
    )
    # Complaints opened from these answers go with them (their link protects the answer).
    delete_with_history(Complaint.objects.filter(survey_answer__response__in=responses))
    responses.delete()
    Invitation.objects.filter(
        Q(campaign__in=campaigns) | Q(customer__code__in=customers.CODES)
    ).delete()
    Campaign.objects.filter(pk__in=campaigns).delete()
    Version.objects.filter(questionnaire__in=questionnaires).delete()
    Questionnaire.objects.filter(pk__in=questionnaires).delete()
