from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import User
from serviceloop.core.ids import IdField, parse_id
from serviceloop.core.widgets import IsoDateInput
from serviceloop.customers.models import Site
from serviceloop.customers.selectors import customers_for

from . import selectors
from .models import Contract, Document, EquipmentModel, Unit

DATE = IsoDateInput()


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "serial",
            "model",
            "customer",
            "site",
            "parent",
            "location",
            "sales_order",
            "status",
            "build_date",
            "pre_acceptance_date",
            "final_acceptance_date",
            "commissioning_date",
            "warranty_start",
            "warranty_months",
            "running_hours",
            "power_supply_serial",
            "transformer",
            "inductors",
            "firmware_plc",
            "firmware_hmi",
            "firmware_inverter",
            "process_parameters",
            "notes",
        ]
        widgets = {
            "build_date": DATE,
            "pre_acceptance_date": DATE,
            "final_acceptance_date": DATE,
            "commissioning_date": DATE,
            "warranty_start": DATE,
            "inductors": forms.Textarea(attrs={"rows": 2}),
            "process_parameters": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        customers = customers_for(by).filter(archived_at__isnull=True)
        self.fields["customer"].queryset = customers
        self.fields["model"].queryset = selectors.models_catalogue().filter(
            archived_at__isnull=True
        )
        customer_id = parse_id(
            (self.data.get("customer") if self.is_bound else self.instance.customer_id)
            or self.initial.get("customer")
        )
        if customer_id:
            self.fields["site"].queryset = Site.objects.filter(
                customer__in=customers, customer_id=customer_id
            )
            self.fields["parent"].queryset = (
                selectors.units_for(by).filter(customer_id=customer_id).exclude(pk=self.instance.pk)
            )
        else:
            self.fields["site"].queryset = Site.objects.none()
            self.fields["parent"].queryset = Unit.objects.none()
        self.fields["warranty_months"].required = False
        self.fields["warranty_months"].help_text = _("Empty: the model's usual warranty.")
        self.fields["customer"].widget.attrs.update(
            {
                "hx-get": reverse("equipment:unit_options"),
                "hx-target": "#id_site",
                "hx-trigger": "change",
                "hx-include": "this",
            }
        )
        if self.instance.pk:
            # Another customer or site is a move, recorded on its own page.
            self.fields["customer"].disabled = True
            self.fields["site"].disabled = True

    def _post_clean(self):
        pass


class MoveForm(forms.Form):
    to_customer = forms.ModelChoiceField(label=_("To customer"), queryset=None)
    to_site = forms.ModelChoiceField(label=_("To site"), queryset=None, required=False)
    moved_on = forms.DateField(label=_("Moved on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        customers = customers_for(by).filter(archived_at__isnull=True)
        self.fields["to_customer"].queryset = customers
        self.fields["to_customer"].widget.attrs.update(
            {
                "hx-get": reverse("equipment:unit_options") + "?for=move",
                "hx-target": "#id_to_site",
                "hx-trigger": "change",
                "hx-include": "this",
            }
        )
        chosen = parse_id(self.data.get("to_customer")) if self.is_bound else None
        self.fields["to_site"].queryset = (
            Site.objects.filter(customer__in=customers, customer_id=chosen)
            if chosen
            else Site.objects.none()
        )


class EquipmentModelForm(forms.ModelForm):
    class Meta:
        model = EquipmentModel
        fields = [
            "code",
            "name",
            "family",
            "rated_power_kw",
            "frequency_min_khz",
            "frequency_max_khz",
            "default_warranty_months",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class ContractForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Covered units"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contract
        fields = [
            "number",
            "kind",
            "starts_on",
            "ends_on",
            "covers_labour",
            "covers_parts",
            "covers_travel",
            "price",
            "currency",
            "notes",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = customer.units.select_related("model")
        if self.instance.pk:
            self.initial["units"] = list(self.instance.units.values_list("pk", flat=True))

    def _post_clean(self):
        pass


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    family = forms.ChoiceField(
        label=_("Family"),
        required=False,
        choices=[("", _("All families")), *EquipmentModel.Family.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Unit.Status.choices]
    )
    warranty = forms.ChoiceField(
        label=_("Warranty"),
        required=False,
        choices=[
            ("", _("Any warranty")),
            ("in", _("In warranty")),
            ("expiring", _("Expires within 60 days")),
            ("expired", _("Warranty over")),
        ],
    )
    archived = forms.BooleanField(label=_("Show archived"), required=False)
    customer = IdField(required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    upload = forms.FileField(
        label=_("File"), help_text=_("PDF, .xlsx, .docx or DWG; at most 25 MB.")
    )
