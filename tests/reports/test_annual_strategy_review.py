"""Annual strategy review on small hand-computed data: every verdict path, dormant, duplicate, decay, targets."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from reporting import tables, theme
from reporting.analysis import goals
from reporting.analysis import posts as post_engine
from reporting.dataset import ClientData
from reporting.coverage.days import day_index
from reporting.i18n import Translator
from reporting.ingest import load_client_data
from reporting.params import ClientParams, Goal
from reporting.periods import resolve
from reporting.report import ReportContext, jsonable
from reporting.reports.annual_strategy_review import compute, content, scorecard, summary, views, wording, year_results
from reporting.reports.annual_strategy_review import targets as target_rules
from support.prose import problems

D = dt.date
Y25 = (D(2025, 1, 1), D(2025, 12, 31))


def params(**over: object) -> ClientParams:
    base = dict(client_id="acme", display_name="Acme Home", channels=["instagram", "facebook"],
                handles={"instagram": "acmehome", "facebook": "acme.home"}, keywords=["Acme Home", "#acme"],
                demo=True)
    return ClientParams(**{**base, **over})


def post_frame(rows: list[tuple], **tables_: pd.DataFrame) -> pd.DataFrame:
    """The KPI review's post frame for these posts (what content and campaign rankings read)."""
    return post_engine.post_frame(ClientData.from_frames("UTC", posts=posts(rows), **tables_))


def posts(rows: list[tuple]) -> pd.DataFrame:
    """rows: (channel, account, published, reach, likes, content_type, campaign, link_clicks)."""
    cols = ["channel", "account", "published", "reach", "likes", "content_type", "campaign", "link_clicks"]
    df = pd.DataFrame(rows, columns=cols)
    return tables.conform(df.assign(post_id=[f"p{i}" for i in range(len(df))]), "posts", "UTC")


# --------------------------------------------------------------------------- content and campaigns


def test_content_types_are_indexed_against_their_own_channel() -> None:
    # facebook average: reach 100, 10 engagements, 2 clicks per post; instagram average: reach 1000, 100 engagements
    rows = ([("facebook", "a", f"2025-03-{d:02d}", 100, 15, "photo", None, 1) for d in range(1, 6)]
            + [("facebook", "a", f"2025-04-{d:02d}", 100, 5, "link", None, 3) for d in range(1, 6)]
            + [("instagram", "b", f"2025-05-{d:02d}", 1000, 100, "reel", None, 0) for d in range(1, 6)]
            + [("instagram", "b", f"2025-06-{d:02d}", 1000, 100, "story", None, 0) for d in range(1, 3)])
    out = content.content_types(post_frame(rows), *Y25).set_index("content_type")
    assert out.loc["photo", "engagement_index"] == pytest.approx(1.5)
    assert out.loc["photo", "click_index"] == pytest.approx(0.5)
    assert out.loc["photo", "verdict"] == "keep"  # engages 1.5x its channel's average post
    assert out.loc["link", "engagement_index"] == pytest.approx(0.5)
    assert out.loc["link", "verdict"] == "keep"  # 1.5x the clicks: it earns its place by sending traffic
    assert out.loc["reel", "reach_index"] == pytest.approx(1.0)
    assert out.loc["reel", "verdict"] == "review"  # exactly average
    assert out.loc["story", "verdict"] == "too_few"


def test_content_type_below_average_on_both_is_dropped() -> None:
    rows = ([("facebook", "a", f"2025-03-{d:02d}", 100, 20, "photo", None, 4) for d in range(1, 6)]
            + [("facebook", "a", f"2025-04-{d:02d}", 100, 5, "text", None, 1) for d in range(1, 6)])
    out = content.content_types(post_frame(rows), *Y25).set_index("content_type")
    assert out.loc["text", "engagement_index"] == pytest.approx(5 / 12.5)
    assert out.loc["text", "verdict"] == "drop"
    assert list(out.index) == ["photo", "text"]  # ranked best first


def campaign_rows() -> list[tuple]:
    dying = [("facebook", "a", "2025-10-01 09:00", 1000, 50, "photo", "Close Faster", 0),
             ("facebook", "a", "2025-10-03 09:00", 1000, 50, "photo", "Close Faster", 0),
             ("facebook", "a", "2025-10-10 09:00", 300, 15, "photo", "Close Faster", 0),
             ("facebook", "a", "2025-10-17 09:00", 300, 15, "photo", "Close Faster", 0)]
    steady = [("facebook", "a", f"2025-05-{d:02d} 09:00", 500, 25, "photo", "Spring", 0) for d in (1, 5, 9, 13, 17)]
    short = [("facebook", "a", "2025-07-01 09:00", 800, 40, "photo", "Flash", 0),
             ("facebook", "a", "2025-07-09 09:00", 100, 5, "photo", "Flash", 0)]
    tagged = [("facebook", "a", "2025-08-01 09:00", 500, 25, "photo", None, 0)]  # "#Spring" in its text
    before = [("facebook", "a", "2024-10-01 09:00", 100, 5, "photo", "Old", 0)]
    return dying + steady + short + tagged + before


def campaign_frame(**tables_: pd.DataFrame) -> pd.DataFrame:
    df = posts(campaign_rows())
    df["text"] = [""] * (len(df) - 2) + ["Summer sale #Spring", ""]
    return post_engine.post_frame(ClientData.from_frames("UTC", posts=df, **tables_))


