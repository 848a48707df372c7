"""Channel fit: where the brand posts, spends and earns engagement, against where its buyers are.

The annual review reuses :func:`channel_fit` as its "audience fit" column, so
it is a pure function of canonical frames and the client's parameters.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from reporting.params import ClientParams
from reporting.analysis.traits import respondent_traits

MATERIAL_SHARE = 0.15  # a channel needs this share of engagement (or buyers) before it is flagged
MISMATCH_RATIO = 0.5  # buyers share below half the engagement share: engagement without buyers
UNDERUSED_RATIO = 2.0  # buyers share at least twice the engagement share: buyers the brand under-serves
ABSENT_BUYER_REACH = 0.3  # a channel the brand is not on that this share of buyers uses
NO_AUDIENCE_SHARE = 0.1  # the brand puts >= 10 % of posts/spend where < 10 % of the audience is


def channel_fit(respondents: pd.DataFrame, posts: pd.DataFrame, spend: pd.DataFrame, params: ClientParams,
                web_traffic: pd.DataFrame | None = None, traits: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per channel: the brand's effort and engagement against where its buyers are.

    Pass frames already cut to the period you judge (respondents are not dated).

    Parameters
    ----------
    respondents : canonical respondents (``channels`` and ``purchased`` are used).
    posts : canonical posts; engagements = likes + comments + shares + saves.
    spend : canonical spend; when empty, boost spend on posts is used instead.
    params : the client; ``params.channels`` are the channels the brand is on.
    web_traffic : canonical web traffic, optional: conversions and revenue by social channel.
    traits : :func:`~reporting.analysis.traits.respondent_traits` of ``respondents``, when the caller has it.

    Returns
    -------
    One row per channel (the brand's channels first, then other channels respondents use):
    ``channel, on_brand, posts, post_share, spend, spend_share, engagements, engagement_share,
    users, audience_share, buyers, buyer_reach, buyer_share, purchase_rate, purchase_index,
    sessions, conversions, revenue, sales_share, fit, sales_fit, flag``.

    - ``audience_share``: respondents using the channel / respondents who said which channels they use.
    - ``buyer_reach``: buyers using it / buyers. ``buyer_share``: the same normalised over the
      brand's channels (sums to 1 there, like ``engagement_share``).
    - ``purchase_rate``: buyers among the channel's users; ``purchase_index`` = that / the audience's rate.
    - ``sales_share``: share of social revenue (conversions when there is no revenue) from web traffic.
    - ``fit`` = buyer_share / engagement_share (1 = buyers in line with engagement);
      ``sales_fit`` = sales_share / engagement_share (engagement without conversions when low).
    - ``flag``: ``mismatch`` (engagement share >= 15 % while buyer share is below half of it:
      likes from people who do not buy; sales share decides when the survey has no buyers),
      ``no_audience`` (>= 10 % of posts or spend where < 10 % of
      the audience is), ``underused`` (buyer share >= 2x engagement share and >= 15 %, or a channel
      the brand is not on that >= 30 % of buyers use), ``ok``, or ``no_data``.
    """
    brand = list(params.channels)
    engaged = posts.assign(engagements=posts[["likes", "comments", "shares", "saves"]].sum(axis=1, min_count=1))
    by_posts = engaged.groupby("channel").agg(posts=("post_id", "size"), engagements=("engagements", "sum"),
                                              boost=("spend", "sum"))
    if spend["spend"].notna().any():
        spent = spend.groupby("channel")["spend"].sum()
    else:
        spent = by_posts["boost"]

    users, buyers, n_answered, n_buyers = _channel_users(respondents, traits)
    web = web_traffic if web_traffic is not None else pd.DataFrame(columns=["channel", "sessions", "conversions",
                                                                              "revenue"])
    social = web[web["channel"].fillna("").astype("string") != ""]
    by_web = social.groupby("channel")[["sessions", "conversions", "revenue"]].sum(min_count=1)

    others = [c for c in users.sort_values(ascending=False, kind="stable").index if c not in brand]
    extra = [c for c in list(by_posts.index) + list(spent.index) if c not in brand and c not in others]
    channels = brand + others + sorted(set(extra))
    out = pd.DataFrame({"channel": pd.array(channels, dtype="string")})
    out["on_brand"] = out["channel"].isin(brand)
    out["posts"] = out["channel"].map(by_posts["posts"]).fillna(0).astype("int64")
    out["post_share"] = _share(out["posts"])
    out["spend"] = out["channel"].map(spent).astype("Float64").fillna(0.0)
    out["spend_share"] = _share(out["spend"])
    out["engagements"] = out["channel"].map(by_posts["engagements"]).astype("Float64").fillna(0.0)
    out["engagement_share"] = _share(out["engagements"])
    out["users"] = out["channel"].map(users).fillna(0).astype("int64")
    out["audience_share"] = out["users"] / n_answered if n_answered else math.nan
    out["buyers"] = out["channel"].map(buyers).fillna(0).astype("int64")
    out["buyer_reach"] = out["buyers"] / n_buyers if n_buyers else math.nan
    on_brand_buyers = out.loc[out["on_brand"], "buyers"].sum()
    out["buyer_share"] = np.where(out["on_brand"] & (on_brand_buyers > 0),
                                  out["buyers"] / max(on_brand_buyers, 1), math.nan)
    rate_all = purchase_rate(respondents)
    out["purchase_rate"] = np.where(out["users"] > 0, out["buyers"] / out["users"].clip(lower=1), math.nan)
    out["purchase_index"] = out["purchase_rate"] / rate_all if rate_all else math.nan
    for col in ("sessions", "conversions", "revenue"):
        out[col] = out["channel"].map(by_web[col]).astype("Float64") if col in by_web else pd.NA
    sales = out["revenue"] if out["revenue"].fillna(0).sum() > 0 else out["conversions"]
    out["sales_share"] = _share(sales.astype("Float64").fillna(0.0)) if sales.fillna(0).sum() > 0 else math.nan
    out["fit"] = out["buyer_share"] / out["engagement_share"].where(out["engagement_share"] > 0)
    out["sales_fit"] = out["sales_share"] / out["engagement_share"].where(out["engagement_share"] > 0)
    out["flag"] = [_flag(row) for row in out.itertuples(index=False)]
    float_cols = ["post_share", "spend_share", "engagement_share", "audience_share", "buyer_reach", "buyer_share",
                  "purchase_rate", "purchase_index", "sales_share", "fit", "sales_fit", "spend", "engagements"]
    out[float_cols] = out[float_cols].astype("float64")
    out["flag"] = out["flag"].astype("string")
    return out


