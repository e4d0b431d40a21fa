from datetime import datetime
from html import escape

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


def _span(delta_seconds: float) -> str:
    minutes = int(abs(delta_seconds) // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)sd %(hours)sh") % {"days": days, "hours": hours}
    return _("%(hours)sh %(minutes)smin") % {"hours": hours, "minutes": minutes}


@register.simple_tag
def clock(due: datetime | None, stopped_at: datetime | None, paused: bool = False):
    """One SLA clock: met or missed once stopped, paused, time left, or overdue."""
    if due is None:
        return format_html('<span class="clock muted">{}</span>', _("no target"))
    if stopped_at is not None:
        met = stopped_at <= due
        return format_html(
            '<span class="clock {}">{}</span>',
            "ok" if met else "late",
            _("met") if met else _("missed"),
        )
    if paused:
        return format_html('<span class="clock paused">{}</span>', _("paused"))
    left = (due - timezone.now()).total_seconds()
    if left < 0:
        return format_html(
            '<span class="clock late">{}</span>', _("%(span)s overdue") % {"span": _span(left)}
        )
    return format_html('<span class="clock">{}</span>', _("%(span)s left") % {"span": _span(left)})


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


@register.simple_tag
def case_rows(cases) -> str:
    """The rows of the case list, built in Python: the page's hot loop (50 rows × 8 cells)
    took most of the request in the template language (bench/bench_scale.py). Every value
    from the database goes through `escape`; the clocks and matches are already safe HTML."""
    from django.urls import reverse
    from django.utils.text import Truncator

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
    rows = []
    for case in cases:
        matches = getattr(case, "matches", None)
        if matches:
            below = "".join(
                f'<br><small class="match" data-testid="match"><span class="muted">'
                f"{escape(match.label)}:</span> {match.text}</small>"
                for match in matches
            )
        else:
            below = f'<br><small class="muted">{escape(Truncator(case.symptom).chars(40))}</small>'
        url = link.replace("999999999", str(case.pk))
        priority = escape(case.priority)
        cells = (
            f'<a href="{url}" data-testid="case-link">{escape(case.number)}</a>{below}',
            f'<span class="badge priority-{priority}">{priority}</span>',
            escape(case.customer.name_zh),
            escape(case.unit.serial) if case.unit_id else "—",
            states.get(case.state) or escape(case.state),
            escape(str(case.assignee)) if case.assignee_id else unassigned,
            clock(case.first_response_due, case.first_response_at),
            clock(case.restore_due, case.resolved_at, case.is_paused),
        )
        row_class = "unassigned" if not case.assignee_id and case.is_open else ""
        tds = "".join(
            f'<td data-label="{label}">{cell}</td>'
            for label, cell in zip(labels, cells, strict=True)
        )
        rows.append(f'<tr class="{row_class}">{tds}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - values escaped above, the rest is ours
