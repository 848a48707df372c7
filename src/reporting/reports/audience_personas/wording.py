"""Audience personas, wording: persona names, answer labels and every sentence, in the client's language.

Names are made here, not computed with the personas: a name must be unique in
the report, and two names may coincide in one language and not in another.
Here it is also decided when the data is too thin to state something (too few
respondents to segment, no distance question, no buyers).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from reporting.analysis.traits import OVER_INDEX
from reporting.reports.audience_personas.compute import PersonaReport, Profile, best_buyer_channel

if TYPE_CHECKING:
    from reporting.i18n import Translator

NAME_FIELDS = ("interests", "content_preferences", "values", "challenges")  # first over-indexing one names a persona
STABLE_ARI = 0.8
FAIR_ARI = 0.6


# ---------------------------------------------------------------------------------------------------------
# Names and labels

def age_group(age: float) -> str | None:
    """Catalogue key of an age group word (``age_20s``...) for a median age; None when unknown."""
    if pd.isna(age):
        return None
    if age < 20:
        return "age_under20"
    if age >= 50:
        return "age_50plus"
    return f"age_{int(age // 10) * 10}s"


def persona_name(t: Translator, p: Profile, taken: set[str]) -> str:
    """A readable name from the persona's age group and its most distinctive trait, unique in the report.

    Traits are tried in the order interests, content, values, challenges, most distinctive
    first; the first that gives a name no earlier persona has wins. Without any distinctive
    trait the persona is named for its main channel.
    """
    group = age_group(p.age_median)
    candidates = [str(v) for f in NAME_FIELDS for v in p.top(f, n=5, distinctive_only=True)["value"]]
    channels = p.top("channels", n=3)["value"].tolist()
    options = [_named(t, "name", group, trait=c) for c in candidates]
    options += [_named(t, "name_channel", group, channel=t.channel(c)) for c in channels]
    for name in options:
        if name not in taken:
            return name
    base = options[0] if options else t("personas.name_fallback")
    return t("personas.name_numbered", name=base, n=p.id)


def _named(t: Translator, key: str, group: str | None, **values: str) -> str:
    text = t(f"personas.{key}_age", age=t(f"personas.{group}"), **values) if group else t(f"personas.{key}", **values)
    return text[:1].upper() + text[1:]


def persona_names(r: PersonaReport, t: Translator) -> dict[int, str]:
    """Persona number -> name, named largest first so the largest persona gets the plainest name."""
    names: dict[int, str] = {}
    for p in r.personas:
        names[p.id] = persona_name(t, p, set(names.values()))
    return names


def value_label(t: Translator, field: str, value: str) -> str:
    """An answer as the report shows it: coded answers (channels, dayparts, gender) translated, the rest as given."""
    if field == "channels":
        return t.channel(value)
    key = {"active_hours": f"personas.daypart_{value}", "gender": f"personas.legend_{value}"}.get(field, "")
    return t(key) if key and t.has(key) else str(value)


def stability_word(ari: float) -> str:
    """``stable`` (ARI >= 0.8), ``fair`` (>= 0.6) or ``unstable``."""
    return "stable" if ari >= STABLE_ARI else "fair" if ari >= FAIR_ARI else "unstable"


def age_text(t: Translator, age: float) -> str:
    return t("personas.age_unknown") if pd.isna(age) else t("personas.age_text", age=t.number(age))


# ---------------------------------------------------------------------------------------------------------
# Executive summary

def executive_summary(r: PersonaReport, t: Translator) -> list[str]:
    """The answer first: how many personas, who they are, where the buyers are, the mismatch to fix."""
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
        names = persona_names(r, t)
        out.extend(persona_line(t, p, names[p.id]) for p in r.personas)
    out.extend(buyer_sentences(r, t))
    mismatches = r.fit[r.fit["flag"] == "mismatch"]
    for row in mismatches.itertuples(index=False):
        out.append(mismatch_sentence(t, row))
        best = best_buyer_channel(r.fit, exclude={row.channel})
        if best is not None:
            out.append(t("personas.sum_action", channel=t.channel(row.channel), best=t.channel(best.channel)))
    if mismatches.empty and r.fit["engagement_share"].notna().any():
        out.append(t("personas.sum_no_mismatch"))
    out.extend(local_sentences(r, t))
    return out


def persona_line(t: Translator, p: Profile, name: str) -> str:
    """'<name>: 31 % of the audience, median age 27, mostly on Instagram and TikTok; 12 % have bought.'"""
    channels = [t.channel(c) for c in p.most_used("channels", n=2)["value"]]
    return t("personas.sum_persona", name=name, share=t.percent(p.share, 0), age=age_text(t, p.age_median),
             channels=t.join(channels) or "–", rate=t.percent(p.purchase_rate, 0))


def buyer_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """Where the buyers are among the brand's channels, and a channel the brand is missing them on."""
    out = []
    best = best_buyer_channel(r.fit)
    if best is not None:
        out.append(t("personas.sum_buyers", channel=t.channel(best.channel),
                     reach=t.percent(best.buyer_reach, 0), rate=t.percent(best.purchase_rate, 0)))
    absent = r.fit[~r.fit["on_brand"] & (r.fit["flag"] == "underused")]
    if not absent.empty and best is not None:
        top = absent.sort_values("buyer_reach", ascending=False, kind="stable").iloc[0]
        out.append(t("personas.sum_absent", channel=t.channel(top["channel"]), reach=t.percent(top["buyer_reach"], 0)))
    return out


