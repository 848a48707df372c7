"""``load_client_data``: every export in a client's folder -> :class:`~reporting.dataset.ClientData`."""

from __future__ import annotations

import hashlib
from functools import cache

import pandas as pd

from reporting import paths, tables
from reporting.dataset import ClientData
from reporting.ingest.cache import ImportCache, settings_hash
from reporting.ingest.combine import combine, recency, rejections_of, sources_frame
from reporting.ingest.inspection import FileReport, import_file, reference_day
from reporting.ingest.registry import Context
from reporting.params import ClientParams

CANONICAL_DTYPES = {tables.STR: "string", tables.INT: "Int64", tables.FLOAT: "Float64", tables.BOOL: "boolean",
                    tables.DATE: "datetime64[ns]"}


@cache
def _dtypes(name: str, tz: str) -> tuple[tuple[str, str], ...]:
    """The dtypes :func:`tables.conform` produces, as strings (cheaper than building an empty frame)."""
    return tuple((c.name, CANONICAL_DTYPES.get(c.dtype, f"datetime64[ns, {tz}]")) for c in tables.TABLES[name])


def _conformed(frame: pd.DataFrame, name: str, tz: str) -> bool:
    """True when ``frame`` already has the table's columns and dtypes (a cache read): skip re-casting."""
    return tuple((c, str(t)) for c, t in frame.dtypes.items()) == _dtypes(name, tz)


def fill_accounts(report: FileReport, params: ClientParams) -> None:
    """Exports that do not name the account (Meta daily series, LinkedIn) get the client's only handle."""
    for ext in report.extracts:
        if ext.table not in ("posts", "account_daily") or "account" not in ext.frame:
            continue
        for channel, handle in params.handles.items():
            if isinstance(handle, list):
                if len(handle) != 1:
                    continue
                handle = handle[0]
            mask = ext.frame["account"].isna() & (ext.frame["channel"] == channel)
            if mask.any():
                ext.frame.loc[mask, "account"] = handle


def load_client_data(params: ClientParams, use_cache: bool = True) -> ClientData:
    """The client's canonical tables, in the client's zone, from every export under ``params.data_path``.

    Each file is imported on its own (a bad file becomes rejection rows, never an exception),
    overlapping exports are merged (the latest export's values win) and rejected rows are
    listed in ``ClientData.rejections``. With ``use_cache`` imports are read from / written to
    ``paths.cache_dir(client)``: only files whose content changed are re-imported.

    Examples
    --------
    >>> data = load_client_data(load_client("demo-cafe"))   # doctest: +SKIP
    >>> data.posts.groupby("channel").reach.sum()           # doctest: +SKIP
    """
    tz = params.timezone
    folder = params.data_path
    files = paths.export_files(folder)
    cache = ImportCache(paths.cache_dir(params.client_id)) if use_cache else None
    settings = settings_hash(tz, params)
    keyed = []
    for path in files:
        rel = path.relative_to(folder).as_posix()
        sha = cache.content_hash(rel, path) if cache else ""
        keyed.append((path, rel, f"{sha[:24]}-{settings}"))
    client_key = hashlib.sha256("\n".join(f"{rel}\t{key}" for _, rel, key in keyed).encode()).hexdigest()[:24]
    if cache:
        cached = cache.load_client(client_key)
        if cached is not None:
            return _client_data(tz, cached)
    reports: list[tuple[tuple, FileReport]] = []
    for path, rel, key in keyed:
        report = cache.load_file(key) if cache else None
        if report is None:
            ctx = Context(tz=tz, params=params, reference=reference_day(path), path=path)
            report = import_file(path, ctx, display=rel)
            for ext in report.extracts:  # one schema per table in the cache, whatever the importer built
                ext.frame = tables.conform(ext.frame, ext.table, "UTC")
            if cache:
                cache.save_file(key, report)
        report.file = rel
        fill_accounts(report, params)
        reports.append((recency(report, path.stat().st_mtime), report))
    ordered = [r for _, r in sorted(reports, key=lambda kr: kr[0])]
    frames = combine(ordered, tz)
    frames["sources"] = sources_frame(ordered, tz)
    frames["rejections"] = rejections_of(ordered)
    if cache:
        cache.save_client(client_key, frames)
        cache.prune_files({key for _, _, key in keyed})
        cache.save_manifest({rel for _, rel, _ in keyed})
    return _client_data(tz, frames)


def _client_data(tz: str, frames: dict[str, pd.DataFrame]) -> ClientData:
    kwargs = {name: frames[name] if _conformed(frames[name], name, tz) else tables.conform(frames[name], name, tz)
              for name in tables.TABLES}
    return ClientData(tz=tz, sources=frames["sources"], rejections=frames["rejections"], **kwargs)
