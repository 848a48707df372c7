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
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import MultiLabelBinarizer
from threadpoolctl import threadpool_limits

from reporting import display, theme
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
PURCHASE_WEIGHT = 0.5  # purchase is what personas are judged on; at full weight it splits each into buyers/non-buyers
KEPT_VARIANCE = 0.8  # principal components kept before clustering; the rest is mostly answer-level noise
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
    spelling = (out.groupby(["field", "key", "value"]).size().rename("n").reset_index()
                .sort_values(["n", "value"], ascending=[False, True], kind="stable")
                .drop_duplicates(["field", "key"]).rename(columns={"value": "shown"})[["field", "key", "shown"]])
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
    out["sales_fit"] = out["sales_share"] / out["engagement_share"].where(out["engagement_share"] > 0)
    out["flag"] = [_flag(row) for row in out.itertuples(index=False)]
    float_cols = ["post_share", "spend_share", "engagement_share", "audience_share", "buyer_reach", "buyer_share",
                  "purchase_rate", "purchase_index", "sales_share", "fit", "sales_fit", "spend", "engagements"]
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

    Numeric fields (age, time online, distance when the business is local) are median-imputed
    and standardised; each trait field becomes 0/1 columns (answers held by fewer than 2 % of
    respondents are left out as noise), centred and scaled so the whole field has total
    variance 1. Every field therefore weighs the same, however many answers it has. Purchase
    (yes/no) weighs half a field: a persona is judged on whether it buys, and at full weight
    the yes/no would split every persona into its buyers and non-buyers.
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
            blocks.append(PURCHASE_WEIGHT * ((bought - bought.mean()) / bought.std())[:, None])
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
    components: int  # principal components clustered
    scores: pd.DataFrame  # k, silhouette, smallest_share, admissible, chosen
    stability: float  # mean adjusted Rand index over resamples
    resamples: int
    seed: int


def segment(features: Features, k_range: range = K_RANGE, seed: int = SEED,
            resamples: int = RESAMPLES) -> Segmentation:
    """K-means personas with k chosen by silhouette, numbered by size, with a stability check.

    Clustering runs on the principal components that keep 80 % of the encoded variance
    (as in factor analysis of mixed data followed by k-means): dropping the smallest
    components removes answer-level noise, which makes the choice of k clearer. A k is
    admissible when its smallest persona holds at least 5 % of respondents (a persona of a
    handful of people is not one a team can plan for). The same seed and data always give
    the same personas.
    """
    n = len(features.matrix)
    x = PCA(n_components=KEPT_VARIANCE, svd_solver="full").fit_transform(features.matrix) \
        if features.matrix.shape[1] > 1 else features.matrix
    rows, fits = [], {}
    with threadpool_limits(limits=1):  # OpenMP threads on a busy machine make small k-means 50x slower
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
    with threadpool_limits(limits=1):
        stable = stability(x, labels, k, seed, resamples)
    return Segmentation(labels=pd.Series(labels, index=features.ids, name="persona"), k=k,
                        components=x.shape[1], scores=scores, stability=stable, resamples=resamples, seed=seed)


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


# --------------------------------------------------------------------------------------------------
# Persona profiles and names
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Profile:
    """What one persona (or the whole audience, ``id`` 0) looks like, in numbers."""

    id: int
    size: int
    share: float
    age_median: float
    age_q1: float
    age_q3: float
    women: float  # share of those who gave a gender
    locations: list[tuple[str, float]]  # top places and their share
    distance_median: float
    within_radius: float
    hours_median: float
    purchase_rate: float
    traits: pd.DataFrame  # this group's rows of trait_index (every field)
    name: str = ""

    def top(self, name: str, n: int = 3, distinctive_only: bool = False) -> pd.DataFrame:
        """The group's most telling answers in one field: over-indexing ones first, then the most common."""
        rows = self.traits[self.traits["field"] == name]
        over = rows[(rows["index"] >= OVER_INDEX) & (rows["share"] >= MIN_DISTINCTIVE_SHARE)]
        over = over.sort_values(["lift", "value"], ascending=[False, True], kind="stable")
        if distinctive_only or len(over) >= n:
            return over.head(n)
        rest = rows[~rows.index.isin(over.index)].sort_values(["share", "value"], ascending=[False, True],
                                                              kind="stable")
        return pd.concat([over, rest]).head(n)


def profile(group: int, respondents: pd.DataFrame, index: pd.DataFrame, total: int,
            radius_km: float | None) -> Profile:
    """Summarise one group of respondents (``index`` holds its trait_index rows)."""
    age = pd.to_numeric(respondents["age"], errors="coerce").dropna()
    hours = pd.to_numeric(respondents["hours_per_day"], errors="coerce").dropna()
    dist = pd.to_numeric(respondents["distance_km"], errors="coerce").dropna()
    places = respondents["location"].dropna().astype("string").str.strip()
    places = places[places != ""].value_counts(normalize=True, sort=False)
    places = places.sort_values(ascending=False, kind="stable").head(3)
    gender = index[index["field"] == "gender"].set_index("value")["share"]
    return Profile(
        id=group, size=len(respondents), share=len(respondents) / total if total else math.nan,
        age_median=_q(age, 0.5), age_q1=_q(age, 0.25), age_q3=_q(age, 0.75),
        women=float(gender.get("female", 0.0)) if len(gender) else math.nan,
        locations=[(str(k), float(v)) for k, v in places.items()],
        distance_median=_q(dist, 0.5),
        within_radius=within_radius(respondents, radius_km)[0] if radius_km else math.nan,
        hours_median=_q(hours, 0.5), purchase_rate=_purchase_rate(respondents), traits=index)


