"""Competitor listening, computing: share of voice, sentiment, spikes, people, channels, times, themes, owned channels.

Everything starts from :func:`reporting.text.brands.match_brands`: one row per
(mention, tracked brand); a mention naming two brands counts for both (the report
says so). Share of voice, sentiment per brand and owned channels come from
:mod:`reporting.analysis.competition`, spikes from :mod:`reporting.text.spikes`,
themes from :mod:`reporting.text.topics`. Nothing here depends on the report
language: :func:`build` is what the notebook calls, and the wording is made from
its result by :mod:`~reporting.reports.competitor_listening.wording`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reporting.analysis.competition import (brand_order, complete_sentiment, day_start, days_mask, in_days,
                                            own_daily, owned_channels, prepare, sentiment_by_brand, share_of_voice,
                                            weekly_sentiment, weekly_share_of_voice)
from reporting.text import spikes as spike_rules
from reporting.text import topics
from reporting.text.brands import Matched, brand_terms, heavy, match_brands

if TYPE_CHECKING:
    from reporting.dataset import ClientData
    from reporting.params import ClientParams
    from reporting.periods import Period
    from reporting.report import ReportContext

TREND_WEEKS = 8  # weekly charts show at least this many weeks: the period against the one before
MIN_REPEAT = 2  # an advocate or detractor has spoken at least this often in the period
TOP_PEOPLE = 3
INFLUENCERS_BY_REACH = 5
INFLUENCERS_BY_ENGAGEMENT = 5
_PLATFORMS = ("x", "twitter", "instagram", "facebook", "linkedin", "youtube", "tiktok", "pinterest", "threads")
PLATFORM_SITES = frozenset(_PLATFORMS) | {f"{p}.com" for p in _PLATFORMS} | {f"www.{p}.com" for p in _PLATFORMS} | {
    "m.facebook.com", "l.instagram.com", "t.co"}  # a "site" that only repeats the social channel
SMALL_ACCOUNT = 10_000  # followers: below this an account is "small" (nano / micro)
MIN_FOLLOWERS = 100  # below this an engagement rate is too noisy to rank
ENGAGEMENT_LIFT = 2.0  # a small account must reach this multiple of the median engagement rate
TOP_SOURCES = 3
SUMMARY_SPIKES = 3


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
# Spikes


def find_spikes(rows: pd.DataFrame, mentions: pd.DataFrame, brands: list[str], period: Period,
                rule: spike_rules.SpikeRule, first_day: dt.date) -> pd.DataFrame:
    """Daily spikes and drops in the period, hourly ones in its last 7 days, each with its driver."""
    last = day_start(period.end)
    first = max(day_start(first_day), day_start(period.start) - pd.Timedelta(days=rule.window_days))
    daily = spike_rules.daily_counts(rows, brands, first, last)
    found = [spike_rules.detect_daily(daily, rule, day_start(period.start), last)]
    hour_start = max(day_start(period.start), last - pd.Timedelta(days=6))
    hourly = spike_rules.hourly_counts(rows, brands, first, last)
    found.append(spike_rules.detect_hourly(hourly, rule, hour_start, last))
    spikes = pd.concat([f for f in found if not f.empty], ignore_index=True) if any(
        not f.empty for f in found) else found[0]
    if spikes.empty:
        return spike_rules.explain(spikes, rows, rule)
    need = np.zeros(len(rows), bool)
    for brand, start in zip(spikes["brand"], spikes["start"], strict=True):
        day = pd.Timestamp(start).floor("D")
        need |= ((rows["brand"] == brand) & (rows["day"] >= day - pd.Timedelta(days=rule.window_days))
                 & (rows["day"] <= day)).to_numpy()
    sub = rows[need].astype({c: "string" for c in ("brand", "channel", "author", "sentiment")})
    text = heavy(mentions, sub, "text")
    sub = sub.assign(text=text, url=heavy(mentions, sub, "url"),
                     hashtags=topics.hashtags(text, heavy(mentions, sub, "hashtags")))
    explained = spike_rules.explain(spikes, sub, rule)
    return explained.sort_values(["start", "brand"]).reset_index(drop=True)


def spike_history(data: ClientData, params: ClientParams) -> pd.DataFrame:
    """Every daily spike and drop over the client's whole mention history (not explained).

    For the analyst tuning the thresholds: how often does the rule fire on this
    client's data? The demo tests use it to bound false alarms.
    """
    rule = spike_rules.SpikeRule.from_params(params)
    rows = match_brands(data.mentions, params).rows[["brand", "time"]]
    days = spike_rules.local_day(data.mentions["time"]).dropna()
    if days.empty:
        return spike_rules.detect_daily(pd.DataFrame(columns=params.brands(), dtype=float), rule)
    counts = spike_rules.daily_counts(rows, params.brands(), days.min(), days.max())
    return spike_rules.detect_daily(counts, rule)


def headline_spikes(spikes: pd.DataFrame, min_excess: float, limit: int = SUMMARY_SPIKES) -> pd.DataFrame:
    """The spikes worth a summary line: at least ``min_excess`` mentions away from usual, possible crises first.

    An hourly spike inside a day already flagged for the same brand adds nothing, so it is dropped.
    """
    if spikes.empty:
        return spikes
    days = spikes[spikes["granularity"] == "day"]
    flagged = set(zip(days["brand"], pd.to_datetime(days["start"]).dt.floor("D"), strict=True))
    keep = np.array([g == "day" or (b, pd.Timestamp(s).floor("D")) not in flagged
                     for g, b, s in zip(spikes["granularity"], spikes["brand"], spikes["start"], strict=True)])
    keep &= spikes["excess"].abs() >= min_excess
    ranked = spikes[keep].assign(_crisis=spikes["possible_crisis"].fillna(False).astype(bool),
                                 _size=spikes["excess"].abs())
    return ranked.sort_values(["_crisis", "_size"], ascending=[False, False]).head(limit).drop(
        columns=["_crisis", "_size"])


# ---------------------------------------------------------------------------------------------------------
# People: advocates, detractors, influencers


def _main_channels(rows: pd.DataFrame, key: list[str], top: int = 2) -> pd.Series:
    counts = rows.groupby([*key, "channel"], observed=True).size().rename("n").reset_index()
    counts = counts.sort_values([*key, "n", "channel"], ascending=[True] * len(key) + [False, True])
    return counts.groupby(key, observed=True)["channel"].agg(lambda s: ", ".join(s.head(top)))


def advocates(rows: pd.DataFrame, brands: list[str], polarity: str = "positive",
              top: int = TOP_PEOPLE) -> pd.DataFrame:
    """Authors who spoke ``polarity`` about a brand at least twice, ranked by the reach of those mentions.

    Returns brand, author, mentions (of that polarity), share (of the author's
    mentions of the brand), reach (sum over those mentions) and channels.
    Counting runs on integer codes (brand x author), so a million rows cost
    a fraction of a second.
    """
    columns = ["brand", "author", "mentions", "share", "reach", "channels"]
    brand = rows["brand"].astype("category")
    author = rows["author"].astype("category")
    b_codes, a_codes = brand.cat.codes.to_numpy(np.int64), author.cat.codes.to_numpy(np.int64)
    key = b_codes * max(len(author.cat.categories), 1) + a_codes
    named = (a_codes >= 0) & (b_codes >= 0)
    polar = named & (rows["sentiment"] == polarity).fillna(False).to_numpy()
    uniq, inverse = np.unique(key[polar], return_inverse=True)
    count = np.bincount(inverse, minlength=len(uniq))
    reach = np.bincount(inverse, weights=rows["reach_used"].to_numpy(np.float64)[polar], minlength=len(uniq))
    repeated = count >= MIN_REPEAT
    if not repeated.any():
        return pd.DataFrame(columns=columns)
    n_authors = max(len(author.cat.categories), 1)
    g = pd.DataFrame({"key": uniq[repeated], "mentions": count[repeated], "reach": reach[repeated].astype(np.int64)})
    g["brand"] = np.asarray(brand.cat.categories, dtype=object)[g["key"] // n_authors]
    g["author"] = np.asarray(author.cat.categories, dtype=object)[g["key"] % n_authors]
    g["_order"] = brand_order(g["brand"], brands)
    g = g.sort_values(["_order", "reach", "mentions", "author"], ascending=[True, False, False, True])
    g = g.groupby("_order", sort=False).head(top)
    chosen = np.isin(key, g["key"].to_numpy()) & named
    total = pd.Series(key[chosen]).value_counts()
    g["share"] = g["mentions"] / g["key"].map(total)
    theirs = rows.loc[chosen & polar, ["channel"]].assign(key=key[chosen & polar])
    g["channels"] = g["key"].map(_main_channels(theirs, ["key"]))
    return g.astype({"brand": "string", "author": "string"})[columns].reset_index(drop=True)


def influencers(rows: pd.DataFrame, brands: list[str]) -> pd.DataFrame:
    """People worth knowing: the largest audiences, and small accounts whose posts engage far above the norm.

    Engagement rate here is engagement per mention / followers. A small account
    has fewer than :data:`SMALL_ACCOUNT` followers (and at least
    :data:`MIN_FOLLOWERS`); it is listed when its rate is at least
    :data:`ENGAGEMENT_LIFT` times the median of all authors.
    """
    columns = ["author", "why", "followers", "mentions", "engagement_per_mention", "engagement_rate",
               "brands", "channels", "sources"]
    named = rows.loc[rows["author"].notna().to_numpy(),
                     ["author", "brand", "primary", "author_followers", "engagement", "channel", "source"]]
    distinct = named[named["primary"]]
    if distinct.empty:
        return pd.DataFrame(columns=columns)
    g = distinct.groupby("author", observed=True).agg(
        followers=("author_followers", "max"), mentions=("primary", "size"),
        engagement=("engagement", "sum"), engagement_known=("engagement", "count"))
    g["engagement_per_mention"] = g["engagement"] / g["engagement_known"].where(g["engagement_known"] > 0)
    g["engagement_rate"] = g["engagement_per_mention"] / g["followers"].where(g["followers"] > 0)
    g = g.reset_index().astype({"author": "string"})
    by_reach = g[g["followers"].notna()].sort_values(["followers", "author"], ascending=[False, True]).head(
        INFLUENCERS_BY_REACH).assign(why="reach")
    rate = g["engagement_rate"].astype(float)
    median = float(np.nanmedian(rate)) if rate.notna().any() else np.nan
    small = g[(g["followers"] >= MIN_FOLLOWERS) & (g["followers"] < SMALL_ACCOUNT) & (rate >= ENGAGEMENT_LIFT * median)
              & ~g["author"].isin(by_reach["author"])]
    by_rate = small.sort_values(["engagement_rate", "author"], ascending=[False, True]).head(
        INFLUENCERS_BY_ENGAGEMENT).assign(why="engagement")
    chosen = pd.concat([by_reach, by_rate], ignore_index=True)
    mine = named[named["author"].isin(chosen["author"])].astype({"author": "string", "brand": "string",
                                                                    "source": "string", "channel": "string"})
    brand_lists = (mine.drop_duplicates(["author", "brand"]).assign(_o=lambda f: brand_order(f["brand"], brands))
                   .sort_values(["author", "_o"]).groupby("author", observed=True)["brand"].agg(", ".join))
    chosen["brands"] = chosen["author"].map(brand_lists)
    mine = mine[mine["primary"]]
    chosen["channels"] = chosen["author"].map(_main_channels(mine, ["author"]))
    src = mine[mine["source"].notna()]
    chosen["sources"] = chosen["author"].map(_main_channels(src.assign(channel=src["source"]), ["author"], top=1))
    return chosen[columns]


# ---------------------------------------------------------------------------------------------------------
# Where and when


def channel_mix(rows: pd.DataFrame, brands: list[str]) -> pd.DataFrame:
    """Mentions per brand and channel, with each channel's share of the brand's mentions."""
    g = rows.groupby(["brand", "channel"], observed=True).size().rename("mentions").reset_index()
    g["share"] = g["mentions"] / g.groupby("brand")["mentions"].transform("sum")
    g["_order"] = brand_order(g["brand"], brands)
    return g.sort_values(["_order", "mentions", "channel"], ascending=[True, False, True]).drop(
        columns="_order").reset_index(drop=True)


def is_platform_site(source: object) -> bool:
    """True for a "site" that only repeats a social channel (x.com, Instagram), not a news site, blog or forum."""
    return isinstance(source, str) and source.lower() in PLATFORM_SITES


def top_sources(rows: pd.DataFrame, brands: list[str], top: int = TOP_SOURCES) -> pd.DataFrame:
    """The sites carrying most of each brand's mentions beyond the social platforms (news, blogs, forums).

    A source that is the platform itself (x.com, Instagram) repeats the channel mix and is left out.
    """
    source = rows["source"].astype("category")
    platform = np.asarray(source.cat.categories.astype(str).str.lower().isin(PLATFORM_SITES))
    codes = source.cat.codes.to_numpy()
    sub = rows[(codes >= 0) & ~np.append(platform, True)[codes]]  # code -1 (missing) reads the appended True
    if sub.empty:
        return pd.DataFrame(columns=["brand", "source", "mentions", "share"])
    g = sub.groupby(["brand", "source"], observed=True).size().rename("mentions").reset_index()
    totals = rows.groupby("brand", observed=True).size()
    g["share"] = g["mentions"] / g["brand"].astype("string").map(totals).astype(float)
    g["_order"] = brand_order(g["brand"], brands)
    g = g.sort_values(["_order", "mentions", "source"], ascending=[True, False, True])
    return g.groupby("brand", sort=False).head(top).drop(columns="_order").reset_index(drop=True)


def hour_weekday(rows: pd.DataFrame) -> pd.DataFrame:
    """Distinct mentions per weekday (rows, Monday = 0) and local hour (columns 0-23)."""
    distinct = rows[rows["primary"]]
    grid = distinct.groupby(["weekday", "hour"]).size().unstack("hour")
    return grid.reindex(index=range(7), columns=range(24)).fillna(0).astype(int)


# ---------------------------------------------------------------------------------------------------------
# Themes


def theme_tables(rows: pd.DataFrame, mentions: pd.DataFrame, params: ClientParams, period: Period,
                 previous: Period) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Top and rising terms and hashtags per brand (see :mod:`reporting.text.topics` for the sampling)."""
    current = days_mask(rows, period.start, period.end)
    before = days_mask(rows, previous.start, previous.end)
    keys = rows.loc[current | before, ["brand"]]
    keys["period"] = pd.Categorical.from_codes(np.where(current, 0, 1)[current | before],
                                               categories=["current", "previous"])
    volume = keys.groupby(["brand", "period"], observed=True).size().unstack("period")
    volume = (volume.reindex(columns=["current", "previous"]).fillna(0).rename_axis(columns=None)
              .rename_axis("brand").reset_index())
    drawn = topics.sample(keys)
    picked = rows.loc[drawn.index]
    text = heavy(mentions, picked, "text")
    drawn = drawn.assign(text=text, hashtags=topics.hashtags(text, heavy(mentions, picked, "hashtags")))
    exclude = topics.brand_exclusions([t for ts in brand_terms(params).values() for t in ts])
    counts = topics.term_counts(drawn, exclude)
    return topics.top_terms(counts, volume), topics.rising(counts, volume)


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
    daily: pd.DataFrame  # day x brand volume over the trend window
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
    sentiment_accuracy: dict[str, tuple[float, float]] = field(default_factory=dict)
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


