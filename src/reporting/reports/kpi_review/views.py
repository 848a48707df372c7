"""KPI review, views: what each section of the notebook shows, as escaped HTML (or why the data is missing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from reporting import display
from reporting.coverage import wording as coverage_wording
from reporting.analysis.goals import GoalStatus
from reporting.analysis.history import KPIS
from reporting.reports.kpi_review import charts
from reporting.reports.kpi_review.compute import SCORECARDS, KpiReview, best_slots
from reporting.reports.kpi_review.wording import (baseline_text, comparison_sentences, executive_summary, fmt, fmt_change,
                                                  forecast_text,
                                                  goal_label,
                                                  kpi_label, note_text, realism_text, slot_label, status_label,
                                                  target_text, type_label, window_text)

if TYPE_CHECKING:
    from reporting.i18n import Translator


def headline_tiles(r: KpiReview, t: Translator) -> display.Html:
    """The headline KPIs (all channels) with their change on the previous period."""
    tiles = []
    for row in r.headline.itertuples():
        good = None if pd.isna(row.delta_previous) or row.delta_previous == 0 else (
            (row.delta_previous > 0) == KPIS[row.kpi].higher_is_better)
        tiles.append({"label": kpi_label(t, row.kpi), "value": fmt(t, row.kpi, row.value), "good": good,
                      "delta": t("kpi.vs_previous", change=fmt_change(t, row.kpi, row.delta_previous,
                                                                      row.change_previous))})
    return display.tiles(tiles) if tiles else display.empty_state(t("common.no_data"))


def goals_overview(r: KpiReview, t: Translator) -> display.Html:
    """One row per goal: status badge, now, target, progress, forecast range."""
    if not r.goals:
        return display.empty_state(t("kpi.no_goals"))

    def f(s: GoalStatus, value: float | None) -> str:
        return fmt(t, s.goal.metric, value)

    def forecast(s: GoalStatus) -> str:
        fc = s.forecast
        return "–" if fc is None else t("kpi.range", central=f(s, fc.central), low=f(s, fc.low), high=f(s, fc.high))

    status = t("kpi.col_status")
    frame = display.labelled(
        (t("kpi.col_goal"), [goal_label(t, s.goal) for s in r.goals]),
        (status, [s.status for s in r.goals]),
        (f"{status}_label", [status_label(t, s) for s in r.goals]),
        (t("kpi.col_now"), [f(s, s.current) for s in r.goals]),
        (t("kpi.col_target"), [f(s, s.target) for s in r.goals]),
        (t("kpi.col_progress"), ["–" if s.progress is None else t.percent(s.progress, 0) for s in r.goals]),
        (t("kpi.col_forecast"), [forecast(s) for s in r.goals]),
    )
    return display.table(frame, status_column=status)


def goal_cards(r: KpiReview, t: Translator) -> display.Html:
    """A card per goal: baseline and how it was measured, days, pace, forecast, realism, or why data is missing."""
    cards = []
    for s in r.goals:
        g = s.goal
        f = (lambda v, m=g.metric: fmt(t, m, v))
        rows = [(t("kpi.card_status"), status_label(t, s)),
                (t("kpi.card_baseline"), baseline_text(t, s)),
                (t("kpi.card_target"), target_text(t, s))]
        if s.current is not None:
            rows.append((t("kpi.card_now"), t("kpi.value_in_window", value=f(s.current),
                                              window=window_text(t, s.current_window))))
        if s.reason:
            rows.append((t("kpi.card_note"), t(f"kpi.reason_{s.reason}")))
        rows.append((t("kpi.card_days"), t("kpi.days", elapsed=t.number(s.elapsed_days),
                                           total=t.number(s.total_days), left=t.number(s.remaining_days))))
        if s.pace is not None:
            key = "kpi.pace_ahead" if s.pace >= 0 else "kpi.pace_behind" if s.progress >= 0 else "kpi.pace_backwards"
            rows.append((t("kpi.card_pace"), t(key, progress=t.percent(s.progress, 0),
                                               time=t.percent(s.elapsed_days / s.total_days, 0),
                                               expected=f(s.expected))))
        if s.forecast is not None:
            rows.append((t("kpi.card_forecast"), forecast_text(t, s)))
        if s.realism is not None:
            rows.append((t("kpi.card_realism"), realism_text(t, s)))
        subtitle = t("kpi.card_subtitle", metric=kpi_label(t, g.metric), channel=t.channel(g.channel),
                     start=t.date(g.start), deadline=t.date(g.deadline))
        cards.append(display.card(goal_label(t, g), rows, subtitle=subtitle))
    return display.cards(cards)


def scorecard_view(r: KpiReview, t: Translator, objective: str) -> display.Html:
    """One objective's KPIs: this period, change on the previous period and on a year earlier, by channel."""
    rows = r.scorecard(objective)
    head = display.heading(t(f"kpi.objective_{objective}"), 3)
    if rows.empty:
        return head + display.empty_state(t("common.no_data"))
    prev, year = r.period.previous(), r.period.year_ago()
    table = display.labelled(
        (t("kpi.col_kpi"), [kpi_label(t, k) if c == "all" else "" for k, c in zip(rows["kpi"], rows["channel"],
                                                                                   strict=True)]),
        (t("kpi.col_days"), [t("kpi.days_all") if pd.isna(a) else t.period(a, b)
                             for a, b in zip(rows["window_start"], rows["window_end"], strict=True)]),
        (t("common.channel"), [t.channel(c) for c in rows["channel"]]),
        (t("kpi.col_value"), [fmt(t, k, v) for k, v in zip(rows["kpi"], rows["value"], strict=True)]),
        (t("kpi.col_vs_previous", period=t.period_name(prev)), [
            fmt_change(t, k, d, c) for k, d, c in zip(rows["kpi"], rows["delta_previous"], rows["change_previous"],
                                                      strict=True)]),
        (t("kpi.col_vs_year_ago", period=t.period_name(year)), [
            fmt_change(t, k, d, c) for k, d, c in zip(rows["kpi"], rows["delta_year_ago"], rows["change_year_ago"],
                                                      strict=True)]),
    )
    return head + display.table(table, max_rows=100)


