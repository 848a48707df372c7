"""Data freshness at run time: how far each job's data reaches, without a kernel and mostly without pandas.

The days each source of a client has data (:func:`reporting.coverage.days.day_index`) are kept in
``reports/_state/coverage/<client>.json``, keyed by the digests the incremental check computes
anyway (the client's data files, its parameters, the package). A run whose inputs did not change
reads that small file; after a change it is rebuilt once from the import cache the kernels just
filled (memory-mapped Arrow, no re-import). The coverage of a job's period is then plain date
arithmetic (:mod:`reporting.coverage.measure`), the same a report computes for its notice.

With ``--scheduler`` the kernels fill the workers' import caches, not the coordinator's: there the
first rebuild after a data change imports the changed exports in the coordinator itself.

A job is **stale** when its report's newest data, or one of its daily series, stops more than
``reports.<id>.stale_after_days`` days before the period end (default by period length: see
:func:`reporting.coverage.default_stale_after`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reporting import coverage, paths, periods
from reporting.batch import incremental
from reporting.batch.jobs import Job, JobResult
from reporting.params import ClientParams, ReportSpec

SCHEMA = 1


def index_path(client: str) -> Path:
    return paths.reports_dir() / "_state" / "coverage" / f"{client}.json"


def index_key(fp: incremental.Fingerprint) -> str:
    """What the day index depends on: the data files, the parameters (zone, handles...) and the code."""
    return hashlib.blake2b(f"{SCHEMA}|{fp.data}|{fp.params}|{fp.package}".encode(), digest_size=16).hexdigest()


def cached_days(client: str, key: str | None = None) -> tuple[coverage.SourceDays, ...] | None:
    """The stored day index of ``client`` (only if it was built for ``key``, when given)."""
    try:
        data = json.loads(index_path(client).read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA or (key is not None and data.get("key") != key):
            return None
        return tuple(coverage.SourceDays.from_json(s) for s in data["sources"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def client_days(params: ClientParams, key: str) -> tuple[coverage.SourceDays, ...]:
    """The client's day index: the stored one when its inputs are unchanged, else rebuilt and stored.

    Rebuilding reads the client's tables through the import cache (importing only files it lacks).
    """
    days = cached_days(params.client_id, key)
    if days is not None:
        return days
    from reporting.coverage.days import day_index
    from reporting.ingest import load_client_data

    days = day_index(load_client_data(params))
    path = index_path(params.client_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"schema": SCHEMA, "key": key, "sources": [s.to_json() for s in days]}, fh, ensure_ascii=False)
    os.replace(tmp, path)
    return days


def job_coverage(job: Job, params: ClientParams, days: tuple[coverage.SourceDays, ...]) -> coverage.Coverage:
    """The coverage of the job's report sources over its period, with the client's allowed lag."""
    period = periods.resolve(job.period_spec, params.timezone)
    spec = params.reports.get(job.report, ReportSpec())
    return coverage.for_report(days, job.report, period.start, period.end, spec.stale_after(period.days),
                               params.channels, params.brands())


@dataclass(frozen=True)
class Freshness:
    """What the run log, the summary table and ``reporting send`` say about one job's data."""

    through: str  # ISO day of the newest data up to the period end; "" when the report has no dated data
    stale: str  # why the data is stale, one line; "" when it is fresh


def freshness(cov: dict[str, Any]) -> Freshness:
    """From a coverage's JSON form (:meth:`Coverage.to_json`, also found in ``summary.json``)."""
    return Freshness(cov.get("data_through") or "", stale_reason(cov))


def stale_reason(cov: dict[str, Any]) -> str:
    """One English line naming what stops short, by how much and what is allowed; "" when not stale."""
    if not cov.get("stale"):
        return ""
    end, allowed = cov["period"]["end"], cov["stale_after_days"]
    stale = [s for s in cov.get("sources", []) if s.get("stale")]
    late = [f"{s['source']} ends {s['last_in_period']} ({s['missing_end']} days short)" for s in stale]
    if (cov.get("lag_days") or 0) > allowed and not any(s["last_in_period"] == cov["data_through"] for s in stale):
        late.insert(0, f"the newest data is from {cov['data_through']} ({cov['lag_days']} days short)")
    return f"data stops before the period end {end}: {'; '.join(late)}; {allowed} day(s) allowed"


def annotate(results: Iterable[JobResult], jobs: Iterable[Job], clients: dict[str, ClientParams],
             fingerprints: incremental.Fingerprints) -> None:
    """Set ``data_through`` and ``stale`` on each result, from its client's day index.

    A client whose data cannot be read gets the error as its ``stale`` reason: the run goes on.
    """
    by_key = {job.key: job for job in jobs}
    days: dict[str, tuple[coverage.SourceDays, ...] | str] = {}
    for r in results:
        job = by_key.get(f"{r.client}/{r.period}/{r.report}")
        if job is None or job.client not in clients:
            continue
        if job.client not in days:
            try:
                days[job.client] = client_days(clients[job.client], index_key(fingerprints.of(job)))
            except Exception as exc:  # noqa: BLE001 - a data problem is the reports' to show; the run goes on
                days[job.client] = f"coverage unknown: {type(exc).__name__}: {exc}"
        found = days[job.client]
        if isinstance(found, str):
            r.stale = found
            continue
        fresh = freshness(job_coverage(job, clients[job.client], found).to_json())
        r.data_through, r.stale = fresh.through, fresh.stale
