"""Incremental runs: what counts as a change, and that an unchanged job is skipped without any kernel."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from support.batchproject import RUN_DATE, client_yaml, make_project
from reporting.batch import incremental, runner
from reporting.batch.jobs import Job, JobOutput, plan
from reporting.params import load_all, load_client

TODAY = dt.date.fromisoformat(RUN_DATE)


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path, {"tiny-a": client_yaml("Tiny A"), "tiny-b": client_yaml("Tiny B")})
    monkeypatch.setenv("REPORTING_ROOT", str(root))
    monkeypatch.delenv("REPORTING_REPORTS_DIR", raising=False)
    yield root


def _jobs() -> list[Job]:
    clients, _ = load_all()
    return plan(clients, run_date=TODAY)


def _good_run(jobs: list[Job]) -> None:
    """Store a good result for every job, as the runner does after a successful execution."""
    todo, _ = runner.pending(jobs)
    for p in todo:
        output = JobOutput("ok", html="<p>r</p>", summary={"report": p.job.report}, notebook="{}")
        runner.store(p.job, output, 1.0, p.fingerprint, p.reason)


def _reasons() -> dict[tuple[str, str], str]:
    todo, skipped = runner.pending(_jobs())
    return {(p.job.client, p.job.report): p.reason for p in todo}


def test_unchanged_jobs_are_skipped_without_an_executor(project: Path) -> None:
    _good_run(_jobs())
    started = time.perf_counter()
    results = runner.run(_jobs(), executor=None)  # None: any job that needed to run would raise
    elapsed = time.perf_counter() - started
    assert [r.status for r in results] == ["skipped"] * 8
    assert {r.reason for r in results} == {"unchanged since last good run"}
    assert elapsed < 2.0


def test_data_content_changes_rerun_only_that_client(project: Path) -> None:
    _good_run(_jobs())
    data = project / "data" / "tiny-b" / "posts.csv"
    before = data.stat().st_mtime_ns
    data.write_text(data.read_text(encoding="utf-8"), encoding="utf-8")  # touched, same content
    os.utime(data, ns=(before + 10**9, before + 10**9))
    assert _reasons() == {}
    data.write_text("date,likes\n2026-10-01,4\n", encoding="utf-8")
    assert _reasons() == {("tiny-b", r): "data changed" for r in
                          ("kpi_review", "competitor_listening", "audience_personas", "annual_strategy_review")}


def test_hidden_files_and_the_import_cache_do_not_count(project: Path) -> None:
    _good_run(_jobs())
    (project / "data" / "tiny-a" / ".cache").mkdir()
    (project / "data" / "tiny-a" / ".cache" / "posts.parquet").write_bytes(b"PAR1")
    (project / "data" / "tiny-a" / ".DS_Store").write_bytes(b"x")
    assert _reasons() == {}
    (project / "data" / "tiny-a" / "mentions.csv").write_text("a\n1\n", encoding="utf-8")
    assert set(_reasons().values()) == {"data changed"}


def test_defaults_change_reruns_every_client_but_comments_do_not(project: Path) -> None:
    _good_run(_jobs())
    defaults = project / "params" / "_defaults.yaml"
    text = defaults.read_text(encoding="utf-8")
    defaults.write_text("# a comment only\n" + text, encoding="utf-8")
    assert _reasons() == {}
    defaults.write_text(text + "thresholds: {dormant_days: 30}\n", encoding="utf-8")
    reasons = _reasons()
    assert len(reasons) == 8 and set(reasons.values()) == {"params changed"}


def test_notebook_source_counts_but_saved_outputs_do_not(project: Path) -> None:
    _good_run(_jobs())
    path = project / "notebooks" / "kpi_review.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="analyst ran it")]
    nb.cells[2].execution_count = 7
    nb.metadata["widgets"] = {"state": {}}
    nbformat.write(nb, path)
    assert _reasons() == {}
    nb.cells[3].source += "\nshow.paragraph('one more line')"
    nbformat.write(nb, path)
    assert _reasons() == {("tiny-a", "kpi_review"): "notebook changed", ("tiny-b", "kpi_review"): "notebook changed"}


def test_a_new_period_is_a_new_job(project: Path) -> None:
    _good_run(_jobs())
    clients, _ = load_all()
    later = plan(clients, ["kpi_review"], run_date=dt.date(2026, 12, 2))
    todo, skipped = runner.pending(later)
    assert [(p.job.period_label, p.reason) for p in todo] == [("2026-11", "new"), ("2026-11", "new")]


def test_a_failure_newer_than_the_report_reruns(project: Path) -> None:
    jobs = _jobs()
    _good_run(jobs)
    job = jobs[0]
    time.sleep(0.01)
    job.failed_path.write_text("{}", encoding="utf-8")
    assert _reasons() == {(job.client, job.report): "last run failed"}


def test_force_reruns_everything(project: Path) -> None:
    _good_run(_jobs())
    todo, skipped = runner.pending(_jobs(), force=True)
    assert len(todo) == 8 and skipped == [] and {p.reason for p in todo} == {"forced"}


def test_fingerprint_is_recorded_only_by_a_good_run(project: Path) -> None:
    job = _jobs()[0]
    fp = incremental.Fingerprints().of(job)
    runner.store(job, JobOutput("failed", notebook="{}", error="boom"), 1.0, fp, "new")
    assert incremental.last_good(job) is None
    runner.store(job, JobOutput("ok", html="x", summary={}, notebook="{}"), 1.0, fp, "new")
    assert incremental.last_good(job) == fp
    recorded = json.loads(incremental.state_path(job).read_text(encoding="utf-8"))
    assert recorded["schema"] == incremental.SCHEMA and recorded["period"] == job.period_spec


def test_package_digest_follows_every_source_file(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(Path(incremental.__file__).parents[1] / "locales", package / "locales")
    (package / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\x00")
    first = incremental.package_digest.__wrapped__(package)
    (package / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\x01")
    assert incremental.package_digest.__wrapped__(package) == first
    (package / "locales" / "en" / "common.yaml").write_text("x: y\n", encoding="utf-8")
    assert incremental.package_digest.__wrapped__(package) != first


def test_fingerprint_changes_name_the_inputs() -> None:
    a = incremental.Fingerprint("n", "p", "d", "none", "k", "e", "2026-10")
    b = incremental.Fingerprint("n", "p2", "d2", "x", "k", "e", "2026-10")
    assert b.changed(a) == ["params", "data", "notes"] and a.changed(a) == []


def test_file_digests_are_reused_by_size_and_mtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n", encoding="utf-8")
    store = tmp_path / "state" / "digests.json"
    first = incremental.FileDigests(store)
    digest = first.of(f)
    first.save()
    opened = []
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self) or real_open(self, *a, **k))
    assert incremental.FileDigests(store).of(f) == digest and f not in opened


def test_params_digest_sees_defaults(project: Path) -> None:
    before = incremental.params_digest(load_client("tiny-a"))
    (project / "params" / "_defaults.yaml").write_text("thresholds: {spike_threshold: 9}\n", encoding="utf-8")
    assert incremental.params_digest(load_client("tiny-a")) != before


def test_code_fingerprint_covers_the_whole_package() -> None:
    """A change anywhere in ``reporting`` (a report, a catalogue, the engine) must re-run reports."""
    import reporting

    whole = Path(reporting.__file__).resolve().parent
    assert incremental.package_digest() == incremental.package_digest(whole)


def test_a_note_reruns_only_the_report_and_period_it_is_for(project: Path) -> None:
    """Notes are an input of their own: writing or editing one re-runs that report alone, not the client's others."""
    _good_run(_jobs())
    label = next(j.period_label for j in _jobs() if j.client == "tiny-a" and j.report == "kpi_review")
    note = project / "data" / "tiny-a" / "notes" / label / "kpi_review.md"
    note.parent.mkdir(parents=True)
    note.write_text("The dip in week 3 was the site outage.\n", encoding="utf-8")
    assert _reasons() == {("tiny-a", "kpi_review"): "notes changed"}
    _good_run(_jobs())
    assert _reasons() == {}
    note.write_text("The dip in week 3 was the site outage (12-14 October).\n", encoding="utf-8")
    assert _reasons() == {("tiny-a", "kpi_review"): "notes changed"}
    _good_run(_jobs())
    other = project / "data" / "tiny-a" / "notes" / "1999-01" / "kpi_review.md"  # another period: not this run's
    other.parent.mkdir(parents=True)
    other.write_text("old\n", encoding="utf-8")
    assert _reasons() == {}


