"""One way to render a field, for every form of the project (`{{ field.as_field_group }}`).

Django gives each field `aria-describedby` pointing at `<id>_helptext` and `<id>_error`
and `aria-invalid` when refused; core/forms/field.html is the one template that renders
the help text and the errors under exactly those ids, so a screen reader reads them with
the field. A template that renders help text by hand would leave the reference dangling.

The plainest widgets (inputs, selects, text areas) are written here in Python, exactly as
Django's own widget templates write them: a template per widget and per option was most
of a form's cost on the case page (a select of 30 options is 60 template renders).
Anything else — a custom widget, an option with its own template — goes through the
templates as usual. Tests compare both for every widget this covers.
"""

from collections.abc import Callable

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape

WIDGETS = "django/forms/widgets/"
_INPUTS = "checkbox color date datetime email file hidden number password search tel text time url"
_OPTION = WIDGETS + "select_option.html"


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str | None:
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(str(value))}"'
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
                f'\n  <option value="{escape(str(option["value"]))}"'
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


FAST: dict[str, Callable[[dict], str | None]] = {
    **{f"{WIDGETS}{name}.html": _input for name in _INPUTS.split()},
    WIDGETS + "select.html": _select,
    WIDGETS + "textarea.html": _textarea,
}


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"

    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        if fast is not None and "widget" in context:
            written = fast(context["widget"])
            if written is not None:
                return written
        return super().render(template_name, context, request)
