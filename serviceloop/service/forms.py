from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Role, User
from serviceloop.core.widgets import IsoDateInput
from serviceloop.customers.models import Customer
from serviceloop.equipment.models import EquipmentModel

from .models import (
    CalendarDay,
    Case,
    ChargeLine,
    Complaint,
    FeedbackResponse,
    Reading,
    RepairReport,
    Skill,
)


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
        customer = customers.filter(pk=chosen).first() if str(chosen or "").isdigit() else None
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
    priority = forms.ChoiceField(label=_("Priority"), choices=Case.Priority.choices)
    kind = forms.ChoiceField(label=_("Type"), choices=Case.Kind.choices)
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none())

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            office_id=case.office_id,
            is_active=True,
            role__in=[Role.ENGINEER, Role.COORDINATOR, Role.MANAGER],
        )
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


class VisitForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    engineers = forms.ModelMultipleChoiceField(
        label=_("Engineers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    planned_start = forms.DateTimeField(
        label=_("Planned arrival"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engineers"].queryset = User.objects.filter(
            office_id=case.office_id, role=Role.ENGINEER, is_active=True
        )


class ReportForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RepairReport
        fields = [
            "fault_found",
            "root_cause",
            "actions",
            "parts_used",
            "labour_hours",
            "travel_hours",
            "readings_after",
        ]
        widgets = {
            "fault_found": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 4}),
            "parts_used": forms.Textarea(attrs={"rows": 3}),
            "readings_after": forms.Textarea(attrs={"rows": 2}),
        }

    def _post_clean(self):
        pass


class SignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    customer_name = forms.CharField(
        label=_("Name of the customer accepting the work"), max_length=100
    )
    signature = forms.CharField(widget=forms.HiddenInput, required=False)


