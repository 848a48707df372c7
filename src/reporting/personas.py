"""Audience personas: who the audience is, where it is, and whether the brand is on the right platforms.

Respondents (survey or CRM rows, the canonical ``respondents`` table) are the
unit of analysis. Their multi-valued answers (``;``-separated interests,
values, channels...) become *traits*; a trait **over-indexes** in a persona
when its share there is well above its share in the whole audience
(index = share in persona / share overall).

Segmentation encodes numeric answers (age, distance from the business, time
online) and traits with every survey field weighted equally, runs k-means for
k = 3..6 with a fixed seed, and keeps the k with the best silhouette score, so
the data choose the number of personas and a re-run gives the same personas.
A resampling check (adjusted Rand index between the full-data personas and
personas re-fitted on 80 % subsamples) says how stable they are.

:func:`channel_fit` compares, per channel, the brand's effort (posts, spend)
and engagement with where the buyers are; the annual review reuses it as its
"audience fit" column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from babel.lists import format_list
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import MultiLabelBinarizer

from reporting import display
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams
from reporting.periods import Period

if TYPE_CHECKING:
    from reporting.report import ReportContext

MULTI_FIELDS = ("interests", "values", "challenges", "channels", "active_hours", "content_preferences")
TRAIT_FIELDS = (*MULTI_FIELDS, "income_band", "gender")
CLUSTER_TRAIT_FIELDS = (*MULTI_FIELDS, "income_band")  # gender describes personas, it does not define them
CODED_FIELDS = ("channels", "active_hours", "gender")  # canonical lower-case codes, not free text
PSYCHOGRAPHIC_FIELDS = ("interests", "values", "challenges")
NAME_FIELDS = ("interests", "content_preferences", "values", "challenges")  # first over-indexing one names a persona
AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AGE_EDGES = (13, 18, 25, 35, 45, 55, 65)

K_RANGE = range(3, 7)
SEED = 0
RESAMPLES = 20
RESAMPLE_FRACTION = 0.8
MIN_TRAIT_SHARE = 0.02  # rarer answers (typos, one-offs) are shown but do not shape the personas
MIN_PERSONA_SHARE = 0.05  # a k whose smallest persona is below this is not a usable segmentation
OVER_INDEX = 1.2  # index at or above which a trait counts as distinctive
MIN_DISTINCTIVE_SHARE = 0.25  # ... provided at least this share of the persona holds it
STABLE_ARI = 0.8
FAIR_ARI = 0.6

# Channel-fit flags (see channel_fit)
MATERIAL_SHARE = 0.15  # a channel needs this share of engagement (or buyers) before it is flagged
MISMATCH_RATIO = 0.5  # buyers (or sales) share below half the engagement share: engagement without buyers
UNDERUSED_RATIO = 2.0  # buyers share at least twice the engagement share: buyers the brand under-serves
ABSENT_BUYER_REACH = 0.3  # a channel the brand is not on that this share of buyers uses
NO_AUDIENCE_SHARE = 0.1  # the brand puts >= 10 % of posts/spend where < 10 % of the audience is
FLAG_STATUS = {"mismatch": "off_track", "no_audience": "at_risk", "underused": "at_risk", "ok": "on_track",
               "no_data": "no_data"}


# --------------------------------------------------------------------------------------------------
# Traits: one row per respondent and answer
# --------------------------------------------------------------------------------------------------

def respondent_traits(respondents: pd.DataFrame) -> pd.DataFrame:
    """Long table of answers: ``respondent_id, field, value``, one row per respondent and distinct answer.

    Multi-valued fields are split on ``;``; values are trimmed and merged
    case-insensitively (``Design`` and ``design`` are one answer, shown in its most
    frequent spelling; channels, dayparts and gender are lower-case codes), so a
    difference in capitalisation never splits a trait.
    """
    frames = []
    for name in TRAIT_FIELDS:
        col = respondents[name].astype("string")
        values = col.str.split(";") if name in MULTI_FIELDS else col.map(lambda v: [v], na_action="ignore")
        long = pd.DataFrame({"respondent_id": respondents["respondent_id"].astype("string"), "value": values})
        long = long.explode("value").dropna(subset=["value"])
        long["value"] = long["value"].astype("string").str.strip()
        long = long[long["value"] != ""]
        long.insert(1, "field", name)
        frames.append(long)
    out = pd.concat(frames, ignore_index=True)
    out["key"] = out["value"].str.casefold()
    coded = out["field"].isin(CODED_FIELDS)
    out.loc[coded, "value"] = out.loc[coded, "key"]
    spelling = (out.groupby(["field", "key"], as_index=False)["value"]
                .agg(lambda s: s.mode().iloc[0]).rename(columns={"value": "shown"}))
    out = out.merge(spelling, on=["field", "key"], how="left")
    out = out.assign(value=out["shown"].astype("string"))[["respondent_id", "field", "value"]]
    return out.drop_duplicates(["respondent_id", "field", "value"]).reset_index(drop=True)


def trait_index(traits: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Share of each trait in each group versus the whole audience, and the index between them.

    Parameters
    ----------
    traits : frame from :func:`respondent_traits`.
    groups : respondent_id -> group (persona id, or buyer / non-buyer), one entry per respondent.

    Returns
    -------
    DataFrame with ``group, field, value, count, share, overall, index``. Shares are taken
    among respondents who answered that field (a skipped question is not a "no").
    Index = share / overall: 2.0 means twice as common in the group as in the audience.
    """
    g = groups.rename("group")
    t = traits.merge(g, left_on="respondent_id", right_index=True, how="inner")
    answered = t.drop_duplicates(["respondent_id", "field"])
    base_all = answered.groupby("field").size()
    base_grp = answered.groupby(["group", "field"]).size()
    count_all = t.groupby(["field", "value"]).size()
    count_grp = t.groupby(["group", "field", "value"]).size().rename("count").reset_index()
    count_grp["share"] = count_grp["count"] / base_grp.reindex(
        pd.MultiIndex.from_frame(count_grp[["group", "field"]])).to_numpy()
    count_grp["overall"] = (count_all.reindex(pd.MultiIndex.from_frame(count_grp[["field", "value"]])).to_numpy()
                            / base_all.reindex(count_grp["field"]).to_numpy())
    count_grp["index"] = count_grp["share"] / count_grp["overall"]
    count_grp["lift"] = count_grp["share"] - count_grp["overall"]
    return count_grp.sort_values(["group", "field", "share", "value"], ascending=[True, True, False, True],
                                 kind="stable").reset_index(drop=True)


