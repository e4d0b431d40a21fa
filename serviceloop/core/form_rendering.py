"""One way to render a field, for every form of the project (`{{ field.as_field_group }}`).

Django gives each field `aria-describedby` pointing at `<id>_helptext` and `<id>_error`
and `aria-invalid` when refused; core/forms/field.html is the one template that renders
the help text and the errors under exactly those ids, so a screen reader reads them with
the field. A template that renders help text by hand would leave the reference dangling.
"""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"
