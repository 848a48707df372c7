"""Owned posts as the reports see them, how a post compares with the typical post, and campaign runs.

One definition for every report: the KPI review and the annual review score posts,
rank content types and follow campaigns with these functions, so they cannot
disagree about the same posts.

- a post's ``exposure`` is its reach, or its impressions on platforms that report no
  reach (X, LinkedIn pages, YouTube);
- a post's *score* on a measure is the measure divided by the median post's on the
  same channel in a reference frame (1.5 = half again what a typical post there earns),
  so channels with bigger audiences do not crowd out the rest;
- a group of posts (a content type, a campaign run) performs at the median of its
  posts' scores: robust to the one viral post that would otherwise crown a format.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Sequence

import numpy as np
import pandas as pd

from reporting.dataset import ClientData

def calendar_days(ts: pd.Series) -> pd.Series:
    """Client-zone calendar day of tz-aware timestamps, as naive midnight."""
    return ts.dt.tz_localize(None).dt.normalize()


_POST_FRAMES: dict[int, tuple[weakref.ref[ClientData], pd.DataFrame]] = {}


def post_frame(data: ClientData) -> pd.DataFrame:
    """Posts with their publication ``day``, ``engagements``, ``exposure`` and the account's followers that day.

    ``exposure`` is the post's reach, or its impressions on platforms that report no
    reach (X, LinkedIn pages, YouTube): what post-level comparisons within a channel use.
    ``timed`` is False on channels whose export gives only the day (every post at midnight) and for posts
    whose export marks the time unreliable (``time_reliable``: Meta's publish-time bug).
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
    out["day"] = calendar_days(out["published"])
    at_midnight = out["published"].dt.tz_localize(None).eq(out["day"])
    reliable = posts["time_reliable"].astype("boolean").fillna(True).astype(bool)  # False: Meta's minute bug
    out["timed"] = ~at_midnight.groupby(out["channel"]).transform("all") & reliable  # a real time of day
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


# ---------------------------------------------------------------------------------------------------------
# Scores against the typical post

CAMPAIGN_GAP_DAYS = 30  # a campaign name silent this long starts a new run (seasonal campaigns recur)
CAMPAIGN_RULE = (0.6, 1.2)  # later / first-week reach index: below dies, above grows, between holds


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


PERFORMANCE_MEASURES = ("reach", "engagements", "link_clicks")


def performance(posts: pd.DataFrame, reference: pd.DataFrame, by: str | list[str],
                measures: Sequence[str] = PERFORMANCE_MEASURES) -> pd.DataFrame:
    """How groups of posts (content types, campaign runs) perform against the typical post of their channels.

    Per group: ``posts``; totals ``reach`` (exposure), ``engagements``, ``link_clicks``;
    ``reach_per_post`` and ``clicks_per_post`` (averages over the posts that report them);
    ``engagement_rate`` (total engagements / total exposure); and ``<measure>_index`` per
    measure: the median of the posts' scores (:func:`with_scores` against ``reference``),
    1.0 for a group whose typical post does as well as the typical post on its channel.
    Posts whose group key is missing (no content type) are not grouped.
    """
    keys = [by] if isinstance(by, str) else list(by)
    columns = [*keys, "posts", "reach", "engagements", "link_clicks", "reach_per_post", "engagement_rate",
               "clicks_per_post", *(f"{m}_index" for m in measures)]
    known = posts.dropna(subset=keys)
    if known.empty:
        return pd.DataFrame(columns=columns)
    g = known.groupby(keys, sort=False)
    reach, engagements = g["exposure"].sum(min_count=1), g["engagements"].sum(min_count=1)
    out = pd.DataFrame({"posts": g.size(), "reach": reach, "engagements": engagements,
                        "link_clicks": g["link_clicks"].sum(min_count=1), "reach_per_post": g["exposure"].mean(),
                        "engagement_rate": engagements / reach.where(reach > 0),
                        "clicks_per_post": g["link_clicks"].mean()})
    for measure in measures:
        scores = with_scores(known, measure, reference)["score"]
        out[f"{measure}_index"] = scores.groupby([known[k] for k in keys], sort=False).median()
    return out.reset_index()[columns]


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
