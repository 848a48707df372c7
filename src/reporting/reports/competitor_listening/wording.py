"""Competitor listening, wording: sentences, labels and formatted values in the client's language.

Every sentence the report states is made here from the computed
:class:`~reporting.reports.competitor_listening.compute.Listening`, and here it is
decided what to say when the data cannot answer (no mention, no sentiment, no
earlier period). Returns plain strings; the views escape them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from reporting.display import shorten
from reporting.reports.competitor_listening.compute import (ENGAGEMENT_LIFT, MIN_REPEAT, SMALL_ACCOUNT, Listening,
                                                            headline_spikes, is_platform_site)
from reporting.text import topics
from reporting.text.spikes import is_crisis

if TYPE_CHECKING:
    from reporting.i18n import Translator


# ---------------------------------------------------------------------------------------------------------
# Values and labels


def points(x: float | None, t: Translator) -> str:
    """A change in shares as signed percentage points, or why there is none."""
    if x is None or pd.isna(x):
        return t("listening.no_previous")
    return t.points(x)


def signed(x: float | None, t: Translator) -> str:
    """A net sentiment (-1..+1) or its change, signed, two decimals."""
    if x is None or pd.isna(x):
        return "–"
    value = round(float(x), 2) + 0.0  # + 0.0 turns -0.0 into 0.0
    return ("+" if value > 0 else "") + t.number(value, 2)


def channels_text(text: object, t: Translator) -> str:
    """'x, forum' (as computed) -> 'X, forums' in the client's language."""
    if not isinstance(text, str):
        return ""
    return ", ".join(t.channel(c.strip()) for c in text.split(","))


def where_text(channels: object, source: object, t: Translator) -> str:
    """'X, forums, reddit.com': the author's main channels, then their main site unless it is a platform."""
    parts = [channels_text(channels, t)]
    if isinstance(source, str) and not is_platform_site(source):
        parts.append(source)
    return ", ".join(p for p in parts if p)


def language_name(code: object, t: Translator) -> str:
    """'English' / '영어' / 'Αγγλικά' for 'en'; the code itself when the locale has no name for it."""
    if not isinstance(code, str) or code == "und":
        return t("listening.language_unknown")
    return t.locale.languages.get(code, code)


def subtitle(r: Listening, t: Translator) -> str:
    """'<client> against <competitors> · <period>' under the report title."""
    return t("listening.subtitle", client=r.client, competitors=", ".join(r.competitors),
             period=t.period(r.period.start, r.period.end))


# ---------------------------------------------------------------------------------------------------------
# Spikes


def when_label(start: object, granularity: str, t: Translator) -> str:
    """'12 Nov 2026' for a day, '12 Nov 2026 14:00' for an hour (client's time zone)."""
    ts = pd.Timestamp(start)
    day = t.date(ts.date())
    return f"{day} {ts.hour:02d}:00" if granularity == "hour" else day


def driver_label(kind: str, value: object, t: Translator) -> str:
    """The driver as a reader names it: '@author', 'the post <url>', '#hashtag', 'the Instagram channel'."""
    shown = shorten(t.channel(value) if kind == "channel" else value, 60)
    return t(f"listening.driver_{kind}", value=shown.lstrip("@#"))


def describe(spike: dict[str, Any], t: Translator) -> str:
    """One plain sentence: when, which brand, how far from usual, what drove it, and whether it may be a crisis."""
    values = {"when": when_label(spike["start"], spike["granularity"], t), "brand": spike["brand"],
              "volume": t.number(spike["volume"]), "baseline": t.number(spike["baseline"])}
    text = t(f"listening.spike_{spike['direction']}_{spike['granularity']}", **values)
    if spike.get("driver") is not None and pd.notna(spike.get("driver_share")):
        share = min(max(float(spike["driver_share"]), 0.0), 1.0)
        text += " " + t(f"listening.spike_driver_{spike['direction']}",
                        driver=driver_label(spike["driver_kind"], spike["driver"], t), share=t.percent(share, 0))
    if is_crisis(spike.get("possible_crisis")):
        text += " " + t("listening.spike_crisis", share=t.percent(min(float(spike["negative_share"]), 1.0), 0))
    return text


def spike_sentence(spike: dict[str, Any], t: Translator) -> str:
    """The spike in plain words, then what its driver said (shortened to whole characters)."""
    text = describe(spike, t)
    if isinstance(spike.get("example"), str):
        text += " " + t("listening.spike_example", text=shorten(spike["example"], 100))
    return text


def spike_sentences(r: Listening, t: Translator) -> list[str]:
    """One sentence per spike and drop of the period, in the order of the spike table."""
    return [spike_sentence(s, t) for s in r.spikes.to_dict("records")]


# ---------------------------------------------------------------------------------------------------------
# Executive summary


