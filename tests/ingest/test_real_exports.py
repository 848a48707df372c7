"""Every real export in ../shared/real-exports imports; counts and totals checked against the raw files.

Expected numbers are computed here independently of the importers (csv module, ElementTree,
python-calamine read directly). Skipped when the folder is absent.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from ingest_support import REAL, frame
from reporting.ingest.inspection import FileReport, import_file
from reporting.ingest.registry import Context

pytestmark = [pytest.mark.real_exports,
              pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-exports is not available")]

NOT_EXPORTS = {"README.md", "FORMATS.md"}
# Rejections that are expected and explained, per file: (file name, reason fragments).
EXPLAINED = {
    "instagram/vsbperoto__vintage-analytics-dashboard/resaved_or_mangled/INSTAGRAM_RAW.csv":
        ("Meta could not export this post",),
    "facebook/vsbperoto__vintage-analytics-dashboard/resaved_or_mangled/Audience.csv":
        ("turned into a date", "refused with its block"),
}


def real_files() -> list[str]:
    if not REAL.is_dir():
        return []
    return sorted(p.relative_to(REAL).as_posix() for p in REAL.rglob("*")
                  if p.is_file() and p.name not in NOT_EXPORTS and "multilingual_sentiment" not in p.parts)


@cache
def report(rel: str) -> FileReport:
    path = REAL / rel
    return import_file(path, Context(tz="UTC", reference=dt.date(2026, 11, 23), path=path), display=rel)


def rows(rel: str, skip: int = 0, delimiter: str = ",") -> list[dict[str, str]]:
    """The raw file's records as dicts, decoded by BOM (UTF-8 or UTF-16)."""
    raw = (REAL / rel).read_bytes()
    text = raw.decode("utf-16") if raw.startswith(codecs.BOM_UTF16_LE) else raw.decode("utf-8-sig")
    lines = io.StringIO(text, newline="")
    for _ in range(skip):
        lines.readline()
    return list(csv.DictReader(lines, delimiter=delimiter))


def num(value: str) -> float:
    value = (value or "").replace(",", "").strip()
    return 0.0 if value in ("", "-") else float(value)


# --- every file ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", real_files())
def test_every_real_export_imports_with_no_unexplained_rejection(rel):
    r = report(rel)
    assert r.error is None, r.error
    assert r.formats, rel
    allowed = EXPLAINED.get(rel, ())
    unexplained = [x for x in r.rejections if not any(a in x.reason for a in allowed)]
    assert unexplained == [], unexplained[:3]
    assert r.rows or r.notes  # nothing produced is always explained


# --- X ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", [f for f in real_files() if "tweet_activity_metrics" in f])
def test_legacy_tweet_exports(rel):
    raw = rows(rel)
    posts = frame(report(rel), "posts")
    assert len(posts) == len(raw)
    assert posts["impressions"].sum() == sum(num(r["impressions"]) for r in raw)
    assert posts["likes"].sum() == sum(num(r["likes"]) for r in raw)
    assert set(posts["post_id"]) == {r["Tweet id"] for r in raw}


@pytest.mark.parametrize("rel", [f for f in real_files() if "account_analytics_content" in f])
def test_x_premium_post_exports(rel):
    raw = rows(rel)
    posts = frame(report(rel), "posts")
    assert len(posts) == len(raw)
    assert posts["impressions"].sum() == sum(num(r["Impressions"]) for r in raw)
    assert posts["shares"].sum() == sum(num(r["Reposts"]) + num(r["Shares"]) for r in raw)
    assert set(posts["account"]) == {"HestysInvest"}


@pytest.mark.parametrize("rel", [f for f in real_files() if "NPLF Twitter" in f])
def test_legacy_daily_twitter_workbooks(rel):
    book = CalamineWorkbook.from_path(str(REAL / rel))
    days = [row for name in book.sheet_names for row in book.get_sheet_by_name(name).to_python()[1:]]
    daily = frame(report(rel), "account_daily")
    assert len(daily) == len(days) == (91 if "Q1" in rel else 86)
    assert daily["impressions"].sum() == sum(row[2] for row in days)


# --- Meta ------------------------------------------------------------------------------------------------


META_POSTS = [f for f in real_files() if re.search(r"/[A-Z][a-z]{2}-\d\d-\d{4}_.*\.csv$", f)]