def distinctive(index: pd.DataFrame, fields: tuple[str, ...] = PSYCHOGRAPHIC_FIELDS) -> pd.DataFrame:
    """Traits that over-index (index >= 1.2 held by >= 25 % of the group), most distinctive first.

    Ranked by lift (share minus overall share, in points) so a trait half the persona
    holds beats a rare one with a high index.
    """
    keep = index[index["field"].isin(fields) & (index["index"] >= OVER_INDEX)
                 & (index["share"] >= MIN_DISTINCTIVE_SHARE)]
    return keep.sort_values(["group", "lift", "value"], ascending=[True, False, True], kind="stable")


def within_radius(respondents: pd.DataFrame, radius_km: float) -> tuple[float, int]:
    """Share of respondents living within ``radius_km`` of the business, and how many gave a distance."""
    known = pd.to_numeric(respondents["distance_km"], errors="coerce").dropna()
    if known.empty:
        return math.nan, 0
    return float((known <= radius_km).mean()), int(len(known))


# --------------------------------------------------------------------------------------------------
# Channel fit (also used by the annual review as "audience fit")
# --------------------------------------------------------------------------------------------------

def channel_fit(respondents: pd.DataFrame, posts: pd.DataFrame, spend: pd.DataFrame, params: ClientParams,
                web_traffic: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per channel: the brand's effort and engagement against where its buyers are.

    Pass frames already cut to the period you judge (respondents are not dated).

    Parameters
    ----------
    respondents : canonical respondents (``channels`` and ``purchased`` are used).
    posts : canonical posts; engagements = likes + comments + shares + saves.
    spend : canonical spend; when empty, boost spend on posts is used instead.
    params : the client; ``params.channels`` are the channels the brand is on.
    web_traffic : canonical web traffic, optional: conversions and revenue by social channel.

    Returns
    -------
    One row per channel (the brand's channels first, then other channels respondents use):
    ``channel, on_brand, posts, post_share, spend, spend_share, engagements, engagement_share,
    users, audience_share, buyers, buyer_reach, buyer_share, purchase_rate, purchase_index,
    sessions, conversions, revenue, sales_share, fit, flag``.

    - ``audience_share``: respondents using the channel / respondents who said which channels they use.
    - ``buyer_reach``: buyers using it / buyers. ``buyer_share``: the same normalised over the
      brand's channels (sums to 1 there, like ``engagement_share``).
    - ``purchase_rate``: buyers among the channel's users; ``purchase_index`` = that / the audience's rate.
    - ``sales_share``: share of social revenue (conversions when there is no revenue) from web traffic.
    - ``fit`` = buyer_share / engagement_share (1 = buyers in line with engagement).
    - ``flag``: ``mismatch`` (engagement share >= 15 % while buyer or sales share is below half of it:
      likes from people who do not buy), ``no_audience`` (>= 10 % of posts or spend where < 10 % of
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

    users, buyers, n_answered, n_buyers = _channel_users(respondents)
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
    rate_all = _purchase_rate(respondents)
    out["purchase_rate"] = np.where(out["users"] > 0, out["buyers"] / out["users"].clip(lower=1), math.nan)
    out["purchase_index"] = out["purchase_rate"] / rate_all if rate_all else math.nan
    for col in ("sessions", "conversions", "revenue"):
        out[col] = out["channel"].map(by_web[col]).astype("Float64") if col in by_web else pd.NA
    sales = out["revenue"] if out["revenue"].fillna(0).sum() > 0 else out["conversions"]
    out["sales_share"] = _share(sales.astype("Float64").fillna(0.0)) if sales.fillna(0).sum() > 0 else math.nan
    out["fit"] = out["buyer_share"] / out["engagement_share"].where(out["engagement_share"] > 0)
    out["flag"] = [_flag(row) for row in out.itertuples(index=False)]
    float_cols = ["post_share", "spend_share", "engagement_share", "audience_share", "buyer_reach", "buyer_share",
                  "purchase_rate", "purchase_index", "sales_share", "fit", "spend", "engagements"]
    out[float_cols] = out[float_cols].astype("float64")
    out["flag"] = out["flag"].astype("string")
    return out


def _channel_users(respondents: pd.DataFrame) -> tuple[pd.Series, pd.Series, int, int]:
    """Respondents and buyers per channel used, plus how many answered the channels question / bought."""
    traits = respondent_traits(respondents)
    ch = traits[traits["field"] == "channels"]
    answered = set(ch["respondent_id"])
    bought = respondents.loc[respondents["purchased"].fillna(False).astype(bool), "respondent_id"].astype("string")
    users = ch.groupby("value")["respondent_id"].nunique()
    buyers = ch[ch["respondent_id"].isin(set(bought))].groupby("value")["respondent_id"].nunique()
    return users, buyers, len(answered), int(bought.isin(answered).sum())


def _share(values: pd.Series) -> pd.Series:
    total = float(values.fillna(0).sum())
    return values.astype("float64") / total if total > 0 else pd.Series(math.nan, index=values.index)


def _purchase_rate(respondents: pd.DataFrame) -> float:
    known = respondents["purchased"].dropna()
    return float(known.astype(bool).mean()) if len(known) else math.nan


def _flag(row: object) -> str:
    eng, buy, sales = row.engagement_share, row.buyer_share, row.sales_share
    if not row.on_brand:
        return "underused" if _ge(row.buyer_reach, ABSENT_BUYER_REACH) else "ok"
    if row.posts == 0 and row.users == 0 and row.spend == 0:
        return "no_data"
    if _ge(eng, MATERIAL_SHARE) and any(_lt(x, MISMATCH_RATIO * eng) for x in (buy, sales)):
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


# --------------------------------------------------------------------------------------------------
# Features and segmentation
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Features:
    """Respondents encoded for clustering: one row per respondent, each survey field weighted equally."""

    matrix: np.ndarray
    ids: pd.Index  # respondent_id, row order of ``matrix``
    columns: list[tuple[str, str]]  # (field, value) per column; value is "" for numeric fields
    fields: list[str]  # fields that carry information (constant or empty fields are left out)


def encode(respondents: pd.DataFrame, traits: pd.DataFrame, local: bool) -> Features:
    """Encode mixed answers so that no field dominates the distance between two respondents.

    Numeric fields (age, time online, distance when the business is local, purchase) are
    median-imputed and standardised; each trait field becomes 0/1 columns (answers held by
    fewer than 2 % of respondents are left out as noise), centred and scaled so the whole
    field has total variance 1. Every field therefore weighs the same, however many answers it has.
    """
    ids = pd.Index(respondents["respondent_id"].astype("string"))
    blocks: list[np.ndarray] = []
    columns: list[tuple[str, str]] = []
    fields: list[str] = []
    numeric = ["age", "hours_per_day"] + (["distance_km"] if local else [])
    for name in numeric:
        x = pd.to_numeric(respondents[name], errors="coerce").astype("float64").to_numpy()
        if np.isnan(x).all():
            continue
        x = np.where(np.isnan(x), np.nanmedian(x), x)
        if x.std() > 0:
            blocks.append(((x - x.mean()) / x.std())[:, None])
            columns.append((name, ""))
            fields.append(name)
    bought = respondents["purchased"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
    if not np.isnan(bought).all():
        bought = np.where(np.isnan(bought), np.nanmean(bought), bought)
        if bought.std() > 0:
            blocks.append(((bought - bought.mean()) / bought.std())[:, None])
            columns.append(("purchased", ""))
            fields.append("purchased")
    by_id = traits.groupby(["field", "respondent_id"])["value"].agg(list)
    for name in CLUSTER_TRAIT_FIELDS:
        if name not in by_id.index.get_level_values(0):
            continue
        answers = by_id.loc[name].reindex(ids)
        lists = [v if isinstance(v, list) else [] for v in answers]
        binarizer = MultiLabelBinarizer()
        onehot = binarizer.fit_transform(lists).astype("float64")
        keep = onehot.mean(axis=0) >= MIN_TRAIT_SHARE
        onehot = onehot[:, keep] - onehot[:, keep].mean(axis=0)
        total_var = onehot.var(axis=0).sum()
        if total_var <= 0:
            continue
        blocks.append(onehot / math.sqrt(total_var))
        columns.extend((name, str(v)) for v in binarizer.classes_[keep])
        fields.append(name)
    matrix = np.hstack(blocks) if blocks else np.zeros((len(ids), 0))
    return Features(matrix=matrix, ids=ids, columns=columns, fields=fields)


@dataclass(frozen=True)
class Segmentation:
    """The chosen personas and the evidence for them."""

    labels: pd.Series  # respondent_id -> persona number, 1 = largest
    k: int
    scores: pd.DataFrame  # k, silhouette, smallest_share, admissible, chosen
    stability: float  # mean adjusted Rand index over resamples
    resamples: int
    seed: int


def segment(features: Features, k_range: range = K_RANGE, seed: int = SEED,
            resamples: int = RESAMPLES) -> Segmentation:
    """K-means personas with k chosen by silhouette, numbered by size, with a stability check.

    A k is admissible when its smallest persona holds at least 5 % of respondents (a
    persona of a handful of people is not one a team can plan for). The same seed and
    data always give the same personas.
    """
    x = features.matrix
    n = len(x)
    rows, fits = [], {}
    for k in k_range:
        if k >= n:
            break
        labels = _kmeans(x, k, seed)
        fits[k] = labels
        smallest = np.bincount(labels, minlength=k).min() / n
        rows.append({"k": k, "silhouette": float(silhouette_score(x, labels)), "smallest_share": smallest,
                     "admissible": bool(smallest >= MIN_PERSONA_SHARE)})
    scores = pd.DataFrame(rows)
    pool = scores[scores["admissible"]] if scores["admissible"].any() else scores
    k = int(pool.sort_values(["silhouette", "k"], ascending=[False, True], kind="stable")["k"].iloc[0])
    scores["chosen"] = scores["k"] == k
    labels = _by_size(fits[k])
    return Segmentation(labels=pd.Series(labels, index=features.ids, name="persona"), k=k, scores=scores,
                        stability=stability(x, labels, k, seed, resamples), resamples=resamples, seed=seed)


def stability(x: np.ndarray, labels: np.ndarray, k: int, seed: int = SEED, resamples: int = RESAMPLES) -> float:
    """Mean adjusted Rand index between the full-data personas and personas re-fitted on 80 % subsamples.

    1 means every subsample finds the same personas; near 0 means the split is chance.
    """
    rng = np.random.default_rng(seed)
    size = int(round(RESAMPLE_FRACTION * len(x)))
    aris = []
    for b in range(resamples):
        idx = np.sort(rng.choice(len(x), size=size, replace=False))
        aris.append(adjusted_rand_score(labels[idx], _kmeans(x[idx], k, seed + 1 + b)))
    return float(np.mean(aris))


def _kmeans(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 1..k, largest first (ties: the cluster met first), so numbering is stable."""
    sizes = pd.Series(labels).value_counts()
    first = pd.Series(np.arange(len(labels))).groupby(labels).min()
    order = sorted(sizes.index, key=lambda c: (-sizes[c], first[c]))
    mapping = {c: i + 1 for i, c in enumerate(order)}
    return np.array([mapping[c] for c in labels])
