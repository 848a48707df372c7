"""Annual review, content and campaigns: content types and campaign runs of the year, with a keep / drop verdict.

Posts come from :func:`reporting.analysis.posts.post_frame` (engagements, ``exposure`` =
reach, or impressions where a platform has no reach, campaigns tagged from hashtags) and
are scored with :func:`reporting.analysis.posts.performance`, exactly as the KPI review
sees them; only the verdict rules (:class:`~reporting.params.Thresholds`) are the review's own.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.analysis import posts as posts_engine
from reporting.analysis.posts import between
from reporting.params import Thresholds


def content_types(pf: pd.DataFrame, start: dt.date, end: dt.date, rules: Thresholds = Thresholds()) -> pd.DataFrame:
    """Content types of the year ranked, with a keep / drop / review verdict.

    ``pf`` is :func:`reporting.analysis.posts.post_frame`. Each index is the median score of the
    type's posts against the typical post of their channel in the year (1.0 = a typical post:
    :func:`reporting.analysis.posts.performance`, the KPI review's definition too):
    ``reach_index`` (reach, or impressions), ``engagement_index`` (engagements) and
    ``click_index`` (link clicks). Keep: engagements or link clicks at least
    ``content_keep`` x typical (a type earns its place by engaging *or* by sending
    traffic); drop: both below ``content_drop``; fewer than ``min_posts`` posts:
    ``too_few``; neither measure in the export: ``no_data``; otherwise review. Posts whose export
    gives no content type count in their channel's typical post but are not ranked.
    """
    year = between(pf, start, end)
    typed = year[year["content_type"].fillna("").str.strip() != ""]
    cols = ["content_type", "posts", "reach", "engagements", "link_clicks", "reach_per_post",
            "engagement_rate", "link_clicks_per_post", "reach_index", "engagement_index", "click_index", "verdict"]
    if typed.empty:
        return pd.DataFrame(columns=cols)
    out = _performance(typed, year, "content_type")
    out["verdict"] = [_content_verdict(r.posts, r.engagement_index, r.click_index, rules) for r in out.itertuples()]
    best = out[["engagement_index", "click_index"]].astype(float).max(axis=1).fillna(0)
    out = out.assign(_score=best).sort_values("content_type")
    return out.sort_values(["_score", "posts"], ascending=False, kind="stable")[cols].reset_index(drop=True)


def _performance(posts: pd.DataFrame, reference: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """:func:`reporting.analysis.posts.performance` with this review's column names."""
    return posts_engine.performance(posts, reference, by).rename(columns={
        "engagements_index": "engagement_index", "link_clicks_index": "click_index",
        "clicks_per_post": "link_clicks_per_post"})


def _content_verdict(posts: int, engagement_index: float, click_index: float, rules: Thresholds) -> str:
    indices = [x for x in (engagement_index, click_index) if pd.notna(x)]
    if posts < rules.min_posts:
        return "too_few"
    if not indices:
        return "no_data"  # the export gives neither engagements nor link clicks
    if max(indices) >= rules.content_keep:
        return "keep"
    if max(indices) < rules.content_drop:
        return "drop"
    return "review"


def campaign_runs(pf: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The year's campaign posts as runs (:func:`reporting.analysis.posts.campaign_runs`) launched in the year.

    Posts are scored against the typical post of their channel in the year, as the KPI
    review scores them; a seasonal campaign repeated every year is judged run by run.
    """
    year = between(pf, start, end)
    runs = posts_engine.campaign_runs(posts_engine.with_scores(year, "reach", year))
    if runs.empty:
        return runs
    launch = runs["launch"].dt.date
    return runs[(launch >= start) & (launch <= end)]


def campaigns(pf: pd.DataFrame, spend: pd.DataFrame, start: dt.date, end: dt.date,
              rules: Thresholds = Thresholds()) -> pd.DataFrame:
    """Campaign runs launched in the year: results, life cycle and a keep / drop / review verdict.

    The life cycle is the KPI review's (:func:`reporting.analysis.posts.campaign_life_cycles`): the
    median reach score of posts from day 7 on against the first week's; ``decays`` when
    it ``dies`` (the ratio is below 0.6): its reach dies after the first week, and the run
    is marked drop (run it as a one-week burst or refresh it). Otherwise the content-type
    rule applies (engagements or link clicks per post against the average post on the
    same channels). Spend and results come from the ad tool's rows naming the campaign
    during the run, else from boosted posts.
    """
    cols = ["campaign", "start", "end", "days", "posts", "reach", "engagements", "reach_per_post",
            "engagement_rate", "link_clicks_per_post", "reach_index", "engagement_index", "click_index",
            "first_week", "later", "later_vs_week1", "life_cycle", "decays", "spend", "results", "cost_per_result",
            "verdict"]
    runs = campaign_runs(pf, start, end)
    if runs.empty:
        return pd.DataFrame(columns=cols)
    cycles = posts_engine.campaign_life_cycles(runs).set_index(["campaign", "launch"])
    year = between(pf, start, end)
    p = year.loc[runs.index].assign(launch=runs["launch"])
    out = _performance(p, year, ["campaign", "launch"]).set_index(["campaign", "launch"])
    out = out.join(cycles[["last", "first_week", "later", "ratio", "verdict"]])
    out = out.reset_index().rename(columns={"ratio": "later_vs_week1", "verdict": "life_cycle"})
    out["start"], out["end"] = out["launch"].dt.date, out["last"].dt.date
    out["days"] = (out["last"] - out["launch"]).dt.days + 1
    out["decays"] = out["life_cycle"].eq("dies")
    paid = [_run_spend(p[(p["campaign"] == r.campaign) & (p["launch"] == r.launch)], spend, r.campaign, r.start, r.end)
            for r in out.itertuples()]
    out["spend"] = [x[0] for x in paid]
    out["results"] = [x[1] for x in paid]
    out["cost_per_result"] = (out["spend"] / out["results"]).where(out["results"] > 0)
    out["verdict"] = ["drop" if r.decays else _content_verdict(r.posts, r.engagement_index, r.click_index, rules)
                      for r in out.itertuples()]
    return out.sort_values(["reach", "campaign"], ascending=[False, True], kind="stable")[cols].reset_index(drop=True)


def _run_spend(posts: pd.DataFrame, spend: pd.DataFrame, name: str, start: dt.date,
               end: dt.date) -> tuple[float | None, float | None]:
    """(spend, results) of one run: the ad tool's rows naming the campaign in the run's days, else its boosts."""
    day = spend["date"].dt.date
    rows = spend[(spend["campaign"] == name) & (day >= start) & (day <= end)]
    if not rows.empty:
        results = rows["results"].sum(min_count=1)
        return float(rows["spend"].sum()), None if pd.isna(results) else float(results)
    boosts = posts["spend"].sum(min_count=1)
    return (None if pd.isna(boosts) else float(boosts)), None


def campaign_weeks(pf: pd.DataFrame, start: dt.date, end: dt.date, weeks: int = 6) -> pd.DataFrame:
    """Median reach score per campaign run and week since launch (week 1 = days 0-6), the first ``weeks`` weeks."""
    curves = posts_engine.campaign_curves(campaign_runs(pf, start, end))
    return curves[curves["week"] <= weeks].reset_index(drop=True)
