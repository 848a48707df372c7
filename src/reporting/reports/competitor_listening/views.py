"""Competitor listening, views: what each notebook section shows, as escaped HTML (or why the data is missing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from reporting import display
from reporting.reports.competitor_listening import charts
from reporting.reports.competitor_listening.compute import Listening
from reporting.reports.competitor_listening.wording import (channels_text, driver_label, executive_summary,
                                                            method_notes, points, signed, spike_rule_note,
                                                            spike_sentences, sentiment_origin_note, subtitle,
                                                            unavailable_note, when_label, where_text)
from reporting.text.spikes import is_crisis

if TYPE_CHECKING:
    from reporting.i18n import Translator


# ---------------------------------------------------------------------------------------------------------
# Tables as shown (localised headers, formatted values)


def sov_table(r: Listening, t: Translator) -> display.Html:
    s = r.sov
    return display.table(display.labelled(
        (t("common.brand"), s["brand"]),
        (t("listening.col_mentions"), s["mentions"].map(t.number)),
        (t("listening.col_sov"), s["share"].map(t.percent)),
        (t("listening.col_sov_change"), s["share_change"].map(lambda x: points(x, t))),
        (t("listening.col_reach"), s["reach"].map(t.compact)),
        (t("listening.col_reach_sov"), s["reach_share"].map(t.percent)),
        (t("listening.col_reach_sov_change"), s["reach_share_change"].map(lambda x: points(x, t))),
    ))


def sentiment_table(r: Listening, t: Translator) -> display.Html:
    s = r.sentiment
    return display.table(display.labelled(
        (t("common.brand"), s["brand"]),
        (t("listening.positive"), s["positive_share"].map(t.percent)),
        (t("listening.neutral"), s["neutral_share"].map(t.percent)),
        (t("listening.negative"), s["negative_share"].map(t.percent)),
        (t("listening.col_net"), s["net"].map(lambda x: signed(x, t))),
        (t("listening.col_net_change"), s["net_change"].map(lambda x: signed(x, t))),
        (t("listening.col_unavailable"), s["unavailable"].map(t.number)),
    ))


def spikes_table(r: Listening, t: Translator) -> display.Html:
    """Every spike and drop of the period: when, whose, how large against usual, and its main driver."""
    s = r.spikes
    return display.table(display.labelled(
        (t("listening.col_when"), [when_label(v, g, t) for v, g in zip(s["start"], s["granularity"], strict=True)]),
        (t("common.brand"), s["brand"]),
        (t("listening.col_direction"), [
            t(f"listening.direction_{d}") + (" · " + t("listening.crisis_yes") if is_crisis(c) else "")
            for d, c in zip(s["direction"], s["possible_crisis"], strict=True)]),
        (t("listening.col_volume"), s["volume"].map(t.number)),
        (t("listening.col_baseline"), s["baseline"].map(t.number)),
        (t("listening.col_driver"), [driver_label(k, v, t) if v is not None else "–"
                                     for k, v in zip(s["driver_kind"], s["driver"], strict=True)]),
        (t("listening.col_driver_share"), s["driver_share"].map(lambda x: t.percent(min(max(x, 0), 1), 0)
                                                                 if pd.notna(x) else "–")),
    ))


def people_table(people: pd.DataFrame, t: Translator) -> display.Html:
    """Advocates or detractors: per brand, who spoke, how often, with what reach, where."""
    return display.table(display.labelled(
        (t("common.brand"), people["brand"]),
        (t("listening.col_author"), people["author"].map(lambda a: display.shorten(a, 40))),
        (t("listening.col_mentions"), people["mentions"].map(t.number)),
        (t("listening.col_share_of_theirs"), people["share"].map(lambda x: t.percent(x, 0))),
        (t("listening.col_reach"), people["reach"].map(t.compact)),
        (t("listening.col_channels"), people["channels"].map(lambda c: channels_text(c, t))),
    ))


def influencer_table(r: Listening, t: Translator) -> display.Html:
    p = r.influencers
    return display.table(display.labelled(
        (t("listening.col_author"), p["author"].map(lambda a: display.shorten(a, 40))),
        (t("listening.col_why"), p["why"].map(lambda w: t(f"listening.why_{w}"))),
        (t("listening.col_followers"), p["followers"].map(t.compact)),
        (t("listening.col_mentions"), p["mentions"].map(t.number)),
        (t("listening.col_engagement_rate"), p["engagement_rate"].map(lambda x: t.percent(x, 1))),
        (t("listening.col_brands"), p["brands"]),
        (t("listening.col_where"), [where_text(c, s, t) for c, s in zip(p["channels"], p["sources"], strict=True)]),
    ))


def sources_table(r: Listening, t: Translator) -> display.Html:
    s = r.sources
    return display.table(display.labelled(
        (t("common.brand"), s["brand"]),
        (t("listening.col_source"), s["source"]),
        (t("listening.col_mentions"), s["mentions"].map(t.number)),
        (t("listening.col_share"), s["share"].map(t.percent)),
    ))


def themes_table(r: Listening, t: Translator) -> display.Html:
    """One row per brand: its most used terms and hashtags, and what rose most, as 'term (share)' lists."""
    def listed(frame: pd.DataFrame, brand: str, kinds: tuple[str, ...], count: int) -> str:
        rows = frame[(frame["brand"] == brand) & frame["kind"].isin(kinds)].head(count)
        return ", ".join(f"{label} ({t.percent(share, 0)})" for label, share in zip(rows["label"], rows["share"],
                                                                                    strict=True))

    top, rising = r.top_terms, r.rising_terms.sort_values("rise", ascending=False, kind="stable")
    brands = [b for b in r.brands if b in set(top["brand"])]
    return display.table(display.labelled(
        (t("common.brand"), brands),
        (t("listening.col_top_terms"), [listed(top, b, ("term",), 6) for b in brands]),
        (t("listening.col_top_hashtags"), [listed(top, b, ("hashtag",), 4) for b in brands]),
        (t("listening.col_rising"), [listed(rising, b, ("term", "hashtag"), 5) or "–" for b in brands]),
    ))


def owned_table(r: Listening, t: Translator) -> display.Html:
    o = r.owned
    return display.table(display.labelled(
        (t("common.brand"), o["brand"]),
        (t("common.channel"), o["channel"].map(t.channel)),
        (t("listening.col_account"), o["account"]),
        (t("listening.col_followers"), o["followers"].map(t.number)),
        (t("listening.col_growth"), o["growth"].map(t.signed_percent)),
        (t("listening.col_posts_per_week"), o["posts_per_week"].map(lambda x: t.number(x, 1))),
        (t("listening.col_engagement_rate"), o["engagement_rate"].map(lambda x: t.percent(x, 2))),
    ))


def _section(r: Listening, t: Translator, key: str, **values: object) -> display.Html:
    """A section's heading (``listening.h_<key>``) and its lead paragraph (``listening.<key>_lead``)."""
    return display.heading(t(f"listening.h_{key}")) + display.paragraph(t(f"listening.{key}_lead", **values))


