"""What comes around every demo report: TOC, anchors, branding, analyst notes, the XLSX and the PDF.

Reads the session's rendered demo reports (``conftest.rendered``). The PDF is opened with PDFium
(pypdfium2): its text extraction handles the embedded CJK fonts that pure-Python readers garble.
"""

from __future__ import annotations

import base64
import html as htmllib
import importlib.util
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from reporting.batch.workbook import parse_number
from reporting.registry import REPORTS


def _e2e_helpers():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


report_files = _e2e_helpers().report_files
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
CLIENTS = ["demo-cafe", "demo-furniture", "demo-saas"]
NOTE_TITLE = {"demo-cafe": "분석가 메모", "demo-furniture": "Σημείωση αναλυτή", "demo-saas": "Analyst's note"}
CASES = [(c, r) for c in CLIENTS for r in REPORTS]


def _html_path(rendered: dict, client: str, report: str) -> Path:
    return next((rendered["reports"] / client).glob(f"*/{report}.html"))


@pytest.mark.parametrize(("client", "report"), CASES)
def test_toc_anchors_branding_and_notes(rendered: dict, client: str, report: str) -> None:
    page, summary = report_files(rendered, client, report, default_period=True)
    ids = re.findall(r'<h2 id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == page.count("<h2"), "every section has one unique anchor"
    toc = re.search(r'<nav class="rp-toc".*?</nav>', page, re.S)
    assert toc, "no table of contents"
    assert set(re.findall(r'href="#([^"]+)"', toc[0])) == set(ids) - {"summary"}
    assert '<main class="rp-report" id="top">' in page and '<a href="#top">' in page
    assert re.search(r'<header class="rp-brand"><img [^>]*src="data:image/png;base64,', page)
    assert "Northwind Social" in page
    assert "--accent-light: #" in page
    notes = summary["analyst_notes"]
    assert notes, "each demo report has an analyst note"
    assert page.count('<aside class="rp-analyst-note">') == len(notes) and NOTE_TITLE[client] in htmllib.unescape(page)
    for note in notes:
        if note["section"]:
            heading = re.search(rf'<h2 id="{re.escape(note["section"])}">.*?</h2>', page)[0]
            assert page.index(heading) + len(heading) == page.index('<aside class="rp-analyst-note">', page.index(heading))
    if report == "kpi_review":
        assert "&lt;script&gt;" in page and "<script" not in page  # the note names a script tag: text, inert


@pytest.mark.parametrize(("client", "report"), CASES)
def test_xlsx_holds_every_table(rendered: dict, client: str, report: str) -> None:
    path = _html_path(rendered, client, report)
    page = path.read_text(encoding="utf-8")
    data = path.with_suffix(".xlsx").read_bytes()
    link = re.search(r'<a href="data:application/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,'
                     rf'([^"]+)" download="{report}\.xlsx">', page)
    assert link and base64.b64decode(link[1]) == data, "the report links the same workbook it is stored beside"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    without_notes = re.sub(r'<aside class="rp-analyst-note">.*?</aside>', "", page, flags=re.S)
    tables = re.findall(r"<table\b.*?</table>", without_notes, re.S)
    assert len(wb.worksheets) == len(tables) > 0
    numbers = 0
    for ws, table in zip(wb.worksheets, tables, strict=True):
        head = [htmllib.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<th[^>]*>(.*?)</th>", table)]
        assert [c.value for c in ws[1]] == head
        for r, row in enumerate(re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1] if "<tbody>" in table else "")):
            cells = [" ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", c)).split())
                     for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            got = [c.value for c in ws[r + 2]]
            for text, value in zip(cells, got, strict=True):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    numbers += 1
                    parsed = parse_number(text, summary_language(path), ("₩", "€", "$", "KRW", "EUR", "USD"))
                    assert parsed is not None and value == pytest.approx(parsed.value, rel=0.01, abs=0.006), (text, value)
                elif value is None:
                    assert text in ("", "–"), text
                elif not hasattr(value, "year"):
                    assert " ".join(str(value).split()) == text, (str(value), text)
    assert numbers > 0, "numbers are stored as numbers"


def summary_language(html: Path) -> str:
    return json.loads(html.with_name(f"{html.stem}.summary.json").read_text(encoding="utf-8"))["language"]


@pytest.mark.parametrize(("client", "report"), CASES)
def test_pdf_has_pages_text_and_charts(rendered: dict, client: str, report: str) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    import pypdfium2.raw as pdfium_c

    path = _html_path(rendered, client, report)
    page = path.read_text(encoding="utf-8")
    doc = pdfium.PdfDocument(str(path.with_suffix(".pdf")))
    assert len(doc) > 1
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    title = htmllib.unescape(re.search(r"<h1>(.*?)</h1>", page)[1])
    assert title in text, "the report's title (in its language) is extractable"
    summary = json.loads(path.with_name(f"{report}.summary.json").read_text(encoding="utf-8"))
    assert summary["client_name"] in text
    assert f"1 / {len(doc)}" in text and f"{len(doc)} / {len(doc)}" in text, "page numbers"
    images = sum(1 for i in range(len(doc)) for _ in doc[i].get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    charts = len(re.findall(r'<figure class="rp-figure"><img', page))
    assert images >= charts + 1, f"{images} images in the PDF for {charts} charts and the logo"
