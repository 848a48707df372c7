"""Annual review, computing: what the year delivered, and what to keep, fix or stop.

Pure functions over the client's tables; no language and no HTML, so the result is the
same whatever language the report is written in. The sections live in their own modules
(:mod:`.year_results`, :mod:`.scorecard`, :mod:`.content`, :mod:`.targets`, the account
audit in :mod:`reporting.analysis.accounts`); this module holds the goals, the competitive
position and the audience snapshot, and :func:`analyse` wires every section for one
client and year. :func:`build` is what the notebook calls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting import coverage
from reporting.analysis import competition, goals
from reporting.analysis import posts as posts_engine
from reporting.analysis.accounts import account_inventory, duplicate_accounts, inventory_date
from reporting.analysis.fit import channel_fit
from reporting.analysis.history import POST_PARTS
from reporting.coverage import Comparison, Coverage, SourceDays, Window
from reporting.coverage.measure import COMPLETE, PARTIAL
from reporting.dataset import ClientData
from reporting.params import ClientParams, Goal, ReportSpec, Thresholds
from reporting.periods import Period
from reporting.reports.annual_strategy_review.content import campaign_weeks, campaigns, content_types
from reporting.reports.annual_strategy_review.scorecard import exposure_measure, scorecard
from reporting.reports.annual_strategy_review.targets import (TARGET_COLUMNS, next_deadline, next_year_targets,
                                                              proposed_goals)
from reporting.reports.annual_strategy_review.year_results import (Histories, audience_shift, channel_totals, monthly,
                                                                   report_channels, year_over_year)
from reporting.text.brands import match_brands

if TYPE_CHECKING:
    from reporting.report import ReportContext


# --------------------------------------------------------------------------- goals, competitors, audience

REPORT = "annual_strategy_review"
# The sources the year's figures come from: they are compared with last year on the days all of them cover.
# Ad spend stays out of that window (its pauses are campaigns ending, not missing data); the notice names its gaps.
COMPARED = ("posts", "account_daily", "web_traffic")
GOAL_TABLES = {  # goal metric -> the tables its value comes from (where its tracking stops)
    **{m: ("posts",) for m in POST_PARTS},
    **{m: ("account_daily",) for m in ("followers", "follower_growth_rate", "net_new_followers", "profile_visits")},
    **{m: ("web_traffic",) for m in ("sessions", "conversions", "revenue", "conversion_rate")},
    "mentions": ("mentions",), "share_of_voice": ("mentions",), "spend": ("spend", "posts"),
    "cost_per_result": ("spend", "web_traffic"), "return_on_spend": ("spend", "web_traffic"),
}


def year_coverage(sources: tuple[SourceDays, ...], params: ClientParams, year: Period) -> Coverage:
    """The review's sources over the year (what ``ReportContext.coverage`` gives a notebook)."""
    stale = params.reports.get(REPORT, ReportSpec()).stale_after(year.days)
    return coverage.for_report(sources, REPORT, year.start, year.end, stale, params.channels, params.brands())


def year_comparison(cov: Coverage, year: Period, channels: list[str]) -> Comparison | None:
    """The days this year's figures and last year's are both measured on (``ReportContext.comparison``).

    None when the partly covered sources share no day: then nothing is compared.
    """
    window = cov.select(COMPARED, channels).window()
    return None if window is None else coverage.comparable(year, window)


def covered_through(cov: Coverage, tables: tuple[str, ...], channels: list[str] | None) -> dt.date | None:
    """The last day of the year the data of ``tables`` (on ``channels``) covers; None when none of it does."""
    chosen = cov.select(tables, channels)
    if not any(s.status in (COMPLETE, PARTIAL) for s in chosen.dated):
        return None
    window = chosen.window()
    return window.end if window else None


