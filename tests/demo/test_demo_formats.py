"""The generated files use the documented export layouts (headers copied from real-exports/FORMATS.md)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from demo_support import CLIENTS, files

from reporting import tables

# FORMATS.md 2.3 (38- and 31-column vintages), 3.1 (both metric orders), 2.7, 1.3, 1.4 (2026), 5, 7.1, 4.
FB_38 = ("Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,"
         "Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,Data comment,Date,Views,"
         "Reach,Reactions, Comments and Shares,Reactions,Comments,Shares,Total clicks,Views,"
         "Reach from Organic posts,Reach from Boosted posts,3-second video views,1-minute video views,"
         "3-Second viewers,1-minute viewers,3-second video views from Boosted posts,"
         "3-second video views from Organic posts,Negative feedback from users,Unique negative feedback from users,"
         "Other Clicks,Matched Audience Targeting Consumption (Photo Click),Link Clicks")
FB_31 = ("Post ID,Page ID,Page name,Title,Description,Duration (sec),Publish time,Caption type,Permalink,"
         "Is crosspost,Is share,Post type,Languages,Custom labels,Funded content status,Data comment,Date,Views,"
         "Reach,Reactions, Comments and Shares,Reactions,Comments,Shares,Total clicks,Link Clicks,Other Clicks,"
         "Matched Audience Targeting Consumption (Photo Click),Seconds viewed,Average Seconds viewed,"
         "Estimated earnings (USD),Ad impressions")
IG_EARLY = ("Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
            "Post type,Data comment,Date,Views,Reach,Likes,Shares,Comments,Saves,Follows")
IG_LATE = ("Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,Permalink,"
           "Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves")
X_POSTS = ("Post id,Date,Post text,Post Link,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Replies,"
           "Reposts,Profile visits,Detail Expands,URL Clicks,Hashtag Clicks,Permalink Clicks")
X_OVERVIEW = ("Date,Impressions,Likes,Engagements,Bookmarks,Shares,New follows,Unfollows,Replies,Reposts,"
              "Profile visits,Create Post,Video views,Media views")
YOUTUBE = ("Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,Impressions,"
           "Impressions click-through rate (%)")
SPROUT_COMPETITORS = ("Date,Network,Profile,Audience,Net Audience Growth,Published Posts,Public Engagements,"
                      "Public Engagements per Post,% Audience Growth,Published Carousels,Published Videos,"
                      "Published Photos,Published Links,Published Text,Reactions,Comments,Shares,"
                      "Top Hashtags by Lifetime Public Engagements")
LI_POSTS = ("Update title,Update link,Update type,Campaign name,Posted by,Created date,Campaign start date,"
            "Campaign end date,Audience,Impressions,Video views,Clicks,Click through rate (CTR),Likes,Comments,Shares,"
            "Follows,Engagement rate")
MELTWATER_40 = ("Date,Headline,URL,Opening Text,Hit Sentence,Source,Influencer,Country,Subregion,Language,Reach,"
                "Desktop Reach,Mobile Reach,Twitter Social Echo,Facebook Social Echo,Reddit Social Echo,"
                "National Viewership,Engagement,AVE,Sentiment,Key Phrases,Input Name,Keywords,Twitter Authority,"
                "Tweet Id,Twitter Id,Twitter Client,Twitter Screen Name,Twitter User Profile Url,Twitter Bio,"
                "Twitter Followers,Twitter Following,Alternate Date Format,Time,State,City,Body,Document Tags,Hashtag")


def _header(path: Path, encoding: str = "utf-8-sig", skip: int = 0, sep: str = ",") -> list[str]:
    text = path.read_bytes().decode(encoding)
    return next(csv.reader(io.StringIO("\n".join(text.splitlines()[skip:skip + 1])), delimiter=sep))


def _split(documented: str) -> list[str]:
    """A documented header as cells: the one metric whose name holds commas stays whole."""
    joined = "Reactions, Comments and Shares"
    return [c.replace("\x00", ", ") for c in documented.replace(joined, joined.replace(", ", "\x00")).split(",")]


def test_meta_post_exports_match_the_documented_vintages(demo_root: Path, planted: dict) -> None:
    cafe_fb = files(demo_root, planted, "demo-cafe", "meta_facebook_posts_38")
    furniture_fb = files(demo_root, planted, "demo-furniture", "meta_facebook_posts_31")
    assert _header(cafe_fb[0]) == _split(FB_38)
    assert _header(furniture_fb[0]) == _split(FB_31)
    assert _header(files(demo_root, planted, "demo-cafe", "meta_instagram_posts")[0]) == IG_EARLY.split(",")
    assert _header(files(demo_root, planted, "demo-furniture", "meta_instagram_posts")[0]) == IG_LATE.split(",")
    raw = cafe_fb[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\"Post ID\",\"Page ID\",\"Page name\",Title,") and b"\r\n" not in raw
    # Publish time is MM/DD/YYYY HH:MM; Date is the literal Lifetime
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert row["Date"] == "Lifetime" and len(row["Publish time"]) == 16 and row["Publish time"][2] == "/"


def test_the_31_column_facebook_export_has_ragged_rows(demo_root: Path, planted: dict) -> None:
    lengths = set()
    for path in files(demo_root, planted, "demo-furniture", "meta_facebook_posts_31"):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        lengths |= {len(r) for r in rows[1:]}
    assert lengths == {27, 31}


def test_meta_daily_series_and_audience_are_utf16_with_sep_line(demo_root: Path, planted: dict) -> None:
    series = files(demo_root, planted, "demo-cafe", "meta_daily_series")
    raw = series[0].read_bytes()
    assert raw.startswith(b"\xff\xfe")
    lines = raw.decode("utf-16").split("\n")
    assert lines[0] == "sep=," and lines[2] == '"Date","Primary"' and lines[1] == '"Facebook reach"'
    assert lines[3].startswith('"2024-01-01T00:00:00","') and raw.decode("utf-16").endswith("\n\n")
    titles = {p.read_bytes().decode("utf-16").split("\n")[1] for p in series}
    assert titles == {'"Facebook reach"', '"Facebook visits"', '"Reach"', '"Instagram profile visits"'}
    audience = files(demo_root, planted, "demo-furniture", "meta_audience")[0].read_bytes().decode("utf-16")
    assert audience.split("\n")[:3] == ["sep=,", '"Age & gender"', '"","Women","Men"']
    assert '"Top countries"' in audience and '"Top cities"' in audience


def test_ads_manager_export_has_the_33_columns_and_currency(demo_root: Path, planted: dict) -> None:
    header = _header(files(demo_root, planted, "demo-furniture", "meta_ads_manager")[0], encoding="utf-8")
    assert len(header) == 33 and header[:5] == ["Reporting starts", "Reporting ends", "Ad name", "Ad delivery",
                                                "Ad set name"]
    assert "Amount spent (EUR)" in header and "Cost per purchase (EUR)" in header and header[-1] == "Link clicks"


def test_x_exports(demo_root: Path, planted: dict) -> None:
    posts = files(demo_root, planted, "demo-saas", "x_posts_2026")
    latest = [p for p in posts if p.name.endswith("_2026-11-21.csv")]
    assert len(latest) == 1  # the abandoned second account has no recent export
    raw = latest[0].read_bytes()
    assert raw.decode("utf-8").split("\n")[0] == X_POSTS and not raw.endswith(b"\n")
    first = next(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert first["Date"].count(",") == 2 and first["Post Link"].startswith("https://x.com/ledgerlyhq/status/")
    overview = files(demo_root, planted, "demo-saas", "x_overview")[0].read_text(encoding="utf-8")
    assert overview.split("\n")[0] == X_OVERVIEW
    assert overview.split("\n")[1].startswith('"Sat, Nov 21, 2026",')  # newest day first


def test_linkedin_updates_workbook_has_description_rows(demo_root: Path, planted: dict) -> None:
    book = openpyxl.load_workbook(files(demo_root, planted, "demo-saas", "linkedin_updates")[-1], read_only=True)
    assert book.sheetnames == ["Update metrics (aggregated)", "Update engagement"]
    rows = list(book["Update engagement"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Engagement metrics for individual updates.")
    assert ",".join(rows[1]) == LI_POSTS
    assert rows[2][1].startswith("https://www.linkedin.com/feed/update/urn:li:activity:")


def test_youtube_table_starts_with_a_total_row(demo_root: Path, planted: dict) -> None:
    lines = files(demo_root, planted, "demo-saas", "youtube_table")[0].read_text(encoding="utf-8").split("\n")
    assert lines[0] == YOUTUBE and lines[1].startswith("Total,,,,")


def test_sprout_competitor_export_is_fully_quoted_crlf_with_thousands(demo_root: Path, planted: dict) -> None:
    path = files(demo_root, planted, "demo-cafe", "sprout_competitor_performance")[0]
    assert path.name == "Competitor Performance (모퉁이 커피) January 1, 2024 - November 21, 2026.csv"
    raw = path.read_bytes().decode("utf-8")
    assert raw.split("\r\n")[0] == ",".join(f'"{c}"' for c in SPROUT_COMPETITORS.split(","))
    starbucks = [line for line in raw.split("\r\n") if '"starbuckskorea"' in line]
    assert starbucks and all(line.split('","')[3].count(",") >= 1 for line in starbucks)  # "905,123"
    assert any(line.split('","')[8].endswith('%') for line in starbucks)


def test_listening_exports(demo_root: Path, planted: dict) -> None:
    bw = files(demo_root, planted, "demo-saas", "brandwatch")[0].read_bytes().decode("utf-8-sig")
    lines = bw.split("\r\n")
    assert lines[0] == '"Report:","Mentions"' and lines[4] == '"Timezone:","America/New_York"'
    header = next(csv.reader([lines[6]]))
    assert {"Query Id", "Query Name", "Full Text", "Resource Id", "Sentiment", "Date"} <= set(header)
    melt = files(demo_root, planted, "demo-furniture", "meltwater")[0].read_bytes()
    assert melt.startswith(b"\xff\xfe")
    assert melt.decode("utf-16").split("\n")[0].split("\t") == MELTWATER_40.split(",")


def test_ga4_export_has_comment_preamble_and_both_conversion_names(demo_root: Path, planted: dict) -> None:
    ga = files(demo_root, planted, "demo-furniture", "ga4")
    first = ga[0].read_bytes().decode("utf-8")
    assert first.startswith("# ----------------------------------------\r\n# Report CSV Export\r\n")
    assert "\r\nDate,Session source / medium,Sessions,Total users,Conversions,Total revenue\r\n" in first
    assert not first.endswith("\n")
    assert "\r\nDate,Session source / medium,Sessions,Total users,Key events,Total revenue\r\n" in \
        ga[-1].read_bytes().decode("utf-8")


@pytest.mark.parametrize("client", CLIENTS)
def test_plain_templates_use_canonical_column_names(demo_root: Path, planted: dict, client: str) -> None:
    for record in planted[client]["files"]:
        if record["format"] != "template":
            continue
        header = _header(demo_root / client / record["file"], encoding="utf-8")
        assert header == [c.name for c in tables.TABLES[record["table"]] if c.name != "source_file"]


@pytest.mark.parametrize("client", CLIENTS)
def test_survey_columns_are_the_clients_question_texts(demo_root: Path, planted: dict, client: str) -> None:
    from reporting.params import load_client

    header = _header(files(demo_root, planted, client, "survey")[0])
    assert header == ["respondent_id", *load_client(client).survey_columns.values()]
