"""Bad input: every problem names the file, the row and the column; nothing disappears silently."""

from __future__ import annotations

import pytest

from ingest_support import client, frame, read
from reporting.ingest import ExportError, load_client_data

HEADER = "post_id,channel,published,likes,reach\n"


def _file(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_unrecognised_file_names_the_file_and_its_first_row(tmp_path):
    report = read(_file(tmp_path, "notes.csv", "colour,size\nred,3\n"))
    assert report.rows == {}
    assert "notes.csv" in report.error and "no importer recognises" in report.error
    assert "'colour, size'" in report.error


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\n\n  \r\n"])
def test_empty_file_is_an_error(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    report = read(path)
    assert report.error == "empty.csv: the file is empty"


def test_binary_junk_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    report = read(path)
    assert report.error == "photo.csv: binary data, not a text export or workbook (an image, a PDF, a zip?)"
    zipped = tmp_path / "Overview_2025-02-28_1740700000_haileytupy2.0.zip"
    import zipfile

    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("Overview.csv", "Date,Video Views\n")
    assert "unzip the download" in read(zipped).error


def test_header_without_rows_imports_nothing_and_says_so(tmp_path):
    report = read(_file(tmp_path, "posts.csv", HEADER))
    assert report.error is None and report.rows == {"posts": 0}
    assert any("no data rows" in n for n in report.notes)


def test_required_column_missing_names_file_row_and_column(tmp_path):
    report = read(_file(tmp_path, "posts.csv", "post_id,channel,likes\np1,facebook,3\n"))
    assert report.error == ("posts.csv, row 1, column 'published': required column 'published' is missing "
                            "(columns found: post_id, channel, likes)")


def test_required_column_missing_in_a_platform_export(tmp_path):
    text = "Post ID,Page ID,Publish time,Reach\n1,2,03/01/2024 10:00,5\n"
    report = read(_file(tmp_path, "fb.csv", text.replace("Publish time", "Posted at").replace("Page ID,", "Page ID,Publish time2,")))
    assert report.error.startswith("fb.csv: no importer recognises")
    report = read(_file(tmp_path, "fb2.csv", "Post ID,Page ID,Publish time,Reach\n,2,03/01/2024 10:00,5\n"))
    [rej] = report.rejections
    assert (rej.row, rej.column, rej.reason) == (2, "Post ID", "missing value in a required column")


def test_bad_cells_reject_their_rows_with_file_row_column_and_value(tmp_path):
    text = HEADER + ("p1,facebook,2024-03-01 10:00,3,10\n"
                     "p2,facebook,2024-02-30 10:00,3,10\n"
                     "p3,facebook,2024-03-02 10:00,-4,10\n"
                     "p4,facebook,2024-03-03 10:00,lots,10\n"
                     "p5,facebook,2024-03-04 10:00,2.5,abc\n"
                     "p6,myspace,2024-03-04 10:00,1,1\n")
    report = read(_file(tmp_path, "posts.csv", text))
    assert frame(report, "posts")["post_id"].tolist() == ["p1"]
    got = [(r.file, r.row, r.column, r.reason) for r in report.rejections]
    assert got == [
        ("posts.csv", 3, "published", "unparseable date (expected e.g. 2026-03-01 14:05): '2024-02-30 10:00'"),
        ("posts.csv", 4, "likes", "negative count: '-4'"),
        ("posts.csv", 5, "likes", "not a number: 'lots'"),
        ("posts.csv", 6, "reach", "not a number: 'abc' (and 1 more bad cell(s) in this row)"),
        ("posts.csv", 7, "channel", "unknown channel 'myspace' (use one of facebook, instagram, x, linkedin, "
                                    "youtube, tiktok, pinterest)"),
    ]


def test_rows_longer_than_the_header_are_rejected(tmp_path):
    report = read(_file(tmp_path, "posts.csv", HEADER + "p1,x,2024-03-01 10:00,1,2,surprise\n"))
    [rej] = report.rejections
    assert rej.row == 2 and rej.reason == "row has 6 cells but the header has 5"


def test_ids_rounded_by_a_spreadsheet_are_rejected(tmp_path):
    text = "Tweet id,Tweet permalink,Tweet text,time,impressions\n6.49E+17,https://twitter.com/a/status/1,hi,2016-01-29 10:00 +0000,5\n"
    [rej] = read(_file(tmp_path, "tweets.csv", text)).rejections
    assert rej.column == "Tweet id" and "'6.49E+17' was rounded by a spreadsheet" in rej.reason


def test_export_error_carries_file_row_and_column():
    err = ExportError("a.csv", "broken", row=3, column="Reach")
    assert (err.file, err.row, err.column, str(err)) == ("a.csv", 3, "Reach", "a.csv, row 3, column 'Reach': broken")


def test_one_bad_file_never_hides_the_good_ones(tmp_path, isolated_root):
    params = client(tmp_path)
    folder = params.data_path
    _file(folder, "good.csv", HEADER + "p1,facebook,2024-03-01 10:00,3,10\np2,facebook,2024-03-01 11:00,x,1\n")
    _file(folder, "unknown.csv", "colour,size\nred,3\n")
    (folder / "empty.csv").write_bytes(b"")
    data = load_client_data(params)
    assert data.posts["post_id"].tolist() == ["p1"]
    rejections = data.rejections.sort_values("file").reset_index(drop=True)
    assert rejections["file"].tolist() == ["empty.csv", "good.csv", "unknown.csv"]
    assert rejections.loc[1, ["row", "column"]].tolist() == [3, "likes"]
    assert rejections.loc[0, "reason"] == "empty.csv: the file is empty"
    sources = data.sources.set_index("file")
    assert sources.loc["good.csv", "rows"] == 1 and sources.loc["good.csv", "rejected"] == 1
    assert sources.loc["unknown.csv", "format"] == "error"
