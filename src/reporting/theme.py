"""The one place that owns how charts look: fonts, palettes, sizes.

Korean and Greek must render with no missing-glyph boxes on a fresh machine,
so fonts come from packages in the dependency list: DejaVu Sans (shipped
with matplotlib: Latin, Greek, many symbols) with NanumGothic (shipped with
koreanize-matplotlib: Hangul) as per-glyph fallback. Characters no bundled
font covers (colour emoji) are removed from chart labels by :func:`label`;
tables in the HTML keep them, since browsers render them.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterator, Sequence
from functools import cache
import importlib.util
from pathlib import Path

import matplotlib as mpl
import matplotlib.font_manager as fm
import seaborn as sns
from matplotlib.ft2font import FT2Font

FONT_FAMILY = ["DejaVu Sans", "NanumGothic"]
FIGSIZE = (8.0, 4.0)  # reads on a phone at full width: few, large elements
DPI = 110

# Brand order: the client first, competitors after; colours stay stable across reports.
BRAND_PALETTE = ["#1f4e79", "#d9822b", "#5b8e3e", "#8c4f9f", "#b23a48", "#4a9ca6", "#7f7f7f", "#c2a83e"]
CHANNEL_COLORS = {
    "facebook": "#3b5998",
    "instagram": "#c13584",
    "x": "#222222",
    "linkedin": "#0a66c2",
    "youtube": "#cc0000",
    "tiktok": "#25a5a0",
    "pinterest": "#bd081c",
    "other": "#8a8a8a",
}
SENTIMENT_COLORS = {"positive": "#3f8f4f", "neutral": "#a0a0a0", "negative": "#c0392b"}
STATUS_COLORS = {"on_track": "#3f8f4f", "at_risk": "#d9822b", "off_track": "#c0392b", "uncertain": "#6b6f9e",
                 "no_data": "#a0a0a0"}
SEQUENTIAL = "Blues"

_RC = {
    "font.family": FONT_FAMILY,  # a list of real families: matplotlib falls back per glyph
    "font.sans-serif": FONT_FAMILY,
    "axes.unicode_minus": False,
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "savefig.bbox": "tight",
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@cache
def _font_files() -> tuple[str, ...]:
    """Register the bundled fonts with matplotlib once; return their paths."""
    # Located, not imported: importing koreanize_matplotlib rewrites rcParams as a side effect.
    spec = importlib.util.find_spec("koreanize_matplotlib")
    assert spec and spec.submodule_search_locations, "koreanize-matplotlib (NanumGothic) is not installed"
    nanum = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    files = [str(nanum / name) for name in ("NanumGothic.ttf", "NanumGothicBold.ttf")]
    for f in files:
        fm.fontManager.addfont(f)
    files.insert(0, fm.findfont(fm.FontProperties(family="DejaVu Sans"), fallback_to_default=False))
    return tuple(files)


@cache
def _covered() -> frozenset[int]:
    """Code points at least one bundled font can draw."""
    points: set[int] = set()
    for f in _font_files():
        points.update(FT2Font(f).get_charmap())
    return frozenset(points)


def label(text: object, width: int = 40) -> str:
    """A chart-safe label: drawable characters only, whole characters, at most ``width`` long.

    Bidirectional controls and emoji no bundled font covers are removed (they would
    draw as boxes); Hangul, Greek and Latin are kept whole.
    """
    covered = _covered()
    s = "".join(ch for ch in str(text) if unicodedata.category(ch) not in ("Cf", "Cc", "Cs", "Co")
                and (ord(ch) in covered or ch.isspace()))
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1].rstrip() + "…"


_accent: str | None = None  # the client's accent colour (branding.accent, checked readable), set by set_theme


def set_theme(accent: str | None = None) -> None:
    """Apply the project theme globally (notebooks call this once via the report context).

    ``accent`` (``#rrggbb``, already checked by :func:`reporting.branding.accent`) becomes the client's
    own colour in every chart: the first brand colour and the first colour of the cycle.
    """
    global _accent
    _font_files()
    _accent = accent.lower() if accent else None
    sns.set_theme(style="whitegrid", palette=palette() if _accent else "deep", rc=_RC)


@contextlib.contextmanager
def theme(accent: str | None = None) -> Iterator[None]:
    """The theme for a block only: tests and interactive sessions keep their own settings."""
    global _accent
    before = _accent
    with mpl.rc_context():
        set_theme(accent)
        try:
            yield
        finally:
            _accent = before


def _distance(a: str, b: str) -> float:
    return sum((int(a[i:i + 2], 16) - int(b[i:i + 2], 16)) ** 2 for i in (1, 3, 5)) ** 0.5


def palette() -> list[str]:
    """The brand palette in use: the accent first (when set), without a palette colour too close to it."""
    if not _accent:
        return list(BRAND_PALETTE)
    rest = [c for c in BRAND_PALETTE[1:] if _distance(c, _accent) > 60]
    return [_accent, *rest]


def brand_colors(brands: Sequence[str]) -> dict[str, str]:
    """Stable colour per brand: position in the client's brand list (client first, in the accent when set)."""
    colors = palette()
    return {b: colors[i % len(colors)] for i, b in enumerate(brands)}


def channel_color(channel: str) -> str:
    return CHANNEL_COLORS.get(channel, CHANNEL_COLORS["other"])
