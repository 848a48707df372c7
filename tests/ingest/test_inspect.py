"""inspect_paths / format_report: what `reporting inspect` and `reporting validate` print."""

from __future__ import annotations

from ingest_support import FIXTURES
from reporting.ingest import format_report, inspect_paths


def test_report_lists_format_rows_dates_mapping_and_rejections(tmp_path):
    bad = tmp_path / "posts.csv"
    bad.write_text("post_id,channel,published,likes\np1,facebook,2024-03-01 10:00,3\np2,facebook,someday,4\n")
    unknown = tmp_path / "notes.csv"
    unknown.write_text("colour\nred\n")
    readme = tmp_path / "README.md"
    readme.write_text("# notes")
    reports = inspect_paths([bad, unknown, readme, FIXTURES / "meta" / "Follows.csv"], tz="Asia/Seoul")
    text = format_report(reports)
    assert f"{bad}\n  format   Plain CSV template: posts\n  encoding UTF-8 ','\n" in text
    assert "  rows     2 read -> posts 1; 1 rejected\n" in text
    assert "  dates    2024-03-01 .. 2024-03-01\n" in text
    assert "  mapping  post_id -> post_id; channel -> channel; published -> published; likes -> likes\n" in text
    assert "  rejected row 3, column 'published': unparseable date (expected e.g. 2026-03-01 14:05): 'someday'\n" in text
    assert f"  ERROR    {unknown}: no importer recognises this table (first row: 'colour')" in text
    assert "skipped: a note (*.md), not imported" in text
    assert "UTF-16 ','" in text and "Primary -> net_new" in text
    assert text.endswith("4 file(s): 4 canonical rows, 1 rejected row(s), 1 file(s) with errors")
    assert [r.error is None for r in reports] == [True, False, True, True]


def test_labelled_sentiment_sets_are_explained_not_imported(tmp_path):
    path = tmp_path / "ratings_train.txt"
    path.write_text("id\tdocument\tlabel\n1\t재밌다\t1\n", encoding="utf-8")
    [report] = inspect_paths([path])
    assert report.error is None and report.rows == {}
    assert "not a platform export" in report.notes[0]


def test_ga4_segment_row_and_duplicated_metric_columns(tmp_path):
    path = tmp_path / "data-export.csv"
    path.write_text("# Report CSV Export\n# Start date: 20240301\n# End date: 20240301\n"
                    ",,All Users,All Users,Paid Traffic,Paid Traffic\n"
                    "Date,Session source / medium,Sessions,Key events,Sessions,Key events\n"
                    "20240301,lnkd.in / referral,9,1,0,0\nGrand total,,9,1,0,0\n", encoding="utf-8")
    [report] = inspect_paths([path])
    [ext] = report.extracts
    assert ext.frame[["source", "channel", "sessions", "conversions"]].values.tolist() == [
        ["lnkd.in", "linkedin", 9, 1]]
    assert any("first segment" in n for n in report.notes) and any("total row" in n for n in report.notes)
    assert report.rejections == []