def build(ctx: ReportContext) -> Listening:
    """The competitor listening report for the context's client and period (what the notebook calls)."""
    return analyse(ctx.data, ctx.params, ctx.period)


def analyse(data: ClientData, params: ClientParams, period: Period) -> Listening:
    """Compute every section of the report from a client's canonical tables."""
    rule = spike_rules.SpikeRule.from_params(params)
    windows = Windows.for_period(period, rule.window_days)
    brands = params.brands()
    mentions = data.mentions
    time = mentions["time"]
    tz = time.dt.tz or params.timezone
    within = ((time >= pd.Timestamp(windows.history_start).tz_localize(tz))
              & (time < pd.Timestamp(period.end + dt.timedelta(days=1)).tz_localize(tz))).to_numpy()
    matched = match_brands(mentions, params, within)
    rows, unsupported = complete_sentiment(prepare(matched.rows), mentions)
    first = time.min()
    first_day = first.tz_convert(tz).date() if pd.notna(first) else period.start
    now = in_days(rows, period.start, period.end)
    top, rising = theme_tables(rows, mentions, params, period, windows.previous)
    daily = spike_rules.daily_counts(rows, brands, max(day_start(first_day), day_start(windows.trend_start)),
                                     day_start(period.end))
    daily = daily[daily.index >= day_start(windows.trend_start)]
    result = Listening(
        brands=brands, timezone=params.timezone, windows=windows, rule=rule, matched=matched,
        sov=share_of_voice(rows, brands, period, windows.previous),
        sov_weekly=weekly_share_of_voice(rows, brands, windows.trend_start, period.end),
        sentiment=sentiment_by_brand(rows, brands, period, windows.previous),
        sentiment_weekly=weekly_sentiment(rows, brands, windows.trend_start, period.end),
        unsupported_languages=unsupported,
        daily=daily,
        spikes=find_spikes(rows, mentions, brands, period, rule, first_day),
        advocates=advocates(now, brands, "positive"),
        detractors=advocates(now, brands, "negative"),
        influencers=influencers(now, brands),
        channels=channel_mix(now, brands),
        sources=top_sources(now, brands),
        heatmap=hour_weekday(now),
        top_terms=top, rising_terms=rising,
        owned=owned_channels(data.competitor_accounts, own_daily(data, params), brands, period),
        sentiment_accuracy=sentiment_accuracy(),
    )
    result.watch = competitor_to_watch(result)
    return result


