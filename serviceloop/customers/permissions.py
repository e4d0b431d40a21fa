"""Who may see and change the customer archive (DOMAIN.md's role table)."""

from serviceloop.accounts.models import Role, User

from .models import Customer

# Roles that see all customers of their office (admin and HQ: of every office).
CUSTOMER_VIEWING_ROLES = frozenset(
    {Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.ACCOUNT_MANAGER, Role.HQ}
)
# Roles that change any customer they see; an account manager changes only its own.
CUSTOMER_EDITING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR})
CUSTOMER_CREATING_ROLES = CUSTOMER_EDITING_ROLES | {Role.ACCOUNT_MANAGER}
IMPORTING_ROLES = CUSTOMER_EDITING_ROLES
MERGING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})


def may_edit_customer(user: User, customer: Customer) -> bool:
    """Also covers the customer's sites, contacts and interactions."""
    if user.role in CUSTOMER_EDITING_ROLES:
        return True
    return user.role == Role.ACCOUNT_MANAGER and customer.account_manager_id == user.pk
