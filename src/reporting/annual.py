"""The annual strategy review: what the year delivered, and what to keep, fix or stop.

Every verdict comes from an explicit rule whose thresholds are listed in
:class:`Rules` (overridable through ``params.thresholds``) and stated in the
report, so a stakeholder can check why a channel is marked *stop*. The
functions take canonical frames and return frames; :func:`build` wires them
for one :class:`~reporting.report.ReportContext`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
import pandas as pd

from reporting.dataset import ClientData
from reporting.metrics import METRICS
from reporting.params import ClientParams, Goal

ENGAGEMENT_PARTS = ["likes", "comments", "shares", "saves"]


@dataclass(frozen=True)
class Rules:
    """Thresholds of every rule in the review; defaults can be overridden in ``params.thresholds``.

    Channel rules compare a channel with the client's own channels taken together
    (its *portfolio*), because "good" engagement differs by industry far more than
    between one client's channels.
    """

    dormant_days: int = 60  # no post for this many days before the inventory date: dormant
    duplicate_similarity: float = 0.8  # handle similarity (0-1) that counts as "similar name"
    handover_days: int = 120  # one account stopped at most this long before the other started
    decay_ratio: float = 0.5  # reach per post after week 1 below this share of week 1: "dies"
    min_posts: int = 5  # fewer posts: a content type or channel is not judged
    reach_share_low: float = 0.5  # reach share below this x a fair share (1 / channels): low reach
    reach_share_high: float = 0.75  # at least this x a fair share: reach is a strength
    engagement_low: float = 0.5  # engagement rate below this x the portfolio rate: low engagement
    engagement_high: float = 1.0  # at or above the portfolio rate: engagement is a strength
    yield_wrong_platform: float = 0.25  # conversion yield below this with engagement high: wrong platform
    yield_low: float = 0.5  # conversion yield below this: converts poorly
    yield_high: float = 0.75  # conversion yield at least this: conversions are a strength
    cost_high: float = 1.5  # cost per result above this x the portfolio's: costly
    fit_low: float = 0.8  # the channel's users buy at below this x the average respondent's rate: poor fit
    fit_high: float = 1.2  # at least this x: good fit
    fit_min_users: int = 20  # fewer respondents on a channel: fit not judged
    content_keep: float = 1.1  # engagements or link clicks per post at least this x the channel average: keep
    content_drop: float = 0.8  # both below this x the channel average: drop
    min_target_base: float = 30  # a count below this is too small to project a target from

    @classmethod
    def from_params(cls, params: ClientParams) -> Rules:
        """The defaults, with any same-named threshold from the client's parameters."""
        fields = cls.__dataclass_fields__
        values = {name: type(getattr(cls, name))(params.thresholds[name])
                  for name in fields if name in params.thresholds}
        return cls(**values)


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
                      as_of: dt.date, rules: Rules = Rules()) -> pd.DataFrame:
    """Every account seen in the posts, daily metrics, own-brand competitor rows or the parameters.

    Returns one row per (channel, account) with: where it was seen (``sources``),
    ``in_params``, first and last post, posts in the year, posts per week in the
    year, followers at the period end and at ``as_of``, days since the last post
    and the ``dormant`` flag. Posts without an account name are credited to the
    channel's handle when the parameters give exactly one.
    """
    seen: dict[tuple[str, str], dict[str, object]] = {}

    def add(channel: str, account: object, source: str) -> tuple[str, str]:
        key = (str(channel), normalise_handle(account))
        row = seen.setdefault(key, {"channel": str(channel), "account": str(account).strip().lstrip("@"),
                                    "sources": []})
        if source not in row["sources"]:
            row["sources"].append(source)
        return key

    handles = _param_handles(params)
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

    posts = posts.assign(key=posts["account"].map(normalise_handle), day=posts["published"].dt.date)
    daily = daily.assign(key=daily["account"].map(normalise_handle), day=daily["date"].dt.date)
    own = own.assign(key=own["account"].map(normalise_handle), day=own["date"].dt.date)
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
            "in_params": (channel, key) in param_keys,
            "first_post": p["day"].min() if not p.empty else None, "last_post": last,
            "posts_year": len(in_year), "posts_per_week": len(in_year) / weeks,
            "followers_end": _level_at(d, c, end), "followers_now": _level_at(d, c, as_of),
            "days_since_post": (as_of - last).days if last is not None else None,
            "dormant": last is None or (as_of - last).days >= rules.dormant_days,
        })
    cols = ["channel", "account", "sources", "in_params", "first_post", "last_post", "posts_year",
            "posts_per_week", "followers_end", "followers_now", "days_since_post", "dormant"]
    out = pd.DataFrame(rows, columns=cols)
    for col in ("followers_end", "followers_now", "days_since_post"):
        out[col] = out[col].astype("Int64")
    return out.sort_values(["channel", "followers_now", "account"], ascending=[True, False, True],
                           na_position="last", kind="stable").reset_index(drop=True)


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


