"""When the demo's campaigns ran: the office surveys its customers every spring and autumn.

Dates are counted back from the day the demo is loaded, as the demo cases are: the running
campaign opened about two weeks ago, the three before it closed in the last seasons, and
the next season's campaign waits as a draft. So the campaigns always sit among the cases
they are about, whatever the day.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from serviceloop.surveys.models import Campaign

State = Campaign.State
# The demo office's time zone (demo/accounts.py).
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
# Spring and autumn campaigns open on these days (month, day) and run four weeks.
SEASONS = ((4, 15), (10, 15))
RUNS = timedelta(days=28)
PAST = 3
RUNNING_OPENED = timedelta(days=16)
RUNNING_CLOSES = timedelta(days=14)


@dataclass(frozen=True)
class CampaignPlan:
    name: str
    state: str
    opens_on: date
    closes_on: date
    created_at: datetime
    launched_at: datetime | None
    closed_at: datetime | None
    # 0 for the oldest campaign, up to PAST for the running one: spare parts get better.
    order: int
    # Of the contacts invited, how many would answer by the close (the running one: not
    # all of them have yet).
    answers: float

    @property
    def expires_at(self) -> datetime:
        """Links work to the end of the closing day (services.campaigns._expiry)."""
        return datetime.combine(self.closes_on + timedelta(days=1), time.min, tzinfo=ZONE)


def _half(day: date) -> tuple[int, int]:
    return day.year, 0 if day.month <= 6 else 1


def _step(half: tuple[int, int], by: int) -> tuple[int, int]:
    index = half[0] * 2 + half[1] + by
    return index // 2, index % 2


def _name(half: tuple[int, int]) -> str:
    season = ("春季", "秋季")[half[1]]
    return f"{half[0]} 年{season}客户满意度调查"


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    # In UTC, as the database gives it back: a link's token is derived from `launched_at`
    # written out (services.campaigns.invitation_token).
    return datetime.combine(day, time(hour, minute), tzinfo=ZONE).astimezone(UTC)


def plan(now: datetime) -> list[CampaignPlan]:
    """The campaigns oldest first: three closed, one running, one draft."""
    today = now.astimezone(ZONE).date()
    running_opens = today - RUNNING_OPENED
    running_half = _half(running_opens)
    plans = []
    rates = (0.55, 0.6, 0.63)
    for order, back in enumerate(range(PAST, 0, -1)):
        half = _step(running_half, -back)
        opens = date(half[0], *SEASONS[half[1]])
        closes = opens + RUNS
        plans.append(
            CampaignPlan(
                name=_name(half),
                state=State.CLOSED,
                opens_on=opens,
                closes_on=closes,
                created_at=at_local(opens - timedelta(days=9), 15, 20),
                launched_at=at_local(opens, 9, 30),
                closed_at=at_local(closes + timedelta(days=1), 9, 5),
                order=order,
                answers=rates[order],
            )
        )
    plans.append(
        CampaignPlan(
            name=_name(running_half),
            state=State.RUNNING,
            opens_on=running_opens,
            closes_on=today + RUNNING_CLOSES,
            created_at=at_local(running_opens - timedelta(days=6), 14, 10),
            launched_at=at_local(running_opens, 9, 30),
            closed_at=None,
            order=PAST,
            answers=0.44,
        )
    )
    draft_half = _step(running_half, 1)
    draft_opens = date(draft_half[0], *SEASONS[draft_half[1]])
    plans.append(
        CampaignPlan(
            name=_name(draft_half),
            state=State.DRAFT,
            opens_on=draft_opens,
            closes_on=draft_opens + RUNS,
            created_at=now - timedelta(days=2, hours=3),
            launched_at=None,
            closed_at=None,
            order=PAST + 1,
            answers=0.0,
        )
    )
    return plans
