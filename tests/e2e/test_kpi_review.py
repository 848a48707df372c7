"""The KPI review, rendered for every demo client: language, goals tracked from the planted baselines, planted signals."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from reporting.i18n import Translator
from reporting.params import load_client


def _e2e_helpers():  # noqa: ANN202
    """This folder's conftest helpers, loaded by path: another test folder's ``conftest`` may own that name."""
    spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
planted, report_files = _helpers.planted, _helpers.report_files
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

REPORT = "kpi_review"
CLIENTS = ["demo-cafe", "demo-furniture", "demo-saas"]
HEADINGS = ["h_goals", "h_scorecards", "h_definitions", "h_posts", "h_types", "h_times", "h_campaigns", "h_paid",
            "h_web", "h_good_day"]
STATUSES = {"on_track", "at_risk", "off_track", "uncertain", "no_data", "not_started"}


@pytest.mark.parametrize("client", CLIENTS)
def test_report_in_the_clients_language(rendered: dict, client: str) -> None:
    page, summary = report_files(rendered, client, REPORT)
    params = load_client(client)
    t = Translator(params.language, params.currency)
    assert "Traceback" not in page
    for key in HEADINGS:
        assert html.escape(t(f"kpi.{key}")) in page, key
    assert summary["report"] == REPORT and summary["language"] == params.language
    assert 3 <= len(summary["executive_summary"]) <= 6
    for sentence in summary["executive_summary"]:
        assert html.escape(sentence, quote=True) in page
    assert page.count("<img") >= 4  # goals, content types, posting times, web traffic at least
    assert "<script>alert(1)</script>" not in page and "<script" not in page.split("</head>")[1]


@pytest.mark.parametrize("client", CLIENTS)
def test_every_goal_carries_its_numbers_and_verdict(rendered: dict, client: str) -> None:
    _, summary = report_files(rendered, client, REPORT)
    params = load_client(client)
    goals = {g["id"]: g for g in summary["goals"]}
    assert list(goals) == [g.id for g in params.goals]
    for g in goals.values():
        assert g["status"] in STATUSES
        assert g["baseline"] is not None and g["current"] is not None and g["target"] is not None
        assert g["forecast"]["low"] <= g["forecast"]["central"] <= g["forecast"]["high"]
        assert g["realism"]["verdict"] in {"realistic", "ambitious", "unrealistic", "unknown"}
        start = dt.date.fromisoformat(g["start"])
        if g["metric"] != "followers":  # flows and rates: the monthly average of the three months before start
            first = (pd.Timestamp(start) - pd.DateOffset(months=3)).date()
            assert g["baseline_window"] == [first.isoformat(), (start - dt.timedelta(days=1)).isoformat()]
    headline = {row["kpi"]: row for row in summary["headline"]}
    assert headline, "no headline KPIs"
    for row in headline.values():
        assert row["value"] is not None


def test_cafe_facebook_fans_goal_uses_the_planted_baseline(rendered: dict) -> None:
    _, summary = report_files(rendered, "demo-cafe", REPORT)
    truth = planted(rendered, "demo-cafe")["goals"]["fb-fans"]
    goal = next(g for g in summary["goals"] if g["id"] == "fb-fans")
    assert goal["baseline"] == truth["baseline"]  # followers on the start date, not the day before
    assert goal["baseline"] != truth["followers_day_before"]
    assert round(goal["target"]) == truth["target"]  # +15 %
    assert goal["baseline_window"] == [truth["start"], truth["start"]]
    assert goal["current_window"] == ["2026-10-31", "2026-10-31"]  # as of the period end, not the run date
    assert (goal["elapsed_days"], goal["remaining_days"], goal["total_days"]) == (60, 30, 90)


def test_cafe_best_posting_time_is_weekend_morning(rendered: dict) -> None:
    page, summary = report_files(rendered, "demo-cafe", REPORT)
    truth = planted(rendered, "demo-cafe")["signals"]["best_time"]
    weekend = {"Saturday": 5, "Sunday": 6}
    best = summary["best_times"][0]
    assert best["weekday"] in {weekend[d] for d in truth["weekdays"]} and best["hour"] in truth["hours"]
    assert best["score"] > 1.2
    assert summary["next_action"]["kind"] == "time"
    t = Translator("ko", "KRW")
    slot = t("kpi.slot", weekday=t.weekday(best["weekday"], "wide"), hour=t(f"kpi.hour_{best['hour']}"))
    assert html.escape(slot) in page


def test_saas_dying_campaign_is_called_out(rendered: dict) -> None:
    page, summary = report_files(rendered, "demo-saas", REPORT)
    truth = planted(rendered, "demo-saas")["signals"]["dying_campaign"]
    run = next(c for c in summary["campaigns"] if c["campaign"] == truth["campaign"])
    assert run["verdict"] == "dies" and run["launch"].startswith(truth["start"])
    assert summary["next_action"]["kind"] == "campaign" and summary["next_action"]["campaign"] == truth["campaign"]
    assert truth["campaign"] in summary["executive_summary"][-1]
    others = [c["verdict"] for c in summary["campaigns"] if c["campaign"] != truth["campaign"]]
    assert "dies" not in others
