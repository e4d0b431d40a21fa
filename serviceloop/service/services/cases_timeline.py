"""The case's timeline (Saleor-style events): every service writes its lines through here.

It imports only the models, so any service (the SLA alerts included) can write the
timeline without importing the case moves.
"""

from typing import Any

from django.utils import timezone

from serviceloop.accounts.models import User

from ..models import Case, CaseEvent


def record(case: Case, kind: str, by: User | None, text: str = "", **data: Any) -> None:
    """Writes one line of the case's timeline."""
    CaseEvent.objects.create(
        case=case, kind=kind, actor=by, at=timezone.now(), text=text, data=data
    )
