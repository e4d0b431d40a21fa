"""The analysis pages: a campaign's statistics and charts, the trend over campaigns, and
who reads which answers there."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from serviceloop.accounts.models import Role
from serviceloop.accounts.testing import make_user
from serviceloop.surveys import charts
from serviceloop.surveys.views.analysis import QUADRANT_NAMES

from .rated_world import add_respondents, rated_campaign


def _zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


@pytest.fixture
def campaign(users, shanghai):
    return rated_campaign(users[Role.MANAGER], users[Role.COORDINATOR], shanghai, 12)


def _page(client, user, campaign, query=""):
    client.force_login(user)
    return client.get(reverse("surveys:campaign_analysis", args=[campaign.pk]) + query)


@pytest.mark.django_db
def test_the_manager_reads_the_campaign_analysis_in_chinese(client, users, campaign):
    response = _page(client, users[Role.MANAGER], campaign)
    assert response.status_code == 200
    html = response.content.decode()
    analysis = response.context["analysis"]
    assert analysis.respondents == 12
    assert 'data-testid="respondents">12<' in html
    # The index, CSI and NPS are shown with the formulas they come from.
    assert f"{analysis.overall:.2f}" in html
    assert f"{analysis.csi:.1f}" in html
    assert _zh(gettext("Satisfaction index by dimension")) in html
    assert "(x̄ − 1) ÷ 9 × 100" in html
    # Spare parts, low and important, are where the office must concentrate.
    row = re.search(r'item-row" data-code="A18">.*?</tr>', html, re.S).group(0)
    assert 'class="quadrant-concentrate"' in row
    assert _zh(QUADRANT_NAMES["concentrate"]) in row
    # Twelve complete rows of each dimension: alpha is computed, not "too few answers".
    spare_parts = next(d for d in analysis.dimensions if d.code == "SPP")
    assert spare_parts.alpha_rows == 12
    # Every third respondent wrote a comment; each links to its answers.
    assert html.count('data-testid="comment-row"') == 4


@pytest.mark.django_db
def test_the_campaign_page_links_to_its_analysis(client, users, campaign):
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("surveys:campaign_detail", args=[campaign.pk])).content.decode()
    assert reverse("surveys:campaign_analysis", args=[campaign.pk]) in html


@pytest.mark.django_db
def test_alpha_says_too_few_answers_below_the_minimum(client, users, shanghai):
    few = rated_campaign(users[Role.MANAGER], users[Role.COORDINATOR], shanghai, 3)
    html = _page(client, users[Role.MANAGER], few).content.decode()
    cells = re.findall(r'data-testid="alpha">(.*?)</td>', html)
    assert len(cells) == 9  # every dimension of Part A
    assert all(_zh(gettext("too few answers")) in cell for cell in cells)


@pytest.mark.django_db
def test_another_offices_campaign_answers_404(client, users, beijing, campaign):
    stranger = make_user(Role.MANAGER, username="beijing-manager", office=beijing)
    client.force_login(stranger)
    for name in ("campaign_analysis", "campaign_answers_export", "campaign_results_export"):
        assert client.get(reverse(f"surveys:{name}", args=[campaign.pk])).status_code == 404


@pytest.mark.django_db
def test_headquarters_counts_only_the_answers_of_contacts_who_agreed(client, users, shanghai):
    campaign = rated_campaign(
        users[Role.MANAGER], users[Role.COORDINATOR], shanghai, 10, abroad=lambda n: n < 4
    )
    assert _page(client, users[Role.MANAGER], campaign).context["analysis"].respondents == 10
    response = _page(client, users[Role.HQ], campaign)
    assert response.status_code == 200
    assert response.context["analysis"].respondents == 4
    assert sum(group.respondents for group in response.context["groups"]) == 4
    assert {c.customer.split()[0] for c in response.context["comments"]} == {
        f"R-{campaign.pk}-0000",
        f"R-{campaign.pk}-0003",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("by", ["grade", "industry", "province", "engineer", "nonsense"])
def test_every_breakdown_counts_every_respondent_once(client, users, campaign, by):
    response = _page(client, users[Role.MANAGER], campaign, f"?by={by}")
    assert response.status_code == 200
    assert sum(group.respondents for group in response.context["groups"]) == 12
    if by == "grade":
        assert [g.respondents for g in response.context["groups"]] == [4, 4, 4]


@pytest.mark.django_db
def test_the_quadrant_chart_says_where_its_cross_hairs_are_without_inline_style(
    client, users, campaign
):
    response = _page(client, users[Role.MANAGER], campaign)
    html = response.content.decode()
    svg = re.search(r"<svg[^>]*class=\"chart\".*?</svg>", html, re.S).group(0)
    analysis = response.context["analysis"]
    with translation.override("zh-hans"):
        note = gettext(
            "Cross-hairs at the grand means: importance %(importance).2f, performance "
            "%(performance).2f."
        ) % {"importance": analysis.cross_importance, "performance": analysis.cross_performance}
        assert note in svg
        for name in QUADRANT_NAMES.values():
            assert str(name) in svg
    assert svg.count('class="chart-cross"') == 2
    assert all(f'data-code="A{n}"' in svg for n in range(1, 27))
    assert " style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "/static/surveys/charts.css" in html


def test_chart_texts_are_escaped():
    svg = charts.quadrant_chart(
        [charts.Point("<b>A1</b>", 4.5, 2.0, "concentrate")],
        cross_x=4,
        cross_y=3,
        scale=(1, 5),
        quadrant_names={k: f"{k}&" for k in charts.QUADRANT_CORNERS},
        x_title="x",
        y_title="y",
        cross_note="<script>",
        title="t",
    )
    assert "<b>" not in svg and "<script>" not in svg
    assert "&lt;b&gt;A1&lt;/b&gt;" in svg and "concentrate&amp;" in svg


def test_a_zoomed_axis_holds_every_value_within_the_scale():
    assert charts.zoomed([3.6, 4.4], 1, 5) == (3.0, 5.0)
    assert charts.zoomed([1.2, 4.9], 1, 5) == (1, 5)
    assert charts.zoomed([], 1, 5) == (1, 5)


@pytest.mark.django_db
def test_the_trend_page_draws_each_campaign(client, users, shanghai, campaign):
    later = rated_campaign(users[Role.MANAGER], users[Role.COORDINATOR], shanghai, 0, name="二期")
    add_respondents(later, users[Role.COORDINATOR], shanghai, range(100, 105))
    client.force_login(users[Role.MANAGER])
    url = reverse("surveys:questionnaire_trend", args=[campaign.version.questionnaire_id])
    response = client.get(url)
    assert response.status_code == 200
    points = response.context["points"]
    assert [(p.campaign.name, p.respondents) for p in points] == [("年度调查", 12), ("二期", 5)]
    html = response.content.decode()
    assert html.count("<polyline") >= 2
    assert html.count('data-testid="trend-row"') == 2
    assert " style=" not in html
