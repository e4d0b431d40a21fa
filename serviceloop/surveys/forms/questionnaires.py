"""Forms of the questionnaire builder: a questionnaire, a section, a question with its
choices, a new version. They validate and convert; services.questionnaires saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Question, Questionnaire, Section, Version
from ..services.questionnaires import QUESTION_FIELDS, SECTION_FIELDS


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["code", "title_zh", "title_en", "title_es"]
        help_texts = {
            "code": _("Letters, digits and hyphens: it names the questionnaire in files.")
        }


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = list(SECTION_FIELDS)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = list(QUESTION_FIELDS)
        widgets = {
            "text_zh": forms.Textarea(attrs={"rows": 2}),
            "text_en": forms.Textarea(attrs={"rows": 2}),
            "text_es": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "code": _("The column of a spreadsheet import and of the analysis: A1, B2, C1…"),
            "scale_min": _("A rating is usually asked 1–5; the recommendation always 0–10."),
            "asks_importance": _("A rating only: the respondent also says how much it matters."),
        }

    def clean(self):
        data = super().clean()
        lowest, highest = data.get("scale_min"), data.get("scale_max")
        # Said here in words, before the database constraint's own wording is reached.
        if lowest is not None and highest is not None and lowest >= highest:
            self.add_error("scale_max", _("The highest score must be above the lowest."))
        return data


class ChoiceForm(forms.Form):
    code = forms.CharField(label=_("code"), max_length=12, required=False)
    label_zh = forms.CharField(label=_("label (Chinese)"), max_length=200)
    label_en = forms.CharField(label=_("label (English)"), max_length=200)
    label_es = forms.CharField(label=_("label (Spanish)"), max_length=200, required=False)


ChoiceFormSet = forms.formset_factory(
    ChoiceForm, extra=3, can_order=True, can_delete=True, max_num=50, absolute_max=60
)


def choice_formset(data=None, question: Question | None = None) -> forms.BaseFormSet:
    """The question's choices in order, and three empty rows to add more."""
    initial = []
    if question is not None:
        initial = [
            {"code": c.code, "label_zh": c.label_zh, "label_en": c.label_en, "label_es": c.label_es}
            for c in question.choices.all()
        ]
    return ChoiceFormSet(data, initial=initial, prefix="choices")


def chosen_choices(formset) -> list[dict]:
    """The rows kept (not ticked for removal, not left empty), in the order typed."""
    return [
        {field: form.cleaned_data.get(field, "") for field in ChoiceForm.base_fields}
        for form in formset.ordered_forms
    ]


class NewVersionForm(forms.ModelForm):
    class Meta:
        model = Version
        fields = ["note"]
