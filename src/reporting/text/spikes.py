"""Mention spikes: days (and hours) whose volume leaves a brand's own recent range, and what drove them.

The baseline is robust so that one earlier spike does not hide the next one:
for each day, the median and the median absolute deviation (MAD) of the
brand's volume on the ``window_days`` days before it. A day is a spike when
its robust z-score, (volume - median) / spread, reaches the threshold and it
has at least ``min_volume`` mentions; a drop when z falls below minus the
threshold from a baseline of at least ``min_volume``. The spread is
1.4826 x MAD (the normal-consistent scale), but never below the square root
of the median (the noise any count has) nor below 1, so a brand whose volume
happened to be flat for four weeks does not turn ordinary noise into spikes.

Hours use the same rule per hour of the day (09:00 against the 09:00 slots of
the preceding days), because volume follows the clock.

Each spike is explained by one driver: an author (a repost counts for the
original author: it is their words travelling), a post (mentions sharing one
link: quotes of a viral post, comments on one thread, one article), a hashtag
or a channel.
A candidate's share of the excess is (its mentions in the slot - its usual
count per slot) / (volume - baseline). The driver is the most specific
candidate, in that order, that accounts for at least half of the excess; when
none does, the candidate with the largest share. A channel nearly always
"accounts" for a spike on that channel, so it only names the driver when no
single author, post or hashtag explains it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reporting.params import ClientParams

MAD_SCALE = 1.4826  # MAD x this estimates the standard deviation of normal data
DRIVER_KINDS: tuple[str, ...] = ("author", "post", "hashtag", "channel")
DRIVER_MIN_SHARE = 0.5
CRISIS_MIN_SHARE = 0.5  # an up-spike whose excess is at least this negative is a possible crisis
_REPOST = r"^\s*RT @([\w.]+):"
_LINK = r"(https?://\S+)"
SPIKE_COLUMNS = ["brand", "granularity", "start", "volume", "baseline", "spread", "baseline_slots", "z",
                 "direction", "excess",
                 "driver_kind", "driver", "driver_count", "driver_usual", "driver_share", "example",
                 "negative_share", "possible_crisis"]


@dataclass(frozen=True)
class SpikeRule:
    """The spike rule's three numbers, from the client's thresholds."""

    window_days: int = 28
    threshold: float = 3.5
    min_volume: int = 10

    @classmethod
    def from_params(cls, params: ClientParams) -> SpikeRule:
        th = params.thresholds
        return cls(window_days=th.spike_window_days, threshold=th.spike_threshold, min_volume=th.spike_min_volume)

    @property
    def min_periods(self) -> int:
        """Baseline slots needed before a slot is judged: half the window."""
        return max(3, self.window_days // 2)


def local_day(time: pd.Series) -> pd.Series:
    """Calendar day in the timestamps' own (client) zone, as naive midnight."""
    return time.dt.tz_localize(None).dt.floor("D")


def daily_counts(mentions: pd.DataFrame, brands: list[str], first: pd.Timestamp,
                 last: pd.Timestamp) -> pd.DataFrame:
    """Mentions per day per brand from ``first`` to ``last``: zero on quiet days, one column per brand.

    ``first`` should be the first day the data covers: days before it are
    unknown, not quiet, and must not drag the baseline down.
    """
    days = pd.date_range(first, last, freq="D")
    counts = (mentions.assign(day=local_day(mentions["time"]))
              .groupby(["day", "brand"]).size().unstack("brand"))
    return counts.reindex(index=days, columns=brands).fillna(0).astype(float).rename_axis("day")


def hourly_counts(mentions: pd.DataFrame, brands: list[str], first: pd.Timestamp,
                  last: pd.Timestamp) -> pd.DataFrame:
    """Mentions per local hour: rows are days, columns (brand, hour 0-23)."""
    days = pd.date_range(first, last, freq="D")
    local = mentions["time"].dt.tz_localize(None)
    counts = (mentions.assign(day=local.dt.floor("D"), hour=local.dt.hour)
              .groupby(["day", "brand", "hour"]).size().unstack(["brand", "hour"]))
    columns = pd.MultiIndex.from_product([brands, range(24)], names=["brand", "hour"])
    return counts.reindex(index=days, columns=columns).fillna(0).astype(float).rename_axis("day")


