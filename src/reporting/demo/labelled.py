"""The analyst's hand-labelled sample of a demo client's mentions: ``labels/sentiment_labels.csv``.

A real analyst runs ``reporting label`` and fills in the label column. The demo
draws its sample the same way (:func:`reporting.text.label_sample.sample`, from the
mentions the listening tool left unrated) and labels each mention with the
sentiment it was generated with, so the listening report can measure computed
sentiment on the client's own mentions (and fit the client's own model where
no shipped method serves the language).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reporting import paths
from reporting.demo.context import Context
from reporting.demo.exports.listening import rated
from reporting.text import label_sample, labels

FILE = f"{paths.LABELS_DIR}/{labels.FILE_STEM}.csv"


def write(ctx: Context, mentions: pd.DataFrame, out: Path) -> dict | None:
    """Write the labelled sample (``ctx.profile.labelled_sample`` mentions) and return its facts for planted.json."""
    size = ctx.profile.labelled_sample
    if not size:
        return None
    unrated = ~rated(mentions["mention_id"], ctx.profile.sentiment_share)
    pool = mentions.assign(sentiment=mentions["sentiment"].where(~unrated, None))
    drawn = label_sample.sample(pool, size, salt=ctx.params.client_id)
    truth = mentions.drop_duplicates("mention_id").set_index("mention_id")["sentiment"]
    drawn["label"] = drawn["mention_id"].map(truth)
    target = out / FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(label_sample.sample_csv(drawn))
    counts = drawn.groupby(["language", "label"]).size()
    return {"file": FILE, "rows": len(drawn),
            "by_language": {lang: {lab: int(n) for lab, n in counts[lang].items()}
                            for lang in counts.index.get_level_values(0).unique()}}
