"""Competitor listening, computing: share of voice, sentiment, spikes, people, channels, times, themes, owned channels.

Everything starts from :func:`reporting.text.brands.match_brands`: one row per
(mention, tracked brand); a mention naming two brands counts for both (the report
says so). Share of voice, sentiment per brand and owned channels come from
:mod:`reporting.analysis.competition`, spikes from :mod:`reporting.text.spikes`,
themes from :mod:`reporting.text.topics`. Nothing here depends on the report
language: :func:`build` is what the notebook calls, and the wording is made from
its result by :mod:`~reporting.reports.competitor_listening.wording`.

What the data cannot back is decided here and in
:mod:`~reporting.reports.competitor_listening.calls` (the thresholds are the client's
:class:`~reporting.params.Thresholds`, documented in params/README.md):

- comparisons with the previous period use the days every brand's mention data covers
  (:mod:`reporting.coverage`), and the same days before; days a brand's data does not
  reach are unknown, never zero mentions (no invented drop);
- a leader, a change in share of voice and a competitor to watch by share need
  ``sov_min_mentions`` tracked-brand mentions in each period compared, and a gain in share
  must survive without the competitor's spike days (one viral day is a spike, not a trend);
- net sentiment (and its change) needs ``sentiment_min_mentions`` positive plus negative
  mentions of the brand in each period it uses;
- a spike's driver is named when it accounts for at least ``spike_driver_min_mentions``
  extra mentions, and a possible crisis when as many of the extra mentions are negative;
- rising themes need ``theme_min_mentions`` mentions of the brand in both periods, and a
  rising term ``theme_min_authors`` distinct authors; an author's identical text counts once;
- a competitor grows faster than the client only when both followings are measured over
  the whole period on the same channel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting import coverage, paths
from reporting.analysis.competition import (
    brand_order,
    complete_sentiment,
    day_start,
    days_mask,
    in_days,
    own_daily,
    owned_channels,
    prepare,
    sentiment_by_brand,
    share_of_voice,
    weekly_sentiment,
    weekly_share_of_voice,
)
from reporting.coverage import Coverage, SourceDays, Window
from reporting.params import ReportSpec
from reporting.reports.competitor_listening.calls import (
    called_sentiment,
    called_share_of_voice,
    called_spikes,
    competitor_to_watch,
    owned_in_period,
    polar_counts,
)
from reporting.reports.competitor_listening.result import Listening, Windows
from reporting.text import spikes as spike_rules
from reporting.text import topics
from reporting.text.brands import brand_terms, heavy, match_brands

if TYPE_CHECKING:
    from pathlib import Path

    from reporting.dataset import ClientData
    from reporting.params import ClientParams
    from reporting.periods import Period
    from reporting.report import ReportContext
    from reporting.text.labels import ClientSentiment

REPORT = "competitor_listening"

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
RISE_Z = 2.0  # a rising term gains at least this many standard deviations of a count (sqrt of the expected)


# ---------------------------------------------------------------------------------------------------------
# Spikes


Gaps = dict[str, list[tuple[dt.date, dt.date]]]
"""Brand -> the day ranges of the period its mention data does not cover (see :func:`uncovered_days`)."""


def uncovered_days(cov: Coverage, brands: list[str]) -> Gaps:
    """Per brand, the days of the period without mention data, as the coverage notice states them.

    A quiet day is not a day without data (see :mod:`reporting.coverage.measure`); a day
    the export does not reach is, and counting it as zero mentions would invent a drop.
    Mentions without the export's brand (``part`` empty) cover every brand.
    """
    sources = [s for s in cov.sources if s.table == "mentions"]
    gaps: Gaps = {}
    for brand in brands:
        mine = [s for s in sources if s.part.casefold() == brand.casefold()] or [s for s in sources if not s.part]
        if not mine:
            continue
        spans = [s.span(cov.start, cov.end) for s in mine]
        covered = [w for w in spans if w is not None]
        if not covered:
            gaps[brand] = [(cov.start, cov.end)]
            continue
        first, last = min(w.start for w in covered), max(w.end for w in covered)
        gaps[brand] = [(a, b) for a, b in ((cov.start, first - dt.timedelta(days=1)),
                                           (last + dt.timedelta(days=1), cov.end)) if a <= b]
    return {b: g for b, g in gaps.items() if g}


def mask_uncovered(counts: pd.DataFrame, gaps: Gaps) -> pd.DataFrame:
    """Counts with the days a brand's data does not cover set to NaN (unknown, not zero: never a drop)."""
    if not gaps:
        return counts
    counts = counts.copy()
    for brand, ranges in gaps.items():
        if brand not in counts.columns.get_level_values(0):
            continue
        for a, b in ranges:
            counts.loc[day_start(a):day_start(b), brand] = np.nan
    return counts


