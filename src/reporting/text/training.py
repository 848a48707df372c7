"""Fit a :class:`~reporting.text.model.TextModel` from labelled texts, with cross-validation doing the judging.

One procedure for the Korean model shipped with the package (``tools/build_ko_sentiment.py``)
and for a client's own model (:mod:`reporting.text.labels`):

1. Texts are split into stratified folds, identical texts (after cleaning and folding)
   always in the same fold, so a retweet never checks its own original.
2. Per fold, the vocabulary, IDF, the optional Naive Bayes scaling and the logistic
   regression are fitted on the training part only; the held-out fold gets decisions.
3. Those out-of-fold decisions calibrate a two-class model (Platt scaling) and place its
   neutral band (the least confident share, ``1 - coverage``, of texts); they are also
   what :func:`fit` reports as the cross-validated predictions.
4. The final model is fitted the same way on every text.

Everything is deterministic: fixed fold seed, L-BFGS from zero, one BLAS and OpenMP thread
(threaded reductions round differently from run to run, and on a busy machine they are many times
slower). scikit-learn is imported with this module, before the thread limit is set: threadpoolctl
only limits the libraries already loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from reporting.text.features import Block, Vocabulary, hashed_blocks
from reporting.text.model import TextModel
from reporting.text.prepare import clean, fold_greek

SEED = 0


@dataclass(frozen=True)
class Settings:
    """What a fit is given: feature blocks, inverse regularisation ``C``, Naive Bayes scaling (two classes only)."""

    blocks: tuple[Block, ...]
    C: float = 10.0
    nb: bool = False

    def as_dict(self) -> dict:
        return {"blocks": [b.as_dict() for b in self.blocks], "C": self.C, "nb": self.nb}

    @classmethod
    def from_dict(cls, data: dict) -> Settings:
        return cls(tuple(Block(**b) for b in data["blocks"]), float(data["C"]), bool(data["nb"]))


@dataclass
class Fitted:
    """A fitted model and its cross-validated predictions (one per input text, in input order)."""

    model: TextModel
    cv_labels: np.ndarray
    cv_probabilities: np.ndarray
    folds: int


def groups_of(texts: Sequence[str]) -> np.ndarray:
    """Group id per text: texts equal after cleaning and folding share one (and so one fold)."""
    keys = [fold_greek(clean(t)) for t in texts]
    _, inverse = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    return inverse


def splits(labels: np.ndarray, groups: np.ndarray, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified group folds with a fixed seed."""
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(labels)), labels, groups))


def _nb_ratio(x: sp.csr_matrix, y: np.ndarray, classes: tuple[str, ...]) -> np.ndarray:
    """Naive Bayes log-count ratio per feature (Wang & Manning 2012), add-one smoothed."""
    p = np.asarray(x[y == classes[1]].sum(axis=0)).ravel() + 1.0
    q = np.asarray(x[y == classes[0]].sum(axis=0)).ravel() + 1.0
    return np.log((p / p.sum()) / (q / q.sum()))


def _fit_linear(counts: list[sp.csr_matrix], rows: np.ndarray, y: np.ndarray, settings: Settings,
                classes: tuple[str, ...]) -> tuple[tuple[Vocabulary, ...], np.ndarray, np.ndarray]:
    """Vocabulary, weights (NB scaling folded in) and intercepts from the given rows."""
    vocabularies = tuple(Vocabulary.fit(c[rows], b.min_df) for c, b in zip(counts, settings.blocks, strict=True))
    x = sp.hstack([v.weigh(c[rows]) for c, v in zip(counts, vocabularies, strict=True)], format="csr")
    scale = _nb_ratio(x, y, classes) if settings.nb and len(classes) == 2 else np.ones(x.shape[1])
    lr = LogisticRegression(C=settings.C, solver="lbfgs", max_iter=5000, tol=1e-6)
    lr.fit(x @ sp.diags(scale), y)
    if tuple(lr.classes_) != classes:
        raise ValueError(f"a training part lacks a class: has {tuple(lr.classes_)}, needs {classes}")
    return vocabularies, lr.coef_ * scale, lr.intercept_.copy()


def _platt(z: np.ndarray, positive: np.ndarray) -> tuple[float, float]:
    """(a, b) of the sigmoid 1 / (1 + exp(-(a z + b))) that best fits out-of-fold decisions (Platt 1999)."""
    lr = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000, tol=1e-10).fit(z.reshape(-1, 1), positive)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def fit(texts: Sequence[str], labels: Sequence[str], settings: Settings, *, folds: int = 5,
        coverage: float | None = None) -> Fitted:
    """Fit on every text and return the model with its cross-validated predictions.

    Parameters
    ----------
    texts, labels
        Labelled texts; labels among ``positive``, ``negative`` (and ``neutral`` for a
        three-class model). Each class needs at least ``folds`` distinct texts.
    settings
        Feature blocks, ``C`` and Naive Bayes scaling, fixed in advance: choosing them by these
        same cross-validated predictions would flatter the figures reported from them.
    coverage
        Two classes only: the share of texts the model should call positive or negative;
        the rest, where its calibrated probability is least sure, become ``neutral``.
        ``None`` calls every text.
    """
    with threadpool_limits(limits=1):
        return _fit(list(texts), np.asarray(labels, dtype=object).astype(str), settings, folds, coverage)


def _fit(texts: list[str], y: np.ndarray, settings: Settings, folds: int, coverage: float | None) -> Fitted:
    classes = tuple(sorted(set(y)))
    if len(classes) < 2:
        raise ValueError("a model needs at least two label classes")
    counts = hashed_blocks(texts, settings.blocks)
    z = np.zeros((len(texts), 1 if len(classes) == 2 else len(classes)))
    for train, test in splits(y, groups_of(texts), folds):
        vocabularies, coef, intercept = _fit_linear(counts, train, y[train], settings, classes)
        x_test = sp.hstack([v.weigh(c[test]) for c, v in zip(counts, vocabularies, strict=True)], format="csr")
        z[test] = np.asarray(x_test @ coef.T) + intercept
    platt = _platt(z[:, 0], y == classes[1]) if len(classes) == 2 else (1.0, 0.0)
    vocabularies, coef, intercept = _fit_linear(counts, np.arange(len(texts)), y, settings, classes)
    model = TextModel(settings.blocks, vocabularies, classes, coef, intercept, platt)
    probabilities = model.probabilities_from(z)
    if coverage is not None and len(classes) == 2:
        confidence = np.abs(model.scores(probabilities))
        model.neutral_below = float(np.quantile(confidence, 1.0 - coverage))
    return Fitted(model, model.labels(probabilities), probabilities, folds)
