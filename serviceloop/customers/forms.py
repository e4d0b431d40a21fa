from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.selectors import offices_for
from serviceloop.core.widgets import IsoDateInput

from . import selectors
from .models import Contact, Customer, Division, Interaction, Site


class DivisionFieldsMixin:
    """Province → city → district selects offering only the children of the level above,
    so a page never renders the ~3,000 districts of China."""

    def _limit_divisions(self) -> None:
        province = self._chosen("province")
        city = self._chosen("city")
        self.fields["province"].queryset = selectors.provinces()
        self.fields["city"].queryset = (
            selectors.divisions_under(province) if province else Division.objects.none()
        )
        self.fields["district"].queryset = (
            selectors.divisions_under(city) if city else Division.objects.none()
        )
        for name, target in (("province", "city"), ("city", "district")):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": reverse("customers:division_options"),
                    "hx-target": f"#id_{target}",
                    "hx-trigger": "change",
                    "hx-include": "this",
                }
            )

    def _chosen(self, name: str) -> str | None:
        if self.is_bound:
            return self.data.get(self.add_prefix(name)) or None
        value = self.initial.get(name) or getattr(self.instance, f"{name}_id", None)
        return str(value) if value else None


class CustomerForm(DivisionFieldsMixin, forms.ModelForm):
    class Meta:
        model = Customer
        fields = [
            "code",
            "name_zh",
            "name_en",
            "credit_code",
            "parent",
            "industry",
            "main_products",
            "grade",
            "status",
            "province",
            "city",
            "district",
            "address",
            "account_manager",
            "customer_since",
            "invoice_title",
            "invoice_address",
            "invoice_phone",
            "invoice_bank",
            "invoice_account",
            "notes",
        ]
        widgets = {
            "customer_since": IsoDateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_divisions()
        others = selectors.customers_for(by).filter(archived_at__isnull=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = others
        self.fields["account_manager"].queryset = selectors.account_managers_for(by)
        if by.role == Role.ACCOUNT_MANAGER:
            # Who looks after a customer is the coordinator's or the manager's call.
            self.fields["account_manager"].disabled = True
        if by.role == Role.ADMIN and not self.instance.pk:
            self.fields["office"] = forms.ModelChoiceField(
                label=_("Office"), queryset=offices_for(by), initial=by.office_id
            )

    def _post_clean(self):
        # Validation of the row happens in the service, on the stored record.
        pass


class SiteForm(DivisionFieldsMixin, forms.ModelForm):
    class Meta:
        model = Site
        fields = [
            "code",
            "name",
            "province",
            "city",
            "district",
            "address",
            "latitude",
            "longitude",
            "access_notes",
            "working_hours",
        ]
        widgets = {"access_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_divisions()

    def _post_clean(self):
        pass


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = [
            "full_name",
            "position",
            "department",
            "site",
            "mobile",
            "landline",
            "email",
            "wechat",
            "language",
            "consents_to_surveys",
            "consents_to_transfer_abroad",
        ]

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = customer.sites.filter(archived_at__isnull=True)
        for name in ("mobile", "landline"):
            self.fields[name].widget.input_type = "tel"

    def _post_clean(self):
        pass


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = [
            "kind",
            "opportunity",
            "contact",
            "happened_on",
            "summary",
            "details",
            "follow_up_on",
        ]
        widgets = {
            "happened_on": IsoDateInput(),
            "follow_up_on": IsoDateInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, customer: Customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = customer.contacts.filter(archived_at__isnull=True)

    def _post_clean(self):
        pass


class CustomerFilterForm(forms.Form):
    SORTS = {
        "code": "code",
        "-code": "-code",
        "name": "name_zh",
        "-name": "-name_zh",
        "since": "customer_since",
        "-since": "-customer_since",
    }
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Customer.Status.choices],
    )
    grade = forms.ChoiceField(
        label=_("Grade"), required=False, choices=[("", _("All grades")), *Customer.Grade.choices]
    )
    industry = forms.ChoiceField(
        label=_("Industry"),
        required=False,
        choices=[("", _("All industries")), *Customer.Industry.choices],
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Division.objects.none(),
        empty_label=_("All provinces"),
    )
    mine = forms.BooleanField(label=_("Only my customers"), required=False)
    archived = forms.BooleanField(label=_("Show archived"), required=False)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = selectors.provinces()

    def apply(self, customers, user):
        data = self.cleaned_data
        customers = selectors.search_customers(customers, data["q"])
        for field in ("status", "grade", "industry", "province"):
            if data[field]:
                customers = customers.filter(**{field: data[field]})
        if data["mine"]:
            customers = customers.filter(account_manager=user)
        if not data["archived"]:
            customers = customers.filter(archived_at__isnull=True)
        return customers.order_by(self.SORTS.get(data["sort"] or "code", "code"), "pk")


class MergeForm(forms.Form):
    survivor = forms.ModelChoiceField(
        label=_("Keep this customer"), queryset=Customer.objects.none()
    )
    confirm = forms.BooleanField(
        label=_("I understand: everything of the duplicate moves to the kept customer.")
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = choices
