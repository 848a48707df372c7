"""KPI review: metric values per period and channel, scorecards, content, web traffic, daily benchmarks.

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
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from babel.dates import format_skeleton

from reporting import display, goals
from reporting.dataset import ClientData
from reporting.metrics import METRICS, Metric

if TYPE_CHECKING:
    from reporting.params import ClientParams, Goal
    from reporting.periods import Period
    from reporting.i18n import Translator
    from reporting.report import ReportContext

How = Literal["level", "sum", "ratio", "growth"]

# KPIs the report shows that are not goal metrics in the registry (no goal may name them).
EXTRA_METRICS: dict[str, Metric] = {
    m.name: m
    for m in [
        Metric("posts", "engagement", "sum", True, "Posts published"),
        Metric("engagement_rate_followers", "engagement", "ratio", True,
               "Engagements / followers on the day of posting (period totals)"),
        Metric("amplification", "engagement", "ratio", True, "Shares / followers on the day of posting"),
        Metric("virality", "engagement", "ratio", True, "Shares / impressions"),
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
        """Whether every day of the window lies inside the data's coverage."""
        return not self.empty and self.first <= start and end <= self.last  # type: ignore[operator]

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


def _days(ts: pd.Series) -> pd.Series:
    """Client-zone calendar day of tz-aware timestamps, as naive midnight."""
    return ts.dt.tz_localize(None).dt.normalize()


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


def _post_coverage(data: ClientData, posts: pd.DataFrame) -> pd.DatetimeIndex:
    """Posts are events: a quiet last day is not missing data, so coverage runs to the account export's end."""
    return _coverage(posts["day"], data.account_daily["date"])


_POST_FRAMES: dict[int, tuple[weakref.ref[ClientData], pd.DataFrame]] = {}


def post_frame(data: ClientData) -> pd.DataFrame:
    """Posts with their publication ``day``, ``engagements``, ``exposure`` and the account's followers that day.

    ``exposure`` is the post's reach, or its impressions on platforms that report no
    reach (X, LinkedIn pages, YouTube): what post-level comparisons within a channel use.
    ``timed`` is False on channels whose export gives only the day (every post at midnight).
    Float columns (NaN for unknown) so ratios and sums stay simple. Computed once per
    ``ClientData`` object (every KPI of a report reads it; the data is not modified).
    """
    key = id(data)
    cached = _POST_FRAMES.get(key)
    if cached is not None and cached[0]() is data:
        return cached[1]
    frame = _post_frame(data)
    _POST_FRAMES[key] = (weakref.ref(data), frame)
    weakref.finalize(data, _POST_FRAMES.pop, key, None)
    return frame


def _post_frame(data: ClientData) -> pd.DataFrame:
    posts = data.posts
    counts = ["impressions", "reach", "likes", "comments", "shares", "saves", "link_clicks", "video_views"]
    out = posts[["post_id", "channel", "account", "published", "content_type", "text", "campaign", "paid"]].copy()
    for col in counts + ["spend"]:
        out[col] = posts[col].astype("float64")
    parts = out[["likes", "comments", "shares", "saves"]]
    out["engagements"] = parts.sum(axis=1, min_count=1)
    out["exposure"] = out["reach"].fillna(out["impressions"])
    out["day"] = _days(out["published"])
    at_midnight = out["published"].dt.tz_localize(None).eq(out["day"])
    out["timed"] = ~at_midnight.groupby(out["channel"]).transform("all")  # the export gives a time of day
    out["campaign"] = tag_campaigns(out, campaign_names(data))
    out["followers_at_post"] = _followers_on(out, data.account_daily)
    out["one"] = 1.0
    return out


def campaign_names(data: ClientData) -> list[str]:
    """Campaign names the data knows: named on posts or in the ad-spend exports."""
    names = pd.concat([data.posts["campaign"], data.spend["campaign"]]).dropna().str.strip()
    return sorted(set(names[names.str.len() > 0]))


def tag_campaigns(posts: pd.DataFrame, names: Sequence[str]) -> pd.Series:
    """Each post's campaign: the exported one, else the campaign whose hashtag the text carries.

    Many exports (Meta's) have no campaign column; teams mark campaign posts with the
    campaign's name as a hashtag (``#SummerColdBrew`` for "Summer Cold Brew"), matched
    here case-insensitively and as a whole tag.
    """
    campaign = posts["campaign"].fillna("").str.strip()
    text = posts["text"].fillna("").str.casefold()
    for name in names:
        tag = "#" + re.escape("".join(name.split()).casefold()) + r"(?!\w)"
        campaign = campaign.mask(campaign.eq("") & text.str.contains(tag, regex=True), name)
    return campaign.replace("", pd.NA)


def _followers_on(posts: pd.DataFrame, account_daily: pd.DataFrame) -> pd.Series:
    """Followers of the posting account at the end of the day before the post: the audience it was shown to.

    A post whose account the daily export names differently (or not at all) takes its
    channel's level when the channel has a single account.
    """
    out = pd.Series(np.nan, index=posts.index, dtype="float64")
    rows = account_daily.dropna(subset=["date", "followers"])
    known = posts.dropna(subset=["day"])
    if known.empty or rows.empty:
        return out
    levels = pd.DataFrame({"channel": rows["channel"], "account": rows["account"].fillna(""),
                           "day": rows["date"] + pd.Timedelta(days=1),
                           "followers": rows["followers"].astype("float64")}).sort_values("day")
    left = pd.DataFrame({"channel": known["channel"], "account": known["account"].fillna(""), "day": known["day"],
                         "row": known.index}).sort_values("day")
    by_account = pd.merge_asof(left, levels, on="day", by=["channel", "account"]).set_index("row")["followers"]
    single = levels.groupby("channel")["account"].nunique().eq(1)
    one_account = levels[levels["channel"].map(single)].drop(columns="account")
    by_channel = pd.merge_asof(left.drop(columns="account"), one_account, on="day",
                               by="channel").set_index("row")["followers"]
    out.loc[by_account.index] = by_account.fillna(by_channel)
    return out


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


def _profile_visits(data: ClientData, channel: str) -> pd.DataFrame:
    daily = data.account_daily
    rows = _in_channel(daily, channel).dropna(subset=["profile_visits"])
    if rows.empty:
        return _daily(rows, pd.DatetimeIndex([]))
    return _daily(rows.assign(day=rows["date"], num=rows["profile_visits"].astype("float64"), den=1.0),
                  _coverage(daily["date"]))


def social_traffic(data: ClientData) -> pd.DataFrame:
    """Web-traffic rows whose source maps to a social channel."""
    web = data.web_traffic
    return web[web["channel"].fillna("").str.len() > 0]


def _from_web(data: ClientData, metric: str, channel: str) -> pd.DataFrame:
    """Social web traffic; revenue counts as not tracked when no social source ever earned any (lead generation)."""
    parts = {"sessions": ("sessions", None), "conversions": ("conversions", None), "revenue": ("revenue", None),
             "conversion_rate": ("conversions", "sessions")}
    num, den = parts[metric]
    web = _in_channel(social_traffic(data)[["date", "channel", "sessions", "conversions", "revenue"]], channel)
    rows = web.dropna(subset=[num] + ([den] if den else []))
    if web.empty or (metric == "revenue" and not social_traffic(data)["revenue"].gt(0).any()):
        return _daily(rows, pd.DatetimeIndex([]))
    rows = rows.assign(day=rows["date"], num=rows[num].astype("float64"),
                       den=rows[den].astype("float64") if den else 1.0)
    return _daily(rows, _coverage(data.web_traffic["date"]))


