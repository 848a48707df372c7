"""Annual review, next year's targets: conservative / expected / stretch values and the SMART goals they make.

Targets are proposed from this year's change (repeat it, beat it by a quarter or by half;
after a fall, hold or win part of it back) and checked with the KPI review's realism rule
(:func:`reporting.analysis.goals.realism`). The expected ones become validated
:class:`~reporting.params.Goal` objects and a ``goals:`` block to paste into the client's
parameters. Their descriptions are words in the client's language: the wording layer adds them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from reporting.analysis import goals
from reporting.analysis.history import UNITS
from reporting.metrics import METRICS
from reporting.params import ClientParams, Goal, Thresholds
from reporting.reports.annual_strategy_review.year_results import Histories

PACE = {"conservative": 1.0, "expected": 1.25, "stretch": 1.5}  # multiples of this year's change
RECOVERY = {"conservative": 0.0, "expected": 0.25, "stretch": 0.5}  # share of this year's fall won back
TOTAL_METRICS = ("sessions", "conversions", "revenue")  # proposed for all channels together
TARGET_COLUMNS = ["id", "channel", "objective", "metric", "this_year", "last_year", "conservative", "expected",
                  "stretch", "change_pct", "recovery", "goal_baseline", "conservative_target", "expected_target",
                  "stretch_target", "conservative_realism", "expected_realism", "stretch_realism"]


def target_range(base: float, previous: float, higher_is_better: bool = True) -> dict[str, float] | None:
    """Conservative / expected / stretch values for next year from this year's change.

    ``base`` is this year's value (total, or end level), ``previous`` last year's
    (or the level a year earlier). When the metric improved, next year repeats the
    change (conservative), beats it by a quarter (expected) or by half (stretch).
    When it got worse, the conservative target holds this year's value and the
    others win back a quarter or half of the loss. None without a previous value.
    """
    if base is None or previous is None or pd.isna(base) or pd.isna(previous):
        return None
    change = float(base) - float(previous)
    improved = change > 0 if higher_is_better else change < 0
    if improved:
        return {k: float(base) + m * change for k, m in PACE.items()}
    return {k: float(base) - m * change for k, m in RECOVERY.items()}


def next_year_targets(hist: Histories, this: pd.DataFrame, last: pd.DataFrame, card: pd.DataFrame,
                      params: ClientParams, start: dt.date, rules: Thresholds = Thresholds(),
                      exposure: str = "reach") -> pd.DataFrame:
    """Proposed SMART targets for the year from ``start`` (the day after the review), one row per channel and metric.

    Which: each channel marked keep or fix gets a follower target and either a
    conversion target (when it brought at least ``min_target_base`` conversions) or
    a reach (``exposure``) target; all channels together get sessions, conversions and revenue;
    the metric of every current goal is carried forward. Channels marked stop get
    none, nor do counts below ``min_target_base`` (too small to project).

    How much: :func:`target_range` on this year against last year (followers: the
    year's end against its start). ``conservative``, ``expected`` and ``stretch``
    are next year's values in the same unit as ``this_year`` (a total, or the level
    at the year's end). As goals (see :func:`proposed_goals`) they are measured the
    way the KPI review measures every goal (:mod:`reporting.analysis.goals`): a level against
    its value at the start; a flow or a rate per month, against the average month
    of the three before the start (``goal_baseline``), raised by the same
    percentage. Each value carries the KPI review's realism check.
    """
    verdict = dict(zip(card["channel"], card["verdict"], strict=True))
    wanted: list[tuple[str, str]] = []
    for channel in [c for c in card["channel"] if verdict.get(c) in ("keep", "fix")]:
        conversions = this.at[channel, "conversions"] if channel in this.index else pd.NA
        converts = pd.notna(conversions) and conversions >= rules.min_target_base
        wanted += [(channel, "followers"), (channel, "conversions" if converts else exposure)]
    wanted += [("all", m) for m in TOTAL_METRICS]
    wanted += [(g.channel, g.metric) for g in params.goals]
    deadline = next_deadline(start)
    rows = []
    for channel, metric in dict.fromkeys(wanted):
        if channel != "all" and verdict.get(channel) not in ("keep", "fix"):
            continue
        base, previous = _metric_pair(this, last, channel, metric)
        if base is None or (METRICS[metric].kind == "sum" and base < rules.min_target_base):
            continue
        higher = METRICS[metric].higher_is_better
        values = target_range(base, previous, higher)
        if values is None or base == 0:
            continue
        h = hist(metric, channel)
        level = h.how == "level"
        goal_base = base if level else goals.measured_baseline(h, start)
        if goal_base is None or goal_base == 0:
            continue
        row = {"id": f"{channel}-{metric.replace('_', '-')}-{start.year}", "channel": channel,
               "objective": METRICS[metric].objective, "metric": metric, "this_year": base, "last_year": previous,
               "goal_baseline": goal_base, "recovery": not _improved(base, previous, higher)}
        for name, value in values.items():
            row[name] = max(value, 0.0)
            row[f"{name}_target"] = row[name] if level else goal_base * row[name] / base
        probe = Goal(id="probe", objective=METRICS[metric].objective, metric=metric, channel=channel,
                     baseline=goal_base, target={"value": row["expected_target"]}, start=start, deadline=deadline)
        real = goals.realism(h, probe, goal_base, row["expected_target"])
        for name in values:
            row[f"{name}_realism"] = realism_label(real, row[f"{name}_target"] / goal_base - 1, higher)
        row["change_pct"] = (values["expected"] / base - 1) * 100
        rows.append(row)
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def realism_label(real: goals.Realism, needed: float, higher_is_better: bool) -> str:
    """The KPI review's realism verdict for another change over the same windows (its rule, reused)."""
    if real.typical is None or real.best is None:
        return "unknown"
    if goals.meets(real.typical, needed, higher_is_better):
        return "realistic"
    return "ambitious" if goals.meets(real.best, needed, higher_is_better) else "unrealistic"


def next_deadline(start: dt.date) -> dt.date:
    """The last day of the year that begins on ``start``."""
    return (pd.Timestamp(start) + pd.DateOffset(years=1)).date() - dt.timedelta(days=1)


def _improved(base: float, previous: float, higher: bool) -> bool:
    return base > previous if higher else base < previous


# metric in the goal registry -> (channel_totals column, column holding the value it is compared with;
# None: the same column in last year's totals)
_TOTALS_COLUMN = {"followers": ("followers", "followers_start"), "reach": ("reach", None),
                  "sessions": ("sessions", None), "conversions": ("conversions", None),
                  "revenue": ("revenue", None), "engagements": ("engagements", None),
                  "link_clicks": ("link_clicks", None), "impressions": ("impressions", None),
                  "spend": ("spend", None), "cost_per_result": ("cost_per_result", None),
                  "engagement_rate_reach": ("engagement_rate", None), "net_new_followers": ("net_new", None),
                  "avg_reach_per_post": ("reach_per_post", None),
                  "engagement_rate_impressions": ("engagement_rate_impressions", None)}


def _metric_pair(this: pd.DataFrame, last: pd.DataFrame, channel: str, metric: str) -> tuple[float | None, ...]:
    """This year's value and the value it is compared with (last year's, or the level at the year's start)."""
    if metric not in _TOTALS_COLUMN or channel not in this.index:
        return None, None
    col, start_col = _TOTALS_COLUMN[metric]
    base = this.at[channel, col]
    if start_col:
        previous = this.at[channel, start_col]
    else:
        previous = last.at[channel, col] if channel in last.index else pd.NA
    return (None if pd.isna(base) else float(base)), (None if pd.isna(previous) else float(previous))


def proposed_goals(targets: pd.DataFrame, start: dt.date, descriptions: dict[str, str] | None = None) -> list[Goal]:
    """The expected targets as validated :class:`~reporting.params.Goal` objects for next year's parameters.

    The baseline is written out (the KPI review would measure the same value), so the
    goal does not move if the data is re-exported; the target is the expected one
    as an absolute value. ``descriptions`` maps goal id to its text.
    """
    out = []
    for r in targets.itertuples():
        out.append(Goal(id=r.id, objective=r.objective, metric=r.metric, channel=r.channel,
                        baseline=_rounded(r.goal_baseline, r.metric),
                        target={"value": _rounded(r.expected_target, r.metric)}, start=start,
                        deadline=next_deadline(start), description=(descriptions or {}).get(r.id, "")))
    return out


def _rounded(x: float, metric: str) -> float | int:
    """Whole units for counts, cents for money, four decimals for rates."""
    if metric in UNITS and UNITS[metric] == "money":
        return round(float(x), 2)
    if METRICS[metric].kind in ("ratio", "mean"):
        return round(float(x), 4)
    return int(round(float(x)))


def goals_yaml(goals: list[Goal], comments: dict[str, str] | None = None) -> str:
    """A ``goals:`` block ready to paste into ``params/<client>.yaml``; ``comments`` adds a line per goal id."""
    import yaml

    lines = ["goals:"]
    for g in goals:
        if comments and g.id in comments:
            lines.append(f"  # {comments[g.id]}")
        item = g.model_dump(mode="python")
        item = {k: v for k, v in item.items() if not (k == "description" and not v)}
        item["target"] = {k: _plain(v) for k, v in item["target"].items() if v is not None}
        item["baseline"] = _plain(item["baseline"])
        text = yaml.safe_dump([item], allow_unicode=True, sort_keys=False, default_flow_style=None, width=100)
        lines += ["  " + line for line in text.rstrip().splitlines()]
    return "\n".join(lines) + "\n"


def _plain(x: float | None) -> float | int | None:
    """Whole numbers without a trailing '.0' in the YAML."""
    return int(x) if isinstance(x, float) and x.is_integer() else x
