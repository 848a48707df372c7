"""Competitor listening, wording: sentences, labels and formatted values in the client's language.

Every sentence the report states is made here from the computed
:class:`~reporting.reports.competitor_listening.result.Listening`, and here it is
decided what to say when the data cannot answer (no mention, no sentiment, no
earlier period, too few mentions to call). Returns plain strings; the views escape them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from reporting.coverage import Window
from reporting.coverage import wording as coverage_wording
from reporting.display import shorten
from reporting.reports.competitor_listening.calls import watch_evidence
from reporting.reports.competitor_listening.compute import (
    ENGAGEMENT_LIFT,
    MIN_REPEAT,
    SMALL_ACCOUNT,
    headline_spikes,
    is_platform_site,
)
from reporting.reports.competitor_listening.result import Listening
from reporting.text import label_wording, topics
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
    """'<client> against <competitors> · <period>' under the report title ('<client> · <period>' without any)."""
    period = t.period(r.period.start, r.period.end)
    if not r.competitors:
        return t("listening.subtitle_alone", client=r.client, period=period)
    return t("listening.subtitle", client=r.client, competitors=", ".join(r.competitors), period=period)


# ---------------------------------------------------------------------------------------------------------
# No mentions to analyse


def no_mentions_sentences(r: Listening, t: Translator) -> list[str]:
    """Why the period has no mention to analyse and, without any export, what the report needs and where."""
    if r.mention_state == "no_export":
        return [t("listening.exec_no_listening", brand=r.client),
                t("listening.exec_listening_needed", folder=r.data_folder)]
    if r.mention_state == "unmatched":
        return [t("listening.exec_no_brand_mentions", n=t.number(r.mentions_in_period), brand=r.client)]
    if r.mention_span is None:  # not reached: outside_period needs mentions somewhere
        return [t("listening.exec_no_listening", brand=r.client)]
    first, last = r.mention_span
    return [t("listening.exec_no_mentions_period", first=t.date(first), last=t.date(last))]


def section_empty(r: Listening, t: Translator) -> str:
    """What a mention-based section says when the period has no mention to analyse."""
    return t(f"listening.empty_{r.mention_state}")


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


def driver_called(spike: dict[str, Any]) -> bool:
    """Whether the spike's driver is named (it accounts for enough extra mentions, see ``called_spikes``)."""
    called = spike.get("driver_called")
    if called is None:  # a spike row built by hand, without the grounding step
        return spike.get("driver") is not None and pd.notna(spike.get("driver_share"))
    return bool(called) and spike.get("driver") is not None and pd.notna(spike.get("driver_share"))


def describe(spike: dict[str, Any], t: Translator, min_driver: int | None = None) -> str:
    """One plain sentence: when, which brand, how far from usual, what drove it, and whether it may be a crisis.

    ``min_driver``: the minimum of extra mentions a driver needs; when given and the driver
    is not named, the sentence says why.
    """
    values = {"when": when_label(spike["start"], spike["granularity"], t), "brand": spike["brand"],
              "volume": t.number(spike["volume"]), "baseline": t.number(spike["baseline"])}
    text = t(f"listening.spike_{spike['direction']}_{spike['granularity']}", **values)
    if driver_called(spike):
        share = min(max(float(spike["driver_share"]), 0.0), 1.0)
        text += " " + t(f"listening.spike_driver_{spike['direction']}",
                        driver=driver_label(spike["driver_kind"], spike["driver"], t), share=t.percent(share, 0))
    elif min_driver is not None:
        text += " " + t("listening.spike_driver_few", min=t.number(min_driver))
    if is_crisis(spike.get("possible_crisis")):
        text += " " + t("listening.spike_crisis", share=t.percent(min(float(spike["negative_share"]), 1.0), 0))
    return text


