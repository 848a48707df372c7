"""Competitor listening, charts: frames from the computed report in, Figure out (drawing only).

Every string drawn passes through :func:`reporting.theme.label` (brand names,
terms and hashtags are untrusted and may hold emoji no font draws). Dates,
weekdays and channel names are put in the client's language here, from values
already in the client's time zone.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import PercentFormatter

from reporting import theme
from reporting.i18n import Translator
from reporting.text.spikes import is_crisis

MIN_LABELLED_SHARE = 0.06  # segments narrower than this carry no text label


def _day(day: object, t: Translator) -> str:
    return theme.label(t.day(pd.Timestamp(day).date()))


def _legend_below(ax: plt.Axes, ncol: int) -> None:
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=max(1, min(ncol, 4)))


def _share_bars(rows: Sequence[str], segments: Sequence[tuple[str, object]], shares: np.ndarray, title: str,
                t: Translator, height: float, min_label: float = MIN_LABELLED_SHARE, **text: object) -> Figure:
    """Horizontal 100 % bars, one per row, split into segments (label, colour); ``shares[row, segment]``."""
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], height))
    for y, values in enumerate(shares):
        left = 0.0
        for (label, color), value in zip(segments, values, strict=True):
            ax.barh(y, value, left=left, color=color, edgecolor="white", label=theme.label(label) if y == 0 else None)
            if value >= min_label:
                ax.text(left + value / 2, y, t.percent(value, 0), ha="center", va="center", color="white", **text)
            left += value
    ax.set_yticks(range(len(rows)), [theme.label(row) for row in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.grid(axis="y", visible=False)
    ax.set_title(theme.label(title, 60))
    _legend_below(ax, len(segments))
    return fig


def share_of_voice(sov: pd.DataFrame, brands: list[str], t: Translator) -> Figure:
    """Two 100 % bars, by mentions and by reach, split by brand (client first, in its colour)."""
    colors = theme.brand_colors(brands)
    columns = ("share", "reach_share")
    shares = np.array([[float(sov.loc[sov["brand"] == brand, column].fillna(0).sum()) for brand in brands]
                       for column in columns])
    return _share_bars([t("listening.chart_sov_by_mentions"), t("listening.chart_sov_by_reach")],
                       [(brand, colors[brand]) for brand in brands], shares, t("listening.chart_sov_title"), t,
                       height=2.9, fontweight="bold")


def share_of_voice_weekly(weekly: pd.DataFrame, brands: list[str], t: Translator) -> Figure:
    """Stacked weekly shares by mentions: a one-off week and a trend look different here."""
    colors = theme.brand_colors(brands)
    wide = weekly.pivot_table(index="week", columns="brand", values="share", observed=True).reindex(columns=brands)
    wide = wide.fillna(0)
    fig, ax = plt.subplots()
    x = np.arange(len(wide))
    ax.stackplot(x, *[wide[b].to_numpy() for b in brands], colors=[colors[b] for b in brands],
                 labels=[theme.label(b) for b in brands], alpha=0.9)
    _week_ticks(ax, wide.index, t)
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlim(0, max(len(wide) - 1, 1))
    ax.set_title(theme.label(t("listening.chart_sov_weekly_title"), 60))
    ax.set_xlabel(theme.label(t("listening.axis_week")))
    _legend_below(ax, len(brands))
    return fig


def _week_ticks(ax: plt.Axes, weeks: pd.Index, t: Translator) -> None:
    step = max(1, int(np.ceil(len(weeks) / 7)))
    ticks = np.arange(0, len(weeks), step)
    ax.set_xticks(ticks, [_day(weeks[i], t) for i in ticks])


def sentiment_shares(sentiment: pd.DataFrame, t: Translator) -> Figure:
    """One 100 % bar per brand: positive, neutral, negative (brands without sentiment are left empty)."""
    frame = sentiment.set_index("brand")
    kinds = ("positive", "neutral", "negative")
    shares = frame[[f"{s}_share" for s in kinds]].astype(float).fillna(0.0).to_numpy()
    return _share_bars(list(frame.index), [(t(f"listening.{s}"), theme.SENTIMENT_COLORS[s]) for s in kinds], shares,
                       t("listening.chart_sentiment_title"), t, height=0.8 + 0.6 * len(frame), fontweight="bold")


def net_sentiment_weekly(weekly: pd.DataFrame, brands: list[str], t: Translator) -> Figure:
    """Net sentiment per brand and week, on a fixed -1..+1 scale so brands compare honestly."""
    colors = theme.brand_colors(brands)
    wide = weekly.pivot_table(index="week", columns="brand", values="net", observed=True, dropna=False)
    wide = wide.reindex(columns=brands)
    fig, ax = plt.subplots()
    x = np.arange(len(wide))
    for i, brand in enumerate(brands):
        ax.plot(x, wide[brand].astype(float).to_numpy(), marker="o", color=colors[brand],
                linewidth=2.6 if i == 0 else 1.6, label=theme.label(brand))
    ax.axhline(0, color="#888888", linewidth=0.8)
    ax.set_ylim(-1, 1)
    _week_ticks(ax, wide.index, t)
    ax.set_ylabel(theme.label(t("listening.axis_net")))
    ax.set_title(theme.label(t("listening.chart_net_title"), 60))
    _legend_below(ax, len(brands))
    return fig


def daily_volume(daily: pd.DataFrame, spikes: pd.DataFrame, brands: list[str], t: Translator) -> Figure:
    """Mentions per day per brand, spikes (triangles up) and drops (down) marked; possible crises in red."""
    colors = theme.brand_colors(brands)
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 4.4))
    x = np.arange(len(daily))
    for i, brand in enumerate(brands):
        ax.plot(x, daily[brand].to_numpy(), color=colors[brand], linewidth=2.2 if i == 0 else 1.3,
                label=theme.label(brand))
    position = {d: i for i, d in enumerate(daily.index)}
    days = spikes[spikes["granularity"] == "day"] if not spikes.empty else spikes
    for spike in days.to_dict("records"):
        i = position.get(pd.Timestamp(spike["start"]).floor("D"))
        if i is None:
            continue
        crisis = is_crisis(spike.get("possible_crisis"))
        ax.scatter(i, spike["volume"], s=110, zorder=5, edgecolor="white",
                   marker="^" if spike["direction"] == "up" else "v",
                   color=theme.SENTIMENT_COLORS["negative"] if crisis else colors[spike["brand"]])
    step = max(1, len(daily) // 7)
    ticks = np.arange(0, len(daily), step)
    ax.set_xticks(ticks, [_day(daily.index[i], t) for i in ticks])
    ax.set_ylabel(theme.label(t("listening.axis_mentions")))
    ax.set_ylim(bottom=0)
    ax.set_title(theme.label(t("listening.chart_volume_title"), 60))
    handles, labels = ax.get_legend_handles_labels()
    handles += [Line2D([], [], marker="^", linestyle="", color="#555555", markersize=9),
                Line2D([], [], marker="^", linestyle="", color=theme.SENTIMENT_COLORS["negative"], markersize=9)]
    labels += [theme.label(t("listening.legend_spike")), theme.label(t("listening.legend_crisis"))]
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3)
    return fig


def channel_mix(channels: pd.DataFrame, brands: list[str], t: Translator) -> Figure:
    """One 100 % bar per brand split by channel, the largest channel overall first."""
    wide = channels.pivot_table(index="brand", columns="channel", values="share", fill_value=0, observed=True)
    wide = wide.reindex(index=[b for b in brands if b in wide.index])
    order = channels.groupby("channel")["mentions"].sum().sort_values(ascending=False).index
    palette = theme.palette()  # for channels without a colour of their own (forums, news, blogs...)
    shares = wide.reindex(columns=order, fill_value=0).astype(float).to_numpy()
    segments = [(t.channel(channel), theme.CHANNEL_COLORS.get(channel, palette[j % len(palette)]))
                for j, channel in enumerate(order)]
    return _share_bars(list(wide.index), segments, shares, t("listening.chart_channels_title"), t,
                       height=1.0 + 0.6 * len(wide), min_label=MIN_LABELLED_SHARE * 1.5, fontsize=9)


def hour_weekday(grid: pd.DataFrame, t: Translator) -> Figure:
    """Heatmap of mentions by weekday (rows) and hour (columns); labels drawn here, in the client's language."""
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 3.6))
    sns.heatmap(grid.to_numpy(), ax=ax, cmap=theme.SEQUENTIAL, cbar=True, linewidths=0.3, linecolor="white")
    ax.set_yticks(np.arange(7) + 0.5, [theme.label(t.weekday(i)) for i in range(7)], rotation=0)
    hours = list(range(0, 24, 3))
    ax.set_xticks(np.array(hours) + 0.5, [f"{h:02d}" for h in hours], rotation=0)
    ax.set_xlabel(theme.label(t("listening.axis_hour")))
    ax.set_title(theme.label(t("listening.chart_heatmap_title"), 60))
    return fig


