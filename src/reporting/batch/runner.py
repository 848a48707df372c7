"""Run client × report jobs: plan them, skip the unchanged, execute the rest, store the results atomically.

Executing (papermill in a fresh kernel, nbconvert in-process) happens in
:func:`execute_job`, which writes nothing under ``reports/``: it can run in a
thread here or on a Dask worker elsewhere, and its output comes back to the
coordinator, which stores it (:func:`store`). A failed run never replaces the
last good HTML for the same client, report and period; its executed notebook
is kept beside it as ``<report>.failed.ipynb`` for the analyst, and nothing of
it reaches a stakeholder.

This module is imported on every ``reporting run``, including the no-change
re-run that must finish in well under two seconds: it imports nothing heavy
at module level (no pandas, matplotlib, papermill or nbconvert).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reporting import paths, periods
from reporting.batch import incremental
from reporting.batch.jobs import Job, JobOutput, JobResult
from reporting.params import ClientParams, load_client

if TYPE_CHECKING:
    from reporting.batch.kernels import KernelFactory

KERNEL_NAME = "reporting"
CELL_TIMEOUT = 900  # seconds; a cell stuck longer than this fails its report instead of the whole run


class Executor(Protocol):
    """Runs jobs somewhere (threads here, a Dask cluster) and yields each job's output as it completes."""

    def execute(self, jobs: list[Job], run_date: dt.date | None) -> Iterator[tuple[Job, JobOutput]]: ...


