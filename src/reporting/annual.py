"""The annual strategy review: what the year delivered, and what to keep, fix or stop.

Every verdict comes from an explicit rule whose thresholds are listed in
:class:`~reporting.params.Thresholds` (overridable under ``thresholds:``) and stated in the
report, so a stakeholder can check why a channel is marked *stop*. The
functions take canonical frames and return frames; :func:`build` wires them
for one :class:`~reporting.report.ReportContext`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from babel.lists import format_list

from reporting import display
from reporting.analysis.fit import channel_fit
from reporting.text.brands import match_brands
from reporting.analysis import competition, goals
from reporting.analysis import posts as posts_engine
from reporting.analysis.history import POST_PARTS, UNITS, MetricHistory, history
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.metrics import METRICS
from reporting.params import ClientParams, Goal, Thresholds
from reporting.periods import Period

if TYPE_CHECKING:
    from reporting.report import ReportContext


# --------------------------------------------------------------------------- account inventory

_AFFIXES = ("official", "global", "team", "real", "the", "app", "get", "inc", "hq", "co", "tv")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_handle(handle: object) -> str:
    """The comparable form of a handle or page name: no '@', no URL, case-folded."""
    s = str(handle).strip()
    s = re.sub(r"^(https?://)?(www\.)?[^/\s]+\.(com|net)/", "", s)
    return s.lstrip("@").strip("/").casefold()


def handle_core(handle: str) -> str:
    """A handle without punctuation and common affixes ('hq', 'app', 'official'...), for name matching."""
    core = _NOT_WORD.sub("", normalise_handle(handle))
    changed = True
    while changed and len(core) > 3:
        changed = False
        for affix in _AFFIXES:
            if core.endswith(affix) and len(core) - len(affix) >= 3:
                core, changed = core[: -len(affix)], True
            elif core.startswith(affix) and len(core) - len(affix) >= 3:
                core, changed = core[len(affix):], True
    return core


def handle_similarity(a: str, b: str) -> float:
    """1.0 when the cores match ('ledgerlyhq' ~ 'ledgerly_app'), else the edit-ratio of the plain forms."""
    if handle_core(a) and handle_core(a) == handle_core(b):
        return 1.0
    return SequenceMatcher(None, _NOT_WORD.sub("", normalise_handle(a)),
                           _NOT_WORD.sub("", normalise_handle(b))).ratio()


def _param_handles(params: ClientParams) -> list[tuple[str, str]]:
    out = []
    for channel, value in params.handles.items():
        for h in [value] if isinstance(value, str) else value:
            out.append((channel, str(h)))
    return out


def inventory_date(data: ClientData, period_end: dt.date) -> dt.date:
    """The day the inventory describes: the last day with owned data, never before the period end.

    An account audit is about the accounts the client holds *now*, so dormancy is
    judged at the newest data available, not at the end of the year reviewed.
    """
    days = [period_end]
    if not data.posts.empty and data.posts["published"].notna().any():
        days.append(data.posts["published"].max().date())
    if not data.account_daily.empty and data.account_daily["date"].notna().any():
        days.append(data.account_daily["date"].max().date())
    return max(days)


def account_inventory(data: ClientData, params: ClientParams, start: dt.date, end: dt.date,
                      as_of: dt.date, rules: Thresholds = Thresholds()) -> pd.DataFrame:
    """Every account seen in the posts, daily metrics, own-brand competitor rows or the parameters.

    Returns one row per (channel, account) with: where it was seen (``sources``),
    ``in_params``, other names it appears under (``aliases``), first and last post,
    posts in the year, posts per week in the year, followers at the period end and
    at ``as_of``, days since the last post and the ``dormant`` flag.

    Exports name an account differently (Meta gives the page *name*, not the
    handle): on a channel where the parameters give exactly one handle, rows
    without an account or named like the brand (display name or a keyword, case
    and punctuation aside) are credited to that handle.
    """
    seen: dict[tuple[str, str], dict[str, object]] = {}
    handles = _param_handles(params)
    alias = _aliases(params, handles)

    def add(channel: str, account: object, source: str) -> None:
        name = str(account).strip().lstrip("@")
        handle = alias.get((str(channel), _NOT_WORD.sub("", normalise_handle(name))))
        key = (str(channel), normalise_handle(handle or name))
        row = seen.setdefault(key, {"channel": str(channel), "account": handle or name, "sources": [],
                                    "aliases": []})
        if handle and normalise_handle(name) != normalise_handle(handle) and name not in row["aliases"]:
            row["aliases"].append(name)
        if source not in row["sources"]:
            row["sources"].append(source)

    for channel, h in handles:
        add(channel, h, "params")
    posts = _credit_unnamed(data.posts, handles)
    for ch, acc in posts[["channel", "account"]].drop_duplicates().itertuples(index=False):
        add(ch, acc, "posts")
    daily = _credit_unnamed(data.account_daily, handles)
    for ch, acc in daily[["channel", "account"]].drop_duplicates().itertuples(index=False):
        add(ch, acc, "account_daily")
    own = data.competitor_accounts[data.competitor_accounts["brand"] == params.display_name]
    own = own[own["account"].notna() & (own["account"].str.strip() != "")]
    for ch, acc in own[["channel", "account"]].drop_duplicates().itertuples(index=False):
        add(ch, acc, "competitor_accounts")

    def key_of(frame: pd.DataFrame) -> pd.Series:
        return pd.Series([normalise_handle(alias.get((ch, _NOT_WORD.sub("", normalise_handle(a))), a))
                          for ch, a in zip(frame["channel"], frame["account"], strict=True)],
                         index=frame.index, dtype="string")

    posts = posts.assign(key=key_of(posts), day=posts["published"].dt.date)
    daily = daily.assign(key=key_of(daily), day=daily["date"].dt.date)
    own = own.assign(key=key_of(own), day=own["date"].dt.date)
    weeks = ((end - start).days + 1) / 7
    param_keys = {(c, normalise_handle(h)) for c, h in handles}
    rows = []
    for (channel, key), info in seen.items():
        p = posts[(posts["channel"] == channel) & (posts["key"] == key)]
        in_year = p[(p["day"] >= start) & (p["day"] <= end)]
        last = p["day"].max() if not p.empty else None
        d = daily[(daily["channel"] == channel) & (daily["key"] == key)]
        c = own[(own["channel"] == channel) & (own["key"] == key)]
        rows.append({
            "channel": channel, "account": info["account"], "sources": ", ".join(info["sources"]),
            "aliases": ", ".join(info["aliases"]), "in_params": (channel, key) in param_keys,
            "first_post": p["day"].min() if not p.empty else None, "last_post": last,
            "posts_year": len(in_year), "posts_per_week": len(in_year) / weeks,
            "followers_end": _level_at(d, c, end), "followers_now": _level_at(d, c, as_of),
            "days_since_post": (as_of - last).days if last is not None else None,
            "dormant": last is None or (as_of - last).days >= rules.dormant_days,
        })
    cols = ["channel", "account", "sources", "aliases", "in_params", "first_post", "last_post", "posts_year",
            "posts_per_week", "followers_end", "followers_now", "days_since_post", "dormant"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("followers_end", "followers_now", "days_since_post"):
        out[col] = out[col].astype("Int64")
    return out.sort_values(["channel", "followers_now", "account"], ascending=[True, False, True],
                           na_position="last", kind="stable").reset_index(drop=True)


def _aliases(params: ClientParams, handles: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(channel, brand-like name squashed) -> the channel's only handle, for every brand name and keyword."""
    per_channel: dict[str, list[str]] = {}
    for channel, h in handles:
        per_channel.setdefault(channel, []).append(h)
    names = {_NOT_WORD.sub("", normalise_handle(n)) for n in [params.display_name, *params.keywords]} - {""}
    return {(channel, name): hs[0] for channel, hs in per_channel.items() if len(hs) == 1 for name in names}


def _credit_unnamed(frame: pd.DataFrame, handles: list[tuple[str, str]]) -> pd.DataFrame:
    """Rows without an account get the channel's handle when the parameters name exactly one."""
    if frame.empty:
        return frame
    single = {}
    for channel, h in handles:
        single[channel] = None if channel in single else h
    account = frame["account"].astype("string").str.strip()
    blank = account.isna() | (account == "")
    fill = frame["channel"].map(lambda ch: single.get(ch) or "").astype("string")
    account = account.mask(blank, fill)
    keep = account.notna() & (account != "")
    return frame.assign(account=account)[keep]


def _level_at(daily: pd.DataFrame, comp: pd.DataFrame, day: dt.date) -> int | None:
    """Followers on the last day at or before ``day``: the account's own export first, else listening."""
    for frame in (daily, comp):
        f = frame[(frame["day"] <= day) & frame["followers"].notna()]
        if not f.empty:
            return int(f.sort_values("day")["followers"].iloc[-1])
    return None


