"""Competitor listening, calls: what the evidence lets the report state, and what it must withhold.

Each function takes computed frames and returns them with the calls its evidence backs (the
thresholds are the client's :class:`~reporting.params.Thresholds`, see params/README.md):

- :func:`called_spikes`: a spike's driver, a possible crisis;
- :func:`called_sentiment`: net sentiment and its change per brand;
- :func:`called_share_of_voice`: the change in share of voice;
- :func:`competitor_to_watch` / :func:`watch_evidence`: the competitor to watch, or what a "none"
  rests on (a gain in share beyond chance and beyond spike days, or a faster-growing following
  measured over the whole period on both sides).

The wording layer says "not called" with the reason wherever these withhold a value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from reporting.analysis.competition import day_start, in_days

if TYPE_CHECKING:
    from reporting.coverage import Window
    from reporting.periods import Period
    from reporting.reports.competitor_listening.result import Listening

NOISE_SE = 2.0  # a competitor's gain in share of voice must exceed this many standard errors to be called


def called_spikes(spikes: pd.DataFrame, min_mentions: int) -> pd.DataFrame:
    """Spikes with ``driver_extra`` and ``driver_called``; a possible crisis only with enough negative mentions.

    A driver is named when its extra mentions in the slot (its count minus its usual count)
    reach ``min_mentions``; a spike is a possible crisis only when its negative extra mentions
    (negative share x excess) reach as many, else the flag is unknown (``<NA>``), not "no".
    """
    if spikes.empty:
        return spikes.assign(driver_extra=pd.Series(dtype="float64"), driver_called=pd.Series(dtype="bool"))
    extra = spikes["driver_count"].astype(float) - spikes["driver_usual"].astype(float).fillna(0)
    called = spikes["driver"].notna() & (extra.abs() >= min_mentions)
    negative = spikes["negative_share"].astype(float) * spikes["excess"].astype(float)
    crisis = spikes["possible_crisis"].astype("boolean").mask(~(negative >= min_mentions) & spikes[
        "possible_crisis"].astype("boolean").fillna(False))
    return spikes.assign(driver_extra=extra, driver_called=called.to_numpy(dtype=bool), possible_crisis=crisis)


def polar_counts(rows: pd.DataFrame, brands: list[str], window: Window | Period) -> pd.Series:
    """Positive plus negative mentions per brand in ``window``: what net sentiment is computed from."""
    now = in_days(rows, window.start, window.end, ["brand", "sentiment"])
    polar = now[now["sentiment"].isin(["positive", "negative"]).fillna(False).to_numpy(dtype=bool)]
    return polar.groupby("brand", observed=True).size().reindex(brands, fill_value=0).astype(int)


def called_sentiment(table: pd.DataFrame, polar: pd.Series, polar_before: pd.Series, minimum: int) -> pd.DataFrame:
    """Net sentiment per brand, with ``net`` and ``net_change`` withheld (NaN) where too few mentions back them.

    ``net_raw`` keeps the computed value for the analyst; ``polar`` and ``polar_previous``
    say how many positive plus negative mentions each value rests on.
    """
    out = table.assign(net_raw=table["net"], polar=table["brand"].map(polar).fillna(0).astype(int),
                       polar_previous=table["brand"].map(polar_before).fillna(0).astype(int))
    now_ok, before_ok = out["polar"] >= minimum, out["polar_previous"] >= minimum
    return out.assign(net=out["net"].where(now_ok), net_previous=out["net_previous"].where(before_ok),
                      net_change=out["net_change"].where(now_ok & before_ok))


def called_share_of_voice(sov: pd.DataFrame, minimum: int) -> pd.DataFrame:
    """Share of voice with the change withheld (NaN) when either period has fewer than ``minimum`` brand mentions."""
    before = float(sov["mentions_previous"].sum())
    if before >= minimum and float(sov["mentions"].sum()) >= minimum:
        return sov
    return sov.assign(share_change=np.nan, reach_share_change=np.nan)


def sustained_change(sov: pd.DataFrame, spikes: pd.DataFrame, window: Window | Period) -> pd.Series:
    """Each brand's change in share of voice once its up-spike days in ``window`` count as usual days.

    A spike day's excess over its baseline is taken out of the brand's mentions, so a gain
    that came from one viral day alone turns into a loss here.
    """
    days = spikes[(spikes["granularity"] == "day") & (spikes["direction"] == "up")] if not spikes.empty else spikes
    if not days.empty:
        inside = (pd.to_datetime(days["start"]) >= day_start(window.start)) & (
            pd.to_datetime(days["start"]) <= day_start(window.end))
        days = days[inside.to_numpy(dtype=bool)]
    excess = days.groupby("brand")["excess"].sum() if not days.empty else pd.Series(dtype=float)
    adjusted = (sov["mentions"] - sov["brand"].map(excess).fillna(0)).clip(lower=0)
    total = adjusted.sum()
    share = adjusted / total if total else adjusted * np.nan
    return pd.Series((share - sov["share_previous"]).to_numpy(), index=sov["brand"].to_numpy())


def owned_in_period(owned: pd.DataFrame) -> pd.DataFrame:
    """The owned channels with figures in the period: a follower count in it, or posts."""
    if owned.empty:
        return owned
    has = pd.to_datetime(owned["growth_to"]).notna() | (owned["posts"].astype(float).fillna(0) > 0)
    return owned[has.to_numpy(dtype=bool)].reset_index(drop=True)


def comparable_growth(owned: pd.DataFrame, period: Period, lag: int) -> pd.DataFrame:
    """Owned channels whose growth spans the whole period: a count on or before its first day, one near its end."""
    if owned.empty:
        return owned
    start_ok = pd.to_datetime(owned["growth_from"]) <= day_start(period.start)
    end_ok = pd.to_datetime(owned["growth_to"]) >= day_start(period.end) - pd.Timedelta(days=lag)
    return owned[(start_ok & end_ok).to_numpy(dtype=bool) & owned["growth"].notna().to_numpy(dtype=bool)]


def competitor_to_watch(r: Listening) -> dict[str, Any]:
    """The competitor move to watch, called only on enough evidence (empty when nothing can be called).

    1. the competitor with the largest gain in share of voice that holds without its spike days,
       when both periods compared have ``sov_min_mentions`` brand mentions and the gain exceeds
       what chance alone makes (:func:`share_noise`);
    2. else a competitor whose following on a channel grew faster than the client's on the same
       channel, both measured over the whole period;
    3. else, a gain in share that came from spike days alone (``reason`` ``spike_only``: said,
       not called a competitor to watch).
    """
    if not r.competitors:
        return {}
    spike_only: dict[str, Any] = {}
    now_days, _ = r.compared
    comp = r.sov[r.sov["brand"] != r.client].dropna(subset=["share_change"])
    gainers = comp[comp["share_change"] > share_noise(comp, *r.sov_totals)].sort_values("share_change",
                                                                                        ascending=False)
    if not gainers.empty:
        sustained = sustained_change(r.sov, r.spikes, now_days)
        for row in gainers.to_dict("records"):
            spikes = r.spikes[(r.spikes["brand"] == row["brand"]) & (r.spikes["direction"] == "up")
                              & (r.spikes["granularity"] == "day")]
            spike = spikes.sort_values("excess", ascending=False).iloc[0].to_dict() if not spikes.empty else None
            if sustained.get(row["brand"], np.nan) > 0:
                return {"brand": row["brand"], "reason": "share_of_voice", "share": float(row["share"]),
                        "change": float(row["share_change"]), "spike": spike}
            if not spike_only and spike is not None:
                spike_only = {"brand": row["brand"], "reason": "spike_only", "share": float(row["share"]),
                              "change": float(row["share_change"]), "spike": spike}
    lag = r.coverage.stale_after if r.coverage is not None else 2
    owned = comparable_growth(r.owned, r.period, lag)
    mine = owned[owned["brand"] == r.client].set_index("channel")["growth"].astype(float)
    theirs = owned[(owned["brand"] != r.client) & owned["channel"].isin(mine.index)]
    if not theirs.empty:
        # a competitor whose following grows faster than the client's on the same channel
        faster = theirs[theirs["growth"].astype(float).to_numpy() > mine.reindex(theirs["channel"]).to_numpy()]
        if not faster.empty:
            row = faster.sort_values("growth", ascending=False).iloc[0]
            return {"brand": row["brand"], "reason": "followers", "channel": row["channel"],
                    "growth": float(row["growth"]), "client_growth": float(mine[row["channel"]])}
    return spike_only


def share_noise(sov: pd.DataFrame, now: int, before: int) -> pd.Series:
    """Per brand, the change in share of voice chance alone could make: :data:`NOISE_SE` standard errors.

    The standard error of a difference of two shares, sqrt(p1 (1 - p1) / n1 + p0 (1 - p0) / n0),
    with n the tracked-brand mentions of each period; infinite when a period has none.
    """
    if not now or not before:
        return pd.Series(np.inf, index=sov.index)
    p1, p0 = sov["share"].astype(float), sov["share_previous"].astype(float)
    return NOISE_SE * np.sqrt(p1 * (1 - p1) / now + p0 * (1 - p0) / before)


def watch_evidence(r: Listening) -> str:
    """What a "no competitor to watch" rests on: ``shares`` and/or ``followers`` compared, else why nothing was.

    ``no_competitors`` (none tracked), ``shares_and_followers``, ``shares``, ``followers``
    or ``none`` (too few mentions to compare shares and no following measured on both sides).
    """
    if not r.competitors:
        return "no_competitors"
    shares = bool(r.sov.loc[r.sov["brand"] != r.client, "share_change"].notna().any())
    lag = r.coverage.stale_after if r.coverage is not None else 2
    owned = comparable_growth(r.owned, r.period, lag)
    mine = set(owned.loc[owned["brand"] == r.client, "channel"])
    followers = bool(mine) and bool((owned["brand"] != r.client).to_numpy().any()) and bool(
        owned.loc[owned["brand"] != r.client, "channel"].isin(mine).any())
    if shares and followers:
        return "shares_and_followers"
    return "shares" if shares else "followers" if followers else "none"
