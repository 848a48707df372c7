"""KPI review, computing: scorecards, posts, content, posting times, campaigns, spend, web traffic, daily benchmarks.

Pure functions over the client's tables; every KPI comes from the metric engine
(:mod:`reporting.analysis.history`) and every post score from
:mod:`reporting.analysis.posts`, so the annual review measures the same things
the same way. :func:`build` is what the notebook calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from reporting.analysis import goals
from reporting import coverage
from reporting.analysis.history import TABLES, UNITS, compare, history, social_traffic
from reporting.coverage import Coverage, Window
from reporting.analysis.posts import (between, campaign_curves, campaign_life_cycles, campaign_runs, performance,
                                      post_frame, with_scores)
from reporting.dataset import ClientData

if TYPE_CHECKING:
    from reporting.params import ClientParams, Goal
    from reporting.periods import Period
    from reporting.report import ReportContext



# ---------------------------------------------------------------------------------------------------------
# Scorecards

SCORECARDS: dict[str, tuple[str, ...]] = {
    "awareness": ("followers", "impressions", "reach", "avg_reach_per_post", "video_views", "profile_visits",
                  "mentions", "share_of_voice"),
    "engagement": ("engagements", "likes", "comments", "shares", "link_clicks", "engagement_rate_reach",
                   "engagement_rate_impressions", "engagement_rate_followers", "amplification", "virality"),
    "audience_growth": ("followers", "net_new_followers", "follower_growth_rate"),
    "leads_sales": ("conversions", "conversion_rate", "revenue", "spend", "cost_per_result", "return_on_spend"),
    "web_traffic": ("sessions", "users", "link_clicks", "ctr"),
}


HEADLINE: tuple[str, ...] = ("followers", "net_new_followers", "reach", "engagements", "engagement_rate_reach",
                             "link_clicks", "sessions", "conversions")


# Mentions come from every site on the web, not from the client's channels: totals only.
TOTAL_ONLY = frozenset({"mentions", "share_of_voice"})


def scorecard(data: ClientData, kpis: Sequence[str], period: Period, channels: Sequence[str],
              brands: Sequence[str] = (), cov: Coverage | None = None) -> pd.DataFrame:
    """One row per KPI and channel ('all' first): value, previous, year_ago, their deltas and changes.

    With ``cov``, a KPI whose sources cover only part of the period is compared on those days and
    the same days of the previous period and a year earlier (``window_start``/``window_end``).
    Rows whose KPI the data cannot measure at all (no value in any of the three periods) are left out.
    """
    rows = []
    for kpi in kpis:
        for channel in ["all"] + ([] if kpi in TOTAL_ONLY else list(channels)):
            row = compare(history(data, kpi, channel, brands), period, covered(cov, kpi, channel))
            if any(row[k] is not None for k in ("value", "previous", "year_ago")):
                rows.append({"kpi": kpi, "channel": channel, **row})
    with_sessions = {r["channel"] for r in rows if r["kpi"] == "sessions"}
    rows = [r for r in rows if not (r["kpi"] == "users" and r["channel"] in with_sessions)]  # the closer measure
    columns = ["kpi", "channel", "value", "previous", "delta_previous", "change_previous", "year_ago",
               "delta_year_ago", "change_year_ago", "window_start", "window_end"]
    return pd.DataFrame(rows, columns=columns)


def covered(cov: Coverage | None, kpi: str, channel: str) -> Window | None:
    """The days of the period the KPI's sources cover on ``channel`` (None: no coverage given, or no day)."""
    if cov is None:
        return None
    return cov.select(TABLES.get(kpi, ()), None if channel == "all" else [channel]).window()


def biggest_mover(headline: pd.DataFrame, min_base: float = 0) -> pd.Series | None:
    """The headline KPI (channel total) that changed most against the previous period, relatively.

    A count or an amount qualifies only when it is at least ``min_base`` both now and before: +1,100 %
    from 19 engagements says more about a thin month than about a change.
    """
    moved = headline[headline["channel"].eq("all") & headline["change_previous"].notna()]
    counted = moved["kpi"].map(UNITS).ne("percent")  # a KPI without a unit is a count
    small = counted & (moved[["value", "previous"]].abs().min(axis=1) < min_base)
    moved = moved[~small]
    if moved.empty:
        return None
    return moved.loc[moved["change_previous"].abs().idxmax()]


# ---------------------------------------------------------------------------------------------------------
# Content: posts, types, posting times, campaigns, paid versus organic

LOOKBACK_MONTHS = 6  # content types and posting times: enough posts per cell, recent enough to act on


CAMPAIGN_LOOKBACK_MONTHS = 12


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


def top_posts(scored: pd.DataFrame, n: int = TOP_POSTS, best: bool = True) -> pd.DataFrame:
    """The ``n`` best (or worst) posts by score; posts without a score are not ranked."""
    ranked = scored.dropna(subset=["score"]).sort_values(["score", "published"], ascending=[not best, True])
    return ranked.head(n).reset_index(drop=True)


