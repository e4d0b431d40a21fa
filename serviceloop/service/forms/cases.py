"""Case forms: opening a case, triage, moves, notes, readings and the queue's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Role, User
from serviceloop.core.form_rendering import offer
from serviceloop.core.ids import parse_id
from serviceloop.customers.models import Customer

from ..models import Case, Reading


class OpenCaseForm(forms.Form):
    """A call taken in under a minute: customer, then its unit, who called, what happened."""

    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=Customer.objects.none(), widget=forms.HiddenInput
    )
    unit = forms.ModelChoiceField(label=_("Machine"), queryset=None, required=False)
    reporter = forms.ModelChoiceField(label=_("Reported by"), queryset=None, required=False)
    reporter_name = forms.CharField(
        label=_("Caller, if not a known contact"), max_length=100, required=False
    )
    reporter_phone = forms.CharField(label=_("Caller's phone"), max_length=60, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=Case.Channel.choices, initial=Case.Channel.PHONE
    )
    kind = forms.ChoiceField(
        label=_("Type"), choices=Case.Kind.choices, initial=Case.Kind.BREAKDOWN
    )
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Case.Priority.choices, initial=Case.Priority.P2
    )
    symptom = forms.CharField(label=_("Symptom"), widget=forms.Textarea(attrs={"rows": 4}))
    line_down_at = forms.DateTimeField(
        label=_("Line down since (P1)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        chosen = self.data.get("customer") if self.is_bound else self.initial.get("customer")
        customer_id = parse_id(chosen)
        customer = customers.filter(pk=customer_id).first() if customer_id else None
        self.chosen_customer = customer
        self.fields["unit"].queryset = (
            customer.units.filter(archived_at__isnull=True).select_related("model")
            if customer
            else Customer.objects.none()
        )
        self.fields["reporter"].queryset = (
            customer.contacts.filter(archived_at__isnull=True)
            if customer
            else Customer.objects.none()
        )


class TriageForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    priority = forms.ChoiceField(label=_("Priority"), choices=Case.Priority.choices)
    kind = forms.ChoiceField(label=_("Type"), choices=Case.Kind.choices)
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none())

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(
            office_id=case.office_id,
            is_active=True,
            role__in=[Role.ENGINEER, Role.COORDINATOR, Role.MANAGER],
        )
        self.fields["assignee"].queryset = people
        named = people.values_list("pk", "full_name", "username")
        offer(self.fields["assignee"], ((pk, User.name_shown(*names)) for pk, *names in named))
        self.initial.setdefault("priority", case.priority)
        self.initial.setdefault("kind", case.kind)


class MoveForm(forms.Form):
    """Any move: the case version the user saw, and the text some moves need."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    root_cause = forms.CharField(label=_("Root-cause code"), max_length=20, required=False)
    billing = forms.ChoiceField(
        label=_("Billing"), choices=[("", "---------"), *Case.Billing.choices], required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
    to_customer = forms.BooleanField(label=_("Send to the customer"), required=False)


class AttachmentForm(forms.Form):
    """A photo or video of the fault; the service checks what the file really is."""

    file = forms.FileField(
        label=_("Photo or video"),
        error_messages={"required": _("Choose a photo or a video.")},
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class ReadingForm(forms.ModelForm):
    class Meta:
        model = Reading
        fields = ["tag", "value", "code", "taken_at"]
        widgets = {
            "taken_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }

    def _post_clean(self):
        pass


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All open")), ("all", _("All")), *Case.State.choices],
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("All priorities")), *Case.Priority.choices],
    )
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
