"""Owned-channel formats on project-made fixtures (invented values, expected values worked out by hand)."""

from __future__ import annotations

import codecs
import datetime as dt

import openpyxl
import pandas as pd

from ingest_support import FIXTURES, client, frame, read

TS = pd.Timestamp


def by_id(df: pd.DataFrame, key: str = "post_id") -> pd.DataFrame:
    return df.set_index(key)


# --- X ------------------------------------------------------------------------------------------------


def test_legacy_tweet_activity_adds_promoted_metrics_and_reads_utc():
    r = read(FIXTURES / "x" / "tweet_activity_metrics_demo_20240301_20240401_en.csv", tz="America/New_York")
    assert r.format == "X/Twitter analytics per-tweet export (legacy tweet_activity_metrics)"
    posts = by_id(frame(r, "posts", "America/New_York"))
    organic = posts.loc["1765432109876543210"]
    # 06:30 UTC on 10 March 2024 is 01:30 EST (DST starts at 02:00 that day)
    assert organic.published == TS("2024-03-10 01:30", tz="America/New_York")
    assert (organic.impressions, organic.likes, organic.comments, organic.shares, organic.link_clicks) == (
        1938, 12, 2, 5, 7)
    assert not organic.paid
    assert organic.text == 'Launch day &amp; more:\nsee https://t.co/x "quoted"'
    assert organic.account == "democo"
    boosted = posts.loc["1765000000000000001"]
    assert (boosted.impressions, boosted.likes, boosted.shares, boosted.link_clicks) == (1500, 18, 3, 7)
    assert boosted.paid


def test_x_premium_2026_and_2025_variants_read_the_same_columns():
    r26 = read(FIXTURES / "x" / "account_analytics_content_2026-08-01_2026-08-02.csv", tz="Asia/Seoul")
    posts = by_id(frame(r26, "posts", "Asia/Seoul"))
    big = posts.loc["2083999999999999999"]
    assert big.published == TS("2026-08-02 00:00", tz="Asia/Seoul")  # date only: midnight, client zone
    assert (big.impressions, big.likes, big.comments, big.shares, big.saves, big.link_clicks) == (
        1234, 40, 5, 8, 3, 8)  # "1,234"; shares = 6 reposts + 2 shares
    assert big.account == "DemoCo"
    r25 = read(FIXTURES / "x" / "account_analytics_content_2025-02-16_2025-02-17.csv", tz="UTC")
    old = frame(r25, "posts").iloc[0]
    assert old.published == TS("2025-02-17", tz="UTC")
    assert (old.impressions, old.shares, old.link_clicks, old.saves) == (100, 4, 4, 1)


def test_x_account_overview_net_new_is_follows_minus_unfollows():
    r = read(FIXTURES / "x" / "account_overview_analytics.csv")
    daily = frame(r, "account_daily").set_index("date")
    assert daily.loc[TS("2025-02-18"), "net_new"] == 5
    assert daily.loc[TS("2025-02-17"), "net_new"] == -2
    assert daily.loc[TS("2025-02-17"), "profile_visits"] == 5
    assert daily["impressions"].sum() == 2400


# --- Meta -----------------------------------------------------------------------------------------------


def test_meta_facebook_posts_drifted_columns_ragged_rows_and_local_time():
    r = read(FIXTURES / "meta" / "Jan-01-2024_Mar-31-2024_100000000000001.csv", tz="Asia/Seoul")
    assert r.rejected == 0 and r.records == 3
    posts = by_id(frame(r, "posts", "Asia/Seoul"))
    first = posts.loc["100000000000011"]
    assert first.published == TS("2024-03-10 01:30", tz="Asia/Seoul")
    assert (first.impressions, first.reach, first.likes, first.comments, first.shares, first.link_clicks) == (
        1200, 800, 50, 6, 4, 25)  # the first of the two 'Views' columns
    assert first.paid  # 100 reach from boosted posts
    assert first.content_type == "photo"
    assert first.campaign == "Spring latte"  # Meta's 'Custom labels'
    assert first.text == "오늘의 커피 ☕\n\n주말 아침에 만나요 <script>alert(1)</script>"
    reel = posts.loc["100000000000012"]
    assert reel.text == '=HYPERLINK("http://x","y")'
    assert (reel.content_type, reel.video_views, reel.paid) == ("reel", 320, False)
    assert pd.isna(reel.campaign)
    short = posts.loc["100000000000013"]  # ragged row: trailing cells omitted
    assert (short.impressions, short.likes) == (90, 3)
    assert pd.isna(short.link_clicks)


