"""The survey pages run the same number of SQL queries for few and for many rows: the
campaign list (campaigns), the campaign page and its live figures (answered invitations),
the respondent's page (questions and answers of a section), the questionnaire list
(questionnaires) and a questionnaire's page (versions, sections, questions, choices)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from serviceloop.customers.testing import make_customer
from serviceloop.surveys.models import Campaign, Choice, Question, Questionnaire
from serviceloop.surveys.services import answers, questionnaires
from serviceloop.surveys.services.answers import Given
from serviceloop.surveys.tests.campaign_world import (
    asked_contact,
    draft,
    launched,
    manager_of,
    short_questionnaire,
    token_sent_to,
)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _contacts(office, start: int, stop: int) -> None:
    for n in range(start, stop):
        customer = make_customer(office, f"C-{n:04d}", f"客户{n}", grade="A")
        asked_contact(customer, f"联系人{n}", email=f"c{n}@example.cn")


@pytest.mark.django_db
def test_the_campaign_list_runs_constant_queries(client, shanghai):
    manager = manager_of(shanghai)
    version = short_questionnaire()
    _contacts(shanghai, 0, 2)
    launched(manager, version)
    client.force_login(manager)
    url = reverse("surveys:campaign_list")
    counts = []
    for total in (3, 30):
        while Campaign.objects.count() < total:
            draft(manager, version, name=f"调查 {Campaign.objects.count()}")
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_the_campaign_page_and_its_figures_run_constant_queries(client, shanghai):
    manager = manager_of(shanghai)
    version = short_questionnaire()
    _contacts(shanghai, 0, 40)
    campaign = launched(manager, version)
    section = version.sections.first()
    client.force_login(manager)
    counts = {"detail": [], "rate": []}
    invitations = list(campaign.invitations.order_by("pk"))
    for answered in (3, 30):
        for invitation in invitations[:answered]:
            if invitation.answered_at is None:
                response = answers.start_response(invitation, "zh-hans")
                answers.save_section(response, section, {"A1": Given(score=4)})
                invitation.answered_at = answers.submit(response).submitted_at
        for name in counts:
            url = reverse(f"surveys:campaign_{name}", args=[campaign.pk])
            counts[name].append(_queries(client, url))
    assert counts["detail"][0] == counts["detail"][1]
    assert counts["rate"][0] == counts["rate"][1]
    # A draft's page counts its audience too, in a query of its own.
    assert _queries(client, reverse("surveys:campaign_detail", args=[draft(manager, version).pk]))


@pytest.mark.django_db
def test_the_respondents_page_runs_constant_queries(client, shanghai):
    manager = manager_of(shanghai)
    version = short_questionnaire()
    _contacts(shanghai, 0, 1)
    launched(manager, version)
    url = reverse("survey", args=[token_sent_to("c0@example.cn")]) + "?s=1"
    section = version.sections.get(position=2)
    client.get(url)  # the first opening is stamped once
    counts = []
    for extra in (0, 10):
        for n in range(extra):
            question = Question.objects.create(
                version=version,
                section=section,
                code=f"M{n}",
                position=10 + n,
                kind=Question.Kind.MULTIPLE,
                text_zh=f"问题{n}",
                text_en=f"Question {n}",
            )
            for m in range(3):
                Choice.objects.create(
                    question=question, code=f"X{m}", position=m, label_zh=f"选{m}", label_en=f"{m}"
                )
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]


def _grow_questionnaire(manager, version, sections: int) -> None:
    """Sections of two questions each, a rating and a single choice of three choices."""
    for n in range(version.sections.count(), sections):
        section = questionnaires.add_section(
            by=manager, version=version, data={"title_zh": f"部分{n}", "title_en": f"Part {n}"}
        )
        for kind, choices in (("rating", []), ("single", ["是", "否", "不确定"])):
            questionnaires.save_question(
                by=manager,
                section=section,
                question=None,
                data={"code": f"{kind[0]}{n}", "kind": kind, "text_zh": "问", "text_en": "Q"},
                choices=[{"label_zh": c, "label_en": c} for c in choices],
            )


@pytest.mark.django_db
def test_the_questionnaire_list_and_page_run_constant_queries(client, shanghai):
    manager = manager_of(shanghai)
    client.force_login(manager)
    counts: dict[str, list[int]] = {"list": [], "page": []}
    for rows in (3, 30):
        for n in range(Questionnaire.objects.filter(code__startswith="q").count(), rows):
            mine = questionnaires.create_questionnaire(
                by=manager, code=f"q{n}", title_zh=f"问卷{n}", title_en=f"Q{n}"
            )
            questionnaires.new_version(questionnaire=mine, by=manager)
        version = mine.versions.order_by("-number").first()
        _grow_questionnaire(manager, version, rows)
        questionnaires.new_version(questionnaire=mine, by=manager)
        counts["list"].append(_queries(client, reverse("surveys:questionnaire_list")))
        page = reverse("surveys:questionnaire_detail", args=[mine.pk])
        counts["page"].append(_queries(client, f"{page}?version={version.number}"))
    assert counts["list"][0] == counts["list"][1]
    assert counts["page"][0] == counts["page"][1]


@pytest.mark.django_db
def test_the_response_list_and_page_run_constant_queries(client, users, shanghai):
    from serviceloop.accounts.models import Role
    from serviceloop.customers.testing import make_contact
    from serviceloop.service.testing import make_case
    from serviceloop.surveys.tests.answer_world import recorded

    coordinator = users[Role.COORDINATOR]
    version = short_questionnaire()
    campaign = draft(users[Role.MANAGER], version)
    client.force_login(users[Role.MANAGER])

    def respond(n: int, scores: dict):
        customer = make_customer(shanghai, f"C-{n:04d}", f"答卷客户{n}")
        return recorded(
            coordinator,
            version,
            customer,
            contact=make_contact(customer, f"答卷人{n}"),
            campaign=campaign,
            interviewer=coordinator,
            case=make_case(shanghai, customer=customer, opened_by=coordinator),
            scores=scores,
        )

    counts = []
    for rows in (3, 30):
        for n in range(campaign.responses.count(), rows):
            respond(n, {"A1": Given(score=3, importance=4)})
        counts.append(_queries(client, reverse("surveys:response_list")))
    assert counts[0] == counts[1]
    # One answer, or every kind of answer with its choices: the same queries.
    d1, d2 = (Question.objects.get(version=version, code=code) for code in ("D1", "D2"))
    full = respond(
        99,
        {
            "A1": Given(score=2, importance=5),
            "C1": 9,
            "D1": Given(choices=tuple(d1.choices.all()[:1])),
            "D2": Given(choices=tuple(d2.choices.all())),
            "C3": Given(text="备件"),
        },
    )
    one = campaign.responses.order_by("pk").first()
    pages = [reverse("surveys:response_detail", args=[r.pk]) for r in (one, full)]
    assert _queries(client, pages[0]) == _queries(client, pages[1])


@pytest.mark.django_db
def test_the_analysis_pages_and_exports_run_constant_queries(client, users, shanghai):
    """A campaign's analysis (with each breakdown), its two .xlsx files and the trend over
    campaigns: as many queries for 2 respondents as for 12, for one campaign as for three."""
    from serviceloop.accounts.models import Role
    from serviceloop.surveys.tests.rated_world import add_respondents, rated_campaign

    manager, coordinator = users[Role.MANAGER], users[Role.COORDINATOR]
    campaign = rated_campaign(manager, coordinator, shanghai, 2)
    client.force_login(manager)
    pages = [
        reverse("surveys:campaign_analysis", args=[campaign.pk]) + f"?by={by}"
        for by in ("grade", "industry", "province", "engineer")
    ] + [
        reverse(f"surveys:campaign_{what}_export", args=[campaign.pk])
        for what in ("answers", "results")
    ]
    trend = reverse("surveys:questionnaire_trend", args=[campaign.version.questionnaire_id])
    few = [_queries(client, url) for url in [*pages, trend]]
    add_respondents(campaign, coordinator, shanghai, range(2, 12))
    for n in range(2):
        rated_campaign(manager, coordinator, shanghai, 3, name=f"调查 {n}")
    many = [_queries(client, url) for url in [*pages, trend]]
    assert few == many


@pytest.mark.django_db
def test_the_case_feedback_analysis_runs_constant_queries(client, users, shanghai):
    """The case feedback analysis, for the office's manager and for headquarters: as many
    queries for 2 answers in one quarter as for 12 spread over the year and two engineers."""
    from datetime import timedelta

    from django.utils import timezone

    from serviceloop.accounts.models import Role
    from serviceloop.accounts.testing import make_user
    from serviceloop.surveys.tests.feedback_world import answer

    engineers = [users[Role.ENGINEER], make_user(Role.ENGINEER, username="wang", office=shanghai)]
    today = timezone.localdate()
    url = reverse("surveys:feedback_analysis")
    pages = [url, url + f"?since={today - timedelta(days=400)}&until={today}"]

    def grow(stop: int) -> None:
        from serviceloop.service.models import FeedbackResponse

        for n in range(FeedbackResponse.objects.count(), stop):
            answer(
                users,
                shanghai,
                (1 + n % 5, 4, 5, 3, 4, 2 + n % 4),
                solved=n % 3 != 0,
                on=today - timedelta(days=30 * n),
                engineer=engineers[n % 2],
                consents=n % 2 == 0,
            )

    counts = []
    for total in (2, 12):
        grow(total)
        counts.append([])
        for role in (Role.MANAGER, Role.HQ):
            client.force_login(users[role])
            counts[-1] += [_queries(client, page) for page in pages]
    assert counts[0] == counts[1]
