"""Annual review, charts: frames from the review in, Figure out (drawing only; None when there is nothing to draw).

Every string drawn passes through :func:`reporting.theme.label`; colours come
from the theme (channel and brand palettes), so the review matches the others.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from babel.dates import format_date
from matplotlib.colors import rgb_to_hsv, to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from reporting import theme
from reporting.i18n import Translator


def monthly_trends(monthly: pd.DataFrame, t: Translator, last_name: str) -> Figure | None:
    """Four small panels (reach or impressions, engagements, followers, conversions), in the frame's metric order:
    each channel this period (solid) and the period before (dotted), month by month."""
    if not monthly["value"].notna().any():
        return None
    fig, axes = plt.subplots(2, 2, figsize=(theme.FIGSIZE[0], 6.4), sharex=True)
    compact = FuncFormatter(lambda v, _: t.compact(v))
    this = monthly[monthly["period"] == "this"]
    months = this.drop_duplicates("index").set_index("index")["month"]
    ticks = [i for i in months.index if i % 3 == 0]
    metrics = list(dict.fromkeys(monthly["metric"]))[:4]
    for ax, metric in zip(axes.flat, metrics, strict=False):
        m = monthly[monthly["metric"] == metric]
        for channel, g in m.groupby("channel", sort=True):
            color = theme.channel_color(channel)
            for name, style, width, label in (("last", ":", 1.4, ""), ("this", "-", 2.4, t.channel(channel))):
                s = g[g["period"] == name]
                if s["value"].notna().any():
                    ax.plot(s["index"], s["value"].astype(float), style, color=color, lw=width,
                            label=theme.label(label))
        ax.set_title(theme.label(t(f"annual.metric_{metric}")), fontsize=11)
        ax.yaxis.set_major_formatter(compact)
        ax.set_xticks(ticks)
        ax.set_xticklabels([theme.label(format_date(months[i], "LLL", locale=t.locale)) for i in ticks])
        if not m["value"].notna().any():
            ax.text(0.5, 0.5, theme.label(t("annual.chart_no_data")), ha="center", va="center",
                    transform=ax.transAxes, color="#888888")
    handles, labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab and lab not in labels:
                handles.append(h)
                labels.append(lab)
    handles.append(plt.Line2D([], [], color="#666666", ls=":", lw=1.4))
    labels.append(theme.label(t("annual.chart_last_year", year=last_name)))
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 4), bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def channel_shares(card: pd.DataFrame, t: Translator, exposure: str = "reach") -> Figure | None:
    """Per channel: share of reach, of engagements and of conversions side by side (engagement without sales shows)."""
    c = card[card["verdict"] != "no_data"]
    if c.empty:
        return None
    colors = theme.palette()
    parts = [("reach_share", colors[0]), ("engagement_share", colors[1]), ("conversion_share", colors[2])]
    parts = [(col, color) for col, color in parts if c[col].notna().any()]
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 1.2 + 0.9 * max(len(c), 1)))
    y = np.arange(len(c))
    h = 0.8 / max(len(parts), 1)
    for i, (col, color) in enumerate(parts):
        values = c[col].astype(float).fillna(0).to_numpy()
        bars = ax.barh(y - 0.4 + h * (i + 0.5), values, height=h, color=color,
                       label=theme.label(t(f"annual.chart_{col}", measure=t(f"annual.measure_{exposure}"))))
        for bar, v in zip(bars, values, strict=True):
            ax.text(bar.get_width() + 0.01, bar.get_y() + bar.get_height() / 2, theme.label(t.percent(v, 0)),
                    va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels([theme.label(t.channel(ch)) for ch in c["channel"]])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlim(0, 1.1)
    ax.set_title(theme.label(t("annual.chart_shares_title"), 60))
    ax.legend(loc="lower right")
    return fig


def campaign_lifecycle(curves: pd.DataFrame, camps: pd.DataFrame, t: Translator) -> Figure | None:
    """Reach score (1.0 = the channel's typical post) by week since launch; runs whose reach dies drawn in red."""
    if curves.empty:
        return None
    fig, ax = plt.subplots()
    decaying = set(zip(camps.loc[camps["decays"], "campaign"], camps.loc[camps["decays"], "start"], strict=True))
    repeated = curves.drop_duplicates(["campaign", "launch"])["campaign"].duplicated(keep=False)
    names = set(curves.drop_duplicates(["campaign", "launch"])["campaign"][repeated])
    muted = [c for c in theme.palette() if not _reddish(c)]  # red marks a dying run
    for i, ((name, launch), g) in enumerate(curves.groupby(["campaign", "launch"], sort=False)):
        bad = (name, launch.date()) in decaying
        label = f"{name} ({t.date(launch.date(), 'short')})" if name in names else name
        ax.plot(g["week"], g["score"].astype(float), marker="o", lw=2.8 if bad else 1.6,
                color=theme.SENTIMENT_COLORS["negative"] if bad else muted[i % len(muted)], zorder=3 if bad else 2,
                label=theme.label(label, 34))
    ax.axhline(1.0, color="#999999", lw=1, ls="--")
    ax.set_xlabel(theme.label(t("annual.chart_week_since_launch")))
    ax.set_ylabel(theme.label(t("annual.chart_reach_score")))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: t.number(v, 1) + "×"))
    ax.set_xticks(sorted(curves["week"].unique()))
    ax.set_ylim(bottom=0)
    ax.set_title(theme.label(t("annual.chart_lifecycle_title"), 60))
    runs = len(curves.groupby(["campaign", "launch"]))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=min(3, max(1, runs)))
    return fig


