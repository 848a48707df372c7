"""Annual review, the year's results by channel: totals, year on year, month by month, the follower base.

Every figure is a KPI of the metric engine (:func:`reporting.analysis.history.history`), so
the annual review measures reach, followers or conversions exactly as the KPI review does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd

from reporting.analysis.history import POST_PARTS, MetricHistory, history
from reporting.coverage import SourceDays
from reporting.coverage.measure import COMPLETE, PARTIAL, measure_source
from reporting.dataset import ClientData
from reporting.params import ClientParams
from reporting.periods import Period


# channel_totals column -> KPI name in reporting.analysis.history (one definition for every report)
TOTALS: dict[str, str] = {
    "posts": "posts", "reach": "reach", "impressions": "impressions", "engagements": "engagements",
    "link_clicks": "link_clicks", "followers": "followers", "net_new": "net_new_followers",
    "sessions": "sessions", "conversions": "conversions", "revenue": "revenue", "spend": "spend",
}
YOY_METRICS = ["reach", "impressions", "engagements", "engagement_rate", "followers", "net_new", "sessions",
               "conversions", "revenue", "spend", "return_on_spend"]
SHOWN_AS_WAS = {"net_new", "return_on_spend"}  # a relative change of these reads wrong: show last year's value
TREND_METRICS = ("engagements", "followers", "conversions")  # after the exposure measure


class Histories:
    """:func:`reporting.analysis.history.history` per (metric, channel), built once and shared by every section.

    ``sources`` is the client's day index (:func:`reporting.coverage.days.day_index`): it says whether
    the posts of a channel cover a window (see :meth:`value`).
    """

    def __init__(self, data: ClientData, brands: list[str] | tuple[str, ...] = (),
                 sources: tuple[SourceDays, ...] | None = None):
        from reporting.coverage.days import day_index

        self.data = data
        self.brands = tuple(brands)
        self._cache: dict[tuple[str, str], MetricHistory] = {}
        found = day_index(data) if sources is None else sources
        self.posts = {s.part: s for s in found if s.table == "posts"}

    def __call__(self, metric: str, channel: str = "all") -> MetricHistory:
        key = (metric, channel)
        if key not in self._cache:
            self._cache[key] = history(self.data, metric, channel, self.brands)
        return self._cache[key]

    def through(self, metric: str, channel: str, day: dt.date) -> MetricHistory:
        """The metric's history, a post metric's extended with quiet days up to ``day`` (a covered day).

        A post metric's history ends on the last post when no account export says more; when the
        coverage rule counts the days after it as covered (within the usual pause between posts),
        they are days without a post, so a goal can be measured up to ``day``.
        """
        h = self(metric, channel)
        if metric not in POST_PARTS or h.empty or h.last is None or h.last >= day:
            return h
        days = pd.date_range(h.daily.index[0], pd.Timestamp(day), freq="D")
        return dataclasses.replace(h, daily=h.daily.reindex(days, fill_value=0.0))

    def posts_cover(self, channel: str, start: dt.date, end: dt.date) -> bool:
        """Whether the posts of ``channel`` (``all``: of every channel) cover the window.

        Posts are events: quiet days at the window's edges, up to the channel's usual pause between
        posts, are days without a post, not missing data (the coverage rule of every report,
        :mod:`reporting.coverage.measure`). A channel whose posts stop or start inside the window
        beyond that pause leaves it uncovered; one without a post near the window adds nothing.
        """
        found = list(self.posts.values()) if channel == "all" else [s for c, s in self.posts.items() if c == channel]
        status = {measure_source(s, start, end, 0).status for s in found}
        return COMPLETE in status and PARTIAL not in status

    def value(self, metric: str, channel: str, start: dt.date, end: dt.date) -> float | None:
        """The metric over the window, as :meth:`MetricHistory.value` measures it.

        A post metric's history covers the days from the first post to the last (or to the end of the
        account export); when the posts cover the window by :meth:`posts_cover` (an X-only account whose
        first post of the year is on 3 January), the window is read from the posts inside it, so a
        channel's post count and post totals come from its posts even when no other source exists.
        """
        h = self(metric, channel)
        value = h.value(start, end)
        if value is None and metric in POST_PARTS and not h.empty and self.posts_cover(channel, start, end):
            first, last = max(start, h.first), min(end, h.last)
            if first > last:
                return 0.0 if h.how == "sum" else None
            value = h.value(first, last)
        return value


def report_channels(data: ClientData, params: ClientParams) -> list[str]:
    """The client's channels, then any other channel its own data holds (an account the parameters forgot)."""
    seen = set(data.posts["channel"].dropna()) | set(data.account_daily["channel"].dropna())
    return list(params.channels) + sorted(seen - set(params.channels))


