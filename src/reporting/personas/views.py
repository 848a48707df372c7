"""What each section of the personas notebook shows, and the summary.json payload: display only, no computing.

Each ``*_view`` returns one section (heading included) as escaped HTML, with an
empty state when its data is missing, so the notebook stays one call per section.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from reporting import display, theme
from reporting.charts import personas as charts
from reporting.i18n import Translator
from reporting.periods import Period
from reporting.analysis.fit import ABSENT_BUYER_REACH, MATERIAL_SHARE, MISMATCH_RATIO, UNDERUSED_RATIO
from reporting.personas.profiles import Profile, channel_label, value_label
from reporting.personas.report import (PersonaReport, fit_sentences, join_list, platform_sentences, reach_sentences,
                                       stability_word, takeaway)
from reporting.personas.segment import KEPT_VARIANCE, MIN_PERSONA_SHARE, RESAMPLE_FRACTION
from reporting.analysis.traits import PSYCHOGRAPHIC_FIELDS, TRAIT_FIELDS, distinctive

FLAG_STATUS = {"mismatch": "off_track", "no_audience": "at_risk", "underused": "at_risk", "ok": "on_track",
               "no_data": "no_data"}
CARD_FIELDS = {"income_band": 2, "interests": 3, "values": 2, "challenges": 2}  # field -> answers shown on a card
TRAITS_PER_PERSONA = 6


def header(r: PersonaReport, period: Period) -> display.Html:
    """Report title and subtitle (client, period)."""
    t = r.t
    return display.Html(f"<h1>{display.esc(t('common.report_audience_personas'))}</h1>"
                        f"<p class='rp-subtitle'>{display.esc(r.params.display_name)} · "
                        f"{display.esc(t.period(period.start, period.end))}</p>")


def summary_view(r: PersonaReport) -> display.Html:
    return display.summary(r.sentences, r.t("common.summary_title"))


def personas_view(r: PersonaReport) -> display.Html:
    """Headline tiles and one card per persona (or one card for the whole audience on small samples)."""
    t = r.t
    out = display.heading(t("personas.h_personas"))
    if r.audience is None:
        return out + display.empty_state(t("personas.no_respondents"))
    tiles = [{"label": t("personas.tile_respondents"), "value": t.number(r.respondents)},
             {"label": t("personas.tile_personas"), "value": str(len(r.personas)) if r.segmented else "–"},
             {"label": t("personas.tile_bought"), "value": t.percent(r.audience.purchase_rate, 0)}]
    if r.params.location and r.distance_known:
        tiles.append({"label": t("personas.tile_local", radius=t.number(r.params.location.radius_km)),
                      "value": t.percent(r.within_radius, 0)})
    out += display.tiles(tiles)
    if not r.segmented:
        out += display.note(t("personas.small_note", n=t.number(r.respondents), min=t.number(r.min_respondents)))
        return out + display.cards([_card(r.audience, r, t("personas.whole_audience"))])
    out += display.paragraph(t("personas.cards_intro"))
    return out + display.cards([_card(p, r, p.name) for p in r.personas])


def _card(p: Profile, r: PersonaReport, title: str) -> display.Html:
    """One persona as a strategist would brief it: who, where, what they care about, online, buying, take-away."""
    t, a = r.t, r.audience
    whole = p.id == 0
    demo = []
    if not pd.isna(p.age_median):
        demo.append(t("personas.card_age", age=t.number(p.age_median), q1=t.number(p.age_q1),
                      q3=t.number(p.age_q3)))
    if not pd.isna(p.women):
        demo.append(t("personas.card_women", share=t.percent(p.women, 0)))
    rows = [(t("personas.row_demographics"), " · ".join(demo) or "–")]
    where = [", ".join(f"{name} {t.percent(s, 0)}" for name, s in p.locations)]
    if r.params.location and not pd.isna(p.distance_median):
        where.append(t("personas.card_distance", km=t.number(p.distance_median, 1),
                       share=t.percent(p.within_radius, 0), radius=t.number(r.params.location.radius_km)))
    if any(where):
        rows.append((t("personas.row_location"), " · ".join(w for w in where if w)))
    for name, n in CARD_FIELDS.items():
        text = _traits_text(p.top(name, n=n), name, t, whole)
        if text:
            rows.append((t(f"personas.field_{name}"), text))
    channels = _traits_text(p.most_used("channels", n=3), "channels", t, whole)
    if channels:
        rows.append((t("personas.field_channels"), channels))
    online = []
    if not pd.isna(p.hours_median):
        online.append(t("personas.card_hours_all", hours=t.number(p.hours_median, 1)) if whole else
                      t("personas.card_hours", hours=t.number(p.hours_median, 1), overall=t.number(a.hours_median, 1)))
    dayparts = [value_label("active_hours", v, t) for v in p.most_used("active_hours", n=2)["value"]]
    if dayparts:
        online.append(join_list(dayparts, t))
    if online:
        rows.append((t("personas.row_online"), " · ".join(online)))
    content = _traits_text(p.top("content_preferences", n=2), "content_preferences", t, whole)
    if content:
        rows.append((t("personas.field_content_preferences"), content))
    if not pd.isna(p.purchase_rate):
        rows.append((t("personas.row_buying"), t("personas.card_buying_all", rate=t.percent(p.purchase_rate, 0))
                     if whole else t("personas.card_buying", rate=t.percent(p.purchase_rate, 0),
                                     overall=t.percent(a.purchase_rate, 0))))
    if not whole:
        rows.append((t("personas.row_takeaway"), takeaway(p, r)))
    subtitle = t("personas.card_size", n=t.number(p.size), share=t.percent(p.share, 0))
    return display.card(title, rows, subtitle=subtitle)


def _traits_text(rows: pd.DataFrame, field: str, t: Translator, whole: bool) -> str:
    """'design (67%, index 211), DIY (61%, index 215)'; the whole audience has no index to show."""
    items = []
    for row in rows.itertuples(index=False):
        value = value_label(field, row.value, t)
        items.append(t("personas.trait_all", value=value, share=t.percent(row.share, 0)) if whole else
                     t("personas.trait", value=value, share=t.percent(row.share, 0), index=t.number(row.index * 100)))
    return ", ".join(items)


def _trait_table(rows: pd.DataFrame, t: Translator, share_label: str) -> display.Html:
    """Question, answer, share in the group, share in the audience, index: the numbers behind a claim."""
    table = pd.DataFrame({
        t("personas.col_field"): rows["field"].map(lambda f: t(f"personas.field_{f}")).to_list(),
        t("personas.col_trait"): [value_label(f, v, t) for f, v in zip(rows["field"], rows["value"], strict=True)],
        share_label: rows["share"].to_list(),
        t("personas.col_share_all"): rows["overall"].to_list(),
        t("personas.col_index"): (rows["index"] * 100).to_list()})
    cols = list(table.columns)
    return display.table(table, formats={cols[2]: _pct(t), cols[3]: _pct(t), cols[4]: lambda x: t.number(x)})


def traits_view(r: PersonaReport) -> display.Html:
    """The numbers behind the cards: each persona's most distinctive answers with shares and index."""
    t = r.t
    out = display.heading(t("personas.h_traits"))
    if not r.segmented:
        return out + display.empty_state(t("personas.traits_small"))
    out += display.paragraph(t("personas.traits_intro"))
    for p in r.personas:
        rows = r.traits[r.traits["group"] == p.id].head(TRAITS_PER_PERSONA)
        out += display.heading(p.name, 3)
        out += _trait_table(rows, t, t("personas.col_share_persona")) if len(rows) else \
            display.empty_state(t("personas.traits_none"))
    return out + display.note(t("personas.index_note"))


