"""Freshness at run time and `reporting status`, on a tiny project whose clients' data end at different days.

`fresh` has daily figures to the end of the period (October 2026), `late` stops on 22 October (9 days
short, 2 allowed for a month), `tiny-bad` fails. One run of the KPI review; the tests read what it left.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import jsonschema
import pytest

from support.batchproject import RUN_DATE, client_yaml, make_project, run_cli, write_daily
from reporting.batch import freshness, status
from reporting.batch.delivery import SentLog

pytestmark = pytest.mark.xdist_group("batch-status")
PEOPLE = [{"name": "Ana", "email": "ana@example.com", "reports": ["kpi_review"]}]
LATE_REASON = ("data stops before the period end 2026-10-31: account_daily:facebook ends 2026-10-22 "
               "(9 days short); 2 day(s) allowed")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("status"), {
        "fresh": client_yaml("Fresh", stakeholders=PEOPLE),
        "late": client_yaml("Late", stakeholders=PEOPLE),
        "tiny-bad": client_yaml("Tiny Bad", keywords=["fail"]),
    }, minimal=True)
    write_daily(root, "fresh", "2026-09-01", "2026-11-22")
    write_daily(root, "late", "2026-09-01", "2026-10-22")
    return root


@pytest.fixture(scope="module")
def first_run(project: Path) -> dict:
    result = run_cli(project, "run", "--run-date", RUN_DATE, "--report", "kpi_review", "--lock-wait", "0")
    return {"result": result, "reports": project / "reports"}


def _row(stdout: str, client: str) -> str:
    return next(line for line in stdout.splitlines() if line.startswith(client + " "))


def test_the_summary_table_flags_the_stale_client(first_run: dict) -> None:
    out = first_run["result"].stdout
    assert first_run["result"].returncode == 1  # tiny-bad failed
    assert re.search(r" 2026-10-31 +fresh/2026-10/kpi_review\.html \(new\)$", _row(out, "fresh"))
    assert re.search(r" 2026-10-22 STALE +late/2026-10/kpi_review\.html \(new\)$", _row(out, "late"))
    assert f"stale: late/2026-10/kpi_review: {LATE_REASON}" in out.splitlines()
    assert "1 ok" not in out and ", 1 stale in " in out


def test_the_run_log_and_the_index_carry_freshness(first_run: dict) -> None:
    log = json.loads(sorted((first_run["reports"] / "_runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    by_client = {e["client"]: e for e in log}
    assert (by_client["fresh"]["data_through"], by_client["fresh"]["stale"]) == ("2026-10-31", "")
    assert (by_client["late"]["data_through"], by_client["late"]["stale"]) == ("2026-10-22", LATE_REASON)
    index = (first_run["reports"] / "index.html").read_text(encoding="utf-8")
    assert f'title="{LATE_REASON}">stale</span>' in index
    assert f"<li>Late · KPI review · 2026-10: {LATE_REASON}</li>" in index


def test_summary_json_carries_the_coverage_the_report_computed(first_run: dict) -> None:
    summary = json.loads((first_run["reports"] / "late" / "2026-10" / "kpi_review.summary.json").read_text("utf-8"))
    cov = summary["coverage"]
    assert (cov["data_through"], cov["lag_days"], cov["stale"], cov["stale_after_days"]) == ("2026-10-22", 9, True, 2)
    assert cov["window"] == {"start": "2026-10-01", "end": "2026-10-22", "days": 22}
    assert cov["notices"] == ["Facebook daily account figures: the data ends on Oct 22, 2026, so the last 9 days of "
                              "the period are missing.", "This report is not final: newer exports are due."]
    assert freshness.stale_reason(cov) == LATE_REASON  # the run and the report agree


def test_send_holds_the_partial_period_unless_told(project: Path, first_run: dict) -> None:
    held = run_cli(project, "send", "--dry-run", "--run-date", RUN_DATE, "--client", "fresh", "--client", "late")
    assert held.returncode == 0, held.stderr
    assert "written  fresh -> ana@example.com: kpi_review" in held.stdout
    assert (f"held  late/kpi_review: the 2026-10 period is not covered: {LATE_REASON}; drop the new exports and "
            "re-run, or send with --include-partial") in held.stdout
    sent = run_cli(project, "send", "--dry-run", "--run-date", RUN_DATE, "--client", "late", "--include-partial")
    assert "written  late -> ana@example.com: kpi_review" in sent.stdout and ", 0 held," in sent.stdout


def test_an_unchanged_rerun_reads_the_stored_day_index(project: Path, first_run: dict,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTING_REPORTS_DIR", str(project / "reports"))
    index = project / "reports" / "_state" / "coverage" / "late.json"
    before = index.stat().st_mtime_ns
    again = run_cli(project, "run", "--run-date", RUN_DATE, "--report", "kpi_review", "--client", "late")
    assert "0 to run, 1 unchanged" in again.stderr
    assert " 2026-10-22 STALE " in _row(again.stdout, "late")
    assert index.stat().st_mtime_ns == before
    days = freshness.cached_days("late")
    assert days is not None and [(s.key, s.runs[-1][1]) for s in days] == [("account_daily:facebook",
                                                                             dt.date(2026, 10, 22))]


def test_status_json_follows_its_schema_and_says_what_is_due_stale_failed_and_sent(project: Path,
                                                                                   first_run: dict) -> None:
    (project / "reports" / "_sent").mkdir(exist_ok=True)
    SentLog("fresh", project / "reports" / "_sent").add("kpi_review", "2026-10", "ana@example.com", "<m@x>")
    began = time.perf_counter()
    result = run_cli(project, "status", "--json", "--run-date", RUN_DATE)
    seconds = time.perf_counter() - began
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    jsonschema.Draft202012Validator(status.schema()).validate(doc)
    clients = {c["client"]: c for c in doc["clients"]}
    assert list(clients) == ["fresh", "late", "tiny-bad"] and doc["run_date"] == RUN_DATE
    late = {r["report"]: r for r in clients["late"]["reports"]}
    kpi = late["kpi_review"]
    assert kpi["due"] == {"period": "2026-10", "start": "2026-10-01", "end": "2026-10-31", "state": "up_to_date",
                          "reason": ""}
    assert kpi["next"] == {"period": "2026-11", "start": "2026-11-01", "end": "2026-11-30", "due_from": "2026-12-01"}
    assert kpi["last_good"]["period"] == "2026-10" and kpi["last_run"]["period"] == "2026-10"
    assert kpi["last_run"]["status"] in ("ok", "skipped")  # skipped once the unchanged re-run test has run
    assert kpi["coverage"]["stale"] and kpi["coverage"]["stale_reason"] == LATE_REASON
    annual = late["annual_strategy_review"]
    assert annual["due"]["state"] == "to_run" and annual["last_good"] is None
    assert clients["late"]["sources"] == [{"source": "account_daily:facebook", "table": "account_daily",
                                           "part": "facebook", "kind": "daily", "rows": 52, "first": "2026-09-01",
                                           "last": "2026-10-22"}]
    fresh = {r["report"]: r for r in clients["fresh"]["reports"]}["kpi_review"]
    assert not fresh["coverage"]["stale"] and fresh["sent"][0]["email"] == "ana@example.com"
    assert fresh["sent"][0]["period"] == "2026-10"
    bad = {r["report"]: r for r in clients["tiny-bad"]["reports"]}["kpi_review"]
    assert bad["last_failure"]["error"] == "AssertionError: planted failure for tiny-bad"
    assert bad["last_failure"]["current"] and bad["last_good"] is None
    assert seconds < 10  # a generous bound on a shared machine: the figure is in benchmarks/bench_status.py


def test_status_table_for_people(project: Path, first_run: dict) -> None:
    result = run_cli(project, "status", "--run-date", RUN_DATE, "--client", "late", "--client", "tiny-bad")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "late (Late)" in out and "2026-10-22 STALE" in out
    assert f"  kpi_review 2026-10: STALE: {LATE_REASON}" in out
    assert "  kpi_review 2026-10: account_daily:facebook: ends 2026-10-22 (9 days missing at the end)" in out
    assert "  kpi_review: last failure: AssertionError: planted failure for tiny-bad" in out
    assert "(still failing)" in out


def test_status_names_an_invalid_client(project: Path) -> None:
    (project / "params" / "broken.yaml").write_text("display_name: Broken\nchannels: [myspace]\n", encoding="utf-8")
    try:
        result = run_cli(project, "status", "--client", "broken", "--json")
    finally:
        (project / "params" / "broken.yaml").unlink()
    doc = json.loads(result.stdout)
    assert result.returncode == 1 and doc["clients"][0]["valid"] is False and "myspace" in doc["clients"][0]["error"]
    jsonschema.Draft202012Validator(status.schema()).validate(doc)
