from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from serviceloop.core.widgets import QuickSelect

from . import selectors, services
from .models import User


class StaffAccountForm(forms.ModelForm):
    """Create or edit a staff account; roles and offices offered are those `by` manages."""

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "email",
            "phone",
            "role",
            "office",
            "language",
            "time_zone",
        ]

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["role"].choices = [("", "---------"), *services.assignable_roles(by)]
        self.fields["office"].queryset = selectors.offices_for(by)
        self.fields["office"].required = not by.sees_all_offices
        if not by.sees_all_offices:
            self.fields["office"].initial = by.office_id
        if self.instance.pk:
            # The username is how people sign in and how the audit trail names them.
            self.fields["username"].disabled = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != User.Role.ADMIN and not cleaned.get("office"):
            self.add_error("office", _("Every user but an administrator works for an office."))
        return cleaned


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("All roles")), *User.Role.choices]
    )
    office = forms.IntegerField(label=_("Office"), required=False, widget=forms.Select)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].widget.choices = [("", _("All offices"))] + [
            (office.pk, office.name) for office in offices
        ]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "time_zone"]
        widgets = {"time_zone": QuickSelect}


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class PasswordResetForm(DjangoPasswordResetForm):
    """Also reaches accounts without a usable password (invited, or reset by a manager),
    so that someone who lost the first link can ask for another."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True).exclude(email="")

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # In the account holder's language, whatever the language of the page asking.
        with translation.override(context["user"].language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