def spike_sentence(spike: dict[str, Any], t: Translator, min_driver: int | None = None) -> str:
    """The spike in plain words, then what its driver said (shortened to whole characters)."""
    text = describe(spike, t, min_driver)
    if driver_called(spike) and isinstance(spike.get("example"), str):
        text += " " + t("listening.spike_example", text=shorten(spike["example"], 100))
    return text


def spike_sentences(r: Listening, t: Translator) -> list[str]:
    """One sentence per spike and drop of the period, in the order of the spike table."""
    return [spike_sentence(s, t, r.thresholds.spike_driver_min_mentions) for s in r.spikes.to_dict("records")]


# ---------------------------------------------------------------------------------------------------------
# Executive summary


def watch_sentence(watch: dict[str, Any], t: Translator, client: str = "") -> str:
    """The competitor to watch (see :func:`~reporting.reports.competitor_listening.compute.competitor_to_watch`)."""
    if watch["reason"] == "followers":
        if "client_growth" in watch and client:
            return t("listening.exec_watch_followers_than", brand=watch["brand"], client=client,
                     growth=t.signed_percent(watch["growth"]), channel=t.channel(watch["channel"]),
                     client_growth=t.signed_percent(watch["client_growth"]))
        return t("listening.exec_watch_followers", brand=watch["brand"], growth=t.signed_percent(watch["growth"]),
                 channel=t.channel(watch["channel"]))
    spike = watch.get("spike")
    if watch["reason"] == "spike_only":
        return t("listening.exec_watch_spike_only", brand=watch["brand"], change=points(watch["change"], t),
                 date=t.date(pd.Timestamp(spike["start"]).date()))
    text = t("listening.exec_watch_sov", brand=watch["brand"], change=points(watch["change"], t),
             share=t.percent(watch["share"]))
    if spike and driver_called(spike):
        text += " " + t("listening.exec_watch_spike", date=t.date(pd.Timestamp(spike["start"]).date()),
                        driver=driver_label(spike["driver_kind"], spike["driver"], t))
    return text


def no_watch_sentence(r: Listening, t: Translator) -> str:
    """No competitor to watch: said on the evidence compared, or why nothing could be compared."""
    return t(f"listening.exec_watch_none_{watch_evidence(r)}", brand=r.client, min=t.number(r.thresholds.sov_min_mentions))


def change_reason(now: int, before: int, minimum: int, t: Translator, key: str) -> str:
    """Why a change against the previous period is not stated (``key``: ``sov`` or ``net``); '' when it is."""
    if now < minimum or before >= minimum:
        return ""
    if before == 0:
        return t(f"listening.{key}_change_none")
    return t(f"listening.{key}_change_too_few", n=t.number(before), min=t.number(minimum))


def share_sentences(r: Listening, t: Translator) -> list[str]:
    """Share of voice and share by reach, with the change when both periods have enough mentions."""
    minimum = r.thresholds.sov_min_mentions
    now, before = r.sov_totals
    sov = r.sov.set_index("brand")
    me = sov.loc[r.client]
    if now < minimum:
        return [t("listening.exec_sov_few", brand=r.client, share=t.percent(me["share"]), n=t.number(now),
                  min=t.number(minimum))]
    leader = sov["share"].idxmax()
    changed = pd.notna(me["share_change"])
    values = {"brand": r.client, "share": t.percent(me["share"])}
    if changed:
        values["change"] = points(me["share_change"], t)
    suffix = "" if changed else "_plain"
    if leader == r.client:
        out = [t(f"listening.exec_sov_leader{suffix}", **values)]
    else:
        out = [t(f"listening.exec_sov{suffix}", leader=leader, leader_share=t.percent(sov.loc[leader, "share"]),
                 **values)]
    if pd.notna(me["reach_share"]):
        out.append(t("listening.exec_reach", brand=r.client, share=t.percent(me["reach_share"]),
                     change=points(me["reach_share_change"], t)) if pd.notna(me["reach_share_change"])
                   else t("listening.exec_reach_plain", brand=r.client, share=t.percent(me["reach_share"])))
    reason = change_reason(now, before, minimum, t, "sov")
    if reason:
        out[0] += " " + reason
    return out


