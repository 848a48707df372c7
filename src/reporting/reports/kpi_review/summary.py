"""KPI review, summary: the report's part of ``kpi_review.summary.json`` (schema: docs/summary/kpi_review.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reporting.analysis import goals
from reporting.reports.kpi_review.compute import KpiReview, best_slots
from reporting.reports.kpi_review.wording import executive_summary

if TYPE_CHECKING:
    from reporting.i18n import Translator


def payload(r: KpiReview, t: Translator) -> dict[str, object]:
    """The report's own part of ``kpi_review.summary.json`` (schema: docs/summary/kpi_review.md)."""
    def goal(s: goals.GoalStatus) -> dict[str, object]:
        fc, real = s.forecast, s.realism
        return {
            "id": s.goal.id, "objective": s.goal.objective, "metric": s.goal.metric, "channel": s.goal.channel,
            "description": s.goal.description, "higher_is_better": s.higher_is_better,
            "start": s.goal.start, "deadline": s.goal.deadline, "phase": s.phase,
            "baseline": s.baseline, "baseline_source": s.baseline_source, "baseline_window": s.baseline_window,
            "baseline_days": s.baseline_days,
            "target": s.target, "current": s.current, "current_window": s.current_window,
            "progress": s.progress, "expected": s.expected, "pace": s.pace, "met": s.met,
            "elapsed_days": s.elapsed_days, "remaining_days": s.remaining_days, "total_days": s.total_days,
            "forecast": None if fc is None else {"central": fc.central, "low": fc.low, "high": fc.high,
                                                 "interval": goals.INTERVAL, "method": fc.method,
                                                 "weeks": fc.weeks, "fit_start": fc.fit_start,
                                                 "exceptional": list(fc.exceptional)},
            "realism": None if real is None else {"needed": real.needed, "best": real.best,
                                                  "typical": real.typical, "windows": real.windows,
                                                  "verdict": real.verdict},
            "status": s.status, "reason": s.reason or None,
        }

    prev, year = r.period.previous(), r.period.year_ago()
    return {
        "executive_summary": executive_summary(r, t),
        "goals": [goal(s) for s in r.goals],
        "comparison": {"previous": {"start": prev.start, "end": prev.end},
                       "year_ago": {"start": year.start, "end": year.end}},
        "headline": r.headline[["kpi", "value", "previous", "change_previous", "year_ago", "change_year_ago",
                                "window_start", "window_end"]],
        "post_measure": r.measure,
        "lookback": {"start": r.lookback[0], "end": r.lookback[1]},
        "best_times": best_slots(r.times)[["weekday", "hour", "posts", "score"]],
        "campaigns": r.campaigns[["campaign", "launch", "posts", "ratio", "verdict"]],
        "benchmarks": r.benchmarks,
        "next_action": None if r.action is None else {"kind": r.action.key, **r.action.values},
    }
