"""Audience personas, views: what each section of the notebook shows, as escaped HTML (or why the data is missing).

Each section function returns its heading and content, with an empty state when
its data is missing, so the notebook stays one call per section.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pandas as pd

from reporting import display, theme
from reporting.analysis.fit import ABSENT_BUYER_REACH, MATERIAL_SHARE, MISMATCH_RATIO, UNDERUSED_RATIO
from reporting.analysis.traits import TRAIT_FIELDS, distinctive
from reporting.reports.audience_personas import charts
from reporting.reports.audience_personas.compute import PersonaReport, Profile
from reporting.reports.audience_personas.segment import KEPT_VARIANCE, MIN_PERSONA_SHARE, RESAMPLE_FRACTION
from reporting.reports.audience_personas.wording import (executive_summary, fit_sentences, persona_names,
                                                         platform_sentences, reach_sentences, stability_word,
                                                         takeaway, value_label)

if TYPE_CHECKING:
    from reporting.i18n import Translator

FLAG_STATUS = {"mismatch": "off_track", "no_audience": "at_risk", "underused": "at_risk", "ok": "on_track",
               "no_data": "no_data"}
CARD_FIELDS = {"income_band": 2, "interests": 3, "values": 2, "challenges": 2}  # field -> answers shown on a card
TRAITS_PER_PERSONA = 6


# ---------------------------------------------------------------------------------------------------------
# Cards and tables

def persona_card(r: PersonaReport, t: Translator, p: Profile, title: str) -> display.Html:
    """One persona as a strategist would brief it: who, where, what they care about, online, buying, take-away."""
    a = r.audience
    whole = p.id == 0
    demo = []
    if not pd.isna(p.age_median):
        demo.append(t("personas.card_age", age=t.number(p.age_median), q1=t.number(p.age_q1),
                      q3=t.number(p.age_q3)))
    if not pd.isna(p.women):
        demo.append(t("personas.card_women", share=t.percent(p.women, 0)))
    rows = [(t("personas.row_demographics"), " · ".join(demo) or "–")]
    where = [", ".join(f"{name} {t.percent(s, 0)}" for name, s in p.locations)]
    if r.location and not pd.isna(p.distance_median):
        where.append(t("personas.card_distance", km=t.number(p.distance_median, 1),
                       share=t.percent(p.within_radius, 0), radius=t.number(r.location.radius_km)))
    if any(where):
        rows.append((t("personas.row_location"), " · ".join(w for w in where if w)))
    for name, n in CARD_FIELDS.items():
        text = traits_text(t, p.top(name, n=n), name, whole)
        if text:
            rows.append((t(f"personas.field_{name}"), text))
    channels = traits_text(t, p.most_used("channels", n=3), "channels", whole)
    if channels:
        rows.append((t("personas.field_channels"), channels))
    online = []
    if not pd.isna(p.hours_median):
        online.append(t("personas.card_hours_all", hours=t.number(p.hours_median, 1)) if whole else
                      t("personas.card_hours", hours=t.number(p.hours_median, 1), overall=t.number(a.hours_median, 1)))
    dayparts = [value_label(t, "active_hours", v) for v in p.most_used("active_hours", n=2)["value"]]
    if dayparts:
        online.append(t.join(dayparts))
    if online:
        rows.append((t("personas.row_online"), " · ".join(online)))
    content = traits_text(t, p.top("content_preferences", n=2), "content_preferences", whole)
    if content:
        rows.append((t("personas.field_content_preferences"), content))
    if not pd.isna(p.purchase_rate):
        rows.append((t("personas.row_buying"), t("personas.card_buying_all", rate=t.percent(p.purchase_rate, 0))
                     if whole else t("personas.card_buying", rate=t.percent(p.purchase_rate, 0),
                                     overall=t.percent(a.purchase_rate, 0))))
    if not whole:
        rows.append((t("personas.row_takeaway"), takeaway(r, t, p)))
    subtitle = t("personas.card_size", n=t.number(p.size), share=t.percent(p.share, 0))
    return display.card(title, rows, subtitle=subtitle)


def traits_text(t: Translator, rows: pd.DataFrame, field: str, whole: bool) -> str:
    """'design (67%, index 211), DIY (61%, index 215)'; the whole audience has no index to show."""
    items = []
    for row in rows.itertuples(index=False):
        value = value_label(t, field, row.value)
        items.append(t("personas.trait_all", value=value, share=t.percent(row.share, 0)) if whole else
                     t("personas.trait", value=value, share=t.percent(row.share, 0), index=t.number(row.index * 100)))
    return ", ".join(items)


def trait_table(t: Translator, rows: pd.DataFrame, share_label: str) -> display.Html:
    """Question, answer, share in the group, share in the audience, index: the numbers behind a claim."""
    table = pd.DataFrame({
        t("personas.col_field"): rows["field"].map(lambda f: t(f"personas.field_{f}")).to_list(),
        t("personas.col_trait"): [value_label(t, f, v) for f, v in zip(rows["field"], rows["value"], strict=True)],
        share_label: rows["share"].to_list(),
        t("personas.col_share_all"): rows["overall"].to_list(),
        t("personas.col_index"): (rows["index"] * 100).to_list()})
    cols = list(table.columns)
    return display.table(table, formats={cols[2]: _pct(t), cols[3]: _pct(t), cols[4]: lambda x: t.number(x)})


def with_flag(t: Translator, table: pd.DataFrame, fit: pd.DataFrame) -> pd.DataFrame:
    """Add the fit flag as a badge column (status key + its label in the report language)."""
    col = t("personas.col_flag")
    return table.assign(**{col: fit["flag"].map(FLAG_STATUS).to_list(),
                           f"{col}_label": fit["flag"].map(lambda f: t(f"personas.flag_{f}")).to_list()})


def _pct(t: Translator) -> Callable[[object], str]:
    return lambda x: t.percent(x, 0)


# ---------------------------------------------------------------------------------------------------------
# Sections: one notebook cell each

def header(r: PersonaReport, t: Translator) -> display.Html:
    """Report title and subtitle (client, period)."""
    return display.header(t("common.report_audience_personas"),
                          f"{r.client_name} · {t.period(r.period.start, r.period.end)}")


def summary(r: PersonaReport, t: Translator) -> display.Html:
    return display.summary(executive_summary(r, t), t("common.summary_title"))


def personas(r: PersonaReport, t: Translator) -> display.Html:
    """Headline tiles and one card per persona (or one card for the whole audience on small samples)."""
    out = display.heading(t("personas.h_personas"))
    if r.audience is None:
        return out + display.empty_state(t("personas.no_respondents"))
    tiles = [{"label": t("personas.tile_respondents"), "value": t.number(r.respondents)},
             {"label": t("personas.tile_personas"), "value": str(len(r.personas)) if r.segmented else "–"},
             {"label": t("personas.tile_bought"), "value": t.percent(r.audience.purchase_rate, 0)}]
    if r.location and r.distance_known:
        tiles.append({"label": t("personas.tile_local", radius=t.number(r.location.radius_km)),
                      "value": t.percent(r.within_radius, 0)})
    out += display.tiles(tiles)
    if not r.segmented:
        out += display.note(t("personas.small_note", n=t.number(r.respondents), min=t.number(r.min_respondents)))
        return out + display.cards([persona_card(r, t, r.audience, t("personas.whole_audience"))])
    names = persona_names(r, t)
    out += display.paragraph(t("personas.cards_intro"))
    return out + display.cards([persona_card(r, t, p, names[p.id]) for p in r.personas])


def traits(r: PersonaReport, t: Translator) -> display.Html:
    """The numbers behind the cards: each persona's most distinctive answers with shares and index."""
    out = display.heading(t("personas.h_traits"))
    if not r.segmented:
        return out + display.empty_state(t("personas.traits_small"))
    out += display.paragraph(t("personas.traits_intro"))
    names = persona_names(r, t)
    for p in r.personas:
        rows = r.traits[r.traits["group"] == p.id].head(TRAITS_PER_PERSONA)
        out += display.heading(names[p.id], 3)
        out += trait_table(t, rows, t("personas.col_share_persona")) if len(rows) else \
            display.empty_state(t("personas.traits_none"))
    return out + display.note(t("personas.index_note"))


