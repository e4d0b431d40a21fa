"""Campaign pages: the list with response rates, a new campaign with its audience counted,
the campaign's page (its rate refreshed live), launch and close."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from serviceloop.accounts.permissions import role_required
from serviceloop.core.form_keys import submitted_once
from serviceloop.core.forms import add_refusal, tell_refused

from ..forms.campaigns import CampaignForm
from ..models import Campaign
from ..permissions import ANSWER_READERS, SURVEY_DESIGNERS
from ..selectors import campaigns as selectors
from ..services import campaigns as services
from .common import survey_designers

# Who reads a campaign's progress: its designers and the answers' readers.
campaign_readers = role_required(*(SURVEY_DESIGNERS | ANSWER_READERS))
# How often the campaign page asks for its figures while the campaign runs.
POLL_SECONDS = 5


@campaign_readers
def campaign_list(request):
    campaigns = selectors.campaigns_for(request.user)
    context = {
        "page": Paginator(campaigns, 50).get_page(request.GET.get("page")),
        "may_design": request.user.role in SURVEY_DESIGNERS,
    }
    return render(request, "surveys/campaign_list.html", context)


@survey_designers
@submitted_once
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    count = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                by=request.user,
                version=data["version"],
                name=data["name"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
                audience=form.audience(),
            )
        except (ValidationError, PermissionDenied) as error:
            add_refusal(form, error)
        else:
            messages.success(request, _("The campaign is saved; check it and launch it."))
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    if form.is_bound and form.is_valid():
        count = selectors.audience(form.audience(), request.user.office).count()
    context = {"form": form, "count": count}
    return render(request, "surveys/campaign_form.html", context)


@survey_designers
def campaign_audience(request):
    """The audience's size for the filters being chosen (the form asks as they change)."""
    form = CampaignForm(request.GET, user=request.user)
    form.fields["version"].required = False
    form.fields["name"].required = False
    count = None
    if form.is_valid() and request.user.office is not None:
        count = selectors.audience(form.audience(), request.user.office).count()
    return render(request, "surveys/campaign_audience.html", {"count": count})


@campaign_readers
def campaign_detail(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    designer = request.user.role in SURVEY_DESIGNERS and not request.user.is_read_only
    draft = campaign.state == Campaign.State.DRAFT
    context = {
        "campaign": campaign,
        "rate": selectors.rate_of(campaign),
        "audience_count": selectors.audience(campaign.audience, campaign.office).count()
        if draft
        else None,
        "respondents": selectors.respondents(campaign, request.user),
        "may_launch": designer and draft,
        "may_close": designer and campaign.state != Campaign.State.CLOSED,
        "poll_seconds": POLL_SECONDS,
        "filters": selectors.describe_audience(campaign.audience),
    }
    return render(request, "surveys/campaign_detail.html", context)


@campaign_readers
def campaign_rate(request, pk: int):
    """The campaign's figures alone: what the campaign page polls while it runs."""
    campaign = selectors.campaign_for(request.user, pk)
    context = {
        "campaign": campaign,
        "rate": selectors.rate_of(campaign),
        "respondents": selectors.respondents(campaign, request.user),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, "surveys/campaign_rate.html", context)


@require_POST
@survey_designers
def campaign_launch(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    try:
        invited = services.launch(campaign, request.user)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error, fallback=_("The campaign was not launched."))
    else:
        messages.success(
            request, _("The campaign is running: %(count)s invitations sent.") % {"count": invited}
        )
    return redirect("surveys:campaign_detail", pk=campaign.pk)


@require_POST
@survey_designers
def campaign_close(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk)
    try:
        services.close(campaign, request.user)
    except (ValidationError, PermissionDenied) as error:
        tell_refused(request, error, fallback=_("The campaign was not closed."))
    else:
        messages.success(request, _("The campaign is closed: its links take no more answers."))
    return redirect("surveys:campaign_detail", pk=campaign.pk)