def goal_attainment(params: ClientParams, hist: Histories, cov: Coverage, start: dt.date, end: dt.date
                    ) -> tuple[list[goals.GoalStatus], list[Goal], dict[str, dt.date | None]]:
    """Status of every goal that ran during the year, the goals that did not, and the day each was evaluated.

    A goal overlapping the year is evaluated by :func:`reporting.analysis.goals.evaluate` as of the
    last day of the year its data covers (:func:`covered_through` of its metric's tables on its
    channel), not the year's last day: a month missing from the export is not a month of no
    results. A goal whose data covers none of the year cannot be evaluated: ``no_data`` with
    reason ``not_covered``. A goal that ended inside the covered days is judged at its deadline.
    """
    active, inactive, through = [], [], {}
    for g in params.goals:
        if not (g.start <= end and g.deadline >= start):
            inactive.append(g)
            continue
        day = covered_through(cov, GOAL_TABLES.get(g.metric, ()), None if g.channel == "all" else [g.channel])
        history = hist.through(g.metric, g.channel, day) if day else hist(g.metric, g.channel)
        status = goals.evaluate(g, history, as_of=day or end)
        if day is None:
            status = dataclasses.replace(status, status="no_data", reason="not_covered", current=None,
                                         current_window=None, progress=None, expected=None, pace=None, met=False,
                                         forecast=None)
        active.append(status)
        through[g.id] = day
    return active, inactive, through


def voice_comparison(cov: Coverage, year: Period) -> Comparison | None:
    """The days every tracked brand's mentions cover, and the same days a year earlier (share of voice compares
    brands on their common days, as competitor listening does); None when they share no day."""
    window = cov.select(("mentions",)).window()
    return None if window is None else coverage.comparable(year, window)


def competitive_position(data: ClientData, params: ClientParams, year: Period | Window,
                         previous: Period | Window) -> pd.DataFrame:
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


OLDER_BANDS = ("45-54", "55-64", "65+")
DEMOGRAPHIC_COLUMNS = ["channel", "basis", "top_age_band", "share_45_plus", "female_share", "top_location",
                       "top_location_share"]


def demographic_snapshot(demographics: pd.DataFrame) -> pd.DataFrame:
    """Per channel and basis: the largest age band, the share aged 45 and over, the female share, the top country.

    A snapshot (no dates). Each share is of its ``basis``: ``followers`` (Meta, TikTok, LinkedIn
    followers), ``views`` (YouTube: shares of views, not of subscribers) or ``page_views``
    (LinkedIn visitors, from counts of views, not people); rows of different bases are never
    pooled. Age comes from Meta's ``age_gender`` rows (summed over gender) or from ``age`` rows,
    gender from ``age_gender`` or ``gender`` rows, the top location from ``country`` rows (else
    ``city``). ``total`` rows (a follower count) are not shares and stay out.
    """
    d = demographics[demographics["dimension"] != "total"]
    if d.empty:
        return pd.DataFrame(columns=DEMOGRAPHIC_COLUMNS)
    d = d.assign(basis=d["basis"].fillna("followers") if "basis" in d else "followers")
    rows = []
    for (channel, basis), g in d.groupby(["channel", "basis"], sort=True):
        shares = g.assign(value=_shares(g))
        age = shares[shares["dimension"] == "age_gender"]
        age = age if not age.empty else shares[shares["dimension"] == "age"]
        bands = age.dropna(subset=["age_band"]).groupby("age_band")["value"].sum()
        gender = shares[shares["dimension"] == "age_gender"]
        gender = gender if not gender.empty else shares[shares["dimension"] == "gender"]
        gender_total = float(gender["value"].sum())
        place = shares[shares["dimension"] == "country"]
        place = place if not place.empty else shares[shares["dimension"] == "city"]
        place = place.dropna(subset=["location"]).groupby("location")["value"].sum()
        place_total = float(place.sum())
        row = {"channel": channel, "basis": basis,
               "top_age_band": bands.idxmax() if bands.sum() > 0 else None,
               "share_45_plus": float(bands.reindex(list(OLDER_BANDS)).sum()) / float(bands.sum())
               if bands.sum() > 0 else np.nan,
               "female_share": float(gender.loc[gender["gender"] == "female", "value"].sum()) / gender_total
               if gender_total > 0 else np.nan,
               "top_location": place.idxmax() if place_total > 0 else None,
               "top_location_share": float(place.max()) / place_total if place_total > 0 else np.nan}
        if row["top_age_band"] is not None or pd.notna(row["female_share"]) or row["top_location"] is not None:
            rows.append(row)
    return pd.DataFrame(rows, columns=DEMOGRAPHIC_COLUMNS)


