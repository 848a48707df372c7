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
from reporting.coverage import wording as coverage_wording
from reporting.reports.audience_personas import charts
from reporting.reports.audience_personas.compute import PersonaReport, Profile
from reporting.reports.audience_personas.segment import KEPT_VARIANCE, MIN_PERSONA_SHARE, RESAMPLE_FRACTION
from reporting.reports.audience_personas.wording import (SURVEY_FEATURES, basis_label, buying_known,
                                                         executive_summary, fit_sentences, persona_names,
                                                         platform_sentences, reach_sentences, stability_word,
                                                         takeaway, value_label)

if TYPE_CHECKING:
    from reporting.i18n import Translator

FLAG_STATUS = {"mismatch": "off_track", "no_audience": "at_risk", "underused": "at_risk", "ok": "on_track",
               "no_data": "no_data", "not_enough": "no_data"}
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
    rows = [(t("personas.row_demographics"), " · ".join(demo))] if demo else []
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
    if buying_known(r, p):
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
    """Report title and subtitle (client, period), then the data-coverage notice (empty when nothing is missing)."""
    return (display.header(t("common.report_audience_personas"),
                           f"{r.client_name} · {t.period(r.period.start, r.period.end)}")
            + coverage_wording.notice(r.coverage, t))


def summary(r: PersonaReport, t: Translator) -> display.Html:
    return display.summary(executive_summary(r, t), t("common.summary_title"))


def survey_howto(r: PersonaReport, t: Translator) -> display.Html:
    """What to add for personas: a survey or CRM export and its ``survey_columns`` mapping, with an example."""
    example = "survey_columns:\n" + "".join(f"  {f}: {t(f'personas.howto_q_{f}')}\n" for f in SURVEY_FEATURES)
    return (display.empty_state(t("personas.no_respondents", client=r.client_id or "<client>"))
            + display.paragraph(t("personas.howto_mapping", features=", ".join(SURVEY_FEATURES)))
            + display.Html(f"<pre><code>{display.esc(example)}</code></pre>"))


def personas(r: PersonaReport, t: Translator) -> display.Html:
    """Headline tiles and one card per persona (or one card for the whole audience on small samples)."""
    out = display.heading(t("personas.h_personas"))
    if r.audience is None:
        return out + survey_howto(r, t)
    tiles = [{"label": t("personas.tile_respondents"), "value": t.number(r.respondents)}]
    if r.segmented:
        tiles.append({"label": t("personas.tile_personas"), "value": str(len(r.personas))})
    if buying_known(r, r.audience):
        tiles.append({"label": t("personas.tile_bought"), "value": t.percent(r.audience.purchase_rate, 0)})
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
        return out + display.empty_state(t("personas.traits_small" if r.respondents else "personas.traits_no_survey"))
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
    ev = r.evidence
    if ev.respondents == 0:
        return out + display.empty_state(t("personas.buyers_no_survey"))
    if r.buyers.empty or ev.purchase_known == 0:
        return out + display.empty_state(t("personas.no_buyers"))
    bought = r.audience.buyers()
    if bought < ev.min_buyers:
        return out + display.empty_state(t("personas.buyers_few", n=t.number(bought), min=t.number(ev.min_buyers)))
    rows = distinctive(r.buyers, TRAIT_FIELDS[:-1]).head(10)
    if rows.empty:
        return out + display.paragraph(t("personas.buyers_none"))
    return out + display.paragraph(t("personas.buyers_intro")) + trait_table(t, rows, t("personas.col_share_buyers"))