def buyers_view(r: PersonaReport) -> display.Html:
    """What buyers have in common: answers that over-index among respondents who bought."""
    t = r.t
    out = display.heading(t("personas.h_buyers"))
    if r.buyers.empty:
        return out + display.empty_state(t("personas.no_buyers"))
    rows = distinctive(r.buyers, TRAIT_FIELDS[:-1]).head(10)
    if rows.empty:
        return out + display.paragraph(t("personas.buyers_none"))
    return out + display.paragraph(t("personas.buyers_intro")) + _trait_table(rows, t, t("personas.col_share_buyers"))


def fit_view(r: PersonaReport) -> display.Html:
    """Channel fit: the brand's effort and engagement against buyers and sales, flagged per channel."""
    t = r.t
    out = display.heading(t("personas.h_fit"))
    brand = r.fit[r.fit["on_brand"]]
    if r.fit.empty or (brand["posts"].sum() == 0 and r.fit["users"].sum() == 0):
        return out + display.empty_state(t("personas.no_fit"))
    out += display.bullets(fit_sentences(r))
    metrics = {m: t(f"personas.metric_{m}") for m in
               ("post_share", "spend_share", "engagement_share", "buyer_share", "sales_share")
               if brand[m].notna().any()}
    if len(metrics) >= 2:
        bars = brand.assign(channel=brand["channel"].map(lambda c: channel_label(c, t)))
        out += display.figure(charts.channel_fit(bars, metrics, t("personas.chart_fit_title")),
                              alt=t("personas.chart_fit_alt"))
    effort = pd.DataFrame({t("personas.col_channel"): brand["channel"].map(lambda c: channel_label(c, t))})
    for m in metrics:
        effort[t(f"personas.col_{m}")] = brand[m]
    out += display.table(_with_flag(effort, brand, t), formats={c: _pct(t) for c in list(effort.columns)[1:]},
                         status_column=t("personas.col_flag"), caption=t("personas.fit_effort_caption"))
    audience = r.fit[r.fit["users"] > 0]
    if not audience.empty:
        table = pd.DataFrame({
            t("personas.col_channel"): audience["channel"].map(lambda c: channel_label(c, t)),
            t("personas.col_audience_share"): audience["audience_share"],
            t("personas.col_buyer_reach"): audience["buyer_reach"],
            t("personas.col_purchase_rate"): audience["purchase_rate"],
            t("personas.col_on_brand"): audience["on_brand"].map(
                lambda b: t("personas.word_yes") if b else t("personas.word_no"))})
        pct = {c: _pct(t) for c in list(table.columns)[1:4]}
        out += display.table(_with_flag(table, audience, t), formats=pct, status_column=t("personas.col_flag"),
                             caption=t("personas.fit_audience_caption"))
    return out + display.note(t("personas.fit_note", material=t.percent(MATERIAL_SHARE, 0),
                                ratio=t.number(MISMATCH_RATIO, 1), under=t.number(UNDERUSED_RATIO, 0),
                                absent=t.percent(ABSENT_BUYER_REACH, 0)))


