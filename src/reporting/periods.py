"""Reporting periods: relative to the run date (for schedules) or explicit.

A scheduled run never needs editing: ``last-full-month`` run on any day of
November means October, computed in the client's time zone (a run at 01:00
in Seoul on 1 December is already December there).

Accepted specs::

    last-full-month | last-full-quarter | last-full-year | month-to-date
    last-N-weeks            (N full ISO weeks, Monday to Sunday, before this week)
    last-N-days             (N full days before today)
    2026-10 | 2026-Q3 | 2026 | 2026-10-01..2026-10-31
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from dataclasses import dataclass

_FORMS = ("last-full-month, last-full-quarter, last-full-year, month-to-date, last-4-weeks, last-28-days, "
          "2026-10, 2026-Q3, 2026, 2026-10-01..2026-10-31")

_RELATIVE = re.compile(r"^(last-full-(month|quarter|year)|month-to-date|last-(\d{1,3})-(weeks|days))$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """An inclusive range of calendar days in the client's time zone."""

    start: dt.date
    end: dt.date
    label: str  # safe as a folder name: 2026-10, 2026-Q3, 2026, 2026-W40-W43, 2026-10-01_2026-10-28
    spec: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one (same length for custom ranges)."""
        if _MONTH.match(self.label):
            return _month(_add_months(self.start, -1))
        if _QUARTER.match(self.label):
            return _quarter(_add_months(self.start, -3))
        if _YEAR.match(self.label):
            return _year(self.start.year - 1)
        end = self.start - dt.timedelta(days=1)
        return _range(end - dt.timedelta(days=self.days - 1), end, self.spec)

    def year_ago(self) -> Period:
        """The same days one year earlier (29 February maps to 28 February)."""
        start, end = _shift_year(self.start, -1), _shift_year(self.end, -1)
        if _MONTH.match(self.label):
            return _month(start)
        if _QUARTER.match(self.label):
            return _quarter(start)
        if _YEAR.match(self.label):
            return _year(start.year)
        return _range(start, end, self.spec)

    @property
    def explicit(self) -> str:
        """A spec naming these exact dates, independent of the run date (what papermill passes)."""
        if _MONTH.match(self.label) or _QUARTER.match(self.label) or _YEAR.match(self.label):
            return self.label
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def parse_spec(spec: str) -> str:
    """Check that ``spec`` is a period form; raise ValueError naming the accepted forms."""
    spec = spec.strip()
    if _RELATIVE.match(spec) or _MONTH.match(spec) or _QUARTER.match(spec) or _YEAR.match(spec):
        if (m := _MONTH.match(spec)) and not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"'{spec}': month must be 01-12")
        if (m := _RELATIVE.match(spec)) and m.group(3) and int(m.group(3)) == 0:
            raise ValueError(f"'{spec}': N must be at least 1")
        return spec
    if m := _RANGE.match(spec):
        try:
            start, end = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        except ValueError as exc:
            raise ValueError(f"'{spec}': {exc}") from None
        if end < start:
            raise ValueError(f"'{spec}': end date {end} is before start date {start}")
        return spec
    raise ValueError(f"'{spec}' is not a period (accepted: {_FORMS})")


def today_in(tz: str, now: dt.datetime | None = None) -> dt.date:
    """The calendar day it is now in ``tz`` (``now`` is any aware datetime, default the clock)."""
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(zoneinfo.ZoneInfo(tz)).date()


RUN_DATE_ENV = "REPORTING_RUN_DATE"  # the runner sets it in every kernel; tests and reproducible runs too


def run_date(tz: str) -> dt.date:
    """The run date: ``REPORTING_RUN_DATE`` when set (reproducible runs and tests), else today in ``tz``."""
    env = os.environ.get(RUN_DATE_ENV)
    return dt.date.fromisoformat(env) if env else today_in(tz)


def resolve(spec: str, tz: str = "UTC", run_date: dt.date | None = None) -> Period:
    """Turn a period spec into dates, relative to ``run_date`` (default: today in ``tz``)."""
    spec = parse_spec(spec)
    today = run_date or today_in(tz)
    if spec == "last-full-month":
        return _month(_add_months(today.replace(day=1), -1))
    if spec == "last-full-quarter":
        q_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        return _quarter(_add_months(q_start, -3))
    if spec == "last-full-year":
        return _year(today.year - 1)
    if spec == "month-to-date":
        end = today - dt.timedelta(days=1) if today.day > 1 else today
        return _range(today.replace(day=1), end, spec)
    if m := _RELATIVE.match(spec):
        n, unit = int(m.group(3)), m.group(4)
        if unit == "days":
            end = today - dt.timedelta(days=1)
            return _range(end - dt.timedelta(days=n - 1), end, spec)
        this_monday = today - dt.timedelta(days=today.weekday())
        start = this_monday - dt.timedelta(weeks=n)
        end = this_monday - dt.timedelta(days=1)
        y1, w1, _ = start.isocalendar()
        y2, w2, _ = end.isocalendar()
        label = f"{y1}-W{w1:02d}" if n == 1 else f"{y1}-W{w1:02d}-{'' if y1 == y2 else f'{y2}-'}W{w2:02d}"
        return Period(start, end, label, spec)
    if m := _MONTH.match(spec):
        return _month(dt.date(int(m.group(1)), int(m.group(2)), 1))
    if m := _QUARTER.match(spec):
        return _quarter(dt.date(int(m.group(1)), 3 * int(m.group(2)) - 2, 1))
    if m := _YEAR.match(spec):
        return _year(int(m.group(1)))
    m = _RANGE.match(spec)
    assert m  # parse_spec accepted it
    return _range(dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2)), spec)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _month(first: dt.date) -> Period:
    end = _add_months(first, 1) - dt.timedelta(days=1)
    return Period(first, end, f"{first.year}-{first.month:02d}", f"{first.year}-{first.month:02d}")


def _quarter(first: dt.date) -> Period:
    end = _add_months(first, 3) - dt.timedelta(days=1)
    label = f"{first.year}-Q{(first.month - 1) // 3 + 1}"
    return Period(first, end, label, label)


def _year(year: int) -> Period:
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year), str(year))


def _range(start: dt.date, end: dt.date, spec: str) -> Period:
    return Period(start, end, f"{start.isoformat()}_{end.isoformat()}", spec)


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