def _q(values: pd.Series, q: float) -> float:
    return float(values.quantile(q)) if len(values) else math.nan


def age_group(age: float) -> str | None:
    """Catalogue key of an age group word (``age_20s``...) for a median age; None when unknown."""
    if pd.isna(age):
        return None
    if age < 20:
        return "age_under20"
    if age >= 50:
        return "age_50plus"
    return f"age_{int(age // 10) * 10}s"


def persona_name(p: Profile, t: Translator, taken: set[str]) -> str:
    """A readable name from the persona's age group and its most distinctive trait, unique in the report.

    Traits are tried in the order interests, content, values, challenges, most distinctive
    first; the first that gives a name no earlier persona has wins. Without any distinctive
    trait the persona is named for its main channel.
    """
    group = age_group(p.age_median)
    candidates = [str(v) for f in NAME_FIELDS for v in p.top(f, n=5, distinctive_only=True)["value"]]
    channels = p.top("channels", n=3)["value"].tolist()
    options = [_named(t, "name", group, trait=c) for c in candidates]
    options += [_named(t, "name_channel", group, channel=channel_label(c, t)) for c in channels]
    for name in options:
        if name not in taken:
            return name
    base = options[0] if options else t("personas.name_fallback")
    return t("personas.name_numbered", name=base, n=p.id)


def _named(t: Translator, key: str, group: str | None, **values: str) -> str:
    text = t(f"personas.{key}_age", age=t(f"personas.{group}"), **values) if group else t(f"personas.{key}", **values)
    return text[:1].upper() + text[1:]


def channel_label(channel: str, t: Translator) -> str:
    """Display name of a channel in the report language (unknown channels keep their own name)."""
    key = f"personas.ch_{channel}"
    return t(key) if t.has(key) else str(channel).title()


# --------------------------------------------------------------------------------------------------
# Where personas are, versus where the brand is
# --------------------------------------------------------------------------------------------------

