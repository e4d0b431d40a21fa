"""Office settings pages: the calendar, the SLA policies and the engineers' profiles."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through

from ..forms import CalendarDayForm, CertificationForm, EngineerProfileForm, SlaTargetsForm
from ..permissions import SETTINGS_KEEPING_ROLES
from ..selectors import settings as selectors
from ..services import settings as settings_services
from .common import settings_keepers, settings_readers


@settings_readers
def calendar_days(request):
    """The office calendar's exceptions: days off and 调休 make-up working days."""
    form = CalendarDayForm(request.POST or None)
    saved = save_through(
        form,
        request,
        lambda data: settings_services.set_calendar_day(by=request.user, **data),
        _("The calendar was saved."),
    )
    if saved:
        return redirect("service:calendar_days")
    days = selectors.calendar_days_for(request.user)[:200]
    context = {
        "form": form,
        "days": days,
        "may_keep": request.user.role in SETTINGS_KEEPING_ROLES,
    }
    return render(request, "service/calendar_days.html", context)


@require_POST
@settings_keepers
def calendar_day_remove(request, pk: int):
    entry = selectors.calendar_day_for(request.user, pk)
    settings_services.remove_calendar_day(by=request.user, entry=entry)
    return redirect("service:calendar_days")


@settings_readers
def sla_policies(request):
    policies = selectors.sla_policies_for(request.user)
    context = {"policies": policies, "may_keep": request.user.role in SETTINGS_KEEPING_ROLES}
    return render(request, "service/sla_policies.html", context)


@settings_keepers
def sla_policy_edit(request, pk: int):
    policy = selectors.sla_policy_for(request.user, pk)
    initial = {
        "first_response_hours": policy.first_response_hours,
        "on_site_hours": policy.on_site_hours,
        "restore_hours": policy.restore_hours,
        "business_hours": policy.business_hours,
    }
    form = SlaTargetsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        settings_services.set_sla_targets(by=request.user, policy=policy, **form.cleaned_data)
        messages.success(
            request, _("The SLA targets were saved; they apply to cases opened from now on.")
        )
        return redirect("service:sla_policies")
    return render(request, "service/sla_policy_form.html", {"form": form, "policy": policy})


@settings_readers
def engineers(request):
    people = selectors.engineers_for(request.user)
    context = {
        "people": people,
        "today": timezone.localdate(),
        "may_keep": request.user.role in SETTINGS_KEEPING_ROLES,
    }
    return render(request, "service/engineers.html", context)


@settings_keepers
@submitted_once
def engineer_edit(request, pk: int):
    engineer = selectors.engineer_for(request.user, pk)
    profile = getattr(engineer, "engineer_profile", None)
    initial = {"home_base": profile.home_base, "languages": profile.languages} if profile else {}
    if profile:
        initial |= {f"skill_{s.family}": s.level for s in profile.skills.all()}
    form = EngineerProfileForm(request.POST or None, initial=initial)
    certificate = CertificationForm(request.POST or None, prefix="cert")
    if not _adds_certificate(certificate):
        certificate = CertificationForm(prefix="cert")
    # A certificate typed but refused keeps the whole page back: nothing is saved.
    if form.is_valid() and (not certificate.is_bound or certificate.is_valid()):
        settings_services.save_engineer_profile(
            by=request.user,
            engineer=engineer,
            home_base=form.cleaned_data["home_base"],
            languages=form.cleaned_data["languages"],
            skills=form.skills(),
        )
        if certificate.is_bound:
            settings_services.add_certification(
                by=request.user, engineer=engineer, **certificate.cleaned_data
            )
        messages.success(request, _("The engineer's profile was saved."))
        return redirect("service:engineers")
    context = {"form": form, "certificate": certificate, "engineer": engineer}
    return render(request, "service/engineer_form.html", context)


def _adds_certificate(certificate: CertificationForm) -> bool:
    """Whether any of the certificate's fields was filled in (it is optional as a whole)."""
    return certificate.is_bound and any(
        certificate[name].value() not in (None, "") for name in certificate.fields
    )
