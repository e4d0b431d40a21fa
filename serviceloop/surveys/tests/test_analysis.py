"""A campaign's analysis (selectors.analysis) on three respondents whose figures are worked
out by hand below: per item, per dimension, overall, CSI, NPS, IPA quadrants, breakdowns,
comments and the trend; who is counted (submitted, readable) and how many queries it takes.

The questionnaire: R1, R2 (reliability) and S1 (spare parts) rated 1–5 with importance;
B1, B2 overall 1–10; C1 recommend 0–10; C3 free text.

    respondent  customer  R1 (imp)  R2 (imp)  S1 (imp)  B1  B2  C1  C3
    r1          甲 (A)     4 (5)     5 (4)     2 (5)     8   9   9   备件太慢
    r2          甲 (A)     3 (3)     —         1 (—)     5   —   6
    r3          乙 (B)     5 (4)     4 (4)     3 (4)     10  10  7   工程师很好
"""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.customers.models import Customer
from serviceloop.customers.testing import make_contact, make_customer
from serviceloop.service.testing import make_case
from serviceloop.surveys.models import Answer, Question, Questionnaire, Response, Section, Version
from serviceloop.surveys.selectors import analysis, answer_matrix
from serviceloop.surveys.services.answers import Given

from .answer_world import recorded
from .campaign_world import draft

pytestmark = pytest.mark.django_db
approx = pytest.approx
Kind = Question.Kind


def small_questionnaire() -> Version:
    questionnaire = Questionnaire.objects.create(
        code="analysis", title_zh="分析测试问卷", title_en="Analysis test"
    )
    version = Version.objects.create(questionnaire=questionnaire, number=1)
    sections = {
        code: Section.objects.create(
            version=version, position=n, dimension=code, title_zh=code, title_en=code
        )
        for n, code in enumerate(["REL", "SPP", "OVR", "LOY", "OPEN"])
    }
    asked = [
        ("R1", "REL", Kind.RATING, 1, 5, True),
        ("R2", "REL", Kind.RATING, 1, 5, True),
        ("S1", "SPP", Kind.RATING, 1, 5, True),
        ("B1", "OVR", Kind.RATING, 1, 10, False),
        ("B2", "OVR", Kind.RATING, 1, 10, False),
        ("C1", "LOY", Kind.RECOMMEND, 0, 10, False),
        ("C3", "OPEN", Kind.TEXT, 1, 5, False),
    ]
    for position, (code, dimension, kind, low, high, importance) in enumerate(asked):
        Question.objects.create(
            version=version,
            section=sections[dimension],
            code=code,
            position=position,
            kind=kind,
            scale_min=low,
            scale_max=high,
            asks_importance=importance,
            text_zh=f"问题 {code}",
            text_en=f"Question {code}",
        )
    return version


ANSWERS = {
    "r1": {
        "R1": Given(score=4, importance=5),
        "R2": Given(score=5, importance=4),
        "S1": Given(score=2, importance=5),
        "B1": 8,
        "B2": 9,
        "C1": 9,
        "C3": Given(text="备件太慢"),
    },
    "r2": {"R1": Given(score=3, importance=3), "S1": Given(score=1), "B1": 5, "C1": 6},
    "r3": {
        "R1": Given(score=5, importance=4),
        "R2": Given(score=4, importance=4),
        "S1": Given(score=3, importance=4),
        "B1": 10,
        "B2": 10,
        "C1": 7,
        "C3": Given(text="工程师很好"),
    },
}


