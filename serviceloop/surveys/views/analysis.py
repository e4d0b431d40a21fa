"""The analysis pages: a campaign's statistics with its charts, the trend of a questionnaire
over its campaigns, and the .xlsx of a campaign's raw answers and of its results.

What headquarters reads is the selectors' business (only contacts who agreed to be read
abroad); a campaign of another office answers 404 (selectors.campaigns).
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from serviceloop.core.security_log import log_security_event

from .. import charts
from ..models import Section
from ..selectors import analysis as selectors
from ..selectors.campaigns import campaign_for, rate_of
from ..selectors.questionnaires import questionnaire_for
from ..services import exports
from ..statistics import MIN_RESPONDENTS
from .common import answer_readers

# domain-reference §6.3 and DOMAIN.md name the four quadrants so.
QUADRANT_NAMES = {
    "concentrate": gettext_lazy("Concentrate here"),
    "keep_up": gettext_lazy("Keep up the good work"),
    "low_priority": gettext_lazy("Low priority"),
    "overkill": gettext_lazy("Possible overkill"),
}
BREAKDOWN_NAMES = {
    "grade": gettext_lazy("Customer grade"),
    "industry": gettext_lazy("Industry"),
    "province": gettext_lazy("Province"),
    "engineer": gettext_lazy("Engineer who served the customer"),
}
# The importance scale (services.answers.IMPORTANCE) and the A items' 1–5.
IPA_SCALE = (1, 5)

COMMENTS_SHOWN = 50


def _names() -> dict[str, str]:
    return {key: str(name) for key, name in QUADRANT_NAMES.items()}


@answer_readers
def campaign_analysis(request, pk: int):
    campaign = campaign_for(request.user, pk)
    analysis = selectors.analyse(campaign, request.user)
    by = request.GET.get("by", "")
    if by not in selectors.BREAKDOWNS:
        by = selectors.BREAKDOWNS[0]
    names = _names()
    dimension_names = dict(Section.Dimension.choices)
    items = [
        {
            "item": item,
            "bars": charts.distribution_bars(
                item.performance.distribution, range(item.scale_min, item.scale_max + 1)
            ),
            "quadrant": names.get(item.quadrant or "", ""),
            "dimension": dimension_names.get(item.dimension, item.dimension),
        }
        for item in analysis.items
    ]
    comments = selectors.comments(campaign, request.user)
    context = {
        "campaign": campaign,
        "analysis": analysis,
        "rate": rate_of(campaign),
        "items": items,
        "chart": _quadrant_chart(analysis, names),
        "quadrant_names": names,
        "by": by,
        "breakdowns": [(key, BREAKDOWN_NAMES[key]) for key in selectors.BREAKDOWNS],
        "groups": selectors.breakdown(campaign, by, request.user),
        # The newest only: a page of hundreds of comments is slow to render and to read;
        # every one is in the raw answers export.
        "comments": comments[:COMMENTS_SHOWN],
        "comments_total": len(comments),
        "min_respondents": MIN_RESPONDENTS,
    }
    return render(request, "surveys/analysis.html", context)


def _quadrant_chart(analysis: selectors.CampaignAnalysis, names: dict[str, str]):
    if not analysis.ipa or analysis.cross_importance is None:
        return None
    cross_i, cross_p = analysis.cross_importance, analysis.cross_performance
    note = _(
        "Cross-hairs at the grand means: importance %(importance).2f, performance "
        "%(performance).2f."
    ) % {"importance": cross_i, "performance": cross_p}
    return charts.quadrant_chart(
        [charts.Point(p.code, p.importance, p.performance, p.quadrant) for p in analysis.ipa],
        cross_x=cross_i,
        cross_y=cross_p,
        scale=IPA_SCALE,
        quadrant_names=names,
        x_title=_("Importance (mean)"),
        y_title=_("Performance (mean score)"),
        cross_note=note,
        title=_("Importance–performance analysis"),
    )


@answer_readers
def questionnaire_trend(request, pk: int):
    questionnaire = questionnaire_for(request.user, pk)
    points = selectors.trend(questionnaire, request.user)
    labels = dict(Section.Dimension.choices)
    codes = list(dict.fromkeys(code for point in points for code in point.dimensions))
    dimensions = [
        (code, labels.get(code, code), charts.series_class(number))
        for number, code in enumerate(codes)
    ]
    x_labels = [point.campaign.name for point in points]
    index_chart = scores_chart = None
    if points:
        index_chart = charts.line_chart(
            [
                charts.Series(str(label), [p.dimensions.get(code) for p in points])
                for code, label, _css in dimensions
            ],
            x_labels,
            scale=IPA_SCALE,
            y_title=_("Satisfaction index by dimension (mean score)"),
            title=_("Satisfaction index by dimension over the campaigns"),
        )
        scores_chart = charts.line_chart(
            [
                charts.Series(_("NPS"), [p.nps for p in points]),
                charts.Series(_("CSI"), [p.csi for p in points]),
            ],
            x_labels,
            scale=(-100, 100),
            y_title=_("NPS (−100…100) and CSI (0–100)"),
            title=_("NPS and CSI over the campaigns"),
            zoom=False,
        )
    context = {
        "questionnaire": questionnaire,
        "points": points,
        "dimensions": dimensions,
        "rows": [
            (p, [p.dimensions.get(code) for code, _label, _css in dimensions]) for p in points
        ],
        "index_chart": index_chart,
        "scores_chart": scores_chart,
    }
    return render(request, "surveys/analysis_trend.html", context)


def _xlsx(workbook: exports.Workbook) -> HttpResponse:
    response = HttpResponse(workbook.content, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{workbook.filename}"'
    return response


@answer_readers
def campaign_answers_export(request, pk: int):
    """One row a respondent: names and answers, personal data possibly read abroad (PIPL)."""
    campaign = campaign_for(request.user, pk)
    workbook = exports.raw_answers(campaign, request.user)
    log_security_event("personal_data_export", request, kind="survey-answers", rows=workbook.rows)
    return _xlsx(workbook)


@answer_readers
def campaign_results_export(request, pk: int):
    campaign = campaign_for(request.user, pk)
    analysis = selectors.analyse(campaign, request.user)
    return _xlsx(exports.results(analysis, _names()))