def test_campaign_whose_reach_dies_after_week_one_is_named_and_dropped() -> None:
    spend = pd.DataFrame({"date": ["2025-10-01", "2025-10-02", "2025-05-02"], "channel": "facebook",
                          "campaign": ["Close Faster", "Close Faster", "Other"], "spend": [60.0, 40.0, 9.0],
                          "results": [3, 2, 1]})
    out = content.campaigns(campaign_frame(), ClientData.from_frames("UTC", spend=spend).spend, *Y25)
    assert out["campaign"].tolist() == ["Close Faster", "Spring", "Flash", "Spring"]  # by reach; "Old" is 2024
    cf = out.iloc[0]
    # reach scores: the typical 2025 facebook post reaches 500, so week 1 scores 2.0, later posts 0.6
    assert cf["first_week"] == pytest.approx(2.0) and cf["later"] == pytest.approx(0.6)
    assert cf["later_vs_week1"] == pytest.approx(0.3) and cf["life_cycle"] == "dies"
    assert cf["decays"] and cf["verdict"] == "drop"
    assert cf["spend"] == 100 and cf["results"] == 5 and cf["cost_per_result"] == 20
    assert cf["start"] == D(2025, 10, 1) and cf["days"] == 17
    spring = out.iloc[1]
    assert spring["life_cycle"] == "holds" and not spring["decays"]
    assert out.iloc[2]["life_cycle"] == "too_short"  # one later post is not a life cycle
    tagged = out.iloc[3]  # tagged from its hashtag, a new run three months after the first
    assert tagged["start"] == D(2025, 8, 1) and tagged["posts"] == 1


def test_campaign_weeks_trace_the_life_cycle() -> None:
    weeks = content.campaign_weeks(campaign_frame(), *Y25)
    cf = weeks[weeks["campaign"] == "Close Faster"]
    assert cf[["week", "posts"]].values.tolist() == [[1, 2], [2, 1], [3, 1]]
    assert cf["score"].tolist() == pytest.approx([2.0, 0.6, 0.6])


# --------------------------------------------------------------------------- scorecard


def totals(**channels: dict[str, float]) -> pd.DataFrame:
    df = pd.DataFrame.from_dict(channels, orient="index").astype(float)
    df["impressions"] = df.get("impressions", df["reach"] * 1.5)
    df["engagement_rate"] = df["engagements"] / df["reach"]
    df["cost_per_result"] = (df["spend"] / df["conversions"]).where((df["conversions"] > 0) & (df["spend"] > 0))
    return df


def test_every_verdict_path() -> None:
    t = totals(
        # 60 % of reach, 3x the engagement rate, 0 conversions, spent: the wrong platform -> fix
        instagram=dict(posts=300, reach=600_000, engagements=48_000, conversions=0, spend=5_000),
        # converts: 80 % of conversions from 25 % of reach, cheap -> keep
        facebook=dict(posts=200, reach=250_000, engagements=5_000, conversions=400, spend=4_000),
        # 15 % of reach, average-ish engagement, few conversions, no strength -> stop
        pinterest=dict(posts=100, reach=150_000, engagements=3_000, conversions=10, spend=0),
        # too few posts -> not judged
        tiktok=dict(posts=3, reach=1_000, engagements=100, conversions=0, spend=0),
    )
    card = scorecard.scorecard(t).set_index("channel")
    fb, ig, pin = card.loc["facebook"], card.loc["instagram"], card.loc["pinterest"]
    # portfolio: reach 1,000,000, engagement rate 56,000 / 1,000,000 = 5.6 %, 410 conversions, cost 9,000 / 410
    assert ig["reach_share"] == pytest.approx(0.6) and ig["engagement_index"] == pytest.approx(0.08 / 0.056)
    assert ig["conversion_yield"] == 0 and ig["cost_index"] == np.inf
    assert ig["verdict"] == "fix" and ig["wrong_platform"]
    assert ig["strengths"] == ("reach", "engagement") and ig["weaknesses"] == ("wrong_platform", "costly")
    assert fb["conversion_yield"] == pytest.approx((400 / 410) / 0.25)
    assert fb["cost_index"] == pytest.approx(10 / (9000 / 410))
    assert fb["verdict"] == "keep" and fb["weaknesses"] == ()  # low engagement is not held against a converter
    assert fb["strengths"] == ("reach", "conversions", "cost")
    assert pin["verdict"] == "stop" and pin["strengths"] == ()
    assert pin["weaknesses"] == ("low_conversions", "low_reach", "low_engagement")  # 2 % against 5.6 %
    assert card.loc["tiktok", "verdict"] == "no_data"
    assert list(card.index) == ["facebook", "instagram", "pinterest", "tiktok"]  # keep, fix, stop, not judged


def test_audience_fit_counts_only_with_enough_respondents() -> None:
    t = totals(a=dict(posts=50, reach=500, engagements=50, conversions=50, spend=0),
               b=dict(posts=50, reach=500, engagements=50, conversions=50, spend=0))
    fit = pd.DataFrame({"channel": ["a", "b"], "users": [100, 5], "purchase_index": [0.5, 0.1],
                        "buyer_reach": [0.2, 0.05]})
    card = scorecard.scorecard(t, fit).set_index("channel")
    assert card.loc["a", "weaknesses"] == ("poor_fit",) and card.loc["a", "verdict"] == "fix"
    assert pd.isna(card.loc["b", "purchase_index"]) and card.loc["b", "verdict"] == "keep"


def test_scorecard_can_compare_on_impressions() -> None:
    t = totals(a=dict(posts=50, reach=np.nan, impressions=900, engagements=90, conversions=9, spend=0),
               b=dict(posts=50, reach=np.nan, impressions=100, engagements=1, conversions=1, spend=0))
    card = scorecard.scorecard(t, exposure="impressions").set_index("channel")
    assert card.loc["a", "reach_share"] == pytest.approx(0.9)
    assert card.loc["b", "engagement_rate"] == pytest.approx(0.01)