def robust_baseline(values: np.ndarray, window: int, min_periods: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Median, spread and number of slots of the ``window`` rows before each row, per column.

    ``values`` is (slots x series); NaN means "no data" and is skipped. Rows with
    fewer than ``min_periods`` known slots before them get NaN.
    """
    n, k = values.shape
    padded = np.vstack([np.full((window, k), np.nan), values])
    windows = np.lib.stride_tricks.sliding_window_view(padded, window, axis=0)[:n]  # (n, k, window)
    known = np.sum(~np.isnan(windows), axis=2)
    with warnings.catch_warnings():  # all-NaN windows (before the data starts) are expected
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(windows, axis=2)
        mad = np.nanmedian(np.abs(windows - median[:, :, None]), axis=2)
    spread = np.maximum.reduce([MAD_SCALE * mad, np.sqrt(np.maximum(median, 0)), np.ones_like(mad)])
    enough = known >= min_periods
    return np.where(enough, median, np.nan), np.where(enough, spread, np.nan), known


def score(counts: pd.DataFrame, rule: SpikeRule) -> pd.DataFrame:
    """Every slot of every series with its baseline, spread and robust z (long format)."""
    median, spread, known = robust_baseline(counts.to_numpy(dtype=float), rule.window_days, rule.min_periods)
    shape = counts.shape
    long = pd.DataFrame({
        "slot": np.repeat(counts.index.to_numpy(), shape[1]),
        "series": np.tile(np.arange(shape[1]), shape[0]),
        "volume": counts.to_numpy(dtype=float).ravel(),
        "baseline": median.ravel(),
        "spread": spread.ravel(),
        "baseline_slots": known.ravel(),
    })
    long["z"] = (long["volume"] - long["baseline"]) / long["spread"]
    long["excess"] = long["volume"] - long["baseline"]
    return long


def flag(scored: pd.DataFrame, rule: SpikeRule) -> pd.DataFrame:
    """Keep the slots that are spikes ('up') or drops ('down') under the rule."""
    up = (scored["z"] >= rule.threshold) & (scored["volume"] >= rule.min_volume)
    down = (scored["z"] <= -rule.threshold) & (scored["baseline"] >= rule.min_volume)
    out = scored[up | down].copy()
    out["direction"] = np.where(up[up | down], "up", "down")
    return out


def detect_daily(counts: pd.DataFrame, rule: SpikeRule, start: pd.Timestamp | None = None,
                 end: pd.Timestamp | None = None) -> pd.DataFrame:
    """Daily spikes and drops per brand between ``start`` and ``end`` (inclusive)."""
    scored = score(counts, rule)
    scored["brand"] = np.asarray(counts.columns)[scored["series"]]
    scored["start"] = pd.to_datetime(scored["slot"])
    found = flag(_between(scored, start, end), rule)
    found["granularity"] = "day"
    return found.drop(columns=["slot", "series"]).reset_index(drop=True)


def detect_hourly(counts: pd.DataFrame, rule: SpikeRule, start: pd.Timestamp | None = None,
                  end: pd.Timestamp | None = None) -> pd.DataFrame:
    """Hourly spikes: each hour of the day against the same hour on the preceding days."""
    scored = score(counts, rule)
    columns = counts.columns.to_frame(index=False)
    scored["brand"] = columns["brand"].to_numpy()[scored["series"]]
    hours = columns["hour"].to_numpy()[scored["series"]]
    scored["start"] = pd.to_datetime(scored["slot"]) + pd.to_timedelta(hours, unit="h")
    found = flag(_between(scored, start, end), rule)
    found["granularity"] = "hour"
    return found.drop(columns=["slot", "series"]).reset_index(drop=True)


def _between(scored: pd.DataFrame, start: pd.Timestamp | None, end: pd.Timestamp | None) -> pd.DataFrame:
    keep = pd.Series(True, index=scored.index)
    if start is not None:
        keep &= scored["slot"] >= pd.Timestamp(start)
    if end is not None:
        keep &= scored["slot"] <= pd.Timestamp(end)
    return scored[keep]


def explain(spikes: pd.DataFrame, mentions: pd.DataFrame, rule: SpikeRule) -> pd.DataFrame:
    """Add each spike's driver, the driver's share of the excess and the possible-crisis flag.

    ``mentions`` has one row per (mention, brand) with ``time`` (client zone),
    ``author``, ``url``, ``hashtags`` (space-separated), ``channel`` and
    ``sentiment``; it must reach ``window_days`` before the first spike.
    """
    if spikes.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in SPIKE_COLUMNS})
    local = mentions["time"].dt.tz_localize(None)
    frame = mentions.assign(_day=local.dt.floor("D"), _hour=local.dt.hour)
    rows = [_explain_one(spike, frame, rule) for spike in spikes.to_dict("records")]
    out = pd.DataFrame(rows, columns=SPIKE_COLUMNS)
    out["possible_crisis"] = out["possible_crisis"].astype("boolean")  # <NA>: sentiment too sparse to tell
    return out


def _explain_one(spike: dict, frame: pd.DataFrame, rule: SpikeRule) -> dict:
    start = pd.Timestamp(spike["start"])
    day = start.floor("D")
    sub = frame[(frame["brand"] == spike["brand"]) & (frame["_day"] >= day - pd.Timedelta(days=rule.window_days))
                & (frame["_day"] <= day)]
    if spike["granularity"] == "hour":
        sub = sub[sub["_hour"] == start.hour]
    in_slot = (sub["_day"] == day).to_numpy()
    base_slots = max(1, int(spike["baseline_slots"]))
    excess = float(spike["excess"])
    best = _driver(sub, in_slot, base_slots, excess)
    best["example"] = _example(sub[in_slot], best["driver_kind"], best["driver"])
    negative = (sub["sentiment"] == "negative").fillna(False).to_numpy()
    known = sub["sentiment"].notna().to_numpy()
    neg_share = (negative[in_slot].sum() - negative[~in_slot].sum() / base_slots) / excess if excess else np.nan
    enough_known = known[in_slot].sum() >= 0.5 * in_slot.sum() if in_slot.any() else False
    crisis = bool(spike["direction"] == "up" and neg_share >= CRISIS_MIN_SHARE) if enough_known else None
    return {**{k: spike[k] for k in ("brand", "granularity", "start", "volume", "baseline", "spread",
                                      "baseline_slots", "z", "direction", "excess")},
            **best, "negative_share": float(neg_share) if enough_known else np.nan, "possible_crisis": crisis}


def _candidates(sub: pd.DataFrame, kind: str) -> pd.DataFrame:
    """One row per (mention, candidate value) of one kind.

    A repost ("RT @name: ...") counts for the original author, because it is
    that author's words travelling; a mention's post is the link it shares
    (quotes of a viral post link it), else its own URL (comments on one thread
    share it); hashtags are exploded.
    """
    if kind == "author":
        reposted = sub["text"].str.extract(_REPOST, expand=False)
        keys = reposted.fillna(sub["author"].str.lstrip("@"))
    elif kind == "post":
        keys = sub["text"].str.extract(_LINK, expand=False).fillna(sub["url"])
    elif kind == "channel":
        keys = sub["channel"]
    else:
        keys = sub["hashtags"].str.split()
        return pd.DataFrame({"key": keys, "_day": sub["_day"]}).explode("key").dropna(subset=["key"])
    return pd.DataFrame({"key": keys, "_day": sub["_day"]}).dropna(subset=["key"])


def _example(slot: pd.DataFrame, kind: str | None, driver: object) -> str | None:
    """The driver's most engaging own words in the slot (an original rather than a repost), for the reader."""
    if kind is None or slot.empty:
        return None
    cand = _candidates(slot, kind)
    rows = slot.loc[cand.index[(cand["key"] == driver).to_numpy()].unique()]
    rows = rows[rows["text"].notna()]
    if rows.empty:
        return None
    ranked = rows.assign(_repost=rows["text"].str.match(_REPOST).fillna(False),
                         _engagement=rows["engagement"].astype("Float64").fillna(0))
    return str(ranked.sort_values(["_repost", "_engagement"], ascending=[True, False])["text"].iloc[0])


def _driver(sub: pd.DataFrame, in_slot: np.ndarray, base_slots: int, excess: float) -> dict:
    """The driver under the module's rule: most specific kind with a candidate at >= half the excess."""
    slot_day = sub["_day"][in_slot].iloc[0] if in_slot.any() else None
    best_per_kind = []
    for kind in DRIVER_KINDS:
        cand = _candidates(sub, kind)
        if cand.empty or excess == 0:
            continue
        in_cand = (cand["_day"] == slot_day).to_numpy() if slot_day is not None else np.zeros(len(cand), bool)
        now = cand.loc[in_cand, "key"].value_counts()
        usual = cand.loc[~in_cand, "key"].value_counts().reindex(now.index, fill_value=0) / base_slots
        if now.empty:
            continue
        share = (now - usual) / excess
        top = share.idxmax()
        best_per_kind.append({"driver_kind": kind, "driver": top, "driver_count": int(now[top]),
                              "driver_usual": float(usual[top]), "driver_share": float(share[top])})
    if not best_per_kind:
        return {"driver_kind": None, "driver": None, "driver_count": 0, "driver_usual": np.nan,
                "driver_share": np.nan}
    for cand in best_per_kind:
        if cand["driver_share"] >= DRIVER_MIN_SHARE:
            return cand
    return max(best_per_kind, key=lambda c: c["driver_share"])


def _dtype(column: str) -> str:
    if column in ("volume", "baseline", "spread", "z", "excess", "driver_usual", "driver_share", "negative_share"):
        return "float64"
    if column in ("driver_count", "baseline_slots"):
        return "int64"
    if column == "start":
        return "datetime64[ns]"
    if column == "possible_crisis":
        return "boolean"
    return "object"


def is_crisis(flag: object) -> bool:
    """True only for a definite possible-crisis flag (missing means unknown, not no)."""
    return flag is not None and flag is not pd.NA and bool(flag)
