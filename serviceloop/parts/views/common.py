"""What the parts views share: who may open which page, and how a refusal is told."""

from django.utils.translation import gettext as _

from serviceloop.accounts.permissions import role_required
from serviceloop.core.forms import tell_refused as refused

from .. import permissions

stock_viewers = role_required(*permissions.STOCK_VIEWERS)
catalogue_viewers = role_required(*permissions.CATALOGUE_VIEWERS)
catalogue_editors = role_required(*permissions.CATALOGUE_EDITORS)
stock_keepers = role_required(*permissions.STOCK_KEEPERS)
reservers = role_required(*permissions.RESERVERS)
order_viewers = role_required(*permissions.ORDER_VIEWERS)
order_writers = role_required(*permissions.ORDER_WRITERS)
order_suppliers = role_required(*permissions.ORDER_SUPPLIERS)


def tell_refused(request, error: Exception) -> None:
    refused(request, error, fallback=_("You may not do this here."))
