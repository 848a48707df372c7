"""Run client × report jobs: papermill executes, nbconvert renders, files land atomically.

A failed run never replaces the last good HTML for the same client, report
and period; its executed notebook is kept beside it as ``<report>.failed.ipynb``
for the analyst, and nothing of it reaches a stakeholder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from reporting import paths, periods
from reporting.params import ClientParams
from reporting.report import RUN_DATE_ENV

KERNEL_NAME = "reporting"


@dataclass(frozen=True)
class Job:
    """One report for one client and one resolved period."""

    client: str
    report: str
    period_spec: str  # explicit dates, independent of the run date
    period_label: str
    title: str
    language: str

    @property
    def out_dir(self) -> Path:
        return paths.reports_dir() / self.client / self.period_label

    @property
    def html_path(self) -> Path:
        return self.out_dir / f"{self.report}.html"


@dataclass
class JobResult:
    client: str
    report: str
    period: str
    status: str  # ok, failed, skipped
    seconds: float
    html: str = ""
    error: str = ""
    failed_cell: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def plan(clients: dict[str, ClientParams], reports: list[str] | None = None, period: str | None = None,
         run_date: dt.date | None = None) -> list[Job]:
    """The jobs for these clients: each enabled report (or only ``reports``), period resolved per client."""
    jobs = []
    for cid, p in clients.items():
        for report in p.enabled_reports():
            if reports and report not in reports:
                continue
            spec = period or p.reports[report].period
            resolved = periods.resolve(spec, p.timezone, run_date or periods.today_in(p.timezone))
            from reporting.i18n import Translator

            t = Translator(p.language, p.currency)
            title = f"{t('common.report_' + report)} · {p.display_name} · {t.period(resolved.start, resolved.end)}"
            jobs.append(Job(cid, report, resolved.explicit, resolved.label, title, p.language))
    return jobs


def _kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    root = str(paths.project_root())
    line = line.replace(root + os.sep, "").replace(root, ".")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def run_job(job: Job, run_date: dt.date | None = None) -> JobResult:
    """Execute and render one job. Never raises: failures come back as a result."""
    import nbformat
    import papermill as pm

    from reporting import render

    start = time.perf_counter()
    if run_date:
        os.environ[RUN_DATE_ENV] = run_date.isoformat()
    os.environ.setdefault("REPORTING_ROOT", str(paths.project_root()))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    notebook = paths.notebooks_dir() / f"{job.report}.ipynb"
    job.out_dir.mkdir(parents=True, exist_ok=True)
    executed = job.out_dir / f".{job.report}.running.ipynb"
    base = dict(client=job.client, report=job.report, period=job.period_label)
    try:
        pm.execute_notebook(str(notebook), str(executed), parameters={"client": job.client, "period": job.period_spec},
                            kernel_name=_kernel_name(), progress_bar=False, log_output=False,
                            cwd=str(paths.notebooks_dir()), request_save_on_cell_execute=False)
    except Exception as exc:  # noqa: BLE001 - any failure of one job must not stop the others
        failed = job.out_dir / f"{job.report}.failed.ipynb"
        if executed.exists():
            os.replace(executed, failed)
        cell = getattr(exc, "exec_count", None)
        ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
        return JobResult(**base, status="failed", seconds=time.perf_counter() - start,
                         error=_one_line(f"{ename}: {evalue}"), failed_cell=cell)
    try:
        nb = nbformat.read(executed, as_version=4)
        summary = render.extract_summary(nb)
        if summary is None:
            raise RuntimeError("the notebook emitted no summary (ctx.summary(...) cell missing)")
        html = render.to_html(nb, job.title, job.language)
        summary["title"] = job.title
        _write_atomic(job.out_dir / f"{job.report}.summary.json", json.dumps(summary, ensure_ascii=False, indent=2))
        _write_atomic(job.html_path, html)
        os.replace(executed, job.out_dir / f"{job.report}.ipynb")
        (job.out_dir / f"{job.report}.failed.ipynb").unlink(missing_ok=True)
    except Exception as exc:  # noqa: BLE001
        if executed.exists():
            os.replace(executed, job.out_dir / f"{job.report}.failed.ipynb")
        return JobResult(**base, status="failed", seconds=time.perf_counter() - start,
                         error=_one_line(f"{type(exc).__name__}: {exc}"))
    return JobResult(**base, status="ok", seconds=time.perf_counter() - start,
                     html=str(job.html_path.relative_to(paths.reports_dir())))


def run_jobs(jobs: list[Job], workers: int = 1, run_date: dt.date | None = None,
             on_done: Callable[[JobResult], None] | None = None) -> list[JobResult]:
    """Run jobs on ``workers`` processes; results in completion order."""
    results: list[JobResult] = []
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            results.append(run_job(job, run_date))
            if on_done:
                on_done(results[-1])
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_job, job, run_date) for job in jobs]
        for fut in as_completed(futures):
            results.append(fut.result())
            if on_done:
                on_done(results[-1])
    return results


def write_run_log(results: Iterable[JobResult]) -> Path:
    """Record the run (for the index page and for reviewing failures)."""
    path = paths.reports_dir() / "_runs" / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}.json"
    _write_atomic(path, json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
    return path
