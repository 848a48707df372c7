"""Listening, web analytics, plain templates and surveys on project-made fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

from ingest_support import FIXTURES, client, frame, read
from reporting.ingest.channels import channel_of_source

TS = pd.Timestamp


# --- listening ---------------------------------------------------------------------------------------------


def test_brandwatch_preamble_rows_thousands_and_export_sentiment():
    r = read(FIXTURES / "listening" / "Brandwatch_mentions_2024-03.csv", tz="Asia/Seoul")
    assert r.format == "Brandwatch Consumer Research mention export"
    m = frame(r, "mentions", "Asia/Seoul").set_index("mention_id")
    first = m.loc["1111"]
    assert first.time == TS("2024-03-10 01:30", tz="Asia/Seoul")
    assert (first.channel, first.source, first.author, first.language) == ("x", "twitter.com", "user_a", "ko")
    assert (first.reach, first.engagement, first.author_followers) == (12000, 15, 1500)
    assert (first.sentiment, first.sentiment_origin, first.brand, first.hashtags) == (
        "positive", "export", "모퉁이 커피", "라떼")
    news = m.loc["2222"]
    assert (news.channel, news.language, news.text) == ("news", "en", "A new cafe <script>alert(1)</script>")
    greek = m.loc["3333"]
    assert pd.isna(greek.reach)  # '-' is missing, not zero
    assert (greek.channel, greek.brand, greek.sentiment) == ("instagram", "연남 로스터스", "negative")


def test_meltwater_leading_index_column_date_and_time_columns():
    r = read(FIXTURES / "listening" / "meltwater.csv", tz="America/New_York")
    m = frame(r, "mentions", "America/New_York")
    tweet, news = m.iloc[0], m.iloc[1]
    assert tweet.mention_id == "99" and tweet.time == TS("2024-03-10 06:30", tz="America/New_York")
    assert (tweet.channel, tweet.author, tweet.author_followers, tweet.hashtags) == ("x", "ledger_fan", 1500, "fintech")
    assert (tweet.sentiment, tweet.brand, tweet.reach, tweet.engagement) == ("positive", "Ledgerly", 2000, 12)
    assert news.time == TS("2024-03-11 21:15", tz="America/New_York")  # date-only Date + Time column
    assert (news.channel, news.source, news.text) == ("web", "Example News", "Paywise launched today")
    assert len(news.mention_id) == 16  # content hash of the URL and text


def test_other_listening_tool_through_listening_columns(tmp_path):
    mapping = {"time": "published", "text": "content", "author": "author_name", "url": "url",
               "sentiment": "sentiment_label", "reach": "reach_est", "language": "lang"}
    r = read(FIXTURES / "listening" / "talkwalker_export.csv", tz="Asia/Seoul",
             params=client(tmp_path, listening_columns=mapping))
    m = frame(r, "mentions", "Asia/Seoul")
    assert m["time"].tolist() == [TS("2024-03-10 01:30", tz="Asia/Seoul"), TS("2024-03-10 21:00", tz="Asia/Seoul")]
    assert m["sentiment"].tolist() == ["positive", "negative"]
    assert m["reach"].tolist()[0] == 100 and pd.isna(m["reach"].iloc[1])
    assert r.mapping["content"] == "text"


def test_listening_mapping_naming_a_missing_column_is_an_error(tmp_path):
    mapping = {"time": "published", "text": "content", "author": "writer"}
    r = read(FIXTURES / "listening" / "talkwalker_export.csv",
             params=client(tmp_path, listening_columns=mapping))
    assert "listening_columns maps 'author' to column 'writer'" in r.error
    assert "talkwalker_export.csv" in r.error


# --- web analytics -------------------------------------------------------------------------------------------


def test_ga4_source_medium_by_date_maps_social_channels_and_skips_total():
    r = read(FIXTURES / "ga" / "data-export.csv")
    web = frame(r, "web_traffic").set_index(["date", "source", "medium"])
    assert web.loc[(TS("2024-03-01"), "l.facebook.com", "referral"), "channel"] == "facebook"
    assert web.loc[(TS("2024-03-02"), "linkedin", "paid_social"), "channel"] == "linkedin"
    assert web.loc[(TS("2024-03-02"), "t.co", "referral"), "channel"] == "x"
    assert pd.isna(web.loc[(TS("2024-03-02"), "facebook", "email"), "channel"])  # utm name, not a social medium
    assert pd.isna(web.loc[(TS("2024-03-01"), "google", "organic"), "channel"])
    assert web["sessions"].sum() == 72 and web["revenue"].sum() == 125.5  # the skipped totals row says 72 / 125.5
    assert r.rejected == 0


def test_universal_analytics_without_date_is_spread_over_the_range():
    r = read(FIXTURES / "ga" / "Analytics All Web Site Data Source Medium 20240301-20240303.csv")
    web = frame(r, "web_traffic")
    insta = web[web.source == "instagram.com"].sort_values("date")
    assert insta["sessions"].tolist() == [4, 3, 3]  # 10 over three days, remainder first
    assert insta["revenue"].sum() == pytest.approx(30.0)
    assert set(web[web.source == "pinterest.co.uk"]["channel"]) == {"pinterest"}
    assert r.rejected == 0


@pytest.mark.parametrize(("source", "medium", "channel"), [
    ("m.facebook.com", "referral", "facebook"), ("lm.facebook.com", "referral", "facebook"),
    ("l.instagram.com", "referral", "instagram"), ("instagram.com", "referral", "instagram"),
    ("x.com", "referral", "x"), ("twitter.com", "referral", "x"), ("lnkd.in", "referral", "linkedin"),
    ("www.youtube.com", "referral", "youtube"), ("tiktok.com", "referral", "tiktok"),
    ("pinterest.de", "referral", "pinterest"), ("facebook", "social", "facebook"), ("facebook", "cpc", "facebook"),
    ("linkedin", "paid_social", "linkedin"), ("google", "cpc", None), ("newsletter", "email", None),
    ("notfacebook.com", "referral", None),
])
def test_traffic_source_to_channel(source, medium, channel):
    assert channel_of_source(source, medium) == channel


# --- templates and surveys -------------------------------------------------------------------------------------


def test_plain_posts_template_for_pinterest():
    r = read(FIXTURES / "templates" / "pinterest_posts.csv", tz="Europe/Athens")
    assert r.format == "Plain CSV template: posts"
    posts = frame(r, "posts", "Europe/Athens").set_index("post_id")
    assert posts.loc["pin-1", "published"] == TS("2024-03-10 08:00", tz="Europe/Athens")  # no offset: client zone
    assert posts.loc["pin-2", "published"] == TS("2024-03-10 08:00", tz="Europe/Athens")  # 06:00+00:00
    assert posts.loc["pin-1", "impressions"] == 1000 and posts.loc["pin-2", "channel"] == "pinterest"
    assert pd.isna(posts.loc["pin-2", "saves"])


def test_respondents_template_normalises_answers():
    r = read(FIXTURES / "templates" / "respondents.csv")
    resp = frame(r, "respondents").set_index("respondent_id")
    assert resp.loc["r1"].tolist()[:3] == [34.0, "female", "Athens"]
    assert resp.loc["r1", "interests"] == "design;interiors"
    assert resp.loc["r1", "channels"] == "instagram;pinterest"
    assert resp.loc["r2", "channels"] == "facebook;x"
    assert resp.loc["r2", "age"] == 29.5 and resp.loc["r2", "hours_per_day"] == 1.5
    assert resp.loc["r2", "active_hours"] == "morning;night"
    assert resp["purchased"].tolist() == [True, False]


SURVEY_KO = {"respondent_id": "응답 ID", "age": "나이", "gender": "성별", "location": "사는 동네",
             "channels": "사용하는 SNS", "active_hours": "주로 접속하는 시간", "purchased": "최근 3개월 방문"}


def test_korean_survey_through_survey_columns(tmp_path):
    r = read(FIXTURES / "survey" / "설문 응답.csv", params=client(tmp_path, survey_columns=SURVEY_KO))
    resp = frame(r, "respondents").set_index("respondent_id")
    assert resp.loc["k1", "channels"] == "instagram;facebook"
    assert resp.loc["k1", "active_hours"] == "evening;night"
    assert resp["gender"].tolist() == ["female", "male"]
    assert resp["purchased"].tolist() == [True, False]  # 예 / 아니오
    assert "기타 의견" not in r.mapping


def test_survey_mapping_naming_a_missing_column_is_an_error(tmp_path):
    params = client(tmp_path, survey_columns=SURVEY_KO | {"income_band": "소득"})
    r = read(FIXTURES / "survey" / "설문 응답.csv", params=params)
    assert "survey_columns maps 'income_band' to column '소득'" in r.error


def test_greek_and_english_yes_no(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Respondent ID,Age,Gender,City,Channels,Purchased\n1,40,Γυναίκα,Αθήνα,Facebook,Ναι\n"
                    "2,50,Άνδρας,Πειραιάς,Instagram,Όχι\n3,22,other,Athens,TikTok,true\n", encoding="utf-8")
    resp = frame(read(path), "respondents")
    assert resp["purchased"].tolist() == [True, False, True]
    assert resp["gender"].tolist() == ["female", "male", "other"]
    assert resp["channels"].tolist() == ["facebook", "instagram", "tiktok"]