def _channel_users(respondents: pd.DataFrame,
                   traits: pd.DataFrame | None = None) -> tuple[pd.Series, pd.Series, int, int]:
    """Respondents and buyers per channel used, plus how many answered the channels question / bought."""
    traits = respondent_traits(respondents) if traits is None else traits
    ch = traits[traits["field"] == "channels"]
    answered = set(ch["respondent_id"])
    bought = respondents.loc[respondents["purchased"].fillna(False).astype(bool), "respondent_id"].astype("string")
    users = ch.groupby("value")["respondent_id"].nunique()
    buyers = ch[ch["respondent_id"].isin(set(bought))].groupby("value")["respondent_id"].nunique()
    return users, buyers, len(answered), int(bought.isin(answered).sum())


def _share(values: pd.Series) -> pd.Series:
    total = float(values.fillna(0).sum())
    return values.astype("float64") / total if total > 0 else pd.Series(math.nan, index=values.index)


def purchase_rate(respondents: pd.DataFrame) -> float:
    """Share of respondents who have bought, among those whose answer is known."""
    known = respondents["purchased"].dropna()
    return float(known.astype(bool).mean()) if len(known) else math.nan


def _flag(row: object) -> str:
    """The first rule that applies, worst first (see :func:`channel_fit`)."""
    eng, buy, sales = row.engagement_share, row.buyer_share, row.sales_share
    if not row.on_brand:
        return "underused" if _ge(row.buyer_reach, ABSENT_BUYER_REACH) else "ok"
    if row.posts == 0 and row.users == 0 and row.spend == 0:
        return "no_data"
    evidence = buy if not pd.isna(buy) else sales  # the survey's buyers first; web sales when it is silent
    if _ge(eng, MATERIAL_SHARE) and _lt(evidence, MISMATCH_RATIO * eng):
        return "mismatch"
    if (_ge(row.post_share, NO_AUDIENCE_SHARE) or _ge(row.spend_share, NO_AUDIENCE_SHARE)) \
            and _lt(row.audience_share, NO_AUDIENCE_SHARE):
        return "no_audience"
    if _ge(buy, MATERIAL_SHARE) and (not _ge(eng, 0) or buy >= UNDERUSED_RATIO * eng):
        return "underused"
    return "ok"


def _ge(x: float, bound: float) -> bool:
    return x is not None and not pd.isna(x) and x >= bound


def _lt(x: float, bound: float) -> bool:
    return x is not None and not pd.isna(x) and x < bound
