from serviceloop.accounts.models import Role

# Seeing units follows seeing customers (customers.permissions.CUSTOMER_VIEWING_ROLES).
UNIT_EDITING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR})
CATALOGUE_EDITING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
CONTRACT_EDITING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
