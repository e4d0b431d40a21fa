from django import template
from django.utils import formats, timezone
from django.utils.html import format_html

from serviceloop.core.form_keys import FIELD, new_form_key

register = template.Library()


@register.simple_tag
def form_key():
    """The hidden one-time key every create form carries: sent twice, saved once
    (core/form_keys.py). A new key each time the form is shown."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_form_key())


@register.filter
def when(value, fmt: str = "DATETIME_FORMAT"):
    """A moment in the viewer's time zone and language, machine-readable in `datetime`."""
    if not value:
        return "—"
    local = timezone.localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(), formats.date_format(local, fmt)
    )


@register.filter
def number(value, decimals: int | None = None):
    """A quantity with the grouping and decimal marks of the viewer's language."""
    if value is None or value == "":
        return "—"
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def minutes(duration) -> int:
    """Whole minutes of a timedelta (lockout and SLA notices)."""
    return int(duration.total_seconds() // 60) if duration else 0