def _shares(rows: pd.DataFrame) -> pd.Series:
    """Each row's share of its dimension: the export's share, or its count over the dimension's counts."""
    share = rows["share"].astype("float64")
    if share.notna().any() or "count" not in rows:
        return share.fillna(0.0)
    count = rows["count"].astype("float64")
    total = count.groupby(rows["dimension"]).transform("sum")
    return (count / total.where(total > 0)).fillna(0.0)


def grounded_dormancy(inventory: pd.DataFrame, data: ClientData, as_of: dt.date, rules: Thresholds,
                      cov: Coverage | None = None) -> pd.DataFrame:
    """Call an account dormant only where the data could show it posting, and flag accounts with no post data.

    The account audit judges every account at one day (``as_of``, the newest data of any channel);
    an export that stops early on one channel is not an account that stopped posting. Each account
    is judged at ``checked_to``: ``as_of``, or the last day its channel's posts or daily account
    figures reach when that is earlier (``days_since_post`` counts to it); the channel's posts reach
    the year's end when ``cov`` counts their quiet last days as covered (within their usual pause).
    An account without any post in the data is ``no_posts`` ("check who owns it"), not dormant:
    nothing shows it went quiet.
    """
    if inventory.empty:
        return inventory.assign(no_posts=pd.Series(dtype=bool), checked_to=pd.Series(dtype=object))
    ends: dict[str, dt.date] = {}
    for frame, column in ((data.posts, "published"), (data.account_daily, "date")):
        if not frame.empty:
            for channel, last in frame.dropna(subset=[column]).groupby("channel")[column].max().items():
                day = last.date()
                ends[channel] = max(ends.get(channel, day), day)
    for src in cov.sources if cov else ():
        if src.table == "posts" and (reach := src.reach(cov.end)) is not None:
            ends[src.part] = max(ends.get(src.part, reach), reach)
    checked = [min(as_of, ends.get(c, as_of)) for c in inventory["channel"]]
    no_posts = [last is None or pd.isna(last) for last in inventory["last_post"]]
    days = [None if none else (day - last).days
            for day, last, none in zip(checked, inventory["last_post"], no_posts, strict=True)]
    return inventory.assign(
        checked_to=checked, no_posts=no_posts, days_since_post=pd.array(days, dtype="Int64"),
        dormant=[not none and d >= rules.dormant_days for none, d in zip(no_posts, days, strict=True)])


def inventory_day(data: ClientData, cov: Coverage) -> dt.date:
    """The day the account audit describes: the newest data, or the year's last covered day if that is later.

    Dormancy is judged where the data reaches: a review run for a period after the exports end
    does not call every account dormant for the months nobody exported.
    """
    newest = inventory_date(data, dt.date.min)
    owned = cov.select(("posts", "account_daily")).through
    return max(newest, owned) if owned else (newest if newest > dt.date.min else cov.end)


# --------------------------------------------------------------------------- the whole review

@dataclass
class AnnualReview:
    """Everything the annual review shows, computed once by :func:`analyse` (frames and values, no words)."""

    client_name: str
    brands: list[str]  # the client's brand first, then its competitors
    year: Period
    previous: Period
    next_start: dt.date
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
    proposed: list[Goal]  # the expected targets as goals, without descriptions (those are words: see wording)
    coverage: Coverage  # the review's sources over the year (the notice at the top)
    comparison: Comparison | None  # the days compared with last year; None: the sources share no covered day
    voice: Comparison | None  # the days the brands' mentions are compared on (share of voice, sentiment)
    goal_through: dict[str, dt.date | None]  # goal id -> the day it was evaluated (its data's last covered day)
    posts_in_year: int  # posts published in the year, every channel

    @property
    def window(self) -> Window:
        """The days the year's figures are measured on: the whole year, or the days every source covers."""
        return self.comparison.current if self.comparison else Window(self.year.start, self.year.end)

    @property
    def previous_window(self) -> Window:
        """The same days a year earlier: what this year's figures are compared with."""
        return self.comparison.previous if self.comparison else Window(self.previous.start, self.previous.end)

    @property
    def cut(self) -> bool:
        """True when the figures cover only part of the year (a source starts late or stops early)."""
        return self.comparison is not None and self.comparison.cut

    @property
    def targets_reason(self) -> str:
        """Why no target is proposed ('' when some are): ``partial`` year, or ``history`` missing."""
        if not self.targets.empty:
            return ""
        return "partial" if self.cut or self.comparison is None else "history"

    @property
    def next_year(self) -> Period:
        """The year the proposed targets run over: from the day after the review, one year long."""
        return Period(self.next_start, next_deadline(self.next_start), "", "")