def watch_sentence(watch: dict[str, Any], t: Translator) -> str:
    """The competitor to watch (see :func:`~reporting.reports.competitor_listening.compute.competitor_to_watch`)."""
    if watch["reason"] == "followers":
        return t("listening.exec_watch_followers", brand=watch["brand"], growth=t.signed_percent(watch["growth"]),
                 channel=t.channel(watch["channel"]))
    text = t("listening.exec_watch_sov", brand=watch["brand"], change=points(watch["change"], t),
             share=t.percent(watch["share"]))
    spike = watch.get("spike")
    if spike and spike.get("driver") is not None:
        text += " " + t("listening.exec_watch_spike", date=t.date(pd.Timestamp(spike["start"]).date()),
                        driver=driver_label(spike["driver_kind"], spike["driver"], t))
    return text


def executive_summary(r: Listening, t: Translator) -> list[str]:
    """The sentences a stakeholder reads first: share of voice, by reach, sentiment, spikes, the competitor to watch."""
    if not r.has_mentions:
        return [t("listening.exec_no_mentions")]
    out = []
    sov = r.sov.set_index("brand")
    me = sov.loc[r.client]
    leader = sov["share"].idxmax()
    change = points(me["share_change"], t)
    if leader == r.client:
        out.append(t("listening.exec_sov_leader", brand=r.client, share=t.percent(me["share"]), change=change))
    else:
        out.append(t("listening.exec_sov", brand=r.client, share=t.percent(me["share"]), change=change,
                     leader=leader, leader_share=t.percent(sov.loc[leader, "share"])))
    out.append(t("listening.exec_reach", brand=r.client, share=t.percent(me["reach_share"]),
                 change=points(me["reach_share_change"], t)))
    sent = r.sentiment.set_index("brand").loc[r.client]
    if pd.isna(sent["net"]):
        out.append(t("listening.exec_sentiment_unavailable", brand=r.client))
    else:
        out.append(t("listening.exec_sentiment", brand=r.client, net=signed(sent["net"], t),
                     change=signed(sent["net_change"], t), positive=t.percent(sent["positive_share"], 0),
                     negative=t.percent(sent["negative_share"], 0)))
    top = headline_spikes(r.spikes, r.rule.min_volume)
    if top.empty:
        out.append(t("listening.exec_no_spikes"))
    out += [describe(s, t) for s in top.to_dict("records")]
    out.append(watch_sentence(r.watch, t) if r.watch else t("listening.exec_watch_none", brand=r.client))
    return out


# ---------------------------------------------------------------------------------------------------------
# Notes


def sentiment_origin_note(r: Listening, t: Translator) -> str:
    """Where each brand's sentiment comes from: the listening tool, computed here, or both ('' when none has any)."""
    origins = r.sentiment.dropna(subset=["origin"])
    if origins.empty:
        return ""
    if origins["origin"].nunique() == 1:
        return t("listening.origin_all", origin=t(f"listening.origin_{origins['origin'].iloc[0]}"))
    parts = [f"{b}: {t(f'listening.origin_{o}')}" for b, o in zip(origins["brand"], origins["origin"], strict=True)]
    return t("listening.origin_each", origins="; ".join(parts))


def unavailable_note(r: Listening, t: Translator) -> str:
    """The languages whose mentions have no sentiment, with their counts ('' when every language is covered)."""
    langs = r.unsupported_languages
    if langs.empty:
        return ""
    items = ", ".join(f"{language_name(row.language, t)} ({t.number(row.mentions)})" for row in langs.itertuples())
    return t("listening.sentiment_unavailable", languages=items)


def spike_rule_note(r: Listening, t: Translator) -> str:
    """The spike rule in the client's words, under the spike section."""
    return t("listening.method_spikes", window=r.rule.window_days, threshold=t.number(r.rule.threshold, 1),
             min_volume=r.rule.min_volume)


def accuracy_note(accuracy: dict[str, tuple[float, float]], t: Translator) -> str:
    """The measured accuracy of computed sentiment, per language, as the sentiment module reports it."""
    if not accuracy:
        return t("listening.method_computed_unmeasured")
    parts = [t("listening.accuracy_item", language=language_name(lang, t), accuracy=t.percent(acc, 0),
               coverage=t.percent(coverage, 0)) for lang, (acc, coverage) in sorted(accuracy.items())]
    return t("listening.method_computed", figures="; ".join(parts))


def method_notes(r: Listening, t: Translator) -> list[str]:
    """How the numbers were made, in the client's language (with the accuracy of computed sentiment when used)."""
    notes = [
        t("listening.method_matching", mentions=t.number(r.matched.mentions),
          unmatched=t.number(r.matched.unmatched), multi=t.number(r.matched.multi_brand)),
        t("listening.method_sov"),
        t("listening.method_sentiment"),
        spike_rule_note(r, t),
        t("listening.method_drivers"),
        t("listening.method_headline", min_volume=r.rule.min_volume),
        t("listening.method_people", repeat=MIN_REPEAT, small=t.number(SMALL_ACCOUNT), lift=t.number(ENGAGEMENT_LIFT)),
        t("listening.method_themes", sample=t.number(topics.SAMPLE_PER_BRAND), chars=topics.MAX_CHARS),
        t("listening.method_owned"),
    ]
    if r.sentiment["origin"].isin(["computed", "mixed"]).any():
        notes.append(accuracy_note(r.sentiment_accuracy, t))
    return notes