def find_spikes(rows: pd.DataFrame, mentions: pd.DataFrame, brands: list[str], period: Period,
                rule: spike_rules.SpikeRule, first_day: dt.date, gaps: Gaps | None = None) -> pd.DataFrame:
    """Daily spikes and drops in the period, hourly ones in its last 7 days, each with its driver.

    Days in ``gaps`` (no data for that brand) are neither judged nor used as a baseline.
    """
    last = day_start(period.end)
    first = max(day_start(first_day), day_start(period.start) - pd.Timedelta(days=rule.window_days))
    daily = mask_uncovered(spike_rules.daily_counts(rows, brands, first, last), gaps or {})
    found = [spike_rules.detect_daily(daily, rule, day_start(period.start), last)]
    hour_start = max(day_start(period.start), last - pd.Timedelta(days=6))
    hourly = mask_uncovered(spike_rules.hourly_counts(rows, brands, first, last), gaps or {})
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


@dataclass(frozen=True)
class Themes:
    """Most used and rising terms per brand, and per brand whether rising terms could be called.

    ``rising_status``: ``ok`` (rising terms called, maybe none), ``few_mentions`` (fewer than
    ``theme_min_mentions`` mentions in the period or the one before: nothing is called).
    """

    top: pd.DataFrame
    rising: pd.DataFrame
    volume: pd.DataFrame  # brand, current, previous: mentions the themes were read from
    rising_status: dict[str, str]


def theme_tables(rows: pd.DataFrame, mentions: pd.DataFrame, params: ClientParams, period: Window | Period,
                 previous: Window | Period) -> Themes:
    """Top and rising terms and hashtags per brand (see :mod:`reporting.text.topics` for the sampling).

    An author's identical text counts once (a post repeated by one account is one voice); a
    rising term needs ``theme_min_authors`` distinct authors in the period and a rise of at
    least :data:`RISE_Z` times the square root of its expected count (noise in a count of that
    size), and a brand's rising terms are called only with ``theme_min_mentions`` mentions in
    each period.
    """
    th = params.thresholds
    current = days_mask(rows, period.start, period.end)
    before = days_mask(rows, previous.start, previous.end)
    keys = rows.loc[current | before, ["brand", "author"]]
    keys["period"] = pd.Categorical.from_codes(np.where(current, 0, 1)[current | before],
                                               categories=["current", "previous"])
    volume = keys.groupby(["brand", "period"], observed=True).size().unstack("period")
    volume = (volume.reindex(columns=["current", "previous"]).fillna(0).rename_axis(columns=None)
              .rename_axis("brand").reset_index())
    drawn = topics.sample(keys)
    picked = rows.loc[drawn.index]
    text = heavy(mentions, picked, "text")
    drawn = drawn.assign(text=text, hashtags=topics.hashtags(text, heavy(mentions, picked, "hashtags")))
    drawn = drawn.drop_duplicates(["brand", "period", "author", "text"])
    exclude = topics.brand_exclusions([t for ts in brand_terms(params).values() for t in ts])
    counts = topics.term_counts(drawn, exclude)
    rising = topics.rising(counts, volume)
    enough = volume[(volume["current"] >= th.theme_min_mentions) & (volume["previous"] >= th.theme_min_mentions)]
    status = {str(b): ("ok" if b in set(enough["brand"]) else "few_mentions") for b in volume["brand"]}
    rising = rising[rising["brand"].isin(enough["brand"])]
    expected = (rising["current"] - rising["rise"]).astype(float).clip(lower=1.0)
    rising = rising[(rising["rise"].astype(float) >= RISE_Z * np.sqrt(expected)).to_numpy(dtype=bool)]
    if not rising.empty:
        rising = rising.assign(authors=term_authors(drawn[drawn["period"] == "current"], rising))
        rising = rising[rising["authors"] >= th.theme_min_authors].reset_index(drop=True)
    else:
        rising = rising.assign(authors=pd.Series(dtype="int64"))
    return Themes(topics.top_terms(counts, volume), rising, volume, status)


