"""Data coverage: per source, how far a client's data reaches in a report's period, and what is missing.

Public API:

- :func:`reporting.coverage.days.day_index` -- a client's tables -> the days each source has data
  (needs pandas; imported on its own so the engine can read a cached index without it);
- :func:`for_report` -- that index -> the :class:`Coverage` of one report's sources over its period;
- :func:`comparable` -- the covered days -> the same days in the previous period and a year ago;
- :mod:`reporting.coverage.wording` -- the plain sentences and the notice at the top of a report.

A report opens it as ``ctx.coverage`` (:class:`reporting.report.ReportContext`); the batch engine as
a cached index per client (:mod:`reporting.batch.freshness`), without a kernel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reporting.coverage.measure import (BY_BRAND, BY_CHANNEL, DAILY, EVENTS, UNDATED, Coverage, SourceCoverage,
                                        SourceDays, Window, default_stale_after, measure,
                                        part_filter)

if TYPE_CHECKING:
    from reporting.dataset import ClientData
    from reporting.periods import Period

__all__ = ["BY_BRAND", "BY_CHANNEL", "DAILY", "EVENTS", "REPORT_TABLES", "UNDATED", "Comparison", "Coverage",
           "SourceCoverage", "SourceDays", "Window", "comparable", "default_stale_after", "for_report", "measure", "of_data",
           "part_filter", "relevant"]

ALL_TABLES = ("posts", "account_daily", "web_traffic", "spend", "mentions", "competitor_accounts", "respondents",
              "demographics")
# The tables each report reads: its coverage, its notice and its freshness check look at these only.
REPORT_TABLES: dict[str, tuple[str, ...]] = {
    "kpi_review": ("posts", "account_daily", "web_traffic", "spend", "mentions"),
    "competitor_listening": ("mentions", "competitor_accounts", "posts", "account_daily"),
    "audience_personas": ("respondents", "demographics", "posts", "spend", "web_traffic"),
    "annual_strategy_review": ALL_TABLES,
}


def relevant(sources: Iterable[SourceDays], tables: Sequence[str], channels: Iterable[str] | None = None,
             brands: Iterable[str] | None = None) -> list[SourceDays]:
    """The sources of ``tables`` for the client's own channels and tracked brands, in ``tables`` order.

    Data for a channel the client no longer runs, or a brand no longer tracked, stays out: the report
    does not read it, so its gaps are not the report's.
    """
    order = {t: i for i, t in enumerate(tables)}
    keep = part_filter(channels, brands)
    return sorted((s for s in sources if s.table in order and keep(s.table, s.part)), key=lambda s: order[s.table])


def of_data(data: ClientData, report: str, period: Period, stale_after: int,
            channels: Iterable[str] | None = None, brands: Iterable[str] | None = None) -> Coverage:
    """The coverage of one report's sources straight from the client's tables (a report's pure compute step)."""
    from reporting.coverage.days import day_index

    return for_report(day_index(data), report, period.start, period.end, stale_after, channels, brands)


def for_report(sources: Iterable[SourceDays], report: str, start: dt.date, end: dt.date, stale_after: int,
               channels: Iterable[str] | None = None, brands: Iterable[str] | None = None) -> Coverage:
    """The coverage of one report's sources (:data:`REPORT_TABLES`) over ``start``-``end``."""
    return measure(relevant(sources, REPORT_TABLES[report], channels, brands), start, end, stale_after)


@dataclass(frozen=True)
class Comparison:
    """The days a like-for-like comparison uses in the current, the previous and the year-ago period."""

    current: Window
    previous: Window
    year_ago: Window
    cut: bool  # True when cut to part of the period because a source stops early or starts late

    def to_json(self) -> dict:
        return {"current": self.current.to_json(), "previous": self.previous.to_json(),
                "year_ago": self.year_ago.to_json(), "cut": self.cut}


def comparable(period: Period, window: Window) -> Comparison:
    """The same days as ``window`` (part of ``period``) in the previous period and a year ago.

    A window that ends with the period (the data starts late) is matched from each period's end,
    any other from each period's start, so "the first 22 days" compares with the first 22 days and
    "the last 10 days" with the last 10. A shorter comparison period (February) is cut at its edge.

    Examples
    --------
    >>> from reporting.periods import resolve
    >>> c = comparable(resolve("2026-12"), Window(dt.date(2026, 12, 1), dt.date(2026, 12, 22)))
    >>> c.previous.start, c.previous.end, c.year_ago.end
    (datetime.date(2026, 11, 1), datetime.date(2026, 11, 22), datetime.date(2025, 12, 22))
    """
    if not (period.start <= window.start <= window.end <= period.end):
        raise ValueError(f"window {window.start}..{window.end} is not inside the period {period}")
    from_end = window.end == period.end and window.start > period.start

    def same_days(other: Period) -> Window:
        if from_end:
            end = other.end - (period.end - window.end)
            return Window(max(other.start, end - dt.timedelta(days=window.days - 1)), end)
        start = other.start + (window.start - period.start)
        return Window(start, min(other.end, start + dt.timedelta(days=window.days - 1)))

    cut = (window.start, window.end) != (period.start, period.end)
    if not cut:
        prev, ago = period.previous(), period.year_ago()
        return Comparison(window, Window(prev.start, prev.end), Window(ago.start, ago.end), False)
    return Comparison(window, same_days(period.previous()), same_days(period.year_ago()), True)
