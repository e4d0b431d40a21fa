"""The demo campaigns written in bulk: invitations with their links' hashes, the answers
given through the links, and the calls and paper forms a coordinator typed in."""

import random
from collections import defaultdict
from datetime import datetime, timedelta

from serviceloop.accounts.models import Office, User
from serviceloop.core.links import token_hash
from serviceloop.demo import customers
from serviceloop.service.models import Case, CaseEvent
from serviceloop.surveys.models import Answer, Campaign, Invitation, Question, Response, Version
from serviceloop.surveys.selectors.campaigns import audience
from serviceloop.surveys.services.campaigns import invitation_token
from serviceloop.surveys.standard import CODE as STANDARD

from . import calendar, respondents
from .calendar import CampaignPlan

SEED = 2026
BATCH = 1000
Method = Response.Method
WAITING_PARTS = Case.State.WAITING_PARTS
# A customer who waited this many days for parts in all is as unhappy as it gets.
WORST_WAIT_DAYS = 30
REMIND_EVERY = timedelta(days=7)
# Of the contacts who did not answer the link, how many the coordinator reached by phone,
# and how many filled in a paper form an engineer brought back from a visit.
PHONED, ON_PAPER = 0.1, 0.04


def _waits(now: datetime) -> dict[int, float]:
    """Per customer, the days its cases spent waiting for parts (to the next move, or now
    for a case still waiting)."""
    waiting = CaseEvent.objects.filter(
        kind=CaseEvent.Kind.TRANSITION,
        data__target=WAITING_PARTS,
        case__customer__code__in=customers.CODES,
    ).values("case_id")
    moves = (
        CaseEvent.objects.filter(kind=CaseEvent.Kind.TRANSITION, case_id__in=waiting)
        .order_by("case_id", "at", "pk")
        .values_list("case_id", "case__customer_id", "at", "data")
    )
    days: dict[int, float] = defaultdict(float)
    started: dict[int, datetime] = {}
    customer_of = {}
    for case_id, customer_id, at, data in moves:
        customer_of[case_id] = customer_id
        if case_id in started:
            days[customer_id] += (at - started.pop(case_id)).total_seconds() / 86400
        if data.get("target") == WAITING_PARTS:
            started[case_id] = at
    for case_id, at in started.items():
        days[customer_of[case_id]] += (now - at).total_seconds() / 86400
    return days