def _with_flag(table: pd.DataFrame, fit: pd.DataFrame, t: Translator) -> pd.DataFrame:
    """Add the fit flag as a badge column (status key + its label in the report language)."""
    col = t("personas.col_flag")
    return table.assign(**{col: fit["flag"].map(FLAG_STATUS).to_list(),
                           f"{col}_label": fit["flag"].map(lambda f: t(f"personas.flag_{f}")).to_list()})


def activity_view(r: PersonaReport) -> display.Html:
    """Where each persona is active, and how much of the brand's posting and spend reaches it."""
    t = r.t
    out = display.heading(t("personas.h_activity"))
    if r.usage.empty:
        return out + display.empty_state(t("personas.activity_small"))
    usage = r.usage.rename(columns=lambda c: channel_label(c, t))
    out += display.bullets(reach_sentences(r))
    out += display.figure(charts.persona_channels(usage, t("personas.chart_usage_title")),
                          alt=t("personas.chart_usage_alt"))
    table = pd.DataFrame({t("personas.col_persona"): r.reach["persona"],
                          t("personas.col_post_coverage"): r.reach["post_coverage"],
                          t("personas.col_spend_coverage"): r.reach["spend_coverage"]})
    cols = list(table.columns)
    return (out + display.table(table, formats={cols[1]: _pct(t), cols[2]: _pct(t)})
            + display.note(t("personas.coverage_note")))


