"""Containers, encodings, delimiters and layouts: every variant yields the same canonical rows."""

from __future__ import annotations

import codecs

import openpyxl
import pandas as pd
import pytest

from ingest_support import frame, read
from reporting.ingest import sources
from reporting.ingest.fields import parse_numbers, parse_times

TS = pd.Timestamp
TEMPLATE = "post_id,channel,published,likes,text\np1,facebook,2024-03-10 09:00,\"1,200\",\"héllo, 세계\"\np2,instagram,2024-03-11 10:30,7,Γεια\n"


def _posts(path, tz="UTC"):
    report = read(path, tz=tz)
    assert report.error is None, report.error
    return frame(report, "posts", tz)


@pytest.mark.parametrize("variant", ["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-no-bom",
                                     "semicolon", "tab", "crlf", "sep-hint"])
def test_encodings_and_delimiters_read_identically(tmp_path, variant):
    text = TEMPLATE
    if variant == "semicolon":
        text = text.replace(",", ";").replace('"1;200"', '"1,200"').replace('"héllo; 세계"', '"héllo, 세계"')
    elif variant == "tab":
        text = text.replace(",", "\t").replace('"1\t200"', '"1,200"').replace('"héllo\t 세계"', '"héllo, 세계"')
    elif variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "sep-hint":
        text = "sep=,\n" + text
    data = {
        "utf8-bom": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf16-le-bom": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "utf16-be-bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf16-no-bom": text.encode("utf-16-le"),
    }.get(variant, text.encode("utf-8"))
    path = tmp_path / "posts.csv"
    path.write_bytes(data)
    posts = _posts(path)
    assert posts["post_id"].tolist() == ["p1", "p2"]
    assert posts["likes"].tolist() == [1200, 7]
    assert posts["text"].tolist() == ["héllo, 세계", "Γεια"]
    assert posts["published"].tolist() == [TS("2024-03-10 09:00", tz="UTC"), TS("2024-03-11 10:30", tz="UTC")]


def test_legacy_code_page_is_guessed_and_reported(tmp_path):
    path = tmp_path / "Follows.csv"
    path.write_bytes("Последователи Facebook follows;\nDate;Primary\n2025-10-31T00:00:00;4\n".encode("cp1251"))
    report = read(path)
    assert report.encoding.startswith("cp1251 (not UTF-8: guessed)")
    assert frame(report, "account_daily")["net_new"].tolist() == [4]


def test_lines_wrapped_in_quotes_by_a_resave_are_unwrapped(tmp_path):
    inner = ['post_id,channel,published,text', 'p1,instagram,2024-03-10 09:00,"two', 'lines, with ""quotes"""']
    wrapped = "\n".join('"' + line.replace('"', '""') + '"' if ('"' in line or "," in line) else line for line in inner)
    path = tmp_path / "INSTAGRAM_RAW.csv"
    path.write_text(wrapped + "\n", encoding="utf-8")
    posts = _posts(path)
    assert posts["text"].tolist() == ['two\nlines, with "quotes"']