def test_meta_instagram_post_rejects_a_row_meta_could_not_export():
    r = read(FIXTURES / "meta" / "Mar-01-2024_Mar-31-2024_17841400000000001.csv", tz="Asia/Seoul")
    post = frame(r, "posts", "Asia/Seoul").iloc[0]
    assert (post.channel, post.account, post.content_type) == ("instagram", "motungi.coffee", "carousel")
    assert (post.impressions, post.reach, post.likes, post.comments, post.shares, post.saves) == (
        3000, 2100, 150, 9, 12, 30)
    [rej] = r.rejections
    assert rej.row == 3 and rej.column == "Post ID"
    assert "An error occurred while computing metadata" in rej.reason


def test_meta_daily_series_utf16_comma_and_tab_dialects():
    follows = read(FIXTURES / "meta" / "Follows.csv")
    assert follows.encoding == "UTF-16 ','"
    daily = frame(follows, "account_daily")
    assert daily["date"].tolist() == [TS("2024-03-09"), TS("2024-03-10"), TS("2024-03-11")]
    assert daily["net_new"].tolist() == [3, 5, 2]
    assert set(daily["channel"]) == {"facebook"}
    reach = read(FIXTURES / "meta" / "instagram" / "Reach.csv")  # TAB dialect, platform from the folder
    assert reach.encoding == "UTF-16 '\\t'"
    daily = frame(reach, "account_daily")
    assert daily["reach"].tolist() == [1500, 900]
    assert set(daily["channel"]) == {"instagram"}


def test_meta_audience_blocks_become_shares():
    r = read(FIXTURES / "meta" / "Audience.csv")
    demo = frame(r, "demographics")
    ages = demo[demo.dimension == "age_gender"].set_index(["age_band", "gender"])["share"]
    assert ages[("18-24", "female")] == 0.105 and ages[("25-34", "male")] == 0.191
    countries = demo[demo.dimension == "country"].set_index("location")["share"]
    assert countries.to_dict() == {"South Korea": 0.805, "Japan": 0.041}
    cities = demo[demo.dimension == "city"].set_index("location")["share"]
    assert cities["Busan, South Korea"] == 0.055
    assert len(demo) == 8


def test_meta_ads_manager_spreads_each_row_over_its_days_and_sums_ad_sets():
    r = read(FIXTURES / "meta" / "Demo-Ads-Mar-1-2024-Mar-31-2024.csv")
    spend = frame(r, "spend").set_index(["date", "campaign"])
    day1, day2 = spend.loc[(TS("2024-03-01"), "Weekend boost")], spend.loc[(TS("2024-03-02"), "Weekend boost")]
    assert (day1.spend, day2.spend) == (7500.0, 7500.0)  # (10,000 + 5,000) / 2 days
    assert (day1.impressions, day2.impressions) == (601, 600)  # 1001 -> 501+500, 200 -> 100+100
    assert (day1.clicks, day2.clicks) == (4, 3)
    assert (day1.results, day2.results) == (3, 1)
    assert spend.loc[(TS("2024-03-01"), "Brand"), "spend"] == 1500.5
    assert spend["spend"].sum() == 16500.5


def test_legacy_facebook_insights_spreadsheetml_joins_breakdown_sheets():
    r = read(FIXTURES / "meta" / "Facebook Posts legacy.xls", tz="America/Chicago")
    posts = by_id(frame(r, "posts", "America/Chicago"))
    first = posts.loc["97150433029_101"]
    assert first.published == TS("2020-07-02 11:15", tz="America/Chicago")  # 09:15 Pacific
    assert (first.reach, first.impressions, first.likes, first.comments, first.shares, first.link_clicks) == (
        120, 300, 10, 1, 2, 7)
    assert first.text == "Summer reading & you" and not first.paid
    video = posts.loc["97150433029_102"]
    assert video.video_views == 15  # the "(Total Count)" one of the duplicated headers
    assert video.paid and video.content_type == "video"
    assert pd.isna(video.shares)
    # 01:30 on the night Pacific time falls back: the first (daylight) occurrence
    assert video.published == TS("2020-11-01 08:30", tz="UTC")