def channel_totals(hist: Histories, channels: list[str], start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per channel (and ``all``) with the period's totals and levels, as the KPI review defines them.

    ``followers`` is the level at the end of ``end``; ``followers_start`` the level at the
    end of the day before ``start`` (or on ``start`` when the data begins that day). A
    value is missing when the data does not cover the whole period.
    """
    rows = {}
    for channel in [*channels, "all"]:
        row = {col: hist.value(metric, channel, start, end) for col, metric in TOTALS.items()}
        levels = hist("followers", channel)
        before = levels.level_at(start - dt.timedelta(days=1))
        row["followers_start"] = before if before is not None else levels.level_at(start)
        rows[channel] = row
    out = pd.DataFrame.from_dict(rows, orient="index").astype("Float64")
    out.index.name = "channel"
    out["engagement_rate"] = (out["engagements"] / out["reach"]).where(out["reach"] > 0)
    out["engagement_rate_impressions"] = (out["engagements"] / out["impressions"]).where(out["impressions"] > 0)
    out["reach_per_post"] = (out["reach"] / out["posts"]).where(out["posts"] > 0)
    out["cost_per_result"] = (out["spend"] / out["conversions"]).where((out["conversions"] > 0) & (out["spend"] > 0))
    out["return_on_spend"] = ((out["revenue"] - out["spend"]) / out["spend"]).where(
        (out["spend"] > 0) & (out["revenue"] > 0))
    return out


def year_over_year(this: pd.DataFrame, last: pd.DataFrame) -> pd.DataFrame:
    """Long frame: channel, metric, this year, last year, relative change (None when last year is 0 or missing)."""
    rows = []
    for channel in this.index:
        for metric in YOY_METRICS:
            a = this.at[channel, metric] if metric in this else pd.NA
            b = last.at[channel, metric] if channel in last.index and metric in last else pd.NA
            a = None if pd.isna(a) else float(a)
            b = None if pd.isna(b) else float(b)
            change = a / b - 1 if a is not None and b not in (None, 0.0) and metric not in SHOWN_AS_WAS else None
            rows.append({"channel": channel, "metric": metric, "this_year": a, "last_year": b, "change": change})
    return pd.DataFrame(rows, columns=["channel", "metric", "this_year", "last_year", "change"])


def monthly(hist: Histories, channels: list[str], year: Period, previous: Period,
            exposure: str = "reach") -> pd.DataFrame:
    """Long frame period x month x channel x metric (exposure, engagements, followers, conversions).

    ``period`` is 'this' or 'last'; ``index`` the month's position in its period (0 = first),
    so the two periods line up month by month. Followers are month-end levels. Months the
    data does not cover are missing, not zero.
    """
    rows = []
    for name, period in (("this", year), ("last", previous)):
        month, index = period.start, 0
        while month <= period.end:
            last = min(period.end, (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))
            for channel in channels:
                for metric in (exposure, *TREND_METRICS):
                    rows.append({"period": name, "index": index, "month": month, "channel": channel, "metric": metric,
                                 "value": hist.value(TOTALS[metric], channel, month, last)})
            month, index = last + dt.timedelta(days=1), index + 1
    out = pd.DataFrame(rows, columns=["period", "index", "month", "channel", "metric", "value"])
    out["value"] = out["value"].astype("Float64")
    return out


def audience_shift(this: pd.DataFrame) -> pd.DataFrame:
    """Followers per channel at the start and end of the year, growth, and each channel's share of all followers."""
    t = this.drop(index="all", errors="ignore")
    t = t[t["followers"].notna() | t["followers_start"].notna()]
    out = pd.DataFrame({"channel": t.index, "start": t["followers_start"].to_numpy(dtype=float, na_value=np.nan),
                        "end": t["followers"].to_numpy(dtype=float, na_value=np.nan)})
    out["change"] = out["end"] - out["start"]
    out["growth"] = (out["change"] / out["start"]).where(out["start"] > 0)
    out["share_start"] = out["start"] / out["start"].sum() if out["start"].sum() > 0 else np.nan
    out["share_end"] = out["end"] / out["end"].sum() if out["end"].sum() > 0 else np.nan
    return out.sort_values("end", ascending=False, kind="stable").reset_index(drop=True)


def positive(x: object) -> bool:
    """A value that is known and above zero (a total worth comparing against)."""
    return x is not None and not pd.isna(x) and float(x) > 0


def growth(a: object, b: object) -> float | None:
    """``a`` / ``b`` - 1, or None when ``b`` is not a positive value or ``a`` is unknown."""
    return None if not positive(b) or a is None or pd.isna(a) else float(a) / float(b) - 1
