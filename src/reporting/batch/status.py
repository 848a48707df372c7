"""``reporting status``: per client and report, what the scheduled runs did, what is due and what is stale.

Reads only what runs leave behind, and starts no kernel:

- ``reports/<client>/<period>/``: the reports, their ``summary.json`` and input fingerprints (last good
  run, whether the due period is up to date);
- ``reports/_runs/*.json``: the run logs (the last run and the last failure of each report, with its
  one-line reason; the newest :data:`MAX_RUN_LOGS` logs are read);
- ``reports/_sent/<client>.jsonl``: what was emailed to whom and when;
- ``reports/_locks/<client>.lock``: a run working on the client right now;
- ``reports/_state/coverage/<client>.json``: the days each source has data (rebuilt from the import
  cache when the data changed since the last run: see :mod:`reporting.batch.freshness`).

The JSON form (``reporting status --json``) follows ``reporting/schemas/status.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from reporting import paths, periods
from reporting.batch import freshness, incremental, locks
from reporting.batch.jobs import Job, due_period
from reporting.params import ClientParams, ParamsError

SCHEMA_ID = "reporting.status/1"
MAX_RUN_LOGS = 500
LOG_STAMP = "%Y%m%dT%H%M%S%fZ"


def schema() -> dict[str, Any]:
    """The JSON schema ``--json`` output follows (shipped in the package)."""
    text = (resources.files("reporting") / "schemas" / "status.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@dataclass
class RunLogs:
    """The last run and the last failure of each client and report, from the newest run logs."""

    last: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    failure: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path | None = None, limit: int = MAX_RUN_LOGS) -> RunLogs:
        folder = folder or paths.reports_dir() / "_runs"
        logs = cls()
        files = sorted(folder.glob("*.json"), reverse=True)[:limit] if folder.is_dir() else []
        for file in files:  # newest first: the first entry seen per key is the latest
            try:
                at = dt.datetime.strptime(file.stem, LOG_STAMP).replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
                entries = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            for e in entries if isinstance(entries, list) else []:
                key = (e.get("client", ""), e.get("report", ""))
                brief = {"at": at, "period": e.get("period", ""), "status": e.get("status", ""),
                         "error": e.get("error", "")}
                logs.last.setdefault(key, brief)
                if brief["status"] == "failed":
                    logs.failure.setdefault(key, brief)
        return logs


def next_period(params: ClientParams, report: str, today: dt.date) -> dict[str, str] | None:
    """The next period this report's schedule will produce, and the first run date that produces it.

    None for an explicit period (``2026-10``): it never moves.
    """
    spec = params.reports[report].period
    current = periods.resolve(spec, params.timezone, today)
    day = today
    for _ in range(400):
        day += dt.timedelta(days=1)
        nxt = periods.resolve(spec, params.timezone, day)
        if nxt.label != current.label:
            return {"period": nxt.label, "start": nxt.start.isoformat(), "end": nxt.end.isoformat(),
                    "due_from": day.isoformat()}
    return None


def _last_good(client: str, report: str) -> dict[str, str] | None:
    """The newest period with a good report (by period end), with when it was generated."""
    best: tuple[str, dict[str, str]] | None = None
    for summary_file in (paths.reports_dir() / client).glob(f"*/{report}.summary.json"):
        try:
            data = json.loads(summary_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        html = summary_file.with_name(f"{report}.html")
        if not html.is_file():
            continue
        end = data.get("period", {}).get("end", "")
        entry = {"period": summary_file.parent.name, "end": end, "generated": data.get("generated", ""),
                 "html": html.relative_to(paths.reports_dir()).as_posix()}
        if best is None or end > best[0]:
            best = (end, entry)
    return best[1] if best else None


def _sent(client: str) -> list[dict[str, str]]:
    path = paths.reports_dir() / "_sent" / f"{client}.jsonl"
    out = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                e = json.loads(line)
                out.append({"report": e["report"], "period": e["period"], "email": e["email"], "sent": e["sent"]})
            except (ValueError, KeyError, TypeError):
                continue  # a line torn by a crash
    return out


def _latest_per_recipient(entries: list[dict[str, str]], report: str) -> list[dict[str, str]]:
    latest: dict[str, dict[str, str]] = {}
    for e in entries:
        who = e["email"].lower()
        if e["report"] == report and (who not in latest or e["sent"] > latest[who]["sent"]):
            latest[who] = {k: e[k] for k in ("email", "period", "sent")}
    return sorted(latest.values(), key=lambda e: e["email"])


def _failure(client: str, report: str, logs: RunLogs) -> dict[str, Any] | None:
    found = logs.failure.get((client, report))
    if found is None:
        return None
    folder = paths.reports_dir() / client / found["period"]
    failed, html = folder / f"{report}.failed.ipynb", folder / f"{report}.html"
    current = failed.exists() and (not html.exists() or failed.stat().st_mtime >= html.stat().st_mtime)
    return {"at": found["at"], "period": found["period"], "error": found["error"], "current": current}


def client_status(params: ClientParams, today: dt.date, logs: RunLogs,
                  fingerprints: incremental.Fingerprints) -> dict[str, Any]:
    """One client's entry of the status document."""
    cid = params.client_id
    holder = locks.holder(locks.client_lock_path(cid))
    running = ({"pid": holder.pid, "host": holder.host, "command": holder.command, "since": holder.since}
               if holder and holder.alive() else None)
    jobs = []
    for report in params.enabled_reports():
        p = due_period(params, report, run_date=today)
        jobs.append(Job(cid, report, p.explicit, p.label, "", params.language))
    days, error = None, None
    if jobs:
        try:
            days = freshness.client_days(params, freshness.index_key(fingerprints.of(jobs[0])))
        except Exception as exc:  # noqa: BLE001 - a data problem is reported, not raised
            error = f"{type(exc).__name__}: {exc}"
    sent = _sent(cid)
    reports = []
    for job in jobs:
        why = incremental.why_run(job, fingerprints.of(job))
        cov = freshness.job_coverage(job, params, days).to_json() if days is not None else None
        if cov is not None:
            cov["stale_reason"] = freshness.stale_reason(cov)
        p = due_period(params, job.report, run_date=today)
        reports.append({
            "report": job.report,
            "due": {"period": job.period_label, "start": p.start.isoformat(), "end": p.end.isoformat(),
                    "state": "to_run" if why else "up_to_date", "reason": why},
            "next": next_period(params, job.report, today),
            "last_good": _last_good(cid, job.report),
            "last_run": logs.last.get((cid, job.report)),
            "last_failure": _failure(cid, job.report, logs),
            "coverage": cov,
            "sent": _latest_per_recipient(sent, job.report),
        })
    sources = [{"source": s.key, "table": s.table, "part": s.part, "kind": s.kind, "rows": s.rows,
                "first": s.runs[0][0].isoformat() if s.runs else None,
                "last": s.runs[-1][1].isoformat() if s.runs else None} for s in days or ()]
    return {"client": cid, "name": params.display_name, "valid": True, "error": error, "running": running,
            "sources": sources, "reports": reports}