def test_exposure_falls_back_to_impressions_when_a_channel_has_no_reach() -> None:
    p = pd.DataFrame({"channel": ["x", "x", "facebook"], "reach": [None, None, 10],
                      "impressions": [5, 6, 12]})
    assert scorecard.exposure_measure(p) == "impressions"
    assert scorecard.exposure_measure(p.assign(reach=[1, 2, 3])) == "reach"


# --------------------------------------------------------------------------- targets


@pytest.mark.parametrize(("base", "previous", "higher", "expected"), [
    (120, 100, True, {"conservative": 140, "expected": 145, "stretch": 150}),  # repeat, +25 %, +50 % of the gain
    (80, 100, True, {"conservative": 80, "expected": 85, "stretch": 90}),  # hold, win back 1/4, 1/2
    (40, 50, False, {"conservative": 30, "expected": 27.5, "stretch": 25}),  # cost fell: keep it falling
    (60, 50, False, {"conservative": 60, "expected": 57.5, "stretch": 55}),  # cost rose: win back
])
def test_target_range(base: float, previous: float, higher: bool, expected: dict[str, float]) -> None:
    assert target_rules.target_range(base, previous, higher) == pytest.approx(expected)


def test_target_range_needs_a_previous_value() -> None:
    assert target_rules.target_range(100, None) is None


def test_realism_label_applies_the_kpi_review_rule() -> None:
    real = goals.Realism(needed=0.2, best=0.3, typical=0.1, windows=40, verdict="ambitious")
    assert target_rules.realism_label(real, 0.05, True) == "realistic"
    assert target_rules.realism_label(real, 0.2, True) == "ambitious"
    assert target_rules.realism_label(real, 0.5, True) == "unrealistic"
    cost = goals.Realism(needed=-0.1, best=-0.3, typical=-0.05, windows=40, verdict="ambitious")
    assert target_rules.realism_label(cost, -0.04, False) == "realistic"
    assert target_rules.realism_label(cost, -0.4, False) == "unrealistic"


def two_years() -> ClientData:
    """2024-2025 daily: instagram posts a lot and never converts; facebook converts 2/day in 2024, 3/day in 2025."""
    days = pd.date_range("2024-01-01", "2025-12-31")
    year = days.year.to_numpy()
    post_rows = pd.concat([
        pd.DataFrame({"post_id": [f"i{i}" for i in range(len(days))], "channel": "instagram", "account": "acmehome",
                      "published": days + pd.Timedelta(hours=12), "reach": 1000, "likes": 80, "link_clicks": 1,
                      "content_type": "reel"}),
        pd.DataFrame({"post_id": [f"f{i}" for i in range(len(days))], "channel": "facebook", "account": "acme.home",
                      "published": days + pd.Timedelta(hours=9), "reach": 500, "likes": 10, "link_clicks": 5,
                      "content_type": "link"}),
    ])
    daily = pd.concat([
        pd.DataFrame({"date": days, "channel": "instagram", "account": "acmehome",
                      "followers": 10_000 + 10 * np.arange(len(days))}),
        pd.DataFrame({"date": days, "channel": "facebook", "account": "acme.home",
                      "followers": 5_000 + 2 * np.arange(len(days))}),
    ])
    web = pd.concat([
        pd.DataFrame({"date": days, "source": "m.facebook.com", "medium": "referral", "channel": "facebook",
                      "sessions": 100, "conversions": np.where(year == 2024, 2, 3), "revenue": 0.0}),
        pd.DataFrame({"date": days, "source": "l.instagram.com", "medium": "referral", "channel": "instagram",
                      "sessions": 100, "conversions": 0, "revenue": 0.0}),
    ])
    spend = pd.DataFrame({"date": days, "channel": "instagram", "campaign": "boost", "spend": 10.0})
    return ClientData.from_frames("UTC", posts=post_rows, account_daily=daily, web_traffic=web, spend=spend)


def test_channel_totals_and_year_over_year() -> None:
    data = two_years()
    hist = year_results.Histories(data)
    this = year_results.channel_totals(hist, ["instagram", "facebook"], *Y25)
    last = year_results.channel_totals(hist, ["instagram", "facebook"], D(2024, 1, 1), D(2024, 12, 31))
    assert this.at["instagram", "posts"] == 365 and this.at["instagram", "reach"] == 365_000
    assert this.at["instagram", "engagement_rate"] == pytest.approx(0.08)
    assert this.at["facebook", "followers"] == 5_000 + 2 * 730  # level on 31 December 2025
    assert this.at["facebook", "followers_start"] == 5_000 + 2 * 365  # level on 31 December 2024
    assert this.at["facebook", "conversions"] == 3 * 365 and last.at["facebook", "conversions"] == 2 * 366
    assert this.at["all", "spend"] == 3650 and pd.isna(this.at["facebook", "cost_per_result"])
    assert pd.isna(this.at["all", "return_on_spend"])  # no revenue tracked: not a -100 % return
    yoy = year_results.year_over_year(this, last).set_index(["channel", "metric"])
    assert yoy.loc[("facebook", "conversions"), "change"] == pytest.approx(1095 / 732 - 1)
    assert yoy.loc[("instagram", "reach"), "change"] == pytest.approx(365 / 366 - 1)


