from django import forms


class QuickSelect(forms.Select):
    """A select for long lists (the ~600 time zones) rendered in one template loop.

    Django's own Select includes a template per option, which made a page with one
    time-zone field take ~75 ms; this renders the same HTML in a fraction of that.
    """

    template_name = "core/widgets/quick_select.html"
