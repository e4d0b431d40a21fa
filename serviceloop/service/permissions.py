"""Who may use the service pages (DOMAIN.md's role table); the menu reads the same sets.

Records of another office answer 404 from the selectors. What a user may do to one case
depends on what the user is to it (its assignee, coordinator or manager: the actors of
services/cases_transitions.py); the sets of actors at the end say who does what on a case.
"""

from serviceloop.accounts.models import Role

from .services.cases_transitions import ASSIGNEE, COORDINATOR, MANAGER, VISITING_ENGINEER

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
# Who opens a complaint heard on a call, in an e-mail, on a visit or read in a survey
# answer: the office's service staff, and an account manager for its own customers (the
# complaint is one of the customer's interactions). Who works it through: COMPLAINT_ROLES
# in services/feedback.py.
COMPLAINT_OPENERS = DISPATCHING_ROLES | {Role.ACCOUNT_MANAGER}
# Who reads complaints: the dispatchers and HQ (every one of their scope), an account
# manager those of its own customers (selectors.feedback.complaints_for).
COMPLAINT_READERS = DISPATCH_BOARD_ROLES | {Role.ACCOUNT_MANAGER}
# Who reads the customers' feedback answers (售后服务质量反馈表): the office's service staff
# and account managers (their customers' cases), and headquarters only the answers of
# contacts who agreed to be read abroad (selectors/feedback.py). An engineer learns the
# overall score of his case from its timeline, not the comments about him.
FEEDBACK_READERS = frozenset(
    {Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ACCOUNT_MANAGER, Role.HQ}
)
# The engineer's own day; checking in and out of a visit.
ENGINEER_DAY_ROLES = frozenset({Role.ENGINEER})
VISITING_ROLES = frozenset({Role.ENGINEER, Role.ADMIN})
# The office settings (calendar, SLA policies, engineers, charge rates): HQ reads them.
SETTINGS_VIEWING_ROLES = frozenset({Role.ADMIN, Role.MANAGER, Role.HQ})
SETTINGS_KEEPING_ROLES = frozenset({Role.ADMIN, Role.MANAGER})

# What a user must be to one case (services/cases_transitions.py's actors) to act on it.
QUOTE_WRITERS = frozenset({COORDINATOR, MANAGER, ASSIGNEE, VISITING_ENGINEER})
RECORDERS = frozenset({COORDINATOR, MANAGER})  # who records a customer's purchase order
DIAGNOSING = frozenset({ASSIGNEE, COORDINATOR, MANAGER})