@pytest.mark.parametrize("rel", [f for f in META_POSTS if "resaved" not in f])
def test_meta_post_exports(rel):
    raw = rows(rel)
    posts = frame(report(rel), "posts")
    assert len(posts) == len(raw)
    reach_col = "Reach"
    assert posts["reach"].sum() == sum(num(r[reach_col]) for r in raw)
    minutes = [dt.datetime.strptime(r["Publish time"], "%m/%d/%Y %H:%M") for r in raw]
    assert not all(t.minute == t.month for t in minutes)  # no minutes-equal-month bug in these files
    assert posts["time_reliable"].all() and report(rel).warnings == []
    if "Account username" in raw[0]:
        assert set(posts["channel"]) == {"instagram"}
        assert posts["impressions"].sum() == sum(num(r["Views"]) for r in raw)
    else:
        assert set(posts["channel"]) == {"facebook"}
        assert posts["likes"].sum() == sum(num(r["Reactions"]) for r in raw)


SERIES = [f for f in real_files() if f.endswith(".csv") and (REAL / f).read_bytes()[:2] == codecs.BOM_UTF16_LE
          and "Audience" not in f]


@pytest.mark.parametrize("rel", SERIES)
def test_meta_daily_series(rel):
    raw = rows(rel, skip=2)
    title = (REAL / rel).read_bytes().decode("utf-16").splitlines()[1].strip('"').casefold()
    r = report(rel)
    daily = frame(r, "account_daily")
    if "interactions" in title or "link clicks" in title:
        assert daily.empty and "no account_daily column" in r.notes[0]
        return
    column = next(c for w, c in [("follow", "net_new"), ("reach", "reach"), ("views", "impressions"),
                                 ("visit", "profile_visits")] if w in title)
    assert len(daily) == len(raw)
    assert daily[column].sum() == sum(num(x["Primary"]) for x in raw)
    assert daily["date"].tolist() == [pd.Timestamp(x["Date"][:10]) for x in raw]
    expected_channel = "instagram" if "instagram" in title or rel.startswith("instagram/") else "facebook"
    assert set(daily["channel"]) == {expected_channel}


def test_meta_audience_blocks():
    rel = "facebook/LeonMpofu__Oigetit-Social-Media-Reports/Audience.csv"
    demo = frame(report(rel), "demographics")
    text = (REAL / rel).read_bytes().decode("utf-16")
    values = [float(v) for v in re.findall(r'"(\d+(?:\.\d+)?)"', text)]
    assert len(demo) == len(values) == 32  # 6 bands x 2 genders + 10 countries + 10 cities
    assert demo["share"].sum() == pytest.approx(sum(values) / 100)
    countries = demo[demo.dimension == "country"].set_index("location")["share"]
    assert countries["South Africa"] == 0.751


@pytest.mark.parametrize("rel", [f for f in real_files() if "-Ads-" in f])
def test_meta_ads_manager(rel):
    raw = rows(rel)
    spend = frame(report(rel), "spend")
    assert spend["spend"].sum() == pytest.approx(sum(num(r["Amount spent (PHP)"]) for r in raw))
    assert spend["impressions"].sum() == sum(num(r["Impressions"]) for r in raw)
    assert spend["clicks"].sum() == sum(num(r["Link clicks"]) for r in raw)
    first, last = pd.Timestamp(raw[0]["Reporting starts"]), pd.Timestamp(raw[0]["Reporting ends"])
    assert (spend["date"].min(), spend["date"].max()) == (first, last)


@pytest.mark.parametrize("rel", [f for f in real_files() if "Facebook Posts" in f])
def test_legacy_insights_posts(rel):
    ns = {"ss": "urn:schemas-microsoft-com:office:spreadsheet"}
    root = ET.parse(REAL / rel).getroot()
    sheet = root.find("ss:Worksheet[@ss:Name='Key Metrics']", ns)
    data_rows = sheet.findall("ss:Table/ss:Row", ns)[2:]  # header, description
    reach = sum(float(r.findall("ss:Cell", ns)[8].find("ss:Data", ns).text) for r in data_rows)
    stories = next(w for w in root.findall("ss:Worksheet", ns)
                   if w.get(f"{{{ns['ss']}}}Name").startswith("Lifetime Post Stories"))
    table = [[c.find("ss:Data", ns) for c in r.findall("ss:Cell", ns)] for r in stories.findall("ss:Table/ss:Row", ns)]
    like = [d.text for d in table[0]].index("like")
    likes = sum(float(r[like].text) for r in table[1:] if len(r) > like and r[like] is not None and r[like].text)
    posts = frame(report(rel), "posts")
    assert len(posts) == len(data_rows) == (55 if "Q1" in rel else 63)
    assert posts["reach"].sum() == reach
    assert posts["likes"].sum() == likes