def _reddish(color: str) -> bool:
    """A saturated red (hue within 20° of red), kept for the runs whose reach dies."""
    hue, saturation, _ = rgb_to_hsv(to_rgb(color))
    return saturation > 0.4 and (hue < 20 / 360 or hue > 340 / 360)


def share_of_voice(position: pd.DataFrame, t: Translator, brands: list[str], year: str, last: str) -> Figure | None:
    """Share of voice per brand, last year (light) against this year (full colour)."""
    if position.empty:
        return None
    fig, ax = plt.subplots()
    colors = theme.brand_colors(brands)
    p = position.set_index("brand").reindex([b for b in brands if b in set(position["brand"])])
    x = np.arange(len(p))
    for offset, col, alpha, yr in ((-0.2, "share_previous", 0.35, last), (0.2, "share", 1.0, year)):
        values = p[col].astype(float).fillna(0).to_numpy()
        bars = ax.bar(x + offset, values, width=0.4, color=[colors[b] for b in p.index], alpha=alpha)
        for bar, v in zip(bars, values, strict=True):
            ax.text(bar.get_x() + bar.get_width() / 2, v + 0.01, theme.label(t.percent(v, 0)),
                    ha="center", va="bottom", fontsize=9)
        ax.bar([0], [0], color="#555555", alpha=alpha, label=theme.label(str(yr)))
    ax.legend(loc="upper right")
    ax.set_xticks(x)
    ax.set_xticklabels([theme.label(b, 18) for b in p.index])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, min(1.0, float(np.nanmax(p[["share_previous", "share"]].to_numpy(dtype=float, na_value=0))) + 0.15))
    ax.set_title(theme.label(t("annual.chart_sov_title", year=year, last=last), 60))
    return fig


def follower_shift(shift: pd.DataFrame, t: Translator, year: str) -> Figure | None:
    """Followers per channel at the start and the end of the year."""
    if shift.empty:
        return None
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 1.2 + 0.8 * max(len(shift), 1)))
    y = np.arange(len(shift))
    start = shift["start"].astype(float).fillna(0).to_numpy()
    end = shift["end"].astype(float).fillna(0).to_numpy()
    colors = [theme.channel_color(c) for c in shift["channel"]]
    ax.barh(y - 0.2, start, height=0.4, color=colors, alpha=0.35)
    ax.barh(y + 0.2, end, height=0.4, color=colors)
    ax.barh([0], [0], color="#555555", alpha=0.35, label=theme.label(t("annual.chart_followers_start", year=year)))
    ax.barh([0], [0], color="#555555", label=theme.label(t("annual.chart_followers_end", year=year)))
    for yi, e, g in zip(y, end, shift["growth"], strict=True):
        ax.text(e * 1.01, yi + 0.2, theme.label(t.signed_percent(g)), va="center", fontsize=9)
    ax.set_yticks(y)
    ax.set_yticklabels([theme.label(t.channel(c)) for c in shift["channel"]])
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: t.compact(v)))
    ax.set_xlim(0, max(float(np.max(end, initial=0)), float(np.max(start, initial=0))) * 1.18 or 1)
    ax.legend(loc="lower right")
    ax.set_title(theme.label(t("annual.chart_followers_title", year=year), 60))
    return fig
