"""Audience personas, computing: the survey's personas, each in numbers, and the channels against the buyers.

Pure functions over the client's tables: nothing here depends on the report
language (persona names, labels and sentences are :mod:`.wording`). Personas
are numbered 1 = largest everywhere; the segmentation is :mod:`.segment`, the
platform comparisons :mod:`.platforms`. :func:`build` is what the notebook calls.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from reporting import coverage as coverage_mod
from reporting.analysis.fit import channel_fit, purchase_rate
from reporting.analysis.traits import (MIN_DISTINCTIVE_SHARE, OVER_INDEX, PSYCHOGRAPHIC_FIELDS, distinctive,
                                       respondent_traits, trait_index, within_radius)
from reporting.coverage.days import day_index
from reporting.dataset import ClientData
from reporting.params import ReportSpec, Thresholds
from reporting.reports.audience_personas.distinguish import Part, age_group, name_parts, separators
from reporting.reports.audience_personas.platforms import (age_comparison, age_gap, channel_persona_mix,
                                                           follower_totals, persona_channels, persona_reach,
                                                           platform_gender, subscription, top_locations)
from reporting.reports.audience_personas.segment import Segmentation, encode, segment

if TYPE_CHECKING:
    from reporting.params import ClientParams, Location
    from reporting.periods import Period
    from reporting.report import ReportContext

REPORT_ID = "audience_personas"

DESCRIBED_FIELDS = (*PSYCHOGRAPHIC_FIELDS, "content_preferences", "channels", "income_band")  # traits table


@dataclass(frozen=True)
class Profile:
    """What one persona (or the whole audience, ``id`` 0) looks like, in numbers."""

    id: int
    size: int
    share: float
    age_median: float
    age_q1: float
    age_q3: float
    women: float  # share of those who gave a gender
    locations: list[tuple[str, float]]  # top places and their share
    distance_median: float
    within_radius: float
    hours_median: float
    purchase_rate: float
    traits: pd.DataFrame  # this group's rows of trait_index (every field)
    purchase_known: int = 0  # respondents who answered the purchase question
    answered: dict[str, int] = field(default_factory=dict)  # question -> respondents who answered it

    def buyers(self) -> int:
        """Respondents of the group who have bought."""
        return int(round(self.purchase_rate * self.purchase_known)) if self.purchase_known else 0

    def top(self, name: str, n: int = 3) -> pd.DataFrame:
        """The group's most telling answers in one field: over-indexing ones first, then common ones.

        Answers rarer in the group than in the audience (index < 1) are never listed: a card
        says what characterises a persona, not what it lacks.
        """
        rows = self.traits[self.traits["field"] == name]
        over = rows[(rows["index"] >= OVER_INDEX) & (rows["share"] >= MIN_DISTINCTIVE_SHARE)]
        over = over.sort_values(["lift", "value"], ascending=[False, True], kind="stable")
        if len(over) >= n:
            return over.head(n)
        rest = rows[~rows.index.isin(over.index) & (rows["index"] >= 1 - 1e-9)]
        rest = rest.sort_values(["share", "value"], ascending=[False, True], kind="stable")
        return pd.concat([over, rest]).head(n)

    def most_used(self, name: str, n: int = 3) -> pd.DataFrame:
        """The group's most common answers in one field (channels, dayparts): where and when they are."""
        rows = self.traits[self.traits["field"] == name]
        return rows.sort_values(["share", "index", "value"], ascending=[False, False, True], kind="stable").head(n)


