"""Many kernels starting at once must not collide (the jupyter_client TCP port race): zero start failures.

The suite renders ``REPORTING_STRESS_RENDERS`` (default 200) reports of a one-cell notebook with 8 kernels
starting in parallel on 2 cores: about 35 s on an idle 2-core machine (``benchmarks/bench_stress.py``
prints the timing). Set ``REPORTING_STRESS_RENDERS=20`` for a quick check.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from support.batchproject import make_project
from reporting.batch import runner
from reporting.batch.jobs import Job, JobResult, plan
from reporting.batch.executors import LocalExecutor

RENDERS = int(os.environ.get("REPORTING_STRESS_RENDERS", "200"))


def stress_jobs(count: int) -> list[Job]:
    """``count`` jobs of one report for one client, each on its own day (so each has its own output folder)."""
    from reporting.params import load_client

    client = {"tiny-a": load_client("tiny-a")}
    first = dt.date(2025, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range(count)]
    return [job for d in days for job in plan(client, ["kpi_review"], period=f"{d}..{d}")]


def render_all(count: int, workers: int = 8) -> list[JobResult]:
    jobs = stress_jobs(count)
    return runner.run(jobs, LocalExecutor(workers), force=True)


@pytest.fixture()
def stress_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path, minimal=True)
    monkeypatch.setenv("REPORTING_ROOT", str(root))
    monkeypatch.delenv("REPORTING_REPORTS_DIR", raising=False)
    yield root


def test_parallel_kernel_starts_never_collide(stress_project: Path) -> None:
    results = render_all(RENDERS)
    failed = [(r.period, r.error) for r in results if r.status != "ok"]
    assert failed == []
    assert len(results) == RENDERS
    assert len(list((stress_project / "reports" / "tiny-a").glob("*/kpi_review.html"))) == RENDERS
    assert all(r.timings["kernel"] > 0 for r in results)
