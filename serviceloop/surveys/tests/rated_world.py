"""Builders for the analysis pages' tests: a campaign of the standard questionnaire whose
answers tell a story — spare parts (SPP, A18–A20) scored low and rated important, the
rest good — recorded as staff type paper answers in."""

from serviceloop.customers.models import Customer
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.surveys.models import Campaign, Version
from serviceloop.surveys.services.answers import Given
from serviceloop.surveys.standard import install_standard_questionnaire

from .answer_world import recorded
from .campaign_world import draft

SPARE_PARTS = ("A18", "A19", "A20")
GRADES = (Customer.Grade.A, Customer.Grade.B, Customer.Grade.C)


def standard_version() -> Version:
    # The migration installs it; a test run after a transactional one finds it flushed.
    install_standard_questionnaire()
    version = Version.objects.filter(questionnaire__code="standard").order_by("-number").first()
    assert version is not None
    return version


def scores_for(n: int) -> dict:
    """Respondent n's answers: A items 4–5 (importance 3–5), spare parts 1–2 and important
    (5), B items 7–9, C1 from 5 to 10, and a written comment from every third respondent."""
    scores: dict = {}
    for number in range(1, 27):
        code = f"A{number}"
        if code in SPARE_PARTS:
            scores[code] = Given(score=1 + n % 2, importance=5)
        else:
            scores[code] = Given(score=4 + (n + number) % 2, importance=3 + (n + number) % 3)
    for number in range(1, 4):
        scores[f"B{number}"] = 7 + (n + number) % 3
    scores["C1"] = 5 + n % 6
    if n % 3 == 0:
        scores["C3"] = Given(text=f"备件交货太慢,等了三周。({n})")
    return scores


def rated_campaign(
    manager, coordinator, office, respondents: int, *, abroad=lambda n: False, name="年度调查"
) -> Campaign:
    """A campaign with `respondents` paper responses, one customer and contact each; the
    contacts for whom `abroad(n)` holds agree to be read abroad."""
    version = standard_version()
    campaign = draft(manager, version, name=name)
    add_respondents(campaign, coordinator, office, range(respondents), abroad=abroad)
    return campaign


def add_respondents(campaign, coordinator, office, numbers, *, abroad=lambda n: False) -> None:
    version = campaign.version
    for n in numbers:
        customer = make_customer(
            office, f"R-{campaign.pk}-{n:04d}", f"评分客户{n}", grade=GRADES[n % 3]
        )
        contact = make_contact(customer, f"答卷人{n}", consents_to_transfer_abroad=bool(abroad(n)))
        recorded(
            coordinator, version, customer, contact=contact, campaign=campaign, scores=scores_for(n)
        )
