"""What every service page shares: who may see the pages, and how a refusal is told."""

from django.utils.translation import gettext as _

from serviceloop.accounts.permissions import role_required
from serviceloop.core.forms import tell_refused as refused

from .. import permissions

case_viewers = role_required(*permissions.CASE_LIST_ROLES)
case_openers = role_required(*permissions.CASE_OPENING_ROLES)
settings_readers = role_required(*permissions.SETTINGS_VIEWING_ROLES)
settings_keepers = role_required(*permissions.SETTINGS_KEEPING_ROLES)
dispatchers = role_required(*permissions.DISPATCHING_ROLES)
dispatch_board_readers = role_required(*permissions.DISPATCH_BOARD_ROLES)


def tell_refused(request, error: Exception) -> None:
    refused(request, error, fallback=_("You may not take this step on this case."))