def volume_sentence(r: Listening, t: Translator) -> str:
    """Without competitors there is no share of voice: the client's mentions now and in the days compared before."""
    now, before = r.sov_totals
    if before:
        return t("listening.exec_volume", brand=r.client, n=t.number(now), before=t.number(before))
    return t("listening.exec_volume_alone", brand=r.client, n=t.number(now))


def sentiment_sentence(r: Listening, t: Translator) -> str:
    """The client's net sentiment, called only on enough positive and negative mentions."""
    minimum = r.thresholds.sentiment_min_mentions
    sent = r.sentiment.set_index("brand").loc[r.client]
    polar, before = int(sent["polar"]), int(sent["polar_previous"])
    if not polar and not int(sent["known"]):
        return t("listening.exec_sentiment_unavailable", brand=r.client)
    if pd.isna(sent["net"]):
        return t("listening.exec_sentiment_few", brand=r.client, n=t.number(polar), min=t.number(minimum))
    values = {"brand": r.client, "net": signed(sent["net"], t), "positive": t.percent(sent["positive_share"], 0),
              "negative": t.percent(sent["negative_share"], 0)}
    if pd.notna(sent["net_change"]):
        return t("listening.exec_sentiment", change=signed(sent["net_change"], t), **values)
    text = t("listening.exec_sentiment_plain", **values)
    reason = change_reason(polar, before, minimum, t, "net")
    return f"{text} {reason}" if reason else text


def executive_summary(r: Listening, t: Translator) -> list[str]:
    """The sentences a stakeholder reads first: share of voice, by reach, sentiment, spikes, the competitor to watch."""
    if r.mention_state != "ok":
        out = no_mentions_sentences(r, t)
        if r.watch.get("reason") == "followers":
            out.append(watch_sentence(r.watch, t, r.client))
        elif (r.owned["brand"] != r.client).any() if len(r.owned) else False:
            out.append(t("listening.exec_owned_only"))
        elif not r.competitors:
            out.append(no_watch_sentence(r, t))
        return out
    out = share_sentences(r, t) if r.competitors else [volume_sentence(r, t)]
    out.append(sentiment_sentence(r, t))
    top = headline_spikes(r.spikes, r.rule.min_volume)
    if top.empty:
        out.append(t("listening.exec_no_spikes"))
    out += [describe(s, t, r.thresholds.spike_driver_min_mentions) for s in top.to_dict("records")]
    out.append(watch_sentence(r.watch, t, r.client) if r.watch else no_watch_sentence(r, t))
    return out


# ---------------------------------------------------------------------------------------------------------
# Coverage


def coverage_extra(r: Listening, t: Translator) -> list[str]:
    """Sentences for the coverage notice beyond the sources' gaps: the days compared and an incomplete past."""
    out = []
    period = Window(r.period.start, r.period.end)
    if r.mention_state == "ok" and r.comparison is None:
        out.append(t("listening.compare_none"))
    elif r.mention_state == "ok" and r.comparison is not None and r.comparison.cut:
        out.append(coverage_wording.comparison_sentence(r.comparison.current, period, t))
    before = r.previous_coverage
    if r.mention_state == "ok" and before is not None and before.gaps:
        names = (t("coverage.src_mentions_all") if len(before.gaps) > 1 and all(s.table == "mentions" for s in before.gaps)
                 else ", ".join(dict.fromkeys(coverage_wording.source_name(t, s) for s in before.gaps)))
        out.append(t("listening.previous_incomplete", days=t.period(before.start, before.end), sources=names))
    return [s for s in out if s]


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


def sentiment_called_note(r: Listening, t: Translator) -> str:
    """The brands whose net sentiment is withheld for too few positive and negative mentions ('' when none)."""
    withheld = r.sentiment[r.sentiment["net"].isna() & (r.sentiment["polar"] > 0)]
    if withheld.empty:
        return ""
    items = ", ".join(f"{b} ({t.number(n)})" for b, n in zip(withheld["brand"], withheld["polar"], strict=True))
    return t("listening.sentiment_few", brands=items, min=t.number(r.thresholds.sentiment_min_mentions))


