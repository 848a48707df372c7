"""Build the Korean sentiment model shipped with the package: ``make model`` runs this (never at install).

Usage (from the project root)::

    .venv/bin/python tools/build_ko_sentiment.py            # tune, fit, measure, write the model
    .venv/bin/python tools/build_ko_sentiment.py --no-tune  # refit the recorded settings only

Data: ``../shared/real-exports/multilingual_sentiment/KFromage__nsmc/ratings_train.txt``
(a derived subset of NSMC, CC0; ``id, document, label``), read in place and never copied.
Its labels are abusive (0) / not abusive (1) comments, read here as negative / positive:
a proxy for sentiment, not sentiment itself (``shared/real-exports/README.md``).

Procedure, fixed before any tuning:

1. One row per distinct text; texts labelled both ways are dropped.
2. **Held out**: texts whose CRC-32 (UTF-8) is 1 modulo 4, about a quarter. They are a
   subset of the half the Korean lexicon was never revised on (odd CRC-32), so the model and
   the lexicon are compared on text neither has seen. Nothing below reads them until the
   final measurement.
3. **Tuning** on the other three quarters (dev) only: 5-fold cross-validation of every
   setting in :data:`GRID`; the winner has the best cross-validated balanced accuracy among
   the texts it calls, with the neutral band placed so that it calls :data:`COVERAGE` of them.
4. **Lexicon** (measured once, at commit 2764f17; the Korean lexicon was removed after): a
   logistic regression on the model's cross-validated decision, with and without the lexicon's
   score, itself cross-validated: balanced accuracy 0.8985 with it, 0.8980 without, at 90 %
   coverage (3 texts of 7,480). The record is carried over in the JSON. Kiwi morpheme n-grams
   are in :data:`GRID`; they did not win either.
5. **Final fit** of the winner on all dev texts (calibration and neutral band from its
   cross-validated decisions), written as ``src/reporting/text/models/ko_sentiment.npz``, then
   measured once on the held-out texts; figures, settings, data and library versions go to
   ``ko_sentiment.json``.

Deterministic: the same data and library versions give the same bytes
(``tests/test_sentiment_model.py`` rebuilds and compares).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from reporting.text import sentiment
from reporting.text.features import Block
from reporting.text.model import TextModel
from reporting.text.training import Settings, fit

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "real-exports" / "multilingual_sentiment" / "KFromage__nsmc" / "ratings_train.txt"
MODEL = ROOT / "src" / "reporting" / "text" / "models" / "ko_sentiment.npz"
COVERAGE = 0.90
"""Share of dev texts the model calls positive or negative: five points above the 85 % the issue asks, so the
held-out texts (and real mentions) can be a little harder without falling below it."""
FOLDS = 5
CHAR = Block("char", 1, 3, min_df=2)
GRID: tuple[Settings, ...] = tuple(
    Settings(blocks, C, nb)
    for blocks in ((CHAR,), (CHAR, Block("morpheme", 1, 2, min_df=2)),
                   (Block("char", 1, 4, min_df=2), Block("morpheme", 1, 2, min_df=2)))
    for C in (3.0, 10.0, 30.0, 100.0)
    for nb in (False, True)
)
LIMITATION = ("The model learned what the labels mark: abusive language. A complaint without insults (최악이에요, "
              "돈 아깝다, 다시는 안 간다) looks 'not abusive' to it and is called positive. A client's own labels "
              "(docs/sentiment-labels.md) measure it on the client's mentions before a report relies on it.")
LIBRARIES = ("scikit-learn", "numpy", "scipy", "kiwipiepy", "kiwipiepy_model")
PROVENANCE = {
    "path": "../shared/real-exports/multilingual_sentiment/KFromage__nsmc/ratings_train.txt",
    "repository": "https://github.com/KFromage/nsmc",
    "commit": "5251e9164cde5421c2b53df1c8106469d5eb37af",
    "licence": "CC0 1.0 (the NSMC corpus by e9t, of which this is a derived subset; no licence file in the fork)",
    "labels": "0 = abusive, 1 = not abusive, read as negative / positive. Despite the file name these are "
              "news and community comments, not movie reviews: a proxy for sentiment, not sentiment itself "
              "(a polite complaint counts as positive).",
}


def held_out(text: str) -> bool:
    """The fixed split rule: CRC-32 of the UTF-8 text is 1 modulo 4."""
    return zlib.crc32(text.encode("utf-8")) % 4 == 1


def load(path: Path = DATA) -> pd.DataFrame:
    """``text``, ``label`` (positive / negative), ``held_out``: one row per distinct, consistently labelled text."""
    raw = pd.read_csv(path, sep="\t", dtype={"document": "string"}, keep_default_na=False)
    frame = pd.DataFrame({"text": raw["document"], "label": raw["label"].map({1: "positive", 0: "negative"})})
    if frame["label"].isna().any():
        raise ValueError(f"{path}: a label other than 0 or 1 in row {frame.index[frame['label'].isna()][0] + 2}")
    consistent = frame.groupby("text")["label"].transform("nunique") == 1
    frame = frame[consistent].drop_duplicates("text").reset_index(drop=True)
    frame["held_out"] = frame["text"].map(held_out).astype(bool)
    return frame


def figures(predicted: np.ndarray, gold: pd.Series) -> dict:
    out = sentiment.evaluate(pd.Series(predicted, index=gold.index, dtype="string"), gold)
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def tune(dev: pd.DataFrame) -> list[dict]:
    """Cross-validated figures of every setting in :data:`GRID`, on dev texts only."""
    rows = []
    for settings in GRID:
        started = time.perf_counter()
        fitted = fit(dev["text"].tolist(), dev["label"].tolist(), settings, folds=FOLDS, coverage=COVERAGE)
        rows.append({"settings": settings.as_dict(), "cv": figures(fitted.cv_labels, dev["label"]),
                     "features": int(fitted.model.coef.shape[1])})
        print(f"  {json.dumps(settings.as_dict())}: balanced {rows[-1]['cv']['balanced_accuracy']:.4f}, "
              f"coverage {rows[-1]['cv']['coverage']:.4f} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return rows


def best(rows: list[dict]) -> Settings:
    """Highest cross-validated balanced accuracy; ties to the smaller model (fewer features, then smaller C)."""
    top = max(rows, key=lambda r: (r["cv"]["balanced_accuracy"], -r["features"], -r["settings"]["C"]))
    return Settings.from_dict(top["settings"])


def libraries() -> dict[str, str]:
    return {name: importlib.metadata.version(name) for name in LIBRARIES}


def build(settings: Settings, out: Path, data: Path = DATA) -> dict:
    """Fit ``settings`` on the dev texts, write the model to ``out`` and return its measured figures."""
    frame = load(data)
    dev, test = frame[~frame["held_out"]], frame[frame["held_out"]]
    fitted = fit(dev["text"].tolist(), dev["label"].tolist(), settings, folds=FOLDS, coverage=COVERAGE)
    fitted.model.save(out)
    shipped = TextModel.load(out)  # measure what ships (float32 weights), not what was fitted
    labels, _ = shipped.predict(test["text"].tolist())
    return {
        "dev_cv": figures(fitted.cv_labels, dev["label"]),
        "held_out": figures(labels, test["label"]),
        "platt": list(fitted.model.platt), "neutral_below": fitted.model.neutral_below,
        "features": int(fitted.model.coef.shape[1]),
        "split": {"distinct_texts": len(frame), "dev": len(dev), "held_out": len(test),
                  "dev_positive": int((dev["label"] == "positive").sum()),
                  "held_out_positive": int((test["label"] == "positive").sum())},
    }


def metadata(settings: Settings, built: dict, tuning: list[dict] | None, lexicon: dict | None,
             out: Path) -> dict:
    raw = DATA.read_bytes()
    return {
        "model": "ko_sentiment", "language": "ko", "classes": ["negative", "positive"],
        "task": "positive / negative with a neutral band where the calibrated probability is unsure",
        "limitation": LIMITATION,
        "data": PROVENANCE | {"sha256": hashlib.sha256(raw).hexdigest(), "rows": int(raw.count(b"\n")) - 1},
        "split": built["split"] | {
            "rule": "held out where zlib.crc32(text as UTF-8) % 4 == 1, fixed before any tuning; one row per "
                    "distinct text, texts labelled both ways dropped",
        },
        "settings": settings.as_dict(), "folds": FOLDS, "coverage_target": COVERAGE,
        "platt": built["platt"], "neutral_below": built["neutral_below"], "features": built["features"],
        "cross_validation": built["dev_cv"], "held_out": built["held_out"],
        "tuning": tuning, "lexicon": lexicon,
        "libraries": libraries(),
        "file": {"name": out.name, "bytes": out.stat().st_size,
                 "sha256": hashlib.sha256(out.read_bytes()).hexdigest()},
        "rebuild": "make model (tools/build_ko_sentiment.py); tests/test_sentiment_model.py checks the rebuild",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-tune", action="store_true", help="refit the settings recorded in the JSON")
    parser.add_argument("--out", type=Path, default=MODEL, help="where to write the .npz (JSON beside it)")
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} is absent: the model is built from the shared labelled texts")
    record = MODEL.with_suffix(".json")
    recorded = json.loads(record.read_text(encoding="utf-8")) if record.exists() else None
    tuning = None
    lexicon = recorded.get("lexicon") if recorded else None
    if args.no_tune:
        if recorded is None:
            raise SystemExit(f"--no-tune needs {record}: run without it first")
        settings = Settings.from_dict(recorded["settings"])
        tuning = recorded.get("tuning")
    else:
        frame = load()
        dev = frame[~frame["held_out"]].reset_index(drop=True)
        print(f"tuning {len(GRID)} settings by {FOLDS}-fold cross-validation on {len(dev)} dev texts",
              file=sys.stderr)
        tuning = tune(dev)
        settings = best(tuning)
    built = build(settings, args.out)
    meta = metadata(settings, built, tuning, lexicon, args.out)
    args.out.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in ("settings", "cross_validation", "held_out", "lexicon", "file")},
                     indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
