"""Office working calendars: which days are worked and when the office opens and closes.

Pure Python, no database: the SLA clocks (`sla_clocks.py`) read a `WorkingCalendar` built
from an office's time zone, its country's public holidays and the make-up working days of
调休 (weekend days that are worked to bridge a holiday). Times of day are local wall-clock
times in the office's zone; `working_hours_on` turns them into aware datetimes, so daylight
saving time is the zone database's business, not ours.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from holidays import country_holidays

DEFAULT_DAY_START = time(8, 30)
DEFAULT_DAY_END = time(17, 30)
MONDAY_TO_FRIDAY = frozenset(range(5))


@dataclass(frozen=True)
class WorkingCalendar:
    """The working days and daily opening hours of one office, in its own time zone.

    A day is worked when it is a make-up day, or when it is one of `working_weekdays` and
    not a holiday. Make-up days win over everything, so a hand-entered make-up day also
    corrects a holiday the `holidays` package guessed wrongly.
    """

    time_zone: str
    day_start: time = DEFAULT_DAY_START
    day_end: time = DEFAULT_DAY_END
    working_weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    holidays: frozenset[date] = frozenset()
    make_up_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        """Refuse an unknown zone, a day that ends before it starts or a week without work."""
        ZoneInfo(self.time_zone)  # raises ZoneInfoNotFoundError for unknown names
        if self.day_start.tzinfo is not None or self.day_end.tzinfo is not None:
            raise ValueError("day_start and day_end are local times without a time zone.")
        if self.day_end <= self.day_start:
            raise ValueError(
                "day_end must be after day_start (overnight shifts are not supported)."
            )
        if not self.working_weekdays or not self.working_weekdays <= set(range(7)):
            raise ValueError("working_weekdays must be a non-empty set of 0 (Monday) to 6.")

    @property
    def zone(self) -> ZoneInfo:
        """The office's time zone (ZoneInfo caches instances, so this is cheap)."""
        return ZoneInfo(self.time_zone)

    def is_working_day(self, day: date) -> bool:
        """Make-up days are worked; otherwise working weekdays are, unless they are holidays."""
        if day in self.make_up_days:
            return True
        return day.weekday() in self.working_weekdays and day not in self.holidays

    def working_hours_on(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing of `day`, aware, in the office's zone; None on days off."""
        if not self.is_working_day(day):
            return None
        zone = self.zone
        return (
            datetime.combine(day, self.day_start, tzinfo=zone),
            datetime.combine(day, self.day_end, tzinfo=zone),
        )


def public_holidays(
    country: str, years: Iterable[int], *, subdiv: str | None = None
) -> frozenset[date]:
    """Days off of `country` ("CN", "ES") in `years`, including moved rest days of 调休.

    `subdiv` adds regional holidays ("MD" for the Community of Madrid). For years the
    government has not yet published (or the installed package predates), the package
    applies its standing rules: the dates are an estimate the office manager may correct.
    """
    return frozenset(country_holidays(country, subdiv=subdiv, years=list(years)))


def public_make_up_days(
    country: str, years: Iterable[int], *, subdiv: str | None = None
) -> frozenset[date]:
    """Weekend days `country` declared working days (调休) in `years`, as the package knows them.

    The `holidays` package exposes them as `weekend_workdays` for China; countries without
    调休 (Spain) have none. They appear only once the State Council has published the year's
    arrangement (usually in November for the next year) and a package release includes it;
    until then the office manager enters make-up days by hand (`calendar_for(make_up_days=)`).
    """
    wanted = set(years)
    known = country_holidays(country, subdiv=subdiv, years=sorted(wanted)).weekend_workdays
    # The package keeps a few make-up days of other years in every instance: filter by year.
    return frozenset(day for day in known if day.year in wanted)


def calendar_for(
    *,
    time_zone: str,
    country: str,
    years: Iterable[int],
    subdiv: str | None = None,
    extra_holidays: Iterable[date] = (),
    make_up_days: Iterable[date] = (),
    day_start: time = DEFAULT_DAY_START,
    day_end: time = DEFAULT_DAY_END,
    working_weekdays: Iterable[int] = MONDAY_TO_FRIDAY,
) -> WorkingCalendar:
    """An office calendar: the country's holidays and make-up days plus the ones entered by hand."""
    wanted = list(years)
    return WorkingCalendar(
        time_zone=time_zone,
        day_start=day_start,
        day_end=day_end,
        working_weekdays=frozenset(working_weekdays),
        holidays=public_holidays(country, wanted, subdiv=subdiv) | frozenset(extra_holidays),
        make_up_days=public_make_up_days(country, wanted, subdiv=subdiv) | frozenset(make_up_days),
    )