def definitions(t: Translator) -> display.Html:
    """The metric definitions the scorecards use, as stated in the report."""
    shown = list(dict.fromkeys(k for group in SCORECARDS.values() for k in group))
    return display.bullets(t("kpi.definition", kpi=kpi_label(t, k), text=t(f"kpi.def_{k}")) for k in shown)


def posts_table(r: KpiReview, t: Translator, best: bool = True) -> display.Html:
    """The best (or worst) posts of the period by the ranking measure, relative to the typical post."""
    posts = r.top if best else r.bottom
    if posts.empty:
        return display.empty_state(t("kpi.no_posts"))
    measure = t(f"kpi.measure_{r.measure}")
    frame = display.labelled(
        (t("kpi.col_published"), [t.date(p, "short") + (" " + p.strftime("%H:%M") if timed else "")
                                  for p, timed in zip(posts["published"], posts["timed"], strict=True)]),
        (t("common.channel"), [f"{t.channel(c)} · {type_label(t, k)}" if pd.notna(k) else t.channel(c)
                               for c, k in zip(posts["channel"], posts["content_type"], strict=True)]),
        (t("kpi.col_text"), [display.shorten(x, 80) for x in posts["text"]]),
        (measure[:1].upper() + measure[1:], [t.percent(v, 1) if r.measure == "engagement_rate" else t.number(v)
                                             for v in posts["measure"]]),
        (t("kpi.col_vs_typical"), [t.signed_percent(v - 1, 0) for v in posts["score"]]),
        (t("kpi.col_paid"), ["–" if pd.isna(p) else t("kpi.yes") if p else t("kpi.no") for p in posts["paid"]]),
    )
    return display.table(frame)


def content_types_table(r: KpiReview, t: Translator) -> display.Html:
    if r.types.empty:
        return display.empty_state(t("kpi.no_posts"))
    frame = display.labelled(
        (t("kpi.col_type"), [type_label(t, c) for c in r.types["content_type"]]),
        (t("kpi.col_posts"), [t.number(n) for n in r.types["posts"]]),
        (t("kpi.col_reach_per_post"), [t.number(v) for v in r.types["reach_per_post"]]),
        (t("kpi.col_engagement_rate"), [t.percent(v, 1) for v in r.types["engagement_rate"]]),
        (t("kpi.col_clicks_per_post"), [t.number(v, 1) for v in r.types["clicks_per_post"]]),
        (t("kpi.col_vs_typical"), [t.signed_percent(v - 1, 0) for v in r.types["score"]]),
    )
    return display.table(frame)


