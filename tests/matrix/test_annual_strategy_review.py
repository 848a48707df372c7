"""The annual review on demo data with one source missing (or one oddity): each section that needs the missing
source says what it cannot answer, and no verdict that needs it is stated (issue 11's availability matrix)."""

from __future__ import annotations

import html as htmllib

import pytest

from matrix.test_availability import render
from matrix.variants import VARIANTS
from reporting import periods
from reporting.i18n import Translator
from reporting.report import jsonable
from reporting.reports.annual_strategy_review import compute, summary

pytestmark = pytest.mark.xdist_group("matrix")
REPORT = "annual_strategy_review"
CLIENT = "demo-furniture"  # three channels, a survey, web analytics, ads, listening: every source to take away


def case(demo_data: dict, variant: str, client: str = CLIENT,
         page: bool = True) -> tuple[compute.AnnualReview, str, dict, Translator]:
    """The review of 2025 for the variant: computed, rendered as the notebook shows it (unless ``page`` is
    False: charts take most of the time), and its summary payload as summary.json holds it."""
    data, params = demo_data[client]
    period = periods.resolve("2025", params.timezone)
    varied = VARIANTS[variant](data, params, period)
    t = Translator(params.language, params.currency)
    r = compute.analyse(*varied)
    shown = htmllib.unescape(render(REPORT, *varied)[0]) if page else ""
    return r, shown, jsonable(summary.payload(r, t)), t


def verdicts(payload: dict) -> dict[str, dict]:
    return {v["channel"]: v for v in payload["verdicts"]}


def test_without_posts_no_channel_is_judged_and_the_report_says_why(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "no_posts")
    assert {v["verdict"] for v in payload["verdicts"]} == {"no_data"}
    assert {v["reason"] for v in payload["verdicts"]} == {"no_posts"}
    for channel in ("instagram", "facebook", "pinterest"):
        assert t("annual.verdict_sentence_no_posts", channel=t.channel(channel), span="2025") in page
    assert t("annual.exec_worked_unjudged", reason=t("annual.unjudged_no_posts", span="2025", min_posts=5)) in page
    assert t("annual.empty_content", year="2025") in page
    assert all(target["channel"] == "all" for target in payload["targets"])  # web totals only: no channel target


def test_without_the_follower_series_no_follower_figure_is_stated(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "no_follower_series")
    assert payload["headline"]["followers"]["value"] is None
    assert t("annual.empty_audience", year="2025") in page
    assert t("annual.metric_followers").lower() not in payload["sentences"][0].lower()
    assert not any(target["metric"] == "followers" for target in payload["targets"])


def test_without_web_analytics_no_verdict_rests_on_conversions(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "no_web")
    base = case(demo_data, "no_survey", page=False)[2]  # the planted wrong-platform call stands with web analytics...
    assert verdicts(base)["instagram"]["wrong_platform"]
    for v in payload["verdicts"]:  # ...and is not made without them
        assert not v["wrong_platform"] and v["conversion_share"] is None
        assert not {"conversions", "cost"} & set(v["strengths"])
        assert not {"wrong_platform", "low_conversions", "costly"} & set(v["weaknesses"])
    assert t("annual.evidence_no_conversions", span="2025") in page
    wrong = t("annual.exec_stop_wrong_platform", channel=t.channel("instagram"), engagement_share="",
              conversion_share="").split("(")[0]
    assert wrong in " ".join(base["sentences"]) and wrong not in page


def test_without_spend_cost_is_not_judged(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "no_spend")
    for v in payload["verdicts"]:
        assert "cost" not in v["strengths"] and "costly" not in v["weaknesses"] and v["cost_per_result"] is None
    assert t("annual.evidence_no_spend", span="2025") in page


@pytest.mark.parametrize("variant", ["no_survey", "no_purchase_column"])
def test_without_buyers_in_the_survey_audience_fit_is_not_judged(demo_data: dict, variant: str) -> None:
    r, page, payload, t = case(demo_data, variant)
    for v in payload["verdicts"]:
        assert v["purchase_index"] is None and "fit" not in v["strengths"] and "poor_fit" not in v["weaknesses"]
    if variant == "no_survey":
        assert t("annual.note_scorecard_no_fit") in page


def test_without_listening_the_competitive_position_says_there_is_nothing_to_compare(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "no_listening")
    assert payload["competitors"] == []
    assert t("annual.empty_competition", year="2025", last="2024") in page


def test_without_competitors_no_competitor_is_named_as_the_mover(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "no_competitors")
    assert [c["brand"] for c in payload["competitors"]] == [r.client_name]
    assert t("annual.position_mover", brand="", share="", change="").split(":")[0] not in page


def test_a_single_channel_is_not_judged_against_itself(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "single_channel")
    [verdict] = payload["verdicts"]
    assert verdict["verdict"] == "no_data" and verdict["reason"] == "alone" and verdict["posts"] >= 5
    assert t("annual.verdict_sentence_alone", channel=t.channel(verdict["channel"]), span="2025") in page


def test_six_weeks_of_history_gives_figures_on_those_weeks_and_no_verdict_on_the_year(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "six_weeks_of_history")
    assert r.cut and r.window.days < r.rules.min_verdict_days and payload["compared"]["cut"]
    assert {v["reason"] for v in payload["verdicts"]} == {"short"}
    span = t.period(r.window.start, r.window.end)
    assert t("annual.coverage_cut", span=span, last=t.period(r.previous_window.start, r.previous_window.end)) in page
    assert t("annual.empty_targets_partial", year="2025", span=span) in page
    assert payload["targets"] == [] and payload["targets_not_proposed"] == "partial"
    for word in ("verdict_keep", "verdict_fix", "verdict_stop"):
        assert t("annual.verdict_sentence", channel="", verdict=t(f"annual.{word}"), strengths="",
                 weaknesses="").split(".")[0] not in page


def test_a_period_after_the_data_says_it_has_none_and_where_the_data_lies(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "period_after_the_data")
    data = demo_data[CLIENT][0]
    last_post = data.posts.loc[data.posts["channel"] == "instagram", "published"].max().date()
    source = t("coverage.src_posts", channel=t.channel("instagram"))
    assert t("coverage.none_ended", source=source, date=t.date(last_post)) in page
    assert payload["sentences"][0] == t("annual.exec_no_data", year=t.period(r.year.start, r.year.end))
    assert {v["verdict"] for v in payload["verdicts"]} == {"no_data"}
    assert not payload["inventory"]["dormant"]  # months nobody exported are not months without posts
    assert r.as_of < r.year.start


def test_a_year_without_posts_is_not_a_year_of_bad_channels(demo_data: dict) -> None:
    r, page, payload, t = case(demo_data, "month_without_posts")  # the variant empties the whole period
    assert {v["verdict"] for v in payload["verdicts"]} == {"no_data"}
    assert "stop" not in {v["verdict"] for v in payload["verdicts"]}
    assert "coverage.none" not in page and t("coverage.title") in page


@pytest.mark.parametrize("client", ["demo-cafe", "demo-furniture", "demo-saas"])
def test_one_viral_post_does_not_flip_a_verdict(demo_data: dict, client: str) -> None:
    base = case(demo_data, "no_listening", client, page=False)[2]  # listening plays no part in the verdicts
    viral = case(demo_data, "one_viral_outlier", client, page=False)[2]
    assert {c: v["verdict"] for c, v in verdicts(viral).items()} == {c: v["verdict"] for c, v in
                                                                     verdicts(base).items()}
    assert [c["verdict"] for c in viral["content"]] == [c["verdict"] for c in base["content"]]