def test_next_year_targets_validate_as_goals() -> None:
    data, p = two_years(), params(goals=[Goal(id="ig-er", objective="engagement", metric="engagement_rate_reach",
                                              channel="instagram", target={"value": 0.1}, start=D(2026, 7, 1),
                                              deadline=D(2026, 12, 31))])
    hist = year_results.Histories(data)
    this = year_results.channel_totals(hist, p.channels, *Y25)
    last = year_results.channel_totals(hist, p.channels, D(2024, 1, 1), D(2024, 12, 31))
    card = pd.DataFrame({"channel": ["instagram", "facebook"], "verdict": ["stop", "keep"]})
    targets = target_rules.next_year_targets(hist, this, last, card, p, D(2026, 1, 1)).set_index("id")
    assert "instagram-followers-2026" not in targets.index  # a channel to stop gets no target
    assert "instagram-engagement-rate-reach-2026" not in targets.index
    conv = targets.loc["facebook-conversions-2026"]
    assert conv["this_year"] == 1095 and conv["last_year"] == 732
    assert conv[["conservative", "expected", "stretch"]].tolist() == pytest.approx([1458, 1548.75, 1639.5])
    assert conv["goal_baseline"] == pytest.approx(3 * 92 / 3)  # average month of Oct-Dec 2025
    assert conv["expected_target"] == pytest.approx(92 * 1548.75 / 1095)
    fol = targets.loc["facebook-followers-2026"]
    assert fol["this_year"] == 6460 and fol["expected"] == pytest.approx(6460 + 1.25 * 730)
    assert fol["goal_baseline"] == 6460
    assert set(targets["expected_realism"]) <= {"realistic", "ambitious", "unrealistic", "unknown"}
    proposed = target_rules.proposed_goals(targets.reset_index(), D(2026, 1, 1), {"facebook-conversions-2026": "<b>x</b>"})
    text = target_rules.goals_yaml(proposed)
    parsed = [Goal.model_validate(g) for g in yaml.safe_load(text)["goals"]]
    assert [g.id for g in parsed] == list(targets.index)
    assert parsed[0].start == D(2026, 1, 1) and parsed[0].deadline == D(2026, 12, 31)
    by_id = {g.id: g for g in parsed}
    assert by_id["facebook-conversions-2026"].target.value == round(92 * 1548.75 / 1095)
    assert by_id["facebook-conversions-2026"].description == "<b>x</b>"
    ClientParams(**{**p.model_dump(), "goals": [g.model_dump() for g in parsed]})  # pastes into valid params


# --------------------------------------------------------------------------- the whole review on small data


def context(data: ClientData, p: ClientParams, lang: str = "en") -> ReportContext:
    ctx = ReportContext(report="annual_strategy_review", params=p, period=resolve("2025"), t=Translator(lang, "EUR"))
    ctx.__dict__["data"] = data  # the cached property, as open_report would load it
    return ctx


@pytest.fixture(scope="module")
def review() -> compute.AnnualReview:
    return compute.build(context(two_years(), params(display_name="Acme <Home>")))


def test_build_names_engagement_without_conversions(review: compute.AnnualReview) -> None:
    r = review
    t = Translator("en", "EUR")
    card = r.card.set_index("channel")
    assert card.loc["instagram", "wrong_platform"] and card.loc["instagram", "verdict"] == "fix"
    assert card.loc["facebook", "verdict"] == "keep"
    sentences = wording.executive_summary(r, t)
    stop = sentences[2]
    assert "Instagram earns engagement without conversions" in stop
    assert sentences[0].startswith("2025 in three numbers: 547.5K reached (-0.3% on 2024), 23.8K followers")
    assert any("engagement without conversions" in s for s in wording.verdict_sentences(r, t))
    payload = summary.payload(r, t)
    assert [v["verdict"] for v in payload["verdicts"]] == ["keep", "fix"]
    assert payload["targets"] and all(g["goal"]["start"] == "2026-01-01" for g in payload["targets"])


@pytest.mark.parametrize("lang", ["ko", "el"])
def test_build_speaks_the_client_language(review: compute.AnnualReview, lang: str) -> None:
    r = review  # computed once: the review does not depend on the report language
    t = Translator(lang, "EUR")
    words = {"ko": "인스타그램", "el": "Instagram"}[lang]
    assert words in wording.executive_summary(r, t)[2]
    assert wording.verdict_sentences(r, t) and wording.rules_text(r, t)
    # every table and sentence the notebook shows exists in this language (a missing key raises)
    for table in (views.yoy_table, views.goals_table, views.scorecard_table, views.inventory_table,
                  views.content_table, views.campaign_table, views.position_table, views.demographics_table,
                  views.targets_table):
        assert all(not str(c).startswith("annual.") for c in table(r, t).columns)
    texts = [*wording.inventory_flags(r, t), wording.inventory_note(r, t), *wording.campaign_sentences(r, t),
             *wording.shift_sentences(r, t), wording.audience_contrast(r, t), wording.targets_method(r, t),
             *wording.targets_notes(r, t), wording.goals_note(r, t), wording.campaigns_note(t)]
    assert wording.audience_contrast(r, t) and wording.targets_method(r, t)
    assert all("{" not in x for x in texts)
    assert [x["label"] for x in views.headline_tiles(r, t)][0] == t("annual.metric_reach")


def test_yaml_block_escapes_descriptions(review: compute.AnnualReview) -> None:
    hostile = [review.proposed[0].model_copy(update={"description": "<script>alert(1)</script>"})]
    markup = views.yaml_block(hostile).markup
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_monthly_lines_up_the_two_periods_month_by_month() -> None:
    hist = year_results.Histories(two_years())
    m = year_results.monthly(hist, ["instagram"], resolve("2025"), resolve("2024"))
    reach = m[m["metric"] == "reach"].set_index(["period", "index"])["value"]
    assert reach[("this", 0)] == 31_000 and reach[("last", 1)] == 29_000  # January 2025, February 2024 (leap)
    assert len(reach) == 24
    followers = m[m["metric"] == "followers"].set_index(["period", "index"])["value"]
    assert followers[("this", 11)] == 10_000 + 10 * 730  # the level on 31 December 2025