def term_authors(drawn: pd.DataFrame, terms: pd.DataFrame) -> list[int]:
    """Distinct authors in ``drawn`` whose text (or hashtags) holds each term of ``terms`` (brand, kind, key).

    A term is looked up in the folded text, so a longer word containing it counts too: the
    count errs towards more authors, never fewer.
    """
    folded = topics.fold_series(drawn["text"].astype("string")).fillna("")
    tags = (" " + drawn["hashtags"].astype("string").fillna("") + " ")
    out = []
    for brand, kind, key in zip(terms["brand"], terms["kind"], terms["key"], strict=True):
        mine = (drawn["brand"] == brand).to_numpy()
        if kind == "hashtag":
            hit = tags[mine].str.contains(f" {key} ", regex=False)
        else:
            hit = folded[mine].str.contains(str(key), regex=False)
        out.append(int(drawn.loc[mine, "author"][hit.to_numpy(dtype=bool)].nunique()))
    return out


def build(ctx: ReportContext) -> Listening:
    """The competitor listening report for the context's client and period (what the notebook calls)."""
    return analyse(ctx.data, ctx.params, ctx.period, sources=ctx.day_index,
                   sentiment_cache=paths.sentiment_cache_dir(ctx.params.client_id))


def report_coverage(sources: tuple[SourceDays, ...], params: ClientParams, start: dt.date, end: dt.date,
                    period_days: int) -> Coverage:
    """The report's sources over ``start``-``end``, as :meth:`reporting.report.ReportContext.coverage_of` measures."""
    stale = params.reports.get(REPORT, ReportSpec()).stale_after(period_days)
    return coverage.for_report(sources, REPORT, start, end, stale, params.channels, params.brands())


def data_folder(params: ClientParams) -> str:
    """The client's data folder as the analyst configured it (relative to the project when inside it)."""
    folder = params.data_path
    try:
        return folder.resolve().relative_to(paths.project_root()).as_posix() + "/"
    except ValueError:
        return str(folder) + "/"


def analyse(data: ClientData, params: ClientParams, period: Period, sources: tuple[SourceDays, ...] | None = None,
            sentiment_cache: Path | None = None) -> Listening:
    """Compute every section of the report from a client's canonical tables.

    ``sources`` is the client's day index (:func:`reporting.coverage.days.day_index`; computed
    here when not given); ``sentiment_cache`` keeps models fitted on the client's labels
    (``None``: fitted in memory when needed).
    """
    from reporting.coverage.days import day_index

    th = params.thresholds
    rule = spike_rules.SpikeRule.from_params(params)
    windows = Windows.for_period(period, rule.window_days)
    brands = params.brands()
    mentions = data.mentions
    sources = day_index(data) if sources is None else sources
    cov = report_coverage(sources, params, period.start, period.end, period.days)
    window = cov.select(["mentions"]).window()
    comparison = coverage.comparable(period, window) if window is not None else None
    now_days, before_days = ((comparison.current, comparison.previous) if comparison is not None and comparison.cut
                             else (period, windows.previous))
    before_cov = report_coverage(sources, params, before_days.start, before_days.end, period.days).select(
        ["mentions"])
    time = mentions["time"]
    tz = time.dt.tz or params.timezone
    within = ((time >= pd.Timestamp(windows.history_start).tz_localize(tz))
              & (time < pd.Timestamp(period.end + dt.timedelta(days=1)).tz_localize(tz))).to_numpy()
    matched = match_brands(mentions, params, within)
    chooser = SentimentChooser(params, mentions, sentiment_cache)
    rows, unsupported = complete_sentiment(prepare(matched.rows), mentions, chooser.score)
    first, last = time.min(), time.max()
    first_day = first.tz_convert(tz).date() if pd.notna(first) else period.start
    now = in_days(rows, period.start, period.end)
    gaps = uncovered_days(cov, brands)
    themes = theme_tables(rows, mentions, params, now_days, before_days)
    daily = spike_rules.daily_counts(rows, brands, max(day_start(first_day), day_start(windows.trend_start)),
                                     day_start(period.end))
    daily = mask_uncovered(daily[daily.index >= day_start(windows.trend_start)], gaps)
    sentiment = sentiment_by_brand(rows, brands, now_days, before_days)
    own = own_daily(data, params)
    in_period = int(((time >= pd.Timestamp(period.start).tz_localize(tz))
                     & (time < pd.Timestamp(period.end + dt.timedelta(days=1)).tz_localize(tz))).sum())
    result = Listening(
        brands=brands, timezone=params.timezone, windows=windows, rule=rule, matched=matched,
        sov=called_share_of_voice(share_of_voice(rows, brands, now_days, before_days), th.sov_min_mentions),
        sov_weekly=weekly_share_of_voice(rows, brands, windows.trend_start, period.end),
        sentiment=called_sentiment(sentiment, polar_counts(rows, brands, now_days),
                                   polar_counts(rows, brands, before_days), th.sentiment_min_mentions),
        sentiment_weekly=weekly_sentiment(rows, brands, windows.trend_start, period.end),
        unsupported_languages=unsupported,
        daily=daily,
        spikes=called_spikes(find_spikes(rows, mentions, brands, period, rule, first_day, gaps),
                             th.spike_driver_min_mentions),
        advocates=advocates(now, brands, "positive"),
        detractors=advocates(now, brands, "negative"),
        influencers=influencers(now, brands),
        channels=channel_mix(now, brands),
        sources=top_sources(now, brands),
        heatmap=hour_weekday(now),
        top_terms=themes.top, rising_terms=themes.rising,
        owned=owned_in_period(owned_channels(data.competitor_accounts, own, brands, period)),
        has_owned_data=not (data.competitor_accounts.empty and own.empty),
        thresholds=th, coverage=cov, comparison=comparison, previous_coverage=before_cov,
        mentions_in_period=in_period,
        mention_span=(first.tz_convert(tz).date(), last.tz_convert(tz).date()) if pd.notna(first) else None,
        data_folder=data_folder(params), rising_status=themes.rising_status,
        client_sentiment=chooser.chosen, computed_languages=computed_languages(now),
    )
    if comparison is None:  # the brands' data share no day: nothing is compared with before
        result.sov = result.sov.assign(share_change=np.nan, reach_share_change=np.nan)
        result.sentiment = result.sentiment.assign(net_change=np.nan)
    result.mention_state = mention_state(result, len(mentions))
    result.watch = competitor_to_watch(result)
    return result


