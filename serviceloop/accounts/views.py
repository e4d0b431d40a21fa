from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import add_refusal
from serviceloop.core.history import history_entries

from . import selectors, services
from .forms import (
    EDITABLE_STAFF_FIELDS,
    LanguageForm,
    LoginForm,
    PasswordResetForm,
    PreferencesForm,
    StaffAccountForm,
    StaffFilterForm,
)
from .permissions import (
    STAFF_MANAGING_ROLES,
    STAFF_VIEWING_ROLES,
    read_only_roles_may_post,
    role_required,
)

# --- Signing in and out, passwords -------------------------------------------------------


class LoginView(auth_views.LoginView):
    def get_default_redirect_url(self):
        """Each role lands where its day starts (settings.LANDING_PAGES)."""
        role = getattr(self.request.user, "role", "")
        return resolve_url(settings.LANDING_PAGES.get(role, settings.LOGIN_REDIRECT_URL))


login = LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout = read_only_roles_may_post(auth_views.LogoutView.as_view())
password_change = read_only_roles_may_post(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:password_change_done"),
    )
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
password_reset = auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/emails/password_reset_body.txt",
    subject_template_name="accounts/emails/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever holds the e-mailed link has proved who they are: lift any lockout.
        response = super().form_valid(form)
        services.unlock_sign_in(user=form.user)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- One's own preferences -----------------------------------------------------------------


@require_POST
@read_only_roles_may_post
def set_language(request):
    """One click: the language is kept on the user (any browser) and in a cookie."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("core:home")
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.set_preferences(user=request.user, language=language)
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@login_required
@read_only_roles_may_post
def preferences(request):
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_preferences(
                user=request.user,
                language=form.cleaned_data["language"],
                time_zone=form.cleaned_data["time_zone"],
            )
        except ValidationError as error:
            add_refusal(form, error)
        else:
            translation.activate(request.user.language)
            messages.success(request, _("Your preferences were saved."))
            return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


# --- Staff accounts, kept by managers --------------------------------------------------------


@vary_on_headers("HX-Request")
@role_required(*STAFF_VIEWING_ROLES)
def staff_list(request):
    offices = selectors.offices_for(request.user)
    filters = StaffFilterForm(request.GET or None, offices=offices)
    accounts = selectors.staff_for(request.user)
    if filters.is_valid():
        accounts = selectors.search_staff(
            accounts,
            text=filters.cleaned_data["q"],
            role=filters.cleaned_data["role"],
            office_id=filters.cleaned_data["office"],
        )
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    template = "accounts/staff_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#staff_rows"
    can_manage = request.user.role in STAFF_MANAGING_ROLES
    return render(request, template, {"page": page, "filters": filters, "can_manage": can_manage})


@role_required(*STAFF_MANAGING_ROLES)
@submitted_once
def staff_create(request):
    form = StaffAccountForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_staff_account(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(
                request,
                _("Account created. %(name)s will get an e-mail to set a password.")
                % {"name": user.full_name},
            )
            return redirect("accounts:staff_edit", pk=user.pk)
    return render(request, "accounts/staff_form.html", {"form": form})


@role_required(*STAFF_MANAGING_ROLES)
def staff_edit(request, pk: int):
    account = selectors.staff_member_for(request.user, pk)
    form = StaffAccountForm(request.POST or None, instance=account, by=request.user)
    if request.method == "POST" and form.is_valid():
        changes = {field: form.cleaned_data[field] for field in EDITABLE_STAFF_FIELDS}
        try:
            services.update_staff_account(by=request.user, user=account, **changes)
        except ValidationError as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The account was saved."))
            return redirect("accounts:staff_edit", pk=account.pk)
    context = {"form": form, "account": account, "history": history_entries(account)}
    return render(request, "accounts/staff_form.html", context)


def _staff_action(request, pk: int, action, done_message: str):
    account = selectors.staff_member_for(request.user, pk)
    try:
        action(by=request.user, user=account)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done_message % {"name": account.full_name})
    return redirect("accounts:staff_edit", pk=account.pk)


@require_POST
@role_required(*STAFF_MANAGING_ROLES)
def staff_deactivate(request, pk: int):
    return _staff_action(
        request, pk, services.deactivate_account, _("%(name)s can no longer sign in.")
    )


@require_POST
@role_required(*STAFF_MANAGING_ROLES)
def staff_reactivate(request, pk: int):
    return _staff_action(request, pk, services.reactivate_account, _("%(name)s can sign in again."))


@require_POST
@role_required(*STAFF_MANAGING_ROLES)
def staff_reset_password(request, pk: int):
    return _staff_action(
        request,
        pk,
        services.reset_password,
        _("The password of %(name)s was voided and a link to set a new one sent."),
    )


@login_required
def notifications(request):
    items = request.user.notifications.all()[:100]
    return render(request, "accounts/notifications.html", {"items": items})


@require_POST
@login_required
@read_only_roles_may_post
def notifications_read(request):
    services.mark_notifications_read(user=request.user)
    return redirect("accounts:notifications")
