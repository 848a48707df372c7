"""Measure sentiment accuracy per language and scoring throughput; the source of ``sentiment.ACCURACY``.

Run from the project root::

    .venv/bin/python benchmarks/bench_sentiment.py [--throughput N]

Data (read in place, never copied into the project; a language whose file is
absent is skipped):

* English: ``tests/fixtures/sentiment_en.csv``, 210 brand mentions written and
  labelled for this project (positive / negative / neutral).
* Korean: NSMC subset ``../shared/real-exports/multilingual_sentiment/
  KFromage__nsmc/ratings_train.txt`` (movie reviews, 1 positive, 0 negative).
* Greek: ``.../ceyhun262613__thesis-sentiment-analysis/twitter_part1.csv``
  (bank tweets). Its labels are documented two contradictory ways; the texts
  settle it: 0 = neutral, 1 = negative, 2 = positive (label 1 holds the
  insults and "thieves", label 2 the awards). Duplicate tweets (retweets, 65 %
  of rows) are scored once; texts labelled two ways are dropped.

Each labelled file is split in two by a hash of the text: the **dev** half is
where the lexicons' rules were checked while writing them, the **held-out**
half is what ``ACCURACY`` reports. Before the split existed, about fifty rows
of each file (from both halves) were read to understand the labels, and for
the Greek file a few dozen chosen words were counted per label to settle the
label order; no lexicon weight was fitted to either file. The English fixture
was written before the method was run on it and nothing was tuned on it, so
all of it is reported.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from reporting.text import language, sentiment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "real-exports" / "multilingual_sentiment"
ENGLISH = ROOT / "tests" / "fixtures" / "sentiment_en.csv"
KOREAN = SHARED / "KFromage__nsmc" / "ratings_train.txt"
GREEK = SHARED / "ceyhun262613__thesis-sentiment-analysis" / "twitter_part1.csv"


def load_english() -> pd.DataFrame:
    return pd.read_csv(ENGLISH, dtype="string")[["text", "label"]]


def load_korean() -> pd.DataFrame:
    raw = pd.read_csv(KOREAN, sep="\t", dtype={"document": "string"}, keep_default_na=False)
    labels = raw["label"].map({1: "positive", 0: "negative"})
    return _distinct(pd.DataFrame({"text": raw["document"], "label": labels}))


def load_greek() -> pd.DataFrame:
    raw = pd.read_csv(GREEK, dtype={"text": "string"}, keep_default_na=False)
    labels = raw["sentiment"].map({0: "neutral", 1: "negative", 2: "positive"})
    return _distinct(pd.DataFrame({"text": raw["text"], "label": labels}))


def _distinct(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per text; texts labelled two ways are dropped (no truth to measure against)."""
    if frame["label"].isna().any():
        bad = frame.index[frame["label"].isna()][0]
        raise ValueError(f"unknown label in row {bad + 2}")
    consistent = frame.groupby("text")["label"].transform("nunique") == 1
    return frame[consistent].drop_duplicates("text").reset_index(drop=True)


def held_out(frame: pd.DataFrame) -> pd.Series:
    """True for the held-out half: the text's CRC-32 is odd (stable across runs and machines)."""
    return frame["text"].map(lambda t: zlib.crc32(t.encode("utf-8")) % 2 == 1).astype(bool)


LOADERS = {"en": (load_english, ENGLISH), "ko": (load_korean, KOREAN), "el": (load_greek, GREEK)}


def measure(code: str, frame: pd.DataFrame) -> dict[str, float | int | None]:
    predicted = sentiment.label(sentiment.raw_scores(frame["text"], code))
    return sentiment.evaluate(predicted, frame["label"])


def accuracy_table() -> pd.DataFrame:
    rows = []
    for code, (load, path) in LOADERS.items():
        if not path.exists():
            print(f"{code}: {path} absent, skipped", file=sys.stderr)
            continue
        frame = load()
        parts = {"all": frame} if code == "en" else {"dev": frame[~held_out(frame)], "held-out": frame[held_out(frame)]}
        for part, subset in parts.items():
            rows.append({"language": code, "part": part, **measure(code, subset)})
    return pd.DataFrame(rows)


def throughput(n: int) -> pd.DataFrame:
    """Texts per second for detection and scoring on ``n`` distinct texts per language."""
    rows = []
    for code, (load, path) in LOADERS.items():
        if not path.exists():
            continue
        texts = _distinct_texts(load()["text"], n)
        start = time.perf_counter()
        codes = language.detect(texts)
        detect_s = time.perf_counter() - start
        wall, cpu = time.perf_counter(), time.process_time()
        sentiment.raw_scores(texts, code)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        words = texts.str.split().explode().nunique()
        rows.append({"language": code, "texts": len(texts), "distinct_words": words,
                     "detected_as_language": float((codes == code).mean()), "detect_per_s": len(texts) / detect_s,
                     "score_wall_s": wall, "score_cpu_s": cpu, "score_per_s": len(texts) / wall})
    return pd.DataFrame(rows)


def detection_seconds(n: int = 1_000_000) -> tuple[float, float]:
    """Wall and CPU seconds to detect the language of ``n`` texts drawn from every labelled file."""
    pool = pd.concat([load()["text"] for load, path in LOADERS.values() if path.exists()], ignore_index=True)
    texts = pool.sample(n, replace=True, random_state=0).reset_index(drop=True)
    wall, cpu = time.perf_counter(), time.process_time()
    language.detect(texts)
    return time.perf_counter() - wall, time.process_time() - cpu


def _distinct_texts(texts: pd.Series, n: int) -> pd.Series:
    """``n`` texts, all different (a numbered suffix defeats the duplicate-text cache).

    Their words come from the labelled file, so the distinct-word count (which
    drives Korean cost) is lower than in ``n`` real mentions: it is printed, and
    Korean cost grows with it.
    """
    rng = np.random.default_rng(0)
    base = texts.to_numpy(dtype=object)[rng.integers(0, len(texts), n)]
    return pd.Series([f"{t} {i}" for i, t in enumerate(base)], dtype="string")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--throughput", type=int, default=100_000, help="texts per language (0 to skip)")
    args = parser.parse_args()
    pd.set_option("display.width", 140)
    print(f"bar: binary accuracy >= {sentiment.BAR.binary_accuracy:.0%} with coverage >= {sentiment.BAR.coverage:.0%}")
    print(accuracy_table().round(3).to_string(index=False))
    if args.throughput:
        print(throughput(args.throughput).round(3).to_string(index=False))
        wall, cpu = detection_seconds()
        print(f"language.detect on 1,000,000 mixed texts: {wall:.1f} s wall, {cpu:.1f} s CPU")


if __name__ == "__main__":
    main()
