"""The metric engine: every KPI as daily components, so a period, a goal window and a forecast share one definition.

Every number starts as a :class:`MetricHistory`: one metric's daily numerator
and denominator for one channel selection. A period's value is computed from
those daily totals (a rate is a ratio of sums, never an average of daily or
per-post ratios), so a month, a quarter, a goal's baseline window and a
forecast's weekly points all share one definition.

Definitions (stated in the report, see ``locales/*/kpi.yaml``):

- engagements = likes + comments + shares + saves (missing parts count as 0,
  a post with none of them is unknown); clicks are reported separately;
- post metrics are lifetime totals attributed to the post's publication day
  in the client's time zone;
- engagement rate by reach / impressions / followers = engagements / reach,
  / impressions, / followers of the account on the day of posting;
- amplification = shares / followers at posting; virality = shares / impressions;
  CTR = link clicks / impressions;
- follower growth rate = (end - start) / start, start = followers at the end
  of the day before the window;
- web traffic counts sources mapped to a social channel only;
- spend = the ad-spend table, plus post boost spend for channels the ad-spend
  table does not cover; cost per result = spend / social conversions;
  return on spend = (social revenue - spend) / spend.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from reporting.analysis.posts import calendar_days, post_frame
from reporting.dataset import ClientData
from reporting.metrics import METRICS, Metric

from reporting.coverage import Window, comparable

if TYPE_CHECKING:
    from reporting.periods import Period

How = Literal["level", "sum", "ratio", "growth"]
SITE_TOTAL = "(all sources)"  # a web export's total row without a source dimension (never a social source)

# KPIs the report shows that are not goal metrics in the registry (no goal may name them).
EXTRA_METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("posts", "engagement", "sum", True, "Posts published"),
        Metric("engagement_rate_followers", "engagement", "ratio", True,
               "Engagements / followers on the day of posting (period totals)"),
        Metric("amplification", "engagement", "ratio", True, "Shares / followers on the day of posting"),
        Metric("virality", "engagement", "ratio", True, "Shares / impressions"),
        Metric("video_views", "awareness", "sum", True, "Video views during the period (the channel's daily views)"),
        Metric("users", "web_traffic", "sum", True,
               "Users from social sources, daily counts summed (a returning user counts once a day)"),
    ]
}
KPIS: dict[str, Metric] = {**METRICS, **EXTRA_METRICS}

# How each KPI is displayed: a count, a share (shown as %), or an amount of money.
UNITS: dict[str, Literal["count", "percent", "money"]] = {
    **{name: "count" for name in KPIS},
    **{name: "percent" for name in ("follower_growth_rate", "share_of_voice", "engagement_rate_reach",
                                    "engagement_rate_impressions", "engagement_rate_followers", "amplification",
                                    "virality", "ctr", "conversion_rate", "return_on_spend")},
    **{name: "money" for name in ("revenue", "spend", "cost_per_result")},
}


@dataclass(frozen=True)
class MetricHistory:
    """One metric's daily components for one channel selection.

    ``daily`` is indexed by every calendar day the source table covers (naive
    midnight timestamps) with columns ``num`` and ``den``. ``how`` says how a
    window aggregates: ``level`` (the last value: followers), ``sum``,
    ``ratio`` (sum of num / sum of den) or ``growth`` (relative change of the
    level in ``num``). An empty ``daily`` means the data has nothing for it.
    """

    metric: Metric
    channel: str
    how: How
    daily: pd.DataFrame

    @cached_property
    def empty(self) -> bool:
        return self.daily.empty or bool(self.daily["num"].isna().all())

    @property
    def first(self) -> dt.date | None:
        return None if self.daily.empty else self.daily.index[0].date()

    @property
    def last(self) -> dt.date | None:
        return None if self.daily.empty else self.daily.index[-1].date()

    def covers(self, start: dt.date, end: dt.date) -> bool:
        """Whether every day of the window lies inside the data's coverage (a gap between exports does not)."""
        if self.empty or not (self.first <= start and end <= self.last):  # type: ignore[operator]
            return False
        index = self.daily.index
        inside = index.searchsorted(pd.Timestamp(end), side="right") - index.searchsorted(pd.Timestamp(start))
        return inside == (end - start).days + 1

    def level_at(self, day: dt.date) -> float | None:
        """The level (``num``) at the end of ``day``: the last value observed on or before it, inside coverage."""
        if self.empty or not self.first <= day <= self.last:  # type: ignore[operator]
            return None
        seen = self.daily.loc[: pd.Timestamp(day), "num"].dropna()
        return float(seen.iloc[-1]) if len(seen) else None

    def value(self, start: dt.date, end: dt.date) -> float | None:
        """The metric over the inclusive window; None when the data does not cover it or the rate has no base."""
        if end < start or not self.covers(start, end):
            return None
        if self.how == "level":
            return self.level_at(end)
        if self.how == "growth":
            before = self.level_at(start - dt.timedelta(days=1))
            base = before if before is not None else self.level_at(start)
            now = self.level_at(end)
            return None if base in (None, 0) or now is None else (now - base) / base
        window = self.daily.loc[pd.Timestamp(start): pd.Timestamp(end)]
        num = float(window["num"].sum())
        if self.how == "sum":
            return num
        den = float(window["den"].sum())
        return None if den == 0 else num / den