class SentimentChooser:
    """Computed sentiment by the client's own choice (:func:`reporting.text.labels.client_sentiment`), read once.

    The analyst's labels are read (and a client model fitted or loaded) only when some
    mention needs computed sentiment: a client whose tool rates every mention pays nothing.
    """

    def __init__(self, params: ClientParams, mentions: pd.DataFrame, cache: Path | None) -> None:
        self.params, self.mentions, self.cache = params, mentions, cache
        self.chosen: ClientSentiment | None = None

    def score(self, texts: pd.Series, languages: pd.Series) -> pd.DataFrame:
        if self.chosen is None:
            self.chosen = self._choose()
        return self.chosen.score(texts, languages)

    def _choose(self) -> ClientSentiment:
        """The client's choice; without a cache folder, kept in memory for the same labels and mentions."""
        from reporting.text import labels

        folder = self.params.data_path
        files = labels.label_files(folder)
        if self.cache is not None or not files:
            return labels.client_sentiment(folder, self.mentions, self.cache)
        ids = pd.util.hash_pandas_object(self.mentions["mention_id"], index=False).to_numpy()
        key = (str(folder), tuple((f.name, f.stat().st_size, f.stat().st_mtime_ns) for f in files),
               len(ids), int(ids.sum(dtype=np.uint64)))
        if key not in _CHOSEN:
            while len(_CHOSEN) >= 8:
                _CHOSEN.pop(next(iter(_CHOSEN)))
            _CHOSEN[key] = labels.client_sentiment(folder, self.mentions, None)
        return _CHOSEN[key]


_CHOSEN: dict[tuple, ClientSentiment] = {}
"""analyse() without a cache folder (tests, benchmarks): one choice per labels and mentions in this process."""


def computed_languages(now: pd.DataFrame) -> tuple[str, ...]:
    """Languages of the period's mentions whose sentiment was computed or could not be (none from the export)."""
    own = now["primary"].to_numpy(dtype=bool) & ~(now["sentiment_origin"] == "export").fillna(False).to_numpy(
        dtype=bool)
    codes = now.loc[own, "language"].astype("string").str.lower().str.split("-").str[0].dropna()
    return tuple(sorted(set(codes) - {"und", ""}))


def mention_state(r: Listening, read: int) -> str:
    """Why the period has mentions to analyse or not.

    ``no_export``: the client has no mention at all (no listening export); ``outside_period``:
    mentions exist, none in the period; ``unmatched``: the period's mentions name no tracked
    brand; ``ok`` otherwise.
    """
    if not read:
        return "no_export"
    if r.has_mentions:
        return "ok"
    return "unmatched" if r.mentions_in_period else "outside_period"
