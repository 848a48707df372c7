"""The annual strategy review, rendered for every demo client: language, planted signals, verdicts, pasteable goals."""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import re
from pathlib import Path

import pytest
import yaml

from reporting.i18n import Translator, catalogue
from reporting.params import ClientParams, Goal, load_client


def _e2e_helpers():  # noqa: ANN202
    """This folder's conftest helpers, loaded by path: another test folder's ``conftest`` may own that name."""
    spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
RUN_DATE, planted, report_files, run_cli = _helpers.RUN_DATE, _helpers.planted, _helpers.report_files, _helpers.run_cli
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

REPORT = "annual_strategy_review"
CLIENTS = ["demo-cafe", "demo-furniture", "demo-saas"]
HEADINGS = ["summary_title", "h_goals", "h_yoy", "h_scorecard", "h_rules", "h_inventory", "h_content", "h_campaigns",
            "h_competition", "h_audience", "h_next_year", "h_yaml"]
PRE = re.compile(r'<pre class="rp-code"[^>]*>(.*?)</pre>', re.S)


@pytest.mark.parametrize("client", CLIENTS)
def test_review_of_the_last_full_year_in_the_clients_language(rendered: dict, client: str) -> None:
    page, summary = report_files(rendered, client, REPORT)
    params = load_client(client)
    t = Translator(params.language)
    assert "Traceback" not in page
    assert summary["report"] == REPORT and summary["language"] == params.language
    assert summary["year"] == str(dt.date.fromisoformat(RUN_DATE).year - 1)
    text = html.unescape(page)  # nbconvert writes quotes in text unescaped
    for key in HEADINGS:
        assert f">{t(f'annual.{key}')}<" in text, key
    assert text.index(t("annual.summary_title")) < text.index(t("annual.h_goals"))
    assert len(summary["sentences"]) == 4
    for sentence in summary["sentences"]:
        assert sentence in text
    for hostile in planted(rendered, client)["hostile_strings"]:
        if "<" in hostile:
            assert hostile not in page


@pytest.mark.parametrize("client", CLIENTS)
def test_every_goal_is_accounted_for(rendered: dict, client: str) -> None:
    _, summary = report_files(rendered, client, REPORT)
    ids = {g.id for g in load_client(client).goals}
    assert {g["id"] for g in summary["goals"]} | set(summary["goals_not_active"]) == ids
    # the demo goals all start in the run date's year: none ran during the year reviewed
    assert summary["goals"] == [] and set(summary["goals_not_active"]) == ids


@pytest.mark.parametrize("client", CLIENTS)
def test_proposed_goals_paste_into_valid_parameters(rendered: dict, client: str) -> None:
    page, summary = report_files(rendered, client, REPORT)
    blocks = PRE.findall(page)
    assert len(blocks) == 1
    proposed = yaml.safe_load(html.unescape(blocks[0]))["goals"]
    goals = [Goal.model_validate(g) for g in proposed]
    assert [g.id for g in goals] == [t["id"] for t in summary["targets"]]
    params = load_client(client)
    ClientParams.model_validate({**params.model_dump(), "goals": [g.model_dump() for g in goals]})
    for target in summary["targets"]:
        assert target["conservative"] <= target["expected"] <= target["stretch"] or target["metric"] == "cost_per_result"
        assert set(target["realism"].values()) <= {"realistic", "ambitious", "unrealistic", "unknown"}
        assert target["goal"]["start"] == f"{int(summary['year']) + 1}-01-01"