def profile(group: int, respondents: pd.DataFrame, index: pd.DataFrame, total: int,
            radius_km: float | None) -> Profile:
    """Summarise one group of respondents (``index`` holds its trait_index rows)."""
    age = pd.to_numeric(respondents["age"], errors="coerce").dropna()
    hours = pd.to_numeric(respondents["hours_per_day"], errors="coerce").dropna()
    dist = pd.to_numeric(respondents["distance_km"], errors="coerce").dropna()
    places = respondents["location"].dropna().astype("string").str.strip()
    places = places[places != ""].value_counts(normalize=True, sort=False)
    places = places.sort_values(ascending=False, kind="stable").head(3)
    gender = index[index["field"] == "gender"].set_index("value")["share"]
    answered = {str(f): int(round((g["count"] / g["share"]).iloc[0])) for f, g in index.groupby("field")
                if len(g) and g["share"].iloc[0] > 0}
    return Profile(
        id=group, size=len(respondents), share=len(respondents) / total if total else math.nan,
        age_median=_q(age, 0.5), age_q1=_q(age, 0.25), age_q3=_q(age, 0.75),
        women=float(gender.get("female", 0.0)) if len(gender) else math.nan,
        locations=[(str(k), float(v)) for k, v in places.items()],
        distance_median=_q(dist, 0.5),
        within_radius=within_radius(respondents, radius_km)[0] if radius_km else math.nan,
        hours_median=_q(hours, 0.5), purchase_rate=purchase_rate(respondents), traits=index,
        purchase_known=int(respondents["purchased"].notna().sum()), answered=answered)


def _q(values: pd.Series, q: float) -> float:
    return float(values.quantile(q)) if len(values) else math.nan


@dataclass(frozen=True)
class FitEvidence:
    """What the channel-fit verdicts rest on, and the minimums each needs (``thresholds``)."""

    posts: int  # the brand's posts in the period, on its channels
    engagements: float  # their likes + comments + shares + saves
    spend: float  # the period's spend on the brand's channels
    respondents: int
    channel_answers: int  # respondents who said which channels they use
    purchase_known: int  # respondents who answered the purchase question
    buyers: int  # respondents who bought and said which channels they use
    sales: bool  # web revenue or conversions by social channel in the period
    min_posts: int
    min_buyers: int
    min_answers: int
    capped: int = 0  # posts whose far-out engagement was counted at their channel's ceiling (cap_outliers)

    @property
    def engagement_ok(self) -> bool:
        """Enough posting to compare the channels' engagement shares."""
        return self.posts >= self.min_posts and self.engagements > 0

    @property
    def buyers_ok(self) -> bool:
        return self.buyers >= self.min_buyers

    @property
    def audience_ok(self) -> bool:
        return self.channel_answers >= self.min_answers

    def engagement_gaps(self) -> list[str]:
        """Why engagement cannot be judged: ``no_posts``, ``few_posts`` or ``no_engagement`` (none when it can)."""
        if self.engagement_ok:
            return []
        if self.posts == 0:
            return ["no_posts"]
        return ["few_posts"] if self.posts < self.min_posts else ["no_engagement"]

    def buyer_gaps(self) -> list[str]:
        """Why buyers cannot be judged: ``no_survey``, ``no_purchase`` or ``few_buyers`` (none when they can)."""
        if self.buyers_ok:
            return []
        if self.respondents == 0:
            return ["no_survey"]
        return ["no_purchase"] if self.purchase_known == 0 else ["few_buyers"]

    def audience_gaps(self) -> list[str]:
        if self.audience_ok:
            return []
        return ["no_survey"] if self.respondents == 0 else ["few_answers"]

    def to_json(self) -> dict:
        return {"posts": self.posts, "engagements": self.engagements, "spend": self.spend,
                "respondents": self.respondents, "channel_answers": self.channel_answers,
                "purchase_known": self.purchase_known, "buyers": self.buyers, "sales": self.sales,
                "min_posts": self.min_posts, "min_buyers": self.min_buyers, "min_answers": self.min_answers,
                "capped_posts": self.capped}


