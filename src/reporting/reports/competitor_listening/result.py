"""Competitor listening, the result: the days each part reads, and everything the report shows.

:func:`~reporting.reports.competitor_listening.compute.analyse` fills a :class:`Listening`;
the calls, the wording, the views and the summary read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from reporting.params import Thresholds

if TYPE_CHECKING:
    from reporting.coverage import Comparison, Coverage, Window
    from reporting.periods import Period
    from reporting.text import spikes as spike_rules
    from reporting.text.brands import Matched
    from reporting.text.labels import ClientSentiment

TREND_WEEKS = 8  # weekly charts show at least this many weeks: the period against the one before


# ---------------------------------------------------------------------------------------------------------
# Windows


@dataclass(frozen=True)
class Windows:
    """The days each part of the report reads."""

    period: Period
    previous: Period
    trend_start: dt.date  # first Monday shown in weekly charts
    history_start: dt.date  # first day read at all (previous period, spike baselines, trend)

    @classmethod
    def for_period(cls, period: Period, window_days: int) -> Windows:
        previous = period.previous()
        first = min(period.start, period.end - dt.timedelta(weeks=TREND_WEEKS) + dt.timedelta(days=1))
        trend_start = first - dt.timedelta(days=first.weekday())
        history = min(previous.start, trend_start, period.start - dt.timedelta(days=window_days))
        return cls(period, previous, trend_start, history)


# ---------------------------------------------------------------------------------------------------------
# The whole report


@dataclass
class Listening:
    """Everything the competitor listening report shows, computed once by :func:`analyse`."""

    brands: list[str]  # the client's brand first, then its competitors
    timezone: str
    windows: Windows
    rule: spike_rules.SpikeRule
    matched: Matched
    sov: pd.DataFrame
    sov_weekly: pd.DataFrame
    sentiment: pd.DataFrame
    sentiment_weekly: pd.DataFrame
    unsupported_languages: pd.DataFrame
    daily: pd.DataFrame  # day x brand volume over the trend window (NaN: a day the brand's data does not cover)
    spikes: pd.DataFrame
    advocates: pd.DataFrame
    detractors: pd.DataFrame
    influencers: pd.DataFrame
    channels: pd.DataFrame
    sources: pd.DataFrame
    heatmap: pd.DataFrame
    top_terms: pd.DataFrame
    rising_terms: pd.DataFrame
    owned: pd.DataFrame
    thresholds: Thresholds = field(default_factory=Thresholds)
    coverage: Coverage | None = None  # the report's sources over the period (the notice at the top)
    comparison: Comparison | None = None  # the days compared: every brand's mention data covers them
    previous_coverage: Coverage | None = None  # the mention data over the compared days before
    mention_state: str = "ok"  # ok, no_export, outside_period, unmatched (see :func:`mention_state`)
    mentions_in_period: int = 0  # mentions of the period, tracked brand or not
    mention_span: tuple[dt.date, dt.date] | None = None  # first and last day of all the client's mentions
    data_folder: str = ""  # where the client's exports go, as the analyst knows it
    rising_status: dict[str, str] = field(default_factory=dict)
    has_owned_data: bool = False  # any own-account figures at all (the client's or a competitor's), in any period
    client_sentiment: ClientSentiment | None = None  # computed sentiment chosen on the client's labels
    computed_languages: tuple[str, ...] = ()  # languages of the period's mentions that needed computed sentiment
    watch: dict[str, Any] = field(default_factory=dict)  # see :func:`competitor_to_watch`

    @property
    def client(self) -> str:
        return self.brands[0]

    @property
    def competitors(self) -> list[str]:
        return self.brands[1:]

    @property
    def period(self) -> Period:
        return self.windows.period

    @property
    def has_mentions(self) -> bool:
        return bool(self.sov["mentions"].sum())

    @property
    def compared(self) -> tuple[Window | Period, Window | Period]:
        """The days compared now and before: the comparison's windows, else the period and the one before."""
        if self.comparison is not None and self.comparison.cut:
            return self.comparison.current, self.comparison.previous
        return self.windows.period, self.windows.previous

    @property
    def sov_totals(self) -> tuple[int, int]:
        """Tracked-brand mentions in the compared days now and before (a mention of two brands counts twice)."""
        return int(self.sov["mentions"].sum()), int(self.sov["mentions_previous"].sum())