def kernel_name() -> str:
    """The project's kernelspec when registered (``make install``), else the default Python one."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def import_engines() -> None:
    """Import what executing and rendering need (papermill, nbconvert), ahead of the first job."""
    import papermill  # noqa: F401

    from reporting.batch import render  # noqa: F401


def kernel_env(run_date: dt.date | None) -> dict[str, str]:
    """Environment every report kernel gets: the project root, the run date, no debugger file checks."""
    env = {"REPORTING_ROOT": str(paths.project_root()), "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    if run_date:
        env[periods.RUN_DATE_ENV] = run_date.isoformat()
    return env


def one_line(text: str, limit: int = 200) -> str:
    line = " ".join(str(text).split())
    root = str(paths.project_root())
    line = line.replace(root + os.sep, "").replace(root, ".")
    return line if len(line) <= limit else line[: limit - 1] + "…"


def execute_job(job: Job, kernels: KernelFactory, run_date: dt.date | None = None,
                cell_timeout: int = CELL_TIMEOUT) -> JobOutput:
    """Execute and render one job in a fresh kernel from ``kernels``. Never raises; writes nothing under reports/.

    The notebook, parameters and data are read from this machine's project root (``REPORTING_ROOT``),
    so the same call works in a local thread and on a Dask worker.
    """
    began = time.perf_counter()
    try:
        output = _execute(job, kernels, run_date, cell_timeout)
    except Exception as exc:  # noqa: BLE001 - e.g. the notebook file is missing: still one failed job
        output = JobOutput("failed", error=one_line(f"{type(exc).__name__}: {exc}"))
    output.seconds = time.perf_counter() - began
    return output


def _execute(job: Job, kernels: KernelFactory, run_date: dt.date | None, cell_timeout: int) -> JobOutput:
    import nbformat
    import papermill as pm

    from reporting.batch import render  # noqa: F401
    from reporting.batch.kernels import ENGINE_NAME, KernelStartError

    timings: dict[str, float] = {}
    notebook = job.notebook
    with tempfile.TemporaryDirectory(prefix="reporting-") as scratch:
        executed = Path(scratch) / f"{job.report}.ipynb"
        try:
            kernel = _start_kernel(kernels, run_date)
        except KernelStartError as exc:
            return JobOutput("failed", error=one_line(str(exc)))
        timings["kernel"] = kernel.seconds
        began = time.perf_counter()
        try:
            pm.execute_notebook(str(notebook), str(executed), parameters={"client": job.client, "period": job.period_spec},
                                engine_name=ENGINE_NAME, kernel=kernel, kernel_name=kernels.kernel_name,
                                cwd=str(paths.notebooks_dir()), execution_timeout=cell_timeout,
                                progress_bar=False, log_output=False, request_save_on_cell_execute=False)
        except Exception as exc:  # noqa: BLE001 - any failure of one job must not stop the others
            ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
            return JobOutput("failed", notebook=executed.read_text(encoding="utf-8") if executed.exists() else "",
                             error=one_line(f"{ename}: {evalue}"), failed_cell=getattr(exc, "exec_count", None),
                             timings={**timings, "execute": time.perf_counter() - began})
        finally:
            kernels.stop(kernel)
        timings["execute"] = time.perf_counter() - began
        text = executed.read_text(encoding="utf-8")
    began = time.perf_counter()
    try:
        nb = nbformat.reads(text, as_version=4)
        summary = render.extract_summary(nb)
        if summary is None:
            raise RuntimeError("the notebook emitted no summary (ctx.summary(...) cell missing)")
        summary["title"] = job.title
        out = render.render_report(nb, job.report, job.title, load_client(job.client), job.period_label,
                                   running_head=job.title)
        summary["analyst_notes"] = out.notes
    except Exception as exc:  # noqa: BLE001
        return JobOutput("failed", notebook=text, error=one_line(f"{type(exc).__name__}: {exc}"), timings=timings)
    timings["render"] = time.perf_counter() - began - sum(out.timings.get(k, 0) for k in ("xlsx", "pdf"))
    timings.update({k: v for k, v in out.timings.items() if k in ("xlsx", "pdf")})
    return JobOutput("ok", html=out.html, summary=summary, notebook=text, xlsx=out.xlsx, pdf=out.pdf,
                     warning=one_line(out.warning) if out.warning else "", timings=timings)


def _start_kernel(kernels: KernelFactory, run_date: dt.date | None) -> Any:
    """A fresh kernel; one retry, because a zygote that died is restarted on the next request."""
    from reporting.batch.kernels import KernelStartError

    for attempt in (1, 2):
        try:
            return kernels.start(cwd=str(paths.notebooks_dir()), env=kernel_env(run_date))
        except KernelStartError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def warm_client(client: str, kernels: KernelFactory, run_date: dt.date | None = None) -> float:
    """Import one client's exports into the Parquet cache, in a kernel, before its reports run.

    The reports of the client then read the cache instead of each parsing the exports. Runs in a
    kernel (not in the coordinator) so a parser crash or a slow import never blocks the run itself.
    Returns the seconds it took; raises ``RuntimeError`` with the import error.
    """
    from jupyter_core.utils import run_sync

    began = time.perf_counter()
    kernel = _start_kernel(kernels, run_date)
    code = ("from reporting.ingest import load_client_data\nfrom reporting.params import load_client\n"
            f"load_client_data(load_client({client!r}))")
    errors: list[str] = []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "error":
            errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")

    try:
        reply = run_sync(kernel.kc.execute_interactive)(code, silent=True, store_history=False,
                                                        output_hook=hook, timeout=CELL_TIMEOUT)
    finally:
        kernels.stop(kernel)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(one_line(errors[0] if errors else f"{reply['content'].get('ename')}: "
                                     f"{reply['content'].get('evalue')}"))
    return time.perf_counter() - began


def _write_atomic(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store(job: Job, output: JobOutput, seconds: float, fingerprint: incremental.Fingerprint | None = None,
          reason: str = "") -> JobResult:
    """Write a job's output under ``reports/`` (atomically) and say how it went.

    Success replaces the HTML, summary, notebook, workbook and PDF (removing a workbook or PDF the client no
    longer asks for), removes a stale ``.failed.ipynb`` and records the inputs' fingerprint last (so a crash
    in between means "re-run next time"). Failure keeps the last good files and writes only
    ``<report>.failed.ipynb``.
    """
    if output.warning:  # the report is good; what is missing beside it is said with the reason it ran
        reason = f"{reason}; {output.warning}" if reason else output.warning
    base = dict(client=job.client, report=job.report, period=job.period_label, seconds=seconds, reason=reason,
                timings={k: round(v, 3) for k, v in output.timings.items()})
    if output.status != "ok":
        if output.notebook:
            _write_atomic(job.failed_path, output.notebook)
        return JobResult(**base, status="failed", error=output.error, failed_cell=output.failed_cell)
    assert output.summary is not None
    for suffix, content in ((".xlsx", output.xlsx), (".pdf", output.pdf)):  # before the HTML that links them
        if content is None:
            job.sibling(suffix).unlink(missing_ok=True)
        else:
            _write_atomic(job.sibling(suffix), content)
    _write_atomic(job.out_dir / f"{job.report}.summary.json", json.dumps(output.summary, ensure_ascii=False, indent=2))
    _write_atomic(job.html_path, output.html)
    _write_atomic(job.out_dir / f"{job.report}.ipynb", output.notebook)
    job.failed_path.unlink(missing_ok=True)
    if fingerprint is not None:
        incremental.record(job, fingerprint)
    return JobResult(**base, status="ok", html=str(job.html_path.relative_to(paths.reports_dir())))


def run(jobs: list[Job], executor: Executor | None, *, force: bool = False, run_date: dt.date | None = None,
        on_done: Callable[[JobResult], None] | None = None,
        clients: dict[str, ClientParams] | None = None) -> list[JobResult]:
    """Run the jobs whose inputs changed since their last good run (all of them with ``force``).

    Unchanged jobs come back as ``skipped`` without any kernel starting; ``executor`` may be None when
    nothing needs to run. ``clients`` (already loaded parameters) avoids reloading them.
    """
    todo, skipped = pending(jobs, force=force, clients=clients)
    for r in skipped:
        if on_done:
            on_done(r)
    return skipped + execute(todo, executor, run_date=run_date, on_done=on_done)


def execute(todo: list[Pending], executor: Executor | None, *, run_date: dt.date | None = None,
            on_done: Callable[[JobResult], None] | None = None) -> list[JobResult]:
    """Run the pending jobs on ``executor`` and store each output as it arrives."""
    if not todo:
        return []
    if executor is None:
        raise ValueError(f"{len(todo)} job(s) need to run but no executor was given")
    by_key = {p.job.key: p for p in todo}
    results = []
    for job, output in executor.execute([p.job for p in todo], run_date):
        p = by_key[job.key]
        results.append(store(job, output, output.seconds, p.fingerprint, p.reason))
        if on_done:
            on_done(results[-1])
    return results


@dataclass(frozen=True)
class Pending:
    """A job that must run, with the fingerprint to record when it succeeds and the reason it runs."""

    job: Job
    fingerprint: incremental.Fingerprint
    reason: str


def pending(jobs: list[Job], *, force: bool = False, clients: dict[str, ClientParams] | None = None,
            fingerprints: incremental.Fingerprints | None = None) -> tuple[list[Pending], list[JobResult]]:
    """Split jobs into those to run and those skipped because nothing they depend on changed."""
    fingerprints = fingerprints or incremental.Fingerprints(clients)
    todo, skipped = [], []
    for job in jobs:
        fp = fingerprints.of(job)
        reason = "forced" if force else incremental.why_run(job, fp)
        if reason:
            todo.append(Pending(job, fp, reason))
        else:
            skipped.append(JobResult(job.client, job.report, job.period_label, "skipped", 0.0,
                                     html=str(job.html_path.relative_to(paths.reports_dir())),
                                     reason="unchanged since last good run"))
    return todo, skipped


def write_run_log(results: Iterable[JobResult]) -> Path:
    """Record the run (for the index page and for reviewing failures)."""
    path = paths.reports_dir() / "_runs" / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%fZ}.json"
    _write_atomic(path, json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=2))
    return path
