"""Audience personas, wording: persona names, answer labels and every sentence, in the client's language.

Names are made here, not computed with the personas: a name must be unique in
the report, and two names may coincide in one language and not in another.
Here it is also decided when the data is too thin to state something: each
verdict needs its evidence (see ``reporting.params.Thresholds``: ``min_buyers``,
``fit_min_posts``, ``persona_channel_share``, ``min_answers``,
``persona_name_effect``), otherwise the report says it cannot call it and why.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd
from scipy.stats import binomtest

from reporting.analysis.traits import MIN_DISTINCTIVE_SHARE, OVER_INDEX
from reporting.reports.audience_personas.compute import PersonaReport, Profile, best_buyer_channel
from reporting.reports.audience_personas.distinguish import Part, age_group

if TYPE_CHECKING:
    from reporting.i18n import Translator

STABLE_ARI = 0.8
FAIR_ARI = 0.6
BUY_CONFIDENCE = 0.95  # a persona buys more (less) than the audience when this interval of its rate is above (below)
SURVEY_FEATURES = ("age", "gender", "channels", "interests", "hours_per_day", "purchased")  # named in the how-to
JUDGED = ("mismatch", "underused", "no_audience", "ok")  # flags that state a verdict


# ---------------------------------------------------------------------------------------------------------
# Names and labels

def describe(t: Translator, part: Part) -> str:
    """One trait of a name as a phrase: 'design fans', 'Facebook regulars', 'heavy social users'."""
    if part.field == "channels":
        return t("personas.desc_channel", channel=t.channel(part.value))
    if part.field == "active_hours" and t.has(f"personas.desc_daypart_{part.value}"):
        return t(f"personas.desc_daypart_{part.value}")
    if part.field == "hours_per_day":
        return t("personas.desc_hours_high" if part.direction > 0 else "personas.desc_hours_low")
    if part.field == "distance_km":
        return t("personas.desc_far" if part.direction > 0 else "personas.desc_near")
    return t("personas.desc_trait", trait=part.value)


def name_from(t: Translator, parts: list[Part], group: str | None) -> str:
    """A name from the persona's age group and the traits it is named for."""
    if not parts:
        return t("personas.name_age_only", age=t(f"personas.{group}")) if group else t("personas.name_fallback")
    desc = describe(t, parts[0])
    for part in parts[1:]:
        desc = t("personas.name_more", first=desc, more=describe(t, part))
    text = t("personas.name_age", age=t(f"personas.{group}"), desc=desc) if group else t("personas.name", desc=desc)
    return text[:1].upper() + text[1:]


def named_for(r: PersonaReport) -> dict[int, list[Part]]:
    """Persona number -> the traits it is named for (what separates it from the other personas)."""
    return {p.id: r.name_parts.get(p.id, []) for p in r.personas}


def persona_names(r: PersonaReport, t: Translator) -> dict[int, str]:
    """Persona number -> name, unique in the report.

    Each name is the persona's age group and the traits that separate it from the other personas
    (:func:`~reporting.reports.audience_personas.distinguish.name_parts`), so two names differ by
    what tells the two personas apart. Two names that still read alike in this language (nothing
    in the survey separates the personas, or two traits translate alike) get the persona's number.
    """
    parts = named_for(r)
    rendered = {p.id: name_from(t, parts[p.id], age_group(p.age_median)) for p in r.personas}
    seen = Counter(rendered.values())
    return {i: name if seen[name] == 1 else t("personas.name_numbered", name=name, n=i) for i, name in rendered.items()}


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


def basis_label(t: Translator, basis: str) -> str:
    """What a platform share is of: 'share of followers', 'share of views', 'share of page views'."""
    key = f"personas.basis_{basis}" if basis else "personas.basis_unknown"
    return t(key) if t.has(key) else t("personas.basis_unknown")


# ---------------------------------------------------------------------------------------------------------
# What the data supports about one persona

def persona_channels(r: PersonaReport, p: Profile) -> pd.DataFrame:
    """The persona's channels worth naming: used by at least ``persona_channel_share`` of it (two at most)."""
    th = r.thresholds
    if p.answered.get("channels", 0) < th.min_answers:
        return p.traits.iloc[0:0]
    used = p.most_used("channels", n=2)
    return used[used["share"] >= th.persona_channel_share]


def persona_dayparts(r: PersonaReport, p: Profile) -> pd.DataFrame:
    """Times of day at least a quarter of the persona is online (two at most), when enough of it answered."""
    if p.answered.get("active_hours", 0) < r.thresholds.min_answers:
        return p.traits.iloc[0:0]
    used = p.most_used("active_hours", n=2)
    return used[used["share"] >= MIN_DISTINCTIVE_SHARE]


