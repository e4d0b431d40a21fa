from datetime import datetime
from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


class _Clocks:
    """SLA clocks as HTML, their words translated once (a list shows a hundred clocks)."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.words = {
            key: escape(str(text))
            for key, text in (
                ("none", _("no target")),
                ("met", _("met")),
                ("missed", _("missed")),
                ("paused", _("paused")),
                ("days", _("%(days)sd %(hours)sh")),
                ("hours", _("%(hours)sh %(minutes)smin")),
                ("overdue", _("%(span)s overdue")),
                ("left", _("%(span)s left")),
            )
        }

    def span(self, delta_seconds: float) -> str:
        minutes = int(abs(delta_seconds) // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        if days:
            return self.words["days"] % {"days": days, "hours": hours}
        return self.words["hours"] % {"hours": hours, "minutes": minutes}

    def html(self, due: datetime | None, stopped_at: datetime | None, paused: bool) -> str:
        words = self.words
        if due is None:
            return f'<span class="clock muted">{words["none"]}</span>'
        if stopped_at is not None:
            if stopped_at <= due:
                return f'<span class="clock ok">{words["met"]}</span>'
            return f'<span class="clock late">{words["missed"]}</span>'
        if paused:
            return f'<span class="clock paused">{words["paused"]}</span>'
        left = (due - self.now).total_seconds()
        if left < 0:
            text = words["overdue"] % {"span": self.span(left)}
            return f'<span class="clock late">{text}</span>'
        return f'<span class="clock">{words["left"] % {"span": self.span(left)}}</span>'


def _span(delta_seconds: float) -> str:
    return _Clocks().span(delta_seconds)


@register.simple_tag
def clock(due: datetime | None, stopped_at: datetime | None, paused: bool = False):
    """One SLA clock: met or missed once stopped, paused, time left, or overdue."""
    return mark_safe(_Clocks().html(due, stopped_at, paused))  # noqa: S308 - words escaped


@register.filter
def state_label(value: str) -> str:
    """A state as stored in the timeline ("on_site"), in the reader's language."""
    from ..models import Case

    try:
        return str(Case.State(value).label)
    except ValueError:
        return value


@register.filter
def span(duration) -> str:
    """A duration as days and hours, or hours and minutes under a day (time to close)."""
    return _span(duration.total_seconds()) if duration is not None else "—"


def _shortened(text: str, limit: int = 40) -> str:
    """The first `limit` characters, as Truncator.chars gives them (an ellipsis in the
    last place) without its per-character work: a list shortens fifty symptoms."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.simple_tag
def case_rows(cases) -> str:
    """The rows of the case list (selectors.cases.ListedCase), built in Python: the page's
    hot loop (50 rows × 8 cells) took most of the request in the template language
    (bench/bench_scale.py). Every value from the database goes through `escape`; the clocks
    and matches are already safe HTML."""
    from django.urls import reverse

    from ..models import Case

    labels = [
        escape(str(label))
        for label in (
            _("Case"),
            _("Priority"),
            _("Customer"),
            _("Machine"),
            _("State"),
            _("Assignee"),
            pgettext("SLA clock", "Response"),
            pgettext("SLA clock", "Restore"),
        )
    ]
    states = {value: escape(str(label)) for value, label in Case.State.choices}
    unassigned = f'<span class="badge coverage-out_of_coverage">{escape(_("Unassigned"))}</span>'
    link = reverse("service:case_detail", args=[999999999])
    clocks = _Clocks()
    rows = []
    for case in cases:
        matches = case.matches
        if matches:
            below = "".join(
                f'<br><small class="match" data-testid="match"><span class="muted">'
                f"{escape(match.label)}:</span> {match.text}</small>"
                for match in matches
            )
        else:
            below = f'<br><small class="muted">{escape(_shortened(case.symptom))}</small>'
        url = link.replace("999999999", str(case.pk))
        priority = escape(case.priority)
        cells = (
            f'<a href="{url}" data-testid="case-link">{escape(case.number)}</a>{below}',
            f'<span class="badge priority-{priority}">{priority}</span>',
            escape(case.customer_name_zh),
            escape(case.unit_serial) if case.unit_id else "—",
            states.get(case.state) or escape(case.state),
            escape(case.assignee_name) if case.assignee_id else unassigned,
            clocks.html(case.first_response_due, case.first_response_at, False),
            clocks.html(case.restore_due, case.resolved_at, case.is_paused),
        )
        row_class = "unassigned" if not case.assignee_id and case.is_open else ""
        tds = "".join(
            f'<td data-label="{label}">{cell}</td>'
            for label, cell in zip(labels, cells, strict=True)
        )
        rows.append(f'<tr class="{row_class}">{tds}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - values escaped above, the rest is ours
