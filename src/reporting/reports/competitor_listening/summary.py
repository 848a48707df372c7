"""Competitor listening, summary: the report's part of ``competitor_listening.summary.json``.

Schema: docs/summary/competitor_listening.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from reporting.reports.competitor_listening.compute import Listening
from reporting.reports.competitor_listening.wording import executive_summary

if TYPE_CHECKING:
    from reporting.i18n import Translator


def payload(r: Listening, t: Translator) -> dict[str, Any]:
    """The headline numbers and the executive summary (in the client's language)."""
    sov = {row["brand"]: {"mentions": int(row["mentions"]), "share": row["share"],
                          "share_previous": row["share_previous"], "share_change": row["share_change"],
                          "reach": int(row["reach"]), "reach_share": row["reach_share"],
                          "reach_share_change": row["reach_share_change"]}
           for row in r.sov.to_dict("records")}
    sent = {row["brand"]: {"net": row["net"], "net_previous": row["net_previous"], "net_change": row["net_change"],
                           "positive": int(row["positive"]), "neutral": int(row["neutral"]),
                           "negative": int(row["negative"]), "unavailable": int(row["unavailable"]),
                           "origin": row["origin"]}
            for row in r.sentiment.to_dict("records")}
    spikes = [{"brand": s["brand"], "granularity": s["granularity"],
               "date": pd.Timestamp(s["start"]).date().isoformat(),
               "start": pd.Timestamp(s["start"]).isoformat(), "direction": s["direction"],
               "volume": int(s["volume"]), "baseline": s["baseline"], "excess": s["excess"], "z": s["z"],
               "driver": {"kind": s["driver_kind"], "value": s["driver"]} if s["driver"] is not None else None,
               "driver_share": s["driver_share"], "negative_share": s["negative_share"],
               "possible_crisis": s["possible_crisis"]}
              for s in r.spikes.to_dict("records")]
    watch = {k: v for k, v in r.watch.items() if k != "spike"}
    return {
        "brands": r.brands,
        "mentions": {"read": r.matched.mentions, "unmatched": r.matched.unmatched,
                     "multi_brand": r.matched.multi_brand},
        "share_of_voice": sov,
        "net_sentiment": sent,
        "spike_rule": {"window_days": r.rule.window_days, "threshold": r.rule.threshold,
                       "min_volume": r.rule.min_volume},
        "spikes": spikes,
        "competitor_to_watch": watch or None,
        "executive_summary": executive_summary(r, t),
    }
