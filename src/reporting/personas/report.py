"""The audience-personas report: everything computed once (:func:`build`), and the sentences that explain it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import pandas as pd
from babel.lists import format_list

from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams
from reporting.periods import Period
from reporting.analysis.fit import channel_fit
from reporting.personas.platforms import (age_comparison, age_gap, channel_persona_mix, persona_channels,
                                          persona_reach, top_locations)
from reporting.personas.profiles import Profile, channel_label, persona_name, profile, value_label
from reporting.personas.segment import Segmentation, encode, segment
from reporting.analysis.traits import (OVER_INDEX, PSYCHOGRAPHIC_FIELDS, distinctive, respondent_traits, trait_index,
                                       within_radius)

if TYPE_CHECKING:
    from reporting.report import ReportContext

DESCRIBED_FIELDS = (*PSYCHOGRAPHIC_FIELDS, "content_preferences", "channels", "income_band")  # traits table
STABLE_ARI = 0.8
FAIR_ARI = 0.6


@dataclass
class PersonaReport:
    """Everything the audience-personas notebook shows, computed once by :func:`build`."""

    t: Translator
    params: ClientParams
    respondents: int
    min_respondents: int
    audience: Profile | None  # the whole audience (None without respondents)
    personas: list[Profile]  # empty when there are too few respondents to segment
    segmentation: Segmentation | None
    traits: pd.DataFrame  # distinctive traits per persona (trait_index rows), most distinctive first
    buyers: pd.DataFrame  # trait_index of buyers versus the audience (the descriptive view)
    fit: pd.DataFrame  # channel_fit
    usage: pd.DataFrame  # persona x channel share using it
    reach: pd.DataFrame  # persona_reach
    ages: pd.DataFrame  # age_comparison
    gaps: pd.DataFrame  # age_gap
    locations: pd.DataFrame  # top_locations
    mix: pd.DataFrame  # channel_persona_mix
    within_radius: float = math.nan
    distance_known: int = 0
    sentences: list[str] = field(default_factory=list)  # executive summary

    @property
    def segmented(self) -> bool:
        return self.segmentation is not None


def build(ctx: ReportContext) -> PersonaReport:
    """The whole report for the notebook's client and period."""
    return build_report(ctx.data, ctx.params, ctx.period, ctx.t)


def build_report(data: ClientData, params: ClientParams, period: Period, t: Translator) -> PersonaReport:
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
        personas = _personas(respondents, index, segmentation, t, radius)
    names = {p.id: p.name for p in personas}
    usage = persona_channels(index, names) if segmentation else pd.DataFrame()
    ages = age_comparison(data.demographics, respondents, traits)
    share, known = within_radius(respondents, radius) if radius else (math.nan, 0)
    report = PersonaReport(
        t=t, params=params, respondents=n, min_respondents=minimum, audience=audience, personas=personas,
        segmentation=segmentation, traits=distinctive(index, DESCRIBED_FIELDS) if segmentation else index,
        buyers=buyers, fit=fit, usage=usage, reach=persona_reach(usage, fit), ages=ages, gaps=age_gap(ages),
        locations=top_locations(data.demographics),
        mix=channel_persona_mix(traits, segmentation.labels, names) if segmentation else pd.DataFrame(),
        within_radius=share, distance_known=known)
    report.sentences = executive_summary(report)
    return report


def _personas(respondents: pd.DataFrame, index: pd.DataFrame, segmentation: Segmentation, t: Translator,
              radius: float | None) -> list[Profile]:
    """Profile and name each persona, largest first; names stay unique within the report."""
    out: list[Profile] = []
    for k in range(1, segmentation.k + 1):
        ids = segmentation.labels.index[segmentation.labels == k]
        p = profile(k, respondents[respondents["respondent_id"].isin(ids)], index[index["group"] == k],
                    len(respondents), radius)
        out.append(replace(p, name=persona_name(p, t, {q.name for q in out})))
    return out


def _in_period(df: pd.DataFrame, column: str, period: Period) -> pd.DataFrame:
    days = df[column].dt.tz_localize(None) if getattr(df[column].dt, "tz", None) else df[column]
    days = days.dt.normalize()
    return df[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))]