def buyers(r: PersonaReport, t: Translator) -> display.Html:
    """What buyers have in common: answers that over-index among respondents who bought."""
    out = display.heading(t("personas.h_buyers"))
    if r.buyers.empty:
        return out + display.empty_state(t("personas.no_buyers"))
    rows = distinctive(r.buyers, TRAIT_FIELDS[:-1]).head(10)
    if rows.empty:
        return out + display.paragraph(t("personas.buyers_none"))
    return out + display.paragraph(t("personas.buyers_intro")) + trait_table(t, rows, t("personas.col_share_buyers"))


def fit(r: PersonaReport, t: Translator) -> display.Html:
    """Channel fit: the brand's effort and engagement against buyers and sales, flagged per channel."""
    out = display.heading(t("personas.h_fit"))
    brand = r.fit[r.fit["on_brand"]]
    if r.fit.empty or (brand["posts"].sum() == 0 and r.fit["users"].sum() == 0):
        return out + display.empty_state(t("personas.no_fit"))
    out += display.bullets(fit_sentences(r, t))
    metrics = {m: t(f"personas.metric_{m}") for m in
               ("post_share", "spend_share", "engagement_share", "buyer_share", "sales_share")
               if brand[m].notna().any()}
    if len(metrics) >= 2:
        bars = brand.assign(channel=brand["channel"].map(t.channel))
        out += display.figure(charts.channel_fit(bars, metrics, t("personas.chart_fit_title")),
                              alt=t("personas.chart_fit_alt"))
    effort = pd.DataFrame({t("personas.col_channel"): brand["channel"].map(t.channel)})
    for m in metrics:
        effort[t(f"personas.col_{m}")] = brand[m]
    out += display.table(with_flag(t, effort, brand), formats={c: _pct(t) for c in list(effort.columns)[1:]},
                         status_column=t("personas.col_flag"), caption=t("personas.fit_effort_caption"))
    audience = r.fit[r.fit["users"] > 0]
    if not audience.empty:
        table = pd.DataFrame({
            t("personas.col_channel"): audience["channel"].map(t.channel),
            t("personas.col_audience_share"): audience["audience_share"],
            t("personas.col_buyer_reach"): audience["buyer_reach"],
            t("personas.col_purchase_rate"): audience["purchase_rate"],
            t("personas.col_on_brand"): audience["on_brand"].map(
                lambda b: t("personas.word_yes") if b else t("personas.word_no"))})
        pct = {c: _pct(t) for c in list(table.columns)[1:4]}
        out += display.table(with_flag(t, table, audience), formats=pct, status_column=t("personas.col_flag"),
                             caption=t("personas.fit_audience_caption"))
    return out + display.note(t("personas.fit_note", material=t.percent(MATERIAL_SHARE, 0),
                                ratio=t.number(MISMATCH_RATIO, 1), under=t.number(UNDERUSED_RATIO, 0),
                                absent=t.percent(ABSENT_BUYER_REACH, 0)))


