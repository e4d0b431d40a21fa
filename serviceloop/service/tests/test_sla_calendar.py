from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from serviceloop.service.services.sla_calendar import (
    WorkingCalendar,
    calendar_for,
    public_holidays,
    public_make_up_days,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def hours_on(office: WorkingCalendar, day: date) -> tuple[datetime, datetime]:
    """The working hours of a day the test knows is worked."""
    hours = office.working_hours_on(day)
    assert hours is not None
    return hours


def days(first: date, last: date) -> set[date]:
    """Every date from `first` to `last`, both included."""
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def test_weekdays_are_worked_and_weekends_are_not():
    office = WorkingCalendar(time_zone="Asia/Shanghai")
    assert office.is_working_day(date(2026, 11, 27))  # Friday
    assert not office.is_working_day(date(2026, 11, 28))  # Saturday
    assert not office.is_working_day(date(2026, 11, 29))  # Sunday


def test_holiday_on_a_weekday_is_not_worked():
    office = WorkingCalendar(time_zone="Asia/Shanghai", holidays=frozenset({date(2026, 10, 1)}))
    assert not office.is_working_day(date(2026, 10, 1))


def test_make_up_saturday_is_worked():
    office = WorkingCalendar(
        time_zone="Asia/Shanghai", make_up_days=frozenset({date(2025, 10, 11)})
    )
    assert office.is_working_day(date(2025, 10, 11))


def test_hand_entered_make_up_day_overrides_a_listed_holiday():
    day = date(2027, 2, 10)
    office = WorkingCalendar(
        time_zone="Asia/Shanghai", holidays=frozenset({day}), make_up_days=frozenset({day})
    )
    assert office.is_working_day(day)


def test_working_hours_are_aware_local_times():
    office = WorkingCalendar(time_zone="Asia/Shanghai")
    opening, closing = hours_on(office, date(2026, 11, 27))
    assert opening == datetime(2026, 11, 27, 8, 30, tzinfo=SHANGHAI)
    assert closing == datetime(2026, 11, 27, 17, 30, tzinfo=SHANGHAI)
    assert opening.utcoffset() == timedelta(hours=8)


def test_no_working_hours_on_a_day_off():
    office = WorkingCalendar(time_zone="Asia/Shanghai")
    assert office.working_hours_on(date(2026, 11, 28)) is None


def test_madrid_opening_follows_daylight_saving_time():
    office = WorkingCalendar(time_zone="Europe/Madrid")
    friday_opening, _ = hours_on(office, date(2026, 10, 23))
    monday_opening, _ = hours_on(office, date(2026, 10, 26))
    assert friday_opening.utcoffset() == timedelta(hours=2)
    assert monday_opening.utcoffset() == timedelta(hours=1)


def test_refuses_a_day_that_ends_before_it_starts():
    with pytest.raises(ValueError, match="day_end"):
        WorkingCalendar(time_zone="Asia/Shanghai", day_start=time(18), day_end=time(9))


def test_refuses_a_week_without_working_days():
    with pytest.raises(ValueError, match="working_weekdays"):
        WorkingCalendar(time_zone="Asia/Shanghai", working_weekdays=frozenset())


def test_refuses_an_unknown_time_zone():
    with pytest.raises(ZoneInfoNotFoundError):
        WorkingCalendar(time_zone="Asia/Atlantis")


def test_china_national_day_2026_is_off_from_1_to_7_october():
    office = calendar_for(time_zone="Asia/Shanghai", country="CN", years=[2026])
    national_day = days(date(2026, 10, 1), date(2026, 10, 7))
    assert not any(office.is_working_day(day) for day in national_day)
    assert office.is_working_day(date(2026, 10, 8))


def test_china_weekdays_of_national_day_2026_are_public_holidays():
    weekdays = {day for day in days(date(2026, 10, 1), date(2026, 10, 7)) if day.weekday() < 5}
    assert weekdays <= public_holidays("CN", [2026])


def test_china_make_up_days_of_2025_are_known():
    assert public_make_up_days("CN", [2025]) == {
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    }


def test_make_up_days_only_of_the_years_asked_for():
    assert {day.year for day in public_make_up_days("CN", [2026])} == {2026}


def test_spain_has_no_make_up_days():
    assert public_make_up_days("ES", [2025, 2026]) == frozenset()


def test_madrid_region_adds_its_own_holidays():
    assert date(2026, 5, 2) not in public_holidays("ES", [2026])
    assert date(2026, 5, 2) in public_holidays("ES", [2026], subdiv="MD")


def test_calendar_for_china_combines_holidays_make_up_days_and_hand_entries():
    company_day = date(2026, 12, 31)
    office = calendar_for(
        time_zone="Asia/Shanghai", country="CN", years=[2026], extra_holidays=[company_day]
    )
    assert not office.is_working_day(date(2026, 10, 1))  # National Day
    assert office.is_working_day(date(2026, 10, 10))  # make-up Saturday
    assert not office.is_working_day(company_day)
    assert office.day_start == time(8, 30) and office.day_end == time(17, 30)


def test_calendar_for_takes_hand_entered_make_up_days_for_unpublished_years():
    office = calendar_for(
        time_zone="Asia/Shanghai", country="CN", years=[2027], make_up_days=[date(2027, 2, 20)]
    )
    assert office.is_working_day(date(2027, 2, 20))  # a Saturday
