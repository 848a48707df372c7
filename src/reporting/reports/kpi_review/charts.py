"""KPI review, charts: frames and goal statuses from the review in, Figure out (drawing only).

Every string drawn passes through :func:`reporting.theme.label`; weekdays,
hours and dates are formatted here in the client's language (the data is
already in the client's time zone).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import format_skeleton
from matplotlib import patheffects
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter

from reporting import theme
from reporting.analysis import goals
from reporting.analysis.history import UNITS
from reporting.reports.kpi_review.wording import fmt, goal_label
from reporting.i18n import Translator

NEUTRAL = "#8a8a8a"
GOOD, BAD = theme.STATUS_COLORS["on_track"], theme.STATUS_COLORS["off_track"]


def _value_axis(ax: plt.Axes, metric: str, t: Translator) -> None:
    unit = UNITS.get(metric, "count")
    if unit == "percent":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.percent(v, 1)))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.compact(v)))


def _month_ticks(ax: plt.Axes, first: dt.date, last: dt.date, t: Translator) -> None:
    """A tick on the 1st of each month, labelled with the month's short name."""
    months = pd.date_range(pd.Timestamp(first).replace(day=1), pd.Timestamp(last), freq="MS")
    months = months[months >= pd.Timestamp(first)]
    ax.set_xticks(list(months), [theme.label(t.short_month(pd.Timestamp(m))) for m in months])


def goal_tracks(statuses: Sequence[goals.GoalStatus], tracks: dict[str, list[tuple[dt.date, float]]],
                t: Translator) -> Figure | None:
    """One panel per goal: its value over time, the straight line to target, the forecast range at the deadline."""
    shown = [s for s in statuses if tracks.get(s.goal.id) and s.target is not None]
    if not shown:
        return None
    fig, axes = plt.subplots(len(shown), 1, figsize=(theme.FIGSIZE[0], 2.9 * len(shown)), squeeze=False)
    for ax, s in zip(axes[:, 0], shown, strict=True):
        g, color = s.goal, theme.STATUS_COLORS.get(s.status, NEUTRAL)
        days, values = zip(*tracks[g.id], strict=True)
        ax.plot(days, values, color=theme.CHANNEL_COLORS.get(g.channel, "#1f4e79"), lw=2.2,
                label=theme.label(t("kpi.chart_actual")))
        if s.baseline is not None and s.reason != "met_at_start":
            ax.plot([g.start, g.deadline], [s.baseline, s.target], color=NEUTRAL, ls="--", lw=1.3,
                    label=theme.label(t("kpi.chart_straight_line")))
        ax.axhline(s.target, color=NEUTRAL, lw=0.8, ls=":")
        ax.annotate(theme.label(t("kpi.chart_target", value=fmt(t, g.metric, s.target))),
                    (g.deadline, s.target), textcoords="offset points", xytext=(-4, 5), ha="right", fontsize=9,
                    color="#444444")
        if s.forecast is not None:
            fc = s.forecast
            ax.errorbar([g.deadline], [fc.central], yerr=[[fc.central - fc.low], [fc.high - fc.central]],
                        fmt="o", color=color, capsize=5, lw=2, label=theme.label(t("kpi.chart_forecast")))
        ax.axvline(s.as_of, color="#cccccc", lw=1)
        _month_ticks(ax, min(days[0], g.start), g.deadline, t)
        ax.set_xlim(min(days[0], g.start) - dt.timedelta(days=3), g.deadline + dt.timedelta(days=6))
        _value_axis(ax, g.metric, t)
        ax.set_title(theme.label(f"{goal_label(t, g)} · {t(f'kpi.status_{s.status}')}", 70), loc="left",
                     color=color)
        ax.legend(loc="best", fontsize=9, framealpha=0.85, frameon=True)
    fig.tight_layout()
    return fig


