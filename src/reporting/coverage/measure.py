"""How far each source's data reaches in a period, and the gaps that matter. Pure Python: no pandas.

A client's data is summarised once as *day runs* per source (:class:`SourceDays`: the days that
have data, as merged ``[start, end]`` ranges; see :mod:`reporting.coverage.days`). Everything here
works on those runs, so the batch engine, ``reporting status`` and a report read the same figures,
and the engine can keep them in a small JSON file instead of loading the tables.

Two kinds of dated source are judged differently:

- a **daily** series (account figures per channel, web traffic, competitor figures) has a row for
  every day it covers, so a day without a row is a missing day;
- an **events** source (posts per channel, ad spend per channel, mentions per brand) has rows only
  on days something happened, so the quiet days at the start or the end of the period are missing
  data only when they are more than the source's usual pause: its longest pause between active days
  in the year up to the period end (:data:`DEFAULT_PAUSE` days when it has fewer than
  :data:`MIN_ACTIVE_DAYS` active days to learn from). Quiet days inside the period are not judged.

Survey respondents and platform demographics carry no dates: they are ``undated``, never judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

DAILY, EVENTS, UNDATED = "daily", "events", "undated"
BY_CHANNEL = ("posts", "account_daily", "spend")  # tables split into sources by channel...
BY_BRAND = ("mentions", "competitor_accounts")  # ...and by brand
COMPLETE, PARTIAL, NONE = "complete", "partial", "none"
LOOKBACK_DAYS = 365
MIN_ACTIVE_DAYS = 5
DEFAULT_PAUSE = 7

Runs = tuple[tuple[dt.date, dt.date], ...]
ONE_DAY = dt.timedelta(days=1)


def default_stale_after(period_days: int) -> int:
    """Days a report's data may stop short of its period end before the report counts as stale.

    1 for periods up to two weeks, 2 up to a month, 5 up to a quarter, 10 beyond: platforms
    export up to yesterday, so a lag of a day or two is normal; more is a missing export.
    """
    if period_days <= 14:
        return 1
    if period_days <= 31:
        return 2
    if period_days <= 92:
        return 5
    return 10


def runs_of(days: Iterable[dt.date]) -> Runs:
    """Merge days (any order, repeats allowed) into sorted ``(start, end)`` ranges of consecutive days."""
    out: list[list[dt.date]] = []
    for day in sorted(set(days)):
        if out and day - out[-1][1] == ONE_DAY:
            out[-1][1] = day
        else:
            out.append([day, day])
    return tuple((a, b) for a, b in out)


@dataclass(frozen=True)
class SourceDays:
    """The days one source has data: a table, split by channel or brand (``part``; empty: the whole table)."""

    table: str
    part: str
    kind: str  # daily, events or undated
    runs: Runs
    rows: int

    @property
    def key(self) -> str:
        return f"{self.table}:{self.part}" if self.part else self.table

    def to_json(self) -> dict:
        return {"table": self.table, "part": self.part, "kind": self.kind, "rows": self.rows,
                "runs": [[a.isoformat(), b.isoformat()] for a, b in self.runs]}

    @classmethod
    def from_json(cls, data: dict) -> SourceDays:
        runs = tuple((dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in data["runs"])
        return cls(data["table"], data["part"], data["kind"], runs, int(data["rows"]))


@dataclass(frozen=True)
class Window:
    """An inclusive range of days."""

    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def to_json(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True)
class SourceCoverage:
    """One source in one period: where its data is, what is missing and why it counts as missing."""

    table: str
    part: str
    kind: str
    rows: int  # rows in the whole table for this source, any date
    days_in: int = 0  # days with data inside the period
    first_in: dt.date | None = None
    last_in: dt.date | None = None
    first_before: dt.date | None = None  # the data before the period starts
    last_before: dt.date | None = None
    first_after: dt.date | None = None  # the first day after the period ends, if the data goes on
    missing_start: int = 0  # days at the start of the period without data
    missing_end: int = 0  # days at the end of the period without data
    missing_inside: int = 0  # daily series: days without a row between the first and last covered day
    usual_pause: int | None = None  # events: the longest pause counted as normal
    status: str = COMPLETE  # complete, partial, none, undated
    stale: bool = False  # a daily series stopping more than the allowed days before the period end

    @property
    def key(self) -> str:
        return f"{self.table}:{self.part}" if self.part else self.table

    @property
    def dated(self) -> bool:
        return self.kind != UNDATED

    def reach(self, end: dt.date) -> dt.date | None:
        """The last day up to the period ``end`` this source's data covers.

        Quiet days at the end within the usual pause count as covered; a source with no data in the
        period reaches its last day before it (None: undated, or data only after the period).
        """
        if self.status == UNDATED:
            return None
        if self.status == NONE:
            return self.last_before
        return end - dt.timedelta(days=self.missing_end)

    def span(self, start: dt.date, end: dt.date) -> Window | None:
        """The part of the period ``start``-``end`` this source covers (None: none of it, or undated)."""
        if self.status in (NONE, UNDATED):
            return None
        return Window(start + dt.timedelta(days=self.missing_start), end - dt.timedelta(days=self.missing_end))

    def to_json(self) -> dict:
        iso = {k: (v.isoformat() if v else None) for k, v in (
            ("first_in_period", self.first_in), ("last_in_period", self.last_in), ("first_before", self.first_before),
            ("last_before", self.last_before), ("first_after", self.first_after))}
        return {"source": self.key, "table": self.table, "part": self.part, "kind": self.kind, "rows": self.rows,
                "days_with_data": self.days_in, **iso, "missing_start": self.missing_start,
                "missing_end": self.missing_end, "missing_inside": self.missing_inside,
                "usual_pause": self.usual_pause, "status": self.status, "stale": self.stale}


@dataclass(frozen=True)
class Coverage:
    """The coverage of a report's sources over one period, and whether the report is stale."""

    start: dt.date
    end: dt.date
    stale_after: int
    sources: tuple[SourceCoverage, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def dated(self) -> tuple[SourceCoverage, ...]:
        return tuple(s for s in self.sources if s.dated)

    @property
    def gaps(self) -> tuple[SourceCoverage, ...]:
        """Sources with days missing in the period (partial) or none of it (none), in source order."""
        return tuple(s for s in self.sources if s.status in (PARTIAL, NONE))

    @property
    def through(self) -> dt.date | None:
        """The last day of the period the report's newest data covers (None: no dated data up to its end)."""
        ends = [d for d in (s.reach(self.end) for s in self.dated) if d is not None]
        return max(ends) if ends else None

    @property
    def lag(self) -> int | None:
        """Days between the newest data and the period end (0: the data reaches the end)."""
        through = self.through
        return None if through is None else max(0, (self.end - through).days)

    @property
    def stale(self) -> bool:
        """The newest data, or a daily series, stops more than ``stale_after`` days before the period end."""
        lag = self.lag
        return (lag is not None and lag > self.stale_after) or any(s.stale for s in self.sources)

    def select(self, tables: Iterable[str] | None = None, channels: Iterable[str] | None = None,
               brands: Iterable[str] | None = None) -> Coverage:
        """Only the sources of these tables, on these channels, about these brands (None: all of them).

        ``channels`` filters the tables split by channel, ``brands`` those split by brand; the others stay.
        """
        keep = part_filter(channels, brands)
        tables = set(tables) if tables is not None else None
        kept = tuple(s for s in self.sources if (tables is None or s.table in tables) and keep(s.table, s.part))
        return Coverage(self.start, self.end, self.stale_after, kept)

    def window(self) -> Window | None:
        """The days of the period every partly covered source covers: where like compares with like.

        Sources with no data in the period do not narrow it (the notice names them); None when two
        partly covered sources share no day.
        """
        start, end = self.start, self.end
        for s in self.sources:
            if s.status == PARTIAL and (span := s.span(self.start, self.end)) is not None:
                start, end = max(start, span.start), min(end, span.end)
        return Window(start, end) if start <= end else None

    def to_json(self) -> dict:
        window = self.window()
        return {"period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
                "data_through": self.through.isoformat() if self.through else None, "lag_days": self.lag,
                "stale_after_days": self.stale_after, "stale": self.stale,
                "window": window.to_json() if window else None,
                "sources": [s.to_json() for s in self.sources]}


def part_filter(channels: Iterable[str] | None = None,
                brands: Iterable[str] | None = None) -> Callable[[str, str], bool]:
    """``(table, part) -> keep?``: channel-split tables on ``channels``, brand-split ones about ``brands``
    (brands compared without case); None keeps every channel or brand, and other tables always stay."""
    wanted_channels = set(channels) if channels is not None else None
    wanted_brands = {b.casefold() for b in brands} if brands is not None else None

    def keep(table: str, part: str) -> bool:
        if wanted_channels is not None and table in BY_CHANNEL:
            return part in wanted_channels
        if wanted_brands is not None and table in BY_BRAND and part:
            return part.casefold() in wanted_brands
        return True

    return keep


def measure(sources: Sequence[SourceDays], start: dt.date, end: dt.date, stale_after: int) -> Coverage:
    """The coverage of ``sources`` over the days ``start``-``end`` (inclusive)."""
    if end < start:
        raise ValueError(f"period end {end} is before its start {start}")
    return Coverage(start, end, stale_after, tuple(measure_source(s, start, end, stale_after) for s in sources))


def measure_source(src: SourceDays, start: dt.date, end: dt.date, stale_after: int) -> SourceCoverage:
    """One source over one period (see the module docstring for the daily and events rules)."""
    base = dict(table=src.table, part=src.part, kind=src.kind, rows=src.rows)
    if src.kind == UNDATED:
        return SourceCoverage(**base, status=UNDATED)
    runs = src.runs
    first_in, last_in = _first(runs, start, end), _last(runs, start, end)
    before = dict(first_before=_first(runs, dt.date.min, start - ONE_DAY),
                  last_before=_last(runs, dt.date.min, start - ONE_DAY),
                  first_after=_first(runs, end + ONE_DAY, dt.date.max))
    days = (end - start).days + 1
    days_in = _count(runs, start, end)
    if src.kind == DAILY:
        if first_in is None or last_in is None:
            return _none(base, before, days)
        missing_end = (end - last_in).days
        return SourceCoverage(
            **base, **before, days_in=days_in, first_in=first_in, last_in=last_in,
            missing_start=(first_in - start).days, missing_end=missing_end,
            missing_inside=(last_in - first_in).days + 1 - days_in,
            status=PARTIAL if days_in < days else COMPLETE, stale=missing_end > stale_after)
    pause = usual_pause(runs, end)
    if first_in is None or last_in is None:
        if days <= pause:
            return SourceCoverage(**base, **before, usual_pause=pause)  # a usual pause: nothing happened
        return _none(base, before, days, usual=pause)
    quiet_start, quiet_end = (first_in - start).days, (end - last_in).days
    missing_start = quiet_start if quiet_start > pause else 0
    missing_end = quiet_end if quiet_end > pause else 0
    return SourceCoverage(**base, **before, days_in=days_in, first_in=first_in, last_in=last_in,
                          missing_start=missing_start, missing_end=missing_end, usual_pause=pause,
                          status=PARTIAL if missing_start or missing_end else COMPLETE)


def usual_pause(runs: Runs, end: dt.date) -> int:
    """The longest pause between active days in the :data:`LOOKBACK_DAYS` up to ``end``."""
    since = end - dt.timedelta(days=LOOKBACK_DAYS - 1)
    recent = [(max(a, since), b) for a, b in runs if b >= since and a <= end]
    if _count(runs, since, end) < MIN_ACTIVE_DAYS:
        return DEFAULT_PAUSE
    gaps = [(b[0] - a[1]).days - 1 for a, b in zip(recent, recent[1:], strict=False)]
    return max(gaps, default=0)


def _none(base: dict, before: dict, days: int, usual: int | None = None) -> SourceCoverage:
    """No data in the period: missing at the end when the data stopped before it, else at the start."""
    stopped = before["last_before"] is not None
    return SourceCoverage(**base, **before, missing_start=0 if stopped else days, missing_end=days if stopped else 0,
                          usual_pause=usual, status=NONE)


def _first(runs: Runs, lo: dt.date, hi: dt.date) -> dt.date | None:
    for a, b in runs:
        if b >= lo and a <= hi:
            return max(a, lo)
    return None


def _last(runs: Runs, lo: dt.date, hi: dt.date) -> dt.date | None:
    for a, b in reversed(runs):
        if b >= lo and a <= hi:
            return min(b, hi)
    return None


def _count(runs: Runs, lo: dt.date, hi: dt.date) -> int:
    return sum(max(0, (min(b, hi) - max(a, lo)).days + 1) for a, b in runs)