@pytest.fixture
def world(users, shanghai, beijing):
    coordinator, manager = users[Role.COORDINATOR], users[Role.MANAGER]
    version = small_questionnaire()
    campaign = draft(manager, version, name="2026 年度")
    ca = make_customer(shanghai, "C-A", "甲公司", grade=Customer.Grade.A, province_id="310000")
    cb = make_customer(shanghai, "C-B", "乙公司", grade=Customer.Grade.B, province_id="320000")
    first = make_user(Role.ENGINEER, username="eng-first", office=shanghai, full_name="张工")
    second = make_user(Role.ENGINEER, username="eng-second", office=shanghai, full_name="李工")
    opened = {"opened_by": coordinator, "customer": ca}
    make_case(shanghai, assignee=first, opened_at=datetime(2026, 10, 1, tzinfo=UTC), **opened)
    linked = make_case(
        shanghai, assignee=second, opened_at=datetime(2026, 9, 1, tzinfo=UTC), **opened
    )
    # Opened after the survey: not the engineer the respondents had met.
    make_case(shanghai, assignee=second, opened_at=datetime(2026, 12, 1, tzinfo=UTC), **opened)
    agreeing = make_contact(cb, "赵同意", consents_to_transfer_abroad=True)

    def respond(key, customer, **fields):
        return recorded(
            coordinator, version, customer, scores=ANSWERS[key], campaign=campaign, **fields
        )

    responses = {
        "r1": respond("r1", ca, name="王一", surveyed_on=date(2026, 11, 2)),
        "r2": respond("r2", ca, name="王二", surveyed_on=date(2026, 11, 2), case=linked),
        "r3": respond("r3", cb, contact=agreeing, surveyed_on=date(2026, 11, 3)),
    }
    # A link response still being answered, all at the bottom: counts nowhere.
    unfinished = Response.objects.create(
        version=version,
        campaign=campaign,
        customer=cb,
        method=Response.Method.LINK,
        surveyed_on=date(2026, 11, 4),
    )
    for question in version.questions.filter(kind=Kind.RATING):
        Answer.objects.create(response=unfinished, question=question, score=1, importance=1)
    cache.clear()
    return {
        "version": version,
        "campaign": campaign,
        "manager": manager,
        "coordinator": coordinator,
        "hq": users[Role.HQ],
        "beijing": make_user(Role.MANAGER, username="bj-manager", office=beijing),
        "customers": (ca, cb),
        "responses": responses,
    }


def test_items_have_count_mean_sd_distribution_and_importance(world):
    result = analysis.analyse(world["campaign"], world["manager"])
    assert result.respondents == 3
    assert [item.code for item in result.items] == ["R1", "R2", "S1", "B1", "B2", "C1"]
    r1 = result.item("R1")
    # 4 3 5: mean 4, SS 0 + 1 + 1 = 2, variance 2 / 2 = 1
    assert (r1.performance.n, r1.performance.mean, r1.performance.sd) == (3, 4, approx(1))
    assert r1.performance.distribution == {3: 1, 4: 1, 5: 1}
    # importance 5 3 4: mean 4, sd 1
    assert (r1.importance.mean, r1.importance.sd) == (4, approx(1))
    r2 = result.item("R2")
    # 5 4 (r2 did not answer): mean 4.5, SS 0.5, variance 0.5 → sd 0.7071, one missing
    assert (r2.performance.n, r2.performance.missing) == (2, 1)
    assert r2.performance.sd == approx(0.5**0.5)
    # importance 4 4: all equal, sd 0
    assert (r2.importance.mean, r2.importance.sd) == (4, 0)
    s1 = result.item("S1")
    # importance missing from r2: 5 4 → mean 4.5 over n = 2
    assert (s1.importance.n, s1.importance.missing, s1.importance.mean) == (2, 1, 4.5)
    assert result.item("B1").importance is None  # not asked


def test_dimension_index_is_the_mean_of_respondents_means(world):
    result = analysis.analyse(world["campaign"], world["manager"])
    assert [row.code for row in result.dimensions] == ["REL", "SPP"]  # Part A only
    rel = result.dimension("REL")
    # r1 (4 + 5) / 2 = 4.5, r2 3, r3 (5 + 4) / 2 = 4.5 → (4.5 + 3 + 4.5) / 3 = 4
    assert rel.index == approx(4)
    # importance: r1 4.5, r2 3, r3 4 → 11.5 / 3
    assert rel.importance == approx(11.5 / 3)
    assert (rel.items, rel.respondents) == (["R1", "R2"], 3)
    # two complete rows (r1, r3): below the minimum, "too few answers"
    assert (rel.alpha, rel.alpha_rows) == (None, 2)
    spp = result.dimension("SPP")
    assert (spp.index, spp.importance, spp.alpha) == (approx(2), approx(4.5), None)


