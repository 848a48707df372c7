"""The stakeholder HTML: outputs only, no code, prompts, parameters, stderr, errors or external hosts."""

from __future__ import annotations

import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from reporting.batch import render
from reporting.outputs import SUMMARY_MIME


def _notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    params = new_code_cell('client = "demo-cafe"', metadata={"tags": ["parameters"]})
    injected = new_code_cell('client = "x"', metadata={"tags": ["injected-parameters"]},
                             outputs=[new_output("stream", name="stdout", text="injected\n")])
    shown = new_code_cell("show.heading('KPI')", execution_count=3, outputs=[
        new_output("display_data", data={"text/html": "<h2>Goals — 목표</h2>", "text/plain": "x"}),
        new_output("stream", name="stderr", text="Kernel is running over TCP without encryption\n"),
    ])
    summary = new_code_cell("ctx.summary({})", metadata={"tags": ["summary"]}, outputs=[
        new_output("display_data", data={SUMMARY_MIME: {"goals": [1]}, "text/plain": "{}"})])
    silent = new_code_cell("import pandas as pd", execution_count=1)
    nb.cells = [new_markdown_cell("# Analyst notes"), params, injected, silent, shown, summary]
    return nb


def test_html_has_outputs_only() -> None:
    html = render.to_html(_notebook(), "KPI review · Demo", "ko")
    assert "<h2>Goals — 목표</h2>" in html
    assert '<html lang="ko">' in html and "<title>KPI review · Demo</title>" in html
    for absent in ("In [", "injected", "client =", "import pandas", "Analyst notes", "without encryption",
                   "jp-InputArea", "<script", "@import", "Traceback"):
        assert absent not in html, absent


def test_no_external_references() -> None:
    html = render.to_html(_notebook(), "t", "en")
    refs = re.findall(r'(?:src|href)\s*=\s*["\']([^"\']*)', html)
    assert all(not r.startswith(("http:", "https:", "//")) for r in refs), refs
    assert "https://" not in html and "http://" not in html


def test_summary_is_extracted_not_shown() -> None:
    nb = _notebook()
    assert render.extract_summary(nb) == {"goals": [1]}
    assert "goals" not in render.to_html(nb, "t", "en")
    nb.cells.pop()
    assert render.extract_summary(nb) is None


def test_hangul_font_is_embedded_only_when_needed() -> None:
    korean = render.to_html(_notebook(), "KPI 리뷰", "ko")
    assert '@font-face { font-family: "Report Hangul"' in korean and "data:font/woff;base64," in korean
    english = render.embed_hangul_font("<html><head></head><body>Ξύλο & Φως</body></html>")
    assert "@font-face" not in english