def platforms_view(r: PersonaReport) -> display.Html:
    """Platform demographics per channel (age x gender, top places), compared with the survey's personas."""
    t = r.t
    out = display.heading(t("personas.h_platforms"))
    if r.ages.empty and r.locations.empty:
        return out + display.empty_state(t("personas.no_demographics"))
    if not r.gaps.empty:
        out += display.bullets(platform_sentences(r))
        ages = r.ages.assign(channel=r.ages["channel"].map(lambda c: channel_label(c, t)))
        colors = {channel_label(c, t): theme.channel_color(c) for c in r.ages["channel"].unique()}
        labels = {k: t(f"personas.legend_{k}") for k in ("female", "male", "other", "survey")}
        out += display.figure(charts.platform_ages(ages, colors, labels, t("personas.chart_ages_title")),
                              alt=t("personas.chart_ages_alt"))
    if not r.locations.empty:
        places = (r.locations.assign(text=[f"{loc} {t.percent(s, 0)}" for loc, s in
                                           zip(r.locations["location"], r.locations["share"], strict=True)])
                  .groupby(["channel", "dimension"], sort=False)["text"].agg(", ".join).unstack("dimension"))
        table = pd.DataFrame({t("personas.col_channel"): [channel_label(c, t) for c in places.index]})
        for dim in ("city", "country"):
            if dim in places.columns:
                table[t(f"personas.col_{dim}")] = places[dim].fillna("–").to_list()
        out += display.table(table, caption=t("personas.locations_caption"))
    return out + display.note(t("personas.platform_note"))


def method_view(r: PersonaReport) -> display.Html:
    """How the personas were found: the questions used, the criterion for k, the stability check."""
    t = r.t
    out = display.heading(t("personas.h_method"))
    if not r.segmented:
        return out + display.paragraph(t("personas.small_note", n=t.number(r.respondents),
                                         min=t.number(r.min_respondents)))
    seg = r.segmentation
    fields = join_list([t(f"personas.field_{f}") for f in seg.fields], t)
    out += display.paragraphs([
        t("personas.method_features", n=t.number(r.respondents), fields=fields),
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


def _pct(t: Translator) -> Callable[[object], str]:
    return lambda x: t.percent(x, 0)


def summary_payload(r: PersonaReport) -> dict[str, object]:
    """The report's payload for ``audience_personas.summary.json`` (schema: docs/summary/audience_personas.md)."""
    seg = r.segmentation
    fit_cols = ["channel", "on_brand", "post_share", "spend_share", "engagement_share", "audience_share",
                "buyer_reach", "buyer_share", "purchase_rate", "sales_share", "fit", "sales_fit", "flag"]
    return {
        "executive_summary": r.sentences,
        "respondents": r.respondents,
        "min_respondents": r.min_respondents,
        "segmented": r.segmented,
        "purchase_rate": r.audience.purchase_rate if r.audience else None,
        "method": None if seg is None else {
            "algorithm": "gaussian_mixture", "criterion": "bic", "k": seg.k, "seed": seg.seed,
            "fields": seg.fields, "components": seg.components,
            "scores": seg.scores[["k", "bic", "smallest_share"]].to_dict(orient="records"),
            "stability_ari": seg.stability, "resamples": seg.resamples, "resample_fraction": RESAMPLE_FRACTION},
        "personas": [{
            "id": p.id, "name": p.name, "size": p.size, "share": p.share, "median_age": p.age_median,
            "women": p.women, "purchase_rate": p.purchase_rate, "within_radius": p.within_radius,
            "top_traits": distinctive(p.traits, PSYCHOGRAPHIC_FIELDS).head(6)[
                ["field", "value", "share", "overall", "index"]].to_dict(orient="records"),
            "channels": p.most_used("channels", n=5)[["value", "share", "index"]]
            .rename(columns={"value": "channel"}).to_dict(orient="records"),
        } for p in r.personas],
        "channel_fit": r.fit[fit_cols].to_dict(orient="records"),
        "flags": r.fit.loc[~r.fit["flag"].isin(["ok", "no_data"]), ["channel", "flag"]].to_dict(orient="records"),
        "local": None if r.params.location is None else {
            "place": r.params.location.name, "radius_km": r.params.location.radius_km,
            "within_share": r.within_radius, "respondents_with_distance": r.distance_known},
        "platform_age_gap": r.gaps[["channel", "gap"]].to_dict(orient="records"),
        "assignments": {} if seg is None else {str(k): int(v) for k, v in seg.labels.items()},
    }