# --- LinkedIn, YouTube, TikTok -------------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", [f for f in real_files() if "LinkedIn" in f])
def test_linkedin_workbooks(rel):
    book = CalamineWorkbook.from_path(str(REAL / rel))
    aggregated = book.get_sheet_by_name("Update metrics (aggregated)").to_python()[2:]
    r = report(rel)
    daily = frame(r, "account_daily").groupby("date").first()
    assert len(daily) == len(aggregated)
    assert daily["impressions"].sum() == sum(row[3] for row in aggregated)
    posts = frame(r, "posts")
    assert len(posts) == (10 if "Q1" in rel else 0)  # Q2's 'Update engagement' is a copy of the daily sheet


def test_youtube_table_data():
    rel = "youtube/priyankapatel05__YouTube-Channel-Analytics-Dashboard/Table data.csv"
    raw = [r for r in rows(rel) if r["Content"] != "Total"]
    posts = frame(report(rel), "posts")
    assert len(posts) == len(raw) == 442
    assert posts["video_views"].sum() == sum(num(r["Views"]) for r in raw) == 153235
    assert not posts["post_id"].str.startswith(" ").any()
    assert posts["post_id"].str.startswith("-").sum() == 5


def test_youtube_totals_are_the_channels_daily_views():
    rel = "youtube/priyankapatel05__YouTube-Channel-Analytics-Dashboard/Totals.csv"
    raw = rows(rel)  # an Excel re-save: DD-MM-YYYY dates
    daily = frame(report(rel), "account_daily")
    assert len(daily) == len(raw) == 365 and set(daily["channel"]) == {"youtube"}
    assert daily["video_views"].sum() == sum(num(r["Views"]) for r in raw)
    assert daily["date"].tolist() == [pd.Timestamp(dt.datetime.strptime(r["Date"], "%d-%m-%Y")) for r in raw]


@pytest.mark.parametrize("name", ["Overview.csv", "Viewers.csv", "FollowerHistory.csv"])
def test_tiktok_studio_daily(name):
    rel = f"tiktok/htupycollabs-spec__Analytics/{name}"
    raw = rows(rel)
    assert any(f"'Date' has no year ({raw[0]['Date']!r})" in n and "2026-11-23" in n for n in report(rel).notes)
    daily = frame(report(rel), "account_daily")
    assert len(daily) == len(raw) == 365
    assert daily["date"].iloc[0] == pd.Timestamp("2025-02-28") and daily["date"].iloc[-1] == pd.Timestamp("2026-02-27")
    column, source = {"Overview.csv": ("profile_visits", "Profile Views"), "Viewers.csv": ("reach", "Total Viewers"),
                      "FollowerHistory.csv": ("net_new", "Difference in followers from previous day")}[name]
    assert daily[column].sum() == sum(num(r[source]) for r in raw if r[source] != "undefined")


def test_tiktok_content_downloads_overlap():
    rels = sorted(f for f in real_files() if "/Content" in f)
    links = set()
    for rel in rels:
        raw = rows(rel)
        assert len(frame(report(rel), "posts")) == len(raw)
        links |= {r["Video link"] for r in raw}
    ids = set().union(*(set(frame(report(rel), "posts")["post_id"]) for rel in rels))
    assert ids == {link.rsplit("/", 1)[1] for link in links}


