from django import forms


class QuickSelect(forms.Select):
    """A select for long lists (the ~600 time zones) rendered in one template loop.

    Django's own Select includes a template per option, which made a page with one
    time-zone field take ~75 ms; this renders the same HTML in a fraction of that.
    """

    template_name = "core/widgets/quick_select.html"


class IsoDateInput(forms.DateInput):
    """The browser's date picker: its value is always ISO (2026-11-27), whatever the
    language's display format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