def persona_content(r: PersonaReport, p: Profile) -> pd.DataFrame:
    """Content the persona prefers: held by at least a quarter of it, no rarer than in the audience (two at most)."""
    if p.answered.get("content_preferences", 0) < r.thresholds.min_answers:
        return p.traits.iloc[0:0]
    top = p.top("content_preferences", n=2)
    return top[top["share"] >= MIN_DISTINCTIVE_SHARE]


def buying_known(r: PersonaReport, p: Profile) -> bool:
    """Enough of the group answered the purchase question to give its rate."""
    return p.purchase_known >= r.thresholds.min_answers and not pd.isna(p.purchase_rate)


def buy_verdict(r: PersonaReport, p: Profile) -> str | None:
    """``high``, ``low``, ``avg`` or ``unclear`` against the audience's rate; None without purchase answers.

    High (low) only when the persona's rate is at least 1.2x (at most 1/1.2x) the audience's and
    its 95 % Wilson interval lies wholly above (below) the audience's rate; ``avg`` when within
    those ratios and the interval holds the audience's rate; ``unclear`` otherwise.
    """
    overall = r.audience.purchase_rate if r.audience else math.nan
    if not buying_known(r, p) or pd.isna(overall) or overall <= 0:
        return None
    low, high = buy_interval(p)
    ratio = p.purchase_rate / overall
    if ratio >= OVER_INDEX and low > overall:
        return "high"
    if ratio <= 1 / OVER_INDEX and high < overall:
        return "low"
    if 1 / OVER_INDEX < ratio < OVER_INDEX and low <= overall <= high:
        return "avg"
    return "unclear"


def buy_interval(p: Profile) -> tuple[float, float]:
    """95 % Wilson interval of the persona's purchase rate."""
    ci = binomtest(p.buyers(), p.purchase_known).proportion_ci(confidence_level=BUY_CONFIDENCE, method="wilson")
    return float(ci.low), float(ci.high)


def channel_list(t: Translator, rows: pd.DataFrame) -> str:
    """'Facebook (92%) and YouTube (88%)'."""
    return t.join(t("personas.channel_share", channel=value_label(t, "channels", v), share=t.percent(s, 0))
                  for v, s in zip(rows["value"], rows["share"], strict=True))


# ---------------------------------------------------------------------------------------------------------
# Executive summary

def executive_summary(r: PersonaReport, t: Translator) -> list[str]:
    """The answer first: how many personas, who they are, where the buyers are, the mismatch to fix."""
    out = []
    if r.respondents == 0:
        out.append(t("personas.sum_no_respondents", client=r.client_id or "<client>"))
    elif not r.segmented:
        out.append(t("personas.sum_small", n=t.number(r.respondents), min=t.number(r.min_respondents)))
    else:
        seg = r.segmentation
        out.append(t("personas.sum_personas", k=seg.k, n=t.number(r.respondents),
                     stability=t(f"personas.stability_{stability_word(seg.stability)}"),
                     ari=t.number(seg.stability, 2)))
        names = persona_names(r, t)
        out.extend(persona_line(r, t, p, names[p.id]) for p in r.personas)
    out.extend(buyer_sentences(r, t))
    mismatches = r.fit[r.fit["flag"] == "mismatch"]
    for row in mismatches.itertuples(index=False):
        out.append(mismatch_sentence(t, row))
        best = best_buyer_channel(r.fit, exclude={row.channel}) if r.evidence.buyers_ok else None
        if best is not None:
            out.append(t("personas.sum_action", channel=t.channel(row.channel), best=t.channel(best.channel)))
    out.extend(fit_verdict(r, t, bool(len(mismatches))))
    out.extend(local_sentences(r, t))
    platforms = platform_channels(r, t)
    if platforms:
        out.append(t("personas.sum_platforms", channels=t.join(platforms)))
    return out


def fit_verdict(r: PersonaReport, t: Translator, mismatched: bool) -> list[str]:
    """The summary's word on channel fit: none out of line (when judged), or why it cannot be judged."""
    brand = r.fit[r.fit["on_brand"]]
    judged = brand[brand["flag"].isin(JUDGED)]
    if mismatched:
        return []
    if len(judged):
        return [t("personas.sum_no_mismatch" if r.evidence.buyers_ok else "personas.sum_no_mismatch_sales")]
    unknown = brand[brand["flag"] == "not_enough"]
    if unknown.empty:
        return []
    return [t("personas.sum_fit_unknown", reasons=reasons_text(r, t, _reasons(unknown)))]


def persona_line(r: PersonaReport, t: Translator, p: Profile, name: str) -> str:
    """'<name>: 31% of the audience, median age 27; channels at least 50% of them use: Instagram (80%); 12% have
    bought.'

    Channels are named only when at least ``persona_channel_share`` of the persona uses them, the
    purchase rate only when enough of it answered the purchase question.
    """
    channels = persona_channels(r, p)
    key = "personas.sum_persona" + ("_channels" if len(channels) else "") + ("_buy" if buying_known(r, p) else "")
    return t(key, name=name, share=t.percent(p.share, 0), age=age_text(t, p.age_median),
             channels=channel_list(t, channels), min=t.percent(r.thresholds.persona_channel_share, 0),
             rate=t.percent(p.purchase_rate, 0))