# ---------------------------------------------------------------------------------------------------------
# Sections: one notebook cell each


def header(r: Listening, t: Translator) -> display.Html:
    return display.header(t("common.report_competitor_listening"), subtitle(r, t))


def summary(r: Listening, t: Translator) -> display.Html:
    return display.summary(executive_summary(r, t), t("common.summary_title"))


def share_of_voice(r: Listening, t: Translator) -> display.Html:
    """Shares in the period (by mentions and by reach), then week by week."""
    return (_section(r, t, "sov")
            + display.figure(charts.share_of_voice(r.sov, r.brands, t), alt=t("listening.alt_sov"))
            + sov_table(r, t)
            + display.paragraph(t("listening.sov_weekly_lead"))
            + display.figure(charts.share_of_voice_weekly(r.sov_weekly, r.brands, t),
                             alt=t("listening.alt_sov_weekly")))


def sentiment(r: Listening, t: Translator) -> display.Html:
    origin, unavailable = sentiment_origin_note(r, t), unavailable_note(r, t)
    return (_section(r, t, "sentiment")
            + display.figure(charts.sentiment_shares(r.sentiment, t), alt=t("listening.alt_sentiment"))
            + sentiment_table(r, t) + display.note(origin)
            + display.figure(charts.net_sentiment_weekly(r.sentiment_weekly, r.brands, t), alt=t("listening.alt_net"))
            + (display.note(unavailable) if unavailable else display.Html("")))


def spikes(r: Listening, t: Translator) -> display.Html:
    found = (display.bullets(spike_sentences(r, t)) + spikes_table(r, t) if len(r.spikes)
             else display.empty_state(t("listening.no_spikes")))
    return (_section(r, t, "spikes")
            + display.figure(charts.daily_volume(r.daily, r.spikes, r.brands, t), alt=t("listening.alt_volume"))
            + found + display.note(spike_rule_note(r, t)))


def people(r: Listening, t: Translator) -> display.Html:
    """Advocates, then detractors."""
    body = _section(r, t, "people")
    for authors, key in ((r.advocates, "advocates"), (r.detractors, "detractors")):
        body += display.heading(t(f"listening.h_{key}"), 3)
        body += people_table(authors, t) if len(authors) else display.empty_state(t(f"listening.no_{key}"))
    return body


def influencers(r: Listening, t: Translator) -> display.Html:
    shown = influencer_table(r, t) if len(r.influencers) else display.empty_state(t("listening.no_influencers"))
    return _section(r, t, "influencers") + shown


def where(r: Listening, t: Translator) -> display.Html:
    if not len(r.channels):
        return _section(r, t, "where") + display.empty_state(t("listening.no_channels"))
    return (_section(r, t, "where")
            + display.figure(charts.channel_mix(r.channels, r.brands, t), alt=t("listening.alt_channels"))
            + sources_table(r, t))


def when(r: Listening, t: Translator) -> display.Html:
    return (_section(r, t, "when", timezone=r.timezone)
            + display.figure(charts.hour_weekday(r.heatmap, t), alt=t("listening.alt_heatmap")))


def themes(r: Listening, t: Translator) -> display.Html:
    shown = themes_table(r, t) if len(r.top_terms) else display.empty_state(t("listening.no_themes"))
    return (_section(r, t, "themes")
            + display.figure(charts.rising_terms(r.rising_terms, r.brands, t), alt=t("listening.alt_terms"))
            + shown)


def owned(r: Listening, t: Translator) -> display.Html:
    shown = owned_table(r, t) if len(r.owned) else display.empty_state(t("listening.no_owned"))
    return _section(r, t, "owned") + shown


def method(r: Listening, t: Translator) -> display.Html:
    return display.heading(t("listening.h_method")) + display.bullets(method_notes(r, t))