def test_tiktok_2025_exports():
    base = "tiktok/vsbperoto__vintage-analytics-dashboard/"
    videos = rows(base + "TIKTOK_VIDEO_RAW.csv")
    posts = frame(report(base + "TIKTOK_VIDEO_RAW.csv"), "posts")
    assert len(posts) == len(videos) == 51
    assert posts["video_views"].sum() == sum(num(r["Video views"]) for r in videos)
    daily = rows(base + "TIKTOK_RAW.csv")
    got = frame(report(base + "TIKTOK_RAW.csv"), "account_daily")
    assert got["net_new"].sum() == sum(num(r["Net growth"]) for r in daily)
    assert got["reach"].sum() == sum(num(r["Reached audience"]) for r in daily if r["Reached audience"] != "NAN")


# --- Sprout, GA ------------------------------------------------------------------------------------------------


SPROUT = "aggregators_sprout_social/garvonious-ui__cuervo-intel/"


@pytest.mark.parametrize(("report_name", "table", "column", "source"), [
    ("Post Performance", "posts", "impressions", "Impressions"),
    ("Profile Performance", "account_daily", "impressions", "Impressions"),
    ("Competitor Performance", "competitor_accounts", "followers", "Audience"),
    ("Instagram Business Profiles", "account_daily", "reach", "Reach"),
    ("Instagram Competitors", "competitor_accounts", "engagements", "Public Engagements"),
    ("Competitor Posts", "competitor_accounts", "engagements", "Public Engagements"),
])
def test_sprout_reports(report_name, table, column, source):
    rel = SPROUT + f"{report_name} (Cuervo) February 1, 2025 - April 9, 2026.csv"
    raw = rows(rel)
    got = frame(report(rel), table)
    if report_name != "Competitor Posts":
        assert len(got) == len(raw)
    else:
        assert got["posts"].sum() == len(raw)
    assert got[column].sum() == sum(num(r[source]) for r in raw)


def test_ga4_reports_snapshot_has_no_traffic_by_source():
    r = report("google_analytics/Winseyy10__Digital-Marketing-Project/data-export.csv")
    assert r.rows == {}
    assert sum("no source/medium dimension" in n for n in r.notes) == 14  # every stacked card
    assert sum("no data rows" in n for n in r.notes) == 3  # the empty conversion/item/platform cards


# --- damaged files ------------------------------------------------------------------------------------------------


MANGLED = "facebook/vsbperoto__vintage-analytics-dashboard/resaved_or_mangled/"


def test_mangled_audience_refuses_date_turned_blocks_and_keeps_the_rest():
    r = report(MANGLED + "Audience.csv")
    demo = frame(r, "demographics")
    assert set(demo["dimension"]) == {"country"}  # age & gender and towns/cities hold dates
    assert demo.set_index("location")["share"]["Bulgaria"] == 0.984
    assert len(r.rejections) == 12 + 10
    assert sum("turned into a date" in x.reason for x in r.rejections) == 12
    assert frame(r, "account_daily")["net_new"].sum() == sum(
        int(line.split(";")[1]) for line in (REAL / (MANGLED + "Follows.csv")).read_text().splitlines()[2:])


def test_semicolon_resaves_and_wrapped_lines():
    follows = frame(report(MANGLED + "Follows.csv"), "account_daily")
    assert len(follows) == 62
    video = frame(report(MANGLED + "Oct-31-2025_Dec-30-2025_1664278361210560.csv"), "posts")
    assert len(video) == 45 and set(video["content_type"]) == {"video"}
    insta = report("instagram/vsbperoto__vintage-analytics-dashboard/resaved_or_mangled/INSTAGRAM_RAW.csv")
    assert len(frame(insta, "posts")) == 57 and len(insta.rejections) == 1
    assert "17970435071805603" in insta.rejections[0].reason


def test_every_file_detected_without_its_name(tmp_path):
    """Detection reads headers only: the same bytes under a meaningless name give the same format."""
    for rel in real_files()[::7]:
        renamed = tmp_path / ("export" + Path(rel).suffix)
        renamed.write_bytes((REAL / rel).read_bytes())
        again = import_file(renamed, Context(tz="UTC", reference=dt.date(2026, 11, 23), path=renamed))
        assert again.formats == report(rel).formats, rel


def test_labelled_sentiment_sets_are_recognised_not_imported():
    for rel in ("multilingual_sentiment/KFromage__nsmc/ratings_train.txt",
                "multilingual_sentiment/ceyhun262613__thesis-sentiment-analysis/twitter_part1.csv"):
        r = report(rel)
        assert r.error is None and r.rows == {} and "not a platform export" in r.notes[0]
