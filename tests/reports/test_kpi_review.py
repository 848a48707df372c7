"""KPI review on small hand-computed frames: metrics, scorecards, content analyses, web traffic, benchmarks and sentences on small hand-computed frames."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from reporting import display, periods
from reporting.analysis import history
from reporting.analysis import posts as post_engine
from reporting.reports.kpi_review import compute, summary, views, wording
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams

D = dt.date
TZ = "Asia/Seoul"


def posts_frame(rows: list[dict]) -> pd.DataFrame:
    """Posts at 09:00 Seoul time on the given days unless ``published`` is given."""
    out = []
    for i, row in enumerate(rows):
        row = {"post_id": str(i), "channel": "facebook", "account": "page", **row}
        if "published" not in row:
            row["published"] = pd.Timestamp(row.pop("day")) + pd.Timedelta(hours=9)
        out.append(row)
    return pd.DataFrame(out)


def daily_frame(first: str, last: str, channel: str = "facebook", account: str = "page", **columns) -> pd.DataFrame:
    days = pd.date_range(first, last)
    return pd.DataFrame({"date": days, "channel": channel, "account": account,
                         **{k: (v(np.arange(len(days))) if callable(v) else v) for k, v in columns.items()}})


# --- post metrics -----------------------------------------------------------------------------------------


def test_engagements_count_missing_parts_as_zero_but_unknown_stays_unknown():
    data = ClientData.from_frames(TZ, posts=posts_frame([
        {"day": "2026-10-01", "likes": 10, "comments": 2, "shares": 1},  # Facebook has no saves
        {"day": "2026-10-02", "likes": 5, "comments": 1, "shares": 0, "saves": 4},
        {"day": "2026-10-03"},  # nothing known
    ]))
    assert post_engine.post_frame(data)["engagements"].tolist()[:2] == [13, 10]
    assert pd.isna(post_engine.post_frame(data)["engagements"].iloc[2])
    assert history.history(data, "engagements").value(D(2026, 10, 1), D(2026, 10, 3)) == 23


def test_period_rates_are_ratios_of_totals_not_averages_of_post_rates():
    data = ClientData.from_frames(TZ, posts=posts_frame([
        {"day": "2026-10-01", "reach": 100, "impressions": 200, "likes": 10, "shares": 2, "link_clicks": 4},
        {"day": "2026-10-02", "reach": 900, "impressions": 1800, "likes": 9, "shares": 0, "link_clicks": 6},
    ]))
    window = (D(2026, 10, 1), D(2026, 10, 2))
    assert history.history(data, "engagement_rate_reach").value(*window) == pytest.approx(21 / 1000)  # not 0.067
    assert history.history(data, "engagement_rate_impressions").value(*window) == pytest.approx(21 / 2000)
    assert history.history(data, "ctr").value(*window) == pytest.approx(10 / 2000)
    assert history.history(data, "virality").value(*window) == pytest.approx(2 / 2000)
    assert history.history(data, "avg_reach_per_post").value(*window) == pytest.approx(500)
    assert history.history(data, "posts").value(*window) == 2


def test_rates_by_followers_use_the_accounts_followers_the_day_before_posting():
    data = ClientData.from_frames(
        TZ,
        posts=posts_frame([{"day": "2026-10-03", "likes": 30, "shares": 3},
                           {"day": "2026-10-05", "likes": 10, "shares": 1}]),
        account_daily=daily_frame("2026-10-01", "2026-10-05", followers=lambda i: 1000 + 100 * i))
    posts = post_engine.post_frame(data)
    assert posts["followers_at_post"].tolist() == [1100, 1300]  # end of 2 Oct, end of 4 Oct
    window = (D(2026, 10, 3), D(2026, 10, 5))  # posts cover from the first post on
    assert history.history(data, "engagement_rate_followers").value(*window) == pytest.approx(44 / 2400)
    assert history.history(data, "amplification").value(*window) == pytest.approx(4 / 2400)


def test_followers_at_post_fall_back_to_the_channel_when_the_account_is_named_differently():
    data = ClientData.from_frames(
        TZ,
        posts=posts_frame([{"day": "2026-10-03", "account": "Page Name", "likes": 1},
                           {"day": "2026-10-03", "channel": "instagram", "account": "a", "likes": 1},
                           {"published": "not a date", "likes": 1}]),
        account_daily=pd.concat([
            daily_frame("2026-10-01", "2026-10-05", account="page", followers=500),
            daily_frame("2026-10-01", "2026-10-05", channel="instagram", account="a", followers=70),
            daily_frame("2026-10-01", "2026-10-05", channel="instagram", account="b", followers=30)]))
    followers = post_engine.post_frame(data)["followers_at_post"]
    assert followers.iloc[0] == 500 and followers.iloc[1] == 70  # one Facebook page; Instagram by account
    assert pd.isna(followers.iloc[2])  # unknown time: unknown audience, no failure


def test_post_days_are_client_days():
    # 23:30 UTC on 30 September is 08:30 on 1 October in Seoul
    data = ClientData.from_frames(TZ, posts=posts_frame([
        {"published": pd.Timestamp("2026-09-30 23:30", tz="UTC"), "reach": 50},
        {"published": pd.Timestamp("2026-10-01 20:00", tz="UTC"), "reach": 70}]))
    h = history.history(data, "reach")
    assert h.value(D(2026, 10, 1), D(2026, 10, 1)) == 50
    assert h.value(D(2026, 10, 2), D(2026, 10, 2)) == 70


# --- followers --------------------------------------------------------------------------------------------


def test_followers_sum_accounts_carrying_each_forward():
    weekly = daily_frame("2026-10-01", "2026-10-08", account="second", followers=200)
    weekly = weekly[weekly["date"].isin(pd.to_datetime(["2026-10-01", "2026-10-08"]))]
    weekly.loc[weekly.index[-1], "followers"] = 260
    data = ClientData.from_frames(TZ, account_daily=pd.concat([
        daily_frame("2026-10-01", "2026-10-08", followers=lambda i: 1000 + i), weekly]))
    h = history.history(data, "followers", "facebook")
    assert h.level_at(D(2026, 10, 1)) == 1200
    assert h.level_at(D(2026, 10, 5)) == 1204  # the weekly account's 200 carried forward
    assert h.value(D(2026, 10, 1), D(2026, 10, 8)) == 1267  # level at the window's end
    assert history.history(data, "followers", "instagram").value(D(2026, 10, 1), D(2026, 10, 8)) is None


def test_net_new_falls_back_to_the_change_in_followers():
    with_net = daily_frame("2026-10-01", "2026-10-04", followers=lambda i: 100 + 5 * i, net_new=7)
    without = daily_frame("2026-10-01", "2026-10-04", channel="instagram", followers=lambda i: 50 + 2 * i)
    data = ClientData.from_frames(TZ, account_daily=pd.concat([with_net, without]))
    window = (D(2026, 10, 2), D(2026, 10, 4))
    assert history.history(data, "net_new_followers", "facebook").value(*window) == 21  # as exported
    assert history.history(data, "net_new_followers", "instagram").value(*window) == 6  # 56 - 50


def test_follower_growth_rate_starts_from_the_day_before_the_window():
    data = ClientData.from_frames(TZ, account_daily=daily_frame("2026-09-30", "2026-10-31",
                                                                followers=lambda i: 1000 + 10 * i))
    # end of 30 Sept: 1000; end of 31 Oct: 1310
    growth = history.history(data, "follower_growth_rate").value(D(2026, 10, 1), D(2026, 10, 31))
    assert growth == pytest.approx(310 / 1000)


# --- web, mentions, spend ---------------------------------------------------------------------------------


def web_rows() -> pd.DataFrame:
    return pd.DataFrame([
        {"date": "2026-10-01", "source": "l.instagram.com", "medium": "referral", "channel": "instagram",
         "sessions": 100, "conversions": 4, "revenue": 400.0},
        {"date": "2026-10-01", "source": "facebook", "medium": "paid", "channel": "facebook",
         "sessions": 50, "conversions": 1, "revenue": 0.0},
        {"date": "2026-10-01", "source": "google", "medium": "organic", "channel": "",
         "sessions": 900, "conversions": 30, "revenue": 3000.0},
        {"date": "2026-09-01", "source": "l.instagram.com", "medium": "referral", "channel": "instagram",
         "sessions": 80, "conversions": 2, "revenue": 100.0},
    ])


def test_web_metrics_count_social_sources_only():
    data = ClientData.from_frames(TZ, web_traffic=web_rows())
    october = (D(2026, 10, 1), D(2026, 10, 1))
    assert history.history(data, "sessions").value(*october) == 150
    assert history.history(data, "conversion_rate").value(*october) == pytest.approx(5 / 150)
    assert history.history(data, "revenue", "instagram").value(*october) == 400
    assert history.history(data, "sessions").value(D(2026, 9, 2), D(2026, 9, 30)) == 0  # covered, nothing social


def test_revenue_is_not_tracked_when_no_social_source_ever_earned_any():
    leads_only = web_rows().assign(revenue=0.0)
    data = ClientData.from_frames(TZ, web_traffic=leads_only, spend=pd.DataFrame(
        {"date": ["2026-10-01"], "channel": ["facebook"], "campaign": ["ads"], "spend": [100.0]}))
    day = (D(2026, 10, 1), D(2026, 10, 1))
    assert history.history(data, "revenue").value(*day) is None
    assert history.history(data, "return_on_spend").value(*day) is None  # not -100 %
    assert history.history(data, "cost_per_result").value(*day) == pytest.approx(100 / 5)


def test_web_sources_by_source_with_the_previous_period():
    data = ClientData.from_frames(TZ, web_traffic=web_rows())
    sources = compute.web_sources(data, periods.resolve("2026-10"))
    assert sources["source"].tolist() == ["l.instagram.com", "facebook"]
    first = sources.iloc[0]
    assert (first["sessions"], first["previous_sessions"]) == (100, 80)
    assert first["change"] == pytest.approx(0.25) and first["conversion_rate"] == pytest.approx(0.04)


def test_mentions_and_share_of_voice():
    mentions = pd.DataFrame({"mention_id": ["1", "2", "3", "4", "5"],
                             "time": pd.to_datetime(["2026-10-01 10:00"] * 5).tz_localize(TZ),
                             "brand": ["Cafe", "Cafe", "Rival", "Rival", "Unrelated"], "channel": "x"})
    data = ClientData.from_frames(TZ, mentions=mentions)
    day = (D(2026, 10, 1), D(2026, 10, 1))
    assert history.history(data, "mentions", brands=["Cafe", "Rival"]).value(*day) == 2
    assert history.history(data, "share_of_voice", brands=["Cafe", "Rival"]).value(*day) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="needs the client's brands"):
        history.history(data, "mentions")


def test_spend_adds_boosts_only_where_there_is_no_ad_export_and_cost_per_result():
    data = ClientData.from_frames(
        TZ,
        spend=pd.DataFrame({"date": ["2026-10-01"], "channel": ["facebook"], "campaign": ["ads"], "spend": [300.0]}),
        posts=posts_frame([{"day": "2026-10-01", "channel": "facebook", "spend": 50.0},  # in the ad export already
                           {"day": "2026-10-01", "channel": "instagram", "spend": 100.0}]),
        web_traffic=web_rows())
    day = (D(2026, 10, 1), D(2026, 10, 1))
    assert history.history(data, "spend").value(*day) == 400
    assert history.history(data, "cost_per_result").value(*day) == pytest.approx(400 / 5)
    assert history.history(data, "return_on_spend").value(*day) == pytest.approx((400 - 400) / 400)
    assert history.history(data, "return_on_spend", "instagram").value(*day) == pytest.approx((400 - 100) / 100)


# --- coverage and comparisons -----------------------------------------------------------------------------


def test_windows_outside_the_data_have_no_value_and_posts_run_to_the_account_export_end():
    data = ClientData.from_frames(
        TZ, posts=posts_frame([{"day": "2026-10-01", "reach": 10}, {"day": "2026-10-20", "reach": 30}]),
        account_daily=daily_frame("2026-10-01", "2026-10-31", followers=100))
    h = history.history(data, "reach")
    assert h.value(D(2026, 10, 1), D(2026, 10, 31)) == 40  # a quiet end of month is not missing data
    assert h.value(D(2026, 9, 1), D(2026, 9, 30)) is None
    assert h.value(D(2026, 10, 15), D(2026, 11, 15)) is None


def test_compare_with_previous_and_year_ago():
    days = pd.date_range("2025-10-01", "2026-10-31")
    data = ClientData.from_frames(TZ, posts=posts_frame(
        [{"day": d, "reach": 20 if d.month == 10 and d.year == 2026 else 10, "impressions": 100,
          "link_clicks": 3 if d.year == 2026 and d.month == 10 else 2} for d in days]))
    october = periods.resolve("2026-10")
    reach = history.compare(history.history(data, "reach"), october)
    assert (reach["value"], reach["previous"], reach["year_ago"]) == (620, 300, 310)
    assert reach["change_previous"] == pytest.approx(320 / 300) and reach["change_year_ago"] == pytest.approx(1)
    ctr = history.compare(history.history(data, "ctr"), october)
    assert ctr["delta_previous"] == pytest.approx(0.01) and ctr["delta_year_ago"] == pytest.approx(0.01)


def test_scorecard_leaves_out_what_the_data_cannot_measure():
    data = ClientData.from_frames(TZ, posts=posts_frame([{"day": "2026-10-01", "reach": 10}]),
                                  account_daily=daily_frame("2026-10-01", "2026-10-31", followers=5))
    card = compute.scorecard(data, ["reach", "sessions", "mentions"], periods.resolve("2026-10"),
                         ["facebook", "instagram"], brands=["Cafe"])
    assert card[["kpi", "channel"]].values.tolist() == [["reach", "all"], ["reach", "facebook"]]
    assert card["value"].tolist() == [10, 10] and card["previous"].isna().all()


def test_changes_are_points_for_rates_and_percent_for_the_rest():
    t = Translator("en", "USD")
    assert wording.fmt_change(t, "engagement_rate_reach", 0.004, 0.1) == "+0.4 pts"
    assert wording.fmt_change(t, "reach", 120, 0.123) == "+12.3%"
    assert wording.fmt_change(t, "amplification", -0.00002, -0.01) == "0.00 pts"  # no "-0.0"
    assert wording.fmt_change(t, "amplification", -0.0003, -0.2) == "-0.03 pts"
    assert wording.fmt(t, "cost_per_result", 80) == "$80.00"
    assert wording.fmt(t, "virality", 0.0012) == "0.12%"
    assert wording.fmt(t, "avg_reach_per_post", 4.5) == "4.5"


# --- content ----------------------------------------------------------------------------------------------


def test_scores_compare_posts_with_the_median_post_of_their_own_channel():
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame([
        {"day": "2026-10-01", "channel": "facebook", "reach": 100},
        {"day": "2026-10-02", "channel": "facebook", "reach": 300},
        {"day": "2026-10-03", "channel": "instagram", "reach": 1000},
        {"day": "2026-10-04", "channel": "instagram", "reach": 3000}])))
    scored = post_engine.with_scores(posts, "reach", posts)
    assert scored["score"].tolist() == pytest.approx([0.5, 1.5, 0.5, 1.5])
    best = compute.top_posts(scored, n=2)
    assert best["reach"].tolist() == [300, 3000]  # equal scores: the earlier post first
    assert compute.top_posts(scored, n=1, best=False)["reach"].tolist() == [100]


def test_posting_times_rank_only_cells_with_enough_posts_in_the_clients_zone():
    rows = []
    for week in range(4):  # Sundays 10:xx Seoul (01:xx UTC): strong; Mondays 19:xx: typical
        sunday = pd.Timestamp("2026-10-04 01:15", tz="UTC") + pd.Timedelta(weeks=week)
        rows.append({"published": sunday, "reach": 100, "likes": 20})
        rows.append({"published": sunday + pd.Timedelta(hours=33), "reach": 100, "likes": 10})
    rows.append({"published": pd.Timestamp("2026-10-07 03:00", tz="UTC"), "reach": 100, "likes": 90})  # 12:00 Seoul
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame(rows)))
    grid = compute.posting_times(post_engine.with_scores(posts, "engagement_rate", posts), min_posts=3)
    # the channel's median post: engagement rate 0.2 (four 0.2, four 0.1, one 0.9)
    sunday = grid[(grid["weekday"] == 6) & (grid["hour"] == 10)].iloc[0]
    assert (sunday["posts"], sunday["score"], sunday["rank"]) == (4, 1.0, 1)
    monday = grid[(grid["weekday"] == 0) & (grid["hour"] == 19)].iloc[0]
    assert (monday["posts"], monday["score"], monday["rank"]) == (4, 0.5, 2)
    lucky = grid[(grid["weekday"] == 2) & (grid["hour"] == 12)].iloc[0]
    assert lucky["posts"] == 1 and pd.isna(lucky["rank"])  # highest score, too few posts to rank
    assert compute.best_slots(grid)[["weekday", "hour"]].values.tolist() == [[6, 10], [0, 19]]


def test_channels_without_a_time_of_day_are_left_out_of_posting_times():
    rows = [{"published": pd.Timestamp(f"2026-10-0{d}", tz=TZ), "channel": "x", "impressions": 100, "likes": 5}
            for d in range(1, 8)]  # X: the export gives the day only
    rows += [{"published": pd.Timestamp(f"2026-10-0{d} 09:30", tz=TZ), "reach": 100, "likes": 5}
             for d in range(1, 8)]
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame(rows)))
    assert posts.groupby("channel")["timed"].all().to_dict() == {"facebook": True, "x": False}
    grid = compute.posting_times(post_engine.with_scores(posts, "engagement_rate", posts), min_posts=1)
    assert set(grid["hour"]) == {9} and grid["posts"].sum() == 7


def test_content_types_from_totals():
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame([
        {"day": "2026-10-01", "content_type": "reel", "reach": 100, "likes": 10, "link_clicks": 1},
        {"day": "2026-10-02", "content_type": "reel", "reach": 300, "likes": 10, "link_clicks": 3},
        {"day": "2026-10-03", "content_type": "photo", "reach": 150, "likes": 2, "link_clicks": 0}])))
    types = compute.content_types(posts, posts, "reach").set_index("content_type")
    assert types.loc["reel", "posts"] == 2 and types.loc["reel", "reach_per_post"] == 200
    assert types.loc["reel", "engagement_rate"] == pytest.approx(20 / 400)
    assert types.loc["reel", "score"] == pytest.approx((100 / 150 + 300 / 150) / 2)  # median post: 150
    assert types.loc["photo", "score"] == pytest.approx(1.0)
    assert types.index.tolist() == ["reel", "photo"]


def test_campaign_hashtags_tag_posts_when_the_export_has_no_campaign():
    data = ClientData.from_frames(
        TZ, posts=posts_frame([{"day": "2026-10-01", "text": "New! #SummerColdBrew ☕"},
                               {"day": "2026-10-02", "text": "#summercoldbrewing is not it"},
                               {"day": "2026-10-03", "text": "plain", "campaign": "Autumn"}]),
        spend=pd.DataFrame({"date": ["2026-10-01"], "channel": ["facebook"], "campaign": ["Summer Cold Brew"],
                            "spend": [1.0]}))
    assert post_engine.post_frame(data)["campaign"].tolist()[::2] == ["Summer Cold Brew", "Autumn"]
    assert pd.isna(post_engine.post_frame(data)["campaign"].iloc[1])


def campaign_posts(reach_by_age: dict[int, list[int]], campaign: str = "Launch", start: str = "2026-10-01"):
    rows = [{"day": pd.Timestamp(start) + pd.Timedelta(days=age), "reach": r, "campaign": campaign}
            for age, reaches in reach_by_age.items() for r in reaches]
    return rows


@pytest.mark.parametrize(("later", "verdict"), [(40, "dies"), (100, "holds"), (150, "grows")])
def test_campaign_life_cycle_rule(later, verdict):
    rows = campaign_posts({0: [100], 3: [100], 8: [later], 12: [later]})
    rows += [{"day": "2026-09-01", "reach": 100}]  # the typical post: median reach 100
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame(rows)))
    cycles = post_engine.campaign_life_cycles(post_engine.campaign_runs(post_engine.with_scores(posts, "reach", posts)))
    assert cycles["verdict"].tolist() == [verdict]
    assert cycles["ratio"].iloc[0] == pytest.approx(later / 100)


def test_a_recurring_campaign_is_judged_run_by_run():
    rows = campaign_posts({0: [100], 2: [100], 9: [100]}, start="2025-10-01")
    rows += campaign_posts({0: [100], 1: [100], 8: [100], 10: [100]}, start="2026-10-01")
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame(rows)))
    cycles = post_engine.campaign_life_cycles(post_engine.campaign_runs(post_engine.with_scores(posts, "reach", posts)))
    assert cycles["launch"].dt.date.tolist() == [D(2026, 10, 1), D(2025, 10, 1)]  # latest first
    assert cycles["posts"].tolist() == [4, 3]
    assert cycles["verdict"].tolist() == ["holds", "too_short"]  # one later post in 2025


def test_paid_versus_organic():
    posts = post_engine.post_frame(ClientData.from_frames(TZ, posts=posts_frame([
        {"day": "2026-10-01", "paid": True, "reach": 1000, "likes": 10, "link_clicks": 20, "spend": 50.0},
        {"day": "2026-10-02", "paid": False, "reach": 200, "likes": 10, "link_clicks": 2},
        {"day": "2026-10-03", "reach": 999}])))  # unknown flag: left out
    table = compute.paid_vs_organic(posts)
    total = table[table["channel"] == "all"].set_index("paid")
    assert total.loc[True, "cost_per_1000_reach"] == pytest.approx(50)
    assert total.loc[True, "cost_per_click"] == pytest.approx(2.5)
    assert total.loc[False, "engagement_rate"] == pytest.approx(0.05) and total["posts"].sum() == 2


def test_daily_benchmarks_are_percentiles_of_covered_days():
    data = ClientData.from_frames(TZ, account_daily=daily_frame("2026-10-01", "2026-10-04", followers=10,
                                                               net_new=pd.Series([1, 2, 3, 10])))
    b = compute.daily_benchmarks(data, D(2026, 10, 4), brands=[], days=90).set_index("measure")
    assert b.index.tolist() == ["net_new_followers"]  # no posts, no mentions, no brands
    assert (b.loc["net_new_followers", "median"], b.loc["net_new_followers", "p75"],
            b.loc["net_new_followers", "best"], b.loc["net_new_followers", "days"]) == (2.5, 4.75, 10, 4)


# --- the whole review and its sentences --------------------------------------------------------------------


def small_context(goal_metric: str = "followers") -> SimpleNamespace:
    """A context with one Facebook page: followers +10 a day; weekend-morning posts do twice as well."""
    days = pd.date_range("2025-09-01", "2026-10-31")
    rows = []
    for i, day in enumerate(days):
        morning = day.day_of_week >= 5
        rows.append({"published": (day + pd.Timedelta(hours=10 if morning else 15)).tz_localize(TZ),
                     "reach": 100, "likes": 20 if morning else 10, "link_clicks": 2, "paid": i % 2 == 0,
                     "content_type": "photo", "text": "<script>alert(1)</script> =HYPERLINK(\"x\") " * 3})
    params = ClientParams.model_validate({
        "client_id": "small", "display_name": "Small Cafe", "timezone": TZ, "channels": ["facebook"], "demo": True,
        "goals": [{"id": "fans", "objective": "audience_growth", "metric": goal_metric, "channel": "facebook",
                   "target": {"change_pct": 50}, "start": "2026-09-01", "deadline": "2026-11-30"}]})
    data = ClientData.from_frames(TZ, posts=posts_frame(rows), account_daily=daily_frame(
        "2025-09-01", "2026-10-31", followers=lambda i: 1000 + 10 * i, net_new=10))
    return SimpleNamespace(data=data, params=params, period=periods.resolve("2026-10"), t=Translator("en", "KRW"))


def test_build_and_executive_summary_in_words():
    ctx = small_context()
    r = compute.build(ctx)
    assert [s.goal.id for s in r.goals] == ["fans"] and r.goals[0].status == "off_track"
    assert r.action.key == "time" and (r.action.values["weekday"], r.action.values["hour"]) in [(5, 10), (6, 10)]
    sentences = wording.executive_summary(r, ctx.t)
    assert 3 <= len(sentences) <= 6
    # followers 1000 + 10 a day from 1 Sep 2025: 1 Sep 2026 is day 365, 31 Oct 2026 day 425
    # baseline 4,650 (day 365), now 5,250 (day 425): 600 of the 2,325 to go; +300 more by 30 November
    assert sentences[0] == ("Followers (Facebook): 5,250 now, 26% of the way to 6,975; forecast for Nov 30, 2026: "
                            "5,550 (5,550 – 5,550), Off track.")
    assert sentences[1].startswith("Biggest change: ")
    assert sentences[-1].startswith("Next: schedule more posts for S")
    payload = summary.payload(r, ctx.t)
    assert payload["goals"][0]["baseline"] == 4650 and payload["goals"][0]["forecast"]["central"] == 5550
    assert payload["next_action"]["kind"] == "time"


def test_views_escape_hostile_text_and_say_when_data_is_missing():
    ctx = small_context()
    r = compute.build(ctx)
    html = views.posts_table(r, ctx.t).markup
    assert "<script>" not in html and "&lt;script&gt;" in html and "…" in html
    assert "rp-empty" in views.campaigns_table(r, ctx.t).markup
    assert "rp-empty" in views.web_table(r, ctx.t).markup
    assert "rp-off_track" in views.goals_overview(r, ctx.t).markup


@pytest.mark.parametrize("lang", ["en", "ko", "el"])
def test_every_view_renders_in_every_language(lang):
    ctx = small_context()
    ctx.t = Translator(lang, "EUR")
    r = compute.build(ctx)
    parts = [views.headline_tiles, views.goals_overview, views.goal_cards, views.posts_table, views.content_types_table,
             views.best_times_list, views.campaigns_table, views.paid_table, views.spend_table, views.web_table,
             views.benchmarks_table]
    for view in parts:
        assert view(r, ctx.t).markup
    for objective in compute.SCORECARDS:
        assert views.scorecard_view(r, ctx.t, objective).markup
    assert wording.executive_summary(r, ctx.t)


def test_two_columns_may_not_share_a_label():
    with pytest.raises(ValueError, match="two columns are labelled 'Στόχος'"):
        display.labelled(("Στόχος", [1]), ("Τώρα", [2]), ("Στόχος", [3]))


def test_an_empty_client_still_builds():
    ctx = small_context()
    ctx.data = ClientData.from_frames(TZ)
    r = compute.build(ctx)
    assert r.goals[0].status == "no_data" and r.action is None
    sentences = wording.executive_summary(r, ctx.t)
    assert sentences == ["There is no dated data for this client yet: drop the platforms' exports into the client's "
                         "data folder.",
                         "Followers (Facebook): cannot be tracked: no baseline: the data does not reach back before "
                         "the goal's start (set one in the client's parameters)."]
    for view in (views.headline_tiles, views.posts_table, views.content_types_table, views.best_times_list,
                 views.campaigns_table, views.paid_table, views.spend_table, views.web_table, views.benchmarks_table):
        assert "rp-empty" in view(r, ctx.t).markup


def test_a_source_that_stops_early_is_compared_on_the_same_days():
    """Followers stop on 20 Oct: October is compared with 1-20 Sep and 1-20 Oct a year ago, and said so."""
    ctx = small_context()
    days = pd.date_range("2025-09-01", "2026-10-20")
    ctx.data = ClientData.from_frames(TZ, account_daily=pd.DataFrame(
        {"date": days, "channel": "facebook", "account": "page", "followers": 1000 + 10 * np.arange(len(days))}))
    r = compute.build(ctx)
    row = r.scores[(r.scores["kpi"] == "followers") & (r.scores["channel"] == "all")].iloc[0]
    assert (row["window_start"], row["window_end"]) == (D(2026, 10, 1), D(2026, 10, 20))
    assert row["value"] == 1000 + 10 * (len(days) - 1)  # the level on 20 Oct, not "no value"
    assert row["previous"] == 1000 + 10 * (len(days) - 1 - 30)  # 20 Sep
    assert r.goals[0].as_of == D(2026, 10, 20)  # the goal is read on the last covered day
    header = views.header(r, ctx.t).markup
    assert "the last 11 days of the period are missing" in header and "compared with the same days" in header


def test_a_period_after_the_data_says_where_the_data_ends():
    ctx = small_context()
    days = pd.date_range("2026-06-01", "2026-08-31")
    ctx.data = ClientData.from_frames(TZ, account_daily=pd.DataFrame(
        {"date": days, "channel": "facebook", "account": "page", "followers": 500}))
    sentences = wording.executive_summary(compute.build(ctx), ctx.t)
    assert sentences[0] == ("There is no data for Oct 2026 yet: the latest data the report has ends on Aug 31, 2026. "
                            "The figures below cannot describe this period.")


def test_youtube_daily_views_are_a_kpi_and_lifetime_views_are_never_summed():
    days = pd.date_range("2026-09-01", "2026-10-31")
    data = ClientData.from_frames(TZ, account_daily=pd.DataFrame(
        {"date": days, "channel": "youtube", "account": "chan", "video_views": 40}),
        posts=posts_frame([{"day": "2026-10-03", "channel": "youtube", "video_views": 99999}]))
    h = history.history(data, "video_views", "youtube")
    assert h.value(D(2026, 10, 1), D(2026, 10, 31)) == 40 * 31


def test_users_stand_in_for_sessions_only_where_an_export_has_no_sessions():
    days = pd.date_range("2026-09-01", "2026-10-31")
    web = pd.DataFrame({"date": days, "source": "facebook.com", "medium": "referral", "channel": "facebook",
                        "users": 5})
    totals = pd.DataFrame({"date": pd.date_range("2026-01-01", "2026-10-31"), "source": "(all sources)",
                           "medium": "", "users": 100})
    data = ClientData.from_frames(TZ, web_traffic=pd.concat([web, totals]))
    assert history.history(data, "users", "all").value(D(2026, 10, 1), D(2026, 10, 31)) == 5 * 31
    assert history.history(data, "users", "all").first == D(2026, 9, 1)  # a site total is not a social source
    assert history.history(data, "sessions", "all").empty
    rows = compute.scorecard(data, ["sessions", "users"], periods.resolve("2026-10"), ["facebook"])
    assert set(rows["kpi"]) == {"users"}


def test_posts_with_an_unreliable_time_are_left_out_of_the_best_times_and_counted():
    ctx = small_context()
    posts = ctx.data.posts.copy()
    posts["time_reliable"] = pd.array([i % 2 == 0 for i in range(len(posts))], dtype="boolean")
    ctx.data = ClientData.from_frames(TZ, posts=posts, account_daily=ctx.data.account_daily)
    r = compute.build(ctx)
    recent = post_engine.between(post_engine.post_frame(ctx.data), *compute.lookback(ctx.period, 6))
    assert r.untimed == int((~recent["timed"]).sum()) > 80
    assert r.times["posts"].sum() == int(recent["timed"].sum())
    assert "posts are left out: their export gives no reliable time of day" in views.posting_times(r, ctx.t).markup