def best_times_list(r: KpiReview, t: Translator) -> display.Html:
    """The best-ranked posting slots in words, or why there are none."""
    slots = best_slots(r.times)
    if slots.empty:
        return display.empty_state(t("kpi.no_times", n=r.min_posts))
    return display.bullets(t("kpi.best_slot", rank=i + 1, slot=slot_label(t, int(s.weekday), int(s.hour)),
                             uplift=t.signed_percent(s.score - 1, 0), posts=t.number(s.posts))
                           for i, s in enumerate(slots.itertuples()))


VERDICT_BADGES = {"dies": "off_track", "holds": "keep", "grows": "on_track", "too_short": "no_data"}


def campaigns_table(r: KpiReview, t: Translator) -> display.Html:
    if r.campaigns.empty:
        return display.empty_state(t("kpi.no_campaigns", start=t.date(r.campaign_lookback[0])))
    c, verdict = r.campaigns, t("kpi.col_verdict")
    frame = display.labelled(
        (t("kpi.col_campaign"), [display.shorten(x, 40) for x in c["campaign"]]),
        (t("kpi.col_launch"), [t.date(d) for d in c["launch"]]),
        (t("kpi.col_posts"), [t.number(n) for n in c["posts"]]),
        (t("kpi.col_first_week"), [f"{t.number(v, 2)}×" if pd.notna(v) else "–" for v in c["first_week"]]),
        (t("kpi.col_later"), [f"{t.number(v, 2)}×" if pd.notna(v) else "–" for v in c["later"]]),
        (verdict, [VERDICT_BADGES[v] for v in c["verdict"]]),
        (f"{verdict}_label", [t(f"kpi.verdict_{v}") for v in c["verdict"]]),
    )
    return display.table(frame, status_column=verdict)


def paid_table(r: KpiReview, t: Translator) -> display.Html:
    """Boosted versus organic posts in the period, per channel."""
    if r.paid.empty or not r.paid["paid"].any():
        return display.empty_state(t("kpi.no_paid"))
    p = r.paid
    frame = display.labelled(
        (t("common.channel"), [t.channel(c) for c in p["channel"]]),
        (t("kpi.col_kind"), [t("kpi.paid") if x else t("kpi.organic") for x in p["paid"]]),
        (t("kpi.col_posts"), [t.number(n) for n in p["posts"]]),
        (t("kpi.col_reach_per_post"), [t.number(v) for v in p["reach_per_post"]]),
        (t("kpi.col_engagement_rate"), [t.percent(v, 1) for v in p["engagement_rate"]]),
        (t("kpi.col_clicks_per_post"), [t.number(v, 1) for v in p["clicks_per_post"]]),
        (t("kpi.col_spend"), [t.money(v) for v in p["spend"]]),
        (t("kpi.col_cost_per_1000"), [t.money(v) for v in p["cost_per_1000_reach"]]),
        (t("kpi.col_cost_per_click"), [t.money(v) for v in p["cost_per_click"]]),
    )
    return display.table(frame)


def spend_table(r: KpiReview, t: Translator) -> display.Html:
    """Spend, cost per result and (where revenue exists) return on spend, per channel."""
    if r.spend.empty:
        return display.empty_state(t("kpi.no_spend"))
    s = r.spend
    frame = display.labelled(
        (t("common.channel"), [t.channel(c) for c in s["channel"]]),
        (kpi_label(t, "spend"), [t.money(v) for v in s["spend"]]),
        (kpi_label(t, "conversions"), [t.number(v) for v in s["conversions"]]),
        (kpi_label(t, "cost_per_result"), [t.money(v) for v in s["cost_per_result"]]),
    )
    if s["revenue"].fillna(0).gt(0).any():
        frame[kpi_label(t, "revenue")] = [t.money(v) for v in s["revenue"]]
        frame[kpi_label(t, "return_on_spend")] = [fmt(t, "return_on_spend", v) for v in s["return_on_spend"]]
    return display.table(frame)


