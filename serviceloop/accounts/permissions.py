"""Who may use which page, and whose account a manager may keep.

A page a role may not use at all answers 403 (PermissionDenied); records of another
office or customer answer 404, which is the selectors' job, not this module's.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .models import Office, Role, User

STAFF_ROLES = frozenset(role for role in Role if role != Role.CUSTOMER)
STAFF_MANAGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
STAFF_VIEWING_ROLES = STAFF_MANAGING_ROLES | {Role.HQ}

# A manager keeps the accounts of its own office's team. Managers, administrators and
# headquarters are kept by an administrator (so no manager can take over a peer's
# account through its e-mail address); customer users come with their customer's
# portal access.
ROLES_A_MANAGER_KEEPS = frozenset(
    {Role.COORDINATOR, Role.ENGINEER, Role.WAREHOUSE, Role.ACCOUNT_MANAGER}
)


def roles_kept_by(user: User) -> frozenset[str]:
    if user.role == Role.ADMIN:
        return STAFF_ROLES
    if user.role == Role.MANAGER:
        return ROLES_A_MANAGER_KEEPS
    return frozenset()


def may_keep_account(by: User, *, role: str, office: Office | None) -> bool:
    """Whether `by` may create, edit, deactivate or reset an account of this role and office."""
    if role not in roles_kept_by(by):
        return False
    return by.role == Role.ADMIN or (office is not None and office.pk == by.office_id)


def role_required(*roles: str) -> Callable:
    """Signed-in users of the given roles only; anyone else signed in gets 403."""
    allowed = frozenset(roles)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.user.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapper)

    return decorator


def staff_required(view: Callable) -> Callable:
    return role_required(*STAFF_ROLES)(view)


def customer_required(view: Callable) -> Callable:
    return role_required(Role.CUSTOMER)(view)


def read_only_roles_may_post(view: Callable) -> Callable:
    """Marks a view whose POSTs headquarters may send: its own password and preferences.

    Everything else HQ sends that changes state is refused by ReadOnlyRoleMiddleware.
    """
    view.read_only_roles_may_post = True  # type: ignore[attr-defined]
    return view
