"""Competitor listening, summary: the report's part of ``competitor_listening.summary.json``.

Schema: docs/summary/competitor_listening.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from reporting.reports.competitor_listening.result import Listening
from reporting.reports.competitor_listening.wording import (
    driver_called,
    executive_summary,
)

if TYPE_CHECKING:
    from reporting.i18n import Translator
    from reporting.text.labels import ClientSentiment, Measured


def _measured(m: Measured | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {"n": m.n, "right": m.right, "accuracy": m.accuracy, "low": m.low, "high": m.high,
            "balanced_accuracy": m.balanced_accuracy, "coverage": m.coverage, "macro_f1": m.macro_f1,
            "passes": m.passes, "cross_validated": m.cross_validated}


def computed_sentiment(cs: ClientSentiment | None, languages: tuple[str, ...]) -> dict[str, Any]:
    """Per language that needed computed sentiment: the method used and how it measured on the client's labels."""
    if cs is None:
        return {}
    out = {}
    for code in languages:
        v = cs.verdicts.get(code)
        use = v.use if v is not None else ("shipped" if code in cs.supported else None)
        out[code] = {"use": use, "labelled": v.labelled if v is not None else 0,
                     "shipped": _measured(v.shipped) if v is not None else None,
                     "client_model": _measured(v.client) if v is not None else None,
                     "more_labels": v.more_labels if v is not None else None,
                     "more_for": v.more_for if v is not None else None}
    return out


def payload(r: Listening, t: Translator) -> dict[str, Any]:
    """The headline numbers and the executive summary (in the client's language)."""
    sov = {row["brand"]: {"mentions": int(row["mentions"]), "mentions_previous": int(row["mentions_previous"]),
                          "share": row["share"], "share_previous": row["share_previous"],
                          "share_change": row["share_change"], "reach": int(row["reach"]),
                          "reach_share": row["reach_share"], "reach_share_change": row["reach_share_change"]}
           for row in r.sov.to_dict("records")}
    sent = {row["brand"]: {"net": row["net"], "net_previous": row["net_previous"], "net_change": row["net_change"],
                           "positive": int(row["positive"]), "neutral": int(row["neutral"]),
                           "negative": int(row["negative"]), "unavailable": int(row["unavailable"]),
                           "polar": int(row["polar"]), "polar_previous": int(row["polar_previous"]),
                           "origin": row["origin"]}
            for row in r.sentiment.to_dict("records")}
    spikes = [{"brand": s["brand"], "granularity": s["granularity"],
               "date": pd.Timestamp(s["start"]).date().isoformat(),
               "start": pd.Timestamp(s["start"]).isoformat(), "direction": s["direction"],
               "volume": int(s["volume"]), "baseline": s["baseline"], "excess": s["excess"], "z": s["z"],
               "driver": {"kind": s["driver_kind"], "value": s["driver"]} if driver_called(s) else None,
               "driver_share": s["driver_share"] if driver_called(s) else None,
               "driver_extra": s["driver_extra"], "negative_share": s["negative_share"],
               "possible_crisis": s["possible_crisis"]}
              for s in r.spikes.to_dict("records")]
    watch = {k: v for k, v in r.watch.items() if k != "spike"}
    now, before = r.compared
    th = r.thresholds
    return {
        "brands": r.brands,
        "mention_state": r.mention_state,
        "mentions": {"read": r.matched.mentions, "unmatched": r.matched.unmatched,
                     "multi_brand": r.matched.multi_brand, "in_period": r.mentions_in_period},
        "compared": {"current": {"start": now.start.isoformat(), "end": now.end.isoformat()},
                     "previous": {"start": before.start.isoformat(), "end": before.end.isoformat()},
                     "cut": bool(r.comparison is not None and r.comparison.cut)},
        "share_of_voice": sov,
        "net_sentiment": sent,
        "spike_rule": {"window_days": r.rule.window_days, "threshold": r.rule.threshold,
                       "min_volume": r.rule.min_volume},
        "minimums": {"sov_min_mentions": th.sov_min_mentions, "sentiment_min_mentions": th.sentiment_min_mentions,
                     "spike_driver_min_mentions": th.spike_driver_min_mentions,
                     "theme_min_mentions": th.theme_min_mentions, "theme_min_authors": th.theme_min_authors},
        "spikes": spikes,
        "competitor_to_watch": watch if watch and watch.get("reason") != "spike_only" else None,
        "share_gain_from_spikes_only": watch if watch.get("reason") == "spike_only" else None,
        "computed_sentiment": computed_sentiment(r.client_sentiment, r.computed_languages),
        "executive_summary": executive_summary(r, t),
    }