SCALE = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(forms.ModelForm):
    """The customer's answers; 1 is very poor, 5 excellent."""

    class Meta:
        model = FeedbackResponse
        fields = [
            "response_speed",
            "competence",
            "attitude",
            "communication",
            "safety",
            "solved",
            "overall",
            "comment",
        ]
        widgets = {
            **{name: forms.RadioSelect(choices=SCALE) for name in FeedbackResponse.SCORES},
            "solved": forms.RadioSelect(choices=[(True, _("Yes")), (False, _("No"))]),
            "comment": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["solved"] = forms.TypedChoiceField(
            label=_("Is the problem solved?"),
            choices=[("True", _("Yes")), ("False", _("No"))],
            coerce=lambda value: value == "True",
            widget=forms.RadioSelect,
        )

    def _post_clean(self):
        pass


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["state", "severity", "root_cause", "corrective_action", "customer_confirmed"]
        widgets = {
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "corrective_action": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        pass


class CalendarDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=IsoDateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    note = forms.CharField(label=_("Note"), max_length=100, required=False)


class SlaTargetsForm(forms.Form):
    first_response_hours = forms.DecimalField(
        label=_("First response (hours)"), min_value=0, max_digits=6, decimal_places=2
    )
    on_site_hours = forms.DecimalField(
        label=_("On site (hours)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    restore_hours = forms.DecimalField(
        label=_("Restore (hours)"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    business_hours = forms.BooleanField(label=_("In business hours"), required=False)


class EngineerProfileForm(forms.Form):
    home_base = forms.CharField(label=_("Home base"), max_length=100, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [(0, "—"), *Skill.Level.choices]
        for value, label in EquipmentModel.Family.choices:
            self.fields[f"skill_{value}"] = forms.TypedChoiceField(
                label=label, choices=levels, coerce=int, required=False, empty_value=0
            )

    def skills(self) -> dict[str, int]:
        return {
            family: self.cleaned_data.get(f"skill_{family}") or 0
            for family in EquipmentModel.Family.values
        }


class CertificationForm(forms.Form):
    name = forms.CharField(label=_("Certification"), max_length=100)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=IsoDateInput())


class FindingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    diagnosis = forms.CharField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the readings, photos and calls with the customer showed."),
    )


class InfoRequestForm(forms.Form):
    """What the engineer asks the customer to read off the machine or photograph."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    tags = forms.MultipleChoiceField(
        label=_("Readings to send"),
        choices=Reading.Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    wants_photos = forms.BooleanField(label=_("Photos or a video"), required=False)
    message = forms.CharField(
        label=_("Message to the customer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you need and why, as the operator at the machine reads it."),
    )
    email = forms.EmailField(label=_("Send the link to"), required=False)
    wait = forms.BooleanField(
        label=_("Wait for the answer (the SLA clocks pause)"), required=False, initial=True
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,video/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class AnswerForm(forms.Form):
    """The customer's answer on the request link: one field per reading asked for."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    taken_at = forms.DateTimeField(
        label=_("Read at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    photos = MultipleFileField(label=_("Photos or a video"), required=False)
    answer = forms.CharField(
        label=_("Anything else we should know"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, tags: list[str], wants_photos: bool, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Reading.Tag.choices)
        for tag in tags:
            if tag == Reading.Tag.ALARM:
                field = forms.CharField(label=labels[tag], max_length=40, required=False)
            else:
                field = forms.DecimalField(
                    label=labels[tag], max_digits=10, decimal_places=3, required=False
                )
            field.widget.attrs["inputmode"] = "text" if tag == Reading.Tag.ALARM else "decimal"
            self.fields[f"r_{tag}"] = field
        if not wants_photos:
            del self.fields["photos"]
        self.order_fields([f"r_{tag}" for tag in tags] + ["photos", "answer", "taken_at", "name"])

    def readings(self) -> dict:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("r_") and value not in (None, "")
        }


class ChargeRatesForm(forms.Form):
    labour_rate = forms.DecimalField(
        label=_("Labour rate per hour"), max_digits=12, decimal_places=2, min_value=0
    )
    travel_rate = forms.DecimalField(
        label=_("Travel rate per hour"), max_digits=12, decimal_places=2, min_value=0
    )
    vat_percent = forms.DecimalField(
        label=_("VAT (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )


class QuoteForm(forms.Form):
    scope = forms.CharField(
        label=_("Work quoted"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be done, as the customer reads it."),
    )
    valid_until = forms.DateField(label=_("Valid until"), widget=IsoDateInput)

    def clean_valid_until(self):
        valid_until = self.cleaned_data["valid_until"]
        if valid_until < timezone.localdate():
            raise forms.ValidationError(_("A quote is valid until today or later."))
        return valid_until


class QuoteLineForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChargeLine.Kind.choices)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    part_number = forms.CharField(label=_("Part number"), max_length=40, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=8, decimal_places=2, min_value=0, required=False
    )
    unit_price = forms.DecimalField(
        label=_("Unit price"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("Empty: the office's hourly rate for labour and travel."),
    )
    cover = forms.ChoiceField(
        label=_("Paid by"),
        choices=[("", _("As covered")), *ChargeLine.Cover.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if self.has_line() and not data.get("quantity"):
            self.add_error("quantity", _("Give the quantity."))
        return data

    def has_line(self) -> bool:
        """A row with anything typed in it is a line (and checked); untouched rows are not."""
        data = self.cleaned_data
        return any(
            data.get(name) not in (None, "")
            for name in ("quantity", "description", "part_number", "unit_price")
        )


QuoteLineFormSet = forms.formset_factory(
    QuoteLineForm, extra=0, min_num=1, max_num=30, validate_max=True
)


class SendQuoteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField(label=_("Send to"), required=False)


class PurchaseOrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    purchase_order = forms.CharField(label=_("Purchase order number"), max_length=60)
    name = forms.CharField(label=_("Approved by (customer)"), max_length=100, required=False)


class QuoteDecisionForm(forms.Form):
    """The customer's decision on the approval link."""

    name = forms.CharField(label=_("Your name"), max_length=100)
    reason = forms.CharField(
        label=_("If you decline: why?"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
