"""Audience personas, segmentation: survey answers as mixed features, a Gaussian mixture with k by BIC, stability.

Answers are one-hot encoded (multi-valued questions give one 0/1 column per
answer) next to standardised numbers, reduced to the principal components that
carry 80 % of the variation, and modelled as a mixture of k Gaussian groups for
k = 3..6 with a fixed seed. The k with the lowest BIC (fit penalised for the
number of parameters) wins, so the data choose the number of personas and a
re-run gives the same ones. Re-fitting on 80 % subsamples and comparing
(adjusted Rand index) says how stable they are.

Choices measured on the three demo audiences and eight generated ones (see
tests/reports/test_audience_personas.py): silhouette merges two personas that
share a few traits (a neighbourhood regular and a weekend family, both on
Facebook in the morning); a mixture without a variance floor, or with
purchase as an input, splits personas along a single yes/no answer (buyers
versus non-buyers, one exact answer combination). Purchase is therefore profiled, not clustered on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score
from sklearn.mixture import GaussianMixture
from sklearn.preprocessing import MultiLabelBinarizer, PowerTransformer
from threadpoolctl import threadpool_limits

from reporting.analysis.traits import MULTI_FIELDS

CLUSTER_TRAIT_FIELDS = (*MULTI_FIELDS, "income_band")  # gender describes personas, it does not define them
NUMERIC_FIELDS = ("age", "hours_per_day")  # plus distance_km for local businesses; purchase is profiled only
K_RANGE = range(3, 7)
SEED = 0
N_INIT = 3  # mixture fits per k; the best likelihood is kept
RESAMPLES = 20
RESAMPLE_FRACTION = 0.8
KEPT_VARIANCE = 0.8  # principal components kept before clustering; the rest is mostly answer-level noise
VARIANCE_FLOOR = 0.15  # no persona is tighter than this on a component: one answer combination is not a persona
MIN_TRAIT_SHARE = 0.02  # rarer answers (typos, one-offs) are shown but do not shape the personas
MIN_PERSONA_SHARE = 0.05  # a k whose smallest persona is below this is not a usable segmentation


@dataclass(frozen=True)
class Features:
    """Respondents encoded for clustering: one row per respondent, one column per number or answer."""

    matrix: np.ndarray
    ids: pd.Index  # respondent_id, row order of ``matrix``
    columns: list[tuple[str, str]]  # (field, value) per column; value is "" for numeric fields
    fields: list[str]  # fields that carry information (constant or empty fields are left out)


def encode(respondents: pd.DataFrame, traits: pd.DataFrame, local: bool) -> Features:
    """One-hot answers plus standardised numbers, ready for :func:`segment`.

    Numbers (age, time online, distance when the business is local) are median-imputed and
    made Gaussian-like (Yeo-Johnson, standardised): a long tail of heavy users would otherwise
    read as extra personas. Each answer to a categorical question becomes a 0/1 column; answers
    held by fewer than 2 % of respondents are left out as noise. Purchase is not an input: the
    personas are judged on whether they buy, and as a yes/no it would split each into its
    buyers and non-buyers.
    """
    ids = pd.Index(respondents["respondent_id"].astype("string"))
    blocks: list[np.ndarray] = []
    columns: list[tuple[str, str]] = []
    fields: list[str] = []
    numbers = {name: pd.to_numeric(respondents[name], errors="coerce")
               for name in (*NUMERIC_FIELDS, *(("distance_km",) if local else ()))}
    for name, values in numbers.items():
        x = values.astype("float64").to_numpy(na_value=np.nan)
        if np.isnan(x).all():
            continue
        x = np.where(np.isnan(x), np.nanmedian(x), x)
        if x.std() > 0:
            blocks.append(PowerTransformer(method="yeo-johnson").fit_transform(x[:, None]))
            columns.append((name, ""))
            fields.append(name)
    by_id = traits.groupby(["field", "respondent_id"])["value"].agg(list)
    for name in CLUSTER_TRAIT_FIELDS:
        if name not in by_id.index.get_level_values(0):
            continue
        answers = by_id.loc[name].reindex(ids)
        binarizer = MultiLabelBinarizer()
        onehot = binarizer.fit_transform([v if isinstance(v, list) else [] for v in answers]).astype("float64")
        share = onehot.mean(axis=0)
        keep = (share >= MIN_TRAIT_SHARE) & (share < 1)
        if keep.any():
            blocks.append(onehot[:, keep])
            columns.extend((name, str(v)) for v in binarizer.classes_[keep])
            fields.append(name)
    matrix = np.hstack(blocks) if blocks else np.zeros((len(ids), 0))
    return Features(matrix=matrix, ids=ids, columns=columns, fields=fields)


@dataclass(frozen=True)
class Segmentation:
    """The chosen personas and the evidence for them."""

    labels: pd.Series  # respondent_id -> persona number, 1 = largest
    k: int
    components: int  # principal components modelled
    fields: list[str]  # survey fields that shaped the personas
    scores: pd.DataFrame  # k, bic, smallest_share, admissible, chosen
    stability: float  # mean adjusted Rand index over resamples
    resamples: int
    seed: int


def segment(features: Features, k_range: range = K_RANGE, seed: int = SEED,
            resamples: int = RESAMPLES) -> Segmentation:
    """Mixture-model personas with k chosen by BIC, numbered by size, with a stability check.

    Modelling the principal components that keep 80 % of the variation (as in factor
    analysis of mixed data) drops answer-level noise. A k is admissible when its smallest
    persona holds at least 5 % of respondents (a persona of a handful of people is not one a
    team can plan for). The same seed and data always give the same personas.
    """
    x = _components(features.matrix)
    n = len(x)
    rows, fits = [], {}
    with threadpool_limits(limits=1):  # BLAS/OpenMP threads on a busy machine make small fits many times slower
        for k in k_range:
            if k >= n:
                break
            model = _mixture(k, seed).fit(x)
            labels = model.predict(x)
            fits[k] = labels
            smallest = np.bincount(labels, minlength=k).min() / n
            rows.append({"k": k, "bic": float(model.bic(x)), "smallest_share": smallest,
                         "admissible": bool(smallest >= MIN_PERSONA_SHARE)})
        scores = pd.DataFrame(rows)
        pool = scores[scores["admissible"]] if scores["admissible"].any() else scores
        k = int(pool.sort_values(["bic", "k"], kind="stable")["k"].iloc[0])
        scores["chosen"] = scores["k"] == k
        labels = _by_size(fits[k])
        stable = stability(x, labels, k, seed, resamples)
    return Segmentation(labels=pd.Series(labels, index=features.ids, name="persona"), k=k, components=x.shape[1],
                        fields=features.fields, scores=scores, stability=stable, resamples=resamples, seed=seed)


def stability(x: np.ndarray, labels: np.ndarray, k: int, seed: int = SEED, resamples: int = RESAMPLES) -> float:
    """Mean adjusted Rand index between the full-data personas and personas re-fitted on 80 % subsamples.

    1 means every subsample finds the same personas; near 0 means the split is chance.
    """
    rng = np.random.default_rng(seed)
    size = int(round(RESAMPLE_FRACTION * len(x)))
    aris = []
    for b in range(resamples):
        idx = np.sort(rng.choice(len(x), size=size, replace=False))
        refit = _mixture(k, seed + 1 + b).fit(x[idx])
        aris.append(adjusted_rand_score(labels[idx], refit.predict(x[idx])))
    return float(np.mean(aris))


def _components(matrix: np.ndarray) -> np.ndarray:
    if matrix.shape[1] < 2:
        return matrix
    return PCA(n_components=KEPT_VARIANCE, svd_solver="full").fit_transform(matrix)


def _mixture(k: int, seed: int) -> GaussianMixture:
    """Diagonal covariances (a persona may be tighter on some components than others) with a variance floor."""
    return GaussianMixture(n_components=k, covariance_type="diag", n_init=N_INIT, reg_covar=VARIANCE_FLOOR,
                           random_state=seed)


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber groups 1..k, largest first (ties: the group met first), so numbering is stable."""
    sizes = pd.Series(labels).value_counts()
    first = pd.Series(np.arange(len(labels))).groupby(labels).min()
    order = sorted(sizes.index, key=lambda c: (-sizes[c], first[c]))
    mapping = {c: i + 1 for i, c in enumerate(order)}
    return np.array([mapping[c] for c in labels])