def sentiment_accuracy() -> dict[str, tuple[float, float]]:
    """(binary accuracy, coverage) of computed sentiment per supported language, as the scorer measured them."""
    from reporting.text import sentiment  # the scorer loads its lexicons on import: only when a report asks

    return {lang: (acc.binary_accuracy, acc.coverage) for lang, acc in sentiment.ACCURACY.items()
            if lang in sentiment.SUPPORTED}


def competitor_to_watch(r: Listening) -> dict[str, Any]:
    """The competitor move to watch: the largest gain in share of voice, else the fastest-growing channels.

    Empty when no competitor gained share and none grew its following faster than the client.
    """
    comp = r.sov[r.sov["brand"] != r.client].dropna(subset=["share_change"])
    gainers = comp[comp["share_change"] > 0].sort_values("share_change", ascending=False)
    if not gainers.empty:
        row = gainers.iloc[0]
        spikes = r.spikes[(r.spikes["brand"] == row["brand"]) & (r.spikes["direction"] == "up")]
        spike = spikes.sort_values("excess", ascending=False).iloc[0].to_dict() if not spikes.empty else None
        return {"brand": row["brand"], "reason": "share_of_voice", "share": float(row["share"]),
                "change": float(row["share_change"]), "spike": spike}
    owned = r.owned.dropna(subset=["growth"])
    mine = owned[owned["brand"] == r.client].set_index("channel")["growth"]
    theirs = owned[owned["brand"] != r.client]
    # a competitor whose following grows faster than the client's on the same channel
    faster = theirs[theirs["growth"] > theirs["channel"].map(mine).fillna(0)]
    if not faster.empty:
        row = faster.sort_values("growth", ascending=False).iloc[0]
        return {"brand": row["brand"], "reason": "followers", "channel": row["channel"],
                "growth": float(row["growth"])}
    return {}