def test_overall_index_csi_and_nps(world):
    result = analysis.analyse(world["campaign"], world["manager"])
    # per respondent over R1 R2 S1: r1 11/3, r2 (3 + 1) / 2 = 2, r3 12/3 = 4 → 29/9
    assert result.overall == approx(29 / 9)
    # B: r1 8.5 → 7.5/9 × 100, r2 5 → 4/9 × 100, r3 10 → 100 → (2050/9) / 3 = 2050/27
    assert result.csi == approx(2050 / 27)
    # C1 9 (promoter), 6 (detractor), 7 (passive): 33.3 − 33.3 = 0
    assert result.nps.n == 3
    assert result.nps.score == approx(0)
    assert result.nps.promoters == approx(100 / 3)


def test_ipa_points_and_cross_hairs_at_the_grand_means(world):
    result = analysis.analyse(world["campaign"], world["manager"])
    # importance means R1 4, R2 4, S1 4.5 → 12.5/3; performance 4, 4.5, 2 → 3.5
    assert result.cross_importance == approx(12.5 / 3)
    assert result.cross_performance == approx(3.5)
    quadrants = {point.code: point.quadrant for point in result.ipa}
    assert quadrants == {"R1": "overkill", "R2": "overkill", "S1": "concentrate"}
    assert result.item("S1").quadrant == "concentrate"
    assert result.item("B1").quadrant is None


def test_headquarters_counts_only_contacts_who_agreed(world):
    result = analysis.analyse(world["campaign"], world["hq"])
    assert result.respondents == 1  # r3
    assert result.overall == approx(4)
    assert result.csi == approx(100)


def test_another_office_counts_nothing(world):
    result = analysis.analyse(world["campaign"], world["beijing"])
    assert result.respondents == 0
    assert (result.overall, result.csi, result.nps.score) == (None, None, None)
    assert all(item.performance.n == 0 for item in result.items)
    assert result.ipa == []
    assert analysis.comments(world["campaign"], world["beijing"]) == []


def test_a_response_in_progress_is_left_out_until_submitted(world):
    unfinished = Response.objects.get(submitted_at__isnull=True)
    assert analysis.analyse(world["campaign"], world["manager"]).respondents == 3
    Response.objects.filter(pk=unfinished.pk).update(submitted_at=datetime.now(UTC))
    result = analysis.analyse(world["campaign"], world["manager"])
    assert result.respondents == 4
    assert result.item("R1").performance.distribution == {1: 1, 3: 1, 4: 1, 5: 1}


def test_breakdown_by_grade(world):
    groups = analysis.breakdown(world["campaign"], "grade", world["manager"])
    assert [(g.key, g.respondents) for g in groups] == [("A", 2), ("B", 1)]
    a, b = groups
    # A: r1 11/3 and r2 2 → 17/6; CSI (750/9 + 400/9) / 2 = 1150/18; C1 9 and 6 → 0
    assert (a.overall, a.csi, a.nps) == (approx(17 / 6), approx(1150 / 18), approx(0))
    assert (b.overall, b.csi, b.nps) == (approx(4), approx(100), approx(0))
    assert a.label == str(Customer.Grade.A.label)


def test_breakdown_by_province_names_the_province(world):
    groups = analysis.breakdown(world["campaign"], "province", world["manager"])
    assert [(g.key, g.label, g.respondents) for g in groups] == [
        ("310000", "上海市", 2),
        ("320000", "江苏省", 1),
    ]