# ---------------------------------------------------------------------------------------------------------
# Daily components per metric


def _in_channel(df: pd.DataFrame, channel: str) -> pd.DataFrame:
    return df if channel == "all" else df[df["channel"] == channel]


def _daily(frame: pd.DataFrame, coverage: pd.DatetimeIndex) -> pd.DataFrame:
    """Sum rows (day, num, den) per day over the coverage; days without rows are 0."""
    if frame.empty or coverage.empty:
        return pd.DataFrame(columns=["num", "den"], dtype="float64")
    per_day = frame.groupby("day")[["num", "den"]].sum()
    return per_day.reindex(coverage, fill_value=0.0).astype("float64")


def _coverage(days: pd.Series, until: pd.Series | None = None) -> pd.DatetimeIndex:
    """Every day from the first to the last of ``days`` (extended to the last of ``until``)."""
    days = days.dropna()
    if days.empty:
        return pd.DatetimeIndex([])
    last = days.max() if until is None or until.dropna().empty else max(days.max(), until.max())
    return pd.date_range(days.min(), last, freq="D")


_SPANS: dict[tuple[int, str, int, int], tuple[weakref.ref[ClientData], pd.DatetimeIndex]] = {}


def _spans(data: ClientData, table: str, days: pd.Series) -> pd.DatetimeIndex:
    """:func:`_measure_spans`, once per data object, table and set of days (a report asks for each KPI)."""
    stamps = pd.to_datetime(days.dropna()).to_numpy(dtype="datetime64[ns]").view("int64")
    key = (id(data), table, len(stamps), int(stamps.sum(dtype=np.int64)))
    cached = _SPANS.get(key)
    if cached is not None and cached[0]() is data:
        return cached[1]
    found = _measure_spans(data, table, days)
    if not any(k[0] == key[0] for k in _SPANS):  # the first entry for this data object: forget them with it
        weakref.finalize(data, _forget_spans, key[0])
    _SPANS[key] = (weakref.ref(data), found)
    return found


def _forget_spans(data_id: int) -> None:
    for key in [k for k in _SPANS if k[0] == data_id]:
        _SPANS.pop(key, None)


def _measure_spans(data: ClientData, table: str, days: pd.Series) -> pd.DatetimeIndex:
    """The days the exports of ``table`` cover: each file from its first to its last row.

    Events (posts, mentions, ad spend) have rows only on active days, so a quiet day inside an
    export is a zero; the months between two monthly exports are missing data, not quiet ones.
    A gap between two exports no longer than the usual pause between active days inside them
    (a month that ends on a weekend for a weekday poster) is quiet too, as the coverage rule of
    :mod:`reporting.coverage.measure` counts it. Without file information (tables built in code),
    every day from the first to the last.
    """
    src = data.sources
    files = src[src["table"].eq(table).fillna(False)].dropna(subset=["first", "last"]) if len(src) else src
    if files.empty:
        return _coverage(days)
    bounds = sorted((pd.Timestamp(a).normalize(), pd.Timestamp(b).normalize())
                    for a, b in zip(files["first"], files["last"], strict=True))
    pause = _pause_inside(pd.DatetimeIndex(pd.to_datetime(days.dropna())).normalize().unique().sort_values(), bounds)
    merged = [bounds[0]]
    for a, b in bounds[1:]:
        last_a, last_b = merged[-1]
        if (a - last_b).days - 1 <= pause:
            merged[-1] = (last_a, max(last_b, b))
        else:
            merged.append((a, b))
    parts = [pd.date_range(a, b, freq="D") for a, b in merged]
    return pd.DatetimeIndex(np.unique(np.concatenate([p.values for p in parts])))