def rising_terms(rising: pd.DataFrame, brands: list[str], t: Translator, per_brand: int = 5) -> Figure | None:
    """Small multiples: for each brand, the terms and hashtags that gained most mentions beyond its volume change.

    ``None`` when no term rose (the themes table says what there is).
    """
    colors = theme.brand_colors(brands)
    shown = [b for b in brands if b in set(rising["brand"])]
    if not shown:
        return None
    cols = 2 if len(shown) > 1 else 1
    rows = int(np.ceil(len(shown) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(theme.FIGSIZE[0], 2.3 * rows + 0.6), squeeze=False)
    for ax, brand in zip(axes.ravel(), shown, strict=False):
        top = rising[rising["brand"] == brand].sort_values("rise", ascending=False).head(per_brand)
        labels = [theme.label(v, 22) for v in top["label"]]
        ax.barh(np.arange(len(top)), top["rise"].astype(float).to_numpy(), color=colors[brand])
        ax.set_yticks(np.arange(len(top)), labels)
        ax.invert_yaxis()
        ax.set_title(theme.label(brand, 30), fontsize=11)
        ax.set_xlabel(theme.label(t("listening.axis_rise"), 40), fontsize=9)
        ax.grid(axis="y", visible=False)
    for ax in axes.ravel()[len(shown):]:
        ax.set_visible(False)
    fig.suptitle(theme.label(t("listening.chart_terms_title"), 60), fontweight="bold")
    fig.tight_layout()
    return fig
