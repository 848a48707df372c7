"""Generator and importers agree: the demo files read back through ``reporting.ingest`` as planted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from demo_support import CLIENTS, END, files

from reporting.ingest import load_client_data
from reporting.ingest.inspection import FileReport, import_file, reference_day
from reporting.ingest.registry import Context
from reporting.params import load_client


def _import(path: Path, client: str) -> FileReport:
    params = load_client(client)
    return import_file(path, Context(tz=params.timezone, params=params, reference=reference_day(path), path=path))


def _frame(report: FileReport, table: str) -> pd.DataFrame:
    return pd.concat([e.frame for e in report.extracts if e.table == table], ignore_index=True)


@pytest.mark.parametrize("client", CLIENTS)
def test_one_file_of_every_format_imports_cleanly(demo_root: Path, planted: dict, client: str) -> None:
    smallest: dict[str, dict] = {}
    for record in planted[client]["files"]:
        size = (demo_root / client / record["file"]).stat().st_size
        if record["format"] not in smallest or size < smallest[record["format"]]["size"]:
            smallest[record["format"]] = record | {"size": size}
    for record in smallest.values():
        report = _import(demo_root / client / record["file"], client)
        assert report.error is None and report.rejected == 0, (record, report.error, report.rejections[:3])
        assert record["table"] in report.rows and report.rows[record["table"]] > 0, record


def test_cafe_spike_day_and_sentiment_survive_import(demo_root: Path, planted: dict) -> None:
    spike = planted["demo-cafe"]["signals"]["viral_complaint"]
    november = [p for p in files(demo_root, planted, "demo-cafe", "brandwatch") if "2026-11-01" in p.name]
    m = _frame(_import(november[0], "demo-cafe"), "mentions")
    local_day = m["time"].dt.tz_convert("Asia/Seoul").dt.date.astype(str)
    own = m[(m["brand"] == spike["brand"]) & (local_day == spike["date"])]
    assert len(own) == spike["day_count"]
    assert (own["sentiment"].dropna() == "negative").mean() > 0.75
    assert set(own["sentiment_origin"].dropna()) == {"export"}


def test_furniture_revenue_by_channel_survives_import(demo_root: Path, planted: dict) -> None:
    year = [p for p in files(demo_root, planted, "demo-furniture", "ga4")][1]  # 2025
    web = _frame(_import(year, "demo-furniture"), "web_traffic")
    revenue = web.groupby("channel")["revenue"].sum()
    expected = planted["demo-furniture"]["signals"]["instagram_no_sales"]["revenue"]
    for channel, value in expected.items():
        assert revenue[channel] == pytest.approx(value, abs=0.05), channel


def test_cafe_follower_baseline_survives_import(demo_root: Path, planted: dict) -> None:
    daily = _frame(_import(files(demo_root, planted, "demo-cafe", "sprout_profile_performance")[0], "demo-cafe"),
                   "account_daily")
    on_start = daily[(daily["channel"] == "facebook") & (daily["date"] == pd.Timestamp("2026-09-01"))]
    assert on_start["followers"].tolist() == [planted["demo-cafe"]["goals"]["fb-fans"]["baseline"]]


def test_survey_answers_map_to_canonical_values(demo_root: Path, planted: dict) -> None:
    people = _frame(_import(files(demo_root, planted, "demo-cafe", "survey")[0], "demo-cafe"), "respondents")
    assert len(people) == planted["demo-cafe"]["totals"]["respondents"]
    assert set(people["gender"]) <= {"female", "male", "other"}
    assert set(people["channels"].str.split(";").explode()) <= {"facebook", "instagram", "youtube", "tiktok"}
    assert set(people["active_hours"].str.split(";").explode()) <= {"morning", "midday", "evening", "night"}
    assert people["purchased"].notna().all()


def test_overlapping_exports_are_deduplicated(demo_root: Path, planted: dict, tmp_path: Path) -> None:
    """Two consecutive quarterly Facebook downloads share a week of posts: the import keeps each post once."""
    first, second = files(demo_root, planted, "demo-cafe", "meta_facebook_posts_38")[-3:-1]
    ids = set()
    for path in (first, second):
        shutil.copy(path, tmp_path / path.name)
        ids |= set(pd.read_csv(path, encoding="utf-8-sig", dtype={"Post ID": str})["Post ID"])
    both = sum(len(pd.read_csv(p, encoding="utf-8-sig")) for p in (first, second))
    assert both > len(ids)  # the overlap is real
    params = load_client("demo-cafe").model_copy(update={"data_dir": str(tmp_path)})
    posts = load_client_data(params, use_cache=False).posts
    assert sorted(posts["post_id"]) == sorted(ids)


def test_generated_history_ends_the_day_before_end(demo_root: Path, planted: dict) -> None:
    report = _import(files(demo_root, planted, "demo-saas", "x_overview")[0], "demo-saas")
    daily = _frame(report, "account_daily")
    assert daily["date"].max() == pd.Timestamp(END) - pd.Timedelta(days=1)
    assert daily["date"].min() == pd.Timestamp("2024-01-01")


def test_linkedin_follows_and_sprout_growth_agree(demo_root: Path, planted: dict) -> None:
    """Both land in account_daily.net_new for the same day and account: they must not contradict."""
    linkedin = _frame(_import(files(demo_root, planted, "demo-saas", "linkedin_followers")[0], "demo-saas"),
                      "account_daily")
    sprout = _frame(_import(files(demo_root, planted, "demo-saas", "sprout_profile_performance")[0], "demo-saas"),
                    "account_daily")
    sprout = sprout[sprout["channel"] == "linkedin"].set_index("date")["net_new"]
    assert (linkedin.set_index("date")["net_new"] == sprout.reindex(linkedin["date"])).all()
