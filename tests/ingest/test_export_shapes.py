"""Export shapes the importers once misread or refused (issue 12), on byte-exact project fixtures.

Every expected number is counted here from the fixture's own bytes (csv, openpyxl), not from
the importers; the fixtures follow FORMATS.md and are written in the platform's encoding.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import shutil
from collections import defaultdict
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ingest_support import FIXTURES, client, frame, read
from reporting import cli
from reporting.ingest import format_report, inspect_paths, load_client_data

TS = pd.Timestamp
META = FIXTURES / "meta"
YT = FIXTURES / "youtube"


def dict_rows(path: Path, skip_comments: bool = False) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8-sig")
    lines = [ln for ln in text.splitlines() if not (skip_comments and ln.startswith("#"))]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def num(value: str | None) -> float:
    return float((value or "0").replace(",", "") or 0)


# --- Meta Business Suite: several blocks in one worksheet -----------------------------------------------------


def sheet_blocks(path: Path) -> dict[str, dict[str, float]]:
    """Title -> {day: value}, walking the worksheet the way an analyst reads it."""
    blocks: dict[str, dict[str, float]] = {}
    title = None
    for row in openpyxl.load_workbook(path).active.iter_rows(values_only=True):
        cells = [c for c in row if c is not None]
        if len(cells) == 1 and isinstance(cells[0], str):
            title = cells[0]
            blocks[title] = {}
        elif len(cells) == 2 and cells[0] != "Date":
            blocks[title][cells[0][:10]] = float(cells[1])
    return blocks


def test_meta_xlsx_with_two_blocks_gives_one_series_per_channel():
    path = META / "multi-block" / "Visits.xlsx"
    expected = sheet_blocks(path)
    assert set(expected) == {"Facebook profile visits", "Instagram profile visits"}
    r = read(path)
    assert r.error is None and r.rejections == [] and r.records == 6
    daily = frame(r, "account_daily")
    for title, days in expected.items():
        channel = title.split()[0].casefold()
        got = daily[daily["channel"] == channel]
        assert got["date"].dt.strftime("%Y-%m-%d").tolist() == list(days)
        assert got["profile_visits"].tolist() == list(days.values())
    twin = frame(read(META / "multi-block" / "Visits.csv"), "account_daily")  # the same export as UTF-16 CSV
    pd.testing.assert_frame_equal(daily.drop(columns="source_file"), twin.drop(columns="source_file"))


def test_meta_xlsx_blocks_without_a_blank_row_between_them(tmp_path):
    source = openpyxl.load_workbook(META / "multi-block" / "Visits.xlsx").active
    book = openpyxl.Workbook()
    for row in source.iter_rows(values_only=True):
        if any(c is not None for c in row):
            book.active.append(list(row))
    path = tmp_path / "export.xlsx"
    book.save(path)
    r = read(path)
    assert r.rejections == []
    totals = frame(r, "account_daily").groupby("channel")["profile_visits"].sum().to_dict()
    assert totals == {"facebook": 19, "instagram": 96}


def test_a_worksheet_with_footnotes_under_its_table_stays_one_sheet(tmp_path):
    from reporting.ingest.sources import read_sheets

    book = openpyxl.Workbook()
    for row in (["Date", "Primary"], ["2025-03-01", 4], [], ["Notes"], ["Data is delayed by two days"]):
        book.active.append(row)
    path = tmp_path / "export.xlsx"
    book.save(path)
    [sheet] = read_sheets(path)
    assert len(sheet.records) == 5


def test_meta_xlsx_facebook_and_instagram_do_not_overwrite_each_other_in_a_client_folder(tmp_path, isolated_root):
    params = client(tmp_path, handles={"facebook": "motungicoffee", "instagram": "motungi.coffee"})
    shutil.copy(META / "multi-block" / "Visits.xlsx", params.data_path / "Visits.xlsx")
    daily = load_client_data(params).account_daily.set_index(["channel", "date"])["profile_visits"]
    expected = sheet_blocks(META / "multi-block" / "Visits.xlsx")
    for title, days in expected.items():
        channel = title.split()[0].casefold()
        assert {d.strftime("%Y-%m-%d"): v for d, v in daily[channel].items()} == days


# --- Meta Audience.csv, 2023/24 TAB dialect -------------------------------------------------------------------


def audience_blocks(path: Path) -> dict[str, list[list[str]]]:
    """Title -> its rows (cells without trailing blanks), metric-code rows dropped, from the raw bytes."""
    text = path.read_bytes().decode("utf-16")
    blocks: dict[str, list[list[str]]] = {}
    title = None
    for line in text.split("\r\n")[1:]:
        cells = line.split("\t")
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            title = None
        elif title is None:
            title = cells[0]
            blocks[title] = []
        elif not all(c.isupper() or "_" in c for c in cells):
            blocks[title].append(cells)
    return blocks


def test_meta_audience_2023_places_keep_their_full_names_and_followers_are_totals():
    path = META / "audience-2023" / "Audience.csv"
    blocks = audience_blocks(path)
    r = read(path)
    assert r.error is None and r.rejections == []
    demo = frame(r, "demographics")
    assert set(demo["basis"]) == {"followers"}
    for title, rows in blocks.items():
        channel = title.split()[0].casefold()
        if title.endswith("followers"):
            [[count]] = rows
            got = demo[(demo.channel == channel) & (demo.dimension == "total")]
            assert got["count"].tolist() == [int(count)] and got["share"].tolist() == [1.0]
        elif "cities" in title or "countries" in title:
            places = {", ".join(c for c in cells[:-1] if c): float(cells[-1].rstrip("%")) / 100
                      for cells in rows if cells[-1].endswith("%")}
            kind = "city" if "cities" in title else "country"
            got = demo[(demo.channel == channel) & (demo.dimension == kind)].set_index("location")["share"]
            assert got.to_dict() == pytest.approx(places)
        else:
            header, *bands = rows
            cells = {(b[0], g): float(v.rstrip("%")) / 100 for b in bands for g, v in zip(header[1:], b[1:])}
            got = demo[demo.dimension == "age_gender"].set_index(["age_band", "gender"])["share"]
            assert got.to_dict() == pytest.approx({(band, g.casefold().replace("women", "female")
                                                    .replace("men", "male")): v for (band, g), v in cells.items()})
    cities = demo[demo.dimension == "city"]["location"].tolist()
    assert "Lviv, Lviv Oblast, Ukraine" in cities and "Bucha, Bucha Raion, Kyiv Oblast, Ukraine" in cities
    assert not demo["location"].isin(["Value", "Country", "FB_PAGE", "UNIQUE_USERS"]).any()
    assert len(demo) == 17


def test_meta_audience_a_stray_row_among_places_is_rejected_with_its_row(tmp_path):
    text = ("sep=\t\t\t\r\nInstagram followers by top cities\t\t\t\r\nKyiv\tUkraine\t21.4%\t\r\n"
            "see the next page\t\t\t\r\nKharkiv\tUkraine\t6%\t\r\n")
    path = tmp_path / "Audience.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    r = read(path)
    assert frame(r, "demographics")["location"].tolist() == ["Kyiv, Ukraine", "Kharkiv, Ukraine"]
    [rej] = r.rejections
    assert rej.row == 3 and "not a place and a percentage: 'see the next page'" in rej.reason


# --- Meta Ads Manager breakdowns ------------------------------------------------------------------------------


def test_ads_region_by_month_spend_equals_the_month_column_sums():
    path = META / "ads-breakdowns" / "Untitled-report-Jun-1-2023-to-Aug-11-2023.xlsx"
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    header = rows[0]
    month, spent, impressions = header.index("Month"), header.index("Amount spent (UAH)"), header.index("Impressions")
    by_month: dict[str, float] = defaultdict(float)
    shown: dict[str, int] = defaultdict(int)
    for row in rows[1:]:
        if row[month]:  # the first row is the account total, without Region or Month
            by_month[row[month][:7]] += row[spent]
            shown[row[month][:7]] += row[impressions]
    r = read(path)
    spend = frame(r, "spend")
    got = spend.groupby(spend["date"].dt.strftime("%Y-%m"))
    assert got["spend"].sum().to_dict() == pytest.approx(dict(by_month))  # 1800 / 2100.5 / 599.5
    assert got["impressions"].sum().to_dict() == dict(shown)
    assert spend["spend"].sum() == pytest.approx(rows[1][spent])  # = the skipped account-total row
    assert (spend["date"].min(), spend["date"].max()) == (TS("2023-06-01"), TS("2023-08-11"))
    assert len(spend) == 30 + 31 + 11  # one row per day: the two regions are summed
    assert any("Region breakdown summed" in n for n in r.notes)


def test_ads_day_breakdown_dates_each_row_not_the_reporting_range():
    path = META / "ads-breakdowns" / "Demo-Ads-Day-Age-Gender-Mar-1-2024-Mar-31-2024.csv"
    raw = dict_rows(path)
    expected: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for row in raw:
        cell = expected[(row["Day"], row["Campaign name"])]
        cell[0] += num(row["Amount spent (EUR)"])
        cell[1] += num(row["Impressions"])
        cell[2] += num(row["Link clicks"])
    spend = frame(read(path), "spend")
    got = {(d.strftime("%Y-%m-%d"), c): [round(s, 6), i, k] for d, c, s, i, k in
           spend[["date", "campaign", "spend", "impressions", "clicks"]].itertuples(index=False)}
    assert got == {key: [round(s, 6), i, k] for key, (s, i, k) in expected.items()}
    assert raw[0]["Reporting ends"] == "2024-03-31" and spend["date"].max() == TS("2024-03-02")


def test_ads_week_and_platform_breakdown_clips_weeks_to_the_reporting_range():
    path = META / "ads-breakdowns" / "Demo-Ads-Week-Platform-Mar-1-2024-Mar-10-2024.csv"
    raw = dict_rows(path)
    by_channel: dict[str, float] = defaultdict(float)
    for row in raw:
        by_channel["instagram" if row["Platform"] == "Instagram" else "facebook"] += num(row["Amount spent (USD)"])
    spend = frame(read(path), "spend")
    assert spend.groupby("channel")["spend"].sum().to_dict() == pytest.approx(dict(by_channel))
    assert spend["date"].min() == TS("2024-03-01") and spend["date"].max() == TS("2024-03-10")
    first = spend.set_index(["date", "channel"])["spend"]
    assert first[(TS("2024-03-01"), "facebook")] == pytest.approx(30 / 3)  # week of Feb 26 within Mar 1-3
    assert first[(TS("2024-03-04"), "facebook")] == pytest.approx((70 + 7) / 7)  # Audience Network is Facebook's


def test_ads_unreadable_month_cell_is_rejected(tmp_path):
    path = tmp_path / "ads.csv"
    path.write_text("Reporting starts,Reporting ends,Region,Month,Amount spent (EUR)\n"
                    "2024-03-01,2024-04-30,Attica,2024-03-01 - 2024-03-31,31\n"
                    "2024-03-01,2024-04-30,Attica,April,30\n", encoding="utf-8")
    r = read(path)
    assert frame(r, "spend")["spend"].sum() == 31
    [rej] = r.rejections
    assert rej.row == 3 and rej.column == "Month" and "'April'" in rej.reason


# --- YouTube Studio audience tables and daily views -------------------------------------------------------------


def youtube(dimension: str) -> pd.DataFrame:
    r = read(YT / dimension / "Table data.csv")
    assert r.error is None and r.rejections == []
    demo = frame(r, "demographics")
    assert set(demo["channel"]) == {"youtube"} and set(demo["basis"]) == {"views"}
    return demo


def test_youtube_viewer_gender_and_age_shares_of_views():
    gender = youtube("Viewer gender")
    raw = dict_rows(YT / "Viewer gender" / "Table data.csv")
    names = {"Female": "female", "Male": "male", "User-specified": "other"}
    assert gender.set_index("gender")["share"].to_dict() == pytest.approx(
        {names[r["Viewer gender"]]: float(r["Views (%)"]) / 100 for r in raw})
    assert set(gender["dimension"]) == {"gender"}
    age = youtube("Viewer age")
    raw = dict_rows(YT / "Viewer age" / "Table data.csv")
    assert age.set_index("age_band")["share"].to_dict() == pytest.approx(
        {r["Viewer age"].replace("\u2013", "-").removesuffix(" years"): float(r["Views (%)"]) / 100 for r in raw})
    assert set(age["dimension"]) == {"age"} and age["share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(("dimension", "label", "dim"), [
    ("Geography", "Geography", "country"), ("Cities", "City name", "city"),
    ("Subscription status", "Subscription status", "subscription")])
def test_youtube_view_count_tables_share_of_the_total_row(dimension, label, dim):
    raw = dict_rows(YT / dimension / "Table data.csv")
    total = num(next(r["Views"] for r in raw if next(iter(r.values())) == "Total"))
    rows = [r for r in raw if next(iter(r.values())) != "Total" and r["Views"]]
    demo = youtube(dimension)
    assert set(demo["dimension"]) == {dim}
    assert len(demo) == len(rows)
    assert demo["count"].sum() == sum(num(r["Views"]) for r in rows)
    assert sorted(demo["share"]) == pytest.approx(sorted(num(r["Views"]) / total for r in rows))
    if dim == "country":
        assert set(demo["location"]) == {"United States", "South Korea", "United Kingdom"}
    if dim == "city":
        assert set(demo["location"]) == {r[label] for r in rows}  # names, not Google place ids
    if dim == "subscription":
        assert demo.set_index("segment")["count"].to_dict() == {"not_subscribed": 700, "subscribed": 300}


def test_youtube_audience_detected_from_headers_whatever_the_file_name(tmp_path):
    for dimension in ("Viewer gender", "Viewer age", "Geography", "Cities", "Subscription status"):
        renamed = tmp_path / f"{dimension.split()[-1]}_final (2).csv"
        shutil.copy(YT / dimension / "Table data.csv", renamed)
        assert read(renamed).format == "YouTube Studio Table data (viewer age, gender, geography, cities, " \
                                      "subscription status)"


def test_youtube_daily_views_from_totals_and_the_subscription_chart():
    raw = dict_rows(YT / "Overview" / "Totals.csv")
    daily = frame(read(YT / "Overview" / "Totals.csv"), "account_daily")
    assert daily["video_views"].tolist() == [int(r["Views"]) for r in raw]
    assert daily["net_new"].tolist() == [int(r["Subscribers"]) for r in raw]
    assert daily["impressions"].sum() == sum(int(r["Impressions"]) for r in raw)
    chart = dict_rows(YT / "Subscription status" / "Chart data.csv")
    per_day: dict[str, int] = defaultdict(int)
    for r in chart:
        per_day[r["Date"]] += int(r["Views"])
    got = frame(read(YT / "Subscription status" / "Chart data.csv"), "account_daily")
    assert dict(zip(got["date"].dt.strftime("%Y-%m-%d"), got["video_views"], strict=True)) == dict(per_day)


def test_youtube_geography_chart_is_explained_not_summed():
    r = read(YT / "Geography" / "Chart data.csv")
    assert r.error is None and r.rows == {} and "charted lines only" in r.notes[0]


# --- GA4 without Sessions -------------------------------------------------------------------------------------


def test_ga4_users_by_date_without_sessions_csv_and_xlsx():
    raw = dict_rows(FIXTURES / "ga" / "users-by-date" / "data-export.csv", skip_comments=True)
    r = read(FIXTURES / "ga" / "users-by-date" / "data-export.csv")
    web = frame(r, "web_traffic").set_index("date")
    assert len(web) == len(raw) and web["sessions"].isna().all()
    for row in raw:
        day = TS(dt.datetime.strptime(row["Date"], "%Y%m%d"))
        assert (web.loc[day, "users"], web.loc[day, "new_users"], web.loc[day, "engaged_sessions"],
                web.loc[day, "conversions"]) == (int(row["Total users"]), int(row["New users"]),
                                                 int(row["Engaged sessions"]), int(row["Key events"]))
    assert set(web["source"]) == {"(all sources)"} and web["channel"].isna().all()
    assert any("site totals" in n for n in r.notes) and any("no Sessions column" in n for n in r.notes)
    xlsx = read(FIXTURES / "ga" / "users-by-date" / "data-export.xlsx")  # no preamble: told by its header
    assert xlsx.error is None
    pd.testing.assert_frame_equal(frame(xlsx, "web_traffic").drop(columns="source_file"),
                                  frame(r, "web_traffic").drop(columns="source_file"))


def test_ga4_users_by_source_without_sessions_spread_over_the_range():
    raw = dict_rows(FIXTURES / "ga" / "users-by-source" / "data-export.csv", skip_comments=True)
    web = frame(read(FIXTURES / "ga" / "users-by-source" / "data-export.csv"), "web_traffic")
    assert len(web) == 2 * len(raw)  # two days in the preamble's range
    sums = web.groupby("source")[["users", "new_users", "engaged_sessions", "conversions"]].sum()
    for row in raw:
        source = row["Session source / medium"].split(" / ")[0]
        assert sums.loc[source].tolist() == [int(row["Total users"]), int(row["New users"]),
                                             int(row["Engaged sessions"]), int(row["Conversions"])]
    assert web.set_index("source")["channel"].dropna().to_dict() == {"l.instagram.com": "instagram",
                                                                     "lnkd.in": "linkedin"}
    assert web["sessions"].isna().all()


# --- inspect: local dates, warnings, year-less dates ----------------------------------------------------------


def test_inspect_shows_local_dates_in_the_given_zone(tmp_path, capsys):
    path = tmp_path / "posts.csv"
    path.write_text("post_id,channel,published\np1,facebook,2024-03-01T20:00:00+00:00\n"
                    "p2,facebook,2024-03-31T16:30:00+00:00\n", encoding="utf-8")
    assert "  dates    2024-03-01 .. 2024-03-31\n" in format_report(inspect_paths([path], tz="UTC"))
    assert "  dates    2024-03-02 .. 2024-04-01\n" in format_report(inspect_paths([path], tz="Asia/Tokyo"))
    assert cli.main(["inspect", "--tz", "Asia/Tokyo", str(path)]) == 0
    assert "  dates    2024-03-02 .. 2024-04-01\n" in capsys.readouterr().out


def published_minutes(path: Path) -> list[tuple[int, int]]:
    return [(dt.datetime.strptime(r["Publish time"], "%m/%d/%Y %H:%M").minute,
             dt.datetime.strptime(r["Publish time"], "%m/%d/%Y %H:%M").month) for r in dict_rows(path)]


def test_meta_minute_equals_month_bug_is_warned_and_marked():
    path = META / "minutes-bug" / "Mar-01-2024_Apr-30-2024_100000000000001.csv"
    assert all(minute == month for minute, month in published_minutes(path))
    r = read(path)
    posts = frame(r, "posts")
    assert len(posts) == 3 and posts["time_reliable"].eq(False).all()
    assert posts["published"].dt.date.tolist() == [dt.date(2024, 3, 10), dt.date(2024, 3, 23), dt.date(2024, 4, 2)]
    [warning] = r.warnings
    assert "times of day are unreliable" in warning
    assert f"  warning  {warning}\n" in format_report([r])
    good = META / "Jan-01-2024_Mar-31-2024_100000000000001.csv"
    assert not all(minute == month for minute, month in published_minutes(good))
    assert frame(read(good), "posts")["time_reliable"].eq(True).all() and read(good).warnings == []


def test_minutes_bug_needs_every_row(tmp_path):
    source = META / "minutes-bug" / "Mar-01-2024_Apr-30-2024_100000000000001.csv"
    text = source.read_bytes().decode("utf-8-sig").replace("04/02/2024 19:04", "04/02/2024 19:05")
    path = tmp_path / "posts.csv"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    r = read(path)
    assert r.warnings == [] and frame(r, "posts")["time_reliable"].all()


def test_time_reliable_false_for_date_only_exports():
    assert frame(read(FIXTURES / "x" / "account_analytics_content_2026-08-01_2026-08-02.csv"), "posts")[
        "time_reliable"].eq(False).all()
    assert frame(read(FIXTURES / "x" / "tweet_activity_metrics_demo_20240301_20240401_en.csv"), "posts")[
        "time_reliable"].eq(True).all()
    assert frame(read(YT / "Table data.csv"), "posts")["time_reliable"].eq(False).all()
    assert frame(read(FIXTURES / "tiktok" / "Content.csv"), "posts")["time_reliable"].eq(True).all()  # from the id


def spanish_days(tmp_path: Path, **options: object) -> tuple[list[str], str]:
    params = client(tmp_path, channels=["tiktok"], import_options={"tiktok": options})
    target = params.data_path / "es" / "Overview.csv"
    target.parent.mkdir(exist_ok=True)
    shutil.copy(FIXTURES / "tiktok" / "es" / "Overview.csv", target)
    r = read(target, params=params, reference=dt.date(2026, 1, 15))
    note = next(n for n in r.notes if "has no year" in n)
    return frame(r, "account_daily")["date"].dt.strftime("%Y-%m-%d").tolist(), note


def test_tiktok_year_less_spanish_dates_say_where_the_year_came_from(tmp_path):
    raw = [r["Date"] for r in dict_rows(FIXTURES / "tiktok" / "es" / "Overview.csv")]
    assert raw == ["30 de diciembre", "31 de diciembre", "1 de enero"]
    days, note = spanish_days(tmp_path)
    assert days == ["2025-12-30", "2025-12-31", "2026-01-01"]
    assert "'Date' has no year ('30 de diciembre')" in note and "2026-01-15, the file's modification day" in note
    assert "import_options.tiktok.export_day" in note  # how to override it
    days, note = spanish_days(tmp_path, export_day="2025-01-02")
    assert days == ["2024-12-30", "2024-12-31", "2025-01-01"]
    assert "on or before 2025-01-02, import_options.tiktok.export_day in the client's parameters" in note
    days, note = spanish_days(tmp_path, export_day="2025-01-02", export_days={"es/*.csv": "2024-01-01"})
    assert days == ["2023-12-30", "2023-12-31", "2024-01-01"]
    assert "export_days['es/*.csv']" in note


def test_tiktok_export_day_reaches_the_cached_client_tables(tmp_path, isolated_root):
    params = client(tmp_path, channels=["tiktok"])
    shutil.copy(FIXTURES / "tiktok" / "es" / "Overview.csv", params.data_path / "Overview.csv")
    first = load_client_data(params).account_daily["date"].max()
    moved = params.model_copy(update={"import_options": type(params.import_options)(
        tiktok={"export_day": dt.date(2020, 1, 5)})})
    assert load_client_data(moved).account_daily["date"].max() == TS("2020-01-01") != first


def test_inspect_with_a_client_reads_its_zone_and_import_options(isolated_root, capsys):
    folder = isolated_root / "data" / "acme"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "tiktok" / "es" / "Overview.csv", folder / "Overview.csv")
    (isolated_root / "params" / "acme.yaml").write_text(
        "display_name: Acme\nchannels: [tiktok]\ntimezone: Europe/Madrid\ndata_dir: data/acme\n"
        "import_options:\n  tiktok:\n    export_day: 2024-01-02\n", encoding="utf-8")
    assert cli.main(["inspect", "--client", "acme", str(folder / "Overview.csv")]) == 0
    out = capsys.readouterr().out
    assert "  dates    2023-12-30 .. 2024-01-01\n" in out and "import_options.tiktok.export_day" in out


def test_import_options_errors_name_the_file_field_and_fix(isolated_root, capsys):
    from reporting.params import ParamsError, load_client

    (isolated_root / "data" / "acme").mkdir(parents=True)
    (isolated_root / "params" / "acme.yaml").write_text(
        "display_name: Acme\nchannels: [tiktok]\ndata_dir: data/acme\n"
        "import_options:\n  tiktok:\n    export_day: 2024-02-30\n    export_days: {'../x.csv': 2024-01-01}\n"
        "  tiktk: {}\n", encoding="utf-8")
    with pytest.raises(ParamsError) as err:
        load_client("acme")
    text = str(err.value)
    assert "acme.yaml: import_options.tiktok.export_day:" in text
    assert "Example: import_options: {tiktok: {export_day: 2026-03-01}}" in text
    assert "import_options.tiktok.export_days: '../x.csv' is not a path under the data folder" in text
    assert "import_options.tiktk: unknown key (typo?)" in text
    assert cli.main(["inspect", "--client", "acme", "x.csv"]) == 2
    assert "import_options.tiktok.export_day" in capsys.readouterr().err