def buyer_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """Where the buyers are among the brand's channels, and a channel the brand is missing them on."""
    if not r.evidence.buyers_ok:
        return []
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


def platform_channels(r: PersonaReport, t: Translator) -> list[str]:
    """'Facebook (share of followers)' for every channel and basis with platform audience data."""
    keys: dict[tuple[str, str], None] = {}
    for frame in (r.ages, r.genders, r.locations):
        if len(frame):
            keys.update(dict.fromkeys(zip(frame["channel"], frame["basis"], strict=True)))
    return [t("personas.channel_basis", channel=t.channel(c), basis=basis_label(t, b)) for c, b in keys]


# ---------------------------------------------------------------------------------------------------------
# Why a verdict cannot be called

def _reasons(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(code for codes in rows["flag_reason"] for code in codes))


def reasons_text(r: PersonaReport, t: Translator, codes: Iterable[str]) -> str:
    """'there are no brand posts in this period and the survey has no purchase question'."""
    ev = r.evidence
    values = {"n_posts": t.number(ev.posts), "min_posts": t.number(ev.min_posts), "n_buyers": t.number(ev.buyers),
              "min_buyers": t.number(ev.min_buyers), "n_answers": t.number(ev.channel_answers),
              "min_answers": t.number(ev.min_answers)}
    return t.join(t(f"personas.reason_{code}", **values) for code in codes)


# ---------------------------------------------------------------------------------------------------------
# Sections

def fit_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """One sentence per channel flagged, one for the channels in line, one for those that cannot be judged."""
    out = []
    for row in r.fit.itertuples(index=False):
        ch = t.channel(row.channel)
        if row.flag == "mismatch":
            out.append(mismatch_sentence(t, row) + " " + t("personas.fit_rate", rate=t.percent(row.purchase_rate, 0),
                                                             overall=t.percent(r.audience.purchase_rate, 0))
                       if r.audience and r.evidence.buyers_ok and not pd.isna(row.purchase_rate)
                       else mismatch_sentence(t, row))
        elif row.flag == "underused" and row.on_brand:
            out.append(t("personas.fit_underused", channel=ch, buyers=t.percent(row.buyer_share, 0),
                         eng=t.percent(row.engagement_share, 0), posts=t.percent(row.post_share, 0)))
        elif row.flag == "underused":
            out.append(t("personas.fit_absent", channel=ch, reach=t.percent(row.buyer_reach, 0)))
        elif row.flag == "no_audience":
            has_posts, has_spend = not pd.isna(row.post_share), not pd.isna(row.spend_share)
            key = "personas.fit_no_audience" + ("" if has_posts and has_spend else "_posts" if has_posts else "_spend")
            out.append(t(key, channel=ch, posts=t.percent(row.post_share, 0), spend=t.percent(row.spend_share, 0),
                         audience=t.percent(row.audience_share, 0)))
    brand = r.fit[r.fit["on_brand"]]
    ok = brand[brand["flag"] == "ok"]
    sales = "" if r.evidence.buyers_ok else "_sales"
    if len(ok) and len(ok) == len(brand):
        out.append(t(f"personas.fit_all_ok{sales}"))
    elif len(ok):
        out.append(t(f"personas.fit_some_ok{sales}", channels=t.join(t.channel(c) for c in ok["channel"])))
    unknown = brand[brand["flag"] == "not_enough"]
    if len(unknown):
        out.append(t("personas.fit_unknown", channels=t.join(t.channel(c) for c in unknown["channel"]),
                     reasons=reasons_text(r, t, _reasons(unknown))))
    elsewhere = r.fit[~r.fit["on_brand"] & (r.fit["flag"] == "not_enough")]
    if len(elsewhere):
        out.append(t("personas.fit_unknown_elsewhere", reasons=reasons_text(r, t, _reasons(elsewhere))))
    return out


def reach_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """Per persona: its main channel, and (with posts in the period) the brand's share of posts there."""
    names = persona_names(r, t)
    out = []
    for row in r.reach.itertuples(index=False):
        values = {"name": names[row.persona], "share": t.percent(row.main_share, 0),
                  "channel": t.channel(row.main_channel)}
        if r.evidence.posts and not pd.isna(row.post_coverage):
            out.append(t("personas.reach_line", posts=t.percent(row.main_post_share, 0),
                         coverage=t.percent(row.post_coverage, 0), **values))
        else:
            out.append(t("personas.reach_line_no_posts", **values))
    return out


