import unicodedata

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from serviceloop.core.ids import IdField
from serviceloop.core.links import absolute_url
from serviceloop.core.mail import send_in_language
from serviceloop.core.widgets import QuickSelect

from . import selectors
from .models import Role, User
from .permissions import roles_kept_by

EDITABLE_STAFF_FIELDS = ["full_name", "email", "phone", "role", "office", "language", "time_zone"]


class StaffAccountForm(forms.ModelForm):
    """Create or edit a staff account; roles and offices offered are those `by` keeps.

    It validates input only: it never copies values onto the account (the service judges
    rights on the stored row, then writes).
    """

    class Meta:
        model = User
        fields = ["username", *EDITABLE_STAFF_FIELDS]
        widgets = {"time_zone": QuickSelect}

    def __init__(self, *args, by: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["role"].choices = [
            ("", "---------"),
            *((value, label) for value, label in Role.choices if value in roles_kept_by(by)),
        ]
        self.fields["office"].queryset = selectors.offices_for(by)
        self.fields["office"].required = not by.sees_all_offices
        self.fields["time_zone"].required = False
        self.fields["time_zone"].choices = [
            ("", _("The office's time zone")),
            *self.fields["time_zone"].choices,
        ]
        if self.instance.pk:
            # The username is how people sign in and how the audit trail names them.
            self.fields["username"].disabled = True
        else:
            self.initial.setdefault("office", by.office_id)
            self.initial.setdefault("language", by.language)
            self.initial["time_zone"] = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") not in (None, Role.ADMIN) and not cleaned.get("office"):
            self.add_error("office", _("Every user but an administrator works for an office."))
        return cleaned

    def _post_clean(self):
        # No construct_instance(), no model validation here: the service does both.
        pass


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    office = IdField(label=_("Office"), required=False, widget=forms.Select)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            ("", _("All roles")),
            *((value, label) for value, label in Role.choices if value != Role.CUSTOMER),
        ]
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


class UsernameLengthChecked:
    """Django's sign-in forms with their username length enforced. Django sets `max_length`
    after the field is built, so nothing checked it: a 10,000-character name went on to the
    lockout records (varchar 255) and PostgreSQL answered with a server error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(UsernameLengthChecked, AuthenticationForm):
    pass


class AdminLoginForm(UsernameLengthChecked, AdminAuthenticationForm):
    pass


class PasswordResetForm(DjangoPasswordResetForm):
    """Also reaches accounts without a usable password (invited, or reset by a manager),
    so that someone who lost the first link can ask for another."""

    def get_users(self, email):
        candidates = User.objects.filter(email__iexact=email, is_active=True).exclude(email="")
        # As Django does: compare again after Unicode case folding, so that a look-alike
        # address cannot receive another account's link.
        folded = unicodedata.normalize("NFKC", email).casefold()
        return (
            user
            for user in candidates
            if unicodedata.normalize("NFKC", user.email).casefold() == folded
        )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs
    ):
        # In the account holder's language, whatever the language of the page asking; the
        # view names the templates accounts/emails/password_reset_subject.txt and _body.txt.
        # The link starts with SITE_URL, never with the Host the request claimed (core/links).
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        context = {**context, "reset_link": absolute_url(path)}
        send_in_language(
            to=to_email,
            language=context["user"].language,
            template=email_template_name.removesuffix("_body.txt"),
            context=context,
        )
