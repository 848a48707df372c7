"""KPI review, wording: values, changes, labels and sentences in the client's language.

Every sentence the review states is made here, and here it is decided when the data
is too thin to state it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pandas as pd

from reporting.analysis import goals
from reporting.analysis.history import KPIS, UNITS
from reporting.analysis.posts import CAMPAIGN_GAP_DAYS, CAMPAIGN_RULE
from reporting.reports.kpi_review.compute import ACTION_UPLIFT, BENCHMARK_DAYS, LOOKBACK_MONTHS, Action, KpiReview

if TYPE_CHECKING:
    from reporting.i18n import Translator
    from reporting.params import Goal


def fmt(t: Translator, kpi: str, value: float | None) -> str:
    """A KPI value in the report language, by its unit (count, share, money)."""
    return t.in_unit(value, UNITS.get(kpi, "count"))


def fmt_change(t: Translator, kpi: str, delta: float | None, change: float | None) -> str:
    """A change: points for a share (+0.4 pts), relative for everything else (+12.3%)."""
    if UNITS.get(kpi) == "percent":
        if delta is None or pd.isna(delta):
            return "–"
        return t.points(delta, 1 if abs(delta) >= 0.00095 else 2)
    return "–" if change is None or pd.isna(change) else t.signed_percent(change)


def kpi_label(t: Translator, kpi: str) -> str:
    return t(f"kpi.metric_{kpi}")


def goal_label(t: Translator, goal: Goal) -> str:
    """The analyst's description, else the metric and channel."""
    if goal.description.strip():
        return goal.description.strip()
    return t("kpi.goal_default_label", metric=kpi_label(t, goal.metric), channel=t.channel(goal.channel))


def slot_label(t: Translator, weekday: int, hour: int) -> str:
    return t("kpi.slot", weekday=t.weekday(weekday, "wide"), hour=t(f"kpi.hour_{hour}"))


def type_label(t: Translator, content_type: object) -> str:
    if content_type is None or pd.isna(content_type):
        return "–"
    return t(f"kpi.type_{content_type}") if t.has(f"kpi.type_{content_type}") else str(content_type)


def status_label(t: Translator, s: goals.GoalStatus) -> str:
    if s.phase == "ended" and s.status in ("on_track", "off_track"):
        return t("kpi.status_met") if s.met else t("kpi.status_missed")
    return t(f"kpi.status_{s.status}")


def window_text(t: Translator, window: tuple[dt.date, dt.date]) -> str:
    start, end = window
    return t.date(start) if start == end else t.period(start, end)


def baseline_text(t: Translator, s: goals.GoalStatus) -> str:
    f = (lambda v: fmt(t, s.goal.metric, v))
    if s.baseline_source == "params":
        return t("kpi.baseline_params", value=f(s.baseline))
    if s.baseline_source == "none":
        return t("kpi.reason_no_baseline")
    first, last = s.baseline_window
    if first == last:
        if first != s.goal.start:  # the data begins in the goal's first days: its first level stands in
            return t("kpi.baseline_level_late", value=f(s.baseline), day=t.date(first), start=t.date(s.goal.start))
        return t("kpi.baseline_level", value=f(s.baseline), day=t.date(first))
    rate = KPIS[s.goal.metric].kind in ("ratio", "mean")
    used, wanted = s.baseline_days or (0, 0)
    if used < wanted:
        return t("kpi.baseline_partial_rate" if rate else "kpi.baseline_partial_flow", value=f(s.baseline),
                 window=window_text(t, s.baseline_window), used=t.number(used), wanted=t.number(wanted))
    return t("kpi.baseline_rate" if rate else "kpi.baseline_flow", value=f(s.baseline),
             window=window_text(t, s.baseline_window), months=goals.BASELINE_MONTHS)


def forecast_text(t: Translator, s: goals.GoalStatus) -> str:
    """The forecast at the deadline with its range and method, and the weeks left out as exceptional."""
    fc, f = s.forecast, (lambda v: fmt(t, s.goal.metric, v))
    text = t("kpi.forecast_text", deadline=t.date(s.goal.deadline), central=f(fc.central), low=f(fc.low),
             high=f(fc.high), interval=t.percent(goals.INTERVAL, 0), weeks=fc.weeks,
             method=t(f"kpi.method_{fc.method}"))
    if fc.exceptional:
        text += "; " + t("kpi.forecast_exceptional", days=t.join(t.date(d) for d in fc.exceptional))
    return text


def target_text(t: Translator, s: goals.GoalStatus) -> str:
    f = (lambda v: fmt(t, s.goal.metric, v))
    direction = t("kpi.higher_better") if s.higher_is_better else t("kpi.lower_better")
    if s.goal.target.change_pct is not None:
        return t("kpi.target_change", value=f(s.target), change=t.signed_percent(s.goal.target.change_pct / 100, 0),
                 direction=direction)
    return t("kpi.target_value", value=f(s.target), direction=direction)


