"""One way to render a field, for every form of the project (`{{ field.as_field_group }}`).

Django gives each field `aria-describedby` pointing at `<id>_helptext` and `<id>_error`
and `aria-invalid` when refused; core/forms/field.html is the one template that renders
the help text and the errors under exactly those ids, so a screen reader reads them with
the field. A template that renders help text by hand would leave the reference dangling.

The plainest widgets (inputs, selects, text areas), the field group of core/forms/field.html,
the labels and legends and the error lists are written here in Python, exactly as the
templates write them: a template per widget, per option, per label and per (even empty)
error list was most of a form's cost on the case page (a select of 30 options is 60 template
renders). Anything else — a custom widget, an option with its own template, a value a
template would localize — goes through the templates as usual; field.html stays the
reference. Tests compare both for every widget and every kind of field this covers.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.forms import ModelChoiceField
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

WIDGETS = "django/forms/widgets/"
_INPUTS = "checkbox color date datetime email file hidden number password search tel text time url"
_OPTION = WIDGETS + "select_option.html"
FIELD = "core/forms/field.html"


def _text(value) -> str | None:
    """`{{ value }}` for a string or a lazy translation; None for what a template localizes."""
    return conditional_escape(value) if isinstance(value, str | Promise) else None


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe string safe, so unescaped."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str | None:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None  # an option of its own kind: the templates render it
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _textarea(widget: dict) -> str | None:
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


def _widget(write: Callable[[dict], str | None]) -> Callable[[dict], str | None]:
    return lambda context: write(context["widget"]) if "widget" in context else None


def _label(context: dict) -> str | None:
    """django/forms/label.html: BoundField.label_tag() and legend_tag()."""
    label, attrs, tag = context.get("label"), context.get("attrs"), context.get("tag")
    label = _text(label)
    if label is None or not context.get("use_tag"):
        return label
    if not isinstance(attrs, dict) or not isinstance(tag, str):
        return None
    tag = conditional_escape(tag)
    return f"<{tag}{_attrs(attrs)}>{label}</{tag}>"


def _error_list(context: dict) -> str | None:
    """django/forms/errors/list/ul.html (default.html includes it): str(field.errors)."""
    errors, error_class = context.get("errors"), _text(context.get("error_class"))
    if not isinstance(errors, ErrorList) or error_class is None:
        return None
    if not errors:
        return ""  # what most fields render: no error, no template
    field_id = getattr(errors, "field_id", None) or ""
    items = [_text(error) for error in errors]
    if not isinstance(field_id, str) or any(item is None for item in items):
        return None
    id_ = f' id="{conditional_escape(field_id)}_error"' if field_id else ""
    return f'<ul class="{error_class}"{id_}>' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _shown(value) -> str:
    """`{{ field }}`, `{{ field.label_tag }}`, `{{ field.errors }}`: already safe HTML."""
    return conditional_escape(str(value))


def _field(context: dict) -> str | None:
    """core/forms/field.html, line by line (the template is the reference)."""
    field = context.get("field")
    if not isinstance(field, BoundField):
        return None
    help_text = field.help_text
    help_html = _text(help_text) if help_text else ""
    if help_html is None:
        return None
    if field.use_fieldset:
        described = field.aria_describedby
        head = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        legend = _shown(field.legend_tag()) if field.label else ""
        parts = [f"<fieldset{head}>{legend}\n{_shown(field)}"]
    elif field.widget_type == "checkbox":
        parts = [f"{_shown(field)} {_shown(field.label_tag())}"]
    else:
        label = _shown(field.label_tag()) if field.label else ""
        parts = [f"{label}\n{_shown(field)}"]
    parts.append("\n")
    if help_text:
        id_ = f' id="{conditional_escape(field.auto_id)}_helptext"' if field.auto_id else ""
        parts.append(f'<span class="helptext"{id_}>{help_html}</span>')
    parts.append(f"\n{_shown(field.errors)}")
    if field.use_fieldset:
        parts.append("</fieldset>")
    return "".join(parts)


FAST: dict[str, Callable[[dict], str | None]] = {
    **{f"{WIDGETS}{name}.html": _widget(_input) for name in _INPUTS.split()},
    WIDGETS + "select.html": _widget(_select),
    WIDGETS + "textarea.html": _widget(_textarea),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
    "django/forms/errors/list/ul.html": _error_list,
    FIELD: _field,
}


class FormRenderer(DjangoTemplates):
    field_template_name = FIELD

    def render(self, template_name, context, request=None):
        write = FAST.get(template_name)
        written = write(context) if write is not None else None
        if written is not None:
            return written.strip()  # as the templates' output is (BaseRenderer.render)
        return super().render(template_name, context, request)


def offer(field: ModelChoiceField, choices: Iterable[tuple[Any, str]]) -> None:
    """Shows `choices` (value, label) as the options of a model choice field, read by the
    caller the cheap way (plain values, or objects it holds already); the field's queryset
    then only checks a posted value. Left to itself the field reads its queryset again as
    model instances, through a server-side cursor, for every page that shows the form."""
    blank = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = [*blank, *choices]