@dataclass
class PersonaReport:
    """Everything the audience-personas notebook shows, computed once by :func:`analyse`."""

    client_name: str
    period: Period
    location: Location | None  # the business's place and radius, for local businesses
    respondents: int
    min_respondents: int
    audience: Profile | None  # the whole audience (None without respondents)
    personas: list[Profile]  # numbered 1 = largest; empty when there are too few respondents to segment
    segmentation: Segmentation | None
    traits: pd.DataFrame  # distinctive traits per persona (trait_index rows), most distinctive first
    buyers: pd.DataFrame  # trait_index of buyers versus the audience (the descriptive view)
    fit: pd.DataFrame  # channel_fit
    usage: pd.DataFrame  # persona number x channel: share using it
    reach: pd.DataFrame  # persona_reach
    ages: pd.DataFrame  # age_comparison
    gaps: pd.DataFrame  # age_gap
    locations: pd.DataFrame  # top_locations
    mix: pd.DataFrame  # channel_persona_mix
    evidence: FitEvidence
    coverage: coverage_mod.Coverage  # the report's sources over its period (notice at the top)
    thresholds: Thresholds
    client_id: str = ""
    separators: pd.DataFrame = field(default_factory=pd.DataFrame)  # distinguish.separators
    name_parts: dict[int, list[Part]] = field(default_factory=dict)  # distinguish.name_parts: what names say
    genders: pd.DataFrame = field(default_factory=pd.DataFrame)  # platform_gender
    follower_totals: pd.DataFrame = field(default_factory=pd.DataFrame)
    subscription: pd.DataFrame = field(default_factory=pd.DataFrame)
    within_radius: float = math.nan
    distance_known: int = 0

    @property
    def segmented(self) -> bool:
        return self.segmentation is not None


def build(ctx: ReportContext) -> PersonaReport:
    """The whole report for the notebook's client and period (with the context's coverage)."""
    return analyse(ctx.data, ctx.params, ctx.period, ctx.coverage)


def report_coverage(data: ClientData, params: ClientParams, period: Period) -> coverage_mod.Coverage:
    """The coverage :class:`~reporting.report.ReportContext` gives, computed from the tables (no context)."""
    stale = params.reports.get(REPORT_ID, ReportSpec()).stale_after(period.days)
    return coverage_mod.for_report(day_index(data), REPORT_ID, period.start, period.end, stale, params.channels,
                                   params.brands())


