"""What every service page shares: who may see the pages, and how a refusal is told."""

from django.utils.translation import gettext as _

from serviceloop.accounts.models import Role
from serviceloop.accounts.permissions import role_required
from serviceloop.core.forms import tell_refused as refused

from ..services.cases import OPENING_ROLES

case_viewers = role_required(
    Role.ADMIN,
    Role.MANAGER,
    Role.COORDINATOR,
    Role.ENGINEER,
    Role.HQ,
    Role.ACCOUNT_MANAGER,
    Role.WAREHOUSE,
)
case_openers = role_required(*OPENING_ROLES)
settings_readers = role_required(Role.ADMIN, Role.MANAGER, Role.HQ)


def tell_refused(request, error: Exception) -> None:
    refused(request, error, fallback=_("You may not take this step on this case."))
