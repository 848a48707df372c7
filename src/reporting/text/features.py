"""Text features for trained sentiment models: hashed n-grams weighted by TF-IDF over a fitted vocabulary.

A model sees a text as blocks of n-grams: ``char`` (character n-grams inside
word boundaries, on the folded text: robust to spelling, spacing and slang),
``word`` (folded words) and ``morpheme`` (Kiwi's ``form/TAG`` morphemes of each
Korean word, so 맛있어요 and 맛있는데 share 맛있/VA).

N-grams are hashed into 2**20 slots by scikit-learn's :class:`HashingVectorizer`
(MurmurHash3, stable across releases), so a model stores no strings: only the
slots seen in training (:class:`Vocabulary`) with their inverse document
frequencies. A block's row is sublinear TF (1 + log count) times IDF, scaled to
unit length, as :class:`~sklearn.feature_extraction.text.TfidfVectorizer` does
with ``sublinear_tf=True``; slots never seen in training are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from reporting.text.prepare import HANGUL, clean, fold_greek, korean_morphemes

HASH_BITS = 20
KINDS = ("char", "word", "morpheme")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Block:
    """One family of n-grams: ``kind`` (see :data:`KINDS`), the n-gram lengths, and the least document count kept."""

    kind: str
    ngram_min: int
    ngram_max: int
    min_df: int = 1

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown feature block {self.kind!r} (known: {', '.join(KINDS)})")

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "ngram_min": self.ngram_min, "ngram_max": self.ngram_max, "min_df": self.min_df}

    def hashed(self, documents: list[str]) -> sp.csr_matrix:
        """Raw n-gram counts in the hashed space (``len(documents)`` x 2**20)."""
        from sklearn.feature_extraction.text import HashingVectorizer

        analyzer = "char_wb" if self.kind == "char" else "word"
        vectorizer = HashingVectorizer(
            analyzer=analyzer, ngram_range=(self.ngram_min, self.ngram_max), n_features=2**HASH_BITS,
            alternate_sign=False, norm=None, lowercase=False, token_pattern=r"\S+" if analyzer == "word" else None,
            dtype=np.float64)
        return vectorizer.transform(documents).tocsr()


def documents(texts: list[str], kinds: set[str]) -> dict[str, list[str]]:
    """What each kind of block reads, per text: folded text (``char``), folded words, Korean morphemes.

    Texts are cleaned first (:func:`reporting.text.prepare.clean`). Kiwi runs once
    per distinct word of the batch; a word without Hangul stays as its folded self.
    """
    cleaned = [clean(t) for t in texts]
    out: dict[str, list[str]] = {}
    if "char" in kinds:
        out["char"] = [fold_greek(c) for c in cleaned]
    if "word" in kinds:
        out["word"] = [" ".join(_WORD.findall(fold_greek(c))) for c in cleaned]
    if "morpheme" in kinds:
        split = [c.split() for c in cleaned]
        analysed = korean_morphemes(w for words in split for w in words)
        out["morpheme"] = [
            " ".join(m for w in words for m in (analysed[w] if HANGUL.search(w) else [fold_greek(w)]))
            for words in split
        ]
    return out


def hashed_blocks(texts: list[str], blocks: tuple[Block, ...]) -> list[sp.csr_matrix]:
    """Hashed counts of every block, each block's documents prepared once."""
    docs = documents(texts, {b.kind for b in blocks})
    return [b.hashed(docs[b.kind]) for b in blocks]


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The hashed slots one block kept in training, sorted, with their inverse document frequencies."""

    slots: np.ndarray  # int32, sorted
    idf: np.ndarray  # float64, aligned with slots

    @classmethod
    def fit(cls, counts: sp.csr_matrix, min_df: int) -> Vocabulary:
        """Slots present in at least ``min_df`` rows; IDF smoothed as scikit-learn does: ln((1+n)/(1+df)) + 1."""
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        slots = np.flatnonzero(df >= max(min_df, 1)).astype(np.int32)
        n = counts.shape[0]
        return cls(slots, np.log((1 + n) / (1 + df[slots])) + 1.0)

    def __len__(self) -> int:
        return len(self.slots)

    @cached_property
    def _column(self) -> np.ndarray:
        column = np.full(2**HASH_BITS, -1, dtype=np.int32)
        column[self.slots] = np.arange(len(self.slots), dtype=np.int32)
        return column

    def weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Rows of unit length over this vocabulary: (1 + log count) x IDF, unseen slots dropped."""
        column = self._column[counts.indices]
        keep = column >= 0
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))[keep]
        cols = column[keep]
        values = (1.0 + np.log(counts.data[keep])) * self.idf[cols]
        out = sp.csr_matrix((values, (rows, cols)), shape=(counts.shape[0], len(self.slots)))
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ out)


def weigh_blocks(counts: list[sp.csr_matrix], vocabularies: tuple[Vocabulary, ...]) -> sp.csr_matrix:
    """All blocks side by side, each weighed over its own vocabulary."""
    return sp.hstack([v.weigh(c) for c, v in zip(counts, vocabularies, strict=True)], format="csr")
