"""One section of a questionnaire as the respondent answers it on a phone.

Every field is optional here: what a question needs (a score on its scale, importance 1–5,
"not applicable" only where allowed, an answer where required) is decided once, by
services.answers, whose refusals come back on the question they concern.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Question
from ..services.answers import Given

NOT_APPLICABLE = "na"
IMPORTANCE_CHOICES = [(str(n), str(n)) for n in range(1, 6)]


def _name(question: Question) -> str:
    return f"q{question.pk}"


class SectionForm(forms.Form):
    def __init__(self, *args, section, questions, answers: dict[int, Answer], **kwargs):
        super().__init__(*args, **kwargs)
        self.section = section
        self.questions = questions
        for question in questions:
            self._add(question, answers.get(question.pk))

    def _add(self, question: Question, answer: Answer | None) -> None:
        name = _name(question)
        if question.is_scaled:
            choices = [(str(n), str(n)) for n in question.scale]
            if question.allows_not_applicable:
                choices.append((NOT_APPLICABLE, _("N/A")))
            initial = None
            if answer is not None:
                initial = NOT_APPLICABLE if answer.not_applicable else _text(answer.score)
            self.fields[name] = forms.ChoiceField(
                choices=choices, required=False, widget=forms.RadioSelect, initial=initial
            )
            if question.asks_importance:
                self.fields[f"{name}_importance"] = forms.ChoiceField(
                    label=_("How important is this to you?"),
                    choices=IMPORTANCE_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=_text(answer.importance) if answer else None,
                )
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
            picked = [str(c.pk) for c in answer.choices.all()] if answer else []
            if question.kind == Question.Kind.SINGLE:
                self.fields[name] = forms.ChoiceField(
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    initial=picked[0] if picked else None,
                )
            else:
                self.fields[name] = forms.MultipleChoiceField(
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    initial=picked,
                )
        else:
            self.fields[name] = forms.CharField(
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=answer.text if answer else "",
            )
        self.fields[name].label = question.text

    def items(self) -> list[dict]:
        """Each question with its bound field (and its importance field where asked)."""
        rows = []
        for question in self.questions:
            name = _name(question)
            rows.append(
                {
                    "question": question,
                    "field": self[name],
                    "importance": self[f"{name}_importance"]
                    if f"{name}_importance" in self.fields
                    else None,
                }
            )
        return rows

    def answers(self) -> dict[str, Given]:
        """What services.answers.save_section takes: per question code."""
        data = {}
        for question in self.questions:
            name = _name(question)
            value = self.cleaned_data.get(name)
            if question.is_scaled:
                data[question.code] = Given(
                    score=None if value == NOT_APPLICABLE else _number(value),
                    importance=_number(self.cleaned_data.get(f"{name}_importance")),
                    not_applicable=value == NOT_APPLICABLE,
                )
            elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
                picked = set(value if isinstance(value, list) else [value] if value else [])
                choices = tuple(c for c in question.choices.all() if str(c.pk) in picked)
                data[question.code] = Given(choices=choices)
            else:
                data[question.code] = Given(text=value or "")
        return data

    def add_refusals(self, messages: dict[str, list[str]]) -> None:
        """Puts the service's refusals, keyed by question code, on their questions."""
        by_code = {question.code: _name(question) for question in self.questions}
        for code, texts in messages.items():
            for text in texts:
                self.add_error(by_code.get(code), text)


def _text(value) -> str | None:
    return None if value is None else str(value)


def _number(value) -> int | None:
    return int(value) if value not in (None, "") else None
