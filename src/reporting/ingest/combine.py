"""Many files' extracts -> one frame per canonical table, overlapping exports deduplicated.

The same post, day or mention appears in overlapping downloads (two monthly exports, a
re-export with grown metrics). Rows with the same :data:`reporting.tables.KEYS` are merged:
per column, the value from the **latest** export wins, and a value missing in the latest
export falls back to the earlier one. "Latest" is the file whose data ends later (its
newest post, day or mention); the file's modification time, then its path, break ties.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from reporting import tables
from reporting.ingest.errors import rejections_frame
from reporting.ingest.inspection import TIME_COLUMNS, FileReport

SOURCE_COLUMNS = ["file", "format", "table", "rows", "rejected", "first", "last"]


def recency(report: FileReport, mtime: float) -> tuple:
    """Sort key: the export day it states, else its data end; then modification time, then path (oldest first)."""
    end = report.as_of if report.as_of is not None else report.last
    return (end if end is not None else pd.Timestamp.min, mtime, report.file)


def latest_wins(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Merge rows sharing ``keys``: per column the last non-missing value (rows are oldest first)."""
    if frame.empty:
        return frame
    dup = frame.duplicated(keys, keep=False).to_numpy()
    if not dup.any():
        return frame
    merged = frame[dup].groupby(keys, dropna=False, sort=False).last().reset_index()
    return pd.concat([frame[~dup], merged[frame.columns]], ignore_index=True)


def combine(reports: list[FileReport], tz: str) -> dict[str, pd.DataFrame]:
    """Canonical tables in the client's zone from reports already ordered oldest first.

    Rows keep file order (oldest export first, merged duplicates last): sorting a million
    mentions costs more than any report needs, and the order is deterministic.
    """
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in tables.TABLES}
    for report in reports:
        for ext in report.extracts:
            if ext.table is not None and len(ext.frame):
                parts[ext.table].append(ext.frame)
    out = {}
    for name in tables.TABLES:
        if not parts[name]:
            out[name] = _empty(name, tz).copy()
            continue
        frame = pd.concat([tables.conform(f, name, tz) for f in parts[name]], ignore_index=True)
        out[name] = latest_wins(frame, tables.KEYS[name])
    return out


@cache
def _empty(name: str, tz: str) -> pd.DataFrame:
    return tables.empty(name, tz)


def sources_frame(reports: list[FileReport], tz: str) -> pd.DataFrame:
    """One row per (file, table) read, with a row for files that produced nothing or failed."""
    rows = []
    for r in reports:
        per_table = {}
        for ext in r.extracts:
            per_table.setdefault(ext.table, []).append(ext)
        if not per_table:
            rows.append((r.file, r.format if not r.error or r.formats else "error", None, 0, r.rejected, None, None))
        for table, exts in per_table.items():
            col = TIME_COLUMNS[table]
            rejected = sum(len(e.rejections) for e in exts)
            values = pd.concat([e.frame[col] for e in exts]) if col else pd.Series(dtype=object)
            first = _local(values.min(), tz) if col and len(values) else None
            last = _local(values.max(), tz) if col and len(values) else None
            rows.append((r.file, r.format, table, sum(len(e.frame) for e in exts), rejected, first, last))
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    return frame.astype({"file": "string", "format": "string", "table": "string", "rows": "Int64",
                         "rejected": "Int64", "first": "datetime64[ns]", "last": "datetime64[ns]"})


def _local(value: object, tz: str) -> object:
    """Client-zone wall time, naive, so dates and times share one column type."""
    if isinstance(value, pd.Timestamp) and value.tzinfo is not None:
        return value.tz_convert(tz).tz_localize(None)
    return value


def rejections_of(reports: list[FileReport]) -> pd.DataFrame:
    """Every rejected row, plus one row per file or sheet that could not be read (row and column empty)."""
    from reporting.ingest.errors import Rejection

    items = []
    for r in reports:
        items.extend(r.rejections)
        if r.error:
            items.append(Rejection(r.file, None, None, r.error))
    return rejections_frame(items)