def duplicate_accounts(inventory: pd.DataFrame, rules: Thresholds = Thresholds()) -> pd.DataFrame:
    """Pairs of accounts on one channel that look like the same presence split in two.

    Evidence per pair: ``similarity`` of the handles (1.0 when they differ only by
    affixes like 'hq' or '_app'), ``handover`` (one stopped posting at most
    ``handover_days`` before the other started) and whether one is ``dormant``.
    A pair is flagged when the names are similar or there was a handover. The
    ``duplicate`` is the account to retire: the dormant one, else the smaller one.
    Audience overlap cannot be measured: exports carry no follower lists.
    """
    rows = []
    for channel, group in inventory.groupby("channel", sort=True):
        accounts = group.to_dict("records")
        for i, a in enumerate(accounts):
            for b in accounts[i + 1:]:
                sim = handle_similarity(a["account"], b["account"])
                handover = _handover(a, b, rules.handover_days) or _handover(b, a, rules.handover_days)
                if sim < rules.duplicate_similarity and not handover:
                    continue
                keep, dup = _keeper(a, b)
                rows.append({"channel": channel, "account": keep["account"], "duplicate": dup["account"],
                             "similarity": round(sim, 2), "handover": handover,
                             "duplicate_dormant": bool(dup["dormant"]),
                             "duplicate_last_post": dup["last_post"],
                             "duplicate_followers": dup["followers_now"],
                             "account_followers": keep["followers_now"]})
    cols = ["channel", "account", "duplicate", "similarity", "handover", "duplicate_dormant",
            "duplicate_last_post", "duplicate_followers", "account_followers"]
    return pd.DataFrame(rows, columns=cols)


def _handover(a: dict, b: dict, days: int) -> bool:
    """``a`` stopped posting before ``b`` started, within ``days``."""
    if a["last_post"] is None or b["first_post"] is None or pd.isna(a["last_post"]) or pd.isna(b["first_post"]):
        return False
    gap = (b["first_post"] - a["last_post"]).days
    return 0 <= gap <= days


def _keeper(a: dict, b: dict) -> tuple[dict, dict]:
    """(account to keep, duplicate): an active account beats a dormant one, then more followers."""
    def rank(x: dict) -> tuple[int, int, int]:
        followers = x["followers_now"]
        return (0 if x["dormant"] else 1, int(followers) if pd.notna(followers) else -1, x["posts_year"])
    return (a, b) if rank(a) >= rank(b) else (b, a)


# --------------------------------------------------------------------------- content and campaigns
# Posts come from reporting.analysis.posts.post_frame: engagements, ``exposure`` (reach, or impressions where a
# platform has no reach) and campaigns tagged from hashtags, exactly as the KPI review sees them.


def exposure_measure(posts: pd.DataFrame) -> str:
    """'reach' when every channel with posts reports reach for most of them, else 'impressions' if all report those.

    X and LinkedIn exports carry impressions but no reach; comparing one channel's
    reach with another's impressions would flatter the second, so the channel
    scorecard uses one measure for every channel.
    """
    if posts.empty:
        return "reach"
    known = posts[["reach", "impressions"]].notna().groupby(posts["channel"]).mean()
    if (known["reach"] >= 0.5).all():
        return "reach"
    return "impressions" if (known["impressions"] >= 0.5).all() else "reach"


