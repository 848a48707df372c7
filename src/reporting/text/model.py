"""A trained linear sentiment model: features, weights, calibration, and how it says "neutral".

The same class serves the Korean model shipped with the package
(``reporting/text/models/ko_sentiment.npz``) and the models fitted on one
client's own labels (cached in the client's data folder, never in the package).

Stored as a NumPy ``.npz`` with no pickled objects (nothing executes on load)
and written deterministically (fixed zip timestamps), so rebuilding a model
from the same data gives the same bytes.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from reporting.text.features import Block, Vocabulary, hashed_blocks, weigh_blocks

FORMAT = 1
POLAR = ("negative", "positive")


@dataclass(eq=False)
class TextModel:
    """Linear model over :mod:`reporting.text.features` blocks.

    ``classes`` are sorted labels (``negative``/``positive``, or with ``neutral``).
    A two-class model has one row of ``coef``: its decision ``z`` becomes the
    positive probability ``1 / (1 + exp(-(a z + b)))`` with ``platt = (a, b)``
    fitted on cross-validated decisions, and it says ``neutral`` where that
    probability is within ``neutral_below / 2`` of one half (the model is unsure).
    A three-class model is a softmax over its rows and names the likeliest class.
    """

    blocks: tuple[Block, ...]
    vocabularies: tuple[Vocabulary, ...]
    classes: tuple[str, ...]
    coef: np.ndarray
    intercept: np.ndarray
    platt: tuple[float, float] = (1.0, 0.0)
    neutral_below: float = 0.0

    def __post_init__(self) -> None:
        if list(self.classes) != sorted(self.classes) or not set(self.classes) <= {*POLAR, "neutral"}:
            raise ValueError(f"classes must be sorted sentiment labels, got {self.classes}")
        rows = 1 if len(self.classes) == 2 else len(self.classes)
        width = sum(len(v) for v in self.vocabularies)
        if self.coef.shape != (rows, width) or self.intercept.shape != (rows,):
            raise ValueError(f"weights of shape {self.coef.shape} do not fit {rows} row(s) x {width} features")

    def features(self, texts: Sequence[str]) -> sp.csr_matrix:
        return weigh_blocks(hashed_blocks(list(texts), self.blocks), self.vocabularies)

    def decisions(self, x: sp.csr_matrix) -> np.ndarray:
        return np.asarray(x @ self.coef.T) + self.intercept

    def probabilities_from(self, z: np.ndarray) -> np.ndarray:
        """Class probabilities (rows sum to 1, columns in ``classes`` order) from decisions."""
        if len(self.classes) == 2:
            a, b = self.platt
            p = 1.0 / (1.0 + np.exp(-(a * z[:, 0] + b)))
            return np.column_stack([1.0 - p, p])
        shifted = np.exp(z - z.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return self.probabilities_from(self.decisions(self.features(texts)))

    def scores(self, probabilities: np.ndarray) -> np.ndarray:
        """Positive minus negative probability: -1..1, the scale every sentiment method shares."""
        col = {c: i for i, c in enumerate(self.classes)}
        return probabilities[:, col["positive"]] - probabilities[:, col["negative"]]

    def labels(self, probabilities: np.ndarray) -> np.ndarray:
        """The label each row gets: the likeliest class, or ``neutral`` where a two-class model is unsure."""
        if len(self.classes) == 2:
            s = self.scores(probabilities)
            return np.where(np.abs(s) < self.neutral_below, "neutral", np.where(s > 0, "positive", "negative"))
        return np.asarray(self.classes, dtype=object)[probabilities.argmax(axis=1)].astype(str)

    def predict(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(labels, scores) of ``texts``."""
        p = self.probabilities(texts)
        return self.labels(p), self.scores(p)

    # --- storage --------------------------------------------------------------------------------

    def config(self) -> dict:
        return {"format": FORMAT, "blocks": [b.as_dict() for b in self.blocks], "classes": list(self.classes),
                "platt": [float(x) for x in self.platt], "neutral_below": float(self.neutral_below)}

    def save(self, path: Path) -> None:
        """Write the model as an ``.npz`` whose bytes depend only on its content (weights kept as float32)."""
        arrays: dict[str, np.ndarray] = {
            "config": np.frombuffer(json.dumps(self.config(), sort_keys=True).encode(), dtype=np.uint8),
            "coef": self.coef.astype(np.float32), "intercept": self.intercept.astype(np.float64),
        }
        for i, v in enumerate(self.vocabularies):
            arrays[f"slots{i}"] = v.slots.astype(np.int32)
            arrays[f"idf{i}"] = v.idf.astype(np.float32)
        write_npz(path, arrays)

    @classmethod
    def load(cls, path: Path) -> TextModel:
        """Read a model written by :meth:`save` (no pickle: ``allow_pickle=False``)."""
        with np.load(path, allow_pickle=False) as data:
            config = json.loads(bytes(data["config"]).decode())
            if config.get("format") != FORMAT:
                raise ValueError(f"{path}: model format {config.get('format')!r}, this code reads {FORMAT}")
            blocks = tuple(Block(**b) for b in config["blocks"])
            vocabularies = tuple(Vocabulary(data[f"slots{i}"], data[f"idf{i}"].astype(np.float64))
                                 for i in range(len(blocks)))
            return cls(blocks, vocabularies, tuple(config["classes"]), data["coef"].astype(np.float64),
                       data["intercept"], tuple(config["platt"]), config["neutral_below"])


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """``numpy.savez_compressed`` with fixed member order and timestamps, so equal arrays give equal bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue(), compresslevel=9)
    atomic_write(path, buffer.getvalue())


def atomic_write(path: Path, data: bytes) -> None:
    """Write through a temporary file of its own in the same folder, then rename: readers and concurrent
    writers (two reports of one client) never see a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
