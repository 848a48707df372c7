"""Annual review, summary: the report's part of ``annual_strategy_review.summary.json``.

Schema: docs/summary/annual_strategy_review.md. The executive summary and the proposed
goals' descriptions are in the client's language, as the report shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reporting.reports.annual_strategy_review.compute import AnnualReview
from reporting.reports.annual_strategy_review.targets import next_deadline
from reporting.reports.annual_strategy_review.wording import described_goals, executive_summary
from reporting.reports.annual_strategy_review.year_results import growth

if TYPE_CHECKING:
    from reporting.i18n import Translator


def payload(r: AnnualReview, t: Translator) -> dict[str, object]:
    """The report's own part of ``annual_strategy_review.summary.json``."""
    proposed = {g.id: g for g in described_goals(r, t)}
    total, before = r.this.loc["all"], r.last.loc["all"]
    return {
        "year": r.year.label,
        "previous_year": r.previous.label,
        "compared": {"current": r.window.to_json(), "previous": r.previous_window.to_json(), "cut": r.cut}
        if r.comparison else None,
        "next_year": {"start": r.next_start, "deadline": next_deadline(r.next_start)},
        "headline": {m: {"value": total.get(m), "previous": before.get(m) if m != "followers" else total.get(
            "followers_start"), "change": growth(total.get(m), before.get(m) if m != "followers" else total.get(
                "followers_start"))} for m in ("reach", "engagements", "followers", "sessions", "conversions",
                                               "revenue", "spend")},
        "sentences": executive_summary(r, t),
        "goals": [{"id": s.goal.id, "metric": s.goal.metric, "channel": s.goal.channel, "phase": s.phase,
                   "status": s.status, "reason": s.reason or None, "met": s.met, "baseline": s.baseline,
                   "baseline_days": list(s.baseline_days) if s.baseline_days else None, "target": s.target,
                   "value": s.current, "progress": s.progress, "evaluated_on": r.goal_through.get(s.goal.id),
                   "forecast": {"central": s.forecast.central, "low": s.forecast.low, "high": s.forecast.high}
                   if s.forecast else None} for s in r.goal_status],
        "goals_not_active": [g.id for g in r.goals_inactive],
        "verdicts": [{"channel": c.channel, "verdict": c.verdict, "reason": c.reason or None, "posts": c.posts,
                      "strengths": list(c.strengths),
                      "weaknesses": list(c.weaknesses), "wrong_platform": bool(c.wrong_platform),
                      "reach_share": c.reach_share, "engagement_index": c.engagement_index,
                      "conversion_share": c.conversion_share, "conversion_yield": c.conversion_yield,
                      "cost_per_result": c.cost_per_result,
                      "cost_index": None if c.cost_index == np.inf else c.cost_index,
                      "purchase_index": c.purchase_index} for c in r.card.itertuples()],
        "inventory": {
            "as_of": r.as_of, "dormant_days": r.rules.dormant_days,
            "accounts": [{"channel": a.channel, "account": a.account, "in_params": bool(a.in_params),
                          "aliases": [x for x in a.aliases.split(", ") if x], "last_post": a.last_post,
                          "posts_year": int(a.posts_year), "posts_per_week": round(float(a.posts_per_week), 2),
                          "followers": a.followers_now, "dormant": bool(a.dormant), "no_posts": bool(a.no_posts),
                          "checked_to": a.checked_to} for a in r.inventory.itertuples()],
            "dormant": [{"channel": a.channel, "account": a.account, "last_post": a.last_post,
                         "days_since_post": a.days_since_post}
                        for a in r.inventory[r.inventory["dormant"]].itertuples()],
            "duplicates": [{"channel": d.channel, "account": d.account, "duplicate": d.duplicate,
                            "similarity": d.similarity, "handover": bool(d.handover),
                            "duplicate_dormant": bool(d.duplicate_dormant)} for d in r.duplicates.itertuples()],
        },
        "content": [{"content_type": c.content_type, "posts": int(c.posts), "verdict": c.verdict,
                     "engagement_index": c.engagement_index, "click_index": c.click_index}
                    for c in r.content.itertuples()],
        "campaigns": [{"campaign": c.campaign, "start": c.start, "end": c.end, "verdict": c.verdict,
                       "decays": bool(c.decays), "later_vs_week1": c.later_vs_week1} for c in r.campaigns.itertuples()],
        "decaying_campaigns": r.campaigns.loc[r.campaigns["decays"], "campaign"].tolist(),
        "demographics": [{"channel": d.channel, "basis": d.basis, "top_age_band": d.top_age_band,
                          "share_45_plus": d.share_45_plus, "female_share": d.female_share,
                          "top_location": d.top_location, "top_location_share": d.top_location_share}
                         for d in r.demographics.itertuples()],
        "targets_not_proposed": r.targets_reason or None,
        "competitors": [{"brand": p.brand, "share": p.share, "share_previous": p.share_previous, "net": p.net,
                         "net_previous": p.net_previous} for p in r.position.itertuples()],
        "targets": [{"id": g.id, "channel": g.channel, "objective": g.objective, "metric": g.metric,
                     "this_year": g.this_year, "conservative": g.conservative, "expected": g.expected,
                     "stretch": g.stretch, "change_pct": g.change_pct,
                     "realism": {k: getattr(g, f"{k}_realism") for k in ("conservative", "expected", "stretch")},
                     "goal": proposed[g.id].model_dump(mode="json")}
                    for g in r.targets.itertuples()],
    }