def test_a_period_that_is_not_a_calendar_year_is_named_by_its_dates() -> None:
    t = Translator("en")
    assert t.period_name(resolve("2025")) == "2025"
    assert t.period_name(resolve("2025-11-23..2026-11-22")) == t.period(D(2025, 11, 23), D(2026, 11, 22))
    assert target_rules.next_deadline(D(2026, 11, 23)) == D(2027, 11, 22)
    assert target_rules.next_deadline(D(2026, 1, 1)) == D(2026, 12, 31)


def test_competitive_position_this_year_against_last() -> None:
    p = params(competitors=[{"name": "Zenith", "keywords": ["Zenith"]}])
    mentions = pd.DataFrame({
        "mention_id": ["1", "2", "3", "4", "5", "6"],
        "time": pd.to_datetime(["2025-03-01 10:00", "2025-04-01 10:00", "2025-05-01 10:00", "2025-06-01 10:00",
                                "2024-03-01 10:00", "2024-04-01 10:00"]).tz_localize("UTC"),
        "text": ["Love Acme Home", "Acme Home again", "Acme Home broke", "Zenith is fine", "Acme Home", "Zenith"],
        "sentiment": ["positive", "positive", "negative", "neutral", "neutral", "negative"],
        "language": "en",
    })
    data = ClientData.from_frames("UTC", mentions=mentions)
    out = compute.competitive_position(data, p, resolve("2025"), resolve("2024")).set_index("brand")
    assert list(out.index) == ["Acme Home", "Zenith"]
    assert out.loc["Acme Home", "share"] == pytest.approx(0.75) and out.loc["Acme Home", "share_previous"] == 0.5
    assert out.loc["Acme Home", "net"] == pytest.approx(1 / 3)
    assert pd.isna(out.loc["Acme Home", "net_previous"])  # neither positive nor negative in 2024
    assert out.loc["Zenith", "net_previous"] == -1


def test_content_type_without_engagement_or_clicks_in_the_export_is_not_judged() -> None:
    rows = [("youtube", "tv", f"2025-03-{d:02d}", 100, None, "video", None, None) for d in range(1, 7)]
    out = content.content_types(post_frame(rows), *Y25)
    assert out["verdict"].tolist() == ["no_data"]



SECTIONS = ("header", "summary", "goals", "year_on_year", "scorecard", "inventory", "content", "campaigns",
            "competition", "audience", "next_year")


def test_the_computed_review_does_not_depend_on_the_report_language(review: compute.AnnualReview) -> None:
    assert all(g.description == "" for g in review.proposed)  # descriptions are words: the wording adds them

    def without_words(payload: dict) -> dict:
        targets = [{**g, "goal": {**g["goal"], "description": ""}} for g in payload["targets"]]
        return {**payload, "sentences": [], "targets": targets}

    english, korean = (jsonable(summary.payload(review, Translator(lang))) for lang in ("en", "ko"))
    assert english["sentences"] != korean["sentences"]
    assert without_words(english) == without_words(korean)
    facebook = next(g["goal"] for g in english["targets"] if g["id"] == "facebook-conversions-2026")
    assert facebook["description"].endswith("on Facebook (expected; conservative 1,458, stretch 1,640)")


def test_every_section_shows_the_review_in_the_clients_language(review: compute.AnnualReview) -> None:
    t = Translator("ko", "EUR")
    with theme.theme():  # the fonts a report draws Korean with
        shown = {name: getattr(views, name)(review, t).markup for name in SECTIONS}
    assert t("annual.h_scorecard") in shown["scorecard"] and "<img src=\"data:image/png" in shown["scorecard"]
    assert "Acme &lt;Home&gt;" in shown["header"] and "<Home>" not in shown["header"]
    assert shown["next_year"].count('<pre class="rp-code"') == 1
    assert "전환" in shown["next_year"]  # the goals' descriptions, in the report's language


def test_a_client_without_data_for_the_year_gets_empty_states_not_a_traceback() -> None:
    r = compute.analyse(ClientData.from_frames("UTC"), params(), resolve("2025"))
    t = Translator("en")
    shown = {name: getattr(views, name)(r, t).markup for name in SECTIONS}
    assert "There is no channel data for 2025" in shown["summary"]
    assert t("annual.empty_yoy", year="2025") in shown["year_on_year"]
    assert "Instagram – not enough data to call: no post data covers 2025." in shown["scorecard"]
    assert "What worked: not enough data to call, because no post data covers 2025." in shown["summary"]
    assert "<img" not in "".join(shown.values())  # nothing to draw: no empty chart
    assert "<pre" not in shown["next_year"]  # no target, no goals to paste


# --------------------------------------------------------------------------- real data shapes (issue 11)

X_COLUMNS = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
             "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
             "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
             "media engagements", *[f"promoted {c}" for c in (
                 "impressions", "engagements", "engagement rate", "retweets", "replies", "likes",
                 "user profile clicks", "url clicks", "hashtag clicks", "detail expands", "permalink clicks",
                 "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
                 "media engagements")]]


