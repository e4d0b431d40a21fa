"""The case feedback of the service loop analysed with the survey statistics: figures
checked against values computed by hand, the scope (office; headquarters only consenting
contacts), the period, the quarters and the engineers, and the page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.surveys.selectors.case_feedback import analyse, default_period

from .feedback_world import answer

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def _item(analysis, field):
    return next(item.summary for item in analysis.items if item.field == field)


@pytest.mark.django_db
def test_one_answer_gives_its_scores_and_no_standard_deviation(users, shanghai):
    answer(users, shanghai, (5, 4, 5, 4, 2, 4), engineer=users[Role.ENGINEER])
    analysis = analyse(users[Role.MANAGER], *YEAR)
    speed = _item(analysis, "response_speed")
    assert (speed.n, speed.mean, speed.sd, speed.distribution) == (1, 5.0, None, {5: 1})
    # (5 + 4 + 5 + 4 + 2) / 5 = 4.0; overall is not part of the index.
    assert analysis.figures.index == pytest.approx(4.0)
    assert analysis.figures.overall == 4.0
    assert analysis.figures.solved == 100.0
    assert analysis.figures.respondents == 1


@pytest.mark.django_db
def test_three_answers_match_the_hand_computed_figures(users, shanghai):
    answer(users, shanghai, (5, 4, 5, 4, 2, 4), solved=True)
    answer(users, shanghai, (3, 3, 3, 3, 3, 3), solved=False)
    answer(users, shanghai, (1, 2, 3, 4, 5, 5), solved=True)
    analysis = analyse(users[Role.MANAGER], *YEAR)
    speed = _item(analysis, "response_speed")
    # 5, 3, 1: mean 3; deviations 2, 0, −2 → Σ = 8, / (3 − 1) = 4, sd 2.
    assert speed.n == 3
    assert speed.mean == pytest.approx(3.0)
    assert speed.sd == pytest.approx(2.0)
    assert speed.distribution == {1: 1, 3: 1, 5: 1}
    overall = _item(analysis, "overall")
    # 4, 3, 5: mean 4, variance (0 + 1 + 1) / 2 = 1.
    assert (overall.mean, overall.sd) == (pytest.approx(4.0), pytest.approx(1.0))
    # Per answer: 20/5 = 4, 15/5 = 3, 15/5 = 3 → (4 + 3 + 3) / 3.
    assert analysis.figures.index == pytest.approx(10 / 3)
    assert analysis.figures.solved == pytest.approx(200 / 3)


@pytest.mark.django_db
def test_all_equal_answers_have_no_spread(users, shanghai):
    for _n in range(2):
        answer(users, shanghai, (4, 4, 4, 4, 4, 4))
    analysis = analyse(users[Role.MANAGER], *YEAR)
    for item in analysis.items:
        assert (item.summary.n, item.summary.mean, item.summary.sd) == (2, 4.0, 0.0)
        assert item.summary.distribution == {4: 2}
    assert analysis.figures.index == 4.0


@pytest.mark.django_db
def test_no_answers_gives_no_figures(users, shanghai):
    analysis = analyse(users[Role.MANAGER], *YEAR)
    assert analysis.figures.respondents == 0
    assert analysis.figures.index is analysis.figures.overall is analysis.figures.solved is None
    assert analysis.engineers == []


@pytest.mark.django_db
def test_another_offices_and_unconsented_answers_are_left_out(users, shanghai, beijing):
    answer(users, shanghai, (5, 5, 5, 5, 5, 5), consents=True)
    answer(users, shanghai, (1, 1, 1, 1, 1, 1), consents=False)
    answer(users, beijing, (3, 3, 3, 3, 3, 3), consents=True)
    office = analyse(users[Role.MANAGER], *YEAR)
    assert office.figures.respondents == 2
    assert office.figures.index == pytest.approx(3.0)  # (5 + 1) / 2: Beijing's left out
    hq = analyse(users[Role.HQ], *YEAR)
    # Every office, but only the contacts who agreed to be read abroad: 5 and 3.
    assert hq.figures.respondents == 2
    assert hq.figures.index == pytest.approx(4.0)
    assert _item(hq, "overall").distribution == {3: 1, 5: 1}


@pytest.mark.django_db
def test_the_period_and_the_quarters(users, shanghai):
    answer(users, shanghai, (5, 5, 5, 5, 5, 5), on=date(2026, 1, 15))
    answer(users, shanghai, (3, 3, 3, 3, 3, 1), on=date(2026, 3, 31))
    answer(users, shanghai, (2, 2, 2, 2, 2, 2), on=date(2026, 8, 1))
    answer(users, shanghai, (1, 1, 1, 1, 1, 1), on=date(2025, 12, 31))  # before the period
    analysis = analyse(users[Role.MANAGER], date(2026, 1, 1), date(2026, 9, 30))
    assert analysis.figures.respondents == 3
    quarters = [(q.year, q.number, q.figures.respondents) for q in analysis.quarters]
    assert quarters == [(2026, 1, 2), (2026, 2, 0), (2026, 3, 1)]
    first, empty, third = analysis.quarters
    assert (first.figures.index, first.figures.overall) == (4.0, 3.0)
    assert empty.figures.index is None
    assert (third.figures.index, third.figures.overall) == (2.0, 2.0)


@pytest.mark.django_db
def test_the_breakdown_by_the_cases_engineer(users, shanghai):
    li = users[Role.ENGINEER]
    wang = make_user(Role.ENGINEER, username="wang", office=shanghai, full_name="王工")
    answer(users, shanghai, (5, 5, 5, 5, 5, 5), engineer=li)
    answer(users, shanghai, (3, 3, 3, 3, 3, 3), engineer=li, solved=False)
    answer(users, shanghai, (2, 2, 2, 2, 2, 2), engineer=wang)
    answer(users, shanghai, (4, 4, 4, 4, 4, 4), engineer=None)
    groups = analyse(users[Role.MANAGER], *YEAR).engineers
    rows = [
        (g.engineer_id, g.figures.respondents, g.figures.index, g.figures.solved) for g in groups
    ]
    assert rows == [(li.pk, 2, 4.0, 50.0), (wang.pk, 1, 2.0, 100.0), (None, 1, 4.0, 100.0)]
    assert groups[1].name == "王工"


def test_the_default_period_is_the_last_twelve_months():
    assert default_period(date(2026, 12, 7)) == (date(2025, 12, 8), date(2026, 12, 7))
    assert default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


@pytest.mark.django_db
def test_the_manager_reads_the_page_with_its_chart(client, users, shanghai):
    answer(users, shanghai, (5, 4, 5, 4, 2, 4), on=timezone.localdate())
    client.force_login(users[Role.MANAGER])
    response = client.get(reverse("surveys:feedback_analysis"))
    assert response.status_code == 200
    assert response.context["analysis"].figures.respondents == 1
    html = response.content.decode()
    assert 'data-testid="feedback-trend-chart"' in html
    assert html.count('data-testid="feedback-item-row"') == 6
    assert "<svg" in html
    listing = client.get(reverse("surveys:campaign_list")).content.decode()
    assert reverse("surveys:feedback_analysis") in listing


@pytest.mark.django_db
def test_the_period_filter_narrows_the_answers(client, users, shanghai):
    answer(users, shanghai, (5, 5, 5, 5, 5, 5), on=date(2026, 1, 15))
    answer(users, shanghai, (1, 1, 1, 1, 1, 1), on=date(2026, 5, 15))
    client.force_login(users[Role.MANAGER])
    url = reverse("surveys:feedback_analysis")
    response = client.get(url, {"since": "2026-01-01", "until": "2026-03-31"})
    assert response.context["analysis"].figures.index == 5.0
    # A date that does not parse is dropped: the last 12 months stand in.
    assert client.get(url, {"since": "not-a-date"}).status_code == 200
