"""The data footer: the files read, one per row, or one row per format (full list folded) when there are many."""

from __future__ import annotations

import pandas as pd

from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams
from reporting.periods import resolve
from reporting.report import LISTED_FILES, ReportContext


def _context(files: int) -> ReportContext:
    params = ClientParams.model_validate({"client_id": "small", "display_name": "Small", "timezone": "UTC",
                                          "channels": ["x"], "demo": True})
    months = pd.date_range("2024-01-01", periods=files, freq="MS")
    sources = pd.DataFrame({"file": [f"exports/x_{m:%Y%m}.csv" for m in months], "format": "X analytics",
                            "table": "posts", "rows": 10, "rejected": 1, "first": months,
                            "last": months + pd.offsets.MonthEnd(0)})
    survey = pd.DataFrame({"file": ["survey.csv"], "format": "Survey", "table": "survey", "rows": [481],
                           "rejected": [0], "first": [pd.NaT], "last": [pd.NaT]})
    ctx = ReportContext(report="kpi_review", params=params, period=resolve("2025-06"), t=Translator("en"))
    ctx.__dict__["data"] = ClientData.from_frames("UTC", sources=pd.concat([sources, survey], ignore_index=True))
    return ctx


def test_a_few_files_are_listed_one_per_row() -> None:
    html = _context(3).sources_read()
    assert [t["caption"] for t in html.tables] == ["Sources read"]
    assert "x_202401.csv" in html.markup and "<details" not in html.markup
    assert html.markup.count("<tr>") == 1 + 4  # the header and four files


def test_many_files_get_one_row_per_format_and_the_list_folded_out_of_print() -> None:
    html = _context(LISTED_FILES + 12).sources_read()
    summary, everything = html.tables
    assert summary["caption"] == "Sources read" and everything["caption"] == "All 25 files read"
    rows = html.markup[:html.markup.index("<details")]
    assert "x_202401.csv" not in rows and "<td>24</td><td>240</td><td>24</td>" in rows  # files, rows, rejected
    assert "Jan 1, 2024" in rows and "Dec 31, 2025" in rows and "undated" in rows  # the survey has no dates
    assert html.markup.count("x_2024") == 12 and '<details class="rp-files">' in html.markup
    assert '<p class="rp-note rp-print-only">The 25 files read are listed one by one' in html.markup
