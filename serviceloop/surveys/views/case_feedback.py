"""The case feedback analysis: the service loop's feedback answers with the survey
statistics (selectors.case_feedback says what is counted and how)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role

from .. import charts
from ..forms.case_feedback import PeriodForm
from ..selectors import case_feedback as selectors
from .common import answer_readers


@answer_readers
def feedback_analysis(request):
    since, until = selectors.default_period()
    form = PeriodForm(request.GET or None, initial={"since": since, "until": until})
    analysis = selectors.analyse(request.user, **form.period())
    items = [
        {"item": item, "bars": charts.distribution_bars(item.summary.distribution, selectors.SCALE)}
        for item in analysis.items
    ]
    chart = None
    if analysis.figures.respondents:
        quarters = analysis.quarters
        chart = charts.line_chart(
            [
                charts.Series(_("Service index"), [q.figures.index for q in quarters]),
                charts.Series(_("Overall satisfaction"), [q.figures.overall for q in quarters]),
            ],
            [q.label for q in quarters],
            scale=(1, 5),
            y_title=_("Mean score (1–5)"),
            title=_("Case feedback by quarter"),
        )
    context = {
        "form": form,
        "analysis": analysis,
        "items": items,
        "chart": chart,
        "is_hq": request.user.role == Role.HQ,
    }
    return render(request, "surveys/feedback_analysis.html", context)
