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


def _page() -> str:
    return ('<html><head></head><body><main class="rp-report"><h1>KPI review</h1>'
            '<section class="rp-summary"><h2>In short</h2><ul><li>x</li></ul></section>'
            "<h2>SMART goals</h2><p>g</p><h2>SMART goals</h2><h2>Ünïcode &amp; more</h2>"
            '<table><thead><tr><th>a</th></tr></thead><tbody><tr><th>r</th><td>1</td></tr></tbody></table>'
            '<footer class="rp-footer"><h2>About this report\'s data</h2></footer></main></body></html>')


def test_every_section_gets_a_stable_anchor() -> None:
    html, sections = render.number_sections(_page(), "kpi_review", "en")
    assert [s.id for s in sections] == ["summary", "goals", "goals-2", "s-ünïcode-more", "data"]
    assert '<h2 id="goals">SMART goals</h2>' in html and '<h2 id="s-ünïcode-more">Ünïcode &amp; more</h2>' in html
    korean, ko_sections = render.number_sections("<h2>SMART 목표</h2>", "kpi_review", "ko")
    assert ko_sections[0].id == "goals"  # the catalogue's name: the same anchor in every language


def test_navigation_toc_back_to_top_and_header_scopes() -> None:
    from reporting.i18n import Translator

    html, sections = render.number_sections(_page(), "kpi_review", "en")
    html = render.add_navigation(html, sections, Translator("en"))
    toc = re.search(r'<nav class="rp-toc".*?</nav>', html, re.S)[0]
    assert re.findall(r'href="#([^"]+)"', toc) == ["goals", "goals-2", "s-ünïcode-more", "data"]
    assert html.index("</section>") < html.index('<nav class="rp-toc"') < html.index('<h2 id="goals">')
    assert html.count('<a href="#top">') == 4 and '<main class="rp-report" id="top">' in html
    assert '<th scope="col">a</th>' in html and '<th scope="row">r</th>' in html
    assert "<script" not in html


def test_notes_go_where_they_are_pinned() -> None:
    import datetime as dt

    from reporting.i18n import Translator
    from reporting.notes import Note, render_markdown

    def note(section: str | None, text: str) -> Note:
        return Note(section, text, render_markdown(text), "Ana", dt.date(2026, 11, 20), "notes/x.md")

    html, sections = render.number_sections(_page(), "kpi_review", "en")
    html, entries = render.place_notes(html, [note(None, "general"), note("#GOALS", "pinned <script>"),
                                              note("Ünïcode & more", "by title"), note("nowhere", "lost")],
                                       sections, Translator("en"))
    assert [(e["section"], e.get("unknown_section")) for e in entries] == [
        (None, None), ("goals", None), ("s-ünïcode-more", None), (None, "nowhere")]
    summary_end = html.index("</section>") + len("</section>")
    assert html.index("general") == html.index("<p>general", summary_end) + 3
    assert html.index('<h2 id="goals">SMART goals</h2><aside class="rp-analyst-note">') > 0
    assert "pinned &lt;script&gt;" in html and "<script" not in html
    assert html.index("by title") > html.index('<h2 id="s-ünïcode-more">')
    assert html.index("lost") < html.index('<h2 id="goals">')  # an unknown section: with the general notes
    assert "— Ana, Nov 20, 2026" in html


def test_a_pdf_that_cannot_be_made_costs_the_report_nothing(monkeypatch) -> None:  # noqa: ANN001
    """Pango missing, a font unreadable: the HTML is still made, and the run says why the PDF is not there."""
    from reporting.batch import pdf
    from reporting.params import load_client

    def broken(html: str, running_head: str) -> bytes:
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "make_pdf", broken)
    params = load_client("demo-saas").model_copy(update={"pdf": True, "xlsx": False})
    out = render.render_report(_notebook(), "kpi_review", "KPI review", params, "2026-10", running_head="x")
    assert out.pdf is None and "<h2" in out.html
    assert out.warning == "no PDF: OSError: cannot load library 'libpango-1.0-0'"
