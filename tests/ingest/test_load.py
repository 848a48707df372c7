"""load_client_data: overlapping exports, time zones, account filling and the Parquet cache."""

from __future__ import annotations

import os
import shutil

import pandas as pd

from ingest_support import FIXTURES, client
from reporting import paths, tables
from reporting.ingest import inspection, load_client_data

TS = pd.Timestamp
FB_HEADER = "Post ID,Page ID,Page name,Title,Publish time,Post type,Date,Views,Reach,Reactions,Comments,Shares\n"


def _write(path, text, mtime=None):
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def test_overlapping_exports_latest_data_wins_column_by_column(tmp_path, isolated_root):
    params = client(tmp_path, timezone="UTC")
    folder = params.data_path
    # March export, downloaded later (newer mtime) but ending earlier: it is NOT the latest export.
    _write(folder / "march.csv", FB_HEADER + "11,1,Cafe,Old caption,03/30/2024 10:00,Photos,Lifetime,100,80,5,1,0\n"
           "12,1,Cafe,Only in March,03/02/2024 10:00,Photos,Lifetime,50,40,2,0,0\n", mtime=2_000_000_000)
    # March-April export ends in April: its lifetime metrics are more recent; Shares is missing here.
    _write(folder / "april.csv", FB_HEADER + "11,1,Cafe,New caption,03/30/2024 10:00,Photos,Lifetime,300,200,9,4,\n"
           "13,1,Cafe,April post,04/20/2024 10:00,Photos,Lifetime,70,60,1,0,0\n", mtime=1_900_000_000)
    posts = load_client_data(params).posts.set_index("post_id")
    assert sorted(posts.index) == ["11", "12", "13"]
    merged = posts.loc["11"]
    assert (merged.impressions, merged.reach, merged.likes, merged.comments) == (300, 200, 9, 4)
    assert merged.text == "New caption"
    assert merged.shares == 0  # missing in the latest export: the earlier value is kept
    assert merged.source_file == "april.csv"


def test_same_data_end_falls_back_to_modification_time(tmp_path, isolated_root):
    params = client(tmp_path, timezone="UTC")
    folder = params.data_path
    row = "11,1,Cafe,{caption},03/30/2024 10:00,Photos,Lifetime,{views},80,5,1,0\n"
    _write(folder / "a.csv", FB_HEADER + row.format(caption="from a", views=100), mtime=1_900_000_100)
    _write(folder / "b.csv", FB_HEADER + row.format(caption="from b", views=200), mtime=1_900_000_000)
    post = load_client_data(params).posts.iloc[0]
    assert (post.text, post.impressions) == ("from a", 100)


def test_tables_are_in_the_client_zone(tmp_path, isolated_root):
    src = FIXTURES / "x" / "tweet_activity_metrics_demo_20240301_20240401_en.csv"
    results = {}
    for tz in ("Asia/Seoul", "America/New_York"):
        params = client(tmp_path / tz.replace("/", "-"), timezone=tz)
        shutil.copy(src, params.data_path / src.name)
        data = load_client_data(params)
        assert str(data.posts["published"].dt.tz) == tz
        results[tz] = data.posts.set_index("post_id")["published"]
    tweet = "1765432109876543210"  # 2024-03-10 06:30 UTC
    assert results["Asia/Seoul"][tweet] == TS("2024-03-10 15:30", tz="Asia/Seoul")
    assert results["America/New_York"][tweet] == TS("2024-03-10 01:30", tz="America/New_York")
    assert results["Asia/Seoul"][tweet] == results["America/New_York"][tweet]  # same instant


def test_every_table_has_canonical_dtypes(tmp_path, isolated_root):
    params = client(tmp_path)
    for sub in ("meta", "listening", "ga", "templates", "sprout"):
        for f in (FIXTURES / sub).rglob("*.csv"):
            target = params.data_path / f.relative_to(FIXTURES)  # several fixtures are named data-export.csv
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, target)
    data = load_client_data(params)
    for name in tables.TABLES:
        expected = tables.empty(name, params.timezone).dtypes
        pd.testing.assert_series_equal(data.table(name).dtypes, expected, check_names=False)
    # web: 11 by source + 3 site-total days (users-by-date) + 3 sources x 2 days (users-by-source), less
    # google / organic on 1 March, in two exports: one row, merged;
    # demographics: 8 (2025 Audience.csv) + 17 (2023 Audience.csv: 2 totals, 6 age x gender, 5 cities, 4 countries)
    # less the 4 Facebook age x gender cells (18-24, 25-34) both files hold: merged
    assert len(data.mentions) == 5 and len(data.web_traffic) == 19 and len(data.demographics) == 21


def test_account_filled_from_the_clients_only_handle(tmp_path, isolated_root):
    params = client(tmp_path, handles={"facebook": "motungicoffee", "x": ["a", "b"]})
    shutil.copy(FIXTURES / "meta" / "Follows.csv", params.data_path / "Follows.csv")
    daily = load_client_data(params).account_daily
    assert set(daily["account"]) == {"motungicoffee"}


def test_hidden_files_notes_and_answer_key_are_not_imported(tmp_path, isolated_root):
    params = client(tmp_path)
    folder = params.data_path
    shutil.copy(FIXTURES / "templates" / "pinterest_posts.csv", folder / "pins.csv")
    (folder / "README.md").write_text("# notes")
    (folder / "planted.json").write_text("{}")
    (folder / ".hidden.csv").write_text("colour\nred\n")
    (folder / "sub").mkdir()
    shutil.copy(FIXTURES / "templates" / "pinterest_posts.csv", folder / "sub" / "pins.csv")
    data = load_client_data(params)
    assert sorted(data.sources["file"]) == ["pins.csv", "sub/pins.csv"]
    assert data.rejections.empty


def test_cache_reimports_only_the_changed_file(tmp_path, isolated_root, monkeypatch):
    params = client(tmp_path)
    folder = params.data_path
    shutil.copy(FIXTURES / "templates" / "pinterest_posts.csv", folder / "pins.csv")
    shutil.copy(FIXTURES / "meta" / "Follows.csv", folder / "Follows.csv")
    calls = []
    real = inspection.import_file

    def counting(path, ctx, display=None):
        calls.append(path.name)
        return real(path, ctx, display)

    monkeypatch.setattr("reporting.ingest.load.import_file", counting)
    first = load_client_data(params)
    assert sorted(calls) == ["Follows.csv", "pins.csv"]
    assert (paths.cache_dir("test") / "manifest.json").is_file()
    calls.clear()
    again = load_client_data(params)
    assert calls == []
    pd.testing.assert_frame_equal(first.posts, again.posts)
    pd.testing.assert_frame_equal(first.account_daily, again.account_daily)
    text = (folder / "pins.csv").read_text().replace("Oak table", "Oak bench")
    (folder / "pins.csv").write_text(text)
    changed = load_client_data(params)
    assert calls == ["pins.csv"]
    assert "Oak bench" in changed.posts["text"].tolist()
    calls.clear()
    os.utime(folder / "Follows.csv", (1_700_000_000, 1_700_000_000))  # touched, same content
    load_client_data(params)
    assert calls == []
    calls.clear()
    uncached = load_client_data(params, use_cache=False)
    assert sorted(calls) == ["Follows.csv", "pins.csv"]
    pd.testing.assert_frame_equal(changed.posts, uncached.posts)
