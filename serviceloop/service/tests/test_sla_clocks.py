import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from serviceloop.service.services.sla_calendar import WorkingCalendar, calendar_for
from serviceloop.service.services.sla_clocks import (
    add_calendar_time,
    add_working_time,
    calendar_time_between,
    deadline,
    elapsed,
    working_time_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
MADRID = ZoneInfo("Europe/Madrid")
HOURS = timedelta(hours=1)

# Plain Monday-to-Friday office, 08:30-17:30 (a 9-hour day), no holidays.
PLAIN_SHANGHAI = WorkingCalendar(time_zone="Asia/Shanghai")
CHINA = calendar_for(time_zone="Asia/Shanghai", country="CN", years=[2025, 2026])
SPAIN = calendar_for(time_zone="Europe/Madrid", country="ES", subdiv="MD", years=[2025, 2026])


def shanghai(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def madrid(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=MADRID)


# Working time


def test_case_opened_friday_afternoon_is_due_monday_morning():
    due = add_working_time(CHINA, shanghai(2026, 11, 27, 16, 0), 4 * HOURS)
    # 1.5 h on Friday until 17:30, the remaining 2.5 h from Monday 08:30.
    assert due == shanghai(2026, 11, 30, 11, 0)


def test_result_is_in_utc():
    due = add_working_time(CHINA, shanghai(2026, 11, 27, 16, 0), 4 * HOURS)
    assert due.tzinfo is UTC
    assert due == datetime(2026, 11, 30, 3, 0, tzinfo=UTC)


def test_counting_starts_at_next_opening_when_opened_at_night():
    due = add_working_time(CHINA, shanghai(2026, 11, 26, 22, 0), 2 * HOURS)
    assert due == shanghai(2026, 11, 27, 10, 30)


def test_duration_ending_at_closing_time_is_due_at_closing():
    due = add_working_time(CHINA, shanghai(2026, 11, 27, 16, 0), timedelta(hours=1, minutes=30))
    assert due == shanghai(2026, 11, 27, 17, 30)


def test_zero_duration_is_due_at_once():
    assert add_working_time(CHINA, shanghai(2026, 11, 28, 12), timedelta(0)) == shanghai(
        2026, 11, 28, 12
    )


def test_case_opened_before_national_day_is_due_on_the_first_working_day_after():
    # National Day 2026: 1-7 October off; Thursday 8 October is the first working day.
    due = add_working_time(CHINA, shanghai(2026, 9, 30, 17, 0), 2 * HOURS)
    assert due == shanghai(2026, 10, 8, 10, 0)


def test_make_up_saturday_counts_as_working_day():
    # 调休: Saturday 11 October 2025 was worked to bridge the National Day holiday.
    due = add_working_time(CHINA, shanghai(2025, 10, 10, 17, 0), 2 * HOURS)
    assert due == shanghai(2025, 10, 11, 10, 0)


def test_hand_entered_make_up_saturday_counts_as_working_day():
    make_up_saturday = frozenset({date(2025, 10, 11)})
    office = WorkingCalendar(time_zone="Asia/Shanghai", make_up_days=make_up_saturday)
    due = add_working_time(office, shanghai(2025, 10, 10, 17, 0), 2 * HOURS)
    assert due == shanghai(2025, 10, 11, 10, 0)


def test_without_the_make_up_day_the_same_case_is_due_monday():
    due = add_working_time(PLAIN_SHANGHAI, shanghai(2025, 10, 10, 17, 0), 2 * HOURS)
    assert due == shanghai(2025, 10, 13, 10, 0)


def test_two_hundred_working_hours_end_on_the_twenty_third_working_day():
    # From Monday 2026-11-02 08:30: 22 full 9-hour days (200 h = 22 x 9 h + 2 h) end on
    # Tuesday 1 December at closing; the last 2 h fall on Wednesday 2 December.
    due = add_working_time(CHINA, shanghai(2026, 11, 2, 8, 30), 200 * HOURS)
    assert due == shanghai(2026, 12, 2, 10, 30)


def test_working_time_between_counts_only_opening_hours():
    # Friday 16:00 to Monday 11:00: 1.5 h + 2.5 h.
    spent = working_time_between(CHINA, shanghai(2026, 11, 27, 16), shanghai(2026, 11, 30, 11))
    assert spent == 4 * HOURS


def test_working_time_between_is_zero_over_a_weekend():
    spent = working_time_between(CHINA, shanghai(2026, 11, 28, 9), shanghai(2026, 11, 29, 18))
    assert spent == timedelta(0)


def test_working_time_between_is_zero_when_end_is_before_start():
    spent = working_time_between(CHINA, shanghai(2026, 11, 30, 11), shanghai(2026, 11, 27, 16))
    assert spent == timedelta(0)


def test_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        add_working_time(CHINA, datetime(2026, 11, 27, 16), HOURS)


def test_refuses_negative_durations():
    with pytest.raises(ValueError, match="negative"):
        add_working_time(CHINA, shanghai(2026, 11, 27, 16), -HOURS)


# Calendar time (24/7 policies)


def test_calendar_time_runs_through_the_night_and_weekend():
    due = add_calendar_time(shanghai(2026, 11, 28, 23, 0), 4 * HOURS)
    assert due == shanghai(2026, 11, 29, 3, 0)


def test_calendar_time_between_is_real_time():
    assert calendar_time_between(shanghai(2026, 11, 28, 23), shanghai(2026, 11, 29, 3)) == 4 * HOURS


# Daylight saving time in Madrid (clocks go back from 03:00 to 02:00 on 2026-10-25)


def test_calendar_time_across_the_october_change_gains_the_repeated_hour():
    due = add_calendar_time(madrid(2026, 10, 24, 23, 0), 4 * HOURS)
    # 23:00 CEST + 4 h: the wall clock passes 02:00-03:00 twice, so it shows 02:00 CET.
    assert due == datetime(2026, 10, 25, 1, 0, tzinfo=UTC)
    local = due.astimezone(MADRID)
    assert (local.hour, local.utcoffset()) == (2, HOURS)
    assert calendar_time_between(madrid(2026, 10, 24, 23), madrid(2026, 10, 25, 3)) == 5 * HOURS


def test_working_time_across_the_october_change_stays_on_local_opening_hours():
    due = add_working_time(SPAIN, madrid(2026, 10, 23, 16, 30), 2 * HOURS)
    assert due == madrid(2026, 10, 26, 9, 30)
    assert due == datetime(2026, 10, 26, 8, 30, tzinfo=UTC)
    spent = working_time_between(SPAIN, madrid(2026, 10, 23, 9), madrid(2026, 10, 26, 9))
    assert spent == timedelta(hours=9)


def test_night_shift_on_the_change_night_counts_the_repeated_hour():
    night = WorkingCalendar(
        time_zone="Europe/Madrid",
        day_start=time(1),
        day_end=time(5),
        working_weekdays=frozenset(range(7)),
    )
    autumn = working_time_between(night, madrid(2026, 10, 25, 0), madrid(2026, 10, 25, 6))
    spring = working_time_between(night, madrid(2026, 3, 29, 0), madrid(2026, 3, 29, 6))
    assert autumn == 5 * HOURS
    assert spring == 3 * HOURS


def test_madrid_regional_holiday_is_skipped():
    # Monday 2 November 2026 is a Community of Madrid holiday.
    due = add_working_time(SPAIN, madrid(2026, 10, 30, 17, 0), 2 * HOURS)
    assert due == madrid(2026, 11, 3, 10, 0)


# Pauses (waiting for the customer)

OPENED = shanghai(2026, 11, 30, 9, 0)  # Monday
WAITING = (shanghai(2026, 11, 30, 10, 0), shanghai(2026, 12, 1, 10, 0))  # Mon 10:00-Tue 10:00


def test_pause_extends_deadline_by_the_working_time_inside_it():
    unpaused = deadline(CHINA, OPENED, 16 * HOURS, [])
    paused = deadline(CHINA, OPENED, 16 * HOURS, [WAITING])
    assert unpaused == shanghai(2026, 12, 1, 16, 0)
    # The pause holds 7.5 h on Monday and 1.5 h on Tuesday: one 9-hour working day.
    assert paused == shanghai(2026, 12, 2, 16, 0)
    assert working_time_between(CHINA, unpaused, paused) == 9 * HOURS


def test_elapsed_leaves_out_the_pause():
    running = elapsed(CHINA, OPENED, shanghai(2026, 12, 1, 12, 0), [WAITING])
    assert running == 3 * HOURS  # Monday 09:00-10:00 and Tuesday 10:00-12:00


def test_open_pause_lasts_until_the_end_of_the_measure():
    running = elapsed(CHINA, OPENED, shanghai(2026, 12, 1, 12, 0), [(WAITING[0], None)])
    assert running == HOURS


def test_open_pause_counts_as_ending_now_for_the_deadline():
    now = shanghai(2026, 12, 1, 10, 0)
    assert deadline(CHINA, OPENED, 16 * HOURS, [(WAITING[0], None)], now=now) == shanghai(
        2026, 12, 2, 16, 0
    )


def test_open_pause_without_now_is_refused():
    with pytest.raises(ValueError, match="open pause"):
        deadline(CHINA, OPENED, 16 * HOURS, [(WAITING[0], None)])


def test_pause_after_the_deadline_does_not_move_it():
    late = (shanghai(2026, 12, 3, 9, 0), shanghai(2026, 12, 4, 9, 0))
    assert deadline(CHINA, OPENED, 4 * HOURS, [late]) == shanghai(2026, 11, 30, 13, 0)


def test_overlapping_pauses_count_once():
    overlapping = [WAITING, (shanghai(2026, 11, 30, 15, 0), shanghai(2026, 11, 30, 16, 0))]
    assert deadline(CHINA, OPENED, 16 * HOURS, overlapping) == shanghai(2026, 12, 2, 16, 0)


def test_pause_outside_working_hours_changes_nothing():
    overnight = (shanghai(2026, 11, 30, 18, 0), shanghai(2026, 12, 1, 8, 0))
    assert deadline(CHINA, OPENED, 16 * HOURS, [overnight]) == shanghai(2026, 12, 1, 16, 0)


def test_calendar_time_pause_extends_deadline_by_its_length():
    deadline_24_7 = deadline(None, shanghai(2026, 11, 28, 23, 0), 4 * HOURS, [])
    assert deadline_24_7 == shanghai(2026, 11, 29, 3, 0)
    pause = (shanghai(2026, 11, 29, 0, 0), shanghai(2026, 11, 29, 2, 30))
    assert deadline(None, shanghai(2026, 11, 28, 23, 0), 4 * HOURS, [pause]) == shanghai(
        2026, 11, 29, 5, 30
    )
    assert elapsed(None, shanghai(2026, 11, 28, 23), shanghai(2026, 11, 29, 5, 30), [pause]) == (
        4 * HOURS
    )


# Properties over seeded random cases


def random_instant(rng: random.Random, zone: ZoneInfo) -> datetime:
    """Any minute of 2025-2026 in `zone`, including nights, weekends and holidays."""
    first = datetime(2025, 1, 1, tzinfo=UTC)
    return (first + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60 - 60 * 24 * 60))).astimezone(
        zone
    )


