"""Competitor listening, views: what each notebook section shows, as escaped HTML (or why the data is missing).

Tables pass raw numbers with ``formats`` (the workbook beside the report keeps full precision);
a section whose data the period lacks keeps its heading and says why, in the words of
:mod:`~reporting.reports.competitor_listening.wording`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from reporting import display
from reporting.coverage import wording as coverage_wording
from reporting.reports.competitor_listening import charts
from reporting.reports.competitor_listening.result import Listening
from reporting.reports.competitor_listening.wording import (
    channels_text,
    client_accuracy_sentences,
    coverage_extra,
    driver_called,
    driver_label,
    executive_summary,
    method_notes,
    section_empty,
    sentiment_called_note,
    sentiment_origin_note,
    signed,
    sov_called_note,
    spike_rule_note,
    spike_sentences,
    subtitle,
    unavailable_note,
    when_label,
    where_text,
)
from reporting.text.spikes import is_crisis

if TYPE_CHECKING:
    from reporting.i18n import Translator


# ---------------------------------------------------------------------------------------------------------
# Tables as shown (localised headers, raw values with their formats)


def _table(t: Translator, *columns: tuple[str, object, object]) -> display.Html:
    """A table from (header, values, format or None) triples: raw values kept for the workbook."""
    frame = display.labelled(*((header, values) for header, values, _ in columns))
    return display.table(frame, formats={header: fmt for header, _, fmt in columns if fmt is not None})


def _points(values: pd.Series, t: Translator) -> list[str | None]:
    """Changes in percentage points as shown ('+5.2 pts'): text in the workbook too, whose numbers are plain."""
    return [t.points(x) if pd.notna(x) else None for x in values]


def _count(t: Translator) -> object:
    """A count or a median of counts: whole numbers plain, halves (a median's) with their decimal."""
    return lambda x: t.number(x, 0 if float(x).is_integer() else 1)


def sov_table(r: Listening, t: Translator) -> display.Html:
    s = r.sov
    return _table(
        t,
        (t("common.brand"), s["brand"], None),
        (t("listening.col_mentions"), s["mentions"], t.number),
        (t("listening.col_sov"), s["share"], t.percent),
        (t("listening.col_sov_change"), _points(s["share_change"], t), None),
        (t("listening.col_reach"), s["reach"], t.number),
        (t("listening.col_reach_sov"), s["reach_share"], t.percent),
        (t("listening.col_reach_sov_change"), _points(s["reach_share_change"], t), None),
    )


def sentiment_table(r: Listening, t: Translator) -> display.Html:
    s = r.sentiment
    return _table(
        t,
        (t("common.brand"), s["brand"], None),
        (t("listening.positive"), s["positive_share"], t.percent),
        (t("listening.neutral"), s["neutral_share"], t.percent),
        (t("listening.negative"), s["negative_share"], t.percent),
        (t("listening.col_net"), s["net"], lambda x: signed(x, t)),
        (t("listening.col_net_change"), s["net_change"], lambda x: signed(x, t)),
        (t("listening.col_polar"), s["polar"], t.number),
        (t("listening.col_unavailable"), s["unavailable"], t.number),
    )


def spikes_table(r: Listening, t: Translator) -> display.Html:
    """Every spike and drop of the period: when, whose, how large against usual, and its main driver (if named)."""
    s = r.spikes
    records = s.to_dict("records")
    named = [driver_called(x) for x in records]
    return _table(
        t,
        (t("listening.col_when"), [when_label(v, g, t) for v, g in zip(s["start"], s["granularity"], strict=True)],
         None),
        (t("common.brand"), s["brand"], None),
        (t("listening.col_direction"), [
            t(f"listening.direction_{d}") + (" · " + t("listening.crisis_yes") if is_crisis(c) else "")
            for d, c in zip(s["direction"], s["possible_crisis"], strict=True)], None),
        (t("listening.col_volume"), s["volume"], _count(t)),
        (t("listening.col_baseline"), s["baseline"], _count(t)),
        (t("listening.col_driver"), [driver_label(x["driver_kind"], x["driver"], t) if ok else None
                                     for x, ok in zip(records, named, strict=True)], None),
        (t("listening.col_driver_share"), [min(max(float(x["driver_share"]), 0.0), 1.0) if ok else None
                                           for x, ok in zip(records, named, strict=True)],
         lambda x: t.percent(x, 0)),
    )


def people_table(people: pd.DataFrame, t: Translator) -> display.Html:
    """Advocates or detractors: per brand, who spoke, how often, with what reach, where."""
    return _table(
        t,
        (t("common.brand"), people["brand"], None),
        (t("listening.col_author"), people["author"].map(lambda a: display.shorten(a, 40)), None),
        (t("listening.col_mentions"), people["mentions"], t.number),
        (t("listening.col_share_of_theirs"), people["share"], lambda x: t.percent(x, 0)),
        (t("listening.col_reach"), people["reach"], t.number),
        (t("listening.col_channels"), people["channels"].map(lambda c: channels_text(c, t)), None),
    )


def influencer_table(r: Listening, t: Translator) -> display.Html:
    p = r.influencers
    return _table(
        t,
        (t("listening.col_author"), p["author"].map(lambda a: display.shorten(a, 40)), None),
        (t("listening.col_why"), p["why"].map(lambda w: t(f"listening.why_{w}")), None),
        (t("listening.col_followers"), p["followers"], t.number),
        (t("listening.col_mentions"), p["mentions"], t.number),
        (t("listening.col_engagement_rate"), p["engagement_rate"], lambda x: t.percent(x, 1)),
        (t("listening.col_brands"), p["brands"], None),
        (t("listening.col_where"), [where_text(c, s, t) for c, s in zip(p["channels"], p["sources"], strict=True)],
         None),
    )


def sources_table(r: Listening, t: Translator) -> display.Html:
    s = r.sources
    return _table(
        t,
        (t("common.brand"), s["brand"], None),
        (t("listening.col_source"), s["source"], None),
        (t("listening.col_mentions"), s["mentions"], t.number),
        (t("listening.col_share"), s["share"], t.percent),
    )


def themes_table(r: Listening, t: Translator) -> display.Html:
    """One row per brand: its most used terms and hashtags, and what rose most (or why nothing is called)."""
    def listed(frame: pd.DataFrame, brand: str, kinds: tuple[str, ...], count: int) -> str:
        rows = frame[(frame["brand"] == brand) & frame["kind"].isin(kinds)].head(count)
        return ", ".join(f"{label} ({t.percent(share, 0)})" for label, share in zip(rows["label"], rows["share"],
                                                                                    strict=True))

    def rising(brand: str) -> str:
        if r.rising_status.get(brand) != "ok":
            return t("listening.rising_few", min=t.number(r.thresholds.theme_min_mentions))
        return listed(ordered, brand, ("term", "hashtag"), 5) or t("listening.rising_none")

    top, ordered = r.top_terms, r.rising_terms.sort_values("rise", ascending=False, kind="stable")
    brands = [b for b in r.brands if b in set(top["brand"])]
    return _table(
        t,
        (t("common.brand"), brands, None),
        (t("listening.col_top_terms"), [listed(top, b, ("term",), 6) for b in brands], None),
        (t("listening.col_top_hashtags"), [listed(top, b, ("hashtag",), 4) for b in brands], None),
        (t("listening.col_rising"), [rising(b) for b in brands], None),
    )


def owned_table(r: Listening, t: Translator) -> display.Html:
    o = r.owned
    return _table(
        t,
        (t("common.brand"), o["brand"], None),
        (t("common.channel"), o["channel"].map(t.channel), None),
        (t("listening.col_account"), o["account"], None),
        (t("listening.col_followers"), o["followers"], t.number),
        (t("listening.col_growth"), o["growth"], t.signed_percent),
        (t("listening.col_posts_per_week"), o["posts_per_week"], lambda x: t.number(x, 2)),
        (t("listening.col_engagement_rate"), o["engagement_rate"], lambda x: t.percent(x, 2)),
    )


def _section(r: Listening, t: Translator, key: str, **values: object) -> display.Html:
    """A section's heading (``listening.h_<key>``) and its lead paragraph (``listening.<key>_lead``)."""
    return display.heading(t(f"listening.h_{key}")) + display.paragraph(t(f"listening.{key}_lead", **values))


def _notes(*texts: str) -> display.Html:
    """Method notes and caveats under a table; empty texts are left out."""
    return display.Html("".join(display.note(x).markup for x in texts if x))


def _no_mentions(r: Listening, t: Translator, key: str, **values: object) -> display.Html | None:
    """The section's heading and why it is empty, when the period has no mention to analyse; None otherwise."""
    if r.mention_state == "ok":
        return None
    return _section(r, t, key, **values) + display.empty_state(section_empty(r, t))


# ---------------------------------------------------------------------------------------------------------
# Sections: one notebook cell each


def header(r: Listening, t: Translator) -> display.Html:
    """Title, client and period, then the data-coverage notice (empty when every source covers the period)."""
    notice = (coverage_wording.notice(r.coverage, t, coverage_extra(r, t)) if r.coverage is not None
              else display.Html(""))
    return display.header(t("common.report_competitor_listening"), subtitle(r, t)) + notice


def summary(r: Listening, t: Translator) -> display.Html:
    return display.summary(executive_summary(r, t), t("common.summary_title"))


def share_of_voice(r: Listening, t: Translator) -> display.Html:
    """Shares in the period (by mentions and by reach), then week by week."""
    if (empty := _no_mentions(r, t, "sov")) is not None:
        return empty
    if not r.competitors:
        return _section(r, t, "sov") + display.empty_state(t("listening.sov_no_competitors", brand=r.client))
    return (_section(r, t, "sov")
            + display.figure(charts.share_of_voice(r.sov, r.brands, t), alt=t("listening.alt_sov"))
            + sov_table(r, t) + _notes(sov_called_note(r, t))
            + display.paragraph(t("listening.sov_weekly_lead"))
            + display.figure(charts.share_of_voice_weekly(r.sov_weekly, r.brands, t),
                             alt=t("listening.alt_sov_weekly")))


def sentiment(r: Listening, t: Translator) -> display.Html:
    """Sentiment shares and net sentiment per brand, where it comes from and how far computed sentiment holds."""
    if (empty := _no_mentions(r, t, "sentiment")) is not None:
        return empty
    accuracy = client_accuracy_sentences(r, t)
    return (_section(r, t, "sentiment")
            + display.figure(charts.sentiment_shares(r.sentiment, t), alt=t("listening.alt_sentiment"))
            + sentiment_table(r, t) + _notes(sentiment_origin_note(r, t), sentiment_called_note(r, t))
            + display.figure(charts.net_sentiment_weekly(r.sentiment_weekly, r.brands, t), alt=t("listening.alt_net"))
            + (display.heading(t("listening.h_accuracy"), 3) + display.bullets(accuracy) if accuracy
               else display.Html(""))
            + _notes(unavailable_note(r, t)))


def spikes(r: Listening, t: Translator) -> display.Html:
    if (empty := _no_mentions(r, t, "spikes")) is not None:
        return empty
    found = (display.bullets(spike_sentences(r, t)) + spikes_table(r, t) if len(r.spikes)
             else display.empty_state(t("listening.no_spikes")))
    return (_section(r, t, "spikes")
            + display.figure(charts.daily_volume(r.daily, r.spikes, r.brands, t), alt=t("listening.alt_volume"))
            + found + display.note(spike_rule_note(r, t)))


def people(r: Listening, t: Translator) -> display.Html:
    """Advocates, then detractors."""
    if (empty := _no_mentions(r, t, "people")) is not None:
        return empty
    body = _section(r, t, "people")
    for authors, key in ((r.advocates, "advocates"), (r.detractors, "detractors")):
        body += display.heading(t(f"listening.h_{key}"), 3)
        body += people_table(authors, t) if len(authors) else display.empty_state(t(f"listening.no_{key}"))
    return body


def influencers(r: Listening, t: Translator) -> display.Html:
    if (empty := _no_mentions(r, t, "influencers")) is not None:
        return empty
    shown = influencer_table(r, t) if len(r.influencers) else display.empty_state(t("listening.no_influencers"))
    return _section(r, t, "influencers") + shown


def where(r: Listening, t: Translator) -> display.Html:
    if (empty := _no_mentions(r, t, "where")) is not None:
        return empty
    if not len(r.channels):
        return _section(r, t, "where") + display.empty_state(t("listening.no_channels"))
    return (_section(r, t, "where")
            + display.figure(charts.channel_mix(r.channels, r.brands, t), alt=t("listening.alt_channels"))
            + sources_table(r, t))


def when(r: Listening, t: Translator) -> display.Html:
    if (empty := _no_mentions(r, t, "when", timezone=r.timezone)) is not None:
        return empty
    return (_section(r, t, "when", timezone=r.timezone)
            + display.figure(charts.hour_weekday(r.heatmap, t), alt=t("listening.alt_heatmap")))


def themes(r: Listening, t: Translator) -> display.Html:
    if (empty := _no_mentions(r, t, "themes")) is not None:
        return empty
    shown = themes_table(r, t) if len(r.top_terms) else display.empty_state(t("listening.no_themes"))
    return (_section(r, t, "themes")
            + display.figure(charts.rising_terms(r.rising_terms, r.brands, t), alt=t("listening.alt_terms"))
            + shown + display.note(t("listening.themes_rule", min=t.number(r.thresholds.theme_min_mentions),
                                     authors=t.number(r.thresholds.theme_min_authors))))


def owned(r: Listening, t: Translator) -> display.Html:
    """The brands' own accounts side by side; says which export is missing when no competitor is in it."""
    body = _section(r, t, "owned")
    if not len(r.owned):
        key = "listening.no_owned_period" if r.has_owned_data else "listening.no_owned"
        return body + display.empty_state(t(key))
    if not (r.owned["brand"] != r.client).any():
        key = "listening.owned_client_only" if r.competitors else "listening.owned_no_competitors"
        body += display.empty_state(t(key, brand=r.client))
    return body + owned_table(r, t)


def method(r: Listening, t: Translator) -> display.Html:
    return display.heading(t("listening.h_method")) + display.bullets(method_notes(r, t))