def web_table(r: KpiReview, t: Translator) -> display.Html:
    if r.web.empty:
        return display.empty_state(t("kpi.no_web"))
    w = r.web
    frame = display.labelled(
        (t("common.channel"), [t.channel(c) for c in w["channel"]]),
        (t("kpi.col_source"), [f"{s} / {m}" if m else str(s) for s, m in zip(w["source"], w["medium"], strict=True)]),
        (kpi_label(t, "sessions"), [t.number(v) for v in w["sessions"]]),
        (t("kpi.col_vs_previous_short"), [t.signed_percent(v) for v in w["change"]]),
        (kpi_label(t, "conversions"), [t.number(v) for v in w["conversions"]]),
        (kpi_label(t, "conversion_rate"), [t.percent(v, 1) for v in w["conversion_rate"]]),
    )
    if w["revenue"].fillna(0).gt(0).any():
        frame[kpi_label(t, "revenue")] = [t.money(v) for v in w["revenue"]]
    return display.table(frame)


def benchmarks_table(r: KpiReview, t: Translator) -> display.Html:
    if r.benchmarks.empty:
        return display.empty_state(t("common.no_data"))
    b = r.benchmarks
    frame = display.labelled(
        (t("kpi.col_measure"), [t(f"kpi.daily_{m}") for m in b["measure"]]),
        (t("kpi.col_good_day"), [t.number(v) for v in b["p75"]]),
        (t("kpi.col_typical_day"), [t.number(v) for v in b["median"]]),
        (t("kpi.col_best_day"), [t.number(v) for v in b["best"]]),
    )
    return display.table(frame)


def note(r: KpiReview, t: Translator, section: str) -> display.Html:
    return display.note(note_text(r, t, section))


# ---------------------------------------------------------------------------------------------------------
# Sections: one notebook cell each


def header(r: KpiReview, t: Translator) -> display.Html:
    """Title, client and period, then what the data does not cover (and the days compared like with like)."""
    title = display.header(t("common.report_kpi_review"), f"{r.client_name} · {t.period(r.period.start, r.period.end)}")
    if r.coverage is None:
        return title
    return title + coverage_wording.notice(r.coverage, t, comparison_sentences(r, t))


def summary(r: KpiReview, t: Translator) -> display.Html:
    return display.summary(executive_summary(r, t), t("common.summary_title")) + headline_tiles(r, t)


def goals(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_goals")) + goals_overview(r, t)
            + display.figure(charts.goal_tracks(r.goals, r.tracks, t), alt=t("kpi.alt_goals"))
            + goal_cards(r, t) + note(r, t, "goals_method"))


def scorecards(r: KpiReview, t: Translator) -> display.Html:
    body = display.heading(t("kpi.h_scorecards")) + note(r, t, "scorecards_note")
    for objective in SCORECARDS:
        body += scorecard_view(r, t, objective)
    return body + display.heading(t("kpi.h_definitions"), 3) + definitions(t)


def posts(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_posts"))
            + display.heading(t("kpi.h_posts_top"), 3) + posts_table(r, t, best=True)
            + display.heading(t("kpi.h_posts_bottom"), 3) + posts_table(r, t, best=False)
            + note(r, t, "posts_note"))


def content_types(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_types"))
            + display.figure(charts.content_types(r.types, t), alt=t("kpi.alt_types"))
            + content_types_table(r, t) + note(r, t, "types_note"))


def posting_times(r: KpiReview, t: Translator) -> display.Html:
    untimed = display.note(t("kpi.times_untimed", n=t.number(r.untimed))) if r.untimed else display.Html("")
    return (display.heading(t("kpi.h_times")) + best_times_list(r, t)
            + display.figure(charts.posting_times(r.times, t), alt=t("kpi.alt_times"))
            + note(r, t, "times_note") + untimed)


def campaigns(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_campaigns"))
            + display.figure(charts.campaign_curves(r.curves, r.campaigns, t), alt=t("kpi.alt_campaigns"))
            + campaigns_table(r, t) + note(r, t, "campaigns_note"))


def paid(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_paid")) + paid_table(r, t) + note(r, t, "paid_note")
            + display.heading(t("kpi.h_spend"), 3) + spend_table(r, t) + note(r, t, "spend_note"))


def web(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_web"))
            + display.figure(charts.web_trend(r.web_trend, t), alt=t("kpi.alt_web"))
            + web_table(r, t) + note(r, t, "web_note"))


def good_day(r: KpiReview, t: Translator) -> display.Html:
    return (display.heading(t("kpi.h_good_day")) + benchmarks_table(r, t)
            + note(r, t, "good_day_note") + note(r, t, "action_rule"))
