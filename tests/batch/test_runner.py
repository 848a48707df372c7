"""The batch runner on tiny real notebooks: parallel jobs, failure isolation, atomic results, timings, kernels."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from support.batchproject import RUN_DATE, client_yaml, make_project, run_cli
from reporting.batch import runner
from reporting.batch.jobs import Job, JobOutput, plan
from reporting.batch.kernels import KernelFactory

# One xdist worker for the whole module: its tests share one batch run (a module fixture).
pytestmark = pytest.mark.xdist_group("batch-runner")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("batch"), {
        "tiny-a": client_yaml("Tiny A"),
        "tiny-b": client_yaml("Τίνι Β", language="el"),
        "tiny-bad": client_yaml("Tiny Bad", keywords=["fail"]),
    })


@pytest.fixture(scope="module")
def first_run(project: Path) -> dict:
    result = run_cli(project, "run", "--run-date", RUN_DATE, "--jobs", "2")
    return {"result": result, "reports": project / "reports"}


def _rows(stdout: str) -> dict[tuple[str, str], list[str]]:
    rows = {}
    for line in stdout.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 9 and cols[0].startswith("tiny"):
            rows[(cols[0], cols[1])] = cols
    return rows


def test_good_clients_get_every_report(first_run: dict) -> None:
    reports = first_run["reports"]
    for client in ("tiny-a", "tiny-b"):
        for report in ("kpi_review", "competitor_listening", "audience_personas", "annual_strategy_review"):
            folder = reports / client / "2026-10"
            html = (folder / f"{report}.html").read_text(encoding="utf-8")
            assert "&lt;script&gt;alert(1)&lt;/script&gt; stays text" in html
            assert "<script>alert(1)" not in html
            assert 'src="data:image/png;base64,' in html
            summary = json.loads((folder / f"{report}.summary.json").read_text(encoding="utf-8"))
            assert summary["report"] == report and summary["client"] == client
            assert summary["period"] == {"start": "2026-10-01", "end": "2026-10-31", "label": "2026-10"}
            assert summary["title"].endswith("2026")
            assert (folder / f"{report}.ipynb").is_file()
            assert not (folder / f"{report}.failed.ipynb").exists()
    greek = json.loads((reports / "tiny-b" / "2026-10" / "kpi_review.summary.json").read_text(encoding="utf-8"))
    assert greek["language"] == "el" and greek["executive_summary"] == ["Τίνι Β did well in 2026-10"]


def test_a_failing_client_does_not_stop_the_others(first_run: dict) -> None:
    result, folder = first_run["result"], first_run["reports"] / "tiny-bad" / "2026-10"
    assert result.returncode == 1
    for report in ("kpi_review", "competitor_listening", "audience_personas", "annual_strategy_review"):
        assert not (folder / f"{report}.html").exists()
        failed = json.loads((folder / f"{report}.failed.ipynb").read_text(encoding="utf-8"))
        errors = [o for c in failed["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
        assert errors and errors[0]["evalue"] == "planted failure for tiny-bad"
    row = _rows(result.stdout)[("tiny-bad", "kpi_review")]
    assert row[3] == "failed" and "AssertionError: planted failure for tiny-bad" in " ".join(row)


def test_summary_shows_per_job_timing_and_totals(first_run: dict) -> None:
    stdout = first_run["result"].stdout
    rows = _rows(stdout)
    assert len(rows) == 12
    for (client, _), cols in rows.items():
        if client != "tiny-bad":
            seconds, kernel, run, html = (float(x) for x in cols[4:8])
            assert cols[3] == "ok" and kernel >= 0 and run > 0 and html >= 0  # kernels launched ahead: ~0.0
            assert seconds >= kernel + run - 0.11  # the parts add up to at most the whole (rounding)
            assert cols[-1] == "(new)"
    assert re.search(r"^8 ok, 4 failed, 0 unchanged in [\d.]+ s \([\d.]+ s of report time\)$", stdout, re.M)


def test_run_log_and_index(first_run: dict) -> None:
    logs = sorted((first_run["reports"] / "_runs").glob("*.json"))
    entries = json.loads(logs[-1].read_text(encoding="utf-8"))
    assert {(e["client"], e["status"]) for e in entries} == {("tiny-a", "ok"), ("tiny-b", "ok"), ("tiny-bad", "failed")}
    ok = next(e for e in entries if e["status"] == "ok")
    assert set(ok["timings"]) == {"kernel", "execute", "render", "xlsx"} and ok["reason"] == "new"
    index = (first_run["reports"] / "index.html").read_text(encoding="utf-8")
    assert "tiny-a/2026-10/kpi_review.html" in index and "Τίνι Β" in index


def test_progress_is_reported_per_job_when_not_a_terminal(first_run: dict) -> None:
    err = first_run["result"].stderr
    assert "12 report(s) for 3 client(s): 12 to run on 2 worker(s), 0 unchanged" in err
    assert re.search(r"^\[12/12, 4 failed, \d+ s\]", err, re.M)
    assert "imported tiny-a's data" in err


def test_an_unchanged_rerun_starts_no_kernel(project: Path, first_run: dict) -> None:
    again = run_cli(project, "run", "--client", "tiny-a", "--client", "tiny-b", "--run-date", RUN_DATE)
    assert again.returncode == 0, again.stderr
    assert "8 report(s) for 2 client(s): 0 to run, 8 unchanged" in again.stderr
    assert "imported" not in again.stderr  # no warm-up, no kernel
    assert again.stdout.count("unchanged since last good run") == 8


# --------------------------------------------------------------------------- storing results


def test_a_failure_keeps_the_last_good_report_and_success_clears_it(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTING_REPORTS_DIR", str(tmp_path))
    job = Job("tiny-a", "kpi_review", "2026-10", "2026-10", "KPI review", "en")
    good = JobOutput("ok", html="<p>good</p>", summary={"report": "kpi_review"}, notebook="{}",
                            timings={"kernel": 0.1, "execute": 1.0, "render": 0.2})
    result = runner.store(job, good, 1.3)
    assert result.status == "ok" and result.html == "tiny-a/2026-10/kpi_review.html"
    failed = JobOutput("failed", notebook='{"cells": "with traceback"}', error="ValueError: x", failed_cell=4)
    result = runner.store(job, failed, 0.5, reason="data changed")
    assert (result.status, result.error, result.failed_cell) == ("failed", "ValueError: x", 4)
    assert job.html_path.read_text(encoding="utf-8") == "<p>good</p>"
    assert job.failed_path.read_text(encoding="utf-8") == '{"cells": "with traceback"}'
    runner.store(job, good, 1.3)
    assert not job.failed_path.exists()
    leftovers = [p.name for p in job.out_dir.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


# --------------------------------------------------------------------------- kernels


@pytest.fixture(scope="module")
def warm_kernels() -> KernelFactory:
    with KernelFactory(warm=True) as kernels:
        yield kernels


@pytest.fixture()
def in_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPORTING_ROOT", str(project))
    yield project


def _run_code(kernel, code: str) -> str:
    from jupyter_core.utils import run_sync

    out: list[str] = []

    def hook(msg: dict) -> None:
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append(msg["content"]["ename"] + ": " + msg["content"]["evalue"])

    run_sync(kernel.kc.execute_interactive)(code, output_hook=hook, timeout=60)
    return "".join(out).strip()


def test_warm_kernels_start_preloaded_yet_clean(warm_kernels: KernelFactory, tmp_path: Path) -> None:
    first = warm_kernels.start(cwd=str(tmp_path))
    try:
        pid1 = _run_code(first, "import os, pandas as pd\nsecret = 41\npd.set_option('display.max_rows', 3)\n"
                                "print(os.getpid())")
    finally:
        warm_kernels.stop(first)
    second = warm_kernels.start(cwd=str(tmp_path))
    try:
        seen = _run_code(second, "import os, sys\nprint('pandas' in sys.modules, 'reporting.display' in sys.modules,"
                                 " 'secret' in dir(), os.getpid(), os.getcwd())\n"
                                 "import pandas as pd\nprint(pd.get_option('display.max_rows'))")
    finally:
        warm_kernels.stop(second)
    assert warm_kernels.zygote is not None and warm_kernels.zygote.unsafe == []  # nothing started a thread
    assert {"pandas", "matplotlib.pyplot", "reporting.report"} <= set(warm_kernels.zygote.preloaded)
    preloaded, display_loaded, leaked, pid2, cwd, max_rows = seen.split()
    assert (preloaded, display_loaded, leaked) == ("True", "True", "False")
    assert pid2 != pid1 and cwd == str(tmp_path) and max_rows == "60"


def test_warm_and_cold_kernels_render_the_same_report(warm_kernels: KernelFactory, in_project: Path) -> None:
    from reporting.params import load_client

    job = plan({"tiny-b": load_client("tiny-b")}, ["kpi_review"], run_date=dt.date(2026, 11, 23))[0]
    warm = runner.execute_job(job, warm_kernels, dt.date(2026, 11, 23))
    with KernelFactory(warm=False) as cold_kernels:
        cold = runner.execute_job(job, cold_kernels, dt.date(2026, 11, 23))
    assert warm.status == cold.status == "ok", (warm.error, cold.error)
    assert warm.html == cold.html  # same bytes: same fonts, backend, rcParams, figure PNG


def test_a_dead_zygote_is_replaced(tmp_path: Path) -> None:
    with KernelFactory(warm=True, modules=("json",)) as kernels:
        kernels.stop(kernels.start(cwd=str(tmp_path)))
        assert kernels.zygote is not None and kernels.zygote._proc is not None
        dead = kernels.zygote._proc
        dead.kill()
        dead.wait()
        kernel = kernels.start(cwd=str(tmp_path))
        try:
            assert _run_code(kernel, "print(6 * 7)") == "42"
        finally:
            kernels.stop(kernel)
        assert kernels.zygote._proc is not dead


def test_a_preloaded_module_that_starts_a_thread_is_left_to_the_notebook(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spawns_thread.py").write_text(
        "import threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n",
        encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with KernelFactory(warm=True, modules=("json", "spawns_thread", "csv")) as kernels:
        kernel = kernels.start(cwd=str(tmp_path))
        try:
            assert _run_code(kernel, "import sys\nprint('spawns_thread' in sys.modules, 'csv' in sys.modules)") \
                == "False True"
        finally:
            kernels.stop(kernel)
        assert kernels.zygote is not None
        assert kernels.zygote.unsafe == ["spawns_thread"] and kernels.zygote.preloaded == ["json", "csv"]


def test_notebook_imports_shared_by_several_jobs_are_preloaded(tmp_path: Path) -> None:
    from reporting.batch.kernels import notebook_imports, shared_imports

    make_project(tmp_path)
    nb = tmp_path / "notebooks" / "kpi_review.ipynb"
    assert notebook_imports(nb) == ["reporting.display", "reporting", "reporting.report.open_report",
                                    "reporting.report", "matplotlib.pyplot"]
    other = tmp_path / "notebooks" / "audience_personas.ipynb"
    assert shared_imports([nb]) == ()
    assert set(shared_imports([nb, other])) == set(notebook_imports(nb))


def test_a_kernel_that_cannot_start_is_one_failed_job(in_project: Path) -> None:
    job = Job("tiny-a", "kpi_review", "2026-10", "2026-10", "t", "en")
    with KernelFactory(warm=True, kernel_name="no-such-kernel", modules=()) as kernels:
        output = runner.execute_job(job, kernels, None)
    assert output.status == "failed" and "no-such-kernel" in output.error and output.html == ""


# --------------------------------------------------------------------------- what a report imports

BATCH_MACHINERY = {"papermill", "nbconvert", "nbclient", "dask", "distributed", "playwright", "aiosmtpd", "tqdm"}
NOT_USED = {"kpi_review": {"sklearn", "kiwipiepy"}, "audience_personas": {"kiwipiepy"},
            "competitor_listening": set(), "annual_strategy_review": {"kiwipiepy"}}


def test_notebooks_import_only_the_heavy_libraries_they_use() -> None:
    """Each real notebook's imports, in a fresh interpreter, pull in no library that report does not use."""
    import subprocess
    import sys

    from reporting.batch.kernels import notebook_imports

    root = Path(__file__).resolve().parents[2]
    probes = {}
    for report, unused in NOT_USED.items():
        modules = notebook_imports(root / "notebooks" / f"{report}.ipynb")
        assert modules, f"notebooks/{report}.ipynb imports nothing?"
        code = ("import importlib, json, sys\n"
                f"for m in {modules!r}:\n"
                "    try:\n        importlib.import_module(m)\n    except ModuleNotFoundError:\n        pass\n"
                f"print(json.dumps(sorted(set(m.split('.')[0] for m in sys.modules) & set({sorted(BATCH_MACHINERY | unused)!r}))))")
        probes[report] = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    for report, probe in probes.items():
        out, _ = probe.communicate(timeout=120)
        assert json.loads(out) == [], f"{report} imports {out.strip()} it does not use"