def build(ctx: ReportContext) -> AnnualReview:
    """The annual review for the context's client; the year reviewed is ``ctx.period`` (what the notebook calls)."""
    return analyse(ctx.data, ctx.params, ctx.period, ctx.day_index)


def analyse(data: ClientData, params: ClientParams, year: Period,
            sources: tuple[SourceDays, ...] | None = None) -> AnnualReview:
    """Compute every section of the annual review of ``year`` (a full year by default) against the one before.

    ``sources`` is the client's day index (:func:`reporting.coverage.days.day_index`, computed when not
    given). Every figure of the year is measured on the days all its sources cover (:attr:`AnnualReview.window`)
    and compared with the same days a year earlier, as the notice at the top of the report says.
    """
    from reporting.coverage.days import day_index

    sources = day_index(data) if sources is None else sources
    previous = year.previous()
    rules = params.thresholds
    hist = Histories(data, params.brands(), sources)
    channels = report_channels(data, params)
    cov = year_coverage(sources, params, year)
    cmp = year_comparison(cov, year, list(params.channels))
    voice = voice_comparison(cov, year)
    window = cmp.current if cmp else Window(year.start, year.end)
    this = channel_totals(hist, channels, window.start, window.end)
    last = (channel_totals(hist, channels, cmp.previous.start, cmp.previous.end) if cmp
            else this.iloc[0:0].reindex(this.index))
    published = data.posts["published"].dt.date
    posts_year = data.posts[(published >= year.start) & (published <= year.end)]
    fit = None
    if not data.respondents.empty:
        spend = data.spend[data.spend["date"].dt.date.between(year.start, year.end)]
        web = data.web_traffic[data.web_traffic["date"].dt.date.between(year.start, year.end)]
        fit = channel_fit(data.respondents, posts_year, spend, params, web)
    exposure = exposure_measure(posts_year)
    card = scorecard(this, fit, rules, exposure, window.days if cmp else 0)
    as_of = inventory_day(data, cov)
    inventory = grounded_dormancy(account_inventory(data, params, year.start, year.end, as_of, rules), data, as_of,
                                  rules, cov)
    pf = posts_engine.post_frame(data)
    active, inactive, through = goal_attainment(params, hist, cov, year.start, year.end)
    next_start = year.end + dt.timedelta(days=1)
    # a year's targets are projected from a whole year against the one before: not from part of one
    targets = (next_year_targets(hist, this, last, card, params, next_start, rules, exposure) if cmp and not cmp.cut
               else pd.DataFrame(columns=TARGET_COLUMNS))
    return AnnualReview(
        client_name=params.display_name, brands=params.brands(), year=year, previous=previous, next_start=next_start,
        rules=rules, exposure=exposure, channels=channels, this=this, last=last,
        yoy=year_over_year(this, last), trends=monthly(hist, channels, year, previous, exposure),
        goal_status=active, goals_inactive=inactive, fit=fit, card=card, as_of=as_of, inventory=inventory,
        duplicates=duplicate_accounts(inventory, rules),
        content=content_types(pf, year.start, year.end, rules),
        campaigns=campaigns(pf, data.spend, year.start, year.end, rules),
        campaign_weeks=campaign_weeks(pf, year.start, year.end),
        position=competitive_position(data, params, voice.current if voice else year,
                                      voice.previous if voice else previous),
        competitor_followers=competitor_followers(data, params, year),
        shift=audience_shift(this), demographics=demographic_snapshot(data.demographics),
        respondents=len(data.respondents), targets=targets, proposed=proposed_goals(targets, next_start),
        coverage=cov, comparison=cmp, voice=voice, goal_through=through, posts_in_year=len(posts_year))