def test_breakdown_by_engineer_who_served_the_customer(world):
    groups = {
        g.label: g.respondents
        for g in analysis.breakdown(world["campaign"], "engineer", world["manager"])
    }
    # r1: 甲's latest case before 2 Nov is 1 Oct (张工); r2 names its case (李工);
    # r3: 乙 had no case.
    assert groups == {"张工": 1, "李工": 1, gettext("No case before the survey"): 1}


def test_breakdown_refuses_an_unknown_dimension(world):
    with pytest.raises(ValueError):
        analysis.breakdown(world["campaign"], "colour", world["manager"])


def test_comments_come_with_the_respondents_scores(world):
    found = analysis.comments(world["campaign"], world["manager"])
    assert [(c.text, c.surveyed_on) for c in found] == [
        ("工程师很好", date(2026, 11, 3)),
        ("备件太慢", date(2026, 11, 2)),
    ]
    praise, complaint = found
    assert (praise.overall, praise.recommend, praise.low_items) == (approx(4), 7, [])
    # r1: S1 at 2 is in the bottom two points of 1–5
    assert (complaint.overall, complaint.recommend, complaint.low_items) == (
        approx(11 / 3),
        9,
        ["S1"],
    )
    assert complaint.code == "C3"
    assert complaint.customer == "C-A 甲公司"


def test_trend_gives_each_campaign_of_the_questionnaire_oldest_first(world):
    later = draft(world["manager"], world["version"], name="2027 年度")
    recorded(
        world["coordinator"],
        world["version"],
        world["customers"][1],
        name="孙三",
        scores={"R1": Given(score=2, importance=5), "B1": 1, "C1": 10},
        campaign=later,
    )
    points = analysis.trend(world["version"].questionnaire, world["manager"])
    assert [p.campaign.name for p in points] == ["2026 年度", "2027 年度"]
    assert [p.respondents for p in points] == [3, 1]
    assert points[0].overall == approx(29 / 9)
    assert points[0].dimensions == {"REL": approx(4), "SPP": approx(2)}
    assert (points[1].overall, points[1].csi, points[1].nps) == (2, 0, 100)
    assert points[1].dimensions == {"REL": 2, "SPP": None}


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_queries_do_not_grow_with_respondents(world):
    campaign, manager = world["campaign"], world["manager"]
    calls = {
        "analyse": lambda: analysis.analyse(campaign, manager),
        "grade": lambda: analysis.breakdown(campaign, "grade", manager),
        "engineer": lambda: analysis.breakdown(campaign, "engineer", manager),
        "comments": lambda: analysis.comments(campaign, manager),
        "trend": lambda: analysis.trend(world["version"].questionnaire, manager),
    }
    before = {name: _queries(call) for name, call in calls.items()}
    customer = world["customers"][1]
    for n in range(6):
        scores = {**ANSWERS["r3"], "C3": Given(text=f"意见 {n}")}
        recorded(
            world["coordinator"],
            world["version"],
            customer,
            name=f"新{n}",
            scores=scores,
            campaign=campaign,
        )
    assert analysis.analyse(campaign, manager).respondents == 9
    assert {name: _queries(call) for name, call in calls.items()} == before
    assert before["analyse"] <= 4


def test_a_large_campaign_is_remembered_until_its_responses_change(world, monkeypatch):
    monkeypatch.setattr(answer_matrix, "CACHE_FROM", 2)
    campaign, manager = world["campaign"], world["manager"]
    first = analysis.analyse(campaign, manager)
    assert _queries(lambda: analysis.analyse(campaign, manager)) == 1
    assert analysis.analyse(campaign, manager).overall == first.overall
    recorded(
        world["coordinator"],
        world["version"],
        world["customers"][1],
        name="新来",
        scores={"R1": Given(score=1), "S1": Given(score=1)},
        campaign=campaign,
    )
    again = analysis.analyse(campaign, manager)
    assert again.respondents == 4
    # the new respondent's mean is 1: (29/3 + 1) / 4
    assert again.overall == approx((29 / 3 + 1) / 4)
    # headquarters reads another set of responses: its own entry
    assert analysis.analyse(campaign, world["hq"]).respondents == 1