def analyse(data: ClientData, params: ClientParams, period: Period,
            coverage: coverage_mod.Coverage | None = None) -> PersonaReport:
    """Compute the report from canonical tables: posts, spend and traffic are cut to ``period``.

    Respondents are all used (surveys are not dated); with fewer than
    ``thresholds.min_respondents`` (default 50) no personas are formed and the report shows
    descriptive breakdowns instead. ``coverage`` is the context's (computed here when not given).
    """
    # the same respondent in two exports is one record, the latest wins (tables.KEYS)
    respondents = data.respondents.drop_duplicates("respondent_id", keep="last").reset_index(drop=True)
    respondents["respondent_id"] = respondents["respondent_id"].astype("string")
    minimum = params.thresholds.min_respondents
    radius = params.location.radius_km if params.location else None
    n = len(respondents)

    traits = respondent_traits(respondents)
    posts, capped = cap_outliers(_in_period(data.posts, "published", period), params.thresholds.fit_min_posts)
    spend, web = _in_period(data.spend, "date", period), _in_period(data.web_traffic, "date", period)
    fit = channel_fit(respondents, posts, spend, params, web, traits)
    evidence = fit_evidence(fit, respondents, traits, params.thresholds, capped)
    if evidence.sales and 0 < evidence.buyers < evidence.min_buyers:  # too few buyers: sales decide, as without them
        sales_only = channel_fit(respondents.assign(purchased=pd.NA).astype(respondents.dtypes.to_dict()), posts,
                                 spend, params, web, traits)
        fit = fit.assign(flag=sales_only["flag"].to_numpy())
    fit = ground_fit(fit, evidence)
    everyone = pd.Series(0, index=pd.Index(respondents["respondent_id"]))
    audience = profile(0, respondents, trait_index(traits, everyone), n, radius) if n else None
    bought = respondents["purchased"].astype("boolean")
    buyers = (trait_index(traits, pd.Series(bought.fillna(False).to_numpy(), index=everyone.index))
              .query("group == True") if n and bought.notna().any() else pd.DataFrame())

    segmentation, personas, index = None, [], pd.DataFrame()
    features = encode(respondents, traits, local=params.location is not None) if n >= minimum else None
    if features is not None and features.matrix.shape[1] > 0:
        segmentation = segment(features)
        index = trait_index(traits, segmentation.labels)
        personas = _personas(respondents, index, segmentation, radius)
        seps = separators(respondents, traits, segmentation.labels, segmentation.fields)
        parts = name_parts(seps, [p.id for p in personas], params.thresholds.persona_name_effect,
                           {p.id: age_group(p.age_median) for p in personas})
    else:
        seps, parts = pd.DataFrame(), {}
    usage = persona_channels(index) if segmentation else pd.DataFrame()
    ages = age_comparison(data.demographics, respondents, traits)
    users = ages["channel"].map(fit.set_index("channel")["users"]).fillna(0)
    ages["survey"] = ages["survey"].where(users >= params.thresholds.min_answers)  # too few users to profile
    share, known = within_radius(respondents, radius) if radius else (math.nan, 0)
    return PersonaReport(
        client_name=params.display_name, period=period, location=params.location, respondents=n,
        min_respondents=minimum, audience=audience, personas=personas, segmentation=segmentation,
        traits=distinctive(index, DESCRIBED_FIELDS) if segmentation else index,
        buyers=buyers, fit=fit, usage=usage, reach=persona_reach(usage, fit), ages=ages, gaps=age_gap(ages),
        locations=top_locations(data.demographics),
        mix=(channel_persona_mix(traits, segmentation.labels) if segmentation
             else pd.DataFrame(columns=["channel", "persona", "share"])),
        evidence=evidence, coverage=coverage or report_coverage(data, params, period), thresholds=params.thresholds,
        client_id=params.client_id, separators=seps, name_parts=parts, genders=platform_gender(data.demographics),
        follower_totals=follower_totals(data.demographics), subscription=subscription(data.demographics),
        within_radius=share, distance_known=known)


def _personas(respondents: pd.DataFrame, index: pd.DataFrame, segmentation: Segmentation,
              radius: float | None) -> list[Profile]:
    """Profile each persona, largest first."""
    out: list[Profile] = []
    for k in range(1, segmentation.k + 1):
        ids = segmentation.labels.index[segmentation.labels == k]
        out.append(profile(k, respondents[respondents["respondent_id"].isin(ids)], index[index["group"] == k],
                           len(respondents), radius))
    return out


def _in_period(df: pd.DataFrame, column: str, period: Period) -> pd.DataFrame:
    days = df[column].dt.tz_localize(None) if getattr(df[column].dt, "tz", None) else df[column]
    days = days.dt.normalize()
    return df[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))]


ENGAGEMENT_PARTS = ["likes", "comments", "shares", "saves"]
OUTLIER_FENCE = 1.5  # Tukey's fence on log engagement: Q3 + 1.5 x IQR


def cap_outliers(posts: pd.DataFrame, min_posts: int) -> tuple[pd.DataFrame, int]:
    """Posts whose engagement is far out for their channel counted at the channel's ceiling; how many were.

    The ceiling is Tukey's fence on log(1 + engagements) of the channel's posts in the period
    (Q3 + 1.5 x IQR), for channels with at least ``min_posts`` posts. One viral post then cannot
    decide which channel earns the engagement (channel fit compares shares of it); its likes,
    comments, shares and saves are scaled down together. On the demo clients it caps 0-3 posts a quarter.
    """
    engagement = posts[ENGAGEMENT_PARTS].astype("Float64").sum(axis=1, min_count=1).astype("float64")
    out, capped = posts, 0
    for _, index in posts.groupby("channel", sort=False).groups.items():
        values = engagement.loc[index].dropna()
        if len(values) < min_posts:
            continue
        logs = np.log1p(values.clip(lower=0))
        q1, q3 = logs.quantile(0.25), logs.quantile(0.75)
        ceiling = float(np.expm1(q3 + OUTLIER_FENCE * (q3 - q1)))
        over = values[values > ceiling]
        if ceiling <= 0 or over.empty:
            continue
        if out is posts:
            out = posts.copy()
        scale = ceiling / over
        for col in ENGAGEMENT_PARTS:
            scaled = (posts.loc[over.index, col].astype("Float64") * scale).round()
            out[col] = out[col].astype("Float64")
            out.loc[over.index, col] = scaled
        capped += len(over)
    if out is not posts:
        out = out.astype({c: posts[c].dtype for c in ENGAGEMENT_PARTS})
    return out, capped


