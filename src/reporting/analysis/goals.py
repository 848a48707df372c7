"""SMART goals: baseline, progress, pace, forecast, verdict and a realism check.

Pure functions on a goal (``params.Goal``) and the metric's history
(:class:`reporting.analysis.history.MetricHistory`). How a goal's value is measured
depends on the metric:

- a level (followers) is the value at the end of a day; the baseline is the
  value at ``start``;
- a flow (link clicks, sessions) or a rate (engagement rate, cost per lead)
  is measured over a month: the baseline is the monthly average of the
  :data:`BASELINE_MONTHS` months before ``start`` (a rate: pooled over them),
  the current value is the month ending on the evaluation day, and the
  target is a monthly value;
- a growth rate is the relative change of followers since ``start``.

The forecast uses the metric's own weekly history: a level goes on at its
average weekly change since the goal started (random walk with drift: the
team's current effort); a flow or a rate follows a linear trend with a
robust (Theil-Sen) slope through the last half year (a shorter window
mistakes one campaign for a trend). Real accounts are lumpy: a week far
outside the others (a viral post; robust z above :data:`EXCEPTIONAL_Z`) is
left out of the fit when such weeks are rare, and the report names them.
Both forecasts carry an 80 % prediction interval built from the weekly
residuals, so the range widens with the noise and the horizon. The verdict
rule (:func:`verdict`) is stated in every report; when the range is so wide
that it runs from "no progress at all" to twice the progress the target needs,
the goal is ``uncertain``: the history cannot tell met from missed, and the
report says so instead of picking a side.

A measured baseline uses the data that exists in its window: a flow or a rate
needs at least :data:`MIN_BASELINE_DAYS` covered days of the months before the
start (the report says how many of how many); a level may be read up to
:data:`LEVEL_GRACE_DAYS` after the start when the data begins just after it.

Examples
--------
>>> from reporting.analysis import goals, history
>>> h = history.history(data, goal.metric, goal.channel, params.brands())
>>> status = goals.evaluate(goal, h, as_of=period.end)
>>> status.status, status.forecast.central
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd
from scipy import stats

if TYPE_CHECKING:
    from reporting.analysis.history import MetricHistory
    from reporting.params import Goal

Status = Literal["on_track", "at_risk", "off_track", "uncertain", "no_data", "not_started"]
Phase = Literal["not_started", "running", "ended"]

BASELINE_MONTHS = 3
INTERVAL = 0.8  # coverage of the forecast interval
LEVEL_FIT_WEEKS = (8, 26)  # a level's drift: the weeks since the goal started, within these bounds
FLOW_FIT_WEEKS = 26  # a flow's or rate's trend: half a year, long enough to tell a trend from one campaign
MIN_POINTS = 4  # fewer weekly points: no forecast
EXCEPTIONAL_Z = 5.0  # robust deviations from the usual that make a week exceptional (a viral week; campaign peaks stay below)
MAX_EXCEPTIONAL_SHARE = 0.2  # more exceptional weeks than this share are the account's normal lumpiness: kept
MIN_BASELINE_DAYS = 28  # a measured flow or rate baseline needs this many covered days before the start
LEVEL_GRACE_DAYS = 7  # a level baseline may be read this many days after the start when the data begins then
SIGNED = frozenset({"net_new_followers", "follower_growth_rate", "return_on_spend"})  # may go below 0


@dataclass(frozen=True)
class Forecast:
    """The value expected at the deadline, with an :data:`INTERVAL` prediction interval."""

    central: float
    low: float
    high: float
    method: Literal["drift", "trend"]
    weeks: int  # weekly points used
    fit_start: dt.date  # first day of the weeks used
    exceptional: tuple[dt.date, ...] = ()  # last days of the weeks left out of the fit as exceptional


@dataclass(frozen=True)
class Realism:
    """The change a target needs versus what the account did before over windows of the goal's length.

    Changes are relative to the starting value (``growth`` metrics: the growth itself);
    ``verdict`` is realistic (needed no more than the account's typical change),
    ambitious (no more than its best), unrealistic (above its best) or unknown.
    """

    needed: float
    best: float | None
    typical: float | None
    windows: int
    verdict: Literal["realistic", "ambitious", "unrealistic", "unknown"]


@dataclass(frozen=True)
class GoalStatus:
    """Everything the report says about one goal as of one day."""

    goal: Goal
    higher_is_better: bool
    as_of: dt.date
    phase: Phase
    baseline: float | None
    baseline_source: Literal["params", "measured", "none"]
    baseline_window: tuple[dt.date, dt.date] | None
    baseline_days: tuple[int, int] | None  # (days of data used, days the window has) of a measured baseline
    target: float | None
    current: float | None
    current_window: tuple[dt.date, dt.date] | None
    progress: float | None  # share of the way from baseline to target
    expected: float | None  # value on the straight line from baseline to target, on the evaluation day
    pace: float | None  # progress minus the share of time elapsed (> 0: ahead of the straight line)
    elapsed_days: int
    remaining_days: int
    total_days: int
    met: bool  # the current value already meets the target
    forecast: Forecast | None
    realism: Realism | None
    status: Status
    reason: str = ""  # no_baseline, zero_baseline, no_current; met_at_start (no progress to measure)


def meets(value: float | None, target: float | None, higher_is_better: bool) -> bool:
    """Whether ``value`` reaches ``target`` in the metric's good direction."""
    if value is None or target is None:
        return False
    return value >= target if higher_is_better else value <= target


def verdict(phase: Phase, current: float | None, target: float | None, forecast: Forecast | None,
            expected: float | None, higher_is_better: bool, baseline: float | None = None) -> Status:
    """The goal's status; this rule is printed in the report.

    - not started or no current value / target: ``not_started`` / ``no_data``;
    - deadline passed: ``on_track`` (met) when the value at the deadline meets the target, else ``off_track``;
    - with a forecast whose range runs from no progress at all (at or below the baseline, else the current
      value) to twice the progress the target needs: ``uncertain``, the history is too irregular to call
      (unless the target is met already and the forecast's central value keeps it met);
    - with a forecast: ``on_track`` when its central value meets the target and the goal is at or ahead of
      the straight line (or even the range's low end meets the target), ``at_risk`` when the range still
      reaches the target, ``off_track`` otherwise;
    - history too short for a forecast: ``on_track`` when already met or at or ahead of the straight line,
      ``at_risk`` behind it.
    """
    if phase == "not_started":
        return "not_started"
    if current is None or target is None:
        return "no_data"
    if phase == "ended":
        return "on_track" if meets(current, target, higher_is_better) else "off_track"
    ahead = meets(current, target, higher_is_better) or meets(current, expected, higher_is_better)
    if forecast is None:
        return "on_track" if ahead else "at_risk"
    best_case, worst_case = ((forecast.high, forecast.low) if higher_is_better else (forecast.low, forecast.high))
    start = baseline if baseline is not None else current
    twice_the_way = target + (target - start)
    already = meets(current, target, higher_is_better) and meets(forecast.central, target, higher_is_better)
    if not already and start != target and meets(best_case, twice_the_way, higher_is_better) \
            and not meets(worst_case, start, higher_is_better) and worst_case != start:
        return "uncertain"
    if meets(forecast.central, target, higher_is_better) and (ahead or meets(worst_case, target, higher_is_better)):
        return "on_track"
    return "at_risk" if meets(best_case, target, higher_is_better) else "off_track"


# ---------------------------------------------------------------------------------------------------------
# Measuring a goal


def month_ending(day: dt.date) -> tuple[dt.date, dt.date]:
    """The month-long window ending on ``day``: the calendar month when ``day`` is a month's last day."""
    if (day + dt.timedelta(days=1)).day == 1:
        return day.replace(day=1), day
    start = (pd.Timestamp(day) - pd.DateOffset(months=1)).date() + dt.timedelta(days=1)
    return start, day


def months_before(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The ``months`` calendar months before ``day`` (exact months when ``day`` is a 1st)."""
    return (pd.Timestamp(day) - pd.DateOffset(months=months)).date(), day - dt.timedelta(days=1)



def baseline_window(goal: Goal, how: str) -> tuple[dt.date, dt.date]:
    """The days a measured baseline comes from: the start day (levels) or the months before it."""
    if how in ("level", "growth"):
        return goal.start, goal.start
    return months_before(goal.start, BASELINE_MONTHS)


def measured_baseline(history: MetricHistory, start: dt.date) -> float | None:
    """The metric's baseline for a goal starting on ``start``, measured strictly over the whole window."""
    return baseline_measurement(history, start, partial=False)[0]


def baseline_measurement(history: MetricHistory, start: dt.date, partial: bool = True
                         ) -> tuple[float | None, tuple[dt.date, dt.date] | None, tuple[int, int] | None]:
    """(baseline, the days it was measured over, (days of data used, days in the window)).

    With ``partial`` the data that exists in the window is used: a flow or a rate over the
    covered days of the months before ``start`` when at least :data:`MIN_BASELINE_DAYS` are
    covered (a flow scaled to a month), a level on the first day of data when it starts at most
    :data:`LEVEL_GRACE_DAYS` after ``start``.
    """
    if history.how in ("level", "growth"):
        day = start
        if partial and history.first is not None and start < history.first <= start + dt.timedelta(LEVEL_GRACE_DAYS):
            day = history.first
        level = history.level_at(day)
        if level is None:
            return None, None, None
        return (0.0 if history.how == "growth" else level), (day, day), (1, 1)
    first, last = months_before(start, BASELINE_MONTHS)
    wanted = (last - first).days + 1
    if partial and not history.empty:
        first, last = max(first, history.first), min(last, history.last)
    if last < first or not history.covers(first, last):
        return None, None, None
    used = (last - first).days + 1
    if used < (MIN_BASELINE_DAYS if partial else wanted):
        return None, None, None
    value = history.value(first, last)
    if value is None or history.how == "ratio":
        return value, (first, last), (used, wanted)
    monthly = value / BASELINE_MONTHS if used == wanted else value / used * wanted / BASELINE_MONTHS
    return monthly, (first, last), (used, wanted)


def value_on(history: MetricHistory, start: dt.date, day: dt.date) -> tuple[float | None, tuple[dt.date, dt.date]]:
    """The goal's value on ``day`` for a goal starting on ``start``, and the window it was measured over."""
    if history.how == "level":
        return history.level_at(day), (day, day)
    if history.how == "growth":
        base, now = history.level_at(start), history.level_at(day)
        value = None if base in (None, 0) or now is None else (now - base) / base
        return value, (start, day)
    window = month_ending(day)
    return history.value(*window), window


def target_value(goal: Goal, baseline: float | None) -> float | None:
    """The absolute target: ``target.value``, or the baseline changed by ``target.change_pct``."""
    if goal.target.value is not None:
        return goal.target.value
    if baseline is None or baseline == 0:
        return None
    return baseline * (1 + goal.target.change_pct / 100)


def evaluate(goal: Goal, history: MetricHistory, as_of: dt.date) -> GoalStatus:
    """A goal's progress, pace, forecast, verdict and realism as of ``as_of`` (a report's period end).

    A goal past its deadline is judged on its value at the deadline; one not yet
    started shows its baseline only; missing data gives ``no_data`` with a reason.
    """
    higher = history.metric.higher_is_better
    phase: Phase = "not_started" if as_of < goal.start else "ended" if as_of >= goal.deadline else "running"
    day = min(as_of, goal.deadline)
    total = (goal.deadline - goal.start).days
    elapsed = max(0, (day - goal.start).days)
    remaining = max(0, (goal.deadline - as_of).days)

    if goal.baseline is not None:
        baseline, source, b_window, b_days = goal.baseline, "params", None, None
    else:
        baseline, b_window, b_days = baseline_measurement(history, goal.start)
        source = "measured" if baseline is not None else "none"
    target = target_value(goal, baseline)
    current, c_window = value_on(history, goal.start, day) if phase != "not_started" else (None, None)

    met_at_start = meets(baseline, target, higher) and baseline != target
    reason = ("no_baseline" if baseline is None else "zero_baseline" if target is None
              else "no_current" if current is None and phase != "not_started"
              else "met_at_start" if met_at_start else "")
    progress = expected = pace = None
    if baseline is not None and target is not None and current is not None and not met_at_start:
        share = elapsed / total
        span = target - baseline
        progress = (current - baseline) / span if span else (1.0 if meets(current, target, higher) else 0.0)
        expected = baseline + span * share
        pace = progress - share
    fc = forecast(history, goal, as_of) if phase == "running" and current is not None else None
    real = realism(history, goal, baseline, target) if target is not None and baseline is not None else None
    return GoalStatus(
        goal=goal, higher_is_better=higher, as_of=as_of, phase=phase, baseline=baseline, baseline_source=source,
        baseline_window=b_window, baseline_days=b_days, target=target, current=current, current_window=c_window, progress=progress,
        expected=expected, pace=pace, elapsed_days=elapsed, remaining_days=remaining, total_days=total,
        met=meets(current, target, higher), forecast=fc, realism=real,
        status=verdict(phase, current, target, fc, expected, higher, baseline), reason=reason)


# ---------------------------------------------------------------------------------------------------------
# Forecast


def weekly_points(history: MetricHistory, end: dt.date, weeks: int) -> tuple[np.ndarray, np.ndarray]:
    """Values of the whole weeks ending on ``end``, oldest first: (day offset from ``end``, value).

    A level is taken at each week's last day (offset = that day); a flow is the week's
    daily average and a rate the week's pooled rate (offset = the week's middle day).
    Weeks outside the data or without a value are skipped.
    """
    xs, ys = [], []
    for k in range(weeks - 1, -1, -1):
        last = end - dt.timedelta(days=7 * k)
        first = last - dt.timedelta(days=6)
        if not history.covers(first, last):
            continue
        if history.how in ("level", "growth"):
            value, offset = history.level_at(last), -7 * k
        else:
            value, offset = history.value(first, last), -7 * k - 3
            if value is not None and history.how == "sum":
                value /= 7
        if value is not None:
            xs.append(offset)
            ys.append(value)
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def exceptional(values: np.ndarray) -> np.ndarray:
    """Which values are exceptional: over :data:`EXCEPTIONAL_Z` robust deviations (median, MAD) from the rest.

    Nothing is exceptional when more than :data:`MAX_EXCEPTIONAL_SHARE` of the values would be:
    such lumpiness is the account's normal pattern, and a forecast must carry it.
    """
    values = np.asarray(values, dtype=float)
    if len(values) < MIN_POINTS:
        return np.zeros(len(values), bool)
    centre = np.median(values)
    mad = np.median(np.abs(values - centre)) * 1.4826
    if mad == 0:
        mad = np.mean(np.abs(values - centre)) * 1.2533  # mostly identical weeks: the mean deviation instead
    if mad == 0:
        return np.zeros(len(values), bool)
    out = np.abs(values - centre) / mad > EXCEPTIONAL_Z
    return out if out.sum() <= MAX_EXCEPTIONAL_SHARE * len(values) else np.zeros(len(values), bool)


def drift_forecast(levels: np.ndarray, horizon_weeks: float) -> tuple[float, float, float, np.ndarray] | None:
    """Random walk with drift on weekly levels: (central, low, high, exceptional changes) ``horizon_weeks`` ahead.

    The drift is the mean weekly change, exceptional jumps (:func:`exceptional`) left out:
    a viral week's followers stay, but it does not repeat every week. The variance grows with
    the horizon (noise) and its square (uncertainty of the drift).
    """
    changes = np.diff(levels)
    odd = exceptional(changes)
    usual = changes[~odd]
    n = len(usual)
    if n < MIN_POINTS - 1:
        return None
    drift, sd = usual.mean(), usual.std(ddof=1)
    central = levels[-1] + drift * horizon_weeks
    half = stats.t.ppf(0.5 + INTERVAL / 2, n - 1) * sd * np.sqrt(horizon_weeks + horizon_weeks**2 / n)
    return float(central), float(central - half), float(central + half), np.r_[False, odd]


def trend_forecast(x: np.ndarray, y: np.ndarray, x_new: float, points: float
                   ) -> tuple[float, float, float, np.ndarray] | None:
    """A trend line through (x, y), the mean of ``points`` future values at ``x_new``: (central, low, high, exceptional).

    The slope is Theil-Sen's (one viral week cannot tilt the line); weeks exceptional
    around it (:func:`exceptional`) are left out; the line passes through the mean of the
    rest, not the median, so a month keeps its usual share of ordinary campaign peaks; the
    interval is the prediction interval of a mean of ``points`` new values from the
    residuals' standard deviation, wide when the weeks are spiky.
    """
    if len(x) < MIN_POINTS:
        return None
    odd = exceptional(y - stats.theilslopes(y, x)[0] * x)
    xs, ys = x[~odd], y[~odd]
    n = len(xs)
    if n < MIN_POINTS:
        return None
    slope = stats.theilslopes(ys, xs)[0]
    intercept = float(np.mean(ys - slope * xs))
    resid = ys - (intercept + slope * xs)
    scale = np.sqrt((resid**2).sum() / (n - 2))
    sxx = ((xs - xs.mean()) ** 2).sum()
    se = scale * np.sqrt(1 / points + 1 / n + (x_new - xs.mean()) ** 2 / sxx)
    central = intercept + slope * x_new
    half = stats.t.ppf(0.5 + INTERVAL / 2, n - 2) * se
    return float(central), float(central - half), float(central + half), odd


def forecast(history: MetricHistory, goal: Goal, as_of: dt.date) -> Forecast | None:
    """The goal's value at its deadline (see the module docstring for the two models)."""
    level = history.how in ("level", "growth")
    low, high = LEVEL_FIT_WEEKS
    weeks = min(high, max(low, ((as_of - goal.start).days + 1) // 7)) if level else FLOW_FIT_WEEKS
    x, y = weekly_points(history, as_of, weeks)
    if len(x) < MIN_POINTS:
        return None
    fit_start = as_of + dt.timedelta(days=int(x[0]) - (0 if level else 3))
    if level:
        result = drift_forecast(y, (goal.deadline - as_of).days / 7)
        method = "drift"
    else:
        first, last = month_ending(goal.deadline)
        days = (last - first).days + 1
        middle = ((first - as_of).days + (last - as_of).days) / 2
        result = trend_forecast(x, y, middle, days / 7)
        method = "trend"
    if result is None:
        return None
    *values, odd = result
    if history.how == "growth":
        base = history.level_at(goal.start)
        if not base:
            return None
        values = [(v - base) / base for v in values]
    elif history.how == "sum":
        values = [v * days for v in values]
    central, low, high = values
    if history.metric.name not in SIGNED:
        central, low, high = max(central, 0.0), max(low, 0.0), max(high, 0.0)
    week_end = as_of + dt.timedelta(days=0 if level else 3)  # x is a level's last day, a flow's middle day
    left_out = tuple(week_end + dt.timedelta(days=int(d)) for d in x[odd])
    return Forecast(central, low, high, method, len(x), fit_start, left_out)


# ---------------------------------------------------------------------------------------------------------
# Realism


def realism(history: MetricHistory, goal: Goal, baseline: float, target: float) -> Realism:
    """Compare the change the target needs with the changes the account made before ``start``.

    Every window of the goal's length that ends before the goal starts (one per week)
    is measured exactly like the goal: its baseline the same way, its end value the same
    way. ``best`` is the largest improvement (the smallest value for a lower-is-better
    metric), ``typical`` the median.
    """
    higher = history.metric.higher_is_better
    growth = history.how == "growth"
    needed = target if growth else (target / baseline - 1 if baseline else float("nan"))
    length = goal.deadline - goal.start
    changes = []
    start = goal.start - length
    while history.first is not None and start >= history.first:
        base = measured_baseline(history, start)
        end_value, _ = value_on(history, start, start + length)
        if base is not None and end_value is not None and (growth or base > 0):
            changes.append(end_value if growth else end_value / base - 1)
        start -= dt.timedelta(days=7)
    if not changes or needed != needed:
        return Realism(needed, None, None, len(changes), "unknown")
    best = max(changes) if higher else min(changes)
    typical = float(np.median(changes))
    if meets(typical, needed, higher):
        label = "realistic"
    elif meets(best, needed, higher):
        label = "ambitious"
    else:
        label = "unrealistic"
    return Realism(float(needed), float(best), typical, len(changes), label)


def track(history: MetricHistory, goal: Goal, as_of: dt.date, weeks_before: int = 4) -> list[tuple[dt.date, float]]:
    """The goal's value measured the goal's way each week, from ``weeks_before`` weeks before start to ``as_of``.

    What the progress chart draws against the straight line from baseline to target.
    """
    end = min(as_of, goal.deadline)
    first = goal.start - dt.timedelta(weeks=weeks_before)
    points = []
    day = end
    while day >= first:
        value, _ = value_on(history, goal.start, day)
        if value is not None:
            points.append((day, value))
        day -= dt.timedelta(days=7)
    return points[::-1]