def realism_text(t: Translator, s: goals.GoalStatus) -> str:
    real = s.realism
    if real.verdict == "unknown":
        return t("kpi.realism_unknown")
    return t(f"kpi.realism_{real.verdict}", needed=t.signed_percent(real.needed, 0), days=t.number(s.total_days),
             typical=t.signed_percent(real.typical, 0), best=t.signed_percent(real.best, 0),
             windows=t.number(real.windows))


def goal_sentence(t: Translator, s: goals.GoalStatus) -> str:
    """One summary sentence per goal: where it stands, where it is heading, the verdict."""
    g = s.goal
    name, f = goal_label(t, g), (lambda v: fmt(t, g.metric, v))
    status = t(f"kpi.status_{s.status}")
    if s.phase == "not_started":
        if s.baseline is None:
            return t("kpi.sum_goal_not_started_unmeasured", goal=name, start=t.date(g.start))
        return t("kpi.sum_goal_not_started", goal=name, start=t.date(g.start), baseline=f(s.baseline))
    if s.status == "no_data":
        return t("kpi.sum_goal_no_data", goal=name, reason=t(f"kpi.reason_{s.reason or 'no_current'}"))
    if s.phase == "ended":
        key = "kpi.sum_goal_met" if s.met else "kpi.sum_goal_missed"
        return t(key, goal=name, current=f(s.current), target=f(s.target), deadline=t.date(g.deadline))
    if s.progress is None and s.reason != "met_at_start":  # an absolute target without a measured baseline
        fc = s.forecast
        outlook = (t("kpi.outlook_none") if fc is None else t(
            "kpi.outlook_forecast", deadline=t.date(g.deadline), central=f(fc.central), low=f(fc.low), high=f(fc.high)))
        text = t("kpi.sum_goal_unmeasured", goal=name, current=f(s.current), target=f(s.target),
                 start=t.date(g.start), outlook=outlook, status=status)
    elif s.status == "uncertain":
        fc = s.forecast
        text = t("kpi.sum_goal_uncertain", goal=name, current=f(s.current), target=f(s.target),
                 deadline=t.date(g.deadline), low=f(fc.low), high=f(fc.high))
    elif s.reason == "met_at_start":
        text = t("kpi.sum_goal_met_at_start", goal=name, target=f(s.target), baseline=f(s.baseline),
                 current=f(s.current), status=status)
    elif s.forecast is not None and s.progress is not None and s.progress < 0:
        fc = s.forecast
        text = t("kpi.sum_goal_backwards", goal=name, current=f(s.current), baseline=f(s.baseline),
                 target=f(s.target), deadline=t.date(g.deadline), central=f(fc.central), low=f(fc.low),
                 high=f(fc.high), status=status)
    elif s.forecast is None:
        text = t("kpi.sum_goal_no_forecast", goal=name, current=f(s.current), progress=t.percent(s.progress, 0),
                 target=f(s.target), time=t.percent(s.elapsed_days / s.total_days, 0), status=status)
    else:
        fc = s.forecast
        text = t("kpi.sum_goal_running", goal=name, current=f(s.current), progress=t.percent(s.progress, 0),
                 target=f(s.target), deadline=t.date(g.deadline), central=f(fc.central), low=f(fc.low),
                 high=f(fc.high), status=status)
    if s.realism is not None and s.realism.verdict == "unrealistic" and s.realism.best is not None:
        text += " " + t("kpi.sum_unrealistic", needed=t.signed_percent(s.realism.needed, 0),
                        days=t.number(s.total_days), best=t.signed_percent(s.realism.best, 0))
    return text


def mover_sentence(t: Translator, r: KpiReview) -> str | None:
    row = r.mover
    if row is None:
        return None
    key = "kpi.sum_mover_up" if row["change_previous"] > 0 else "kpi.sum_mover_down"
    kpi = row["kpi"]
    size = (t.points(abs(row["delta_previous"]), signed=False) if UNITS[kpi] == "percent"
            else t.percent(abs(row["change_previous"]), 0))
    text = t(key, kpi=kpi_label(t, kpi), change=size, previous=t.period_name(r.period.previous()),
             value=fmt(t, kpi, row["value"]), before=fmt(t, kpi, row["previous"]))
    if pd.notna(row["window_start"]):  # its sources cover part of the period: said, and compared on those days
        text += " " + t("kpi.mover_days", days=t.period(row["window_start"], row["window_end"]))
    return text