def _pause_inside(active: pd.DatetimeIndex, bounds: list[tuple[pd.Timestamp, pd.Timestamp]]) -> int:
    """The longest run of quiet days between two active days of the same export."""
    longest = 0
    for a, b in bounds:
        inside = active[(active >= a) & (active <= b)]
        if len(inside) > 1:
            longest = max(longest, int((np.diff(inside.values) // np.timedelta64(1, "D")).max()) - 1)
    return longest


def _post_coverage(data: ClientData, posts: pd.DataFrame) -> pd.DatetimeIndex:
    """The post exports' days; a quiet end is not missing data: the last one runs on to the account export's end."""
    spans = _spans(data, "posts", posts["day"])
    account = data.account_daily["date"].dropna()
    if spans.empty or account.empty or account.max() <= spans.max():
        return spans
    return spans.union(pd.date_range(spans.max() + pd.Timedelta(days=1), account.max(), freq="D"))


# metric -> (numerator column, denominator column) on post_frame; "one" counts posts.
POST_PARTS: dict[str, tuple[str, str]] = {
    "posts": ("one", "one"),
    "impressions": ("impressions", "one"),
    "reach": ("reach", "one"),
    "avg_reach_per_post": ("reach", "one"),
    "engagements": ("engagements", "one"),
    "likes": ("likes", "one"),
    "comments": ("comments", "one"),
    "shares": ("shares", "one"),
    "engagement_rate_reach": ("engagements", "reach"),
    "engagement_rate_impressions": ("engagements", "impressions"),
    "engagement_rate_followers": ("engagements", "followers_at_post"),
    "amplification": ("shares", "followers_at_post"),
    "virality": ("shares", "impressions"),
    "link_clicks": ("link_clicks", "one"),
    "ctr": ("link_clicks", "impressions"),
}


def _from_posts(data: ClientData, metric: str, channel: str) -> pd.DataFrame:
    posts = post_frame(data)
    num, den = POST_PARTS[metric]
    selected = _in_channel(posts[list(dict.fromkeys(["day", "channel", num, den]))], channel)
    if selected.empty:
        return _daily(selected, pd.DatetimeIndex([]))
    rows = selected.dropna(subset=[num, den])
    return _daily(pd.DataFrame({"day": rows["day"], "num": rows[num], "den": rows[den]}), _post_coverage(data, posts))


def _account_levels(data: ClientData, channel: str) -> pd.DataFrame:
    """Followers at the end of each covered day, summed over the selection's accounts (each carried forward)."""
    daily = data.account_daily
    coverage = _coverage(daily["date"])
    rows = _in_channel(daily, channel).dropna(subset=["date", "followers"])
    if rows.empty:
        return _daily(rows, pd.DatetimeIndex([]))
    wide = rows.assign(key=rows["channel"] + "/" + rows["account"].fillna(""),
                       followers=rows["followers"].astype("float64"))
    wide = wide.pivot_table(index="date", columns="key", values="followers", aggfunc="last")
    level = wide.reindex(coverage).ffill().sum(axis=1, min_count=1)
    return pd.DataFrame({"num": level, "den": np.nan})


def _net_new(data: ClientData, channel: str) -> pd.DataFrame:
    """Net new followers per day; where an export lacks them, the day-to-day change in followers."""
    daily = data.account_daily
    rows = _in_channel(daily, channel)
    if rows.empty:
        return _daily(rows, pd.DatetimeIndex([]))
    rows = rows.sort_values("date").assign(account=rows["account"].fillna(""))
    change = rows.groupby(["channel", "account"])["followers"].diff().astype("float64")
    net = rows["net_new"].astype("float64").fillna(change)
    return _daily(rows.assign(day=rows["date"], num=net.fillna(0.0), den=1.0), _coverage(daily["date"]))


def _account_daily_sum(data: ClientData, column: str, channel: str) -> pd.DataFrame:
    """A daily account count (profile visits, the channel's video views) over the days the export covers."""
    daily = data.account_daily
    rows = _in_channel(daily, channel).dropna(subset=[column])
    if rows.empty:
        return _daily(rows, pd.DatetimeIndex([]))
    return _daily(rows.assign(day=rows["date"], num=rows[column].astype("float64"), den=1.0),
                  _coverage(rows["date"]))


def social_traffic(data: ClientData) -> pd.DataFrame:
    """Web-traffic rows whose source maps to a social channel."""
    web = data.web_traffic
    return web[web["channel"].fillna("").str.len() > 0]


def _from_web(data: ClientData, metric: str, channel: str) -> pd.DataFrame:
    """Social web traffic; revenue counts as not tracked when no social source ever earned any (lead generation).

    The days covered are those of the exports that carry the measure by source (a GA4 export without
    sessions, or a site total without sources, says nothing about sessions from social on its days).
    """
    parts = {"sessions": ("sessions", None), "users": ("users", None), "conversions": ("conversions", None),
             "revenue": ("revenue", None), "conversion_rate": ("conversions", "sessions")}
    num, den = parts[metric]
    web = _in_channel(social_traffic(data)[["date", "channel", "sessions", "users", "conversions", "revenue"]],
                      channel)
    rows = web.dropna(subset=[num] + ([den] if den else []))
    if rows.empty or (metric == "revenue" and not social_traffic(data)["revenue"].gt(0).any()):
        return _daily(rows, pd.DatetimeIndex([]))
    measured = data.web_traffic
    measured = measured[measured[num].notna() & measured["source"].ne(SITE_TOTAL)]
    rows = rows.assign(day=rows["date"], num=rows[num].astype("float64"),
                       den=rows[den].astype("float64") if den else 1.0)
    return _daily(rows, _coverage(measured["date"]))


def _mentions(data: ClientData, metric: str, channel: str, brands: Sequence[str]) -> pd.DataFrame:
    if not brands:
        raise ValueError(f"metric {metric!r} needs the client's brands (client first, then competitors)")
    mentions = data.mentions
    rows = _in_channel(mentions, channel)
    rows = rows[rows["brand"].isin(list(brands))]
    if rows.empty:
        return _daily(rows, pd.DatetimeIndex([]))
    own = (rows["brand"] == brands[0]).astype("float64")
    rows = rows.assign(day=calendar_days(rows["time"]), num=own, den=1.0)
    return _daily(rows, _spans(data, "mentions", calendar_days(mentions["time"])))


def _spend_daily(data: ClientData, channel: str) -> pd.DataFrame:
    """Daily spend: the ad-spend table, plus post boost spend on channels that table does not cover."""
    ads = _in_channel(data.spend, channel).dropna(subset=["spend"])
    posts = post_frame(data)
    boosts = _in_channel(posts[["day", "channel", "spend"]], channel)
    boosts = boosts[~boosts["channel"].isin(set(data.spend["channel"].dropna()))].dropna(subset=["spend"])
    rows = pd.concat([ads.assign(day=ads["date"], num=ads["spend"].astype("float64")),
                      boosts.assign(num=boosts["spend"])])[["day", "num"]]
    if rows.empty:
        return _daily(rows.assign(den=1.0), pd.DatetimeIndex([]))
    ads_days = _spans(data, "spend", data.spend["date"])
    return _daily(rows.assign(den=1.0), ads_days.union(_post_coverage(data, posts)))


def _ratio(num: pd.DataFrame, den: pd.DataFrame, subtract_den: bool = False) -> pd.DataFrame:
    """Combine two daily sums into a ratio history on the days both cover."""
    days = num.index.intersection(den.index)
    if days.empty:
        return pd.DataFrame(columns=["num", "den"], dtype="float64")
    n, d = num.loc[days, "num"], den.loc[days, "num"]
    return pd.DataFrame({"num": n - d if subtract_den else n, "den": d})


def _cost_per_result(data: ClientData, channel: str) -> pd.DataFrame:
    return _ratio(_spend_daily(data, channel), _from_web(data, "conversions", channel))


def _return_on_spend(data: ClientData, channel: str) -> pd.DataFrame:
    return _ratio(_from_web(data, "revenue", channel), _spend_daily(data, channel), subtract_den=True)


Builder = Callable[[ClientData, str, Sequence[str]], pd.DataFrame]
BUILDERS: dict[str, tuple[How, Builder]] = {
    **{m: ("ratio" if KPIS[m].kind in ("ratio", "mean") else "sum",
           (lambda d, c, b, m=m: _from_posts(d, m, c))) for m in POST_PARTS},
    "followers": ("level", lambda d, c, b: _account_levels(d, c)),
    "follower_growth_rate": ("growth", lambda d, c, b: _account_levels(d, c)),
    "net_new_followers": ("sum", lambda d, c, b: _net_new(d, c)),
    "profile_visits": ("sum", lambda d, c, b: _account_daily_sum(d, "profile_visits", c)),
    "video_views": ("sum", lambda d, c, b: _account_daily_sum(d, "video_views", c)),
    **{m: ("ratio" if m == "conversion_rate" else "sum", (lambda d, c, b, m=m: _from_web(d, m, c)))
       for m in ("sessions", "users", "conversions", "revenue", "conversion_rate")},
    "mentions": ("sum", lambda d, c, b: _mentions(d, "mentions", c, b)),
    "share_of_voice": ("ratio", lambda d, c, b: _mentions(d, "share_of_voice", c, b)),
    "spend": ("sum", lambda d, c, b: _spend_daily(d, c)),
    "cost_per_result": ("ratio", lambda d, c, b: _cost_per_result(d, c)),
    "return_on_spend": ("ratio", lambda d, c, b: _return_on_spend(d, c)),
}


# The canonical tables each KPI is measured from: where its like-for-like window and its goal's last covered
# day come from (see reporting.coverage).
TABLES: dict[str, tuple[str, ...]] = {
    **{m: ("posts",) for m in POST_PARTS},
    **{m: ("account_daily",) for m in ("followers", "follower_growth_rate", "net_new_followers", "profile_visits")},
    **{m: ("web_traffic",) for m in ("sessions", "users", "conversions", "revenue", "conversion_rate")},
    "video_views": ("account_daily",),
    "mentions": ("mentions",), "share_of_voice": ("mentions",), "spend": ("spend", "posts"),
    "cost_per_result": ("spend", "posts", "web_traffic"), "return_on_spend": ("spend", "posts", "web_traffic"),
}


def history(data: ClientData, metric: str, channel: str = "all", brands: Sequence[str] = ()) -> MetricHistory:
    """The daily components of ``metric`` on ``channel`` ('all' for every channel).

    ``brands`` (client first, then competitors) is needed by ``mentions`` and
    ``share_of_voice``.

    Examples
    --------
    >>> h = history(data, "link_clicks", "facebook")
    >>> h.value(dt.date(2026, 10, 1), dt.date(2026, 10, 31))  # October's link clicks
    """
    if metric not in BUILDERS:
        raise ValueError(f"unknown KPI {metric!r} (known: {', '.join(sorted(BUILDERS))})")
    how, build = BUILDERS[metric]
    return MetricHistory(KPIS[metric], channel, how, build(data, channel, brands))


def compare(h: MetricHistory, period: Period, window: Window | None = None) -> dict[str, object]:
    """The KPI in the period, the previous period and the same period a year earlier, with the changes.

    ``window`` (part of the period: the days its sources cover) compares like with like: the
    same days in each period (:func:`reporting.coverage.comparable`); ``window_start`` and
    ``window_end`` then say which days. ``change_*`` is relative ((now - then) / |then|);
    ``delta_*`` the difference (what a rate shows, in points).
    """
    now_days: tuple[dt.date, dt.date] = (period.start, period.end)
    others = {"previous": period.previous(), "year_ago": period.year_ago()}
    out: dict[str, object] = {"window_start": None, "window_end": None}
    if window is not None and (window.start, window.end) != now_days:
        same = comparable(period, window)
        now_days = (same.current.start, same.current.end)
        others = {"previous": same.previous, "year_ago": same.year_ago}
        out.update(window_start=window.start, window_end=window.end)
    now = h.value(*now_days)
    out["value"] = now
    for name, other in others.items():
        then = h.value(other.start, other.end)
        out[name] = then
        out[f"delta_{name}"] = None if now is None or then is None else now - then
        out[f"change_{name}"] = None if now is None or not then else (now - then) / abs(then)
    return out