# --- LinkedIn ---------------------------------------------------------------------------------------------


def _linkedin_updates(path):
    book = openpyxl.Workbook()
    agg = book.active
    agg.title = "Update metrics (aggregated)"
    agg.append(["Aggregated engagement metrics ... All dates and times are in UTC."])
    agg.append(["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
                "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)"])
    agg.append(["03/01/2024", 100, 20, 120, 80, 3, 1, 4])
    agg.append(["03/02/2024", 50, 0, 50, 40, 1, 0, 1])
    per = book.create_sheet("Update engagement")
    per.append(["Engagement metrics for individual updates. All dates and times are in UTC."])
    per.append(["Update title", "Update link", "Update type", "Campaign name", "Posted by", "Created date",
                "Campaign start date", "Campaign end date", "Audience", "Impressions", "Video views", "Clicks",
                "Click through rate (CTR)", "Likes", "Comments", "Shares", "Follows", "Engagement rate"])
    per.append(["Ledger tips", "https://www.linkedin.com/feed/update/urn:li:activity:6682292579746279424",
                "Sponsored", "Q1 push", "Ana", dt.datetime(2024, 3, 1, 14, 0), "", "", "All followers", 900, 0, 30,
                0.033, 12, 2, 1, 0, 0.05])
    followers = book.create_sheet("New followers")
    followers.append(["Date", "Sponsored followers", "Organic followers", "Total followers"])
    followers.append(["03/01/2024", 1, 4, 5])
    location = book.create_sheet("Location")
    location.append(["Location", "Total views"])
    location.append(["Greater Seoul Area", 7])
    seniority = book.create_sheet("Seniority")
    seniority.append(["Seniority", "Total views"])
    seniority.append(["Entry", 3])
    book.save(path)


def test_linkedin_workbook_sheets_each_read_by_header(tmp_path):
    path = tmp_path / "ledgerly_updates.xlsx"
    _linkedin_updates(path)
    r = read(path, tz="America/New_York")
    daily = frame(r, "account_daily").groupby("date").first()  # three sheets fill one day's row
    assert daily.loc[TS("2024-03-01"), "impressions"] == 120
    assert daily.loc[TS("2024-03-01"), "reach"] == 80
    assert daily.loc[TS("2024-03-01"), "net_new"] == 5
    post = frame(r, "posts", "America/New_York").iloc[0]
    assert post.post_id == "6682292579746279424"
    assert post.published == TS("2024-03-01 09:00", tz="America/New_York")  # 14:00 UTC
    assert (post.paid, post.campaign, post.link_clicks, post.likes) == (True, "Q1 push", 30, 12)
    demo = frame(r, "demographics")
    assert demo[["dimension", "location", "count"]].values.tolist() == [["city", "Greater Seoul Area", 7]]
    assert any("Seniority" in n for n in r.notes)


# --- YouTube --------------------------------------------------------------------------------------------------


def test_youtube_table_data_skips_total_strips_ids_and_rejects_undated_videos():
    r = read(FIXTURES / "youtube" / "Table data.csv", tz="UTC")
    posts = by_id(frame(r, "posts"))
    assert list(posts.index) == ["abcDEF12345", "-HHGH-TTqYM"]
    assert posts.loc["-HHGH-TTqYM", "content_type"] == "short"
    assert posts.loc["abcDEF12345", "published"] == TS("2024-03-05", tz="UTC")
    assert posts["video_views"].sum() == 1500  # equals the skipped Total row
    [rej] = r.rejections
    assert rej.row == 5 and "no publish date" in rej.reason


def test_youtube_totals_daily_views_from_an_excel_resave():
    r = read(FIXTURES / "youtube" / "Totals.csv")  # Date,Views with DD-MM-YYYY dates
    assert r.error is None and r.records == 2
    daily = frame(r, "account_daily")
    assert daily["date"].tolist() == [TS("2024-03-05"), TS("2024-03-06")]
    assert daily["video_views"].tolist() == [100, 250] and set(daily["channel"]) == {"youtube"}


# --- TikTok ------------------------------------------------------------------------------------------------------