def fit(r: PersonaReport, t: Translator) -> display.Html:
    """Channel fit: the brand's effort and engagement against buyers and sales, flagged per channel."""
    out = display.heading(t("personas.h_fit"))
    brand = r.fit[r.fit["on_brand"]]
    if r.fit.empty or (brand["posts"].sum() == 0 and brand["spend"].sum() == 0 and r.fit["users"].sum() == 0):
        return out + display.empty_state(t("personas.no_fit"))
    out += display.bullets(fit_sentences(r, t))
    shown = ["post_share", "spend_share", "engagement_share", "sales_share"]
    if r.evidence.buyers_ok:
        shown.insert(3, "buyer_share")
    metrics = {m: t(f"personas.metric_{m}") for m in shown if brand[m].notna().any() and brand[m].fillna(0).sum() > 0}
    if len(metrics) >= 2:
        bars = brand.assign(channel=brand["channel"].map(t.channel))
        out += display.figure(charts.channel_fit(bars, metrics, t("personas.chart_fit_title")),
                              alt=t("personas.chart_fit_alt"))
    if metrics:
        effort = display.labelled((t("personas.col_channel"), brand["channel"].map(t.channel)),
                                  *((t(f"personas.col_{m}"), brand[m]) for m in metrics))
        out += display.table(with_flag(t, effort, brand), formats={c: _pct(t) for c in list(effort.columns)[1:]},
                             status_column=t("personas.col_flag"), caption=t("personas.fit_effort_caption"))
    audience = r.fit[r.fit["users"] > 0]
    if not audience.empty:
        columns = [(t("personas.col_channel"), audience["channel"].map(t.channel)),
                   (t("personas.col_audience_share"), audience["audience_share"])]
        if r.evidence.buyers_ok:
            columns += [(t("personas.col_buyer_reach"), audience["buyer_reach"]),
                        (t("personas.col_purchase_rate"), audience["purchase_rate"])]
        columns.append((t("personas.col_on_brand"), audience["on_brand"].map(
            lambda b: t("personas.word_yes") if b else t("personas.word_no"))))
        table = display.labelled(*columns)
        pct = {c: _pct(t) for c in list(table.columns)[1:-1]}
        out += display.table(with_flag(t, table, audience), formats=pct, status_column=t("personas.col_flag"),
                             caption=t("personas.fit_audience_caption" if r.evidence.buyers_ok
                                       else "personas.fit_audience_caption_nobuyers"))
    if r.evidence.capped:
        out += display.note(t("personas.fit_capped", n=t.number(r.evidence.capped)))
    return out + display.note(t("personas.fit_note", material=t.percent(MATERIAL_SHARE, 0),
                                ratio=t.number(MISMATCH_RATIO, 1), under=t.number(UNDERUSED_RATIO, 0),
                                absent=t.percent(ABSENT_BUYER_REACH, 0), posts=t.number(r.evidence.min_posts),
                                buyers=t.number(r.evidence.min_buyers), answers=t.number(r.evidence.min_answers)))


def activity(r: PersonaReport, t: Translator) -> display.Html:
    """Where each persona is active, and how much of the brand's posting and spend reaches it."""
    out = display.heading(t("personas.h_activity"))
    if r.usage.empty:
        return out + display.empty_state(t("personas.activity_small" if r.respondents else
                                           "personas.activity_no_survey"))
    names = persona_names(r, t)
    usage = r.usage.rename(index=names, columns=t.channel)
    out += display.bullets(reach_sentences(r, t))
    out += display.figure(charts.persona_channels(usage, t("personas.chart_usage_title")),
                          alt=t("personas.chart_usage_alt"))
    columns = [(t("personas.col_persona"), r.reach["persona"].map(names))]
    if r.reach["post_coverage"].notna().any():
        columns.append((t("personas.col_post_coverage"), r.reach["post_coverage"]))
    if r.reach["spend_coverage"].notna().any():
        columns.append((t("personas.col_spend_coverage"), r.reach["spend_coverage"]))
    if len(columns) == 1:
        return out + display.note(t("personas.coverage_none"))
    table = display.labelled(*columns)
    return (out + display.table(table, formats={c: _pct(t) for c in list(table.columns)[1:]})
            + display.note(t("personas.coverage_note")))


