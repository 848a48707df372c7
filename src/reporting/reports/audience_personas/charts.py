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

METRICS = ("post_share", "spend_share", "engagement_share", "buyer_share", "sales_share")  # bar order


def metric_colors() -> dict[str, str]:
    """One theme colour per channel-fit metric (the client's accent first when set)."""
    colors = theme.palette()
    return {m: colors[i % len(colors)] for i, m in enumerate(METRICS)}


def gender_colors() -> dict[str, str]:
    """Women, men, other and 'all genders' (exports without a split) in theme colours; the survey in the text colour."""
    colors = theme.palette()
    return {"female": colors[1 % len(colors)], "male": colors[0], "other": colors[-2 % len(colors)],
            "unsplit": colors[5 % len(colors)]}


def channel_fit(fit: pd.DataFrame, metrics: dict[str, str], title: str) -> Figure:
    """Grouped bars per channel: share of posts, spend, engagement, buyers and sales side by side.

    A channel whose orange (engagement) bar towers over its green (buyers) and blue (sales)
    bars is earning likes from people who do not buy.
    """
    channels = fit["channel"].tolist()
    width = 0.8 / len(metrics)
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 4.2))
    x = np.arange(len(channels))
    colors = metric_colors()
    for i, (metric, name) in enumerate(metrics.items()):
        values = fit[metric].astype("float64").fillna(0.0).to_numpy()
        bars = ax.bar(x + (i - (len(metrics) - 1) / 2) * width, values, width * 0.95,
                      color=colors[metric], label=theme.label(name))
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
    """One panel per channel and basis: the platform's age profile by gender (stacked bars), the survey's users (dots).

    ``ages`` has ``panel`` (the panel title: channel and what its shares are of), ``age_band, female,
    male, other, unsplit, survey``; ``labels`` names the legend entries. Panels on different bases
    (followers, views, page views) get their own y scale: they are not like for like.
    """
    panels = list(dict.fromkeys(ages["panel"]))
    cols = min(3, len(panels))
    rows = math.ceil(len(panels) / cols)
    same_basis = ages["basis"].nunique() <= 1
    fig, axes = plt.subplots(rows, cols, figsize=(theme.FIGSIZE[0], 2.9 * rows + 0.7), sharey=same_basis,
                             squeeze=False)
    fills = gender_colors()
    text = plt.rcParams["text.color"]
    for ax, panel in zip(axes.flat, panels, strict=False):
        g = ages[ages["panel"] == panel]
        x = np.arange(len(g))
        bottom = np.zeros(len(g))
        for part in ("female", "male", "other", "unsplit"):
            values = g[part].astype("float64").to_numpy()
            if values.sum() > 0:
                ax.bar(x, values, bottom=bottom, color=fills[part], label=theme.label(labels[part]))
                bottom += values
        if g["survey"].notna().any():
            ax.plot(x, g["survey"].astype("float64"), "o", color=text, ms=6, label=theme.label(labels["survey"]))
        ax.set_xticks(x)
        ax.set_xticklabels([theme.label(b) for b in g["age_band"]], rotation=45, fontsize=8)
        ax.set_title("\n".join(textwrap.wrap(theme.label(panel, 60), 28)), fontsize=10,
                     color=colors.get(panel, theme.CHANNEL_COLORS["other"]))
        ax.set_ylim(0, _top(ages if same_basis else g))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    handles: dict[str, object] = {}
    for ax in list(axes.flat)[:len(panels)]:
        for handle, name in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(name, handle)
    fig.suptitle(theme.label(title, 70), fontsize=13, fontweight="bold")
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=min(len(handles), 5),
               bbox_to_anchor=(0.5, -0.02))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    return fig


def _top(ages: pd.DataFrame) -> float:
    """The y limit that holds every bar and survey dot of ``ages``."""
    bars = ages[["female", "male", "other", "unsplit"]].astype("float64").sum(axis=1).max()
    return max(float(bars), float(ages["survey"].astype("float64").fillna(0).max()), 0.1) * 1.15


def k_selection(scores: pd.DataFrame, title: str, xlabel: str, ylabel: str) -> Figure:
    """BIC per number of personas (lower is better); the chosen k is the large filled marker."""
    fig, ax = plt.subplots(figsize=(theme.FIGSIZE[0], 3.0))
    colors = theme.palette()
    ax.plot(scores["k"], scores["bic"], "-o", color=colors[-2 % len(colors)], ms=7)
    chosen = scores[scores["chosen"]]
    ax.plot(chosen["k"], chosen["bic"], "o", color=colors[0], ms=12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))  # no separator: reads in every locale
    ax.set_xticks(scores["k"].tolist())
    ax.set_xlabel(theme.label(xlabel))
    ax.set_ylabel(theme.label(ylabel))
    ax.set_title(theme.label(title, 70))
    return fig
