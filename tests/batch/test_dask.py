"""`reporting run --scheduler` sends the jobs to a Dask cluster; the results land in the same reports/ layout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.batchproject import RUN_DATE, client_yaml, make_project, run_cli

distributed = pytest.importorskip("distributed")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path, {"tiny-a": client_yaml("Tiny A"), "tiny-b": client_yaml("Τίνι Β", language="el"),
                                   "tiny-bad": client_yaml("Tiny Bad", keywords=["fail"])})


@pytest.fixture()
def cluster(project: Path, monkeypatch: pytest.MonkeyPatch):
    """Two worker processes that see the project through REPORTING_ROOT, as docs/scaling.md sets them up."""
    monkeypatch.setenv("REPORTING_ROOT", str(project))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        yield cluster


def test_jobs_run_on_the_cluster_and_land_in_reports(project: Path, cluster) -> None:
    result = run_cli(project, "run", "--scheduler", cluster.scheduler_address, "--report", "kpi_review",
                     "--run-date", RUN_DATE)
    assert result.returncode == 1, result.stderr  # tiny-bad fails; the others do not
    assert f"3 to run on {cluster.scheduler_address}" in result.stderr
    assert "dask: 3 job(s) on 2 worker(s)" in result.stderr
    for client in ("tiny-a", "tiny-b"):
        folder = project / "reports" / client / "2026-10"
        assert "stays text" in (folder / "kpi_review.html").read_text(encoding="utf-8")
        assert json.loads((folder / "kpi_review.summary.json").read_text(encoding="utf-8"))["client"] == client
        assert (folder / ".kpi_review.inputs.json").is_file()  # recorded for the next incremental run
    failed = project / "reports" / "tiny-bad" / "2026-10" / "kpi_review.failed.ipynb"
    assert "planted failure for tiny-bad" in failed.read_text(encoding="utf-8")
    assert "2 ok, 1 failed, 0 unchanged" in result.stdout
    assert (project / "reports" / "index.html").is_file()
