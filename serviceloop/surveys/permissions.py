"""Who may use the survey pages (DOMAIN.md's role table; decision 0017).

Records of another office answer 404 from the selectors; this module decides roles.
"""

from serviceloop.accounts.models import Role

# The manager owns what the office asks its customers: questionnaires and campaigns.
SURVEY_DESIGNERS = frozenset({Role.ADMIN, Role.MANAGER})
# Who calls customers and types in the paper forms.
ANSWER_RECORDERS = frozenset({Role.ADMIN, Role.MANAGER, Role.COORDINATOR})
# Who reads answers: the office's service staff, and headquarters — only the answers of
# contacts who agreed to be read abroad (China's PIPL; selectors.responses).
ANSWER_READERS = frozenset(
    {Role.ADMIN, Role.MANAGER, Role.COORDINATOR, Role.ACCOUNT_MANAGER, Role.HQ}
)
