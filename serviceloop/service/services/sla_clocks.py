"""SLA clock arithmetic: working time (an office calendar) or calendar time (24/7).

Pure Python, no database. Every function takes aware datetimes and returns UTC ones:
arithmetic happens in UTC, because subtracting two aware datetimes that share a tzinfo
compares wall clocks and is wrong across a daylight-saving change. Working periods are
walked day by day, never minute by minute, so 200 working hours cost about 30 steps.

Time in an interval is counted over [start, end); an empty or reversed interval counts
zero. `elapsed` and `deadline` take `calendar=None` for 24/7 policies, so the caller picks
the policy's kind of time by passing the office calendar or not.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from .sla_calendar import WorkingCalendar

ZERO = timedelta(0)

Pause = tuple[datetime, datetime | None]


def _utc(moment: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are refused (their zone would be a guess)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Expected an aware datetime, got naive {moment!r}.")
    return moment.astimezone(UTC)


def _working_periods(
    calendar: WorkingCalendar, since: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Opening and closing (UTC) of each working day closing after `since`, in order, forever."""
    day = since.astimezone(calendar.zone).date()
    while True:
        hours = calendar.working_hours_on(day)
        if hours is not None:
            opening, closing = _utc(hours[0]), _utc(hours[1])
            if closing > since:
                yield opening, closing
        day += timedelta(days=1)


def add_working_time(calendar: WorkingCalendar, start: datetime, duration: timedelta) -> datetime:
    """The earliest instant by which `duration` of working time has passed since `start`.

    Counting starts at the next opening when `start` is outside working hours; a duration
    that ends exactly at closing time ends then, not at the next opening.
    """
    if duration < ZERO:
        raise ValueError("duration must not be negative.")
    moment = _utc(start)
    if duration == ZERO:
        return moment
    remaining = duration
    for opening, closing in _working_periods(calendar, moment):
        begin = max(opening, moment)
        if remaining <= closing - begin:
            return begin + remaining
        remaining -= closing - begin
    raise AssertionError("unreachable: _working_periods never ends")  # pragma: no cover


def working_time_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """Working time inside [start, end); zero when end is not after start."""
    start, end = _utc(start), _utc(end)
    total = ZERO
    if end <= start:
        return total
    for opening, closing in _working_periods(calendar, start):
        if opening >= end:
            break
        total += min(closing, end) - max(opening, start)
    return total


def add_calendar_time(start: datetime, duration: timedelta) -> datetime:
    """The instant `duration` of real time after `start` (24/7 policies)."""
    if duration < ZERO:
        raise ValueError("duration must not be negative.")
    return _utc(start) + duration


def calendar_time_between(start: datetime, end: datetime) -> timedelta:
    """Real time inside [start, end); zero when end is not after start."""
    return max(_utc(end) - _utc(start), ZERO)


def _between(calendar: WorkingCalendar | None, start: datetime, end: datetime) -> timedelta:
    """Working time with a calendar, real time without one."""
    if calendar is None:
        return calendar_time_between(start, end)
    return working_time_between(calendar, start, end)


def _add(calendar: WorkingCalendar | None, start: datetime, duration: timedelta) -> datetime:
    """Add working time with a calendar, real time without one."""
    if calendar is None:
        return add_calendar_time(start, duration)
    return add_working_time(calendar, start, duration)


def _merged_pauses(
    pauses: Iterable[Pause], *, since: datetime, open_until: datetime | None
) -> list[tuple[datetime, datetime]]:
    """Pauses in UTC, clipped to start at `since`, sorted and merged where they overlap.

    An open pause (end None) ends at `open_until`; without one it is refused.
    """
    clipped = []
    for pause_start, pause_end in pauses:
        if pause_end is None:
            if open_until is None:
                raise ValueError("An open pause needs the moment it is counted until.")
            pause_end = open_until
        begin, finish = max(_utc(pause_start), since), _utc(pause_end)
        if finish > begin:
            clipped.append((begin, finish))
    merged: list[tuple[datetime, datetime]] = []
    for begin, finish in sorted(clipped):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], finish))
        else:
            merged.append((begin, finish))
    return merged


def elapsed(
    calendar: WorkingCalendar | None, start: datetime, end: datetime, pauses: Iterable[Pause]
) -> timedelta:
    """The clock's running time from `start` to `end`, less the time inside pauses.

    Working time with a calendar, real time with None. A pause still open (end None) lasts
    until `end`; the parts of pauses before `start` or after `end` do not count.
    """
    start, end = _utc(start), _utc(end)
    running = _between(calendar, start, end)
    for pause_start, pause_end in _merged_pauses(pauses, since=start, open_until=end):
        running -= _between(calendar, pause_start, min(pause_end, end))
    return running


def deadline(
    calendar: WorkingCalendar | None,
    start: datetime,
    target: timedelta,
    pauses: Iterable[Pause],
    *,
    now: datetime | None = None,
) -> datetime:
    """The instant the clock reaches `target`: each pause pushes it back by its working time.

    A pause still open (end None) is counted as ending at `now`, which is then required:
    the result is the deadline if the clock restarted now, and it moves while the pause
    lasts, so the caller shows the clock as "paused" rather than this moment as due.
    Pauses that start after the clock has reached the target do not move it.
    """
    if target < ZERO:
        raise ValueError("target must not be negative.")
    cursor = _utc(start)
    open_until = None if now is None else _utc(now)
    remaining = target
    for pause_start, pause_end in _merged_pauses(pauses, since=cursor, open_until=open_until):
        reached = _add(calendar, cursor, remaining)
        if reached <= pause_start:
            return reached
        remaining -= _between(calendar, cursor, pause_start)
        cursor = max(cursor, pause_end)
    return _add(calendar, cursor, remaining)