def test_xlsx_with_preamble_rows_and_excel_dates(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Posts report"])
    sheet.append(["Exported by the agency"])
    sheet.append([])
    sheet.append(["post_id", "channel", "published", "likes"])
    sheet.append(["p1", "pinterest", pd.Timestamp("2024-03-10 09:00").to_pydatetime(), 3])
    sheet.append([123456789012345, "pinterest", "2024-03-11 10:00", 4.0])
    sheet.append([12345678901234567, "pinterest", "2024-03-12 10:00", 1])  # beyond a float's 15 digits
    path = tmp_path / "posts.xlsx"
    book.save(path)
    report = read(path, tz="Europe/Athens")
    [rejected] = report.rejections
    assert rejected.row == 7 and rejected.column == "post_id" and "digits are lost" in rejected.reason
    posts = frame(report, "posts", "Europe/Athens")
    assert posts["post_id"].tolist() == ["p1", "123456789012345"]
    assert posts["published"].tolist() == [TS("2024-03-10 09:00", tz="Europe/Athens"),
                                           TS("2024-03-11 10:00", tz="Europe/Athens")]
    assert posts["likes"].tolist() == [3, 4]


def test_stacked_blocks_are_split_on_blank_rows_before_titles():
    records = [["# Start date: 20240301"], ["Nth day", "Users"], ["0000", "1"], [], ["# title"], ["Country", "Users"],
               ["KR", "3"], [""], ["KR", "4"]]
    blocks = sources.split_blocks(records, list(range(1, len(records) + 1)))
    assert [len(b[0]) for b in blocks] == [3, 4]
    assert blocks[1][1] == [5, 6, 7, 9]  # a blank row inside a table does not split it; row numbers kept


def test_large_files_go_through_pyarrow_with_the_same_result(tmp_path, monkeypatch):
    rows = "".join(f'p{i},x,2024-03-{1 + i % 28:02d} 10:00,"{i:,}","line one\nline two, {i}"\n' for i in range(3000))
    path = tmp_path / "posts.csv"
    path.write_text("Report: demo\n\n" + TEMPLATE.splitlines()[0] + "\n" + rows, encoding="utf-8")
    slow = _posts(path)
    monkeypatch.setattr(sources, "FAST_MIN_BYTES", 1000)
    monkeypatch.setattr(sources, "HEAD_BYTES", 2000)
    sheet = sources.read_sheets(path)[0]
    assert sheet.body is not None  # really took the pyarrow path
    fast = _posts(path)
    pd.testing.assert_frame_equal(slow, fast)
    assert fast["likes"].sum() == sum(range(3000))
    assert fast["text"].iloc[5] == "line one\nline two, 5"


def test_large_file_with_ragged_rows_falls_back_to_python(tmp_path, monkeypatch):
    rows = "".join(f"p{i},x,2024-03-01 10:00,{i},hi\n" for i in range(200)) + "p200,x,2024-03-01 10:00\n"
    path = tmp_path / "posts.csv"
    path.write_text(TEMPLATE.splitlines()[0] + "\n" + rows + "p201,x,2024-03-01 10:00,1,a,extra\n", encoding="utf-8")
    monkeypatch.setattr(sources, "FAST_MIN_BYTES", 1000)
    monkeypatch.setattr(sources, "HEAD_BYTES", 500)
    report = read(path)
    posts = frame(report, "posts")
    assert len(posts) == 201 and posts["likes"].sum() == sum(range(200))
    [rej] = report.rejections
    assert rej.row == 203 and rej.reason == "row has 6 cells but the header has 5"


def test_number_formats():
    values = pd.Series(["1,234", "1 234 567", "1.234,5", "1,5", "(12)", "12.5", "-3", "", "N/A", "-", "1e3", "abc"],
                       dtype="string")
    parsed, bad = parse_numbers(values)
    assert parsed.tolist()[:7] == [1234, 1234567, 1234.5, 1.5, -12, 12.5, -3]
    assert parsed.iloc[7:10].isna().all() and parsed.iloc[10] == 1000
    assert bad.tolist() == [False] * 11 + [True]
    money, _ = parse_numbers(pd.Series(["€ 1,234.50", "$12", "₩12,000"], dtype="string"), money=True)
    assert money.tolist() == [1234.5, 12.0, 12000.0]


def test_naive_times_in_the_client_zone_across_dst():
    values = pd.Series(["2024-03-10 02:30", "2024-11-03 01:30", "2024-07-01 12:00"], dtype="string")
    parsed, bad = parse_times(values, ["%Y-%m-%d %H:%M"], "America/New_York")
    assert not bad.any()
    assert parsed.tolist() == [
        TS("2024-03-10 07:00", tz="UTC"),  # 02:30 does not exist: shifted to 03:00 EDT
        TS("2024-11-03 05:30", tz="UTC"),  # 01:30 happens twice: the first (EDT) is kept
        TS("2024-07-01 16:00", tz="UTC"),
    ]