def _mentions(data: ClientData, metric: str, channel: str, brands: Sequence[str]) -> pd.DataFrame:
    if not brands:
        raise ValueError(f"metric {metric!r} needs the client's brands (client first, then competitors)")
    mentions = data.mentions
    rows = _in_channel(mentions, channel)
    rows = rows[rows["brand"].isin(list(brands))]
    if rows.empty:
        return _daily(rows, pd.DatetimeIndex([]))
    own = (rows["brand"] == brands[0]).astype("float64")
    rows = rows.assign(day=_days(rows["time"]), num=own, den=1.0)
    return _daily(rows, _coverage(_days(mentions["time"])))


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
    ads_days = _coverage(data.spend["date"])
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
    "profile_visits": ("sum", lambda d, c, b: _profile_visits(d, c)),
    **{m: ("ratio" if m == "conversion_rate" else "sum", (lambda d, c, b, m=m: _from_web(d, m, c)))
       for m in ("sessions", "conversions", "revenue", "conversion_rate")},
    "mentions": ("sum", lambda d, c, b: _mentions(d, "mentions", c, b)),
    "share_of_voice": ("ratio", lambda d, c, b: _mentions(d, "share_of_voice", c, b)),
    "spend": ("sum", lambda d, c, b: _spend_daily(d, c)),
    "cost_per_result": ("ratio", lambda d, c, b: _cost_per_result(d, c)),
    "return_on_spend": ("ratio", lambda d, c, b: _return_on_spend(d, c)),
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


# ---------------------------------------------------------------------------------------------------------
# Periods and scorecards

SCORECARDS: dict[str, tuple[str, ...]] = {
    "awareness": ("followers", "impressions", "reach", "avg_reach_per_post", "profile_visits", "mentions",
                  "share_of_voice"),
    "engagement": ("engagements", "likes", "comments", "shares", "link_clicks", "engagement_rate_reach",
                   "engagement_rate_impressions", "engagement_rate_followers", "amplification", "virality"),
    "audience_growth": ("followers", "net_new_followers", "follower_growth_rate"),
    "leads_sales": ("conversions", "conversion_rate", "revenue", "spend", "cost_per_result", "return_on_spend"),
    "web_traffic": ("sessions", "link_clicks", "ctr"),
}
HEADLINE: tuple[str, ...] = ("followers", "net_new_followers", "reach", "engagements", "engagement_rate_reach",
                             "link_clicks", "sessions", "conversions")
# Mentions come from every site on the web, not from the client's channels: totals only.
TOTAL_ONLY = frozenset({"mentions", "share_of_voice"})


def compare(h: MetricHistory, period: Period) -> dict[str, float | None]:
    """The KPI in the period, the previous period and the same period a year earlier, with the changes.

    ``change_*`` is relative ((now - then) / |then|); ``delta_*`` the difference (what a rate shows, in points).
    """
    now = h.value(period.start, period.end)
    out: dict[str, float | None] = {"value": now}
    for name, other in (("previous", period.previous()), ("year_ago", period.year_ago())):
        then = h.value(other.start, other.end)
        out[name] = then
        out[f"delta_{name}"] = None if now is None or then is None else now - then
        out[f"change_{name}"] = None if now is None or not then else (now - then) / abs(then)
    return out


def scorecard(data: ClientData, kpis: Sequence[str], period: Period, channels: Sequence[str],
              brands: Sequence[str] = ()) -> pd.DataFrame:
    """One row per KPI and channel ('all' first): value, previous, year_ago, their deltas and changes.

    Rows whose KPI the data cannot measure at all (no value in any of the three periods) are left out.
    """
    rows = []
    for kpi in kpis:
        for channel in ["all"] + ([] if kpi in TOTAL_ONLY else list(channels)):
            row = compare(history(data, kpi, channel, brands), period)
            if any(row[k] is not None for k in ("value", "previous", "year_ago")):
                rows.append({"kpi": kpi, "channel": channel, **row})
    columns = ["kpi", "channel", "value", "previous", "delta_previous", "change_previous", "year_ago",
               "delta_year_ago", "change_year_ago"]
    return pd.DataFrame(rows, columns=columns)


def biggest_mover(headline: pd.DataFrame) -> pd.Series | None:
    """The headline KPI (channel total) that changed most against the previous period, relatively."""
    moved = headline[headline["channel"].eq("all") & headline["change_previous"].notna()]
    if moved.empty:
        return None
    return moved.loc[moved["change_previous"].abs().idxmax()]


# ---------------------------------------------------------------------------------------------------------
# Content: posts, types, posting times, campaigns, paid versus organic

LOOKBACK_MONTHS = 6  # content types and posting times: enough posts per cell, recent enough to act on
CAMPAIGN_LOOKBACK_MONTHS = 12
CAMPAIGN_GAP_DAYS = 30  # a campaign name silent this long starts a new run (seasonal campaigns recur)
CAMPAIGN_RULE = (0.6, 1.2)  # later / first-week reach index: below dies, above grows, between holds
TOP_POSTS = 5

# The post-level measure that stands for a goal's metric when ranking posts.
POST_MEASURE: dict[str, str] = {
    **{m: "reach" for m in ("reach", "avg_reach_per_post", "followers", "net_new_followers",
                            "follower_growth_rate", "profile_visits", "mentions", "share_of_voice")},
    "impressions": "impressions",
    **{m: "link_clicks" for m in ("link_clicks", "ctr", "sessions", "conversions", "conversion_rate", "revenue",
                                  "spend", "cost_per_result", "return_on_spend")},
    **{m: m for m in ("engagements", "likes", "comments", "shares")},
    "engagement_rate_reach": "engagement_rate",
    "engagement_rate_impressions": "engagement_rate",
}


def lookback(period: Period, months: int) -> tuple[dt.date, dt.date]:
    """The ``months`` months up to the period's end."""
    return goals.months_before(period.end + dt.timedelta(days=1), months)[0], period.end


def post_measure(goal_list: Sequence[Goal]) -> str:
    """The measure posts are ranked by: the first goal's, engagements when there is no goal."""
    return POST_MEASURE.get(goal_list[0].metric, "engagements") if goal_list else "engagements"


def with_scores(posts: pd.DataFrame, measure: str, reference: pd.DataFrame) -> pd.DataFrame:
    """Posts with ``measure`` and ``score``: the measure relative to the median post of the same channel.

    The reference posts set the median (the lookback), so channels with bigger audiences
    do not crowd out the rest: 1.5 means half again what a typical post there earns.
    """
    def values(frame: pd.DataFrame) -> pd.Series:
        if measure == "engagement_rate":
            return frame["engagements"] / frame["exposure"].where(frame["exposure"] > 0)
        return frame["exposure" if measure == "reach" else measure]

    typical = values(reference).groupby(reference["channel"]).median()
    out = posts.assign(measure=values(posts))
    base = out["channel"].map(typical).astype("float64")
    return out.assign(score=out["measure"] / base.where(base > 0))