class _Writer:
    def __init__(self, now: datetime) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 — demo data, reproducible on purpose
        self.now = now
        self.office = Office.objects.get(code="shanghai")
        self.users = User.objects.in_bulk(
            ["manager", "coordinator", "engineer1", "engineer2"], field_name="username"
        )
        self.version = (
            Version.objects.filter(questionnaire__code=STANDARD).order_by("number").first()
        )
        self.questions = {
            q.code: q
            for q in Question.objects.filter(version=self.version).select_related("section")
        }
        self.dimensions = {code: q.section.dimension for code, q in self.questions.items()}
        self.contacts = list(audience({}, self.office))
        self.cases = defaultdict(list)
        for customer_id, opened_at, priority, engineer in (
            Case.objects.filter(customer__code__in=customers.CODES)
            .order_by("opened_at", "pk")
            .values_list("customer_id", "opened_at", "priority", "assignee__username")
        ):
            self.cases[customer_id].append((opened_at, priority, engineer or ""))
        waits = _waits(now)
        self.parts_wait = {
            c.customer_id: min(1.0, waits.get(c.customer_id, 0.0) / WORST_WAIT_DAYS)
            for c in self.contacts
        }
        rng = self.rng
        # A customer's and a person's mood stay the same from one campaign to the next.
        self.customer_mood = {c: rng.gauss(0, 0.22) for c in sorted(self.parts_wait)}
        self.person = {c.pk: (rng.gauss(0, 0.2), rng.uniform(-0.15, 0.15)) for c in self.contacts}

    # Reading what the customer lived through --------------------------------------------

    def _who(self, contact, plan: CampaignPlan, before: datetime) -> respondents.Who:
        year_before = before - timedelta(days=365)
        cases = [c for c in self.cases[contact.customer_id] if c[0] < before]
        mood = self.person[contact.pk][0]
        return respondents.Who(
            mood=self.customer_mood[contact.customer_id] + mood,
            parts_wait=self.parts_wait[contact.customer_id],
            p1_cases=sum(1 for at, priority, _e in cases if at >= year_before and priority == "P1"),
            order=plan.order,
            engineer=cases[-1][2] if cases else "",
            language=contact.language,
            skips_importance=self.rng.random() < 0.03,
        )

    # Writing ----------------------------------------------------------------------------

    def run(self) -> None:
        plans = calendar.plan(self.now)
        manager = self.users["manager"]
        campaigns = Campaign.objects.bulk_create(
            Campaign(
                office=self.office,
                version=self.version,
                name=plan.name,
                state=plan.state,
                opens_on=plan.opens_on,
                closes_on=plan.closes_on,
                created_by=manager,
                launched_at=plan.launched_at,
                closed_at=plan.closed_at,
            )
            for plan in plans
        )
        for campaign, plan in zip(campaigns, plans, strict=True):
            campaign.created_at = plan.created_at
        Campaign.objects.bulk_update(campaigns, ["created_at"])
        invitations, responses, answers = [], [], []
        for campaign, plan in zip(campaigns, plans, strict=True):
            if plan.launched_at is not None:
                self._campaign(campaign, plan, invitations, responses)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        Response.objects.bulk_create([response for response, _b, _g in responses], BATCH)
        # `started_at` is set on creation (auto_now_add); the demo's began in the past.
        for response, began, _given in responses:
            response.started_at = began
        Response.objects.bulk_update([r for r, _b, _g in responses], ["started_at"], BATCH)
        for response, _began, given in responses:
            for code, (score, importance, not_applicable, text) in given.items():
                answers.append(
                    Answer(
                        response=response,
                        question=self.questions[code],
                        score=score,
                        importance=importance,
                        not_applicable=not_applicable,
                        text=text,
                    )
                )
        Answer.objects.bulk_create(answers, batch_size=BATCH)

    def _campaign(self, campaign: Campaign, plan: CampaignPlan, invitations, responses) -> None:
        sent = plan.launched_at + timedelta(minutes=3)
        ends = min(plan.expires_at, self.now)
        for contact in self.contacts:
            # One generator an invitation: whether one contact has answered the running
            # campaign by now changes nothing drawn for the others.
            key = f"{SEED}:{plan.order}:{contact.customer.code}:{contact.full_name}"
            self.rng = rng = random.Random(key)  # noqa: S311 — demo data, on purpose
            invitation = Invitation(
                campaign=campaign,
                contact=contact,
                customer_id=contact.customer_id,
                language=contact.language,
                token_hash=token_hash(invitation_token(campaign, contact.pk)),
                sent_to=contact.email,
                sent_at=sent + timedelta(seconds=rng.randint(0, 240)),
                expires_at=plan.expires_at,
            )
            invitations.append(invitation)
            keen = self.person[contact.pk][1]
            if rng.random() < plan.answers + keen and self._link_answer(invitation, ends):
                self._respond(invitation, plan, Method.LINK, invitation.answered_at, responses)
            else:
                self._not_through_link(invitation, plan, ends, responses)
            self._reminders(invitation, ends)

    def _not_through_link(self, invitation, plan: CampaignPlan, ends: datetime, out) -> None:
        """Some who do not answer open the link, a few start and stop; the coordinator
        phones a few others after the reminders, and a few paper forms come back."""
        rng = self.rng
        if invitation.opened_at is None:
            self._opened(invitation, ends)
        if invitation.opened_at is not None and rng.random() < 0.2:
            self._started(invitation, plan, out)
        elif rng.random() < PHONED + ON_PAPER:
            method = Method.PHONE if rng.random() < PHONED / (PHONED + ON_PAPER) else Method.PAPER
            day = plan.opens_on + timedelta(days=rng.randint(15, 24))
            called = calendar.at_local(day, rng.randint(9, 16), rng.randint(0, 59))
            if called < ends:
                self._respond(invitation, plan, method, called, out)

    def _link_answer(self, invitation: Invitation, ends: datetime) -> bool:
        """When the contact answers: soon after the mail or after a reminder; False when
        that moment is still to come (the running campaign)."""
        rng = self.rng
        wave = rng.choices((0, 1, 2), weights=(6, 3, 1))[0]
        delay = timedelta(days=wave * 7 + min(rng.expovariate(1 / 1.3), 6.5))
        at = invitation.sent_at + delay
        if not 7 <= at.astimezone(calendar.ZONE).hour < 22:
            at += timedelta(hours=10)  # asleep: answers in the morning
        if at >= ends - timedelta(hours=1):
            self._opened(invitation, ends)
            return False
        invitation.opened_at = at - timedelta(minutes=rng.uniform(3, 40))
        invitation.answered_at = at
        return True

    def _opened(self, invitation: Invitation, ends: datetime) -> None:
        """One in four who do not answer opens the link all the same."""
        opened = invitation.sent_at + timedelta(days=self.rng.expovariate(1 / 3))
        if self.rng.random() < 0.25 and opened < ends:
            invitation.opened_at = opened

    def _reminders(self, invitation: Invitation, ends: datetime) -> None:
        until = min(invitation.answered_at or ends, ends)
        at = invitation.sent_at + REMIND_EVERY
        while at < until and invitation.reminders < 2:
            invitation.reminders += 1
            invitation.reminded_at = at
            at += REMIND_EVERY

    def _response(self, invitation: Invitation, method: str) -> Response:
        contact = invitation.contact
        return Response(
            version=self.version,
            campaign=invitation.campaign,
            invitation=invitation if method == Method.LINK else None,
            customer_id=contact.customer_id,
            contact=contact,
            respondent_name=contact.full_name,
            respondent_department=contact.department,
            method=method,
            language=contact.language,
        )

    def _respond(self, invitation, plan: CampaignPlan, method: str, at: datetime, out) -> None:
        rng, contact = self.rng, invitation.contact
        response = self._response(invitation, method)
        who = self._who(contact, plan, at)
        if method != Method.LINK:
            coordinator = self.users["coordinator"]
            engineer = self.users.get(who.engineer)
            # A paper form came back with the engineer of the last visit.
            response.interviewer = (
                engineer if method == Method.PAPER and engineer is not None else coordinator
            )
            response.recorded_by = coordinator
        comments = {Method.LINK: 0.35, Method.PHONE: 0.6}.get(method, 0.4)
        given = respondents.answers_of(rng, who, self.dimensions, comments)
        response.submitted_at = at
        response.surveyed_on = at.astimezone(calendar.ZONE).date()
        out.append((response, at - timedelta(minutes=rng.uniform(4, 25)), given))

    def _started(self, invitation: Invitation, plan: CampaignPlan, out) -> None:
        """Opened the link and saved the first sections, never sent (progress is kept)."""
        response = self._response(invitation, Method.LINK)
        who = self._who(invitation.contact, plan, invitation.opened_at)
        given = respondents.part_a(self.rng, who, self.dimensions)
        kept = list(given)[: self.rng.randint(3, 12)]
        response.surveyed_on = invitation.opened_at.astimezone(calendar.ZONE).date()
        out.append((response, invitation.opened_at, {code: given[code] for code in kept}))


def write(now: datetime) -> None:
    _Writer(now).run()