def posting_times(grid: pd.DataFrame, t: Translator, best: int = 3) -> Figure | None:
    """Weekday x hour heatmap of the median post score; cells with too few posts are grey, the best outlined."""
    if grid.empty or grid["rank"].isna().all():
        return None
    hours = list(range(int(grid["hour"].min()), int(grid["hour"].max()) + 1))
    ranked = grid.dropna(subset=["rank"])
    matrix = np.full((7, len(hours)), np.nan)
    thin = np.zeros((7, len(hours)), dtype=bool)
    for row in grid.itertuples():
        col = hours.index(int(row.hour))
        if pd.isna(row.rank):
            thin[int(row.weekday), col] = True
        else:
            matrix[int(row.weekday), col] = row.score - 1
    spread = max(0.05, float(np.nanmax(np.abs(matrix))))
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 3.8))
    ax.imshow(np.where(thin, 0.0, np.nan), cmap="Greys", vmin=-1, vmax=4, aspect="auto")
    image = ax.imshow(matrix, cmap="RdBu", norm=TwoSlopeNorm(0, -spread, spread), aspect="auto")
    for rank, row in enumerate(ranked.sort_values("rank").head(best).itertuples(), start=1):
        x, y = hours.index(int(row.hour)), int(row.weekday)
        ax.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, lw=2.2, color="#111111"))
        ax.text(x, y, str(rank), ha="center", va="center", fontsize=11, fontweight="bold", color="white",
                path_effects=[patheffects.withStroke(linewidth=2.5, foreground="#111111")])
    ax.set_yticks(range(7), [theme.label(t.weekday(d)) for d in range(7)])
    step = 1 if len(hours) <= 12 else 2
    ax.set_xticks(range(0, len(hours), step), [theme.label(t(f"kpi.hour_short_{h}")) for h in hours[::step]])
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.signed_percent(v, 0)))
    ax.set_title(theme.label(t("kpi.chart_times_title"), 70), loc="left")
    return fig


def content_types(types: pd.DataFrame, t: Translator) -> Figure | None:
    """Median score of each content type's posts against the typical post (0 % = typical)."""
    shown = types.dropna(subset=["score"]).sort_values("score")
    if shown.empty:
        return None
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 0.55 * len(shown) + 1.4))
    values = (shown["score"] - 1).to_numpy(dtype=float)
    labels = [theme.label(t(f"kpi.type_{c}") if t.has(f"kpi.type_{c}") else c) for c in shown["content_type"]]
    ax.barh(labels, values, color=[GOOD if v >= 0 else BAD for v in values])
    for y, (v, n) in enumerate(zip(values, shown["posts"], strict=True)):
        ax.text(v, y, f" {t.signed_percent(v, 0)} · {t('kpi.chart_posts', n=t.number(n))} ",
                va="center", ha="left" if v >= 0 else "right", fontsize=10)
    ax.axvline(0, color="#444444", lw=1)
    lim = max(0.1, float(np.abs(values).max())) * 1.9
    ax.set_xlim(-lim, lim)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: t.signed_percent(v, 0)))
    ax.grid(axis="y", visible=False)
    ax.set_title(theme.label(t("kpi.chart_types_title"), 70), loc="left")
    return fig


def campaign_curves(curves: pd.DataFrame, campaigns: pd.DataFrame, t: Translator, most: int = 5) -> Figure | None:
    """Reach score by week since launch, one line per campaign run (the ``most`` latest)."""
    if campaigns.empty or curves.empty:
        return None
    runs = campaigns.head(most)
    fig, ax = plt.subplots()
    colors = theme.palette()
    for i, run in enumerate(runs.itertuples()):
        line = curves[(curves["campaign"] == run.campaign) & (curves["launch"] == run.launch)]
        launched = format_skeleton("yMMM", run.launch.to_pydatetime(), locale=t.locale)
        label = f"{run.campaign} ({launched}) · {t(f'kpi.verdict_{run.verdict}')}"
        ax.plot(line["week"], line["score"], marker="o", lw=2, color=colors[i % len(colors)],
                label=theme.label(label, 50))
    ax.axhline(1, color="#444444", lw=1, ls=":")
    weeks = sorted(curves["week"].unique())
    ax.set_xticks(weeks, [theme.label(t("kpi.chart_week", n=int(w))) for w in weeks])
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{t.number(v, 1)}×"))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(theme.label(t("kpi.chart_reach_score")))
    ax.set_title(theme.label(t("kpi.chart_campaigns_title"), 70), loc="left")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1)
    return fig


def web_trend(weekly: pd.DataFrame, t: Translator) -> Figure | None:
    """Weekly sessions from each social channel."""
    if weekly.empty:
        return None
    fig, ax = plt.subplots()
    for channel, line in weekly.groupby("channel", sort=False):
        ax.plot(line["week_end"], line["sessions"], lw=2.2, color=theme.channel_color(str(channel)),
                label=theme.label(t.channel(str(channel))))
    first, last = weekly["week_end"].min().date(), weekly["week_end"].max().date()
    _month_ticks(ax, first, last, t)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.compact(v)))
    ax.set_ylim(bottom=0)
    ax.set_title(theme.label(t("kpi.chart_web_title"), 70), loc="left")
    ax.legend(loc="upper left")
    return fig