def between(posts: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    return posts[(posts["day"] >= pd.Timestamp(start)) & (posts["day"] <= pd.Timestamp(end))]


def top_posts(scored: pd.DataFrame, n: int = TOP_POSTS, best: bool = True) -> pd.DataFrame:
    """The ``n`` best (or worst) posts by score; posts without a score are not ranked."""
    ranked = scored.dropna(subset=["score"]).sort_values(["score", "published"], ascending=[not best, True])
    return ranked.head(n).reset_index(drop=True)


def content_types(scored: pd.DataFrame) -> pd.DataFrame:
    """Per content type: posts, reach per post, engagement rate by reach (totals), clicks per post, median score."""
    known = scored.dropna(subset=["content_type"])
    if known.empty:
        return pd.DataFrame(columns=["content_type", "posts", "reach_per_post", "engagement_rate",
                                     "clicks_per_post", "score"])
    g = known.groupby("content_type")
    out = pd.DataFrame({
        "posts": g.size(),
        "reach_per_post": g["exposure"].mean(),
        "engagement_rate": g["engagements"].sum(min_count=1) / g["exposure"].sum(min_count=1),
        "clicks_per_post": g["link_clicks"].mean(),
        "score": g["score"].median(),
    })
    return out.sort_values("score", ascending=False).reset_index()


def posting_times(scored: pd.DataFrame, min_posts: int) -> pd.DataFrame:
    """Weekday x hour cells in the client's time zone: posts, median score, rank among cells with enough posts.

    ``scored`` must carry ``score`` (see :func:`with_scores`); its ``published`` is already in the client's zone.
    Posts from channels whose export has no time of day are left out.
    """
    known = scored[scored["timed"]].dropna(subset=["score"])
    cells = known.assign(weekday=known["published"].dt.day_of_week, hour=known["published"].dt.hour)
    grid = (cells.groupby(["weekday", "hour"]).agg(posts=("score", "size"), score=("score", "median"))
            .reset_index())
    ranked = grid["posts"] >= min_posts
    grid["rank"] = grid["score"].where(ranked).rank(ascending=False, method="first").astype("Int64")
    return grid.sort_values(["weekday", "hour"]).reset_index(drop=True)


def best_slots(grid: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` best-ranked posting cells."""
    return grid.dropna(subset=["rank"]).sort_values("rank").head(n).reset_index(drop=True)


def campaign_runs(scored: pd.DataFrame, gap_days: int = CAMPAIGN_GAP_DAYS) -> pd.DataFrame:
    """Campaign posts with ``run`` (campaign + launch day) and ``age`` (days since launch).

    A campaign name that goes quiet for ``gap_days`` and comes back starts a new run,
    so a seasonal campaign repeated every year is judged run by run.
    """
    posts = scored[scored["campaign"].fillna("").str.strip().str.len() > 0].sort_values("published")
    if posts.empty:
        return posts.assign(launch=pd.Series(dtype="datetime64[ns]"), age=pd.Series(dtype="int64"))
    gap = posts.groupby("campaign")["day"].diff().dt.days.fillna(gap_days + 1)
    run_no = (gap > gap_days).astype(int).groupby(posts["campaign"]).cumsum()
    launch = posts.groupby([posts["campaign"], run_no])["day"].transform("min")
    return posts.assign(launch=launch, age=(posts["day"] - launch).dt.days)


def campaign_life_cycles(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per campaign run: launch, posts, days, first-week and later reach score, ratio, verdict.

    The verdict compares the median reach score of posts from day 7 on with the first
    week's (:data:`CAMPAIGN_RULE`): ``dies`` below 0.6, ``grows`` above 1.2, ``holds``
    between; ``too_short`` with fewer than two posts on either side.
    """
    columns = ["campaign", "launch", "last", "posts", "first_week", "later", "ratio", "verdict"]
    if runs.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for (campaign, launch), posts in runs.groupby(["campaign", "launch"], sort=False):
        first, later = posts.loc[posts["age"] < 7, "score"].dropna(), posts.loc[posts["age"] >= 7, "score"].dropna()
        ratio = later.median() / first.median() if len(first) >= 2 and len(later) >= 2 and first.median() else None
        low, high = CAMPAIGN_RULE
        verdict = ("too_short" if ratio is None else "dies" if ratio < low else "grows" if ratio > high
                   else "holds")
        rows.append({"campaign": campaign, "launch": launch, "last": posts["day"].max(), "posts": len(posts),
                     "first_week": first.median() if len(first) else None,
                     "later": later.median() if len(later) else None, "ratio": ratio, "verdict": verdict})
    return pd.DataFrame(rows, columns=columns).sort_values("launch", ascending=False).reset_index(drop=True)


def campaign_curves(runs: pd.DataFrame) -> pd.DataFrame:
    """Median reach score per campaign run and week since launch (week 1 = days 0-6)."""
    if runs.empty:
        return pd.DataFrame(columns=["campaign", "launch", "week", "score", "posts"])
    weeks = runs.assign(week=runs["age"] // 7 + 1)
    return (weeks.groupby(["campaign", "launch", "week"]).agg(score=("score", "median"), posts=("score", "size"))
            .reset_index())


def paid_vs_organic(posts: pd.DataFrame) -> pd.DataFrame:
    """Boosted versus organic posts per channel and in total (posts with an unknown flag are left out)."""
    known = posts.dropna(subset=["paid"])
    rows = []
    for channel, group in [("all", known)] + list(known.groupby("channel")):
        for paid, part in group.groupby(group["paid"].astype(bool)):
            reach, spend = part["exposure"].sum(min_count=1), part["spend"].sum(min_count=1)
            clicks = part["link_clicks"].sum(min_count=1)
            rows.append({
                "channel": channel, "paid": bool(paid), "posts": len(part), "reach_per_post": part["exposure"].mean(),
                "engagement_rate": _ratio_of(part["engagements"].sum(min_count=1), reach),
                "clicks_per_post": part["link_clicks"].mean(), "spend": spend if paid else None,
                "cost_per_1000_reach": _ratio_of(spend * 1000, reach) if paid else None,
                "cost_per_click": _ratio_of(spend, clicks) if paid else None,
            })
    return pd.DataFrame(rows, columns=["channel", "paid", "posts", "reach_per_post", "engagement_rate",
                                       "clicks_per_post", "spend", "cost_per_1000_reach", "cost_per_click"])


def _ratio_of(num: float, den: float) -> float | None:
    return None if pd.isna(num) or pd.isna(den) or den == 0 else float(num) / float(den)


def spend_and_return(data: ClientData, period: Period, channels: Sequence[str]) -> pd.DataFrame:
    """Per channel and in total: spend, social conversions, cost per result, social revenue, return on spend."""
    rows = []
    for channel in ["all"] + list(channels):
        row = {m: history(data, m, channel).value(period.start, period.end)
               for m in ("spend", "conversions", "cost_per_result", "revenue", "return_on_spend")}
        if row["spend"]:
            rows.append({"channel": channel, **row})
    return pd.DataFrame(rows, columns=["channel", "spend", "conversions", "cost_per_result", "revenue",
                                       "return_on_spend"])


# ---------------------------------------------------------------------------------------------------------
# Web traffic from social

TREND_WEEKS = 26


def web_sources(data: ClientData, period: Period) -> pd.DataFrame:
    """Social sources in the period: sessions (and the previous period's), conversions, rate, revenue."""
    web = social_traffic(data)
    if web.empty:
        return pd.DataFrame(columns=["channel", "source", "medium", "sessions", "previous_sessions",
                                     "change", "conversions", "conversion_rate", "revenue"])

    def totals(p: Period) -> pd.DataFrame:
        rows = web[(web["date"] >= pd.Timestamp(p.start)) & (web["date"] <= pd.Timestamp(p.end))]
        rows = rows.assign(medium=rows["medium"].fillna(""))
        return rows.groupby(["channel", "source", "medium"])[["sessions", "conversions", "revenue"]].sum(
            min_count=1).astype("float64")

    now, before = totals(period), totals(period.previous())
    out = now.assign(previous_sessions=before["sessions"].reindex(now.index))
    out["change"] = (out["sessions"] - out["previous_sessions"]) / out["previous_sessions"].where(
        out["previous_sessions"] > 0)
    out["conversion_rate"] = out["conversions"] / out["sessions"].where(out["sessions"] > 0)
    out = out.reset_index().sort_values("sessions", ascending=False)
    return out[["channel", "source", "medium", "sessions", "previous_sessions", "change", "conversions",
                "conversion_rate", "revenue"]].reset_index(drop=True)


def weekly_sessions(data: ClientData, end: dt.date, channels: Sequence[str], weeks: int = TREND_WEEKS) -> pd.DataFrame:
    """Sessions from each social channel per week (weeks ending on ``end``): columns week_end, channel, sessions."""
    rows = []
    for channel in channels:
        h = history(data, "sessions", channel)
        for k in range(weeks - 1, -1, -1):
            last = end - dt.timedelta(days=7 * k)
            value = h.value(last - dt.timedelta(days=6), last)
            if value is not None:
                rows.append({"week_end": pd.Timestamp(last), "channel": channel, "sessions": value})
    return pd.DataFrame(rows, columns=["week_end", "channel", "sessions"])


# ---------------------------------------------------------------------------------------------------------
# What a good day looks like

BENCHMARK_DAYS = 90
BENCHMARKS: tuple[str, ...] = ("mentions", "shares", "net_new_followers", "link_clicks")


def daily_benchmarks(data: ClientData, end: dt.date, brands: Sequence[str], days: int = BENCHMARK_DAYS,
                     measures: Sequence[str] = BENCHMARKS) -> pd.DataFrame:
    """Per measure, over the ``days`` days up to ``end``: a typical day (median), a good day (75th percentile), the best.

    Only days the data covers count; a measure with no covered day is left out.
    """
    start = end - dt.timedelta(days=days - 1)
    rows = []
    for measure in measures:
        if measure in TOTAL_ONLY and not brands:
            continue
        h = history(data, measure, "all", brands)
        if h.empty:
            continue
        daily = h.daily.loc[pd.Timestamp(start): pd.Timestamp(end), "num"].dropna()
        if daily.empty:
            continue
        rows.append({"measure": measure, "median": float(daily.median()), "p75": float(daily.quantile(0.75)),
                     "best": float(daily.max()), "days": len(daily)})
    return pd.DataFrame(rows, columns=["measure", "median", "p75", "best", "days"])


# ---------------------------------------------------------------------------------------------------------
# The whole review

ACTION_UPLIFT = 1.15  # a posting slot or content type must beat the typical post by this much to be advised


@dataclass(frozen=True)
class Action:
    """The one thing to do next: a catalogue key (``kpi.action_<key>``) and its values."""

    key: Literal["campaign", "time", "type"]
    values: dict[str, object]


@dataclass
class KpiReview:
    """Everything the KPI review shows, computed once by :func:`build`."""

    period: Period
    timezone: str
    brand: str
    channels: list[str]
    goals: list[goals.GoalStatus]
    tracks: dict[str, list[tuple[dt.date, float]]]
    scores: pd.DataFrame  # scorecard rows for every KPI shown (see :func:`scorecard`)
    measure: str  # the post-level measure posts are ranked by
    lookback: tuple[dt.date, dt.date]
    top: pd.DataFrame
    bottom: pd.DataFrame
    types: pd.DataFrame
    times: pd.DataFrame
    min_posts: int
    campaign_lookback: tuple[dt.date, dt.date]
    campaigns: pd.DataFrame
    curves: pd.DataFrame
    paid: pd.DataFrame
    spend: pd.DataFrame
    web: pd.DataFrame
    web_trend: pd.DataFrame
    benchmarks: pd.DataFrame
    action: Action | None

    def scorecard(self, objective: str) -> pd.DataFrame:
        """The rows of one objective's scorecard, in the order of :data:`SCORECARDS`."""
        order = {k: i for i, k in enumerate(SCORECARDS[objective])}
        rows = self.scores[self.scores["kpi"].isin(order)]
        return rows.sort_values("kpi", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)

    @property
    def headline(self) -> pd.DataFrame:
        rows = self.scores[self.scores["kpi"].isin(HEADLINE) & self.scores["channel"].eq("all")]
        return rows.drop_duplicates("kpi").reset_index(drop=True)


def goal_statuses(data: ClientData, params: ClientParams, as_of: dt.date) -> list[goals.GoalStatus]:
    """Every goal in the client's parameters evaluated as of ``as_of`` (the annual review reuses this)."""
    return [goals.evaluate(g, history(data, g.metric, g.channel, params.brands()), as_of) for g in params.goals]


def build(ctx: ReportContext) -> KpiReview:
    """Compute every section of the KPI review for the context's client and period."""
    data, params, period = ctx.data, ctx.params, ctx.period
    brands, channels = params.brands(), list(params.channels)
    statuses = goal_statuses(data, params, period.end)
    tracks = {s.goal.id: goals.track(history(data, s.goal.metric, s.goal.channel, brands), s.goal, period.end)
              for s in statuses}
    kpis = list(dict.fromkeys(k for group in SCORECARDS.values() for k in group))
    scores = scorecard(data, kpis, period, channels, brands)

    posts = post_frame(data)
    measure = post_measure(params.goals)
    recent = between(posts, *lookback(period, LOOKBACK_MONTHS))
    in_period = with_scores(between(posts, period.start, period.end), measure, recent)
    engagement = with_scores(recent, "engagement_rate", recent)
    min_posts = params.thresholds.min_posts_per_cell
    times = posting_times(engagement, min_posts)
    types = content_types(with_scores(recent, measure, recent))
    year = between(posts, *lookback(period, CAMPAIGN_LOOKBACK_MONTHS))
    runs = campaign_runs(with_scores(year, "reach", year))
    campaigns = campaign_life_cycles(runs)
    review = KpiReview(
        period=period, timezone=params.timezone, brand=brands[0], channels=channels, goals=statuses, tracks=tracks, scores=scores, measure=measure,
        lookback=lookback(period, LOOKBACK_MONTHS), top=top_posts(in_period), bottom=top_posts(in_period, best=False),
        types=types, times=times, min_posts=min_posts,
        campaign_lookback=lookback(period, CAMPAIGN_LOOKBACK_MONTHS), campaigns=campaigns,
        curves=campaign_curves(runs), paid=paid_vs_organic(between(posts, period.start, period.end)),
        spend=spend_and_return(data, period, channels), web=web_sources(data, period),
        web_trend=weekly_sessions(data, period.end, channels),
        benchmarks=daily_benchmarks(data, period.end, brands), action=None)
    review.action = next_action(review, min_posts)
    return review


def next_action(r: KpiReview, min_posts: int) -> Action | None:
    """The one thing to do next, by a fixed priority (stated in the report).

    1. a campaign launched in this period or the one before whose reach died after week one:
       refresh it; 2. the best posting slot, when it beats the typical post by
       :data:`ACTION_UPLIFT`: post more there; 3. the best content type, same bar.
    """
    recent_launch = pd.Timestamp(r.period.previous().start)
    dying = r.campaigns[(r.campaigns["verdict"] == "dies") & (r.campaigns["launch"] >= recent_launch)]
    if not dying.empty:
        run = dying.iloc[0]
        return Action("campaign", {"campaign": run["campaign"], "launch": run["launch"].date(),
                                   "drop": 1 - run["ratio"]})
    slots = best_slots(r.times, 1)
    if not slots.empty and slots["score"].iloc[0] >= ACTION_UPLIFT:
        slot = slots.iloc[0]
        return Action("time", {"weekday": int(slot["weekday"]), "hour": int(slot["hour"]),
                               "uplift": slot["score"] - 1, "posts": int(slot["posts"])})
    types = r.types[r.types["posts"] >= min_posts]
    if not types.empty and types["score"].iloc[0] >= ACTION_UPLIFT:
        best = types.iloc[0]
        return Action("type", {"content_type": best["content_type"], "uplift": best["score"] - 1,
                               "posts": int(best["posts"])})
    return None


# ---------------------------------------------------------------------------------------------------------
# Words and numbers: formatting, the executive summary, the summary.json payload


def fmt(t: Translator, kpi: str, value: float | None) -> str:
    """A KPI value in the report language, by its unit (count, share, money)."""
    if value is None or pd.isna(value):
        return "–"
    unit = UNITS.get(kpi, "count")
    if unit == "percent":
        return t.percent(value, 2 if abs(value) < 0.01 else 1)
    if unit == "money":
        return t.money(value)
    return t.number(value, 1 if 0 < abs(value) < 10 and value != round(value) else 0)


def fmt_change(t: Translator, kpi: str, delta: float | None, change: float | None) -> str:
    """A change: points for a share (+0.4 pp), relative for everything else (+12.3%)."""
    if UNITS.get(kpi) == "percent":
        if delta is None or pd.isna(delta):
            return "–"
        points = delta * 100
        digits = 1 if abs(points) >= 0.095 else 2
        if round(points, digits) == 0:
            return t("kpi.points", value=t.number(0, digits))
        return t("kpi.points", value=("+" if points > 0 else "") + t.number(points, digits))
    return "–" if change is None or pd.isna(change) else t.signed_percent(change)


def period_name(t: Translator, period: Period) -> str:
    """'Oct 2026' / '2026년 10월' / 'Οκτ 2026' for a calendar month (an abbreviation reads in any
    grammatical case), else the date range."""
    start, end = period.start, period.end
    if start.day == 1 and goals.month_ending(end) == (start, end):
        return format_skeleton("yMMM", start, locale=t.locale)
    return t.period(start, end)


def kpi_label(t: Translator, kpi: str) -> str:
    return t(f"kpi.metric_{kpi}")


def channel_label(t: Translator, channel: str) -> str:
    return t("common.total") if channel == "all" else t(f"kpi.channel_{channel}")


def goal_label(t: Translator, goal: Goal) -> str:
    """The analyst's description, else the metric and channel."""
    if goal.description.strip():
        return goal.description.strip()
    return t("kpi.goal_default_label", metric=kpi_label(t, goal.metric), channel=channel_label(t, goal.channel))


def slot_label(t: Translator, weekday: int, hour: int) -> str:
    return t("kpi.slot", weekday=t.weekday(weekday, "wide"), hour=t(f"kpi.hour_{hour}"))


def goal_sentence(t: Translator, s: goals.GoalStatus) -> str:
    """One summary sentence per goal: where it stands, where it is heading, the verdict."""
    g = s.goal
    name, f = goal_label(t, g), (lambda v: fmt(t, g.metric, v))
    status = t(f"kpi.status_{s.status}")
    if s.phase == "not_started":
        return t("kpi.sum_goal_not_started", goal=name, start=t.date(g.start), baseline=f(s.baseline))
    if s.status == "no_data":
        return t("kpi.sum_goal_no_data", goal=name, reason=t(f"kpi.reason_{s.reason or 'no_current'}"))
    if s.phase == "ended":
        key = "kpi.sum_goal_met" if s.met else "kpi.sum_goal_missed"
        return t(key, goal=name, current=f(s.current), target=f(s.target), deadline=t.date(g.deadline))
    if s.reason == "met_at_start":
        text = t("kpi.sum_goal_met_at_start", goal=name, target=f(s.target), baseline=f(s.baseline),
                 current=f(s.current), status=status)
    elif s.forecast is not None and s.progress is not None and s.progress < 0:
        fc = s.forecast
        text = t("kpi.sum_goal_backwards", goal=name, current=f(s.current), baseline=f(s.baseline),
                 target=f(s.target), deadline=t.date(g.deadline), central=f(fc.central), low=f(fc.low),
                 high=f(fc.high), status=status)
    elif s.forecast is None:
        text = t("kpi.sum_goal_no_forecast", goal=name, current=f(s.current), progress=t.percent(s.progress, 0),
                 target=f(s.target), time=t.percent(s.elapsed_days / s.total_days, 0), status=status)
    else:
        fc = s.forecast
        text = t("kpi.sum_goal_running", goal=name, current=f(s.current), progress=t.percent(s.progress, 0),
                 target=f(s.target), deadline=t.date(g.deadline), central=f(fc.central), low=f(fc.low),
                 high=f(fc.high), status=status)
    if s.realism is not None and s.realism.verdict == "unrealistic" and s.realism.best is not None:
        text += " " + t("kpi.sum_unrealistic", needed=t.signed_percent(s.realism.needed, 0),
                        days=t.number(s.total_days), best=t.signed_percent(s.realism.best, 0))
    return text


def mover_sentence(t: Translator, r: KpiReview) -> str | None:
    row = biggest_mover(r.headline)
    if row is None:
        return None
    key = "kpi.sum_mover_up" if row["change_previous"] > 0 else "kpi.sum_mover_down"
    kpi = row["kpi"]
    size = (t("kpi.points", value=t.number(abs(row["delta_previous"]) * 100, 1)) if UNITS[kpi] == "percent"
            else t.percent(abs(row["change_previous"]), 0))
    return t(key, kpi=kpi_label(t, kpi), change=size, previous=period_name(t, r.period.previous()),
             value=fmt(t, kpi, row["value"]), before=fmt(t, kpi, row["previous"]))


def action_sentence(t: Translator, action: Action | None, measure: str) -> str | None:
    if action is None:
        return None
    v = action.values
    if action.key == "campaign":
        return t("kpi.action_campaign", campaign=v["campaign"], launch=t.date(v["launch"]),
                 drop=t.percent(v["drop"], 0))
    if action.key == "time":
        return t("kpi.action_time", slot=slot_label(t, v["weekday"], v["hour"]), uplift=t.percent(v["uplift"], 0),
                 posts=t.number(v["posts"]), months=LOOKBACK_MONTHS)
    return t("kpi.action_type", content_type=type_label(t, v["content_type"]), uplift=t.percent(v["uplift"], 0),
             measure=t(f"kpi.measure_{measure}"), posts=t.number(v["posts"]), months=LOOKBACK_MONTHS)


MAX_GOAL_SENTENCES = 3


def executive_summary(r: KpiReview, t: Translator) -> list[str]:
    """3-6 sentences: each goal (the three most urgent when there are more), the biggest mover, the next step."""
    urgency = {"off_track": 0, "at_risk": 1, "no_data": 2, "on_track": 3, "not_started": 4}
    ordered = sorted(r.goals, key=lambda s: urgency[s.status])
    sentences = []
    if len(ordered) > MAX_GOAL_SENTENCES:
        counts = {k: sum(s.status == k for s in r.goals) for k in ("on_track", "at_risk", "off_track")}
        sentences.append(t("kpi.sum_goal_count", n=len(r.goals), on=counts["on_track"], risk=counts["at_risk"],
                           off=counts["off_track"]))
        ordered = ordered[: MAX_GOAL_SENTENCES - 1]
    if not r.goals:
        sentences.append(t("kpi.sum_no_goals"))
    sentences += [goal_sentence(t, s) for s in ordered]
    sentences += [s for s in (mover_sentence(t, r), action_sentence(t, r.action, r.measure)) if s]
    return sentences


def summary_payload(r: KpiReview, t: Translator) -> dict[str, object]:
    """The report's own part of ``kpi_review.summary.json`` (schema: docs/summary/kpi_review.md)."""
    def goal(s: goals.GoalStatus) -> dict[str, object]:
        fc, real = s.forecast, s.realism
        return {
            "id": s.goal.id, "objective": s.goal.objective, "metric": s.goal.metric, "channel": s.goal.channel,
            "description": s.goal.description, "higher_is_better": s.higher_is_better,
            "start": s.goal.start, "deadline": s.goal.deadline, "phase": s.phase,
            "baseline": s.baseline, "baseline_source": s.baseline_source, "baseline_window": s.baseline_window,
            "target": s.target, "current": s.current, "current_window": s.current_window,
            "progress": s.progress, "expected": s.expected, "pace": s.pace, "met": s.met,
            "elapsed_days": s.elapsed_days, "remaining_days": s.remaining_days, "total_days": s.total_days,
            "forecast": None if fc is None else {"central": fc.central, "low": fc.low, "high": fc.high,
                                                 "interval": goals.INTERVAL, "method": fc.method,
                                                 "weeks": fc.weeks, "fit_start": fc.fit_start},
            "realism": None if real is None else {"needed": real.needed, "best": real.best,
                                                  "typical": real.typical, "windows": real.windows,
                                                  "verdict": real.verdict},
            "status": s.status, "reason": s.reason or None,
        }

    prev, year = r.period.previous(), r.period.year_ago()
    return {
        "executive_summary": executive_summary(r, t),
        "goals": [goal(s) for s in r.goals],
        "comparison": {"previous": {"start": prev.start, "end": prev.end},
                       "year_ago": {"start": year.start, "end": year.end}},
        "headline": r.headline[["kpi", "value", "previous", "change_previous", "year_ago", "change_year_ago"]],
        "post_measure": r.measure,
        "lookback": {"start": r.lookback[0], "end": r.lookback[1]},
        "best_times": best_slots(r.times)[["weekday", "hour", "posts", "score"]],
        "campaigns": r.campaigns[["campaign", "launch", "posts", "ratio", "verdict"]],
        "benchmarks": r.benchmarks,
        "next_action": None if r.action is None else {"kind": r.action.key, **r.action.values},
    }


# ---------------------------------------------------------------------------------------------------------
# What the notebook shows: each function returns display HTML, or says the data is missing


def labelled(*columns: tuple[str, Sequence[object] | pd.Series]) -> pd.DataFrame:
    """A display table from (label, values) pairs; two columns may never share a label.

    Labels come from the catalogues, and two words that coincide in one language
    would otherwise silently overwrite a column.
    """
    labels = [label for label, _ in columns]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise ValueError(f"two columns are labelled {repeated[0]!r}: make the catalogue labels distinct")
    return pd.DataFrame({label: list(values) for label, values in columns})


def figure(fig: Figure | None, alt: str, caption: str = "") -> display.Html:
    """A chart, or nothing when the chart function had nothing to draw (its table or note says why)."""
    return display.Html("") if fig is None else display.figure(fig, alt=alt, caption=caption)


def headline_tiles(r: KpiReview, t: Translator) -> display.Html:
    """The headline KPIs (all channels) with their change on the previous period."""
    tiles = []
    for row in r.headline.itertuples():
        good = None if pd.isna(row.delta_previous) or row.delta_previous == 0 else (
            (row.delta_previous > 0) == KPIS[row.kpi].higher_is_better)
        tiles.append({"label": kpi_label(t, row.kpi), "value": fmt(t, row.kpi, row.value), "good": good,
                      "delta": t("kpi.vs_previous", change=fmt_change(t, row.kpi, row.delta_previous,
                                                                      row.change_previous))})
    return display.tiles(tiles) if tiles else display.empty_state(t("common.no_data"))


def goals_overview(r: KpiReview, t: Translator) -> display.Html:
    """One row per goal: status badge, now, target, progress, forecast range."""
    if not r.goals:
        return display.empty_state(t("kpi.no_goals"))

    def f(s: goals.GoalStatus, value: float | None) -> str:
        return fmt(t, s.goal.metric, value)

    def forecast(s: goals.GoalStatus) -> str:
        fc = s.forecast
        return "–" if fc is None else t("kpi.range", central=f(s, fc.central), low=f(s, fc.low), high=f(s, fc.high))

    status = t("kpi.col_status")
    frame = labelled(
        (t("kpi.col_goal"), [goal_label(t, s.goal) for s in r.goals]),
        (status, [s.status for s in r.goals]),
        (f"{status}_label", [status_label(t, s) for s in r.goals]),
        (t("kpi.col_now"), [f(s, s.current) for s in r.goals]),
        (t("kpi.col_target"), [f(s, s.target) for s in r.goals]),
        (t("kpi.col_progress"), ["–" if s.progress is None else t.percent(s.progress, 0) for s in r.goals]),
        (t("kpi.col_forecast"), [forecast(s) for s in r.goals]),
    )
    return display.table(frame, status_column=status)


def status_label(t: Translator, s: goals.GoalStatus) -> str:
    if s.phase == "ended" and s.status in ("on_track", "off_track"):
        return t("kpi.status_met") if s.met else t("kpi.status_missed")
    return t(f"kpi.status_{s.status}")


def goal_cards(r: KpiReview, t: Translator) -> display.Html:
    """A card per goal: baseline and how it was measured, days, pace, forecast, realism, or why data is missing."""
    cards = []
    for s in r.goals:
        g = s.goal
        f = (lambda v, m=g.metric: fmt(t, m, v))
        rows = [(t("kpi.card_status"), status_label(t, s)),
                (t("kpi.card_baseline"), baseline_text(t, s)),
                (t("kpi.card_target"), target_text(t, s)),
                (t("kpi.card_now"), "–" if s.current_window is None else t(
                    "kpi.value_in_window", value=f(s.current), window=window_text(t, s.current_window)))]
        if s.reason:
            rows.append((t("kpi.card_note"), t(f"kpi.reason_{s.reason}")))
        rows.append((t("kpi.card_days"), t("kpi.days", elapsed=t.number(s.elapsed_days),
                                           total=t.number(s.total_days), left=t.number(s.remaining_days))))
        if s.pace is not None:
            key = "kpi.pace_ahead" if s.pace >= 0 else "kpi.pace_behind" if s.progress >= 0 else "kpi.pace_backwards"
            rows.append((t("kpi.card_pace"), t(key, progress=t.percent(s.progress, 0),
                                               time=t.percent(s.elapsed_days / s.total_days, 0),
                                               expected=f(s.expected))))
        if s.forecast is not None:
            fc = s.forecast
            rows.append((t("kpi.card_forecast"), t("kpi.forecast_text", deadline=t.date(g.deadline),
                                                   central=f(fc.central), low=f(fc.low), high=f(fc.high),
                                                   interval=t.percent(goals.INTERVAL, 0), weeks=fc.weeks,
                                                   method=t(f"kpi.method_{fc.method}"))))
        if s.realism is not None:
            rows.append((t("kpi.card_realism"), realism_text(t, s)))
        subtitle = t("kpi.card_subtitle", metric=kpi_label(t, g.metric), channel=channel_label(t, g.channel),
                     start=t.date(g.start), deadline=t.date(g.deadline))
        cards.append(display.card(goal_label(t, g), rows, subtitle=subtitle))
    return display.cards(cards)


def window_text(t: Translator, window: tuple[dt.date, dt.date]) -> str:
    start, end = window
    return t.date(start) if start == end else t.period(start, end)


def baseline_text(t: Translator, s: goals.GoalStatus) -> str:
    f = (lambda v: fmt(t, s.goal.metric, v))
    if s.baseline_source == "params":
        return t("kpi.baseline_params", value=f(s.baseline))
    if s.baseline_source == "none":
        return t("kpi.reason_no_baseline")
    if s.baseline_window[0] == s.baseline_window[1]:
        return t("kpi.baseline_level", value=f(s.baseline), day=t.date(s.baseline_window[0]))
    key = "kpi.baseline_rate" if KPIS[s.goal.metric].kind in ("ratio", "mean") else "kpi.baseline_flow"
    return t(key, value=f(s.baseline), window=window_text(t, s.baseline_window), months=goals.BASELINE_MONTHS)


def target_text(t: Translator, s: goals.GoalStatus) -> str:
    f = (lambda v: fmt(t, s.goal.metric, v))
    direction = t("kpi.higher_better") if s.higher_is_better else t("kpi.lower_better")
    if s.goal.target.change_pct is not None:
        return t("kpi.target_change", value=f(s.target), change=t.signed_percent(s.goal.target.change_pct / 100, 0),
                 direction=direction)
    return t("kpi.target_value", value=f(s.target), direction=direction)


def realism_text(t: Translator, s: goals.GoalStatus) -> str:
    real = s.realism
    if real.verdict == "unknown":
        return t("kpi.realism_unknown")
    return t(f"kpi.realism_{real.verdict}", needed=t.signed_percent(real.needed, 0), days=t.number(s.total_days),
             typical=t.signed_percent(real.typical, 0), best=t.signed_percent(real.best, 0),
             windows=t.number(real.windows))


def scorecard_view(r: KpiReview, t: Translator, objective: str) -> display.Html:
    """One objective's KPIs: this period, change on the previous period and on a year earlier, by channel."""
    rows = r.scorecard(objective)
    head = display.heading(t(f"kpi.objective_{objective}"), 3)
    if rows.empty:
        return head + display.empty_state(t("common.no_data"))
    prev, year = r.period.previous(), r.period.year_ago()
    table = labelled(
        (t("kpi.col_kpi"), [kpi_label(t, k) if c == "all" else "" for k, c in zip(rows["kpi"], rows["channel"],
                                                                                   strict=True)]),
        (t("common.channel"), [channel_label(t, c) for c in rows["channel"]]),
        (t("kpi.col_value"), [fmt(t, k, v) for k, v in zip(rows["kpi"], rows["value"], strict=True)]),
        (t("kpi.col_vs_previous", period=period_name(t, prev)), [
            fmt_change(t, k, d, c) for k, d, c in zip(rows["kpi"], rows["delta_previous"], rows["change_previous"],
                                                      strict=True)]),
        (t("kpi.col_vs_year_ago", period=period_name(t, year)), [
            fmt_change(t, k, d, c) for k, d, c in zip(rows["kpi"], rows["delta_year_ago"], rows["change_year_ago"],
                                                      strict=True)]),
    )
    return head + display.table(table, max_rows=100)


def definitions(t: Translator) -> display.Html:
    """The metric definitions the scorecards use, as stated in the report."""
    shown = list(dict.fromkeys(k for group in SCORECARDS.values() for k in group))
    return display.bullets(t("kpi.definition", kpi=kpi_label(t, k), text=t(f"kpi.def_{k}")) for k in shown)


def posts_table(r: KpiReview, t: Translator, best: bool = True) -> display.Html:
    """The best (or worst) posts of the period by the ranking measure, relative to the typical post."""
    posts = r.top if best else r.bottom
    if posts.empty:
        return display.empty_state(t("kpi.no_posts"))
    measure = t(f"kpi.measure_{r.measure}")
    frame = labelled(
        (t("kpi.col_published"), [t.date(p, "short") + (" " + p.strftime("%H:%M") if timed else "")
                                  for p, timed in zip(posts["published"], posts["timed"], strict=True)]),
        (t("common.channel"), [f"{channel_label(t, c)} · {type_label(t, k)}" if pd.notna(k) else channel_label(t, c)
                               for c, k in zip(posts["channel"], posts["content_type"], strict=True)]),
        (t("kpi.col_text"), [display.shorten(x, 80) for x in posts["text"]]),
        (measure[:1].upper() + measure[1:], [t.percent(v, 1) if r.measure == "engagement_rate" else t.number(v)
                                             for v in posts["measure"]]),
        (t("kpi.col_vs_typical"), [t.signed_percent(v - 1, 0) for v in posts["score"]]),
        (t("kpi.col_paid"), ["–" if pd.isna(p) else t("kpi.yes") if p else t("kpi.no") for p in posts["paid"]]),
    )
    return display.table(frame)


def type_label(t: Translator, content_type: object) -> str:
    if content_type is None or pd.isna(content_type):
        return "–"
    return t(f"kpi.type_{content_type}") if t.has(f"kpi.type_{content_type}") else str(content_type)


def content_types_table(r: KpiReview, t: Translator) -> display.Html:
    if r.types.empty:
        return display.empty_state(t("kpi.no_posts"))
    frame = labelled(
        (t("kpi.col_type"), [type_label(t, c) for c in r.types["content_type"]]),
        (t("kpi.col_posts"), [t.number(n) for n in r.types["posts"]]),
        (t("kpi.col_reach_per_post"), [t.number(v) for v in r.types["reach_per_post"]]),
        (t("kpi.col_engagement_rate"), [t.percent(v, 1) for v in r.types["engagement_rate"]]),
        (t("kpi.col_clicks_per_post"), [t.number(v, 1) for v in r.types["clicks_per_post"]]),
        (t("kpi.col_vs_typical"), [t.signed_percent(v - 1, 0) for v in r.types["score"]]),
    )
    return display.table(frame)


def best_times_list(r: KpiReview, t: Translator) -> display.Html:
    """The best-ranked posting slots in words, or why there are none."""
    slots = best_slots(r.times)
    if slots.empty:
        return display.empty_state(t("kpi.no_times", n=r.min_posts))
    return display.bullets(t("kpi.best_slot", rank=i + 1, slot=slot_label(t, int(s.weekday), int(s.hour)),
                             uplift=t.signed_percent(s.score - 1, 0), posts=t.number(s.posts))
                           for i, s in enumerate(slots.itertuples()))


VERDICT_BADGES = {"dies": "off_track", "holds": "keep", "grows": "on_track", "too_short": "no_data"}


def campaigns_table(r: KpiReview, t: Translator) -> display.Html:
    if r.campaigns.empty:
        return display.empty_state(t("kpi.no_campaigns", start=t.date(r.campaign_lookback[0])))
    c, verdict = r.campaigns, t("kpi.col_verdict")
    frame = labelled(
        (t("kpi.col_campaign"), [display.shorten(x, 40) for x in c["campaign"]]),
        (t("kpi.col_launch"), [t.date(d) for d in c["launch"]]),
        (t("kpi.col_posts"), [t.number(n) for n in c["posts"]]),
        (t("kpi.col_first_week"), [f"{t.number(v, 2)}×" if pd.notna(v) else "–" for v in c["first_week"]]),
        (t("kpi.col_later"), [f"{t.number(v, 2)}×" if pd.notna(v) else "–" for v in c["later"]]),
        (verdict, [VERDICT_BADGES[v] for v in c["verdict"]]),
        (f"{verdict}_label", [t(f"kpi.verdict_{v}") for v in c["verdict"]]),
    )
    return display.table(frame, status_column=verdict)


def paid_table(r: KpiReview, t: Translator) -> display.Html:
    """Boosted versus organic posts in the period, per channel."""
    if r.paid.empty or not r.paid["paid"].any():
        return display.empty_state(t("kpi.no_paid"))
    p = r.paid
    frame = labelled(
        (t("common.channel"), [channel_label(t, c) for c in p["channel"]]),
        (t("kpi.col_kind"), [t("kpi.paid") if x else t("kpi.organic") for x in p["paid"]]),
        (t("kpi.col_posts"), [t.number(n) for n in p["posts"]]),
        (t("kpi.col_reach_per_post"), [t.number(v) for v in p["reach_per_post"]]),
        (t("kpi.col_engagement_rate"), [t.percent(v, 1) for v in p["engagement_rate"]]),
        (t("kpi.col_clicks_per_post"), [t.number(v, 1) for v in p["clicks_per_post"]]),
        (t("kpi.col_spend"), [t.money(v) for v in p["spend"]]),
        (t("kpi.col_cost_per_1000"), [t.money(v) for v in p["cost_per_1000_reach"]]),
        (t("kpi.col_cost_per_click"), [t.money(v) for v in p["cost_per_click"]]),
    )
    return display.table(frame)


def spend_table(r: KpiReview, t: Translator) -> display.Html:
    """Spend, cost per result and (where revenue exists) return on spend, per channel."""
    if r.spend.empty:
        return display.empty_state(t("kpi.no_spend"))
    s = r.spend
    frame = labelled(
        (t("common.channel"), [channel_label(t, c) for c in s["channel"]]),
        (kpi_label(t, "spend"), [t.money(v) for v in s["spend"]]),
        (kpi_label(t, "conversions"), [t.number(v) for v in s["conversions"]]),
        (kpi_label(t, "cost_per_result"), [t.money(v) for v in s["cost_per_result"]]),
    )
    if s["revenue"].fillna(0).gt(0).any():
        frame[kpi_label(t, "revenue")] = [t.money(v) for v in s["revenue"]]
        frame[kpi_label(t, "return_on_spend")] = [fmt(t, "return_on_spend", v) for v in s["return_on_spend"]]
    return display.table(frame)


def web_table(r: KpiReview, t: Translator) -> display.Html:
    if r.web.empty:
        return display.empty_state(t("kpi.no_web"))
    w = r.web
    frame = labelled(
        (t("common.channel"), [channel_label(t, c) for c in w["channel"]]),
        (t("kpi.col_source"), [f"{s} / {m}" if m else str(s) for s, m in zip(w["source"], w["medium"], strict=True)]),
        (kpi_label(t, "sessions"), [t.number(v) for v in w["sessions"]]),
        (t("kpi.col_vs_previous_short"), [t.signed_percent(v) for v in w["change"]]),
        (kpi_label(t, "conversions"), [t.number(v) for v in w["conversions"]]),
        (kpi_label(t, "conversion_rate"), [t.percent(v, 1) for v in w["conversion_rate"]]),
    )
    if w["revenue"].fillna(0).gt(0).any():
        frame[kpi_label(t, "revenue")] = [t.money(v) for v in w["revenue"]]
    return display.table(frame)


def benchmarks_table(r: KpiReview, t: Translator) -> display.Html:
    if r.benchmarks.empty:
        return display.empty_state(t("common.no_data"))
    b = r.benchmarks
    frame = labelled(
        (t("kpi.col_measure"), [t(f"kpi.daily_{m}") for m in b["measure"]]),
        (t("kpi.col_good_day"), [t.number(v) for v in b["p75"]]),
        (t("kpi.col_typical_day"), [t.number(v) for v in b["median"]]),
        (t("kpi.col_best_day"), [t.number(v) for v in b["best"]]),
    )
    return display.table(frame)


def note(r: KpiReview, t: Translator, section: str) -> display.Html:
    """The method note of a section (``kpi.<section>_note``), filled with this review's windows and rules."""
    prev, year = r.period.previous(), r.period.year_ago()
    values = {
        "goals_method": {"months": goals.BASELINE_MONTHS, "level_weeks": goals.LEVEL_FIT_WEEKS[0],
                         "flow_weeks": goals.FLOW_FIT_WEEKS, "interval": t.percent(goals.INTERVAL, 0)},
        "scorecards_note": {"period": period_name(t, r.period), "previous": period_name(t, prev),
                            "year_ago": period_name(t, year), "tz": r.timezone},
        "posts_note": {"measure": t(f"kpi.measure_{r.measure}"), "months": LOOKBACK_MONTHS},
        "types_note": {"months": LOOKBACK_MONTHS, "start": t.date(r.lookback[0]), "end": t.date(r.lookback[1]),
                       "measure": t(f"kpi.measure_{r.measure}")},
        "times_note": {"months": LOOKBACK_MONTHS, "start": t.date(r.lookback[0]), "end": t.date(r.lookback[1]),
                       "tz": r.timezone, "n": r.min_posts},
        "campaigns_note": {"gap": CAMPAIGN_GAP_DAYS, "low": f"{t.number(CAMPAIGN_RULE[0], 1)}×",
                           "high": f"{t.number(CAMPAIGN_RULE[1], 1)}×"},
        "paid_note": {},
        "spend_note": {},
        "web_note": {"period": period_name(t, r.period), "previous": period_name(t, prev)},
        "good_day_note": {"days": BENCHMARK_DAYS, "end": t.date(r.period.end), "brand": r.brand},
        "action_rule": {"uplift": t.percent(ACTION_UPLIFT - 1, 0)},
    }[section]
    return display.note(t(f"kpi.{section}", **values))