def activity(r: PersonaReport, t: Translator) -> display.Html:
    """Where each persona is active, and how much of the brand's posting and spend reaches it."""
    out = display.heading(t("personas.h_activity"))
    if r.usage.empty:
        return out + display.empty_state(t("personas.activity_small"))
    names = persona_names(r, t)
    usage = r.usage.rename(index=names, columns=t.channel)
    out += display.bullets(reach_sentences(r, t))
    out += display.figure(charts.persona_channels(usage, t("personas.chart_usage_title")),
                          alt=t("personas.chart_usage_alt"))
    table = pd.DataFrame({t("personas.col_persona"): r.reach["persona"].map(names),
                          t("personas.col_post_coverage"): r.reach["post_coverage"],
                          t("personas.col_spend_coverage"): r.reach["spend_coverage"]})
    cols = list(table.columns)
    return (out + display.table(table, formats={cols[1]: _pct(t), cols[2]: _pct(t)})
            + display.note(t("personas.coverage_note")))


def platforms(r: PersonaReport, t: Translator) -> display.Html:
    """Platform demographics per channel (age x gender, top places), compared with the survey's personas."""
    out = display.heading(t("personas.h_platforms"))
    if r.ages.empty and r.locations.empty:
        return out + display.empty_state(t("personas.no_demographics"))
    if not r.gaps.empty:
        out += display.bullets(platform_sentences(r, t))
        ages = r.ages.assign(channel=r.ages["channel"].map(t.channel))
        colors = {t.channel(c): theme.channel_color(c) for c in r.ages["channel"].unique()}
        labels = {k: t(f"personas.legend_{k}") for k in ("female", "male", "other", "survey")}
        out += display.figure(charts.platform_ages(ages, colors, labels, t("personas.chart_ages_title")),
                              alt=t("personas.chart_ages_alt"))
    if not r.locations.empty:
        places = (r.locations.assign(text=[f"{loc} {t.percent(s, 0)}" for loc, s in
                                           zip(r.locations["location"], r.locations["share"], strict=True)])
                  .groupby(["channel", "dimension"], sort=False)["text"].agg(", ".join).unstack("dimension"))
        table = pd.DataFrame({t("personas.col_channel"): [t.channel(c) for c in places.index]})
        for dim in ("city", "country"):
            if dim in places.columns:
                table[t(f"personas.col_{dim}")] = places[dim].fillna("–").to_list()
        out += display.table(table, caption=t("personas.locations_caption"))
    return out + display.note(t("personas.platform_note"))


