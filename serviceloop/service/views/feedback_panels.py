"""The customers' feedback as sections of other pages: the case page (the service app's own
point) and the customer's profile record (the customers app's point, which the records
page renders without importing this app: decision 0014). Both are plugged in from
ServiceConfig.ready()."""

from django.urls import reverse
from django.utils.http import urlencode

from serviceloop.core.extensions import Panel

from ..selectors.feedback import case_feedback, customer_feedback

# After the spare parts (50) on the case page.
CASE_FEEDBACK_ORDER = 80


def case_feedback_panel(*, request, case):
    """Every closing's request and its answer; nothing for who does not read feedback."""
    feedback = case_feedback(request.user, case)
    if feedback is None or not (feedback.requests or feedback.withheld):
        return None
    context = {"case": case, **feedback.as_context()}
    return Panel("service/panels/case_feedback.html", context, order=CASE_FEEDBACK_ORDER)


def customer_feedback_panel(*, request, customer):
    """The latest answers of the customer's cases, how many and the mean overall score."""
    feedback = customer_feedback(request.user, customer)
    if feedback is None:
        return None
    more = reverse("service:feedback_list") + "?" + urlencode({"customer": customer.code})
    return Panel("service/panels/customer_feedback.html", {"feedback": feedback, "more_url": more})