def test_tiktok_year_less_days_roll_over_the_new_year():
    r = read(FIXTURES / "tiktok" / "FollowerHistory.csv", reference=dt.date(2026, 1, 3))
    daily = frame(r, "account_daily")
    assert daily["date"].tolist() == [TS("2025-12-31"), TS("2026-01-01"), TS("2026-01-02")]
    assert daily["followers"].tolist()[1:] == [1000, 998]
    assert pd.isna(daily["followers"].iloc[0])  # "undefined"
    assert daily["net_new"].tolist() == [0, 5, -2]
    overview = frame(read(FIXTURES / "tiktok" / "Overview.csv", reference=dt.date(2026, 1, 2)), "account_daily")
    assert overview["date"].tolist() == [TS("2025-12-30"), TS("2025-12-31"), TS("2026-01-01")]
    assert overview["profile_visits"].tolist() == [1, 2, 3]


def test_tiktok_content_publish_time_comes_from_the_video_id():
    r = read(FIXTURES / "tiktok" / "Content.csv", tz="Asia/Seoul")
    post = frame(r, "posts", "Asia/Seoul").iloc[0]
    assert post.published == TS("2025-07-16 10:21:48", tz="UTC")  # 7527623000473079054 >> 32
    assert (post.post_id, post.account, post.likes, post.video_views) == (
        "7527623000473079054", "motungi.coffee", 533, 191265)


# --- Sprout ------------------------------------------------------------------------------------------------------


def test_sprout_post_performance_thousands_percent_twelve_hour_time(tmp_path):
    r = read(FIXTURES / "sprout" / "Post Performance (Demo) March 1, 2024 - March 31, 2024.csv", tz="Asia/Seoul")
    post = frame(r, "posts", "Asia/Seoul").iloc[0]
    assert post.published == TS("2024-03-10 01:30", tz="Asia/Seoul")
    assert (post.impressions, post.reach, post.likes, post.video_views, post.paid) == (2500, 1800, 80, 1900, True)
    assert (post.content_type, post.campaign, post.text) == ("reel", "Spring launch", "Morning\nlatte")
    [rej] = r.rejections
    assert rej.column == "Network" and "'Threads' is not one of the report channels" in rej.reason


def test_sprout_competitor_performance_brands_from_params(tmp_path):
    params = client(tmp_path, competitors=[{"name": "연남 로스터스", "handles": {"instagram": "yeonnam.roasters"}}])
    r = read(FIXTURES / "sprout" / "Competitor Performance (Demo) March 1, 2024 - March 2, 2024.csv",
             params=params)
    comp = frame(r, "competitor_accounts")
    assert comp["brand"].tolist() == ["연남 로스터스", "연남 로스터스", "unknownbrand"]
    assert comp["followers"].tolist() == [12000, 12010, 500]
    assert comp["engagements"].sum() == 360


def test_meta_audience_2023_tab_dialect_with_metric_code_rows(tmp_path):
    text = ("sep=\t\t\t\r\nFacebook followers by gender and age\t\t\t\r\nFB_PAGE\tFOLLOW\tUNIQUE_USERS\t\r\n"
            "\tWomen\tMen\t\r\n18-24\t2.5%\t1.5%\t\r\n25-34\t30%\t20.25%\t\r\n")
    path = tmp_path / "Audience.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    demo = frame(read(path), "demographics")
    assert set(demo["channel"]) == {"facebook"} and set(demo["dimension"]) == {"age_gender"}
    assert demo.set_index(["age_band", "gender"])["share"].to_dict() == {
        ("18-24", "female"): 0.025, ("25-34", "female"): 0.3, ("18-24", "male"): 0.015, ("25-34", "male"): 0.2025}


def test_sprout_tiktok_profiles_strip_the_formula_guard(tmp_path):
    path = tmp_path / "TikTok Profiles.csv"
    path.write_text("Date,TikTok Profiles,Published Posts,Net Follower Growth,Followers,Video Views,Impressions,"
                    "Engagements,Engagement Rate (per Impression),Likes,Comments,Shares,Profile Views\r\n"
                    "\"03-01-2024\",\"'@devilsreserve\",\"1\",\"-3\",\"1,200\",\"500\",\"900\",\"40\",\"4.44%\",\"30\","
                    "\"5\",\"5\",\"17\"\r\n", encoding="utf-8")
    row = frame(read(path), "account_daily").iloc[0]
    assert (row.account, row.channel, row.followers, row.net_new, row.impressions, row.profile_visits) == (
        "devilsreserve", "tiktok", 1200, -3, 900, 17)
