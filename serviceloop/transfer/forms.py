from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.core.tabular.reading import TableError, read_table


class ImportForm(forms.Form):
    """An uploaded list, read as a table: a file that is not one is a form error."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(".xlsx, or CSV in UTF-8 or GB18030; the first row holds the column codes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            try:
                cleaned["table"] = read_table(upload, filename=upload.name)
            except TableError as error:
                self.add_error("file", str(error))
        return cleaned
