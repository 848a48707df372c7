"""The sample an analyst labels by hand, and the plain-text check of the labels so far (``reporting label``).

The sample is deterministic and stratified by language, one row per distinct text, drawn from the
mentions the listening tool left unrated; it never overwrites an existing labels file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from reporting import paths
from reporting.text import sentiment
from reporting.text.labels import (COLUMNS, FILE_STEM, FORMULA_START, ClientSentiment, LabelError, LabelSet,
                                   read_labels)
from reporting.text.prepare import clean, fold_greek

def sample(mentions: pd.DataFrame, n: int, language: str | None = None, exclude: LabelSet | None = None,
           salt: str = "") -> pd.DataFrame:
    """A deterministic sample of ``n`` distinct mentions to label, stratified by language.

    Drawn from the mentions without the listening tool's sentiment (those computed sentiment
    serves), or from all when every mention has one. One mention per distinct text (reposts
    are labelled once); mentions already labelled are skipped. Each language gets its share
    of ``n`` by its share of the pool (largest remainders); within a language the order is
    a hash of the mention id and ``salt``, so the same data gives the same sample and new
    mentions do not reshuffle it.
    """
    from reporting.text import language as lang_detect

    pool = mentions[mentions["text"].notna()].drop_duplicates("mention_id")
    if "sentiment" in pool and pool["sentiment"].isna().any():
        pool = pool[pool["sentiment"].isna()]
    pool = pool.assign(text=pool["text"].astype(str))
    codes = (sentiment.language_codes(pool["language"].astype("string")).replace("", pd.NA)
             if "language" in pool else None)
    detected = lang_detect.detect(pool["text"].astype("string"))
    pool = pool.assign(language=(codes.fillna(detected) if codes is not None else detected).astype(str))
    pool = pool.assign(key=pool["text"].map(lambda t: fold_greek(clean(t))))
    pool = pool[pool["key"] != ""]
    if exclude is not None and len(exclude.frame):
        done_keys = set(exclude.frame["text"].map(lambda t: fold_greek(clean(t))))
        pool = pool[~pool["mention_id"].isin(set(exclude.frame["mention_id"])) & ~pool["key"].isin(done_keys)]
    if language:
        pool = pool[pool["language"] == language]
    pool = pool.assign(order=pool["mention_id"].map(
        lambda m: hashlib.blake2b(f"{salt}:{m}".encode(), digest_size=8).hexdigest()))
    pool = pool.sort_values(["order", "mention_id"]).drop_duplicates("key")
    sizes = pool["language"].value_counts().sort_index()
    quota = _largest_remainder(sizes, min(n, len(pool)))
    picked = pd.concat([pool[pool["language"] == code].head(k) for code, k in quota.items() if k]) \
        if quota else pool.head(0)
    picked = picked.sort_values(["language", "order"])
    date = picked["time"].dt.strftime("%Y-%m-%d") if "time" in picked else ""
    return pd.DataFrame({"mention_id": picked["mention_id"].astype(str), "date": date,
                         "brand": picked["brand"].fillna("").astype(str) if "brand" in picked else "",
                         "language": picked["language"], "text": picked["text"], "label": ""}).reset_index(drop=True)


def _largest_remainder(sizes: pd.Series, n: int) -> dict[str, int]:
    if sizes.sum() == 0 or n == 0:
        return {}
    exact = sizes / sizes.sum() * n
    quota = np.floor(exact).astype(int)
    for code in (exact - quota).sort_values(ascending=False, kind="stable").index[: n - int(quota.sum())]:
        quota[code] += 1
    return {str(k): int(min(v, sizes[k])) for k, v in quota.items()}


def sample_csv(frame: pd.DataFrame) -> bytes:
    """The sample as UTF-8 CSV with a BOM (so spreadsheet programs read Korean and Greek right), text that
    a spreadsheet would run as a formula quoted with a leading apostrophe (read back without it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in frame[list(COLUMNS)].itertuples(index=False):
        writer.writerow(["'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v for v in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def next_label_file(folder: Path) -> Path:
    """``labels/sentiment_labels.csv``, or the first free ``sentiment_labels-2.csv``, ``-3``...: never an existing file."""
    where = paths.labels_dir(folder)
    candidate = where / f"{FILE_STEM}.csv"
    k = 2
    while candidate.exists():
        candidate = where / f"{FILE_STEM}-{k}.csv"
        k += 1
    return candidate


def write_sample(mentions: pd.DataFrame, folder: Path, n: int, language: str | None = None,
                 salt: str = "") -> tuple[Path, pd.DataFrame]:
    """Write a sample to label into the client's ``labels/`` folder (a new file, never over an existing one)."""
    if n <= 0:
        raise ValueError("the sample size must be at least 1")
    drawn = sample(mentions, n, language, exclude=read_labels(folder, mentions), salt=salt)
    if drawn.empty:
        where = f" in language {language!r}" if language else ""
        raise LabelError(f"no mention{where} is left to label (every one is labelled or has no text)")
    target = next_label_file(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:  # "x": fails rather than overwrite, even in a race
        handle.write(sample_csv(drawn))
    return target, drawn


def format_check(cs: ClientSentiment) -> str:
    """Plain-text account of a client's labels for ``reporting label --check``: figures, choice, what is missing."""
    lines = [f"label files: {', '.join(p.name for p in cs.labels.files) or 'none'}; "
             f"{len(cs.labels.frame)} labelled mention(s), {cs.labels.unlabelled} row(s) not labelled yet"]
    for code, v in cs.verdicts.items():
        counts = ", ".join(f"{n} {c}" for c, n in v.counts.items())
        lines.append(f"{code}: {v.labelled} labelled ({counts})")
        for m in (v.shipped, v.client):
            if m is not None:
                how = "cross-validated" if m.cross_validated else "on these labels"
                lines.append(f"  {m.description}: {m.right} of {m.n} right ({m.accuracy:.0%}, 95 % interval "
                             f"{m.low:.0%}-{m.high:.0%}, {how}); balanced accuracy {m.balanced_accuracy:.0%}, "
                             f"coverage {m.coverage:.0%}: {'passes' if m.passes else 'below'} the bar")
        used = {"shipped": "the shipped method", "client": "the client's own model", None: "nothing: no computed "
                "sentiment for this language"}[v.use]
        lines.append(f"  used: {used}")
        if v.more_for:
            need = (f"about {v.more_labels} more labelled mention(s)" if v.more_labels is not None
                    else "labels of the missing class")
            lines.append(f"  to {'measure it' if v.more_for == 'measure' else 'fit its own model'}: {need}")
        if v.reason:
            lines.append(f"  why: {v.reason}")
    lines.extend(f"problem: {p}" for p in cs.labels.problems)
    return "\n".join(lines)