def test_the_logo_file_is_part_of_the_parameters(project: Path) -> None:
    logo = project / "params" / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    with (project / "params" / "tiny-a.yaml").open("a", encoding="utf-8") as fh:
        fh.write("branding: {logo: params/logo.svg}\n")
    _good_run(_jobs())
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"/>', encoding="utf-8")
    assert set(_reasons()) == {("tiny-a", r) for r in
                               ("kpi_review", "competitor_listening", "audience_personas", "annual_strategy_review")}


def test_workbook_and_pdf_are_stored_with_a_good_run_only(project: Path) -> None:
    """A good run writes <report>.xlsx and .pdf beside the HTML; a failed one keeps them; turned off, they go."""
    job = next(j for j in _jobs() if j.client == "tiny-a" and j.report == "kpi_review")
    good = JobOutput("ok", html="<p>r</p>", summary={"report": job.report}, notebook="{}", xlsx=b"PK-1", pdf=b"%PDF-1")
    runner.store(job, good, 1.0)
    assert job.sibling(".xlsx").read_bytes() == b"PK-1" and job.sibling(".pdf").read_bytes() == b"%PDF-1"
    runner.store(job, JobOutput("failed", notebook="{}", error="boom", xlsx=b"PK-2", pdf=b"%PDF-2"), 1.0)
    assert job.sibling(".xlsx").read_bytes() == b"PK-1" and job.sibling(".pdf").read_bytes() == b"%PDF-1"
    runner.store(job, JobOutput("ok", html="<p>r</p>", summary={"report": job.report}, notebook="{}"), 1.0)
    assert not job.sibling(".xlsx").exists() and not job.sibling(".pdf").exists()
    assert not list(job.out_dir.glob(".*.tmp"))
