"""Period arithmetic across month, quarter and year ends and time zones (exact dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from reporting.periods import parse_spec, resolve, today_in

D = dt.date


@pytest.mark.parametrize(("spec", "run", "start", "end", "label"), [
    ("last-full-month", D(2026, 11, 23), D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
    ("last-full-month", D(2026, 1, 1), D(2025, 12, 1), D(2025, 12, 31), "2025-12"),
    ("last-full-month", D(2024, 3, 15), D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
    ("last-full-quarter", D(2026, 11, 23), D(2026, 7, 1), D(2026, 9, 30), "2026-Q3"),
    ("last-full-quarter", D(2026, 2, 10), D(2025, 10, 1), D(2025, 12, 31), "2025-Q4"),
    ("last-full-year", D(2026, 1, 1), D(2025, 1, 1), D(2025, 12, 31), "2025"),
    ("month-to-date", D(2026, 11, 23), D(2026, 11, 1), D(2026, 11, 22), "2026-11-01_2026-11-22"),
    ("last-4-weeks", D(2026, 11, 23), D(2026, 10, 26), D(2026, 11, 22), "2026-W44-W47"),  # 23 Nov is a Monday
    ("last-4-weeks", D(2026, 1, 7), D(2025, 12, 8), D(2026, 1, 4), "2025-W50-2026-W01"),
    ("last-1-weeks", D(2026, 11, 25), D(2026, 11, 16), D(2026, 11, 22), "2026-W47"),
    ("last-28-days", D(2026, 3, 1), D(2026, 2, 1), D(2026, 2, 28), "2026-02-01_2026-02-28"),
    ("2026-10", D(2030, 1, 1), D(2026, 10, 1), D(2026, 10, 31), "2026-10"),
    ("2026-Q1", D(2030, 1, 1), D(2026, 1, 1), D(2026, 3, 31), "2026-Q1"),
    ("2025", D(2030, 1, 1), D(2025, 1, 1), D(2025, 12, 31), "2025"),
    ("2026-10-05..2026-10-11", D(2030, 1, 1), D(2026, 10, 5), D(2026, 10, 11), "2026-10-05_2026-10-11"),
])
def test_resolve(spec: str, run: dt.date, start: dt.date, end: dt.date, label: str) -> None:
    p = resolve(spec, "UTC", run)
    assert (p.start, p.end, p.label) == (start, end, label)


def test_previous_and_year_ago() -> None:
    p = resolve("2024-03", "UTC", D(2030, 1, 1))
    assert (p.previous().start, p.previous().end) == (D(2024, 2, 1), D(2024, 2, 29))
    assert (p.year_ago().start, p.year_ago().end) == (D(2023, 3, 1), D(2023, 3, 31))
    q = resolve("2026-Q1", "UTC", D(2030, 1, 1))
    assert (q.previous().start, q.previous().end) == (D(2025, 10, 1), D(2025, 12, 31))
    weeks = resolve("last-4-weeks", "UTC", D(2026, 11, 23))
    assert (weeks.previous().start, weeks.previous().end) == (D(2026, 9, 28), D(2026, 10, 25))
    leap = resolve("2024-02-29..2024-02-29", "UTC", D(2030, 1, 1))
    assert leap.year_ago().start == D(2023, 2, 28)


def test_explicit_spec_round_trips() -> None:
    for spec in ("last-4-weeks", "last-full-month", "month-to-date"):
        p = resolve(spec, "UTC", D(2026, 11, 23))
        again = resolve(p.explicit, "UTC", D(2031, 6, 6))
        assert (again.start, again.end) == (p.start, p.end)


def test_run_date_is_taken_in_the_clients_time_zone() -> None:
    # 30 Nov 2026 16:30 UTC is already 1 December in Seoul, still 30 November in New York.
    now = dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.UTC)
    assert today_in("Asia/Seoul", now) == D(2026, 12, 1)
    assert today_in("America/New_York", now) == D(2026, 11, 30)
    seoul = resolve("last-full-month", "Asia/Seoul", today_in("Asia/Seoul", now))
    new_york = resolve("last-full-month", "America/New_York", today_in("America/New_York", now))
    assert seoul.label == "2026-11" and new_york.label == "2026-10"


@pytest.mark.parametrize(("spec", "message"), [
    ("last-month", "is not a period"),
    ("2026-13", "month must be 01-12"),
    ("2026-10-31..2026-10-01", "is before start date"),
    ("2026-02-30..2026-03-01", "day is out of range"),
    ("last-0-weeks", "at least 1"),
])
def test_bad_specs(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_spec(spec)