def mismatch_sentence(t: Translator, row: object) -> str:
    """'Instagram earns 80 % of engagement but holds 28 % of buyers (and 0 % of social sales).'"""
    values = {"channel": t.channel(row.channel), "eng": t.percent(row.engagement_share, 0),
              "buyers": t.percent(row.buyer_share, 0), "sales": t.percent(row.sales_share, 0)}
    has_buyers, has_sales = not pd.isna(row.buyer_share), not pd.isna(row.sales_share)
    key = "mismatch_both" if has_buyers and has_sales else "mismatch_buyers" if has_buyers else "mismatch_sales"
    return t(f"personas.{key}", **values)


def local_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """How much of the audience lives near the business; or that the survey cannot say."""
    loc = r.location
    if loc is None or r.respondents == 0:
        return []
    if not r.distance_known:
        return [t("personas.sum_local_unknown", place=loc.name, radius=t.number(loc.radius_km))]
    return [t("personas.sum_local", share=t.percent(r.within_radius, 0), radius=t.number(loc.radius_km),
              place=loc.name, known=t.number(r.distance_known))]


# ---------------------------------------------------------------------------------------------------------
# Sections

def fit_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """One sentence per channel whose flag is not ``ok``, saying what the numbers show."""
    out = []
    for row in r.fit.itertuples(index=False):
        ch = t.channel(row.channel)
        if row.flag == "mismatch":
            out.append(mismatch_sentence(t, row) + " " + t("personas.fit_rate", rate=t.percent(row.purchase_rate, 0),
                                                             overall=t.percent(r.audience.purchase_rate, 0))
                       if r.audience and not pd.isna(row.purchase_rate) else mismatch_sentence(t, row))
        elif row.flag == "underused" and row.on_brand:
            out.append(t("personas.fit_underused", channel=ch, buyers=t.percent(row.buyer_share, 0),
                         eng=t.percent(row.engagement_share, 0), posts=t.percent(row.post_share, 0)))
        elif row.flag == "underused":
            out.append(t("personas.fit_absent", channel=ch, reach=t.percent(row.buyer_reach, 0)))
        elif row.flag == "no_audience":
            out.append(t("personas.fit_no_audience", channel=ch, posts=t.percent(row.post_share, 0),
                         spend=t.percent(row.spend_share, 0), audience=t.percent(row.audience_share, 0)))
    return out or [t("personas.fit_all_ok")]


def reach_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """Per persona: its main channel, the brand's share of posts there, and overall post coverage."""
    names = persona_names(r, t)
    return [t("personas.reach_line", name=names[row.persona], share=t.percent(row.main_share, 0),
              channel=t.channel(row.main_channel), posts=t.percent(row.main_post_share, 0),
              coverage=t.percent(row.post_coverage, 0))
            for row in r.reach.itertuples(index=False)]


def platform_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """Per channel: the platform's largest age band, the survey's, how far apart, and the personas there."""
    names = persona_names(r, t)
    out = []
    for row in r.gaps.itertuples(index=False):
        text = t("personas.platform_top", channel=t.channel(row.channel), band=row.top_band,
                 share=t.percent(row.top_share, 0))
        if not pd.isna(row.gap):
            text += " " + t("personas.platform_survey", band=row.survey_top_band, gap=t.percent(row.gap, 0))
        mix = r.mix[r.mix["channel"] == row.channel].head(2)
        if not mix.empty:
            parts = [f"{names[p]} {t.percent(s, 0)}" for p, s in zip(mix["persona"], mix["share"], strict=True)]
            text += " " + t("personas.platform_mix", personas=t.join(parts))
        out.append(text)
    return out


def takeaway(r: PersonaReport, t: Translator, p: Profile) -> str:
    """The strategist's line on a card: where and how to reach the persona, and whether they buy."""
    channels = t.join(value_label(t, "channels", c) for c in p.most_used("channels", n=2)["value"])
    dayparts = t.join(value_label(t, "active_hours", v) for v in p.most_used("active_hours", n=2)["value"])
    content = t.join(p.top("content_preferences", n=2)["value"])
    parts = []
    if channels:
        parts.append(t("personas.take_reach", channels=channels, dayparts=dayparts or "–", content=content or "–"))
    overall = r.audience.purchase_rate if r.audience else math.nan
    if not pd.isna(p.purchase_rate) and overall:
        ratio = p.purchase_rate / overall
        key = "take_buy_high" if ratio >= OVER_INDEX else "take_buy_low" if ratio <= 1 / OVER_INDEX else "take_buy_avg"
        parts.append(t(f"personas.{key}", rate=t.percent(p.purchase_rate, 0), overall=t.percent(overall, 0)))
    return " ".join(parts)