def persona_channels(index: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Share of each persona using each channel: rows persona name, columns channel (most used first)."""
    ch = index[index["field"] == "channels"]
    if ch.empty:
        return pd.DataFrame()
    table = ch.pivot_table(index="group", columns="value", values="share", aggfunc="first").fillna(0.0)
    order = ch.groupby("value")["overall"].first().sort_values(ascending=False, kind="stable").index
    table = table[list(order)].rename(index=names)
    table.columns = [str(c) for c in table.columns]
    return table


def persona_reach(usage: pd.DataFrame, fit: pd.DataFrame) -> pd.DataFrame:
    """For each persona: its main channel and how much of the brand's posting and spend lands where it is.

    ``post_coverage`` = sum over channels of (share of the brand's posts there x share of the
    persona using it): the chance a given brand post goes out on a channel this persona uses.
    """
    if usage.empty:
        return pd.DataFrame(columns=["persona", "main_channel", "main_share", "main_post_share",
                                     "post_coverage", "spend_coverage"])
    f = fit.set_index("channel")
    cols = list(usage.columns)
    post = f["post_share"].reindex(cols).fillna(0.0).to_numpy()
    spent = f["spend_share"].reindex(cols).fillna(0.0).to_numpy()
    rows = []
    for name, shares in usage.iterrows():
        main = shares.idxmax()
        rows.append({"persona": name, "main_channel": main, "main_share": float(shares[main]),
                     "main_post_share": float(f["post_share"].get(main, 0.0) or 0.0),
                     "post_coverage": float(shares.to_numpy() @ post) if post.sum() else math.nan,
                     "spend_coverage": float(shares.to_numpy() @ spent) if spent.sum() else math.nan})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------
# Platform demographics versus the survey
# --------------------------------------------------------------------------------------------------

def platform_age(demographics: pd.DataFrame) -> pd.DataFrame:
    """Age x gender shares per channel from the platforms' exports, normalised to 1 per channel."""
    ag = demographics[demographics["dimension"] == "age_gender"]
    if ag.empty:
        return pd.DataFrame(columns=["channel", "age_band", "female", "male", "other", "total"])
    gender = ag["gender"].fillna("unknown").astype("string")
    gender = gender.where(gender.isin(["female", "male"]), "other")
    wide = (ag.assign(gender=gender).pivot_table(index=["channel", "age_band"], columns="gender", values="share",
                                                 aggfunc="sum", fill_value=0.0)
            .reindex(columns=["female", "male", "other"], fill_value=0.0).reset_index())
    totals = wide.groupby("channel")[["female", "male", "other"]].transform("sum").sum(axis=1)
    for col in ("female", "male", "other"):
        wide[col] = (wide[col] / totals).astype("float64")
    wide["total"] = wide[["female", "male", "other"]].sum(axis=1)
    wide["age_band"] = pd.Categorical(wide["age_band"], categories=AGE_BANDS, ordered=True)
    return wide.sort_values(["channel", "age_band"]).reset_index(drop=True)


def survey_age(respondents: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """Age-band shares of the respondents who use each channel (the survey's view of the platform)."""
    age = pd.to_numeric(respondents["age"], errors="coerce")
    ok = age >= _AGE_EDGES[0]
    bands = pd.cut(age[ok], bins=[*_AGE_EDGES, np.inf], right=False, labels=AGE_BANDS)
    known = pd.DataFrame({"respondent_id": respondents.loc[ok, "respondent_id"].astype("string"),
                          "age_band": bands.astype("string")})
    ch = traits[traits["field"] == "channels"].merge(known, on="respondent_id")
    if ch.empty:
        return pd.DataFrame(columns=["channel", "age_band", "survey"])
    counts = ch.groupby(["value", "age_band"]).size()
    shares = (counts / counts.groupby(level=0).transform("sum")).rename("survey").reset_index()
    return shares.rename(columns={"value": "channel"})


def age_comparison(demographics: pd.DataFrame, respondents: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """Platform versus survey age profile per channel: ``channel, age_band, female, male, other, platform, survey``.

    ``platform`` is the platform's share of the channel's audience in the band (all genders);
    ``survey`` the share of respondents who use the channel in the band.

    Only channels with platform demographics are kept; bands missing on one side count as 0.
    """
    plat = platform_age(demographics)
    if plat.empty:
        return pd.DataFrame(columns=["channel", "age_band", "female", "male", "other", "platform", "survey"])
    plat = plat.rename(columns={"total": "platform"})
    plat["age_band"] = plat["age_band"].astype("string")
    grid = pd.MultiIndex.from_product([plat["channel"].unique(), AGE_BANDS], names=["channel", "age_band"])
    cols = ["female", "male", "other", "platform"]
    out = (plat.set_index(["channel", "age_band"])[cols].reindex(grid).fillna(0.0)
           .join(survey_age(respondents, traits).set_index(["channel", "age_band"])["survey"]))
    has_survey = out.groupby(level=0)["survey"].transform(lambda s: s.notna().any())
    out["survey"] = out["survey"].where(~has_survey, out["survey"].fillna(0.0))
    return out.reset_index()


def age_gap(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per channel: the platform's largest age band, and how far the survey's profile is from the platform's.

    ``gap`` is the total variation distance (half the sum of absolute differences): the share of
    people who would have to change band for the two profiles to match.
    """
    rows = []
    for channel, g in comparison.groupby("channel", sort=False):
        top = g.loc[g["platform"].idxmax()]
        survey = g["survey"]
        rows.append({"channel": channel, "top_band": top["age_band"], "top_share": float(top["platform"]),
                     "survey_top_band": g.loc[survey.idxmax(), "age_band"] if survey.notna().any() else None,
                     "gap": float((g["platform"] - survey).abs().sum() / 2) if survey.notna().any() else math.nan})
    return pd.DataFrame(rows, columns=["channel", "top_band", "top_share", "survey_top_band", "gap"])


def top_locations(demographics: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` largest cities and countries per channel: ``channel, dimension, location, share``."""
    loc = demographics[demographics["dimension"].isin(["city", "country"])]
    loc = loc.sort_values(["channel", "dimension", "share", "location"], ascending=[True, True, False, True],
                          kind="stable")
    return loc.groupby(["channel", "dimension"]).head(n)[["channel", "dimension", "location", "share"]] \
        .reset_index(drop=True)


def channel_persona_mix(traits: pd.DataFrame, labels: pd.Series, names: dict[int, str]) -> pd.DataFrame:
    """Which personas make up each channel's users in the survey: ``channel, persona, share``."""
    ch = traits[traits["field"] == "channels"].merge(labels.rename("persona"), left_on="respondent_id",
                                                     right_index=True)
    if ch.empty:
        return pd.DataFrame(columns=["channel", "persona", "share"])
    counts = ch.groupby(["value", "persona"]).size()
    shares = (counts / counts.groupby(level=0).transform("sum")).rename("share").reset_index()
    shares["persona"] = shares["persona"].map(names)
    return shares.rename(columns={"value": "channel"}).sort_values(["channel", "share"], ascending=[True, False],
                                                                   kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------------

@dataclass
class PersonaReport:
    """Everything the audience-personas notebook shows, computed once by :func:`build`."""

    t: Translator
    params: ClientParams
    respondents: int
    min_respondents: int
    audience: Profile | None  # the whole audience (None without respondents)
    personas: list[Profile]  # empty when there are too few respondents to segment
    segmentation: Segmentation | None
    traits: pd.DataFrame  # distinctive traits per persona: group, persona, field, value, share, overall, index
    buyers: pd.DataFrame  # trait_index of buyers versus the audience (the descriptive view)
    fit: pd.DataFrame  # channel_fit
    usage: pd.DataFrame  # persona x channel share using it
    reach: pd.DataFrame  # persona_reach
    ages: pd.DataFrame  # age_comparison
    gaps: pd.DataFrame  # age_gap
    locations: pd.DataFrame  # top_locations
    mix: pd.DataFrame  # channel_persona_mix
    within_radius: float = math.nan
    distance_known: int = 0
    sentences: list[str] = field(default_factory=list)  # executive summary

    @property
    def segmented(self) -> bool:
        return self.segmentation is not None

    @property
    def names(self) -> dict[int, str]:
        return {p.id: p.name for p in self.personas}


def build(ctx: ReportContext) -> PersonaReport:
    """The whole report for the notebook's client and period."""
    return build_report(ctx.data, ctx.params, ctx.period, ctx.t)


def build_report(data: ClientData, params: ClientParams, period: Period, t: Translator) -> PersonaReport:
    """Compute the report from canonical tables: posts, spend and traffic are cut to ``period``.

    Respondents are all used (surveys are not dated); with fewer than
    ``thresholds.min_respondents`` (default 50) no personas are formed and the report shows
    descriptive breakdowns instead.
    """
    respondents = data.respondents.drop_duplicates("respondent_id", keep="last").reset_index(drop=True)
    respondents["respondent_id"] = respondents["respondent_id"].astype("string")
    posts = _in_period(data.posts, "published", period)
    spend = _in_period(data.spend, "date", period)
    web = _in_period(data.web_traffic, "date", period)
    minimum = int(params.threshold("min_respondents", 50))
    radius = params.location.radius_km if params.location else None
    n = len(respondents)

    traits = respondent_traits(respondents)
    fit = channel_fit(respondents, posts, spend, params, web)
    everyone = pd.Series(0, index=pd.Index(respondents["respondent_id"]))
    audience = profile(0, respondents, trait_index(traits, everyone), n, radius) if n else None
    bought = respondents["purchased"].astype("boolean")
    buyers = (trait_index(traits, pd.Series(bought.fillna(False).to_numpy(), index=everyone.index))
              .query("group == True") if n and bought.notna().any() else pd.DataFrame())

    segmentation, personas = None, []
    table = pd.DataFrame(columns=["group", "persona", "field", "value", "share", "overall", "index"])
    if n >= minimum:
        segmentation = segment(encode(respondents, traits, local=params.location is not None))
        index = trait_index(traits, segmentation.labels)
        taken: set[str] = set()
        for k in range(1, segmentation.k + 1):
            members = respondents[respondents["respondent_id"].isin(segmentation.labels.index[segmentation.labels == k])]
            p = profile(k, members, index[index["group"] == k], n, radius)
            p = _with_name(p, t, taken)
            taken.add(p.name)
            personas.append(p)
        names = {p.id: p.name for p in personas}
        table = distinctive(index, PSYCHOGRAPHIC_FIELDS + ("content_preferences", "channels", "income_band"))
        table = table.groupby("group").head(8).assign(persona=lambda d: d["group"].map(names))
    names = {p.id: p.name for p in personas}
    usage = persona_channels(trait_index(traits, segmentation.labels), names) if segmentation else pd.DataFrame()
    ages = age_comparison(data.demographics, respondents, traits)
    share, known = within_radius(respondents, radius) if radius else (math.nan, 0)
    report = PersonaReport(
        t=t, params=params, respondents=n, min_respondents=minimum, audience=audience, personas=personas,
        segmentation=segmentation, traits=table, buyers=buyers, fit=fit, usage=usage,
        reach=persona_reach(usage, fit), ages=ages, gaps=age_gap(ages), locations=top_locations(data.demographics),
        mix=channel_persona_mix(traits, segmentation.labels, names) if segmentation else pd.DataFrame(),
        within_radius=share, distance_known=known)
    report.sentences = executive_summary(report)
    return report


def _with_name(p: Profile, t: Translator, taken: set[str]) -> Profile:
    from dataclasses import replace

    return replace(p, name=persona_name(p, t, taken))


def _in_period(df: pd.DataFrame, column: str, period: Period) -> pd.DataFrame:
    days = df[column].dt.tz_localize(None) if getattr(df[column].dt, "tz", None) else df[column]
    days = days.dt.normalize()
    return df[(days >= pd.Timestamp(period.start)) & (days <= pd.Timestamp(period.end))]


# --------------------------------------------------------------------------------------------------
# Sentences (executive summary and section explanations)
# --------------------------------------------------------------------------------------------------

def executive_summary(r: PersonaReport) -> list[str]:
    """The answer first: how many personas, who they are, where the buyers are, the mismatch to fix."""
    t = r.t
    out = []
    if r.respondents == 0:
        out.append(t("personas.sum_no_respondents"))
    elif not r.segmented:
        out.append(t("personas.sum_small", n=t.number(r.respondents), min=t.number(r.min_respondents)))
    else:
        seg = r.segmentation
        out.append(t("personas.sum_personas", k=seg.k, n=t.number(r.respondents),
                     stability=t(f"personas.stability_{stability_word(seg.stability)}"),
                     ari=t.number(seg.stability, 2)))
        out.extend(_persona_line(p, r) for p in r.personas)
    out.extend(_buyer_sentences(r))
    mismatches = r.fit[r.fit["flag"] == "mismatch"]
    for row in mismatches.itertuples(index=False):
        out.append(mismatch_sentence(row, t))
        best = _best_buyer_channel(r.fit, exclude={row.channel})
        if best is not None:
            out.append(t("personas.sum_action", channel=channel_label(row.channel, t),
                         best=channel_label(best.channel, t)))
    if mismatches.empty and r.fit["engagement_share"].notna().any():
        out.append(t("personas.sum_no_mismatch"))
    out.extend(_local_sentences(r))
    return out


def stability_word(ari: float) -> str:
    """``stable`` (ARI >= 0.8), ``fair`` (>= 0.6) or ``unstable``."""
    return "stable" if ari >= STABLE_ARI else "fair" if ari >= FAIR_ARI else "unstable"


def _persona_line(p: Profile, r: PersonaReport) -> str:
    t = r.t
    channels = [channel_label(c, t) for c in p.top("channels", n=2)["value"]]
    return t("personas.sum_persona", name=p.name, share=t.percent(p.share, 0), age=_age_text(p.age_median, t),
             channels=_join(channels, t) or "–", rate=t.percent(p.purchase_rate, 0))


def _age_text(age: float, t: Translator) -> str:
    return t("personas.age_unknown") if pd.isna(age) else t("personas.age_text", age=t.number(age))


def _best_buyer_channel(fit: pd.DataFrame, exclude: set[str] = frozenset()) -> object | None:
    cand = fit[fit["on_brand"] & fit["buyer_reach"].notna() & ~fit["channel"].isin(exclude) & (fit["buyers"] > 0)]
    if cand.empty:
        return None
    return next(cand.sort_values(["buyer_reach", "buyer_share"], ascending=False, kind="stable")
                .itertuples(index=False))


def _buyer_sentences(r: PersonaReport) -> list[str]:
    t = r.t
    out = []
    best = _best_buyer_channel(r.fit)
    if best is not None:
        out.append(t("personas.sum_buyers", channel=channel_label(best.channel, t), reach=t.percent(best.buyer_reach, 0),
                     rate=t.percent(best.purchase_rate, 0)))
    absent = r.fit[~r.fit["on_brand"] & (r.fit["flag"] == "underused")]
    if not absent.empty and best is not None:
        top = absent.sort_values("buyer_reach", ascending=False, kind="stable").iloc[0]
        out.append(t("personas.sum_absent", channel=channel_label(top["channel"], t),
                     reach=t.percent(top["buyer_reach"], 0)))
    return out


def mismatch_sentence(row: object, t: Translator) -> str:
    """'Instagram earns 80 % of engagement but holds 28 % of buyers (and 0 % of social sales).'"""
    values = {"channel": channel_label(row.channel, t), "eng": t.percent(row.engagement_share, 0),
              "buyers": t.percent(row.buyer_share, 0), "sales": t.percent(row.sales_share, 0)}
    has_buyers, has_sales = not pd.isna(row.buyer_share), not pd.isna(row.sales_share)
    key = "mismatch_both" if has_buyers and has_sales else "mismatch_buyers" if has_buyers else "mismatch_sales"
    return t(f"personas.{key}", **values)


def _local_sentences(r: PersonaReport) -> list[str]:
    loc = r.params.location
    if loc is None or r.respondents == 0:
        return []
    t = r.t
    if not r.distance_known:
        return [t("personas.sum_local_unknown", place=loc.name, radius=t.number(loc.radius_km))]
    return [t("personas.sum_local", share=t.percent(r.within_radius, 0), radius=t.number(loc.radius_km),
              place=loc.name, known=t.number(r.distance_known))]


def fit_sentences(r: PersonaReport) -> list[str]:
    """One sentence per channel whose flag is not ``ok``, saying what the numbers show."""
    t = r.t
    out = []
    for row in r.fit.itertuples(index=False):
        ch = channel_label(row.channel, t)
        if row.flag == "mismatch":
            out.append(mismatch_sentence(row, t) + " " + t("personas.fit_rate", rate=t.percent(row.purchase_rate, 0),
                                                             overall=t.percent(r.audience.purchase_rate, 0))
                       if r.audience and not pd.isna(row.purchase_rate) else mismatch_sentence(row, t))
        elif row.flag == "underused" and row.on_brand:
            out.append(t("personas.fit_underused", channel=ch, buyers=t.percent(row.buyer_share, 0),
                         eng=t.percent(row.engagement_share, 0), posts=t.percent(row.post_share, 0)))
        elif row.flag == "underused":
            out.append(t("personas.fit_absent", channel=ch, reach=t.percent(row.buyer_reach, 0)))
        elif row.flag == "no_audience":
            out.append(t("personas.fit_no_audience", channel=ch, posts=t.percent(row.post_share, 0),
                         spend=t.percent(row.spend_share, 0), audience=t.percent(row.audience_share, 0)))
    return out or [t("personas.fit_all_ok")]


def reach_sentences(r: PersonaReport) -> list[str]:
    """Per persona: its main channel, the brand's share of posts there, and overall post coverage."""
    t = r.t
    return [t("personas.reach_line", name=row.persona, share=t.percent(row.main_share, 0),
              channel=channel_label(row.main_channel, t), posts=t.percent(row.main_post_share, 0),
              coverage=t.percent(row.post_coverage, 0))
            for row in r.reach.itertuples(index=False)]


def platform_sentences(r: PersonaReport) -> list[str]:
    """Per channel: the platform's largest age band, the survey's, how far apart, and the personas there."""
    t = r.t
    out = []
    for row in r.gaps.itertuples(index=False):
        ch = channel_label(row.channel, t)
        text = t("personas.platform_top", channel=ch, band=row.top_band, share=t.percent(row.top_share, 0))
        if not pd.isna(row.gap):
            text += " " + t("personas.platform_survey", band=row.survey_top_band, gap=t.percent(row.gap, 0))
        mix = r.mix[r.mix["channel"] == row.channel].head(2)
        if not mix.empty:
            parts = [f"{p} {t.percent(s, 0)}" for p, s in zip(mix["persona"], mix["share"], strict=True)]
            text += " " + t("personas.platform_mix", personas=_join(parts, t))
        out.append(text)
    return out


def _join(items: list[str], t: Translator) -> str:
    return format_list(list(items), locale=t.locale) if items else ""


# --------------------------------------------------------------------------------------------------
# Views: what each notebook section shows (no computing here)
# --------------------------------------------------------------------------------------------------

def header(r: PersonaReport, period: Period) -> display.Html:
    """Report title and subtitle (client, period)."""
    t = r.t
    return display.Html(f"<h1>{display.esc(t('common.report_audience_personas'))}</h1>"
                        f"<p class='rp-subtitle'>{display.esc(r.params.display_name)} · "
                        f"{display.esc(t.period(period.start, period.end))}</p>")


def summary_view(r: PersonaReport) -> display.Html:
    return display.summary(r.sentences, r.t("common.summary_title"))


def personas_view(r: PersonaReport) -> display.Html:
    """Headline tiles and one card per persona (or one card for the whole audience on small samples)."""
    t = r.t
    out = display.heading(t("personas.h_personas"))
    if r.audience is None:
        return out + display.empty_state(t("personas.no_respondents"))
    tiles = [{"label": t("personas.tile_respondents"), "value": t.number(r.respondents)},
             {"label": t("personas.tile_personas"), "value": str(len(r.personas)) if r.segmented else "–"},
             {"label": t("personas.tile_bought"), "value": t.percent(r.audience.purchase_rate, 0)}]
    if r.params.location and r.distance_known:
        tiles.append({"label": t("personas.tile_local", radius=t.number(r.params.location.radius_km)),
                      "value": t.percent(r.within_radius, 0)})
    out += display.tiles(tiles)
    if not r.segmented:
        out += display.note(t("personas.small_note", n=t.number(r.respondents), min=t.number(r.min_respondents)))
        return out + display.cards([_card(r.audience, r, t("personas.whole_audience"))])
    out += display.paragraph(t("personas.cards_intro"))
    return out + display.cards([_card(p, r, p.name) for p in r.personas])


def _card(p: Profile, r: PersonaReport, title: str) -> display.Html:
    t, a = r.t, r.audience
    whole = p.id == 0
    demo = []
    if not pd.isna(p.age_median):
        demo.append(t("personas.card_age", age=t.number(p.age_median), q1=t.number(p.age_q1),
                      q3=t.number(p.age_q3)))
    if not pd.isna(p.women):
        demo.append(t("personas.card_women", share=t.percent(p.women, 0)))
    rows = [(t("personas.row_demographics"), " · ".join(demo) or "–")]
    place = ", ".join(f"{name} {t.percent(s, 0)}" for name, s in p.locations)
    if r.params.location and not pd.isna(p.distance_median):
        place = " · ".join(x for x in (place, t("personas.card_distance", km=t.number(p.distance_median, 1),
                                                 share=t.percent(p.within_radius, 0),
                                                 radius=t.number(r.params.location.radius_km))) if x)
    if place:
        rows.append((t("personas.row_location"), place))
    for name in ("income_band", "interests", "values", "challenges"):
        text = _traits_text(p.top(name, n=2 if name == "income_band" else 3), t, whole)
        if text:
            rows.append((t(f"personas.field_{name}"), text))
    channels = p.top("channels", n=3)
    if not channels.empty:
        rows.append((t("personas.field_channels"), _traits_text(channels, t, whole, channel=True)))
    online = []
    if not pd.isna(p.hours_median):
        online.append(t("personas.card_hours", hours=t.number(p.hours_median, 1),
                        overall=t.number(a.hours_median, 1)) if not whole else
                      t("personas.card_hours_all", hours=t.number(p.hours_median, 1)))
    dayparts = [_daypart(v, t) for v in p.top("active_hours", n=2)["value"]]
    if dayparts:
        online.append(_join(dayparts, t))
    if online:
        rows.append((t("personas.row_online"), " · ".join(online)))
    content = _traits_text(p.top("content_preferences", n=2), t, whole)
    if content:
        rows.append((t("personas.field_content_preferences"), content))
    if not pd.isna(p.purchase_rate):
        rows.append((t("personas.row_buying"), t("personas.card_buying_all", rate=t.percent(p.purchase_rate, 0))
                     if whole else t("personas.card_buying", rate=t.percent(p.purchase_rate, 0),
                                     overall=t.percent(a.purchase_rate, 0))))
    if not whole:
        rows.append((t("personas.row_takeaway"), takeaway(p, r)))
    subtitle = t("personas.card_size", n=t.number(p.size), share=t.percent(p.share, 0))
    return display.card(title, rows, subtitle=subtitle)


def takeaway(p: Profile, r: PersonaReport) -> str:
    """The strategist's line on a card: where and how to reach the persona, and whether they buy."""
    t = r.t
    channels = _join([channel_label(c, t) for c in p.top("channels", n=2)["value"]], t)
    dayparts = _join([_daypart(v, t) for v in p.top("active_hours", n=2)["value"]], t)
    content = _join([str(v) for v in p.top("content_preferences", n=2)["value"]], t)
    parts = []
    if channels:
        parts.append(t("personas.take_reach", channels=channels, dayparts=dayparts or "–", content=content or "–"))
    overall = r.audience.purchase_rate
    if not pd.isna(p.purchase_rate) and overall:
        ratio = p.purchase_rate / overall
        key = "take_buy_high" if ratio >= OVER_INDEX else "take_buy_low" if ratio <= 1 / OVER_INDEX else "take_buy_avg"
        parts.append(t(f"personas.{key}", rate=t.percent(p.purchase_rate, 0), overall=t.percent(overall, 0)))
    return " ".join(parts)


def _traits_text(rows: pd.DataFrame, t: Translator, whole: bool, channel: bool = False) -> str:
    items = []
    for row in rows.itertuples(index=False):
        value = channel_label(row.value, t) if channel else str(row.value)
        items.append(t("personas.trait_all", value=value, share=t.percent(row.share, 0)) if whole else
                     t("personas.trait", value=value, share=t.percent(row.share, 0), index=t.number(row.index * 100)))
    return ", ".join(items)


def _daypart(value: str, t: Translator) -> str:
    key = f"personas.daypart_{value}"
    return t(key) if t.has(key) else str(value)


def traits_view(r: PersonaReport) -> display.Html:
    """The numbers behind the cards: every distinctive trait with its shares and index."""
    t = r.t
    out = display.heading(t("personas.h_traits"))
    if not r.segmented:
        return out + display.empty_state(t("personas.traits_small"))
    table = r.traits.assign(field=r.traits["field"].map(lambda f: t(f"personas.field_{f}")),
                            value=[channel_label(v, t) if f == "channels" else v
                                   for f, v in zip(r.traits["field"], r.traits["value"], strict=True)],
                            index=r.traits["index"] * 100)
    table = table[["persona", "field", "value", "share", "overall", "index"]]
    table.columns = [t("personas.col_persona"), t("personas.col_field"), t("personas.col_trait"),
                     t("personas.col_share_persona"), t("personas.col_share_all"), t("personas.col_index")]
    pct = lambda x: t.percent(x, 0)  # noqa: E731 - a formatter, not logic
    return (out + display.paragraph(t("personas.traits_intro"))
            + display.table(table, formats={table.columns[3]: pct, table.columns[4]: pct,
                                            table.columns[5]: lambda x: t.number(x)}, max_rows=60)
            + display.note(t("personas.index_note")))


def buyers_view(r: PersonaReport) -> display.Html:
    """What buyers have in common: traits that over-index among respondents who bought."""
    t = r.t
    out = display.heading(t("personas.h_buyers"))
    if r.buyers.empty:
        return out + display.empty_state(t("personas.no_buyers"))
    rows = distinctive(r.buyers.assign(group=0), TRAIT_FIELDS[:-1]).head(12)
    if rows.empty:
        return out + display.paragraph(t("personas.buyers_none"))
    table = pd.DataFrame({
        t("personas.col_field"): rows["field"].map(lambda f: t(f"personas.field_{f}")),
        t("personas.col_trait"): [channel_label(v, t) if f == "channels" else v
                                  for f, v in zip(rows["field"], rows["value"], strict=True)],
        t("personas.col_share_buyers"): rows["share"], t("personas.col_share_all"): rows["overall"],
        t("personas.col_index"): rows["index"] * 100})
    cols = list(table.columns)
    return (out + display.paragraph(t("personas.buyers_intro"))
            + display.table(table, formats={cols[2]: lambda x: t.percent(x, 0), cols[3]: lambda x: t.percent(x, 0),
                                            cols[4]: lambda x: t.number(x)}))


def fit_view(r: PersonaReport) -> display.Html:
    """Channel fit: effort and engagement against buyers and sales, with a flag per channel."""
    from reporting.charts import personas as charts

    t = r.t
    out = display.heading(t("personas.h_fit"))
    shown = r.fit[r.fit["on_brand"] | (r.fit["flag"] != "ok")]
    if shown.empty:
        return out + display.empty_state(t("personas.no_fit"))
    out += display.bullets(fit_sentences(r))
    brand = r.fit[r.fit["on_brand"]]
    metrics = {m: t(f"personas.metric_{m}") for m in
               ("post_share", "spend_share", "engagement_share", "buyer_share", "sales_share")
               if brand[m].notna().any()}
    if len(metrics) >= 2:
        bars = brand.assign(channel=brand["channel"].map(lambda c: channel_label(c, t)))
        out += display.figure(charts.channel_fit(bars, metrics, t("personas.chart_fit_title")),
                              alt=t("personas.chart_fit_alt"))
    table = pd.DataFrame({
        t("personas.col_channel"): shown["channel"].map(lambda c: channel_label(c, t)),
        t("personas.metric_post_share"): shown["post_share"], t("personas.metric_spend_share"): shown["spend_share"],
        t("personas.metric_engagement_share"): shown["engagement_share"],
        t("personas.col_audience_share"): shown["audience_share"],
        t("personas.metric_buyer_share"): shown["buyer_share"],
        t("personas.col_purchase_rate"): shown["purchase_rate"],
        t("personas.metric_sales_share"): shown["sales_share"],
        "status": shown["flag"].map(FLAG_STATUS),
        "status_label": shown["flag"].map(lambda f: t(f"personas.flag_{f}"))})
    table = table.rename(columns={"status": t("personas.col_flag")})
    table = table.rename(columns={"status_label": t("personas.col_flag") + "_label"})
    pct = {c: (lambda x: t.percent(x, 0)) for c in table.columns[1:8]}
    return (out + display.table(table, formats=pct, status_column=t("personas.col_flag"))
            + display.note(t("personas.fit_note", material=t.percent(MATERIAL_SHARE, 0),
                             ratio=t.number(MISMATCH_RATIO, 1), under=t.number(UNDERUSED_RATIO, 0),
                             absent=t.percent(ABSENT_BUYER_REACH, 0))))


def activity_view(r: PersonaReport) -> display.Html:
    """Where each persona is active, and how much of the brand's posting reaches it."""
    from reporting.charts import personas as charts

    t = r.t
    out = display.heading(t("personas.h_activity"))
    if r.usage.empty:
        return out + display.empty_state(t("personas.activity_small"))
    usage = r.usage.rename(columns=lambda c: channel_label(c, t))
    out += display.bullets(reach_sentences(r))
    out += display.figure(charts.persona_channels(usage, t("personas.chart_usage_title")),
                          alt=t("personas.chart_usage_alt"))
    table = pd.DataFrame({
        t("personas.col_persona"): r.reach["persona"],
        t("personas.col_main_channel"): r.reach["main_channel"].map(lambda c: channel_label(c, t)),
        t("personas.col_main_share"): r.reach["main_share"],
        t("personas.col_main_posts"): r.reach["main_post_share"],
        t("personas.col_post_coverage"): r.reach["post_coverage"],
        t("personas.col_spend_coverage"): r.reach["spend_coverage"]})
    pct = {c: (lambda x: t.percent(x, 0)) for c in table.columns[2:]}
    return out + display.table(table, formats=pct) + display.note(t("personas.coverage_note"))


def platforms_view(r: PersonaReport) -> display.Html:
    """Platform demographics per channel (age x gender, top places), compared with the survey's personas."""
    from reporting.charts import personas as charts

    t = r.t
    out = display.heading(t("personas.h_platforms"))
    if r.ages.empty and r.locations.empty:
        return out + display.empty_state(t("personas.no_demographics"))
    if not r.gaps.empty:
        out += display.bullets(platform_sentences(r))
        ages = r.ages.assign(channel=r.ages["channel"].map(lambda c: channel_label(c, t)))
        colors = {channel_label(c, t): theme.channel_color(c) for c in r.ages["channel"].unique()}
        labels = {k: t(f"personas.legend_{k}") for k in ("female", "male", "other", "survey")}
        out += display.figure(charts.platform_ages(ages, colors, labels, t("personas.chart_ages_title")),
                              alt=t("personas.chart_ages_alt"))
    if not r.locations.empty:
        places = (r.locations.assign(text=[f"{loc} {t.percent(s, 0)}" for loc, s in
                                           zip(r.locations["location"], r.locations["share"], strict=True)])
                  .groupby(["channel", "dimension"], sort=False)["text"].agg(", ".join).unstack("dimension"))
        table = pd.DataFrame({t("personas.col_channel"): [channel_label(c, t) for c in places.index]})
        for dim in ("city", "country"):
            if dim in places.columns:
                table[t(f"personas.col_{dim}")] = places[dim].fillna("–").to_list()
        out += display.table(table, caption=t("personas.locations_caption"))
    return out + display.note(t("personas.platform_note"))


def method_view(r: PersonaReport) -> display.Html:
    """How the personas were found: features, the criterion for k, the stability check."""
    from reporting.charts import personas as charts

    t = r.t
    out = display.heading(t("personas.h_method"))
    if not r.segmented:
        return out + display.paragraph(t("personas.small_note", n=t.number(r.respondents),
                                         min=t.number(r.min_respondents)))
    seg = r.segmentation
    out += display.paragraphs([
        t("personas.method_features", n=t.number(r.respondents)),
        t("personas.method_k", k=seg.k, share=t.percent(MIN_PERSONA_SHARE, 0)),
        t("personas.method_stability", resamples=seg.resamples, fraction=t.percent(RESAMPLE_FRACTION, 0),
          ari=t.number(seg.stability, 2), word=t(f"personas.stability_{stability_word(seg.stability)}")),
    ])
    out += display.figure(charts.k_selection(seg.scores, t("personas.chart_k_title"), t("personas.chart_k_x"),
                                             t("personas.chart_k_y")), alt=t("personas.chart_k_alt"))
    table = pd.DataFrame({t("personas.col_k"): seg.scores["k"],
                          t("personas.col_silhouette"): seg.scores["silhouette"],
                          t("personas.col_smallest"): seg.scores["smallest_share"],
                          t("personas.col_chosen"): seg.scores["chosen"].map(
                              lambda c: t("personas.chosen_yes") if c else "")})
    cols = list(table.columns)
    return out + display.table(table, formats={cols[1]: lambda x: t.number(x, 3),
                                               cols[2]: lambda x: t.percent(x, 0)}) \
        + display.note(t("personas.method_seed", seed=seg.seed))


# --------------------------------------------------------------------------------------------------
# summary.json
# --------------------------------------------------------------------------------------------------

def summary_payload(r: PersonaReport) -> dict[str, object]:
    """The report's payload for ``audience_personas.summary.json`` (schema: docs/summary/audience_personas.md)."""
    seg = r.segmentation
    fit_cols = ["channel", "on_brand", "post_share", "spend_share", "engagement_share", "audience_share",
                "buyer_reach", "buyer_share", "purchase_rate", "sales_share", "fit", "flag"]
    return {
        "respondents": r.respondents,
        "min_respondents": r.min_respondents,
        "segmented": r.segmented,
        "purchase_rate": r.audience.purchase_rate if r.audience else None,
        "method": None if seg is None else {
            "algorithm": "kmeans", "criterion": "silhouette", "k": seg.k, "seed": seg.seed,
            "scores": seg.scores[["k", "silhouette", "smallest_share"]].to_dict(orient="records"),
            "stability_ari": seg.stability, "resamples": seg.resamples, "resample_fraction": RESAMPLE_FRACTION},
        "personas": [{
            "id": p.id, "name": p.name, "size": p.size, "share": p.share, "median_age": p.age_median,
            "women": p.women, "purchase_rate": p.purchase_rate, "within_radius": p.within_radius,
            "top_traits": p.traits[p.traits["field"].isin(PSYCHOGRAPHIC_FIELDS)].pipe(distinctive)
            .head(6)[["field", "value", "share", "overall", "index"]].to_dict(orient="records"),
            "channels": p.top("channels", n=5)[["value", "share", "index"]]
            .rename(columns={"value": "channel"}).to_dict(orient="records"),
        } for p in r.personas],
        "channel_fit": r.fit[fit_cols].to_dict(orient="records"),
        "flags": r.fit.loc[~r.fit["flag"].isin(["ok", "no_data"]), ["channel", "flag"]].to_dict(orient="records"),
        "local": None if r.params.location is None else {
            "place": r.params.location.name, "radius_km": r.params.location.radius_km,
            "within_share": r.within_radius, "respondents_with_distance": r.distance_known},
        "platform_age_gap": r.gaps[["channel", "gap"]].to_dict(orient="records"),
        "assignments": {} if seg is None else {str(k): int(v) for k, v in seg.labels.items()},
    }
