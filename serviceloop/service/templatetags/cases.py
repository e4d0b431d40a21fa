from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

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
