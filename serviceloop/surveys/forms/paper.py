"""The paper form typed in by staff: who answered and how (§7.6), then every question.

A question's fields are named by its code, as the import's columns are and as the service
keys its refusals: `A1_score` (a score, or "na" for not applicable), `A1_importance`,
`C3_text`, `D1_choices`; so a refused answer comes back next to its own field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import User
from serviceloop.core.widgets import IsoDateInput, QuickSelect
from serviceloop.customers.selectors import contacts_for, customers_for
from serviceloop.service.selectors.cases import cases_for

from ..models import Question, Response, Version
from ..selectors.campaigns import campaigns_for
from ..services.answers import IMPORTANCE, TYPED_METHODS, Given, Respondent, respondent_from

NOT_APPLICABLE = "na"
EMPTY = [("", "—")]


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        customer = getattr(obj, "customer", None)
        return f"{customer.code} · {obj}" if customer is not None else str(obj)


class PaperResponseForm(forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=None, required=False)
    customer = NamedChoiceField(label=_("Customer"), queryset=None, widget=QuickSelect)
    contact = NamedChoiceField(
        label=_("Contact"),
        queryset=None,
        required=False,
        widget=QuickSelect,
        help_text=_("Or type the respondent's name below."),
    )
    respondent_name = forms.CharField(label=_("Respondent"), max_length=100, required=False)
    respondent_department = forms.CharField(label=_("Department"), max_length=100, required=False)
    respondent_title = forms.CharField(label=_("Title"), max_length=100, required=False)
    surveyed_on = forms.DateField(label=_("Survey date"), widget=IsoDateInput)
    method = forms.ChoiceField(label=_("Survey method"), choices=())
    interviewer = forms.ModelChoiceField(label=_("Interviewer"), queryset=None, required=False)
    case = forms.CharField(
        label=_("Linked case"),
        max_length=20,
        required=False,
        help_text=_("The case number, for a survey after a service (e.g. SR-2026-000042)."),
    )

    def __init__(self, *args, version: Version, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.version, self.user = version, user
        customers = customers_for(user).filter(archived_at__isnull=True)
        self.fields["customer"].queryset = customers.order_by("code")
        self.fields["contact"].queryset = (
            contacts_for(user)
            .filter(archived_at__isnull=True, customer__in=customers)
            .select_related("customer")
            .order_by("customer__code", "full_name")
        )
        self.fields["campaign"].queryset = campaigns_for(user).filter(version=version)
        self.fields["interviewer"].queryset = User.objects.filter(
            is_active=True, office_id=user.office_id
        ).exclude(role=User.Role.CUSTOMER)
        self.fields["interviewer"].initial = user.pk
        self.fields["method"].choices = [
            (value, label) for value, label in Response.Method.choices if value in TYPED_METHODS
        ]
        self.fields["method"].initial = Response.Method.PAPER
        self.questions = [
            question for section in version.sections.all() for question in section.questions.all()
        ]
        for question in self.questions:
            self.fields.update(_question_fields(question))

    @property
    def header_fields(self) -> list:
        """Who answered and how: the fields declared above, before the questions."""
        return [self[name] for name in self.base_fields]

    @property
    def sections(self) -> list[tuple]:
        """(section, [(question, [its bound fields])]) in the order of the paper form."""
        return [
            (
                section,
                [
                    (question, [self[name] for name in _question_fields(question)])
                    for question in section.questions.all()
                ],
            )
            for section in self.version.sections.all()
        ]

    def clean_case(self):
        number = self.cleaned_data["case"].strip()
        if not number:
            return None
        case = cases_for(self.user).filter(number__iexact=number).first()
        if case is None:
            raise forms.ValidationError(_("No case of your office has this number."))
        return case

    @property
    def respondent(self) -> Respondent:
        return respondent_from(self.cleaned_data)

    @property
    def answers(self) -> dict[Question, Given]:
        return {question: self._given(question) for question in self.questions}

    def _given(self, question: Question) -> Given:
        data, code = self.cleaned_data, question.code
        score = data.get(f"{code}_score") or ""
        importance = data.get(f"{code}_importance") or ""
        picked = data.get(f"{code}_choices") or []
        picked = [picked] if isinstance(picked, str) else picked
        choices = tuple(choice for choice in question.choices.all() if choice.code in picked)
        return Given(
            score=int(score) if score not in ("", NOT_APPLICABLE) else None,
            not_applicable=score == NOT_APPLICABLE,
            importance=int(importance) if importance else None,
            choices=choices,
            text=data.get(f"{code}_text", ""),
        )


def _question_fields(question: Question) -> dict[str, forms.Field]:
    """The fields one question needs, by name, none of them required (a paper form is
    recorded as filled in)."""
    code, label = question.code, f"{question.code} {question.text}"
    pick = forms.Select  # not radios: staff type a stack of paper forms with the keyboard
    if question.is_scaled:
        scale = [(str(n), str(n)) for n in question.scale]
        if question.allows_not_applicable:
            scale.append((NOT_APPLICABLE, _("N/A")))
        fields = {
            f"{code}_score": forms.ChoiceField(
                label=label, choices=EMPTY + scale, required=False, widget=pick
            )
        }
        if question.asks_importance:
            importance = [(str(n), str(n)) for n in IMPORTANCE]
            fields[f"{code}_importance"] = forms.ChoiceField(
                label=_("Importance"), choices=EMPTY + importance, required=False, widget=pick
            )
        return fields
    if question.kind == Question.Kind.TEXT:
        return {
            f"{code}_text": forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )
        }
    choices = [(choice.code, choice.label) for choice in question.choices.all()]
    if question.kind == Question.Kind.MULTIPLE:
        field: forms.Field = forms.MultipleChoiceField(
            label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
        )
    else:
        field = forms.ChoiceField(label=label, choices=EMPTY + choices, required=False, widget=pick)
    return {f"{code}_choices": field}