def action_sentence(t: Translator, action: Action | None, measure: str) -> str | None:
    if action is None:
        return None
    v = action.values
    if action.key == "campaign":
        return t("kpi.action_campaign", campaign=v["campaign"], launch=t.date(v["launch"]),
                 drop=t.percent(v["drop"], 0))
    if action.key == "time":
        return t("kpi.action_time", slot=slot_label(t, v["weekday"], v["hour"]), uplift=t.percent(v["uplift"], 0),
                 posts=t.number(v["posts"]), months=LOOKBACK_MONTHS)
    return t("kpi.action_type", content_type=type_label(t, v["content_type"]), uplift=t.percent(v["uplift"], 0),
             measure=t(f"kpi.measure_{measure}"), posts=t.number(v["posts"]), months=LOOKBACK_MONTHS)


MAX_GOAL_SENTENCES = 3


def executive_summary(r: KpiReview, t: Translator) -> list[str]:
    """3-6 sentences: each goal (the three most urgent when there are more), the biggest mover, the next step."""
    urgency = {"off_track": 0, "at_risk": 1, "uncertain": 2, "no_data": 3, "on_track": 4, "not_started": 5}
    ordered = sorted(r.goals, key=lambda s: urgency[s.status])
    sentences = []
    if len(ordered) > MAX_GOAL_SENTENCES:
        counts = {k: sum(s.status == k for s in r.goals) for k in ("on_track", "at_risk", "off_track", "uncertain")}
        sentences.append(t("kpi.sum_goal_count", n=len(r.goals), on=counts["on_track"], risk=counts["at_risk"],
                           off=counts["off_track"], unsure=counts["uncertain"]))
        ordered = ordered[: MAX_GOAL_SENTENCES - 1]
    if not r.goals:
        sentences.append(t("kpi.sum_no_goals"))
    if (said := data_sentence(r, t)) is not None:
        sentences.insert(0, said)
    sentences += [goal_sentence(t, s) for s in ordered]
    sentences += [s for s in (mover_sentence(t, r), action_sentence(t, r.action, r.measure)) if s]
    return sentences


def note_text(r: KpiReview, t: Translator, section: str) -> str:
    """The method note of a section (``kpi.<section>_note``), filled with this review's windows and rules."""
    prev, year = r.period.previous(), r.period.year_ago()
    values = {
        "goals_method": {"months": goals.BASELINE_MONTHS, "level_weeks": goals.LEVEL_FIT_WEEKS[0],
                         "flow_weeks": goals.FLOW_FIT_WEEKS, "interval": t.percent(goals.INTERVAL, 0),
                         "min_days": goals.MIN_BASELINE_DAYS, "z": t.number(goals.EXCEPTIONAL_Z, 1)},
        "scorecards_note": {"period": t.period_name(r.period), "previous": t.period_name(prev),
                            "year_ago": t.period_name(year), "tz": r.timezone},
        "posts_note": {"measure": t(f"kpi.measure_{r.measure}"), "months": LOOKBACK_MONTHS},
        "types_note": {"months": LOOKBACK_MONTHS, "start": t.date(r.lookback[0]), "end": t.date(r.lookback[1]),
                       "measure": t(f"kpi.measure_{r.measure}")},
        "times_note": {"months": LOOKBACK_MONTHS, "start": t.date(r.lookback[0]), "end": t.date(r.lookback[1]),
                       "tz": r.timezone, "n": r.min_posts},
        "campaigns_note": {"gap": CAMPAIGN_GAP_DAYS, "low": f"{t.number(CAMPAIGN_RULE[0], 1)}×",
                           "high": f"{t.number(CAMPAIGN_RULE[1], 1)}×"},
        "paid_note": {},
        "spend_note": {},
        "web_note": {"period": t.period_name(r.period), "previous": t.period_name(prev)},
        "good_day_note": {"days": BENCHMARK_DAYS, "end": t.date(r.period.end), "brand": r.brand},
        "action_rule": {"uplift": t.percent(ACTION_UPLIFT - 1, 0), "n": r.min_action_posts},
    }[section]
    return t(f"kpi.{section}", **values)


def comparison_sentences(r: KpiReview, t: Translator) -> list[str]:
    """One sentence per set of days a KPI was compared on, when its sources cover only part of the period."""
    cut = r.scores.dropna(subset=["window_start"]).drop_duplicates(["window_start", "window_end"])
    return [t("kpi.compared_on", days=t.period(a, b), period=t.period_name(r.period))
            for a, b in zip(cut["window_start"], cut["window_end"], strict=True)]


def data_sentence(r: KpiReview, t: Translator) -> str | None:
    """Said first when the period has no data at all: where the client's data ends (or that there is none)."""
    cov = r.coverage
    if cov is None or any(s.days_in for s in cov.dated):
        return None
    last = max((s.last_before for s in cov.dated if s.last_before), default=None)
    if last is None:
        return t("kpi.sum_no_data_at_all")
    return t("kpi.sum_no_data_in_period", period=t.period_name(r.period), last=t.date(last))