def duplicate_accounts(inventory: pd.DataFrame, rules: Rules = Rules()) -> pd.DataFrame:
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

def _engagements(posts: pd.DataFrame) -> pd.Series:
    return posts[ENGAGEMENT_PARTS].fillna(0).sum(axis=1)


def _in_period(posts: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    day = posts["published"].dt.date
    return posts[(day >= start) & (day <= end)]


def _channel_expected(posts: pd.DataFrame) -> pd.DataFrame:
    """Per post: the reach, engagements and link clicks of the average post on its channel in the same frame.

    Indices built on these compare a content type or campaign with its own channels,
    so a type posted mostly on a big channel is not credited for the channel's size.
    """
    p = posts.assign(eng=_engagements(posts), reach=posts["reach"].astype("Float64"),
                     clicks=posts["link_clicks"].astype("Float64"))
    per = p.groupby("channel")[["reach", "eng", "clicks"]].mean()
    return p.assign(**{f"exp_{c}": p["channel"].map(per[c]) for c in ("reach", "eng", "clicks")})


def _indexed(p: pd.DataFrame, by: str) -> pd.DataFrame:
    """Totals per group and indices against the average post on the same channels (1.0 = average)."""
    sums = p.groupby(by, sort=False)[["reach", "eng", "clicks", "exp_reach", "exp_eng", "exp_clicks"]].sum(
        min_count=1)
    out = pd.DataFrame({"posts": p.groupby(by, sort=False).size(), "reach": sums["reach"],
                        "engagements": sums["eng"], "link_clicks": sums["clicks"]})
    out["reach_per_post"] = out["reach"] / out["posts"]
    out["engagement_rate"] = (out["engagements"] / out["reach"]).where(out["reach"] > 0)
    out["link_clicks_per_post"] = out["link_clicks"] / out["posts"]
    for name, col in (("reach_index", "reach"), ("engagement_index", "eng"), ("click_index", "clicks")):
        out[name] = (sums[col] / sums[f"exp_{col}"]).where(sums[f"exp_{col}"] > 0).astype("Float64")
    return out


def content_types(posts: pd.DataFrame, start: dt.date, end: dt.date, rules: Rules = Rules()) -> pd.DataFrame:
    """Content types of the year ranked, with a keep / drop / review verdict.

    Each index is 1.0 for a type that does exactly as well per post as the average
    post on the same channels: ``reach_index`` (reach), ``engagement_index``
    (engagements) and ``click_index`` (link clicks). Keep: engagements or link clicks
    per post at least ``content_keep`` x average (a type earns its place by engaging
    *or* by sending traffic); drop: both below ``content_drop``; fewer than
    ``min_posts`` posts: ``too_few``; otherwise review.
    """
    p = _in_period(posts, start, end)
    p = p.assign(content_type=p["content_type"].fillna("").replace("", "other"))
    cols = ["content_type", "posts", "reach", "engagements", "link_clicks", "reach_per_post",
            "engagement_rate", "link_clicks_per_post", "reach_index", "engagement_index", "click_index", "verdict"]
    if p.empty:
        return pd.DataFrame(columns=cols)
    out = _indexed(_channel_expected(p), "content_type").reset_index()
    out["verdict"] = [_content_verdict(r.posts, r.engagement_index, r.click_index, rules) for r in out.itertuples()]
    best = out[["engagement_index", "click_index"]].astype(float).max(axis=1).fillna(0)
    out = out.assign(_score=best)
    return out.sort_values(["_score", "posts"], ascending=False, kind="stable")[cols].reset_index(drop=True)


def _content_verdict(posts: int, engagement_index: float, click_index: float, rules: Rules) -> str:
    indices = [x for x in (engagement_index, click_index) if pd.notna(x)]
    if posts < rules.min_posts or not indices:
        return "too_few"
    if max(indices) >= rules.content_keep:
        return "keep"
    if max(indices) < rules.content_drop:
        return "drop"
    return "review"


def campaigns(posts: pd.DataFrame, spend: pd.DataFrame, start: dt.date, end: dt.date,
              rules: Rules = Rules()) -> pd.DataFrame:
    """Campaigns that posted in the year: results, life cycle and a keep / drop / review verdict.

    Life cycle: reach per post in the campaign's first 7 days against the days after.
    A campaign whose later reach per post is below ``decay_ratio`` of its first week
    (with at least two later posts) ``decays``: its reach dies after the first week,
    and it is marked drop (run it as a one-week burst or refresh it). Otherwise the
    content-type rule applies (engagements or link clicks per post against the
    average post on the same channels).
    """
    p = posts[posts["campaign"].notna() & (posts["campaign"].str.strip() != "")]
    p = _in_period(p, start, end)
    cols = ["campaign", "start", "end", "days", "posts", "reach", "engagements", "reach_per_post",
            "engagement_rate", "link_clicks_per_post", "reach_index", "engagement_index", "click_index",
            "week1_reach_per_post",
            "later_reach_per_post", "later_vs_week1", "decays", "spend", "results", "cost_per_result",
            "verdict"]
    if p.empty:
        return pd.DataFrame(columns=cols)
    all_posts = _channel_expected(_in_period(posts, start, end))
    p = all_posts.loc[p.index]
    out = _indexed(p, "campaign")
    first = p.groupby("campaign")["published"].min()
    last = p.groupby("campaign")["published"].max()
    out["start"] = first.dt.date
    out["end"] = last.dt.date
    out["days"] = (last.dt.normalize() - first.dt.normalize()).dt.days + 1
    age = (p["published"] - p["campaign"].map(first)).dt.total_seconds() / 86400
    week1 = p[age < 7].groupby("campaign")["reach"].agg(["mean", "size"])
    later = p[age >= 7].groupby("campaign")["reach"].agg(["mean", "size"])
    out["week1_reach_per_post"] = week1["mean"].astype("Float64")
    out["later_reach_per_post"] = later["mean"].astype("Float64")
    out["later_vs_week1"] = out["later_reach_per_post"] / out["week1_reach_per_post"]
    out["decays"] = (later["size"].reindex(out.index).fillna(0) >= 2) & (out["later_vs_week1"] < rules.decay_ratio)
    out["decays"] = out["decays"].fillna(False).astype(bool)
    paid = _campaign_spend(p, spend, start, end)
    out = out.join(paid)
    out["cost_per_result"] = (out["spend"] / out["results"]).where(out["results"] > 0)
    out["verdict"] = ["drop" if r.decays else _content_verdict(r.posts, r.engagement_index, r.click_index, rules)
                      for r in out.itertuples()]
    out = out.reset_index()
    return out.sort_values(["reach", "campaign"], ascending=[False, True], kind="stable")[cols].reset_index(drop=True)


def campaign_weeks(posts: pd.DataFrame, camps: pd.DataFrame, weeks: int = 6) -> pd.DataFrame:
    """Reach per post by week since each campaign's first post (week 1 = its first 7 days): the life cycle."""
    p = posts[posts["campaign"].isin(set(camps["campaign"]))]
    cols = ["campaign", "week", "posts", "reach_per_post"]
    if p.empty:
        return pd.DataFrame(columns=cols)
    p = p[p["published"].dt.date.between(camps["start"].min(), camps["end"].max())]
    first = p.groupby("campaign")["published"].transform("min")
    week = ((p["published"] - first).dt.total_seconds() // (7 * 86400)).astype(int) + 1
    p = p.assign(week=week)[week <= weeks]
    out = p.groupby(["campaign", "week"]).agg(posts=("post_id", "size"), reach_per_post=("reach", "mean"))
    return out.reset_index()[cols]


def _campaign_spend(p: pd.DataFrame, spend: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Spend and results per campaign: the ad tool's spend table when it names the campaign, else boosts."""
    boosts = p.groupby("campaign")["spend"].sum(min_count=1)
    s = spend[(spend["date"].dt.date >= start) & (spend["date"].dt.date <= end)]
    s = s[s["campaign"].notna()].groupby("campaign").agg(spend=("spend", "sum"), results=("results", "sum"))
    out = pd.DataFrame(index=boosts.index)
    out["spend"] = s["spend"].reindex(out.index).astype("Float64").fillna(boosts.astype("Float64"))
    out["results"] = s["results"].reindex(out.index).astype("Int64")
    return out


# --------------------------------------------------------------------------- year results by channel

YOY_METRICS = ["reach", "engagements", "engagement_rate", "followers", "net_new", "sessions", "conversions",
               "revenue", "spend"]


def channel_totals(data: ClientData, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per channel (and ``all``) with the period's totals and levels.

    Posts give reach, impressions, engagements and link clicks; daily account metrics
    give followers (sum of each account's last value at or before ``end``, and the
    day before ``start``) and net new; web traffic from social sources gives sessions,
    conversions and revenue; spend comes from the ad tool's table for channels it
    covers, else from boosted posts (never both: boosts also appear in ad exports).
    """
    p = _in_period(data.posts, start, end)
    p = p.assign(engagements=_engagements(p).where(p[ENGAGEMENT_PARTS].notna().any(axis=1)),
                 boost_spend=p["spend"])
    by_posts = p.groupby("channel")[["reach", "impressions", "engagements", "link_clicks", "boost_spend"]].sum(
        min_count=1)
    by_posts.insert(0, "posts", p.groupby("channel").size())
    d = data.account_daily
    day = d["date"].dt.date
    in_d = d[(day >= start) & (day <= end)]
    followers_end = _by_channel(_account_levels(d[day <= end]))
    # the last level before the year; an account first seen during the year starts at its first value
    followers_start = _by_channel(_account_levels(d[day < start]).combine_first(
        _account_levels(in_d, first=True)))
    net_new = in_d.groupby("channel")["net_new"].sum(min_count=1)
    w = data.web_traffic
    w = w[(w["date"].dt.date >= start) & (w["date"].dt.date <= end) & w["channel"].notna() & (w["channel"] != "")]
    web = w.groupby("channel")[["sessions", "conversions", "revenue"]].sum(min_count=1)
    s = data.spend
    ad_channels = set(s["channel"].dropna())
    ads = s[(s["date"].dt.date >= start) & (s["date"].dt.date <= end)].groupby("channel")["spend"].sum()
    channels = sorted(set(by_posts.index) | set(followers_end.index) | set(web.index) | set(ads.index)
                      | set(net_new.index))
    out = pd.DataFrame(index=pd.Index(channels, name="channel"))
    out = out.join(by_posts).join(web)
    out["followers"] = followers_end
    out["followers_start"] = followers_start
    out["net_new"] = net_new
    out["spend"] = [float(ads.get(ch, 0.0)) if ch in ad_channels else by_posts["boost_spend"].get(ch, pd.NA)
                    for ch in out.index]
    out = out.drop(columns=["boost_spend"])
    for col in ("posts", "reach", "impressions", "engagements", "link_clicks", "sessions", "conversions",
                "revenue", "followers", "followers_start", "net_new", "spend"):
        out[col] = pd.to_numeric(out[col]).astype("Float64") if col in out else pd.NA
    total = out.sum(min_count=1).to_frame("all").T
    out = pd.concat([out, total])
    out.index.name = "channel"
    out["engagement_rate"] = (out["engagements"] / out["reach"]).where(out["reach"] > 0)
    out["cost_per_result"] = (out["spend"] / out["conversions"]).where((out["conversions"] > 0) & (out["spend"] > 0))
    return out


def _account_levels(daily: pd.DataFrame, first: bool = False) -> pd.Series:
    """Each (channel, account)'s last (or first) known follower count."""
    f = daily[daily["followers"].notna()].sort_values("date", kind="stable")
    g = f.groupby(["channel", f["account"].fillna("").rename("account")])["followers"]
    return (g.first() if first else g.last()).astype("Float64")


def _by_channel(levels: pd.Series) -> pd.Series:
    return levels.groupby(level="channel").sum(min_count=1) if len(levels) else pd.Series(dtype="Float64")


def year_over_year(this: pd.DataFrame, last: pd.DataFrame) -> pd.DataFrame:
    """Long frame: channel, metric, this year, last year, relative change (None when last year is 0 or missing)."""
    rows = []
    for channel in this.index:
        for metric in YOY_METRICS:
            a = this.at[channel, metric] if metric in this else pd.NA
            b = last.at[channel, metric] if channel in last.index and metric in last else pd.NA
            a = None if pd.isna(a) else float(a)
            b = None if pd.isna(b) else float(b)
            change = a / b - 1 if a is not None and b not in (None, 0.0) and metric != "net_new" else None
            rows.append({"channel": channel, "metric": metric, "this_year": a, "last_year": b, "change": change})
    return pd.DataFrame(rows, columns=["channel", "metric", "this_year", "last_year", "change"])


def monthly(data: ClientData, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Long frame month x channel x metric (reach, engagements, followers, conversions), ``start`` to ``end``.

    Followers are the month-end level (sum of the accounts' last values in the month).
    """
    frames = []
    p = _in_period(data.posts, start, end)
    if not p.empty:
        p = p.assign(engagements=_engagements(p), month=_month_start(p["published"].dt.tz_localize(None)))
        frames.append(p.groupby(["month", "channel"])[["reach", "engagements"]].sum(min_count=1))
    d = data.account_daily
    d = d[(d["date"].dt.date >= start) & (d["date"].dt.date <= end) & d["followers"].notna()]
    if not d.empty:
        d = d.assign(month=_month_start(d["date"]), account=d["account"].fillna(""))
        last = d.sort_values("date").groupby(["month", "channel", "account"])["followers"].last()
        frames.append(last.groupby(level=["month", "channel"]).sum().to_frame("followers"))
    w = data.web_traffic
    w = w[(w["date"].dt.date >= start) & (w["date"].dt.date <= end) & w["channel"].notna() & (w["channel"] != "")]
    if not w.empty:
        w = w.assign(month=_month_start(w["date"]))
        frames.append(w.groupby(["month", "channel"])[["conversions"]].sum(min_count=1))
    cols = ["month", "channel", "metric", "value"]
    if not frames:
        return pd.DataFrame(columns=cols)
    wide = pd.concat(frames, axis=1)
    long = wide.astype("Float64").stack(future_stack=True).rename("value").reset_index()
    long.columns = cols
    long["month"] = long["month"].dt.date
    return long.sort_values(["metric", "channel", "month"], kind="stable").reset_index(drop=True)


def _month_start(ts: pd.Series) -> pd.Series:
    return ts.dt.to_period("M").dt.start_time


# --------------------------------------------------------------------------- channel scorecard

STRENGTHS = ("reach", "engagement", "conversions", "cost", "fit")
WEAKNESSES = ("wrong_platform", "low_conversions", "costly", "low_reach", "low_engagement", "poor_fit")
VERDICTS = ("keep", "fix", "stop", "no_data")


def scorecard(totals: pd.DataFrame, fit: pd.DataFrame | None = None, rules: Rules = Rules()) -> pd.DataFrame:
    """A keep / fix / stop verdict per channel from explicit rules over the year's totals.

    Each channel is compared with the client's channels taken together (the portfolio):

    - ``reach_share`` against a fair share (1 / channels judged);
    - ``engagement_index`` = its engagement rate / the portfolio's;
    - ``conversion_yield`` = its share of conversions / its share of reach (1 = converts
      its reach as well as the portfolio does);
    - ``cost_index`` = its cost per result / the portfolio's (spend without any result: costly);
    - ``purchase_index`` from :func:`reporting.personas.channel_fit`: how often survey
      respondents using the channel buy, against all respondents (audience fit).

    Strengths and weaknesses follow :class:`Rules`. Engagement at or above the portfolio
    rate with a conversion yield below ``yield_wrong_platform`` is the *wrong platform*
    mistake (engagement without conversions). Low engagement is not held against a
    channel whose conversions are a strength: engagement is a means, sales the end.
    Verdict: no weakness, keep; weaknesses and at least one strength, fix; weaknesses
    and no strength, stop. Fewer than ``min_posts`` posts in the year: no_data.
    """
    t = totals.drop(index="all", errors="ignore")
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


def _fit_of(fit: pd.DataFrame | None, channel: str, rules: Rules) -> dict[str, float]:
    if fit is None or fit.empty or channel not in set(fit["channel"]):
        return {"purchase_index": np.nan, "buyer_reach": np.nan}
    r = fit[fit["channel"] == channel].iloc[0]
    if r["users"] < rules.fit_min_users:
        return {"purchase_index": np.nan, "buyer_reach": np.nan}
    return {"purchase_index": float(r["purchase_index"]), "buyer_reach": float(r["buyer_reach"])}


def _flags(row: dict, fair: float, rules: Rules) -> tuple[tuple[str, ...], tuple[str, ...]]:
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
LEVEL_METRICS = {"followers"}  # a value at the year's end, not a total over the year
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


def next_year_targets(this: pd.DataFrame, last: pd.DataFrame, card: pd.DataFrame, params: ClientParams,
                      year: int, rules: Rules = Rules()) -> pd.DataFrame:
    """Proposed SMART targets for ``year`` (the year after the review), one row per channel and metric.

    Each channel marked keep or fix gets a follower target and either a conversion
    target (when it brought at least ``min_target_base`` conversions) or a reach
    target; all channels together get sessions, conversions and revenue; the metric
    of every current goal is carried forward. Channels marked stop get none, nor do
    counts below ``min_target_base`` (too small to project). Each row holds this
    year's ``baseline``, the range from :func:`target_range` and ``change_pct`` of
    the expected value over the baseline.
    """
    verdict = dict(zip(card["channel"], card["verdict"], strict=True))
    wanted: list[tuple[str, str]] = []
    for channel in [c for c in params.channels if verdict.get(c) in ("keep", "fix")]:
        conversions = this.at[channel, "conversions"] if channel in this.index else pd.NA
        converts = pd.notna(conversions) and conversions >= rules.min_target_base
        wanted += [(channel, "followers"), (channel, "conversions" if converts else "reach")]
    wanted += [("all", m) for m in TOTAL_METRICS]
    wanted += [(g.channel, g.metric) for g in params.goals]
    rows = []
    for channel, metric in dict.fromkeys(wanted):
        if channel != "all" and verdict.get(channel) not in ("keep", "fix"):
            continue
        base, previous = _metric_pair(this, last, channel, metric)
        if base is None or (METRICS[metric].kind == "sum" and base < rules.min_target_base):
            continue
        higher = METRICS[metric].higher_is_better
        values = target_range(base, previous, higher)
        if values is None:
            continue
        if metric in LEVEL_METRICS or metric in ("engagement_rate_reach", "cost_per_result"):
            values = {k: max(v, 0.0) for k, v in values.items()}
        rows.append({"id": f"{channel}-{metric.replace('_', '-')}-{year}", "channel": channel,
                     "objective": METRICS[metric].objective, "metric": metric, "baseline": base,
                     "previous": previous, **values,
                     "change_pct": (values["expected"] / base - 1) * 100 if base else np.nan,
                     "recovery": not _improved(base, previous, higher)})
    cols = ["id", "channel", "objective", "metric", "baseline", "previous", "conservative", "expected",
            "stretch", "change_pct", "recovery"]
    return pd.DataFrame(rows, columns=cols)


def _improved(base: float, previous: float, higher: bool) -> bool:
    return base > previous if higher else base < previous


# metric name in the goal registry -> (column of channel_totals, column for last year's comparison value)
_TOTALS_COLUMN = {"followers": ("followers", "followers_start"), "reach": ("reach", None),
                  "sessions": ("sessions", None), "conversions": ("conversions", None),
                  "revenue": ("revenue", None), "engagements": ("engagements", None),
                  "link_clicks": ("link_clicks", None), "impressions": ("impressions", None),
                  "spend": ("spend", None), "cost_per_result": ("cost_per_result", None),
                  "engagement_rate_reach": ("engagement_rate", None), "net_new_followers": ("net_new", None)}


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


def proposed_goals(targets: pd.DataFrame, year: int, descriptions: dict[str, str] | None = None) -> list[Goal]:
    """The expected targets as validated :class:`~reporting.params.Goal` objects for next year's parameters.

    Level metrics get an absolute target (the end-of-year value); totals a % change
    over this year's baseline. ``descriptions`` maps goal id to its text.
    """
    goals = []
    for r in targets.itertuples():
        level = r.metric in LEVEL_METRICS or METRICS[r.metric].kind in ("ratio", "mean")
        target = {"value": _rounded(r.expected, r.metric)} if level else {"change_pct": round(r.change_pct, 1)}
        goals.append(Goal(id=r.id, objective=r.objective, metric=r.metric, channel=r.channel,
                          baseline=_rounded(r.baseline, r.metric), target=target, start=dt.date(year, 1, 1),
                          deadline=dt.date(year, 12, 31), description=(descriptions or {}).get(r.id, "")))
    return goals


def _rounded(x: float, metric: str) -> float:
    """Whole units for counts and money, four decimals for rates."""
    return round(float(x), 4) if METRICS[metric].kind == "ratio" else float(round(float(x)))


def goals_yaml(goals: list[Goal], comments: dict[str, str] | None = None) -> str:
    """A ``goals:`` block ready to paste into ``params/<client>.yaml``; ``comments`` adds a line per goal id."""
    import yaml

    lines = ["goals:"]
    for g in goals:
        if comments and g.id in comments:
            lines.append(f"  # {comments[g.id]}")
        item = g.model_dump(mode="json", exclude_defaults=False)
        item = {k: v for k, v in item.items() if not (k == "description" and not v)}
        item["target"] = {k: v for k, v in item["target"].items() if v is not None}
        text = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
        lines += ["  " + line for line in text.rstrip().splitlines()]
    return "\n".join(lines) + "\n"
