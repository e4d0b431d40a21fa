from django import template
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

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


SELECTED = " selected"


@register.simple_tag
def quick_select(field):
    """A filter's choice field as a plain <select>, as Django's widget renders it but
    without a template per option: on a list page read many times a minute, the filters'
    option templates cost more than the rows (bench/bench_scale.py). For filters only:
    forms people fill in keep the field template with its help and errors."""
    value = field.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
    esc = conditional_escape
    options = "".join(
        f'<option value="{esc(key)}"{SELECTED if str(key) in chosen else ""}>{esc(label)}</option>'
        for key, label in field.field.choices
    )
    return mark_safe(  # noqa: S308 - every value escaped here
        f'<select name="{esc(field.html_name)}" id="{esc(field.auto_id)}">{options}</select>'
    )