def test_furniture_instagram_is_engagement_without_conversions(rendered: dict) -> None:
    page, summary = report_files(rendered, "demo-furniture", REPORT)
    signal = planted(rendered, "demo-furniture")["signals"]["instagram_no_sales"]
    assert signal["year"] == int(summary["year"]) and signal["most_liked_channel"] == "instagram"
    verdicts = {v["channel"]: v for v in summary["verdicts"]}
    instagram = verdicts["instagram"]
    # fix, not stop: it still brings most of the reach and engagement (awareness for a premium brand),
    # but it sells nothing: the verdict says so by name
    assert instagram["verdict"] == "fix" and instagram["wrong_platform"]
    assert "wrong_platform" in instagram["weaknesses"] and {"reach", "engagement"} <= set(instagram["strengths"])
    conversions = signal["conversions"]
    assert instagram["conversion_share"] == pytest.approx(conversions["instagram"] / sum(conversions.values()))
    assert verdicts["facebook"]["verdict"] == "keep" and "conversions" in verdicts["facebook"]["strengths"]
    t = Translator("el")
    text = html.unescape(page)
    assert catalogue("el")["annual.reason_wrong_platform"].split("{")[0] in text
    assert "Instagram" in summary["sentences"][2] and "Facebook" in summary["sentences"][1]
    # the report says who buys: Facebook's older audience, against Instagram's
    older = signal["audience_45_plus"]
    contrast = t("annual.contrast_age", likes="Instagram", buyers="Facebook", engagement_share="{e}",
                 conversion_share="{c}", older_buyers=t.percent(older["facebook"], 0),
                 older_likes=t.percent(older["instagram"], 0))
    assert contrast[contrast.index("–"):] in text


def test_saas_dormant_duplicate_account_is_flagged(rendered: dict) -> None:
    page, summary = report_files(rendered, "demo-saas", REPORT)
    signal = planted(rendered, "demo-saas")["signals"]["dormant_account"]
    inventory = summary["inventory"]
    dup = [d for d in inventory["duplicates"] if d["duplicate"] == signal["handle"]]
    assert dup and dup[0]["channel"] == signal["channel"] and dup[0]["account"] == signal["main_handle"]
    assert dup[0]["duplicate_dormant"]
    dormant = {d["account"]: d for d in inventory["dormant"]}
    # X exports give the UTC day only: the local day may be one earlier
    last = dt.date.fromisoformat(dormant[signal["handle"]]["last_post"])
    assert 0 <= (dt.date.fromisoformat(signal["last_post"]) - last).days <= 1
    assert dormant[signal["handle"]]["days_since_post"] >= inventory["dormant_days"]
    assert set(dormant) == {signal["handle"]}  # the active accounts are not flagged
    assert f"@{signal['handle']}" in page and f"@{signal['handle']}" in summary["sentences"][2]


@pytest.fixture(scope="module")
def campaign_review(rendered: dict) -> tuple[str, dict, dict]:
    """The review over the window holding the planted campaign (the last full year may not hold it)."""
    signal = planted(rendered, "demo-saas")["signals"]["dying_campaign"]
    _, summary = report_files(rendered, "demo-saas", REPORT)
    if signal["start"].startswith(summary["year"]):
        return *report_files(rendered, "demo-saas", REPORT), signal
    end = dt.date.fromisoformat(RUN_DATE) - dt.timedelta(days=1)
    period = f"{end.replace(year=end.year - 1) + dt.timedelta(days=1)}..{end}"
    result = run_cli(rendered["reports"].parent, "run", "--client", "demo-saas", "--report", REPORT, "--period", period,
                     "--run-date", RUN_DATE, "--jobs", "1")
    folder = rendered["reports"] / "demo-saas" / period.replace("..", "_")
    page = folder / f"{REPORT}.html"
    assert page.exists(), result.stdout + result.stderr[-3000:]
    return page.read_text(encoding="utf-8"), json.loads(folder.joinpath(f"{REPORT}.summary.json").read_text()), signal


def test_saas_campaign_whose_reach_dies_after_week_one_is_named(campaign_review: tuple[str, dict, dict]) -> None:
    page, summary, signal = campaign_review
    assert summary["decaying_campaigns"] == [signal["campaign"]]  # and no seasonal campaign
    campaign = next(c for c in summary["campaigns"] if c["campaign"] == signal["campaign"])
    assert campaign["verdict"] == "drop" and campaign["later_vs_week1"] < 0.5
    start = dt.date.fromisoformat(signal["start"])
    assert start <= dt.date.fromisoformat(campaign["start"]) < start + dt.timedelta(days=7)
    assert f"“{signal['campaign']}”" in html.unescape(page)
    assert signal["campaign"] in summary["sentences"][2]