def executive_summary(r: PersonaReport) -> list[str]:
    """The answer first: how many personas, who they are, where the buyers are, the mismatch to fix."""
    t = r.t
    out = []
    if r.respondents == 0:
        out.append(t("personas.sum_no_respondents"))
    elif not r.segmented:
        out.append(t("personas.sum_small", n=t.number(r.respondents), min=t.number(r.min_respondents)))
    else:
        seg = r.segmentation
        out.append(t("personas.sum_personas", k=seg.k, n=t.number(r.respondents),
                     stability=t(f"personas.stability_{stability_word(seg.stability)}"),
                     ari=t.number(seg.stability, 2)))
        out.extend(_persona_line(p, r) for p in r.personas)
    out.extend(_buyer_sentences(r))
    mismatches = r.fit[r.fit["flag"] == "mismatch"]
    for row in mismatches.itertuples(index=False):
        out.append(mismatch_sentence(row, t))
        best = _best_buyer_channel(r.fit, exclude={row.channel})
        if best is not None:
            out.append(t("personas.sum_action", channel=channel_label(row.channel, t),
                         best=channel_label(best.channel, t)))
    if mismatches.empty and r.fit["engagement_share"].notna().any():
        out.append(t("personas.sum_no_mismatch"))
    out.extend(_local_sentences(r))
    return out


def stability_word(ari: float) -> str:
    """``stable`` (ARI >= 0.8), ``fair`` (>= 0.6) or ``unstable``."""
    return "stable" if ari >= STABLE_ARI else "fair" if ari >= FAIR_ARI else "unstable"


def _persona_line(p: Profile, r: PersonaReport) -> str:
    t = r.t
    channels = [channel_label(c, t) for c in p.most_used("channels", n=2)["value"]]
    return t("personas.sum_persona", name=p.name, share=t.percent(p.share, 0), age=_age_text(p.age_median, t),
             channels=join_list(channels, t) or "–", rate=t.percent(p.purchase_rate, 0))


def _age_text(age: float, t: Translator) -> str:
    return t("personas.age_unknown") if pd.isna(age) else t("personas.age_text", age=t.number(age))


def _best_buyer_channel(fit: pd.DataFrame, exclude: set[str] = frozenset()) -> object | None:
    cand = fit[fit["on_brand"] & fit["buyer_reach"].notna() & ~fit["channel"].isin(exclude) & (fit["buyers"] > 0)]
    if cand.empty:
        return None
    return next(cand.sort_values(["buyer_reach", "buyer_share"], ascending=False, kind="stable")
                .itertuples(index=False))


def _buyer_sentences(r: PersonaReport) -> list[str]:
    t = r.t
    out = []
    best = _best_buyer_channel(r.fit)
    if best is not None:
        out.append(t("personas.sum_buyers", channel=channel_label(best.channel, t),
                     reach=t.percent(best.buyer_reach, 0), rate=t.percent(best.purchase_rate, 0)))
    absent = r.fit[~r.fit["on_brand"] & (r.fit["flag"] == "underused")]
    if not absent.empty and best is not None:
        top = absent.sort_values("buyer_reach", ascending=False, kind="stable").iloc[0]
        out.append(t("personas.sum_absent", channel=channel_label(top["channel"], t),
                     reach=t.percent(top["buyer_reach"], 0)))
    return out


def mismatch_sentence(row: object, t: Translator) -> str:
    """'Instagram earns 80 % of engagement but holds 28 % of buyers (and 0 % of social sales).'"""
    values = {"channel": channel_label(row.channel, t), "eng": t.percent(row.engagement_share, 0),
              "buyers": t.percent(row.buyer_share, 0), "sales": t.percent(row.sales_share, 0)}
    has_buyers, has_sales = not pd.isna(row.buyer_share), not pd.isna(row.sales_share)
    key = "mismatch_both" if has_buyers and has_sales else "mismatch_buyers" if has_buyers else "mismatch_sales"
    return t(f"personas.{key}", **values)


