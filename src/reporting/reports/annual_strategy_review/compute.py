"""Annual review, computing: what the year delivered, and what to keep, fix or stop.

Pure functions over the client's tables; no language and no HTML, so the result is the
same whatever language the report is written in. The sections live in their own modules
(:mod:`.year_results`, :mod:`.scorecard`, :mod:`.content`, :mod:`.targets`, the account
audit in :mod:`reporting.analysis.accounts`); this module holds the goals, the competitive
position and the audience snapshot, and :func:`analyse` wires every section for one
client and year. :func:`build` is what the notebook calls.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting.analysis import competition, goals
from reporting.analysis import posts as posts_engine
from reporting.analysis.accounts import account_inventory, duplicate_accounts, inventory_date
from reporting.analysis.fit import channel_fit
from reporting.dataset import ClientData
from reporting.params import ClientParams, Goal, Thresholds
from reporting.periods import Period
from reporting.reports.annual_strategy_review.content import campaign_weeks, campaigns, content_types
from reporting.reports.annual_strategy_review.scorecard import exposure_measure, scorecard
from reporting.reports.annual_strategy_review.targets import next_deadline, next_year_targets, proposed_goals
from reporting.reports.annual_strategy_review.year_results import (Histories, audience_shift, channel_totals, monthly,
                                                                   report_channels, year_over_year)
from reporting.text.brands import match_brands

if TYPE_CHECKING:
    from reporting.report import ReportContext


# --------------------------------------------------------------------------- goals, competitors, audience

def goal_attainment(params: ClientParams, hist: Histories, start: dt.date, end: dt.date
                    ) -> tuple[list[goals.GoalStatus], list[Goal]]:
    """Status at the year's end of every goal that ran during the year, and the goals that did not.

    A goal overlapping the year is evaluated by :func:`reporting.analysis.goals.evaluate` as of the
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
        older = float(bands.reindex(["45-54", "55-64", "65+"]).sum())
        female = float(g.loc[g["gender"] == "female", "share"].sum())
        rows.append({"channel": channel, "top_age_band": bands.idxmax(),
                     "share_45_plus": older / total if total else np.nan,
                     "female_share": female / total if total else np.nan})
    return pd.DataFrame(rows, columns=cols)


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

    @property
    def next_year(self) -> Period:
        """The year the proposed targets run over: from the day after the review, one year long."""
        return Period(self.next_start, next_deadline(self.next_start), "", "")


def build(ctx: ReportContext) -> AnnualReview:
    """The annual review for the context's client; the year reviewed is ``ctx.period`` (what the notebook calls)."""
    return analyse(ctx.data, ctx.params, ctx.period)


def analyse(data: ClientData, params: ClientParams, year: Period) -> AnnualReview:
    """Compute every section of the annual review of ``year`` (a full year by default) against the one before."""
    previous = year.previous()
    rules = params.thresholds
    hist = Histories(data, params.brands())
    channels = report_channels(data, params)
    this = channel_totals(hist, channels, year.start, year.end)
    last = channel_totals(hist, channels, previous.start, previous.end)
    published = data.posts["published"].dt.date
    posts_year = data.posts[(published >= year.start) & (published <= year.end)]
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
    active, inactive = goal_attainment(params, hist, year.start, year.end)
    next_start = year.end + dt.timedelta(days=1)
    targets = next_year_targets(hist, this, last, card, params, next_start, rules, exposure)
    return AnnualReview(
        client_name=params.display_name, brands=params.brands(), year=year, previous=previous, next_start=next_start,
        rules=rules, exposure=exposure, channels=channels, this=this, last=last,
        yoy=year_over_year(this, last), trends=monthly(hist, channels, year, previous, exposure),
        goal_status=active, goals_inactive=inactive, fit=fit, card=card, as_of=as_of, inventory=inventory,
        duplicates=duplicate_accounts(inventory, rules),
        content=content_types(pf, year.start, year.end, rules),
        campaigns=campaigns(pf, data.spend, year.start, year.end, rules),
        campaign_weeks=campaign_weeks(pf, year.start, year.end),
        position=competitive_position(data, params, year, previous),
        competitor_followers=competitor_followers(data, params, year),
        shift=audience_shift(this), demographics=demographic_snapshot(data.demographics),
        respondents=len(data.respondents), targets=targets, proposed=proposed_goals(targets, next_start))
