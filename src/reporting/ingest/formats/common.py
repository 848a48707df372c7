"""Helpers every format module shares: building an extract, skipping with a reason, vocabularies."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from reporting.ingest.fields import Fields
from reporting.ingest.registry import Extract
from reporting.ingest.sources import TEXT, Table

CONTENT_TYPES: dict[str, str] = {
    "photo": "photo", "photos": "photo", "image": "photo", "ig image": "photo", "picture": "photo",
    "video": "video", "videos": "video", "ig video": "video", "sharedvideo": "video", "live": "video",
    "reel": "reel", "reels": "reel", "ig reel": "reel",
    "link": "link", "links": "link", "article": "article", "articles": "article",
    "text": "text", "status": "text", "post": "text",
    "carousel": "carousel", "ig carousel": "carousel", "album": "carousel", "albums": "carousel",
    "multi-photo": "carousel", "document": "carousel",
    "story": "story", "stories": "story", "ig story": "story",
    "short": "short", "shorts": "short",
}


def extract(fields: Fields, table: str, columns: dict[str, object], notes: list[str] | None = None,
            as_of: pd.Timestamp | None = None, warnings: list[str] | None = None) -> Extract:
    """Assemble canonical columns (series or scalars) into an extract, dropping rejected rows."""
    index = fields.data.index
    frame = pd.DataFrame({k: (v if isinstance(v, pd.Series) else pd.Series([v] * len(index), index=index,
                                                                              dtype=object))
                          for k, v in columns.items()}, index=index)
    frame["source_file"] = fields.table.sheet.file
    kept, rejections = fields.finish(frame)
    return Extract(table, kept, fields.n, dict(fields.mapping), rejections, list(notes or []), as_of,
                   list(warnings or []))


def skip(table: Table, reason: str) -> list[Extract]:
    """Recognised, deliberately not imported: the reason shows in ``reporting inspect``."""
    return [Extract(None, pd.DataFrame(), len(table.data), notes=[reason])]


def map_unique(values: pd.Series, func: Callable[[str], object]) -> pd.Series:
    """``func`` applied once per distinct value: exports repeat a few labels a million times."""
    lookup = {v: func(v) for v in values.dropna().unique()}
    return values.map(lookup).astype("string")


def content_types(values: pd.Series) -> pd.Series:
    """Platform post-type labels to the canonical vocabulary (unknown labels become missing)."""
    folded = values.astype("string").str.strip().str.lower()
    return folded.map(CONTENT_TYPES).astype("string")


def time_given(raw: pd.Series) -> pd.Series:
    """Per publish-time cell: does it hold a time of day (``14:05``, an Excel serial with a fraction)?

    Date-only exports (X Premium, YouTube) put posts at midnight: their time of day is not real
    (``posts.time_reliable``). Missing cells stay missing.
    """
    text = raw.astype("string").str.strip()
    clock = text.str.contains(":", regex=False)
    serial = text.str.fullmatch(r"[0-9]+[.][0-9]*[1-9][0-9]*")
    return (clock | serial).astype("boolean").where(text.notna(), pd.NA)


def first_filled(*series: pd.Series) -> pd.Series:
    """Per row, the first non-missing value among the series."""
    out = series[0].copy()
    for s in series[1:]:
        out = out.fillna(s)
    return out


def total(*series: pd.Series) -> pd.Series:
    """Row sums where at least one part is present (missing parts count as zero)."""
    frame = pd.concat(series, axis=1)
    return frame.sum(axis=1, min_count=1).astype(series[0].dtype)


def handle_from_url(urls: pd.Series, pattern: str) -> pd.Series:
    """The account handle captured by ``pattern``'s first group in each URL."""
    return urls.astype("string").str.extract(pattern, expand=False).astype("string")


def content_hash(*parts: pd.Series) -> pd.Series:
    """A stable 16-hex id from the given columns, for exports without an id column."""
    joined = parts[0].astype("string").fillna("")
    for p in parts[1:]:
        joined = joined + "\x1f" + p.astype("string").fillna("")
    return pd.Series([hashlib.sha1(s.encode("utf-8")).hexdigest()[:16] for s in joined], index=joined.index,
                     dtype="string")


_HASHTAG = re.compile(r"#(\w+)", re.UNICODE)


def hashtags(values: pd.Series) -> pd.Series:
    """``'#Coffee, #Seoul'`` or free text -> ``'coffee seoul'`` (lower-case, no '#', space-separated)."""
    found = values.astype("string").str.findall(_HASHTAG)
    return found.map(lambda tags: " ".join(t.casefold() for t in tags) if isinstance(tags, list) and tags
                     else pd.NA, na_action="ignore").astype("string")


def hashtag_list(values: pd.Series) -> pd.Series:
    """A tool's hashtag column (``'coffee, seoul'`` or ``'#coffee #seoul'``) in the canonical form."""
    cleaned = values.astype(TEXT).str.replace("[#,;| \t\r\n]+", " ", regex=True).str.strip().str.lower()
    return cleaned.replace("", pd.NA).astype("string")


def spread_days(frame: pd.DataFrame, start: str, end: str, money: list[str], counts: list[str]) -> pd.DataFrame:
    """One row per day for rows covering ``start``..``end``: money split evenly, whole counts spread exactly.

    Ads Manager and GA exports without a Date breakdown report one figure for a range; spreading
    it keeps any period covering the whole range exact. The remainder of a whole count goes to
    the first days, so per-row sums are unchanged.
    """
    days = ((frame[end] - frame[start]).dt.days + 1).clip(lower=1).fillna(1).astype(int).to_numpy()
    rep = frame.loc[frame.index.repeat(days)].copy()
    offset = np.concatenate([np.arange(n) for n in days]) if len(days) else np.array([], dtype=int)
    n = np.repeat(days, days)
    rep["date"] = rep[start] + pd.to_timedelta(offset, unit="D")
    for col in money:
        rep[col] = (rep[col].astype("Float64") / n).astype("Float64")
    for col in counts:
        values = rep[col].astype("Float64")
        base = (values // n)
        extra = (offset < (values - base * n)).astype("Float64")
        rep[col] = (base + extra).round().astype("Int64")
    return rep.reset_index(drop=True)