def collect(clients: Mapping[str, ClientParams], bad: Mapping[str, ParamsError] | None = None,
            run_date: dt.date | None = None) -> dict[str, Any]:
    """The status document for these clients (invalid ones listed with their first error)."""
    logs = RunLogs.read()
    fingerprints = incremental.Fingerprints(dict(clients))
    entries = []
    for cid in sorted({*clients, *(bad or {})}):
        if cid in clients:
            p = clients[cid]
            entries.append(client_status(p, run_date or periods.today_in(p.timezone), logs, fingerprints))
        else:
            assert bad is not None
            entries.append({"client": cid, "name": cid, "valid": False, "error": bad[cid].messages[0],
                            "running": None, "sources": [], "reports": []})
    return {"schema": SCHEMA_ID, "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "run_date": run_date.isoformat() if run_date else None, "clients": entries}


# --------------------------------------------------------------------------- the human table


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _table(rows: list[tuple[str, ...]], indent: str = "  ") -> list[str]:
    rows = [tuple("".join(ch for ch in c if ch.isprintable()) for c in r) for r in rows]  # brand names: no escapes
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]


def _when(iso: str | None) -> str:
    return iso.replace("T", " ")[:16] if iso else "-"


def render(doc: dict[str, Any]) -> str:
    """The status document as plain text: a block per client (English, like the rest of the command line)."""
    out: list[str] = []
    for c in doc["clients"]:
        head = f"{c['client']} ({c['name']})"
        if not c["valid"]:
            out += [f"{head}: INVALID parameters: {c['error']}", ""]
            continue
        if c["running"]:
            r = c["running"]
            head += f": a run is working on it now ({r['command']}, pid {r['pid']} on {r['host']} since {r['since']})"
        out.append(head)
        rows = [("report", "due", "state", "last good", "data up to", "last failure", "sent")]
        for r in c["reports"]:
            due = r["due"]
            state = "up to date" if due["state"] == "up_to_date" else f"to run ({due['reason']})"
            good = f"{r['last_good']['period']} at {_when(r['last_good']['generated'])}" if r["last_good"] else "never"
            cov = r["coverage"]
            data = ((cov["data_through"] or "no dated data") + (" STALE" if cov["stale"] else "")) if cov else "unknown"
            fail = r["last_failure"]
            failure = (f"{fail['period']} at {_when(fail['at'])}" + (" (still failing)" if fail["current"] else ""))\
                if fail else "-"
            sent = ", ".join(f"{s['email']} {s['period']} on {s['sent'][:10]}" for s in r["sent"]) or "-"
            rows.append((r["report"], due["period"], state, good, data, failure, sent))
        out += _table(rows)
        notes = []
        for r in c["reports"]:
            nxt = r["next"]
            if nxt:
                notes.append(f"{r['report']}: next period {nxt['period']}, due from {nxt['due_from']}")
            if r["last_failure"]:
                notes.append(f"{r['report']}: last failure: {r['last_failure']['error']}")
            cov = r["coverage"]
            if cov and cov["stale"]:
                notes.append(f"{r['report']} {r['due']['period']}: STALE: {cov['stale_reason']}")
            for s in (cov or {}).get("sources", []):
                if s["status"] in ("partial", "none"):
                    notes.append(f"{r['report']} {r['due']['period']}: {_gap(s)}")
        if c["error"]:
            notes.append(f"coverage unknown: {c['error']}")
        out += [f"  {n}" for n in notes]
        if c["sources"]:
            out.append("  data on hand:")
            out += _table([("source", "kind", "first", "last", "rows")]
                          + [(s["source"], s["kind"], s["first"] or "undated", s["last"] or "undated", str(s["rows"]))
                             for s in c["sources"]], indent="    ")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _gap(s: dict[str, Any]) -> str:
    if s["status"] == "none":
        return f"{s['source']}: no data in the period (last before it: {s['last_before'] or 'none'})"
    parts = []
    if s["missing_start"]:
        parts.append(f"starts {s['first_in_period']} ({s['missing_start']} days missing at the start)")
    if s["missing_end"]:
        parts.append(f"ends {s['last_in_period']} ({s['missing_end']} days missing at the end)")
    if s["missing_inside"]:
        parts.append(f"{s['missing_inside']} days missing inside")
    return f"{s['source']}: " + ", ".join(parts)
