"""Annual review, channel scorecard: a keep / fix / stop verdict per channel from explicit rules.

Every verdict comes from a rule whose thresholds are :class:`~reporting.params.Thresholds`
(overridable under ``thresholds:``) and stated in the report, so a stakeholder can check
why a channel is marked *stop*.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporting.params import Thresholds

STRENGTHS = ("reach", "engagement", "conversions", "cost", "fit")
WEAKNESSES = ("wrong_platform", "low_conversions", "costly", "low_reach", "low_engagement", "poor_fit")
VERDICTS = ("keep", "fix", "stop", "no_data")  # no_data: not enough data to call (the reason says why)
NOT_JUDGED = ("no_posts", "few_posts", "no_exposure", "alone", "short")


def exposure_measure(posts: pd.DataFrame) -> str:
    """'reach' when every channel with posts reports reach for most of them, else 'impressions' if all report those.

    X and LinkedIn exports carry impressions but no reach; comparing one channel's
    reach with another's impressions would flatter the second, so the channel
    scorecard uses one measure for every channel.
    """
    if posts.empty:
        return "reach"
    known = posts[["reach", "impressions"]].notna().groupby(posts["channel"]).mean()
    if (known["reach"] >= 0.5).all():
        return "reach"
    return "impressions" if (known["impressions"] >= 0.5).all() else "reach"


def scorecard(totals: pd.DataFrame, fit: pd.DataFrame | None = None, rules: Thresholds = Thresholds(),
              exposure: str = "reach", days: int | None = None) -> pd.DataFrame:
    """A keep / fix / stop verdict per channel from explicit rules over the year's totals.

    Each channel is compared with the client's channels taken together (the portfolio):

    - ``reach_share`` against a fair share (1 / channels judged);
    - ``engagement_index`` = its engagement rate / the portfolio's;
    - ``conversion_yield`` = its share of conversions / its share of reach (1 = converts
      its reach as well as the portfolio does);
    - ``cost_index`` = its cost per result / the portfolio's (spend without any result: costly);
    - ``purchase_index`` from :func:`reporting.analysis.fit.channel_fit`: how often survey
      respondents using the channel buy, against all respondents (audience fit).

    Strengths and weaknesses follow :class:`~reporting.params.Thresholds`. Engagement at or above the portfolio
    rate with a conversion yield below ``yield_wrong_platform`` is the *wrong platform*
    mistake (engagement without conversions). Low engagement is not held against a
    channel whose conversions are a strength: engagement is a means, sales the end.
    Verdict: no weakness, keep; weaknesses and at least one strength, fix; weaknesses
    and no strength, stop. With ``exposure='impressions'`` every "reach" above (and the
    engagement rate's base) is impressions.

    A verdict is called only with its evidence; otherwise the verdict is ``no_data`` ("not enough
    data to call") and ``reason`` says why (:data:`NOT_JUDGED`): the channel's posts do not cover
    the days compared (``no_posts``), it has fewer than ``min_posts`` posts (``few_posts``), its
    export gives neither reach nor impressions (``no_exposure``), no other channel qualifies, so
    there is no portfolio to compare it with (``alone``), or the figures span fewer than
    ``min_verdict_days`` days (``days``; ``short``).
    """
    t = totals.drop(index="all", errors="ignore").astype("float64")  # NaN, never pd.NA: no ambiguous truth
    t = t.assign(reach=t[exposure], engagement_rate=(t["engagements"] / t[exposure]).where(t[exposure] > 0))
    reasons = {c: _not_judged(r, rules) for c, r in t.iterrows()}
    if days is not None and days < rules.min_verdict_days:
        reasons = {c: reasons[c] or "short" for c in t.index}
    if sum(1 for r in reasons.values() if not r) < 2:
        reasons = {c: r or "alone" for c, r in reasons.items()}
    judged = t[[not reasons[c] for c in t.index]]
    fair = 1 / len(judged) if len(judged) else np.nan
    reach_all = float(judged["reach"].sum())
    eng_rate_all = float(judged["engagements"].sum()) / reach_all if reach_all else np.nan
    conv_all = float(judged["conversions"].sum())
    spend_all = float(judged["spend"].sum())
    cpr_all = spend_all / conv_all if conv_all > 0 and spend_all > 0 else np.nan
    rows = []
    for channel, r in t.iterrows():
        row = {"channel": channel, "posts": r["posts"], "reach": r["reach"], "engagement_rate": r["engagement_rate"],
               "conversions": r["conversions"], "spend": r["spend"], "cost_per_result": r["cost_per_result"]}
        if reasons[channel]:
            row.update({k: np.nan for k in ("reach_share", "engagement_index", "engagement_share", "conversion_share",
                                             "conversion_yield", "cost_index", "purchase_index", "buyer_reach")})
            row.update(strengths=(), weaknesses=(), verdict="no_data", wrong_platform=False, reason=reasons[channel])
            rows.append(row)
            continue
        row["reach_share"] = _ratio(r["reach"], reach_all)
        row["engagement_index"] = _ratio(r["engagement_rate"], eng_rate_all)
        row["engagement_share"] = _ratio(r["engagements"], judged["engagements"].sum())
        conv_share = _ratio(r["conversions"] if pd.notna(r["conversions"]) else 0.0, conv_all) \
            if conv_all > 0 else np.nan
        row["conversion_share"] = conv_share
        row["conversion_yield"] = _ratio(conv_share, row["reach_share"])
        row["cost_index"] = _cost_index(r["spend"], r["conversions"], cpr_all, conv_all > 0)
        row.update(_fit_of(fit, channel, rules))
        strengths, weaknesses = _flags(row, fair, rules)
        verdict = "keep" if not weaknesses else "fix" if strengths else "stop"
        row.update(strengths=strengths, weaknesses=weaknesses, verdict=verdict,
                   wrong_platform="wrong_platform" in weaknesses, reason="")
        rows.append(row)
    cols = ["channel", "verdict", "reason", "posts", "reach", "reach_share", "engagement_rate", "engagement_index",
            "engagement_share", "conversions", "conversion_share", "conversion_yield", "spend", "cost_per_result",
            "cost_index", "purchase_index", "buyer_reach", "strengths", "weaknesses", "wrong_platform"]
    out = pd.DataFrame(rows, columns=cols)
    order = {v: i for i, v in enumerate(VERDICTS)}
    return out.sort_values(["verdict", "reach"], key=lambda c: c.map(order) if c.name == "verdict" else -c.fillna(0),
                           kind="stable").reset_index(drop=True)


def _not_judged(r: pd.Series, rules: Thresholds) -> str:
    """Why one channel's own figures cannot carry a verdict ('' when they can)."""
    if pd.isna(r["posts"]):
        return "no_posts"
    if r["posts"] < rules.min_posts:
        return "few_posts"
    if not r["reach"] > 0:  # NaN or 0: nothing to compare its share or its engagement rate on
        return "no_exposure"
    return ""


def _ratio(a: object, b: object) -> float:
    if a is None or b is None or pd.isna(a) or pd.isna(b) or float(b) == 0:
        return np.nan
    return float(a) / float(b)


def _cost_index(spend: object, conversions: object, cpr_all: float, tracked: bool) -> float:
    """Cost per result against the portfolio's; spend with no result at all is infinitely costly."""
    if not tracked or pd.isna(spend) or float(spend) <= 0:
        return np.nan
    if pd.isna(conversions) or float(conversions) == 0:
        return np.inf
    return float(spend) / float(conversions) / cpr_all if cpr_all == cpr_all else np.nan


def _fit_of(fit: pd.DataFrame | None, channel: str, rules: Thresholds) -> dict[str, float]:
    if fit is None or fit.empty or channel not in set(fit["channel"]):
        return {"purchase_index": np.nan, "buyer_reach": np.nan}
    r = fit[fit["channel"] == channel].iloc[0]
    if r["users"] < rules.fit_min_users:
        return {"purchase_index": np.nan, "buyer_reach": np.nan}
    return {"purchase_index": float(r["purchase_index"]), "buyer_reach": float(r["buyer_reach"])}


def _flags(row: dict, fair: float, rules: Thresholds) -> tuple[tuple[str, ...], tuple[str, ...]]:
    def ge(x: float, bound: float) -> bool:
        return pd.notna(x) and x >= bound

    def lt(x: float, bound: float) -> bool:
        return pd.notna(x) and x < bound

    share, eng, yld = row["reach_share"], row["engagement_index"], row["conversion_yield"]
    cost, fit = row["cost_index"], row["purchase_index"]
    strong = {
        "reach": ge(share, rules.reach_share_high * fair),
        "engagement": ge(eng, rules.engagement_high),
        "conversions": ge(yld, rules.yield_high),
        "cost": pd.notna(cost) and cost <= 1.0,
        "fit": ge(fit, rules.fit_high),
    }
    wrong = ge(eng, rules.engagement_high) and lt(yld, rules.yield_wrong_platform)
    weak = {
        "wrong_platform": wrong,
        "low_conversions": not wrong and lt(yld, rules.yield_low),
        "costly": pd.notna(cost) and cost > rules.cost_high,
        "low_reach": lt(share, rules.reach_share_low * fair),
        "low_engagement": lt(eng, rules.engagement_low) and not strong["conversions"],
        "poor_fit": lt(fit, rules.fit_low),
    }
    return (tuple(k for k in STRENGTHS if strong[k]), tuple(k for k in WEAKNESSES if weak[k]))