def platform_sentences(r: PersonaReport, t: Translator) -> list[str]:
    """Per channel and basis: largest age group, gender split, top place, totals; the survey's view beside it.

    Every figure is labelled with what it is a share of (followers, views, page views); channels
    on different bases are never compared with each other.
    """
    names = persona_names(r, t)
    keys: dict[tuple[str, str], None] = {}
    for frame in (r.gaps, r.genders, r.locations, r.follower_totals, r.subscription):
        if len(frame):
            keys.update(dict.fromkeys(zip(frame["channel"], frame["basis"], strict=True)))
    out = []
    for channel, basis in keys:
        facts, extra = [], []
        gap = r.gaps[(r.gaps["channel"] == channel) & (r.gaps["basis"] == basis)]
        if len(gap):
            row = gap.iloc[0]
            facts.append(t("personas.pl_age", band=row["top_band"], share=t.percent(row["top_share"], 0)))
            if not pd.isna(row["gap"]):
                extra.append(t("personas.platform_survey", band=row["survey_top_band"],
                               gap=t.percent(row["gap"], 0)))
        gender = r.genders[(r.genders["channel"] == channel) & (r.genders["basis"] == basis)]
        if len(gender):
            g = gender.iloc[0]
            facts.append(t("personas.pl_gender", female=t.percent(g["female"], 0), male=t.percent(g["male"], 0)))
        for dim in ("country", "city"):
            places = r.locations[(r.locations["channel"] == channel) & (r.locations["basis"] == basis)
                                 & (r.locations["dimension"] == dim)]
            if len(places):
                top = places.iloc[0]
                facts.append(t(f"personas.pl_{dim}_listed", place=top["location"], share=t.percent(top["share"], 0))
                             if bool(top["listed"]) else
                             t(f"personas.pl_{dim}", place=top["location"], share=t.percent(top["share"], 0)))
        sub = r.subscription[(r.subscription["channel"] == channel) & (r.subscription["basis"] == basis)
                             & (r.subscription["segment"] == "subscribed")]
        if len(sub):
            facts.append(t("personas.pl_subscribed", share=t.percent(sub["share"].iloc[0], 0)))
        total = r.follower_totals[(r.follower_totals["channel"] == channel) & (r.follower_totals["basis"] == basis)]
        if len(total):
            facts.append(t("personas.pl_total", count=t.number(total["count"].iloc[0])))
        mix = r.mix[r.mix["channel"] == channel].head(2)
        if len(mix) and len(gap) and not pd.isna(gap.iloc[0]["gap"]):  # as many survey users as the comparison
            parts = [f"{names[p]} {t.percent(s, 0)}" for p, s in zip(mix["persona"], mix["share"], strict=True)]
            extra.append(t("personas.platform_mix", personas=t.join(parts)))
        if facts:
            out.append(" ".join([t("personas.platform_line", channel=t.channel(channel), basis=basis_label(t, basis),
                                   facts="; ".join(facts)), *extra]))
    return out


def takeaway(r: PersonaReport, t: Translator, p: Profile) -> str:
    """The strategist's line on a card: where, when and how to reach the persona, and whether they buy.

    Each part only when the data supports it (channels used by at least ``persona_channel_share`` of
    the persona, times and content held by at least a quarter of it, each question answered by at
    least ``min_answers`` of it; buying per :func:`buy_verdict`); otherwise the card says what is missing.
    """
    channels = t.join(value_label(t, "channels", c) for c in persona_channels(r, p)["value"])
    dayparts = t.join(value_label(t, "active_hours", v) for v in persona_dayparts(r, p)["value"])
    content = t.join(persona_content(r, p)["value"])
    values = {"channels": channels, "dayparts": dayparts, "content": content}
    parts = []
    if channels:
        parts.append(t("personas.take_reach" + ("_when" if dayparts else "") + ("_with" if content else ""), **values))
    elif content:
        parts.append(t("personas.take_content", **values))
    elif dayparts:
        parts.append(t("personas.take_when", **values))
    verdict = buy_verdict(r, p)
    overall = r.audience.purchase_rate if r.audience else math.nan
    if verdict:
        parts.append(t(f"personas.take_buy_{verdict}", rate=t.percent(p.purchase_rate, 0),
                       overall=t.percent(overall, 0), n=t.number(p.purchase_known)))
    elif r.evidence.purchase_known and not buying_known(r, p):
        parts.append(t("personas.take_buy_few", n=t.number(p.purchase_known), min=t.number(r.thresholds.min_answers)))
    if not parts:
        missing = [t("personas.take_miss_channels", min=t.percent(r.thresholds.persona_channel_share, 0))]
        if not r.evidence.purchase_known:
            missing.append(t("personas.take_miss_buy"))
        parts.append(t("personas.take_none", missing=t.join(missing)))
    return " ".join(parts)
