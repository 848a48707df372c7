"""The XLSX beside each report: one sheet per table, numbers as numbers, never a formula."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from reporting import display
from reporting.batch import render, workbook
from reporting.batch.workbook import TableData, parse_number


@pytest.mark.parametrize(("text", "language", "value", "fmt"), [
    ("1,234", "en", 1234, "#,##0"),
    ("12.5%", "en", 0.125, "0.0%"),
    ("+23.8%", "ko", 0.238, "+0.0%;-0.0%;0.0%"),
    ("-4%", "en", -0.04, "0%"),
    ("1.234,5", "el", 1234.5, "#,##0.0"),
    ("15,3%", "el", 0.153, "0.0%"),
    ("₩11,475,973", "ko", 11475973, '"₩"#,##0'),
    ("1.250 €", "el", 1250, '#,##0" €"'),
    ("1.25×", "en", 1.25, '0.00"×"'),
])
def test_formatted_numbers_are_read_back(text: str, language: str, value: float, fmt: str) -> None:
    symbols = ("₩", "KRW") if language == "ko" else ("€", "EUR")
    parsed = parse_number(text, language, symbols)
    assert parsed is not None and parsed.value == pytest.approx(value) and parsed.number_format == fmt


@pytest.mark.parametrize("text", ["52.8만", "2026. 11. 30.", "5,646 (5,629 – 5,662)", "+0.2%p", "09:00", "–", "abc",
                                  "1,23,4"])
def test_what_is_not_a_plain_number_stays_text(text: str) -> None:
    assert parse_number(text, "ko", ("₩",)) is None


def test_formulas_are_stored_as_text() -> None:
    hostile = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"]
    data = workbook.build([TableData("Mentions", ["text"], [[h] for h in hostile])])
    ws = openpyxl.load_workbook(io.BytesIO(data))["Mentions"]
    cells = [ws.cell(row=i + 2, column=1) for i in range(len(hostile))]
    assert [c.value for c in cells] == [h.replace("\r", "\n") for h in hostile]  # XML stores CR as LF
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert b"<f>" not in _sheet_xml(data)


def _sheet_xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_sheet_names_are_excel_safe_and_unique() -> None:
    names = workbook.sheet_names(["Goals: progress / pace", "Goals: progress / pace", "", "x" * 40, "'quoted'"])
    assert names == ["Goals progress pace", "Goals progress pace (2)", "Table 3", "x" * 31, "quoted"]


def test_display_table_carries_raw_values_to_the_workbook() -> None:
    df = pd.DataFrame({"Channel": ["facebook", "=cmd"], "Rate": [0.1234, 0.5], "Day": [pd.Timestamp("2026-10-03"),
                                                                                        pd.NaT]})
    shown = display.table(df, formats={"Rate": lambda v: f"{v:.1%}"}, caption="Rates", max_rows=1)
    (payload,) = shown.tables
    assert payload["values"][0][1] == 0.1234 and payload["rows"][1] == ["=cmd", "50.0%", "–"]
    html = shown.markup
    assert f'data-table="{payload["id"]}"' in html and '<th scope="col">Rate</th>' in html
    tables = render.collect_tables(html, {payload["id"]: payload})
    data = workbook.build(tables, "en")
    ws = openpyxl.load_workbook(io.BytesIO(data))["Rates"]
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["Channel", "Rate", "Day"], ["facebook", 0.1234, dt.datetime(2026, 10, 3)], ["=cmd", 0.5, None]]
    assert ws["B2"].number_format == "0.0%" and ws["C2"].number_format == "yyyy-mm-dd"


def test_a_table_without_payload_is_read_from_the_html() -> None:
    html = ('<h2 id="x">Scores</h2><table><thead><tr><th>Brand</th><th>Share</th></tr></thead>'
            "<tbody><tr><td>A &amp; B</td><td>12.5%</td></tr></tbody></table>"
            '<aside class="rp-analyst-note"><table><tr><th>n</th></tr></table></aside>')
    (table,) = render.collect_tables(html, {})
    assert (table.name, table.columns, table.rows) == ("Scores", ["Brand", "Share"], [["A & B", "12.5%"]])
    ws = openpyxl.load_workbook(io.BytesIO(workbook.build([table], "en")))["Scores"]
    assert ws["A2"].value == "A & B" and ws["B2"].value == 0.125