def platforms(r: PersonaReport, t: Translator) -> display.Html:
    """Platform demographics per channel, each share labelled with its basis, beside the survey's users."""
    out = display.heading(t("personas.h_platforms"))
    if r.ages.empty and r.locations.empty and r.genders.empty and r.follower_totals.empty:
        return out + display.empty_state(t("personas.no_demographics"))
    out += display.bullets(platform_sentences(r, t))
    if not r.ages.empty:
        ages = r.ages.assign(panel=[t("personas.channel_basis", channel=t.channel(c), basis=basis_label(t, b))
                                    for c, b in zip(r.ages["channel"], r.ages["basis"], strict=True)])
        colors = dict(zip(ages["panel"], [theme.channel_color(c) for c in r.ages["channel"]], strict=True))
        labels = {k: t(f"personas.legend_{k}") for k in ("female", "male", "other", "unsplit", "survey")}
        out += display.figure(charts.platform_ages(ages, colors, labels, t("personas.chart_ages_title")),
                              alt=t("personas.chart_ages_alt"))
    if not r.genders.empty:
        table = display.labelled(
            (t("personas.col_channel"), r.genders["channel"].map(t.channel)),
            (t("personas.col_basis"), r.genders["basis"].map(lambda b: basis_label(t, b))),
            (t("personas.legend_female"), r.genders["female"]), (t("personas.legend_male"), r.genders["male"]),
            (t("personas.legend_other"), r.genders["other"]))
        out += display.table(table, formats={c: _pct(t) for c in list(table.columns)[2:]},
                             caption=t("personas.genders_caption"))
    if not r.locations.empty:
        loc = r.locations
        table = display.labelled(
            (t("personas.col_channel"), loc["channel"].map(t.channel)),
            (t("personas.col_basis"), loc["basis"].map(lambda b: basis_label(t, b))),
            (t("personas.col_place_kind"), loc["dimension"].map(lambda d: t(f"personas.place_{d}"))),
            (t("personas.col_place"), loc["location"]),
            (t("personas.col_place_share"), loc["share"]),
            (t("personas.col_place_count"), loc["count"].astype("Float64")))
        cols = list(table.columns)
        out += display.table(table, formats={cols[4]: _pct(t), cols[5]: lambda x: t.number(x)},
                             caption=t("personas.locations_caption"))
        if loc["listed"].any():
            out += display.note(t("personas.listed_note"))
    if not r.follower_totals.empty:
        table = display.labelled(
            (t("personas.col_channel"), r.follower_totals["channel"].map(t.channel)),
            (t("personas.col_followers"), r.follower_totals["count"].astype("Float64")))
        out += display.table(table, formats={list(table.columns)[1]: lambda x: t.number(x)},
                             caption=t("personas.totals_caption"))
    return out + display.note(t("personas.platform_note"))


def method(r: PersonaReport, t: Translator) -> display.Html:
    """How the personas were found: the questions used, the criterion for k, the stability check, the names."""
    out = display.heading(t("personas.h_method"))
    if not r.segmented:
        return out + display.paragraph(t("personas.small_note", n=t.number(r.respondents),
                                         min=t.number(r.min_respondents)) if r.respondents else
                                       t("personas.method_no_survey"))
    seg = r.segmentation
    out += display.paragraphs([
        t("personas.method_features", n=t.number(r.respondents),
          fields=t.join(t(f"personas.field_{f}") for f in seg.fields)),
        t("personas.method_weights", variance=t.percent(KEPT_VARIANCE, 0), components=seg.components),
        t("personas.method_k", k=seg.k, share=t.percent(MIN_PERSONA_SHARE, 0)),
        t("personas.method_stability", resamples=seg.resamples, fraction=t.percent(RESAMPLE_FRACTION, 0),
          ari=t.number(seg.stability, 2), word=t(f"personas.stability_{stability_word(seg.stability)}")),
        t("personas.method_names", effect=t.number(r.thresholds.persona_name_effect, 1)),
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