def sov_called_note(r: Listening, t: Translator) -> str:
    """Why no leader or change in share of voice is called ('' when both are)."""
    minimum = r.thresholds.sov_min_mentions
    now, before = r.sov_totals
    if now < minimum:
        return t("listening.sov_few", n=t.number(now), min=t.number(minimum))
    return change_reason(now, before, minimum, t, "sov")


def unavailable_note(r: Listening, t: Translator) -> str:
    """The languages whose mentions have no sentiment, with their counts ('' when every language is covered)."""
    langs = r.unsupported_languages
    if langs.empty:
        return ""
    items = ", ".join(f"{language_name(row.language, t)} ({t.number(row.mentions)})" for row in langs.itertuples())
    return t("listening.sentiment_unavailable", languages=items)


def client_accuracy_sentences(r: Listening, t: Translator) -> list[str]:
    """Computed sentiment measured on the client's own labelled mentions, per language the period needed it for.

    Includes the caveat on the shipped Korean model (a proxy) next to the Korean figure, and
    says how many more labels a language needs. Empty when no mention needed computed sentiment.
    """
    cs = r.client_sentiment
    if cs is None or not r.computed_languages:
        return []
    out = label_wording.sentences(cs, t, r.computed_languages)
    unmeasured = [code for code in r.computed_languages if code in cs.supported and code not in cs.verdicts]
    if unmeasured:
        out.append(t("listening.accuracy_unlabelled", languages=", ".join(language_name(c, t) for c in unmeasured),
                     folder=r.data_folder))
    return out


def spike_rule_note(r: Listening, t: Translator) -> str:
    """The spike rule in the client's words, under the spike section."""
    return t("listening.method_spikes", window=r.rule.window_days, threshold=t.number(r.rule.threshold, 1),
             min_volume=r.rule.min_volume)


def accuracy_note(r: Listening, t: Translator) -> str:
    """The shipped methods' accuracy on public labelled texts, for the languages not measured on the client's own.

    '' when every language the period scored is measured on the client's labels (the
    sentiment section states those figures).
    """
    from reporting.text import sentiment

    cs = r.client_sentiment
    shipped = [code for code in r.computed_languages if cs is not None and code in cs.supported
               and cs.methods.get(code) is sentiment.METHODS.get(code)
               and (code not in cs.verdicts or cs.verdicts[code].shipped is None) and code in sentiment.ACCURACY]
    if not shipped:
        return ""
    parts = [t("listening.accuracy_item", language=language_name(code, t),
               accuracy=t.percent(sentiment.ACCURACY[code].binary_accuracy, 0),
               coverage=t.percent(sentiment.ACCURACY[code].coverage, 0)) for code in shipped]
    return t("listening.method_computed", figures="; ".join(parts))


def method_notes(r: Listening, t: Translator) -> list[str]:
    """How the numbers were made, in the client's language (with the accuracy of computed sentiment when used)."""
    th = r.thresholds
    if r.mention_state == "no_export":  # nothing was read: only what the owned channels and coverage rest on
        return [t("listening.method_owned"), coverage_wording.method_note(t)]
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
        t("listening.method_minimums", sov=t.number(th.sov_min_mentions), sentiment=t.number(th.sentiment_min_mentions),
          driver=t.number(th.spike_driver_min_mentions), themes=t.number(th.theme_min_mentions),
          authors=t.number(th.theme_min_authors)),
        coverage_wording.method_note(t),
    ]
    accuracy = accuracy_note(r, t)
    if accuracy:
        notes.append(accuracy)
    cs = r.client_sentiment
    if cs is not None and cs.labels.problems:
        notes.append(t("listening.labels_problems", n=t.number(len(cs.labels.problems))))
    return notes