def x_year_of_exports(folder: Path, posts: int = 261) -> list[D]:
    """A year of analytics.twitter.com per-tweet exports (one file per month, its real 40 columns), nothing else.

    Tweets on weekdays from Friday 3 January to Monday 29 December (two on each of the first four days,
    261 in all): a quiet first and last two days, no longer than the weekend pause. Tweet i: 1,000 +
    100 x (i mod 7) impressions, i mod 5 likes, one retweet, no reply.
    """
    weekdays = [d.date() for d in pd.bdate_range("2025-01-03", "2025-12-29")]
    days = sorted(weekdays + weekdays[: posts - len(weekdays)])
    folder.mkdir(parents=True, exist_ok=True)
    for month in range(1, 13):
        first = D(2025, month, 1)
        after = D(2025 + month // 12, month % 12 + 1, 1)
        with (folder / f"tweet_activity_metrics_acme_{first:%Y%m%d}_{after:%Y%m%d}_en.csv").open(
                "w", newline="", encoding="utf-8") as fh:
            out = csv.writer(fh, quoting=csv.QUOTE_ALL)
            out.writerow(X_COLUMNS)
            for i, day in enumerate(days):
                if day.month != month:
                    continue
                impressions, likes = 1000 + 100 * (i % 7), i % 5
                row = {c: "0" for c in X_COLUMNS} | {c: "-" for c in X_COLUMNS if c.startswith("promoted")}
                row |= {"Tweet id": str(10**18 + i), "Tweet permalink": f"https://twitter.com/acme/status/{10**18 + i}",
                        "Tweet text": f"Post {i} #acme", "time": f"{day} 15:00 +0000",
                        "impressions": f"{impressions}.0", "engagements": f"{likes + 1}.0",
                        "engagement rate": str((likes + 1) / impressions), "retweets": "1.0", "replies": "0.0",
                        "likes": f"{likes}.0"}
                out.writerow([row[c] for c in X_COLUMNS])
    return days


@pytest.fixture(scope="module")
def x_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[ClientData, ClientParams, list[D]]:
    folder = tmp_path_factory.mktemp("x-only")
    days = x_year_of_exports(folder)
    p = params(channels=["x"], handles={"x": "acme"}, data_dir=str(folder), goals=[
        Goal(id="x-impressions", objective="awareness", metric="impressions", channel="x", target={"change_pct": 10},
             start=D(2025, 7, 1), deadline=D(2025, 12, 31), description="X impressions +10%")])
    return load_client_data(p, use_cache=False), p, days


def test_x_only_account_a_year_of_posts_and_nothing_else(x_only: tuple[ClientData, ClientParams, list[D]]) -> None:
    """Issue 11: a year of X exports, no other table, crashed in keep/fix/stop and showed 'posts <NA>'."""
    data, p, days = x_only
    assert len(data.posts) == 261 and data.account_daily.empty and data.web_traffic.empty
    r = compute.analyse(data, p, resolve("2025"))
    assert not r.cut and r.window.days == 365  # quiet first and last days are no posts, not missing data
    assert r.this.at["x", "posts"] == 261  # from its posts, though followers and reach are missing
    assert r.this.at["x", "impressions"] == 261_000 + 100 * 778  # sum of 1,000 + 100 x (i mod 7)
    assert r.this.at["x", "engagements"] == 520 + 261  # likes (i mod 5) + one retweet each
    assert pd.isna(r.this.at["x", "reach"]) and pd.isna(r.this.at["x", "followers"])
    card = r.card.set_index("channel")
    assert card.loc["x", "posts"] == 261 and card.loc["x", "verdict"] == "no_data"
    assert card.loc["x", "reason"] == "alone"  # one channel: nothing to compare it with, not "too few posts"
    t = Translator("en")
    summary_ = wording.executive_summary(r, t)
    assert summary_[0] == "2025 in numbers: 338.8K impressions and 781 engagements."
    assert summary_[1] == ("What worked: not enough data to call, because only X has enough data, and a verdict "
                           "compares a channel with the client's other channels.")
    assert not any(word in " ".join(summary_) for word in ("Keep", "keep X", "stop X", "fix X"))
    assert wording.verdict_sentences(r, t) == [
        "X – not enough data to call: keep, fix or stop compares a channel with the client's other channels, "
        "and no other channel has enough data in 2025."]
    goal = r.goal_status[0]
    assert r.goal_through["x-impressions"] == D(2025, 12, 31)
    assert goal.phase == "ended" and goal.status != "no_data"  # measured to the year's end from the posts
    assert goal.current == sum(1000 + 100 * (i % 7) for i, d in enumerate(days) if d.month == 12)
    for lang in ("en", "ko", "el"):
        t = Translator(lang)
        html = "".join(getattr(views, name)(r, t).markup for name in SECTIONS)
        assert not problems(html), problems(html)[:5]
        assert all(not problems(f"<p>{s}</p>") for s in summary.payload(r, t)["sentences"])
    assert jsonable(summary.payload(r, Translator("en")))["verdicts"][0] == {
        **jsonable(summary.payload(r, Translator("en")))["verdicts"][0], "verdict": "no_data", "reason": "alone",
        "posts": 261.0}


def test_post_totals_come_from_the_posts_when_quiet_edges_are_within_the_usual_pause() -> None:
    rows = [("x", "acme", f"2025-{m:02d}-{d:02d} 10:00", None, 2, None, None, 1)
            for m in range(1, 13) for d in (5, 12, 19, 26)]  # first post 5 January, last 26 December
    data = ClientData.from_frames("UTC", posts=posts(rows))
    hist = year_results.Histories(data)
    assert hist("posts", "x").value(*Y25) is None  # the history alone starts on the first post
    assert hist.posts_cover("x", *Y25) and hist.value("posts", "x", *Y25) == 48
    assert hist.value("link_clicks", "x", *Y25) == 48
    assert hist.value("posts", "x", D(2025, 1, 1), D(2025, 1, 4)) == 0  # a quiet spell shorter than the usual week
    # posts that stop in June leave the second half uncovered: no total for the year
    half = ClientData.from_frames("UTC", posts=posts([r for r in rows if r[2] < "2025-07"]))
    assert year_results.Histories(half).value("posts", "x", *Y25) is None


def test_a_scorecard_with_missing_values_calls_nothing_it_cannot_back() -> None:
    frame = totals(instagram=dict(posts=40, reach=50_000, engagements=2_000, conversions=np.nan, spend=np.nan),
                   facebook=dict(posts=30, reach=10_000, engagements=100, conversions=np.nan, spend=np.nan),
                   x=dict(posts=12, reach=np.nan, impressions=np.nan, engagements=90, conversions=np.nan, spend=np.nan),
                   tiktok=dict(posts=3, reach=900, engagements=90, conversions=np.nan, spend=np.nan),
                   youtube=dict(posts=np.nan, reach=np.nan, engagements=np.nan, conversions=np.nan, spend=np.nan))
    card = scorecard.scorecard(frame.astype("Float64")).set_index("channel")  # pd.NA, as channel_totals gives
    assert card.loc["x", "reason"] == "no_exposure" and card.loc["tiktok", "reason"] == "few_posts"
    assert card.loc["youtube", "reason"] == "no_posts"
    assert card.loc["instagram", "verdict"] == "keep" and card.loc["facebook", "verdict"] == "stop"
    assert card.loc["instagram", "reach_share"] == pytest.approx(50 / 60)  # x, tiktok, youtube left out
    assert card.loc["facebook", "weaknesses"] == ("low_reach", "low_engagement")
    alone = scorecard.scorecard(frame.drop(index="facebook")).set_index("channel")
    assert alone.loc["instagram", "verdict"] == "no_data" and alone.loc["instagram", "reason"] == "alone"
    short = scorecard.scorecard(frame, days=60).set_index("channel")
    assert set(short["verdict"]) == {"no_data"} and short.loc["instagram", "reason"] == "short"
    assert short.loc["x", "reason"] == "no_exposure"  # its own reason first


def test_year_figures_and_last_year_are_measured_on_the_days_every_source_covers() -> None:
    data = two_years()
    cut = data.web_traffic[data.web_traffic["date"] <= "2025-09-30"]  # web analytics stop at the end of September
    data = dataclasses.replace(data, web_traffic=cut)
    r = compute.analyse(data, params(), resolve("2025"))
    assert r.cut and (r.window.start, r.window.end) == (D(2025, 1, 1), D(2025, 9, 30))
    assert (r.previous_window.start, r.previous_window.end) == (D(2024, 1, 1), D(2024, 9, 29))  # 273 days (leap)
    assert r.this.at["facebook", "conversions"] == 3 * 273 and r.last.at["facebook", "conversions"] == 2 * 273
    assert r.this.at["instagram", "posts"] == 273  # every figure on the same days, not only the web's
    assert r.targets.empty and r.targets_reason == "partial"  # no annual target from nine months
    t = Translator("en")
    notice = views.header(r, t).markup
    assert "Web traffic: the data ends on Sep 30, 2025, so the last 92 days of the period are missing." in notice
    span, last = t.period(D(2025, 1, 1), D(2025, 9, 30)), t.period(D(2024, 1, 1), D(2024, 9, 29))
    assert (f"This year&#x27;s figures are measured on {span}, the days every source covers, and "
            f"compared with the same days of {last}.") in notice
    assert wording.executive_summary(r, t)[0].startswith(f"{span} in three numbers:")
    assert f"the data covers only {span} of 2025" in views.next_year(r, t).markup


def test_goals_are_tracked_to_the_last_day_their_data_covers() -> None:
    data = two_years()
    data = dataclasses.replace(data, web_traffic=data.web_traffic[data.web_traffic["date"] <= "2025-10-31"])
    goal = Goal(id="fb-conv", objective="leads_sales", metric="conversions", channel="facebook",
                target={"value": 120}, start=D(2025, 7, 1), deadline=D(2025, 12, 31))
    followers = Goal(id="ig-fol", objective="audience_growth", metric="followers", channel="instagram",
                     target={"change_pct": 5}, start=D(2025, 1, 1), deadline=D(2025, 12, 31))
    r = compute.analyse(data, params(goals=[goal, followers]), resolve("2025"))
    status = {s.goal.id: s for s in r.goal_status}
    assert r.goal_through == {"fb-conv": D(2025, 10, 31), "ig-fol": D(2025, 12, 31)}
    assert status["fb-conv"].phase == "running" and status["fb-conv"].current == 3 * 31  # October, not a void
    assert status["ig-fol"].phase == "ended" and status["ig-fol"].current == 10_000 + 10 * 730
    t = Translator("en")
    assert "fb-conv: tracked to Oct 31, 2025, the last day its data covers." in wording.goal_sentences(r, t)
    table = views.goals_table(r, t).set_index(t("annual.col_goal"))
    assert table.loc["fb-conv", t("annual.col_as_of")] == "Oct 31, 2025"
    # a goal whose data covers none of the year cannot be evaluated, and says so
    none = compute.analyse(dataclasses.replace(data, web_traffic=data.web_traffic.iloc[0:0]), params(goals=[goal]),
                           resolve("2025"))
    s = none.goal_status[0]
    assert s.status == "no_data" and s.reason == "not_covered" and none.goal_through["fb-conv"] is None
    assert wording.goal_sentences(none, t) == ["fb-conv: cannot be evaluated: the Facebook data behind it covers none "
                                              "of 2025."]


def test_a_goal_too_irregular_to_call_says_so() -> None:
    t = Translator("en")
    uncertain = goals.Forecast(central=150, low=0, high=400, method="trend", weeks=26, fit_start=D(2025, 1, 1))
    g = Goal(id="g", objective="awareness", metric="impressions", channel="x", target={"value": 200},
             start=D(2025, 1, 1), deadline=D(2026, 3, 31), description="Impressions to 200")
    s = goals.GoalStatus(goal=g, higher_is_better=True, as_of=D(2025, 12, 31), phase="running", baseline=100,
                         baseline_source="measured", baseline_window=(D(2024, 10, 1), D(2024, 12, 31)),
                         baseline_days=(40, 92), target=200, current=90,
                         current_window=(D(2025, 12, 1), D(2025, 12, 31)),
                         progress=-0.1, expected=180, pace=-0.9, elapsed_days=364, remaining_days=90, total_days=454,
                         met=False, forecast=uncertain, realism=None, status="uncertain")
    r = dataclasses.replace(compute.analyse(ClientData.from_frames("UTC"), params(), resolve("2025")),
                            goal_status=[s], goal_through={"g": D(2025, 12, 31)})
    table = views.goals_table(r, t)
    assert table[t("annual.col_status") + "_label"].tolist() == ["too irregular to call"]
    assert table[t("annual.col_status")].tolist() == ["uncertain"]
    assert wording.goal_sentences(r, t) == [
        "Impressions to 200: baseline 100, measured on the 40 of 92 days of its window that have data.",
        "Impressions to 200: 90 against a target of 200; the forecast for Mar 31, 2026 ranges from 0 to 400, from no "
        "progress at all to twice the progress the target needs: the history is too irregular to call."]
    for lang in ("ko", "el"):
        assert Translator(lang)("annual.goal_uncertain") != t("annual.goal_uncertain")


def test_the_audience_snapshot_labels_each_share_with_its_basis() -> None:
    rows = [  # Meta followers by age and gender, a follower total, YouTube views by age and gender, LinkedIn visits
        ("facebook", "followers", "age_gender", "25-34", "female", None, 0.30, None),
        ("facebook", "followers", "age_gender", "25-34", "male", None, 0.20, None),
        ("facebook", "followers", "age_gender", "45-54", "female", None, 0.35, None),
        ("facebook", "followers", "age_gender", "65+", "male", None, 0.15, None),
        ("facebook", "followers", "total", None, None, None, 1.0, 5200),
        ("facebook", "followers", "country", None, None, "Greece", 0.8, None),
        ("facebook", "followers", "country", None, None, "Cyprus", 0.2, None),
        ("youtube", "views", "age", "18-24", None, None, 0.6, None),
        ("youtube", "views", "age", "55-64", None, None, 0.4, None),
        ("youtube", "views", "gender", None, "female", None, 0.25, None),
        ("youtube", "views", "gender", None, "male", None, 0.75, None),
        ("linkedin", "page_views", "city", None, None, "Athens", None, 30),
        ("linkedin", "page_views", "city", None, None, "Patras", None, 10),
    ]
    demo = pd.DataFrame(rows, columns=["channel", "basis", "dimension", "age_band", "gender", "location", "share",
                                       "count"])
    out = compute.demographic_snapshot(demo).set_index(["channel", "basis"])
    fb = out.loc[("facebook", "followers")]
    assert fb["top_age_band"] == "25-34" and fb["share_45_plus"] == pytest.approx(0.5)  # summed over gender
    assert fb["female_share"] == pytest.approx(0.65) and fb["top_location"] == "Greece"
    yt = out.loc[("youtube", "views")]
    assert yt["top_age_band"] == "18-24" and yt["share_45_plus"] == pytest.approx(0.4)
    assert yt["female_share"] == pytest.approx(0.25)
    li = out.loc[("linkedin", "page_views")]
    assert li["top_location"] == "Athens" and li["top_location_share"] == pytest.approx(0.75)  # from counts
    assert pd.isna(li["share_45_plus"])
    t = Translator("en")
    r = dataclasses.replace(compute.analyse(ClientData.from_frames("UTC"), params(), resolve("2025")),
                            demographics=out.reset_index())
    shown = views.demographics_table(r, t)
    assert shown[t("annual.col_basis")].tolist() == ["followers", "page views (not people)", "views (not subscribers)"]
    assert not problems(views.audience(r, t).markup)


def test_accounts_are_dormant_only_where_the_data_could_show_them_posting() -> None:
    rows = ([("facebook", "acme.home", f"2025-0{m}-10 10:00", 100, 5, None, None, 0) for m in range(1, 4)]
            + [("instagram", "acmehome", f"2025-{m:02d}-10 10:00", 100, 5, None, None, 0) for m in range(1, 13)])
    data = ClientData.from_frames("UTC", posts=posts(rows))
    p = params(handles={"instagram": "acmehome", "facebook": "acme.home", "tiktok": "acme"},
               channels=["instagram", "facebook", "tiktok"])
    cov = compute.year_coverage(day_index(data), p, resolve("2025"))
    inv = compute.grounded_dormancy(compute.account_inventory(data, p, *Y25, D(2025, 12, 31), p.thresholds), data,
                                    D(2025, 12, 31), p.thresholds, cov).set_index("account")
    # Facebook's export stops in March: its account is judged at its last day of data, not called dormant
    assert inv.loc["acme.home", "checked_to"] == D(2025, 3, 10) and not inv.loc["acme.home", "dormant"]
    assert inv.loc["acme", "no_posts"] and not inv.loc["acme", "dormant"]  # no post data at all: not "dormant"
    # Instagram's monthly posts cover the year's end (a quiet 21 days, within its usual pause): judged on 31 December
    assert not inv.loc["acmehome", "dormant"] and inv.loc["acmehome", "days_since_post"] == 21
