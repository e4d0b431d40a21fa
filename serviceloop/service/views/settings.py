"""Office settings pages: the calendar, the SLA policies and the engineers' profiles."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.accounts.models import Role, User
from serviceloop.accounts.permissions import role_required
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import save_through

from ..forms import CalendarDayForm, CertificationForm, EngineerProfileForm, SlaTargetsForm
from ..models import CalendarDay, SlaPolicy
from ..services import settings as settings_services
from .common import settings_readers


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
    days = CalendarDay.objects.filter(office_id=request.user.office_id).order_by("-day")[:200]
    context = {
        "form": form,
        "days": days,
        "may_keep": request.user.role in settings_services.KEEPERS,
    }
    return render(request, "service/calendar_days.html", context)


@require_POST
@role_required(Role.ADMIN, Role.MANAGER)
def calendar_day_remove(request, pk: int):
    entry = get_object_or_404(CalendarDay.objects.filter(office_id=request.user.office_id), pk=pk)
    settings_services.remove_calendar_day(by=request.user, entry=entry)
    return redirect("service:calendar_days")


@settings_readers
def sla_policies(request):
    policies = SlaPolicy.objects.filter(office_id=request.user.office_id)
    context = {"policies": policies, "may_keep": request.user.role in settings_services.KEEPERS}
    return render(request, "service/sla_policies.html", context)


@role_required(Role.ADMIN, Role.MANAGER)
def sla_policy_edit(request, pk: int):
    policy = get_object_or_404(SlaPolicy.objects.filter(office_id=request.user.office_id), pk=pk)
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
    people = (
        User.objects.filter(office_id=request.user.office_id, role=Role.ENGINEER)
        .select_related("engineer_profile")
        .prefetch_related("engineer_profile__skills", "engineer_profile__certifications")
    )
    context = {
        "people": people,
        "today": timezone.localdate(),
        "may_keep": request.user.role in settings_services.KEEPERS,
    }
    return render(request, "service/engineers.html", context)


@role_required(Role.ADMIN, Role.MANAGER)
@submitted_once
def engineer_edit(request, pk: int):
    engineer = get_object_or_404(
        User.objects.filter(office_id=request.user.office_id, role=Role.ENGINEER), pk=pk
    )
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
