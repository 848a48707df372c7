"""Audience personas, computing: the survey's personas, each in numbers, and the channels against the buyers.

Pure functions over the client's tables: nothing here depends on the report
language (persona names, labels and sentences are :mod:`.wording`). Personas
are numbered 1 = largest everywhere; the segmentation is :mod:`.segment`, the
platform comparisons :mod:`.platforms`. :func:`build` is what the notebook calls.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from reporting.analysis.fit import channel_fit, purchase_rate
from reporting.analysis.traits import (MIN_DISTINCTIVE_SHARE, OVER_INDEX, PSYCHOGRAPHIC_FIELDS, distinctive,
                                       respondent_traits, trait_index, within_radius)
from reporting.dataset import ClientData
from reporting.reports.audience_personas.platforms import (age_comparison, age_gap, channel_persona_mix,
                                                           persona_channels, persona_reach, top_locations)
from reporting.reports.audience_personas.segment import Segmentation, encode, segment

if TYPE_CHECKING:
    from reporting.params import ClientParams, Location
    from reporting.periods import Period
    from reporting.report import ReportContext

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

    def top(self, name: str, n: int = 3, distinctive_only: bool = False) -> pd.DataFrame:
        """The group's most telling answers in one field: over-indexing ones first, then common ones.

        Answers rarer in the group than in the audience (index < 1) are never listed: a card
        says what characterises a persona, not what it lacks.
        """
        rows = self.traits[self.traits["field"] == name]
        over = rows[(rows["index"] >= OVER_INDEX) & (rows["share"] >= MIN_DISTINCTIVE_SHARE)]
        over = over.sort_values(["lift", "value"], ascending=[False, True], kind="stable")
        if distinctive_only or len(over) >= n:
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
    return Profile(
        id=group, size=len(respondents), share=len(respondents) / total if total else math.nan,
        age_median=_q(age, 0.5), age_q1=_q(age, 0.25), age_q3=_q(age, 0.75),
        women=float(gender.get("female", 0.0)) if len(gender) else math.nan,
        locations=[(str(k), float(v)) for k, v in places.items()],
        distance_median=_q(dist, 0.5),
        within_radius=within_radius(respondents, radius_km)[0] if radius_km else math.nan,
        hours_median=_q(hours, 0.5), purchase_rate=purchase_rate(respondents), traits=index)


def _q(values: pd.Series, q: float) -> float:
    return float(values.quantile(q)) if len(values) else math.nan


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
    within_radius: float = math.nan
    distance_known: int = 0

    @property
    def segmented(self) -> bool:
        return self.segmentation is not None


def build(ctx: ReportContext) -> PersonaReport:
    """The whole report for the notebook's client and period."""
    return analyse(ctx.data, ctx.params, ctx.period)


def analyse(data: ClientData, params: ClientParams, period: Period) -> PersonaReport:
    """Compute the report from canonical tables: posts, spend and traffic are cut to ``period``.

    Respondents are all used (surveys are not dated); with fewer than
    ``thresholds.min_respondents`` (default 50) no personas are formed and the report shows
    descriptive breakdowns instead.
    """
    # the same respondent in two exports is one record, the latest wins (tables.KEYS)
    respondents = data.respondents.drop_duplicates("respondent_id", keep="last").reset_index(drop=True)
    respondents["respondent_id"] = respondents["respondent_id"].astype("string")
    minimum = params.thresholds.min_respondents
    radius = params.location.radius_km if params.location else None
    n = len(respondents)

    traits = respondent_traits(respondents)
    fit = channel_fit(respondents, _in_period(data.posts, "published", period), _in_period(data.spend, "date", period),
                      params, _in_period(data.web_traffic, "date", period))
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
    usage = persona_channels(index) if segmentation else pd.DataFrame()
    ages = age_comparison(data.demographics, respondents, traits)
    share, known = within_radius(respondents, radius) if radius else (math.nan, 0)
    return PersonaReport(
        client_name=params.display_name, period=period, location=params.location, respondents=n,
        min_respondents=minimum, audience=audience, personas=personas, segmentation=segmentation,
        traits=distinctive(index, DESCRIBED_FIELDS) if segmentation else index,
        buyers=buyers, fit=fit, usage=usage, reach=persona_reach(usage, fit), ages=ages, gaps=age_gap(ages),
        locations=top_locations(data.demographics),
        mix=(channel_persona_mix(traits, segmentation.labels) if segmentation
             else pd.DataFrame(columns=["channel", "persona", "share"])),
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


def best_buyer_channel(fit: pd.DataFrame, exclude: Collection[str] = ()) -> object | None:
    """The brand's channel that reaches the most buyers (a ``channel_fit`` row), or None without buyers."""
    cand = fit[fit["on_brand"] & fit["buyer_reach"].notna() & ~fit["channel"].isin(exclude) & (fit["buyers"] > 0)]
    if cand.empty:
        return None
    return next(cand.sort_values(["buyer_reach", "buyer_share"], ascending=False, kind="stable")
                .itertuples(index=False))