@pytest.mark.parametrize(("office", "zone"), [(CHINA, SHANGHAI), (SPAIN, MADRID)])
def test_working_time_between_undoes_add_working_time(office, zone):
    rng = random.Random(7)
    for _ in range(300):
        start = random_instant(rng, zone)
        duration = timedelta(minutes=rng.randrange(0, 300 * 60))
        due = add_working_time(office, start, duration)
        assert working_time_between(office, start, due) == duration, (start, duration)


@pytest.mark.parametrize(("office", "zone"), [(CHINA, SHANGHAI), (SPAIN, MADRID)])
def test_add_working_time_reaches_the_end_of_a_measured_interval(office, zone):
    rng = random.Random(7)
    for _ in range(300):
        start = random_instant(rng, zone)
        end = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 60))
        spent = working_time_between(office, start, end)
        due = add_working_time(office, start, spent)
        # Never later than end; equal to it unless end falls outside working hours.
        assert due <= end
        assert working_time_between(office, due, end) == timedelta(0), (start, end)


@pytest.mark.parametrize("office", [CHINA, SPAIN, None])
def test_elapsed_at_the_deadline_equals_the_target(office):
    rng = random.Random(7)
    for _ in range(300):
        start = random_instant(rng, MADRID)
        target = timedelta(minutes=rng.randrange(0, 100 * 60))
        pauses = []
        for _ in range(rng.randrange(0, 4)):
            pause_start = start + timedelta(minutes=rng.randrange(-600, 20 * 24 * 60))
            pauses.append((pause_start, pause_start + timedelta(minutes=rng.randrange(1, 3000))))
        due = deadline(office, start, target, pauses)
        assert elapsed(office, start, due, pauses) == target, (start, target, pauses)