def method(r: PersonaReport, t: Translator) -> display.Html:
    """How the personas were found: the questions used, the criterion for k, the stability check."""
    out = display.heading(t("personas.h_method"))
    if not r.segmented:
        return out + display.paragraph(t("personas.small_note", n=t.number(r.respondents),
                                         min=t.number(r.min_respondents)))
    seg = r.segmentation
    out += display.paragraphs([
        t("personas.method_features", n=t.number(r.respondents),
          fields=t.join(t(f"personas.field_{f}") for f in seg.fields)),
        t("personas.method_weights", variance=t.percent(KEPT_VARIANCE, 0), components=seg.components),
        t("personas.method_k", k=seg.k, share=t.percent(MIN_PERSONA_SHARE, 0)),
        t("personas.method_stability", resamples=seg.resamples, fraction=t.percent(RESAMPLE_FRACTION, 0),
          ari=t.number(seg.stability, 2), word=t(f"personas.stability_{stability_word(seg.stability)}")),
    ])
    out += display.figure(charts.k_selection(seg.scores, t("personas.chart_k_title"), t("personas.chart_k_x"),
                                             t("personas.chart_k_y")), alt=t("personas.chart_k_alt"))
    table = pd.DataFrame({t("personas.col_k"): seg.scores["k"],
                          t("personas.col_bic"): seg.scores["bic"],
                          t("personas.col_smallest"): seg.scores["smallest_share"],
                          t("personas.col_chosen"): seg.scores["chosen"].map(
                              lambda c: t("personas.chosen_yes") if c else "")})
    cols = list(table.columns)
    return (out + display.table(table, formats={cols[1]: lambda x: t.number(x), cols[2]: _pct(t)})
            + display.note(t("personas.method_seed", seed=seg.seed)))