def _in_period(posts: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    day = posts["published"].dt.date
    return posts[(day >= start) & (day <= end)]


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
    year = _in_period(pf, start, end)
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
    """The year's campaign posts as runs (:func:`reporting.analysis.posts.campaign_runs`), for runs launched in the year.

    Posts are scored against the typical post of their channel in the year, as the KPI
    review scores them; a seasonal campaign repeated every year is judged run by run.
    """
    year = _in_period(pf, start, end)
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
    year = _in_period(pf, start, end)
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


# --------------------------------------------------------------------------- year results by channel

# channel_totals column -> KPI name in reporting.analysis.history (one definition for every report)
TOTALS: dict[str, str] = {
    "posts": "posts", "reach": "reach", "impressions": "impressions", "engagements": "engagements",
    "link_clicks": "link_clicks", "followers": "followers", "net_new": "net_new_followers",
    "sessions": "sessions", "conversions": "conversions", "revenue": "revenue", "spend": "spend",
}
YOY_METRICS = ["reach", "impressions", "engagements", "engagement_rate", "followers", "net_new", "sessions", "conversions",
               "revenue", "spend", "return_on_spend"]
SHOWN_AS_WAS = {"net_new", "return_on_spend"}  # a relative change of these reads wrong: show last year's value
TREND_METRICS = ("engagements", "followers", "conversions")  # after the exposure measure


class Histories:
    """:func:`reporting.analysis.history.history` per (metric, channel), built once and shared by every section."""

    def __init__(self, data: ClientData, brands: list[str] | tuple[str, ...] = ()):
        self.data = data
        self.brands = tuple(brands)
        self._cache: dict[tuple[str, str], MetricHistory] = {}
        days = data.account_daily["date"].dropna()
        self.export_start = days.min().date() if len(days) else None

    def __call__(self, metric: str, channel: str = "all") -> MetricHistory:
        key = (metric, channel)
        if key not in self._cache:
            self._cache[key] = history(self.data, metric, channel, self.brands)
        return self._cache[key]

    def value(self, metric: str, channel: str, start: dt.date, end: dt.date) -> float | None:
        """The metric over the window, as :meth:`MetricHistory.value` measures it.

        Post metrics are covered from the first post on; when the account export
        already covered ``start``, a quiet first few days are no posts, not missing
        data (1 January is often such a day), so the window is read from the first post.
        """
        h = self(metric, channel)
        value = h.value(start, end)
        if (value is None and not h.empty and h.first > start and h.last >= end and self.export_start is not None
                and self.export_start <= start and metric in POST_PARTS):
            value = h.value(h.first, end)
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


# --------------------------------------------------------------------------- channel scorecard

STRENGTHS = ("reach", "engagement", "conversions", "cost", "fit")
WEAKNESSES = ("wrong_platform", "low_conversions", "costly", "low_reach", "low_engagement", "poor_fit")
VERDICTS = ("keep", "fix", "stop", "no_data")


def scorecard(totals: pd.DataFrame, fit: pd.DataFrame | None = None, rules: Thresholds = Thresholds(),
              exposure: str = "reach") -> pd.DataFrame:
    """A keep / fix / stop verdict per channel from explicit rules over the year's totals.

    Each channel is compared with the client's channels taken together (the portfolio):

    - ``reach_share`` against a fair share (1 / channels judged);
    - ``engagement_index`` = its engagement rate / the portfolio's;
    - ``conversion_yield`` = its share of conversions / its share of reach (1 = converts
      its reach as well as the portfolio does);
    - ``cost_index`` = its cost per result / the portfolio's (spend without any result: costly);
    - ``purchase_index`` from :func:`reporting.analysis.fit.channel_fit`: how often survey
      respondents using the channel buy, against all respondents (audience fit).

    Strengths and weaknesses follow :class:`~reporting.params.Thresholds`. Engagement at or above the portfolio
    rate with a conversion yield below ``yield_wrong_platform`` is the *wrong platform*
    mistake (engagement without conversions). Low engagement is not held against a
    channel whose conversions are a strength: engagement is a means, sales the end.
    Verdict: no weakness, keep; weaknesses and at least one strength, fix; weaknesses
    and no strength, stop. Fewer than ``min_posts`` posts in the year: no_data.
    With ``exposure='impressions'`` every "reach" above (and the engagement rate's
    base) is impressions.
    """
    t = totals.drop(index="all", errors="ignore")
    t = t.assign(reach=t[exposure], engagement_rate=(t["engagements"] / t[exposure]).where(t[exposure] > 0))
    judged = t[t["posts"].fillna(0) >= rules.min_posts]
    fair = 1 / len(judged) if len(judged) else np.nan
    reach_all = float(judged["reach"].sum())
    eng_rate_all = float(judged["engagements"].sum()) / reach_all if reach_all else np.nan
    conv_all = float(judged["conversions"].sum())
    spend_all = float(judged["spend"].sum())
    cpr_all = spend_all / conv_all if conv_all > 0 and spend_all > 0 else np.nan
    rows = []
    for channel, r in t.iterrows():
        row = {"channel": channel, "posts": r["posts"], "reach": r["reach"], "engagement_rate": r["engagement_rate"],
               "conversions": r["conversions"], "spend": r["spend"], "cost_per_result": r["cost_per_result"]}
        row["reach_share"] = _ratio(r["reach"], reach_all)
        row["engagement_index"] = _ratio(r["engagement_rate"], eng_rate_all)
        row["engagement_share"] = _ratio(r["engagements"], judged["engagements"].sum())
        conv_share = _ratio(r["conversions"] if pd.notna(r["conversions"]) else 0.0, conv_all) \
            if conv_all > 0 else np.nan
        row["conversion_share"] = conv_share
        row["conversion_yield"] = _ratio(conv_share, row["reach_share"])
        row["cost_index"] = _cost_index(r["spend"], r["conversions"], cpr_all, conv_all > 0)
        row.update(_fit_of(fit, channel, rules))
        if channel not in judged.index:
            row.update(strengths=(), weaknesses=(), verdict="no_data", wrong_platform=False)
        else:
            strengths, weaknesses = _flags(row, fair, rules)
            verdict = "keep" if not weaknesses else "fix" if strengths else "stop"
            row.update(strengths=strengths, weaknesses=weaknesses, verdict=verdict,
                       wrong_platform="wrong_platform" in weaknesses)
        rows.append(row)
    cols = ["channel", "verdict", "posts", "reach", "reach_share", "engagement_rate", "engagement_index",
            "engagement_share", "conversions", "conversion_share", "conversion_yield", "spend", "cost_per_result", "cost_index",
            "purchase_index", "buyer_reach", "strengths", "weaknesses", "wrong_platform"]
    out = pd.DataFrame(rows, columns=cols)
    order = {v: i for i, v in enumerate(VERDICTS)}
    return out.sort_values(["verdict", "reach"], key=lambda c: c.map(order) if c.name == "verdict" else -c.fillna(0),
                           kind="stable").reset_index(drop=True)


def _ratio(a: object, b: object) -> float:
    if a is None or b is None or pd.isna(a) or pd.isna(b) or float(b) == 0:
        return np.nan
    return float(a) / float(b)


def _cost_index(spend: object, conversions: object, cpr_all: float, tracked: bool) -> float:
    """Cost per result against the portfolio's; spend with no result at all is infinitely costly."""
    if not tracked or pd.isna(spend) or float(spend) <= 0:
        return np.nan
    if pd.isna(conversions) or float(conversions) == 0:
        return np.inf
    return float(spend) / float(conversions) / cpr_all if cpr_all == cpr_all else np.nan


def _fit_of(fit: pd.DataFrame | None, channel: str, rules: Thresholds) -> dict[str, float]:
    if fit is None or fit.empty or channel not in set(fit["channel"]):
        return {"purchase_index": np.nan, "buyer_reach": np.nan}
    r = fit[fit["channel"] == channel].iloc[0]
    if r["users"] < rules.fit_min_users:
        return {"purchase_index": np.nan, "buyer_reach": np.nan}
    return {"purchase_index": float(r["purchase_index"]), "buyer_reach": float(r["buyer_reach"])}


def _flags(row: dict, fair: float, rules: Thresholds) -> tuple[tuple[str, ...], tuple[str, ...]]:
    def ge(x: float, bound: float) -> bool:
        return pd.notna(x) and x >= bound

    def lt(x: float, bound: float) -> bool:
        return pd.notna(x) and x < bound

    share, eng, yld = row["reach_share"], row["engagement_index"], row["conversion_yield"]
    cost, fit = row["cost_index"], row["purchase_index"]
    strong = {
        "reach": ge(share, rules.reach_share_high * fair),
        "engagement": ge(eng, rules.engagement_high),
        "conversions": ge(yld, rules.yield_high),
        "cost": pd.notna(cost) and cost <= 1.0,
        "fit": ge(fit, rules.fit_high),
    }
    wrong = ge(eng, rules.engagement_high) and lt(yld, rules.yield_wrong_platform)
    weak = {
        "wrong_platform": wrong,
        "low_conversions": not wrong and lt(yld, rules.yield_low),
        "costly": pd.notna(cost) and cost > rules.cost_high,
        "low_reach": lt(share, rules.reach_share_low * fair),
        "low_engagement": lt(eng, rules.engagement_low) and not strong["conversions"],
        "poor_fit": lt(fit, rules.fit_low),
    }
    return (tuple(k for k in STRENGTHS if strong[k]), tuple(k for k in WEAKNESSES if weak[k]))


# --------------------------------------------------------------------------- audience shift

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


# --------------------------------------------------------------------------- next year's targets

PACE = {"conservative": 1.0, "expected": 1.25, "stretch": 1.5}  # multiples of this year's change
RECOVERY = {"conservative": 0.0, "expected": 0.25, "stretch": 0.5}  # share of this year's fall won back
TOTAL_METRICS = ("sessions", "conversions", "revenue")  # proposed for all channels together


def target_range(base: float, previous: float, higher_is_better: bool = True) -> dict[str, float] | None:
    """Conservative / expected / stretch values for next year from this year's change.

    ``base`` is this year's value (total, or end level), ``previous`` last year's
    (or the level a year earlier). When the metric improved, next year repeats the
    change (conservative), beats it by a quarter (expected) or by half (stretch).
    When it got worse, the conservative target holds this year's value and the
    others win back a quarter or half of the loss. None without a previous value.
    """
    if base is None or previous is None or pd.isna(base) or pd.isna(previous):
        return None
    change = float(base) - float(previous)
    improved = change > 0 if higher_is_better else change < 0
    if improved:
        return {k: float(base) + m * change for k, m in PACE.items()}
    return {k: float(base) - m * change for k, m in RECOVERY.items()}


def next_year_targets(hist: Histories, this: pd.DataFrame, last: pd.DataFrame, card: pd.DataFrame,
                      params: ClientParams, start: dt.date, rules: Thresholds = Thresholds(),
                      exposure: str = "reach") -> pd.DataFrame:
    """Proposed SMART targets for the year from ``start`` (the day after the review), one row per channel and metric.

    Which: each channel marked keep or fix gets a follower target and either a
    conversion target (when it brought at least ``min_target_base`` conversions) or
    a reach (``exposure``) target; all channels together get sessions, conversions and revenue;
    the metric of every current goal is carried forward. Channels marked stop get
    none, nor do counts below ``min_target_base`` (too small to project).

    How much: :func:`target_range` on this year against last year (followers: the
    year's end against its start). ``conservative``, ``expected`` and ``stretch``
    are next year's values in the same unit as ``this_year`` (a total, or the level
    at the year's end). As goals (see :func:`proposed_goals`) they are measured the
    way the KPI review measures every goal (``reporting.goals``): a level against
    its value at the start; a flow or a rate per month, against the average month
    of the three before the start (``goal_baseline``), raised by the same
    percentage. Each value carries the KPI review's realism check.
    """
    verdict = dict(zip(card["channel"], card["verdict"], strict=True))
    wanted: list[tuple[str, str]] = []
    for channel in [c for c in card["channel"] if verdict.get(c) in ("keep", "fix")]:
        conversions = this.at[channel, "conversions"] if channel in this.index else pd.NA
        converts = pd.notna(conversions) and conversions >= rules.min_target_base
        wanted += [(channel, "followers"), (channel, "conversions" if converts else exposure)]
    wanted += [("all", m) for m in TOTAL_METRICS]
    wanted += [(g.channel, g.metric) for g in params.goals]
    deadline = next_deadline(start)
    rows = []
    for channel, metric in dict.fromkeys(wanted):
        if channel != "all" and verdict.get(channel) not in ("keep", "fix"):
            continue
        base, previous = _metric_pair(this, last, channel, metric)
        if base is None or (METRICS[metric].kind == "sum" and base < rules.min_target_base):
            continue
        higher = METRICS[metric].higher_is_better
        values = target_range(base, previous, higher)
        if values is None or base == 0:
            continue
        h = hist(metric, channel)
        level = h.how == "level"
        goal_base = base if level else goals.measured_baseline(h, start)
        if goal_base is None or goal_base == 0:
            continue
        row = {"id": f"{channel}-{metric.replace('_', '-')}-{start.year}", "channel": channel,
               "objective": METRICS[metric].objective, "metric": metric, "this_year": base, "last_year": previous,
               "goal_baseline": goal_base, "recovery": not _improved(base, previous, higher)}
        for name, value in values.items():
            row[name] = max(value, 0.0)
            row[f"{name}_target"] = row[name] if level else goal_base * row[name] / base
        probe = Goal(id="probe", objective=METRICS[metric].objective, metric=metric, channel=channel,
                     baseline=goal_base, target={"value": row["expected_target"]}, start=start, deadline=deadline)
        real = goals.realism(h, probe, goal_base, row["expected_target"])
        for name in values:
            row[f"{name}_realism"] = realism_label(real, row[f"{name}_target"] / goal_base - 1, higher)
        row["change_pct"] = (values["expected"] / base - 1) * 100
        rows.append(row)
    cols = ["id", "channel", "objective", "metric", "this_year", "last_year", "conservative", "expected",
            "stretch", "change_pct", "recovery", "goal_baseline", "conservative_target", "expected_target",
            "stretch_target", "conservative_realism", "expected_realism", "stretch_realism"]
    return pd.DataFrame(rows, columns=cols)


def realism_label(real: goals.Realism, needed: float, higher_is_better: bool) -> str:
    """The KPI review's realism verdict for another change over the same windows (its rule, reused)."""
    if real.typical is None or real.best is None:
        return "unknown"
    if goals.meets(real.typical, needed, higher_is_better):
        return "realistic"
    return "ambitious" if goals.meets(real.best, needed, higher_is_better) else "unrealistic"


def next_deadline(start: dt.date) -> dt.date:
    """The last day of the year that begins on ``start``."""
    return (pd.Timestamp(start) + pd.DateOffset(years=1)).date() - dt.timedelta(days=1)


def _improved(base: float, previous: float, higher: bool) -> bool:
    return base > previous if higher else base < previous


# metric in the goal registry -> (channel_totals column, column holding the value it is compared with;
# None: the same column in last year's totals)
_TOTALS_COLUMN = {"followers": ("followers", "followers_start"), "reach": ("reach", None),
                  "sessions": ("sessions", None), "conversions": ("conversions", None),
                  "revenue": ("revenue", None), "engagements": ("engagements", None),
                  "link_clicks": ("link_clicks", None), "impressions": ("impressions", None),
                  "spend": ("spend", None), "cost_per_result": ("cost_per_result", None),
                  "engagement_rate_reach": ("engagement_rate", None), "net_new_followers": ("net_new", None),
                  "avg_reach_per_post": ("reach_per_post", None),
                  "engagement_rate_impressions": ("engagement_rate_impressions", None)}


def _metric_pair(this: pd.DataFrame, last: pd.DataFrame, channel: str, metric: str) -> tuple[float | None, ...]:
    """This year's value and the value it is compared with (last year's, or the level at the year's start)."""
    if metric not in _TOTALS_COLUMN or channel not in this.index:
        return None, None
    col, start_col = _TOTALS_COLUMN[metric]
    base = this.at[channel, col]
    if start_col:
        previous = this.at[channel, start_col]
    else:
        previous = last.at[channel, col] if channel in last.index else pd.NA
    return (None if pd.isna(base) else float(base)), (None if pd.isna(previous) else float(previous))


def proposed_goals(targets: pd.DataFrame, start: dt.date, descriptions: dict[str, str] | None = None) -> list[Goal]:
    """The expected targets as validated :class:`~reporting.params.Goal` objects for next year's parameters.

    The baseline is written out (the KPI review would measure the same value), so the
    goal does not move if the data is re-exported; the target is the expected one
    as an absolute value. ``descriptions`` maps goal id to its text.
    """
    out = []
    for r in targets.itertuples():
        out.append(Goal(id=r.id, objective=r.objective, metric=r.metric, channel=r.channel,
                        baseline=_rounded(r.goal_baseline, r.metric),
                        target={"value": _rounded(r.expected_target, r.metric)}, start=start,
                        deadline=next_deadline(start), description=(descriptions or {}).get(r.id, "")))
    return out


def _rounded(x: float, metric: str) -> float | int:
    """Whole units for counts, cents for money, four decimals for rates."""
    if metric in UNITS and UNITS[metric] == "money":
        return round(float(x), 2)
    if METRICS[metric].kind in ("ratio", "mean"):
        return round(float(x), 4)
    return int(round(float(x)))


def goals_yaml(goals: list[Goal], comments: dict[str, str] | None = None) -> str:
    """A ``goals:`` block ready to paste into ``params/<client>.yaml``; ``comments`` adds a line per goal id."""
    import yaml

    lines = ["goals:"]
    for g in goals:
        if comments and g.id in comments:
            lines.append(f"  # {comments[g.id]}")
        item = g.model_dump(mode="python")
        item = {k: v for k, v in item.items() if not (k == "description" and not v)}
        item["target"] = {k: _plain(v) for k, v in item["target"].items() if v is not None}
        item["baseline"] = _plain(item["baseline"])
        text = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
        lines += ["  " + line for line in text.rstrip().splitlines()]
    return "\n".join(lines) + "\n"


def _plain(x: float | None) -> float | int | None:
    """Whole numbers without a trailing '.0' in the YAML."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


# --------------------------------------------------------------------------- goals, competitors, audience

def goal_attainment(params: ClientParams, hist: Histories, start: dt.date, end: dt.date
                    ) -> tuple[list[goals.GoalStatus], list[Goal]]:
    """Status at the year's end of every goal that ran during the year, and the goals that did not.

    A goal overlapping the year is evaluated by :func:`reporting.goals.evaluate` as of the
    year's last day (a goal that ended inside the year is judged at its deadline).
    """
    active, inactive = [], []
    for g in params.goals:
        if g.start <= end and g.deadline >= start:
            active.append(goals.evaluate(g, hist(g.metric, g.channel), as_of=end))
        else:
            inactive.append(g)
    return active, inactive


def competitive_position(data: ClientData, params: ClientParams, year: Period, previous: Period) -> pd.DataFrame:
    """Share of voice and net sentiment per brand, this year against last, as competitor listening computes them.

    Columns: ``brand, mentions, share, share_previous, share_change, reach_share,
    reach_share_previous, net, net_previous, net_change``. Empty without mentions.
    """
    cols = ["brand", "mentions", "share", "share_previous", "share_change", "reach_share", "reach_share_previous",
            "net", "net_previous", "net_change"]
    mentions = data.mentions
    day = mentions["time"].dt.date
    within = ((day >= previous.start) & (day <= year.end)).to_numpy(dtype=bool)
    if not within.any():
        return pd.DataFrame(columns=cols)
    brands = params.brands()
    rows, _ = competition.complete_sentiment(competition.prepare(match_brands(mentions, params, within).rows),
                                           mentions)
    sov = competition.share_of_voice(rows, brands, year, previous)
    sentiment = competition.sentiment_by_brand(rows, brands, year, previous)
    out = sov.merge(sentiment[["brand", "net", "net_previous", "net_change"]], on="brand", how="left")
    return out[cols]


def competitor_followers(data: ClientData, params: ClientParams, year: Period) -> pd.DataFrame:
    """Followers and growth in the year per brand and channel, from the competitor-accounts export."""
    accounts = data.competitor_accounts
    own = accounts.iloc[0:0][["date", "brand", "channel", "account", "followers", "posts", "engagements"]]
    out = competition.owned_channels(accounts, own, params.brands(), year)
    return out[["brand", "channel", "followers", "growth", "posts_per_week"]] if not out.empty else out


def demographic_snapshot(demographics: pd.DataFrame) -> pd.DataFrame:
    """Per channel: the largest age band, the share aged 45 and over, the female share (a snapshot: no dates)."""
    ag = demographics[demographics["dimension"] == "age_gender"]
    cols = ["channel", "top_age_band", "share_45_plus", "female_share"]
    if ag.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for channel, g in ag.groupby("channel", sort=True):
        total = float(g["share"].sum())
        bands = g.groupby("age_band")["share"].sum()
        rows.append({"channel": channel, "top_age_band": bands.idxmax(),
                     "share_45_plus": float(bands.reindex(["45-54", "55-64", "65+"]).sum()) / total if total else np.nan,
                     "female_share": float(g.loc[g["gender"] == "female", "share"].sum()) / total if total else np.nan})
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------- the whole review

@dataclass
class AnnualReview:
    """Everything the annual review shows, computed once by :func:`build` (frames, values, sentences)."""

    year: Period
    previous: Period
    year_name: str  # '2025', or the dates of a period that is not a calendar year
    previous_name: str
    next_start: dt.date
    next_name: str
    rules: Thresholds
    exposure: str  # "reach", or "impressions" when a channel's export has no reach
    channels: list[str]
    this: pd.DataFrame
    last: pd.DataFrame
    yoy: pd.DataFrame
    trends: pd.DataFrame
    goal_status: list[goals.GoalStatus]
    goals_inactive: list[Goal]
    fit: pd.DataFrame | None
    card: pd.DataFrame
    as_of: dt.date
    inventory: pd.DataFrame
    duplicates: pd.DataFrame
    content: pd.DataFrame
    campaigns: pd.DataFrame
    campaign_weeks: pd.DataFrame
    position: pd.DataFrame
    competitor_followers: pd.DataFrame
    shift: pd.DataFrame
    demographics: pd.DataFrame
    respondents: int
    targets: pd.DataFrame
    proposed: list[Goal]
    summary: list[str]


def build(ctx: ReportContext) -> AnnualReview:
    """The whole annual review for one client: the year reviewed is ``ctx.period`` (a full year by default)."""
    data, params, t = ctx.data, ctx.params, ctx.t
    year, previous = ctx.period, ctx.period.previous()
    rules = params.thresholds
    hist = Histories(data, params.brands())
    channels = report_channels(data, params)
    this = channel_totals(hist, channels, year.start, year.end)
    last = channel_totals(hist, channels, previous.start, previous.end)
    posts_year = _in_period(data.posts, year.start, year.end)
    fit = None
    if not data.respondents.empty:
        spend = data.spend[data.spend["date"].dt.date.between(year.start, year.end)]
        web = data.web_traffic[data.web_traffic["date"].dt.date.between(year.start, year.end)]
        fit = channel_fit(data.respondents, posts_year, spend, params, web)
    exposure = exposure_measure(posts_year)
    card = scorecard(this, fit, rules, exposure)
    as_of = inventory_date(data, year.end)
    inventory = account_inventory(data, params, year.start, year.end, as_of, rules)
    pf = posts_engine.post_frame(data)
    camps = campaigns(pf, data.spend, year.start, year.end, rules)
    active, inactive = goal_attainment(params, hist, year.start, year.end)
    next_start = year.end + dt.timedelta(days=1)
    targets = next_year_targets(hist, this, last, card, params, next_start, rules, exposure)
    r = AnnualReview(
        year=year, previous=previous, year_name=period_name(t, year), previous_name=period_name(t, previous),
        next_start=next_start, next_name=period_name(t, Period(next_start, next_deadline(next_start), "", "")),
        rules=rules, exposure=exposure, channels=channels, this=this, last=last,
        yoy=year_over_year(this, last), trends=monthly(hist, channels, year, previous, exposure),
        goal_status=active, goals_inactive=inactive, fit=fit, card=card, as_of=as_of, inventory=inventory,
        duplicates=duplicate_accounts(inventory, rules),
        content=content_types(pf, year.start, year.end, rules),
        campaigns=camps, campaign_weeks=campaign_weeks(pf, year.start, year.end),
        position=competitive_position(data, params, year, previous),
        competitor_followers=competitor_followers(data, params, year),
        shift=audience_shift(this), demographics=demographic_snapshot(data.demographics),
        respondents=len(data.respondents), targets=targets,
        proposed=proposed_goals(targets, next_start, target_descriptions(targets, t)), summary=[])
    r.summary = executive_summary(r, t, params.display_name)
    return r


# --------------------------------------------------------------------------- words (client's language)

def period_name(t: Translator, period: Period) -> str:
    """'2025' for a calendar year, else the period's dates in the client's language."""
    is_year = period.start.month == 1 and period.start.day == 1 and period.end == dt.date(period.start.year, 12, 31)
    return str(period.start.year) if is_year else t.period(period.start, period.end)


def channel_name(t: Translator, channel: str) -> str:
    key = f"annual.channel_{channel}"
    return t(key) if t.has(key) else str(channel)


def _list(t: Translator, items: list[str]) -> str:
    return format_list(items, locale=t.locale) if items else ""


def _change(t: Translator, value: float | None) -> str:
    return t("annual.no_comparison") if value is None or pd.isna(value) else t.signed_percent(value)


def _times(t: Translator, x: float) -> str:
    return "–" if x is None or pd.isna(x) else ("∞" if x == np.inf else t.number(x, 1)) + "×"


def format_value(t: Translator, metric: str, value: float | None) -> str:
    """A metric value in its unit: money, a percentage, or a count (compact above 10,000)."""
    if value is None or pd.isna(value):
        return "–"
    unit = UNITS.get(metric, "count")
    if metric == "engagement_rate":
        unit = "percent"
    if unit == "money":
        return t.money(value)
    if unit == "percent":
        return t.percent(value, 2 if abs(value) < 0.1 else 1)
    return t.compact(value) if abs(value) >= 10_000 else t.number(value)


def metric_phrase(t: Translator, metric: str, value: float | None) -> str:
    """'1,234 conversions' / '전환 1,234건': a value with its metric, as a sentence needs it."""
    return t(f"annual.phrase_{metric}", value=format_value(t, metric, value))


def executive_summary(r: AnnualReview, t: Translator, client: str) -> list[str]:
    """The year in three numbers, what worked, what to stop or fix, and the proposed focus for next year."""
    out = []
    total = r.this.loc["all"] if "all" in r.this.index else pd.Series(dtype="Float64")
    before = r.last.loc["all"] if "all" in r.last.index else pd.Series(dtype="Float64")
    growth = _ratio(total.get("followers"), total.get("followers_start"))
    result = next((m for m in ("revenue", "conversions", "engagements") if _positive(total.get(m))), None)
    exposure = r.exposure
    if _positive(total.get(exposure)) or _positive(total.get("followers")):
        result_text = (t(f"annual.exec_result_{result}", value=format_value(t, result, total.get(result)),
                         change=_change(t, _growth(total.get(result), before.get(result))))
                       if result else t("annual.exec_result_none"))
        out.append(t("annual.exec_numbers", year=r.year_name, reach=metric_phrase(t, exposure, total.get(exposure)),
                     reach_change=_change(t, _growth(total.get(exposure), before.get(exposure))),
                     followers=format_value(t, "followers", total.get("followers")),
                     followers_change=_change(t, None if pd.isna(growth) else growth - 1), result=result_text,
                     last=r.previous_name))
    else:
        out.append(t("annual.exec_no_data", year=r.year_name))
    out.append(_worked(r, t))
    out.append(_to_stop(r, t))
    focus = _focus(r, t)
    if focus:
        out.append(focus)
    return out


def _positive(x: object) -> bool:
    return x is not None and not pd.isna(x) and float(x) > 0


def _growth(a: object, b: object) -> float | None:
    return None if not _positive(b) or a is None or pd.isna(a) else float(a) / float(b) - 1


def _worked(r: AnnualReview, t: Translator) -> str:
    items = []
    for row in r.card[r.card["verdict"] == "keep"].itertuples():
        if "conversions" in row.strengths:
            items.append(t("annual.exec_worked_channel_conversions", channel=channel_name(t, row.channel),
                           conversion_share=t.percent(row.conversion_share, 0), reach_share=t.percent(row.reach_share, 0),
                           measure=t(f"annual.measure_{r.exposure}")))
        else:
            items.append(t("annual.exec_worked_channel", channel=channel_name(t, row.channel)))
    kept = r.content[r.content["verdict"] == "keep"]
    if not kept.empty:
        best = kept.iloc[0]
        index = max(x for x in (best["engagement_index"], best["click_index"]) if pd.notna(x))
        items.append(t("annual.exec_worked_content", content=content_name(t, best["content_type"]),
                       index=_times(t, index)))
    good = r.campaigns[r.campaigns["verdict"] == "keep"]
    if not good.empty:
        best = good.iloc[0]
        items.append(t("annual.exec_worked_campaign", campaign=best["campaign"],
                       reach=metric_phrase(t, r.exposure, best["reach"])))
    return t("annual.exec_worked", items=_list(t, items)) if items else t("annual.exec_worked_none")


def _to_stop(r: AnnualReview, t: Translator) -> str:
    items = []
    for row in r.card.itertuples():
        if row.wrong_platform:
            items.append(t("annual.exec_stop_wrong_platform", channel=channel_name(t, row.channel),
                           engagement_share=t.percent(row.engagement_share, 0),
                           conversion_share=t.percent(row.conversion_share, 1)))
        elif row.verdict == "stop":
            items.append(t("annual.exec_stop_channel", channel=channel_name(t, row.channel)))
    fix = [channel_name(t, c.channel) for c in r.card.itertuples() if c.verdict == "fix" and not c.wrong_platform]
    if fix:
        items.append(t("annual.exec_fix_channels", channels=_list(t, fix)))
    dups = set()
    for d in r.duplicates.itertuples():
        dups.add((d.channel, d.duplicate))
        key = "annual.exec_stop_duplicate_dormant" if d.duplicate_dormant else "annual.exec_stop_duplicate"
        items.append(t(key, account=d.duplicate, channel=channel_name(t, d.channel)))
    for a in r.inventory[r.inventory["dormant"]].itertuples():
        if (a.channel, a.account) not in dups:
            items.append(t("annual.exec_stop_dormant", account=a.account, channel=channel_name(t, a.channel)))
    for c in r.campaigns[r.campaigns["decays"]].itertuples():
        items.append(t("annual.exec_stop_campaign", campaign=c.campaign))
    dropped = [content_name(t, c) for c in r.content.loc[r.content["verdict"] == "drop", "content_type"]]
    if dropped:
        items.append(t("annual.exec_stop_content", content=_list(t, dropped)))
    return t("annual.exec_stop", items=_list(t, items)) if items else t("annual.exec_stop_none")


def _focus(r: AnnualReview, t: Translator) -> str:
    """Next year's focus: the kept channel that converts best (else reaches most) and the headline target."""
    kept = r.card[r.card["verdict"].isin(["keep", "fix"])]
    if kept.empty or r.targets.empty:
        return ""
    by = "conversion_yield" if kept["conversion_yield"].notna().any() else "reach_share"
    channel = kept.sort_values(by, ascending=False, kind="stable").iloc[0]["channel"]
    targets = r.targets.set_index("id")
    ids = [f"all-{m}-{r.next_start.year}" for m in ("revenue", "conversions", "sessions")]
    headline = next((i for i in ids if i in targets.index), targets.index[0])
    row = targets.loc[headline]
    return t("annual.exec_focus", next=r.next_name, channel=channel_name(t, channel),
             target=metric_phrase(t, row["metric"], row["expected"]), change=t.signed_percent(row["change_pct"] / 100),
             year=r.year_name, low=format_value(t, row["metric"], row["conservative"]),
             high=format_value(t, row["metric"], row["stretch"]))


def content_name(t: Translator, content_type: str) -> str:
    key = f"annual.content_{content_type}"
    return t(key) if t.has(key) else str(content_type)


def target_descriptions(targets: pd.DataFrame, t: Translator) -> dict[str, str]:
    """A one-line description per proposed goal, in the client's language, for the parameter file."""
    return {r.id: t("annual.target_description_all" if r.channel == "all" else "annual.target_description",
                    target=metric_phrase(t, r.metric, r.expected),
                    channel=channel_name(t, r.channel), low=format_value(t, r.metric, r.conservative),
                    high=format_value(t, r.metric, r.stretch))
            for r in targets.itertuples()}


# --------------------------------------------------------------------------- what the notebook shows

VERDICT_BADGE = {"keep": "keep", "fix": "fix", "stop": "stop", "no_data": "no_data",
                 "drop": "stop", "review": "fix", "too_few": "no_data"}


def headline_tiles(r: AnnualReview, t: Translator) -> list[dict[str, object]]:
    """The year in numbers as tiles: reach, followers, and conversions / revenue, each against last year."""
    total, before = r.this.loc["all"], r.last.loc["all"]
    items = []
    for metric in (r.exposure, "followers", "conversions", "revenue"):
        value = total.get(metric)
        if not _positive(value):
            continue
        prev = total.get("followers_start") if metric == "followers" else before.get(metric)
        change = _growth(value, prev)
        items.append({"label": t(f"annual.metric_{metric}"), "value": format_value(t, metric, value),
                      "delta": t("annual.tile_delta", change=_change(t, change), last=r.previous_name)
                      if metric != "followers" else t("annual.tile_delta_followers", change=_change(t, change)),
                      "good": None if change is None else change > 0})
    return items


def yoy_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """KPI rows x channel columns, each cell "this year (change on last year)"; rows the data never fills are left out.."""
    columns = [c for c in [*r.channels, "all"] if c in r.this.index]
    rows = []
    for metric in YOY_METRICS:
        sub = r.yoy[r.yoy["metric"] == metric].set_index("channel")
        if not (sub["this_year"].fillna(0) != 0).any():  # no data, or none at all (revenue of a lead business)
            continue
        row = {t("annual.col_kpi"): t(f"annual.metric_{metric}")}
        for c in columns:
            value, change = sub.at[c, "this_year"], sub.at[c, "change"]
            cell = format_value(t, metric, value)
            if pd.isna(value):
                pass
            elif metric in SHOWN_AS_WAS:
                cell += f" ({t('annual.was', value=format_value(t, metric, sub.at[c, 'last_year']))})"
            elif pd.notna(value):
                cell += f" ({_change(t, change)})"
            row[channel_name(t, c)] = cell
        rows.append(row)
    return pd.DataFrame(rows)


def goals_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """Every goal active in the year: baseline, target, value at the year's end (or deadline), progress, status."""
    rows = []
    for s in r.goal_status:
        g = s.goal
        status = ("met" if s.met else "missed") if s.phase == "ended" and s.status != "no_data" else s.status
        rows.append({t("annual.col_goal"): g.description or g.id, t("annual.col_metric"): t(f"annual.metric_{g.metric}")
                     if t.has(f"annual.metric_{g.metric}") else g.metric,
                     t("annual.col_channel"): channel_name(t, g.channel),
                     t("annual.col_baseline"): format_value(t, g.metric, s.baseline),
                     t("annual.col_target"): format_value(t, g.metric, s.target),
                     t("annual.col_value"): format_value(t, g.metric, s.current),
                     t("annual.col_progress"): t.percent(s.progress, 0) if s.progress is not None else "–",
                     t("annual.col_status"): {"met": "on_track", "missed": "off_track"}.get(status, status),
                     t("annual.col_status") + "_label": t(f"annual.goal_{status}")})
    return pd.DataFrame(rows)


def goals_note(r: AnnualReview, t: Translator) -> str:
    """Which goals were outside the year (not active), so none is silently left out."""
    if not r.goals_inactive:
        return ""
    names = [g.description or g.id for g in r.goals_inactive]
    return t("annual.goals_inactive", year=r.year_name, goals=_list(t, names))


def rules_text(r: AnnualReview, t: Translator) -> list[str]:
    """The scorecard's rules with their thresholds, as bullets (the report states how verdicts are made)."""
    q, measure = r.rules, t(f"annual.measure_{r.exposure}")
    out = [t("annual.rule_verdicts"),
           t("annual.rule_strengths", reach_high=t.percent(q.reach_share_high, 0), yield_high=t.number(q.yield_high, 2),
             fit_high=t.number(q.fit_high, 1), measure=measure),
           t("annual.rule_weaknesses", yield_wrong=t.number(q.yield_wrong_platform, 2),
             yield_low=t.number(q.yield_low, 2), cost_high=t.number(q.cost_high, 1),
             reach_low=t.percent(q.reach_share_low, 0), eng_low=t.number(q.engagement_low, 1),
             fit_low=t.number(q.fit_low, 1), measure=measure),
           t("annual.rule_terms", min_posts=q.min_posts, min_users=q.fit_min_users)]
    if r.exposure == "impressions":
        out.append(t("annual.rule_impressions"))
    return out


def scorecard_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """The scorecard as shown: the verdict column (``col_verdict``) holds badge keys, its ``_label`` sibling the words."""
    c = r.card
    verdict = t("annual.col_verdict")
    return pd.DataFrame({
        t("annual.col_channel"): [channel_name(t, x) for x in c["channel"]],
        verdict: [VERDICT_BADGE[v] for v in c["verdict"]],
        f"{verdict}_label": [t(f"annual.verdict_{v}") for v in c["verdict"]],
        t("annual.col_reach_share", measure=t(f"annual.measure_{r.exposure}")): [t.percent(x, 0) for x in c["reach_share"]],
        t("annual.col_engagement_rate"): [format_value(t, "engagement_rate", x) for x in c["engagement_rate"]],
        t("annual.col_conversion_share"): [t.percent(x, 1) for x in c["conversion_share"]],
        t("annual.col_cost_per_result"): [format_value(t, "cost_per_result", x) for x in c["cost_per_result"]],
        t("annual.col_fit"): [_times(t, x) for x in c["purchase_index"]],
    })


def verdict_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """One sentence per channel: its verdict and the rules behind it, with the numbers."""
    out = []
    for row in r.card.itertuples():
        name = channel_name(t, row.channel)
        if row.verdict == "no_data":
            out.append(t("annual.verdict_sentence_no_data", channel=name, posts=t.number(row.posts or 0),
                          min_posts=r.rules.min_posts))
            continue
        good = [_reason(t, k, row, r.exposure) for k in row.strengths]
        bad = [_reason(t, k, row, r.exposure) for k in row.weaknesses]
        out.append(t("annual.verdict_sentence", channel=name, verdict=t(f"annual.verdict_{row.verdict}"),
                     strengths=_list(t, good) or t("annual.none"), weaknesses=_list(t, bad) or t("annual.none")))
        if pd.isna(row.engagement_rate):
            out.append(t("annual.verdict_missing_engagement", channel=name))
    return out


def _reason(t: Translator, key: str, row: object, exposure: str) -> str:
    if key == "costly" and row.cost_index == np.inf:
        key = "costly_no_result"
    return t(f"annual.reason_{key}", reach_share=t.percent(row.reach_share, 0), measure=t(f"annual.measure_{exposure}"),
             engagement_rate=format_value(t, "engagement_rate", row.engagement_rate),
             engagement_index=_times(t, row.engagement_index),
             engagement_share=t.percent(row.engagement_share, 0),
             conversion_share=t.percent(row.conversion_share, 1), cost=format_value(t, "cost_per_result",
                                                                                   row.cost_per_result),
             cost_index=_times(t, row.cost_index), spend=format_value(t, "spend", row.spend),
             fit=_times(t, row.purchase_index))


def inventory_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    inv = r.inventory
    dup = set(zip(r.duplicates["channel"], r.duplicates["duplicate"], strict=True))
    status = ["duplicate" if (c, a) in dup else "dormant" if d else "active"
              for c, a, d in zip(inv["channel"], inv["account"], inv["dormant"], strict=True)]
    return pd.DataFrame({
        t("annual.col_channel"): [channel_name(t, x) for x in inv["channel"]],
        t("annual.col_account"): ["@" + a for a in inv["account"]],
        t("annual.col_status"): [{"active": "keep", "dormant": "stop", "duplicate": "fix"}[s] for s in status],
        t("annual.col_status") + "_label": [t(f"annual.account_{s}") for s in status],
        t("annual.col_last_post"): [t.date(d) if d is not None and pd.notna(d) else "–" for d in inv["last_post"]],
        t("annual.col_posts_per_week", year=r.year_name): [t.number(x, 1) for x in inv["posts_per_week"]],
        t("annual.col_followers"): [t.number(x) for x in inv["followers_now"]],
        t("annual.col_in_params"): [t("annual.word_yes") if x else t("annual.word_no") for x in inv["in_params"]],
        t("annual.col_aliases"): inv["aliases"].tolist(),
    })


def inventory_flags(r: AnnualReview, t: Translator) -> list[str]:
    """Sentences for every flagged account: duplicates with their evidence, dormant accounts, unknown ones."""
    out = []
    year = r.year_name
    inv = r.inventory.set_index(["channel", "account"])
    flagged = set()
    for d in r.duplicates.itertuples():
        flagged.add((d.channel, d.duplicate))
        evidence = [t("annual.evidence_same_name") if d.similarity >= 1 else
                    t("annual.evidence_similar_name", similarity=t.percent(d.similarity, 0))]
        if d.handover:
            evidence.append(t("annual.evidence_handover"))
        if d.duplicate_dormant and d.duplicate_last_post is not None and pd.notna(d.duplicate_last_post):
            evidence.append(t("annual.evidence_dormant", date=t.date(d.duplicate_last_post)))
        if inv.loc[(d.channel, d.duplicate), "posts_year"] > 0 and inv.loc[(d.channel, d.account), "posts_year"] > 0:
            evidence.append(t("annual.evidence_parallel", year=year))
        out.append(t("annual.flag_duplicate", duplicate=d.duplicate, account=d.account,
                     channel=channel_name(t, d.channel), evidence=_list(t, evidence),
                     followers=t.number(d.duplicate_followers)))
    for a in r.inventory.itertuples():
        if (a.channel, a.account) in flagged:
            continue
        if a.dormant and a.last_post is not None and pd.notna(a.last_post):
            out.append(t("annual.flag_dormant", account=a.account, channel=channel_name(t, a.channel),
                         days=t.number(a.days_since_post), date=t.date(a.last_post)))
        elif a.dormant:
            out.append(t("annual.flag_no_posts", account=a.account, channel=channel_name(t, a.channel)))
        if not a.in_params:
            out.append(t("annual.flag_not_in_params", account=a.account, channel=channel_name(t, a.channel)))
    return out


def inventory_note(r: AnnualReview, t: Translator) -> str:
    return t("annual.inventory_note", date=t.date(r.as_of), days=r.rules.dormant_days,
             similarity=t.percent(r.rules.duplicate_similarity, 0), handover=r.rules.handover_days)


def content_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    c = r.content
    return pd.DataFrame({
        t("annual.col_content_type"): [content_name(t, x) for x in c["content_type"]],
        t("annual.col_verdict"): [VERDICT_BADGE[v] for v in c["verdict"]],
        t("annual.col_verdict") + "_label": [t(f"annual.content_verdict_{v}") for v in c["verdict"]],
        t("annual.col_posts"): [t.number(x) for x in c["posts"]],
        t("annual.col_reach_per_post", metric=exposure_label(r, t)):
            [format_value(t, "reach", x) for x in c["reach_per_post"]],
        t("annual.col_engagement_rate"): [format_value(t, "engagement_rate", x) for x in c["engagement_rate"]],
        t("annual.col_engagement_index"): [_times(t, x) for x in c["engagement_index"]],
        t("annual.col_click_index"): [_times(t, x) for x in c["click_index"]],
    })


def campaign_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    c = r.campaigns
    return pd.DataFrame({
        t("annual.col_campaign"): c["campaign"].tolist(),
        t("annual.col_verdict"): [VERDICT_BADGE[v] for v in c["verdict"]],
        t("annual.col_verdict") + "_label": [t(f"annual.content_verdict_{v}") for v in c["verdict"]],
        t("annual.col_dates"): [t.period(a, b) for a, b in zip(c["start"], c["end"], strict=True)],
        t("annual.col_posts"): [t.number(x) for x in c["posts"]],
        exposure_label(r, t): [format_value(t, "reach", x) for x in c["reach"]],
        t("annual.col_engagement_index"): [_times(t, x) for x in c["engagement_index"]],
        t("annual.col_week1_later"): [t.percent(x, 0) if pd.notna(x) else "–" for x in c["later_vs_week1"]],
        t("annual.col_cost_per_result"): [format_value(t, "cost_per_result", x) for x in c["cost_per_result"]],
    })


def campaign_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """The campaigns whose reach died after their first week, named, with the numbers; then the best one."""
    out = [t("annual.campaign_decays", campaign=c.campaign, ratio=t.percent(c.later_vs_week1, 0),
             date=t.date(c.start)) for c in r.campaigns[r.campaigns["decays"]].itertuples()]
    if not out and not r.campaigns.empty:
        out.append(t("annual.campaign_no_decay", ratio=t.percent(posts_engine.CAMPAIGN_RULE[0], 0)))
    return out


def campaigns_note(t: Translator) -> str:
    return t("annual.note_campaigns", ratio=t.percent(posts_engine.CAMPAIGN_RULE[0], 0))


def exposure_label(r: AnnualReview, t: Translator) -> str:
    """'Reach', or 'Reach / impressions' when some platform's posts carry impressions only."""
    return t("annual.metric_reach") if r.exposure == "reach" else t("annual.col_reach_or_impressions")


def position_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    p = r.position
    year, last = r.year_name, r.previous_name
    return pd.DataFrame({
        t("annual.col_brand"): p["brand"].tolist(),
        t("annual.col_sov_year", year=year): [t.percent(x) for x in p["share"]],
        t("annual.col_sov_year", year=last): [t.percent(x) for x in p["share_previous"]],
        t("annual.col_sov_change"): [_points(t, x) for x in p["share_change"]],
        t("annual.col_net_year", year=year): [_signed_number(t, x) for x in p["net"]],
        t("annual.col_net_year", year=last): [_signed_number(t, x) for x in p["net_previous"]],
        t("annual.col_net_change"): [_signed_number(t, x) for x in p["net_change"]],
    })


def _points(t: Translator, x: float) -> str:
    """A change of a share in percentage points: '+1.2 pts' (never '-0.0')."""
    if x is None or pd.isna(x):
        return "–"
    value = round(float(x) * 100, 1) + 0.0
    return t("annual.points", value=("+" if value > 0 else "") + t.number(value, 1))


def _signed_number(t: Translator, x: float) -> str:
    if x is None or pd.isna(x):
        return "–"
    x = round(float(x), 2) + 0.0  # no "-0.00"
    return ("+" if x > 0 else "") + t.number(x, 2)


def position_sentences(r: AnnualReview, t: Translator, client: str) -> list[str]:
    """The client's share of voice and sentiment this year against last, and the competitor that moved most."""
    p = r.position.set_index("brand")
    if client not in p.index:
        return []
    me = p.loc[client]
    out = [t("annual.position_client", brand=client, share=t.percent(me["share"]), change=_points(t, me["share_change"]),
             net=_signed_number(t, me["net"]), net_change=_signed_number(t, me["net_change"]), last=r.previous_name)]
    others = p.drop(index=client).dropna(subset=["share_change"])
    if not others.empty:
        mover = others["share_change"].abs().idxmax()
        out.append(t("annual.position_mover", brand=mover, share=t.percent(p.loc[mover, "share"]),
                     change=_points(t, p.loc[mover, "share_change"])))
    return out


def audience_contrast(r: AnnualReview, t: Translator) -> str:
    """Where the buyers are: the channel that converts best against the one with the most engagement, by audience.

    Said only when they differ (the engagement-without-conversions case), with each
    channel's share of followers aged 45+ (platform demographics) and how often its
    users buy (survey), so the report names who buys, not only where.
    """
    c = r.card[r.card["verdict"] != "no_data"].dropna(subset=["conversion_share", "engagement_share"])
    if len(c) < 2:
        return ""
    buyers = c.loc[c["conversion_share"].idxmax()]
    likes = c.loc[c["engagement_share"].idxmax()]
    if buyers["channel"] == likes["channel"]:
        return ""
    demo = r.demographics.set_index("channel")["share_45_plus"] if not r.demographics.empty else pd.Series(dtype=float)
    if buyers["channel"] in demo.index and likes["channel"] in demo.index:
        return t("annual.contrast_age", buyers=channel_name(t, buyers["channel"]), likes=channel_name(t, likes["channel"]),
                 conversion_share=t.percent(buyers["conversion_share"], 0),
                 engagement_share=t.percent(likes["engagement_share"], 0),
                 older_buyers=t.percent(demo[buyers["channel"]], 0), older_likes=t.percent(demo[likes["channel"]], 0))
    return t("annual.contrast", buyers=channel_name(t, buyers["channel"]), likes=channel_name(t, likes["channel"]),
             conversion_share=t.percent(buyers["conversion_share"], 0),
             engagement_share=t.percent(likes["engagement_share"], 0))


def shift_sentences(r: AnnualReview, t: Translator) -> list[str]:
    """How the follower base changed per channel, and which channel's share of it moved most."""
    s = r.shift.dropna(subset=["start", "end"])
    if s.empty:
        return []
    total_start, total_end = s["start"].sum(), s["end"].sum()
    out = [t("annual.shift_total", start=t.number(total_start), end=t.number(total_end),
             growth=_change(t, _growth(total_end, total_start)), year=r.year_name)]
    moved = (s["share_end"] - s["share_start"]).abs().idxmax()
    row = s.loc[moved]
    out.append(t("annual.shift_mix", channel=channel_name(t, row["channel"]), before=t.percent(row["share_start"], 0),
                 after=t.percent(row["share_end"], 0), growth=_change(t, row["growth"])))
    return out


def demographics_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    d = r.demographics
    return pd.DataFrame({
        t("annual.col_channel"): [channel_name(t, x) for x in d["channel"]],
        t("annual.col_top_age"): d["top_age_band"].tolist(),
        t("annual.col_45_plus"): [t.percent(x, 0) for x in d["share_45_plus"]],
        t("annual.col_female"): [t.percent(x, 0) for x in d["female_share"]],
    })


def targets_table(r: AnnualReview, t: Translator) -> pd.DataFrame:
    """One row per proposed target: the range, the change of the expected value and its realism."""
    g = r.targets
    return pd.DataFrame({
        t("annual.col_target_name"): [t("annual.target_name", channel=channel_name(t, c), metric=t(f"annual.metric_{m}"))
                                      for c, m in zip(g["channel"], g["metric"], strict=True)],
        t("annual.col_year_value", year=r.year_name): [format_value(t, m, v) for m, v in zip(g["metric"], g["this_year"], strict=True)],
        t("annual.col_conservative"): [format_value(t, m, v) for m, v in zip(g["metric"], g["conservative"], strict=True)],
        t("annual.col_expected"): [format_value(t, m, v) for m, v in zip(g["metric"], g["expected"], strict=True)],
        t("annual.col_stretch"): [format_value(t, m, v) for m, v in zip(g["metric"], g["stretch"], strict=True)],
        t("annual.col_change"): [t.signed_percent(x / 100) for x in g["change_pct"]],
        t("annual.col_realism"): [t(f"annual.realism_{x}") for x in g["expected_realism"]],
    })


def targets_method(r: AnnualReview, t: Translator) -> str:
    """How the ranges are derived and how the goals will be measured (the baseline months named)."""
    first, last = goals.months_before(r.next_start, goals.BASELINE_MONTHS)
    return t("annual.note_targets", baseline=t.period(first, last))


def targets_notes(r: AnnualReview, t: Translator) -> list[str]:
    """Which conservative targets already ask more than usual, and which stretch targets exceed the best year."""
    out = []
    for level, key in (("conservative", "targets_conservative_hard"), ("stretch", "targets_stretch_unrealistic")):
        bad = {"conservative": ("ambitious", "unrealistic"), "stretch": ("unrealistic",)}[level]
        rows = r.targets[r.targets[f"{level}_realism"].isin(bad)]
        if not rows.empty:
            names = [t("annual.target_name", channel=channel_name(t, c), metric=t(f"annual.metric_{m}"))
                     for c, m in zip(rows["channel"], rows["metric"], strict=True)]
            out.append(t(f"annual.{key}", targets=_list(t, names)))
    return out


def yaml_block(r: AnnualReview) -> display.Html:
    """The proposed goals as a YAML snippet in an escaped <pre>, ready to paste into the client's parameters."""
    text = goals_yaml(r.proposed)
    return display.Html('<pre class="rp-code" style="white-space:pre-wrap;background:#f6f8fa;'
                        f'padding:0.8rem;border-radius:6px;font-size:0.85rem">{display.esc(text)}</pre>')


def summary_payload(r: AnnualReview) -> dict[str, object]:
    """The machine-readable headline of the review (schema in docs/summary/annual_strategy_review.md)."""
    total, before = r.this.loc["all"], r.last.loc["all"]
    return {
        "year": r.year.label,
        "previous_year": r.previous.label,
        "next_year": {"start": r.next_start, "deadline": next_deadline(r.next_start)},
        "headline": {m: {"value": total.get(m), "previous": before.get(m) if m != "followers" else total.get(
            "followers_start"), "change": _growth(total.get(m), before.get(m) if m != "followers" else total.get(
                "followers_start"))} for m in ("reach", "engagements", "followers", "sessions", "conversions",
                                               "revenue", "spend")},
        "sentences": r.summary,
        "goals": [{"id": s.goal.id, "metric": s.goal.metric, "channel": s.goal.channel, "phase": s.phase,
                   "status": s.status, "met": s.met, "baseline": s.baseline, "target": s.target, "value": s.current,
                   "progress": s.progress} for s in r.goal_status],
        "goals_not_active": [g.id for g in r.goals_inactive],
        "verdicts": [{"channel": c.channel, "verdict": c.verdict, "strengths": list(c.strengths),
                      "weaknesses": list(c.weaknesses), "wrong_platform": bool(c.wrong_platform),
                      "reach_share": c.reach_share, "engagement_index": c.engagement_index,
                      "conversion_share": c.conversion_share, "conversion_yield": c.conversion_yield,
                      "cost_per_result": c.cost_per_result,
                      "cost_index": None if c.cost_index == np.inf else c.cost_index,
                      "purchase_index": c.purchase_index} for c in r.card.itertuples()],
        "inventory": {
            "as_of": r.as_of, "dormant_days": r.rules.dormant_days,
            "accounts": [{"channel": a.channel, "account": a.account, "in_params": bool(a.in_params),
                          "aliases": [x for x in a.aliases.split(", ") if x], "last_post": a.last_post,
                          "posts_year": int(a.posts_year), "posts_per_week": round(float(a.posts_per_week), 2),
                          "followers": a.followers_now, "dormant": bool(a.dormant)} for a in r.inventory.itertuples()],
            "dormant": [{"channel": a.channel, "account": a.account, "last_post": a.last_post,
                         "days_since_post": a.days_since_post} for a in r.inventory[r.inventory["dormant"]].itertuples()],
            "duplicates": [{"channel": d.channel, "account": d.account, "duplicate": d.duplicate,
                            "similarity": d.similarity, "handover": bool(d.handover),
                            "duplicate_dormant": bool(d.duplicate_dormant)} for d in r.duplicates.itertuples()],
        },
        "content": [{"content_type": c.content_type, "posts": int(c.posts), "verdict": c.verdict,
                     "engagement_index": c.engagement_index, "click_index": c.click_index}
                    for c in r.content.itertuples()],
        "campaigns": [{"campaign": c.campaign, "start": c.start, "end": c.end, "verdict": c.verdict,
                       "decays": bool(c.decays), "later_vs_week1": c.later_vs_week1} for c in r.campaigns.itertuples()],
        "decaying_campaigns": r.campaigns.loc[r.campaigns["decays"], "campaign"].tolist(),
        "competitors": [{"brand": p.brand, "share": p.share, "share_previous": p.share_previous, "net": p.net,
                         "net_previous": p.net_previous} for p in r.position.itertuples()],
        "targets": [{"id": g.id, "channel": g.channel, "objective": g.objective, "metric": g.metric,
                     "this_year": g.this_year, "conservative": g.conservative, "expected": g.expected,
                     "stretch": g.stretch, "change_pct": g.change_pct,
                     "realism": {k: getattr(g, f"{k}_realism") for k in ("conservative", "expected", "stretch")},
                     "goal": next(p.model_dump(mode="json") for p in r.proposed if p.id == g.id)}
                    for g in r.targets.itertuples()],
    }
