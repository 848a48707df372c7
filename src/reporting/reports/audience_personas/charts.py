"""Audience personas, charts: frames already labelled in the client's language in, Figure out (drawing only).

Every string drawn passes through :func:`reporting.theme.label`; channel colours
come from the theme. The views pass display names (channels, personas, titles),
so these functions never translate.
"""

from __future__ import annotations

import math
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, PercentFormatter

from reporting import theme

METRIC_COLORS = {"post_share": "#9fb3c8", "spend_share": "#4a6d8c", "engagement_share": "#d9822b",
                 "buyer_share": "#3f8f4f", "sales_share": "#1f4e79"}
SURVEY_COLOR = "#222222"
GENDER_COLORS = ("#c0607a", "#4a7fb0", "#a0a0a0")  # female, male, other


def channel_fit(fit: pd.DataFrame, metrics: dict[str, str], title: str) -> Figure:
    """Grouped bars per channel: share of posts, spend, engagement, buyers and sales side by side.

    A channel whose orange (engagement) bar towers over its green (buyers) and blue (sales)
    bars is earning likes from people who do not buy.
    """
    channels = fit["channel"].tolist()
    width = 0.8 / len(metrics)
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 4.2))
    x = np.arange(len(channels))
    for i, (metric, name) in enumerate(metrics.items()):
        values = fit[metric].astype("float64").fillna(0.0).to_numpy()
        bars = ax.bar(x + (i - (len(metrics) - 1) / 2) * width, values, width * 0.95,
                      color=METRIC_COLORS[metric], label=theme.label(name))
        ax.bar_label(bars, labels=[f"{v:.0%}" if v >= 0.05 else "" for v in values], fontsize=8, padding=1)
    ax.set_xticks(x)
    ax.set_xticklabels([theme.label(c, 20) for c in channels])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylim(0, 1.08)
    ax.set_title(theme.label(title, 70))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=min(len(metrics), 3))
    return fig


def persona_channels(usage: pd.DataFrame, title: str) -> Figure:
    """Heatmap: share of each persona (rows) active on each channel (columns), annotated in %."""
    shown = usage.iloc[:, :8]
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 1.2 + 0.75 * len(shown)))
    image = ax.imshow(shown.to_numpy(dtype="float64"), cmap=theme.SEQUENTIAL, vmin=0, vmax=1, aspect="auto")
    for (i, j), v in np.ndenumerate(shown.to_numpy(dtype="float64")):
        ax.text(j, i, f"{v:.0%}", ha="center", va="center", fontsize=10, color="white" if v > 0.55 else "#1d2733")
    ax.set_xticks(range(shown.shape[1]))
    ax.set_xticklabels([theme.label(c, 14) for c in shown.columns], rotation=0)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(theme.label(n, 60), 26)) for n in shown.index])
    ax.grid(False)
    ax.tick_params(length=0)
    ax.set_title(theme.label(title, 70))
    fig.colorbar(image, ax=ax, format=PercentFormatter(1.0, decimals=0), fraction=0.03, pad=0.02)
    return fig


def platform_ages(ages: pd.DataFrame, colors: dict[str, str], labels: dict[str, str], title: str) -> Figure:
    """One panel per channel: the platform's age x gender profile (stacked bars), the survey's users (dots).

    ``ages`` has ``channel, age_band, female, male, other, platform, survey``; ``labels`` names the
    legend entries (``female``, ``male``, ``other``, ``survey``).
    """
    channels = list(dict.fromkeys(ages["channel"]))
    cols = min(3, len(channels))
    rows = math.ceil(len(channels) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(theme.FIGSIZE[0], 2.9 * rows + 0.7), sharey=True, squeeze=False)
    top = max(float(ages["platform"].max()), float(ages["survey"].fillna(0).max()), 0.1) * 1.15
    for ax, channel in zip(axes.flat, channels, strict=False):
        g = ages[ages["channel"] == channel]
        x = np.arange(len(g))
        bottom = np.zeros(len(g))
        for gender, color in zip(("female", "male", "other"), GENDER_COLORS, strict=True):
            values = g[gender].astype("float64").to_numpy()
            if values.sum() > 0:
                ax.bar(x, values, bottom=bottom, color=color, label=theme.label(labels[gender]))
                bottom += values
        if g["survey"].notna().any():
            ax.plot(x, g["survey"].astype("float64"), "o", color=SURVEY_COLOR, ms=6,
                    label=theme.label(labels["survey"]))
        ax.set_xticks(x)
        ax.set_xticklabels([theme.label(b) for b in g["age_band"]], rotation=45, fontsize=8)
        ax.set_title(theme.label(channel, 24), fontsize=11, color=colors.get(channel, theme.CHANNEL_COLORS["other"]))
        ax.set_ylim(0, top)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    for ax in list(axes.flat)[len(channels):]:
        ax.set_visible(False)
    handles, names = axes.flat[0].get_legend_handles_labels()
    fig.suptitle(theme.label(title, 70), fontsize=13, fontweight="bold")
    fig.legend(handles, names, loc="lower center", ncol=len(names), bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def k_selection(scores: pd.DataFrame, title: str, xlabel: str, ylabel: str) -> Figure:
    """BIC per number of personas (lower is better); the chosen k is the large filled marker."""
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 3.0))
    ax.plot(scores["k"], scores["bic"], "-o", color="#9fb3c8", ms=7)
    chosen = scores[scores["chosen"]]
    ax.plot(chosen["k"], chosen["bic"], "o", color=theme.BRAND_PALETTE[0], ms=12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))  # no separator: reads in every locale
    ax.set_xticks(scores["k"].tolist())
    ax.set_xlabel(theme.label(xlabel))
    ax.set_ylabel(theme.label(ylabel))
    ax.set_title(theme.label(title, 70))
    return fig
