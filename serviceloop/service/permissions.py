"""Who may use the service pages (DOMAIN.md's role table); the menu reads the same sets.

Records of another office answer 404 from the selectors; what a user may do to one case
(as its assignee, coordinator or manager) is transitions.py's actors, not a role set.
"""

from serviceloop.accounts.models import Role

# Who sees every case of its office (admin and HQ: of every office).
CASE_VIEWING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER, Role.HQ})
# Who has a case list at all: an account manager sees its customers' cases, a warehouse
# clerk the cases waiting for parts.
CASE_LIST_ROLES = CASE_VIEWING_ROLES | {Role.ACCOUNT_MANAGER, Role.WAREHOUSE}
CASE_OPENING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ENGINEER})
# Who runs the office's cases: plans visits and closes cases.
DISPATCHING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR})
# The dispatch board and the complaints: who dispatches, and headquarters reading.
DISPATCH_BOARD_ROLES = DISPATCHING_ROLES | {Role.HQ}
# The engineer's own day; checking in and out of a visit.
ENGINEER_DAY_ROLES = frozenset({Role.ENGINEER})
VISITING_ROLES = frozenset({Role.ENGINEER, Role.ADMIN})
# The office settings (calendar, SLA policies, engineers, charge rates): HQ reads them.
SETTINGS_VIEWING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.HQ})
SETTINGS_KEEPING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})