def _local_sentences(r: PersonaReport) -> list[str]:
    loc = r.params.location
    if loc is None or r.respondents == 0:
        return []
    t = r.t
    if not r.distance_known:
        return [t("personas.sum_local_unknown", place=loc.name, radius=t.number(loc.radius_km))]
    return [t("personas.sum_local", share=t.percent(r.within_radius, 0), radius=t.number(loc.radius_km),
              place=loc.name, known=t.number(r.distance_known))]


def fit_sentences(r: PersonaReport) -> list[str]:
    """One sentence per channel whose flag is not ``ok``, saying what the numbers show."""
    t = r.t
    out = []
    for row in r.fit.itertuples(index=False):
        ch = channel_label(row.channel, t)
        if row.flag == "mismatch":
            out.append(mismatch_sentence(row, t) + " " + t("personas.fit_rate", rate=t.percent(row.purchase_rate, 0),
                                                             overall=t.percent(r.audience.purchase_rate, 0))
                       if r.audience and not pd.isna(row.purchase_rate) else mismatch_sentence(row, t))
        elif row.flag == "underused" and row.on_brand:
            out.append(t("personas.fit_underused", channel=ch, buyers=t.percent(row.buyer_share, 0),
                         eng=t.percent(row.engagement_share, 0), posts=t.percent(row.post_share, 0)))
        elif row.flag == "underused":
            out.append(t("personas.fit_absent", channel=ch, reach=t.percent(row.buyer_reach, 0)))
        elif row.flag == "no_audience":
            out.append(t("personas.fit_no_audience", channel=ch, posts=t.percent(row.post_share, 0),
                         spend=t.percent(row.spend_share, 0), audience=t.percent(row.audience_share, 0)))
    return out or [t("personas.fit_all_ok")]


def reach_sentences(r: PersonaReport) -> list[str]:
    """Per persona: its main channel, the brand's share of posts there, and overall post coverage."""
    t = r.t
    return [t("personas.reach_line", name=row.persona, share=t.percent(row.main_share, 0),
              channel=channel_label(row.main_channel, t), posts=t.percent(row.main_post_share, 0),
              coverage=t.percent(row.post_coverage, 0))
            for row in r.reach.itertuples(index=False)]


def platform_sentences(r: PersonaReport) -> list[str]:
    """Per channel: the platform's largest age band, the survey's, how far apart, and the personas there."""
    t = r.t
    out = []
    for row in r.gaps.itertuples(index=False):
        ch = channel_label(row.channel, t)
        text = t("personas.platform_top", channel=ch, band=row.top_band, share=t.percent(row.top_share, 0))
        if not pd.isna(row.gap):
            text += " " + t("personas.platform_survey", band=row.survey_top_band, gap=t.percent(row.gap, 0))
        mix = r.mix[r.mix["channel"] == row.channel].head(2)
        if not mix.empty:
            parts = [f"{p} {t.percent(s, 0)}" for p, s in zip(mix["persona"], mix["share"], strict=True)]
            text += " " + t("personas.platform_mix", personas=join_list(parts, t))
        out.append(text)
    return out


def join_list(items: list[str], t: Translator) -> str:
    """"A, B and C" in the report language."""
    return format_list(list(items), locale=t.locale) if items else ""


def takeaway(p: Profile, r: PersonaReport) -> str:
    """The strategist's line on a card: where and how to reach the persona, and whether they buy."""
    t = r.t
    channels = join_list([value_label("channels", c, t) for c in p.most_used("channels", n=2)["value"]], t)
    dayparts = join_list([value_label("active_hours", v, t) for v in p.most_used("active_hours", n=2)["value"]], t)
    content = join_list([str(v) for v in p.top("content_preferences", n=2)["value"]], t)
    parts = []
    if channels:
        parts.append(t("personas.take_reach", channels=channels, dayparts=dayparts or "–", content=content or "–"))
    overall = r.audience.purchase_rate if r.audience else math.nan
    if not pd.isna(p.purchase_rate) and overall:
        ratio = p.purchase_rate / overall
        key = "take_buy_high" if ratio >= OVER_INDEX else "take_buy_low" if ratio <= 1 / OVER_INDEX else "take_buy_avg"
        parts.append(t(f"personas.{key}", rate=t.percent(p.purchase_rate, 0), overall=t.percent(overall, 0)))
    return " ".join(parts)
