"""What drives satisfaction in a campaign: the service figures beside the answers, with the
method and the numbers (selectors/drivers.py)."""

from django.shortcuts import render

from ..selectors.campaigns import campaign_for
from ..selectors.drivers import drivers
from .common import answer_readers


@answer_readers
def campaign_drivers(request, pk: int):
    campaign = campaign_for(request.user, pk)
    context = {"campaign": campaign, "result": drivers(campaign, request.user)}
    return render(request, "surveys/drivers.html", context)