def fit_evidence(fit: pd.DataFrame, respondents: pd.DataFrame, traits: pd.DataFrame,
                 thresholds: Thresholds, capped: int = 0) -> FitEvidence:
    """Count what the channel-fit verdicts can rest on in this period and survey."""
    brand = fit[fit["on_brand"]]
    answered = set(traits.loc[traits["field"] == "channels", "respondent_id"])
    bought = respondents["purchased"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    ids = respondents["respondent_id"].astype("string")
    return FitEvidence(
        posts=int(brand["posts"].sum()), engagements=float(brand["engagements"].fillna(0).sum()),
        spend=float(brand["spend"].fillna(0).sum()), respondents=len(respondents), channel_answers=len(answered),
        purchase_known=int(respondents["purchased"].notna().sum()), buyers=int(ids[bought].isin(answered).sum()),
        sales=bool(fit["sales_share"].notna().any()), min_posts=thresholds.fit_min_posts,
        min_buyers=thresholds.min_buyers, min_answers=thresholds.min_respondents, capped=capped)


def ground_fit(fit: pd.DataFrame, ev: FitEvidence) -> pd.DataFrame:
    """Keep a channel's flag only when its evidence meets the minimums; otherwise ``not_enough`` and why.

    - ``mismatch`` / ``ok`` on a brand channel: engagement (at least ``fit_min_posts`` posts with
      engagements) and buyers (at least ``min_buyers``) or web sales by channel;
    - ``underused`` on a brand channel: engagement and buyers; on a channel the brand is not on, and
      ``ok`` there: buyers;
    - ``no_audience``: at least ``min_respondents`` said which channels they use, and the brand
      posted (``fit_min_posts``) or spent there.

    Adds ``flag_reason``: the missing evidence (``no_posts``, ``few_posts``, ``no_engagement``,
    ``no_survey``, ``no_purchase``, ``few_buyers``, ``no_sales``, ``few_answers``), empty when the flag stands.
    """
    flags, reasons = [], []
    for row in fit.itertuples(index=False):
        flag, why = str(row.flag), []
        if flag == "no_data":
            pass
        elif not row.on_brand:
            why = ev.buyer_gaps()
        elif flag == "no_audience":
            why = ev.audience_gaps() + ([] if ev.posts >= ev.min_posts or row.spend > 0 else ["few_posts"])
        elif flag == "underused":
            why = ev.engagement_gaps() + ev.buyer_gaps()
        else:
            why = ev.engagement_gaps()
            if not ev.sales and ev.buyer_gaps():  # web sales by channel would do instead of buyers
                why += [*ev.buyer_gaps(), "no_sales"]
        flags.append("not_enough" if why else flag)
        reasons.append(why)
    return fit.assign(flag=pd.array(flags, dtype="string"), flag_reason=reasons)


def best_buyer_channel(fit: pd.DataFrame, exclude: Collection[str] = ()) -> object | None:
    """The brand's channel that reaches the most buyers (a ``channel_fit`` row), or None without buyers."""
    cand = fit[fit["on_brand"] & fit["buyer_reach"].notna() & ~fit["channel"].isin(exclude) & (fit["buyers"] > 0)]
    if cand.empty:
        return None
    return next(cand.sort_values(["buyer_reach", "buyer_share"], ascending=False, kind="stable")
                .itertuples(index=False))