def content_types(posts: pd.DataFrame, reference: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Per content type: posts, reach per post, engagement rate (totals), clicks per post and ``score``.

    ``score`` is the median score of the type's posts on the ranking measure against the
    typical post of their channel in ``reference`` (:func:`reporting.analysis.posts.performance`,
    the same definition the annual review ranks content types by).
    """
    out = performance(posts, reference, "content_type", [measure]).rename(columns={f"{measure}_index": "score"})
    out = out.sort_values("content_type").sort_values("score", ascending=False, kind="stable")
    return out.reset_index(drop=True)


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
    """Everything the KPI review shows, computed once by :func:`analyse`."""

    client_name: str
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
    min_action_posts: int  # posts a slot or a type needs before it is recommended
    untimed: int  # posts in the lookback without a reliable time of day, left out of the posting times
    campaign_lookback: tuple[dt.date, dt.date]
    campaigns: pd.DataFrame
    curves: pd.DataFrame
    paid: pd.DataFrame
    spend: pd.DataFrame
    web: pd.DataFrame
    web_trend: pd.DataFrame
    benchmarks: pd.DataFrame
    action: Action | None
    coverage: Coverage | None = None  # how far each source reaches in the period (the notice at the top)
    mover: pd.Series | None = None  # the headline KPI that changed most (see :func:`biggest_mover`)

    def scorecard(self, objective: str) -> pd.DataFrame:
        """The rows of one objective's scorecard, in the order of :data:`SCORECARDS`."""
        order = {k: i for i, k in enumerate(SCORECARDS[objective])}
        rows = self.scores[self.scores["kpi"].isin(order)]
        return rows.sort_values("kpi", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)

    @property
    def headline(self) -> pd.DataFrame:
        rows = self.scores[self.scores["kpi"].isin(HEADLINE) & self.scores["channel"].eq("all")]
        return rows.drop_duplicates("kpi").reset_index(drop=True)


def goal_statuses(data: ClientData, params: ClientParams, as_of: dt.date,
                  cov: Coverage | None = None) -> list[goals.GoalStatus]:
    """Every goal in the client's parameters evaluated as of ``as_of``, or its data's last covered day before it."""
    out = []
    for g in params.goals:
        window = covered(cov, g.metric, g.channel)
        day = min(as_of, window.end) if window is not None else as_of
        out.append(goals.evaluate(g, history(data, g.metric, g.channel, params.brands()), day))
    return out


def build(ctx: ReportContext) -> KpiReview:
    """The KPI review for the context's client and period (what the notebook calls)."""
    return analyse(ctx.data, ctx.params, ctx.period)


def analyse(data: ClientData, params: ClientParams, period: Period) -> KpiReview:
    """Compute every section of the KPI review."""
    brands, channels = params.brands(), list(params.channels)
    cov = coverage.of_data(data, "kpi_review", period, params.reports["kpi_review"].stale_after(period.days),
                           channels, brands)
    statuses = goal_statuses(data, params, period.end, cov)
    tracks = {s.goal.id: goals.track(history(data, s.goal.metric, s.goal.channel, brands), s.goal, s.as_of)
              for s in statuses}
    kpis = list(dict.fromkeys(k for group in SCORECARDS.values() for k in group))
    scores = scorecard(data, kpis, period, channels, brands, cov)

    posts = post_frame(data)
    measure = post_measure(params.goals)
    recent = between(posts, *lookback(period, LOOKBACK_MONTHS))
    in_period = with_scores(between(posts, period.start, period.end), measure, recent)
    engagement = with_scores(recent, "engagement_rate", recent)
    min_posts = params.thresholds.min_posts_per_cell
    times = posting_times(engagement, min_posts)
    untimed = int((~recent["timed"]).sum()) if len(recent) else 0
    types = content_types(recent, recent, measure)
    year = between(posts, *lookback(period, CAMPAIGN_LOOKBACK_MONTHS))
    runs = campaign_runs(with_scores(year, "reach", year))
    campaigns = campaign_life_cycles(runs)
    review = KpiReview(
        client_name=params.display_name, period=period, timezone=params.timezone, brand=brands[0], channels=channels,
        goals=statuses, tracks=tracks, scores=scores, measure=measure,
        lookback=lookback(period, LOOKBACK_MONTHS), top=top_posts(in_period), bottom=top_posts(in_period, best=False),
        types=types, times=times, min_posts=min_posts,
        min_action_posts=params.thresholds.min_action_posts, untimed=untimed,
        campaign_lookback=lookback(period, CAMPAIGN_LOOKBACK_MONTHS), campaigns=campaigns,
        curves=campaign_curves(runs), paid=paid_vs_organic(between(posts, period.start, period.end)),
        spend=spend_and_return(data, period, channels), web=web_sources(data, period),
        web_trend=weekly_sessions(data, period.end, channels),
        benchmarks=daily_benchmarks(data, period.end, brands), action=None, coverage=cov)
    review.action = next_action(review, review.min_action_posts)
    review.mover = biggest_mover(review.headline, params.thresholds.min_mover_base)
    return review


def next_action(r: KpiReview, min_posts: int) -> Action | None:
    """The one thing to do next, by a fixed priority (stated in the report).

    1. a campaign launched in this period or the one before whose reach died after week one:
       refresh it; 2. the best posting slot with at least ``min_posts`` posts, when it beats the
       typical post by :data:`ACTION_UPLIFT`: post more there; 3. the best content type, same bars.
       A recommendation rests on ``min_posts`` posts at least (``thresholds.min_action_posts``).
    """
    recent_launch = pd.Timestamp(r.period.previous().start)
    dying = r.campaigns[(r.campaigns["verdict"] == "dies") & (r.campaigns["launch"] >= recent_launch)]
    if not dying.empty:
        run = dying.iloc[0]
        return Action("campaign", {"campaign": run["campaign"], "launch": run["launch"].date(),
                                   "drop": 1 - run["ratio"]})
    slots = r.times[r.times["posts"] >= min_posts].dropna(subset=["score"]).sort_values("score", ascending=False,
                                                                                          kind="stable")
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
