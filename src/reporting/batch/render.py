"""Executed notebook -> stakeholder HTML: no code, no prompts, no parameters, no stderr, no external host.

The template (``templates/report``) reuses JupyterLab's cell markup with our
own small stylesheet and drops require.js, MathJax and mermaid, so the file
renders offline and as an email attachment.

Around what the notebook shows, :func:`render_report` adds what every report gets whatever its module:

- an anchor on every ``<h2>`` section (its catalogue name, e.g. ``#goals``; a slug of the heading text
  otherwise), a table of contents after the executive summary and "back to top" links: plain ids and
  links, no script, so they work in a mail client and in the PDF;
- the client's branding (logo, accent colour, agency) and the analyst's notes, each in its section;
- the XLSX workbook of every table, linked from the report as an embedded download;
- the PDF, when the client asks for one (``batch/pdf.py``).
"""

from __future__ import annotations

import base64
import importlib.util
import io
import logging
import re
from importlib import resources
from pathlib import Path
from dataclasses import dataclass, field
from html import escape, unescape
from typing import TYPE_CHECKING, Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from reporting.outputs import SUMMARY_MIME, TABLE_MIME

if TYPE_CHECKING:
    from reporting.batch.workbook import TableData
    from reporting.branding import Brand
    from reporting.i18n import Translator
    from reporting.notes import Note
    from reporting.params import ClientParams

REMOVED_TAGS = {"parameters", "injected-parameters", "summary", "analyst-only"}


class StakeholderOutputs(Preprocessor):
    """Keep only what a stakeholder should read: drop markdown (analyst notes), stderr, errors, empty cells."""

    def preprocess(self, nb: Any, resources: Any) -> tuple[Any, Any]:
        kept = []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs = [o for o in cell.get("outputs", []) if _shown(o)]
            if cell.outputs:
                kept.append(cell)
        nb.cells = kept
        return nb, resources


def _shown(output: Any) -> bool:
    if output.output_type == "stream":
        return output.get("name") == "stdout" and bool(output.get("text", "").strip())
    if output.output_type == "error":
        return False
    data = output.get("data", {})
    if SUMMARY_MIME in data:
        return False
    data.pop(TABLE_MIME, None)  # collected by table_payloads before rendering; never part of the HTML
    return bool(set(data) - {"text/plain"} or data.get("text/plain"))


def _template_dir() -> str:
    return str(resources.files("reporting") / "templates")


def _css() -> str:
    return (resources.files("reporting") / "templates" / "report" / "report.css").read_text(encoding="utf-8")


def to_html(nb: Any, title: str, language: str, brand: Brand | None = None) -> str:
    """Render an executed notebook as a self-contained stakeholder report (no navigation, notes or downloads)."""
    return embed_hangul_font(_export(nb, title, language, brand))


def _export(nb: Any, title: str, language: str, brand: Brand | None) -> str:
    nb = nbformat.from_dict(nb) if isinstance(nb, dict) else nb
    nb.metadata["title"] = title
    nb.metadata["reporting"] = {"language": language}
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[_template_dir()],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=REMOVED_TAGS, enabled=True), True)
    exporter.register_preprocessor(StakeholderOutputs(enabled=True), True)
    body, _ = exporter.from_notebook_node(nb, resources={"report_css": _css() + _brand_css(brand),
                                                         "brand_header": _brand_header(brand)})
    return body


def _brand_css(brand: Brand | None) -> str:
    if brand is None:
        return ""
    from reporting.branding import dark_accent

    color = brand.accent.color
    return f"\n:root {{ --accent-light: {color}; --accent-dark: {dark_accent(color)}; }}\n"


def _brand_header(brand: Brand | None) -> str:
    """The logo and agency line above the title (empty without either)."""
    if brand is None or not (brand.logo or brand.agency):
        return ""
    logo = (f'<img src="{brand.logo.data_uri}" width="{round(brand.logo.width * 48 / brand.logo.height)}" '
            f'height="48" alt="{escape(brand.client_name or brand.agency)}">' if brand.logo else "<span></span>")
    agency = f'<div class="rp-brand-agency">{escape(brand.agency)}</div>' if brand.agency else ""
    return f'<header class="rp-brand">{logo}{agency}</header>'


# --------------------------------------------------------------------------- sections and navigation

_H2 = re.compile(r"<h2(?P<attrs>[^>]*)>(?P<text>.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")
DOMAINS = {"kpi_review": "kpi", "competitor_listening": "listening", "audience_personas": "personas",
           "annual_strategy_review": "annual"}
SPECIAL_IDS = {"summary_title": "summary", "footer_title": "data"}


@dataclass(frozen=True)
class Section:
    """One ``<h2>`` of a report: its anchor id and its heading text."""

    id: str
    title: str


def _slug(text: str) -> str:
    words = re.findall(r"\w+", text.casefold())
    return "-".join(words)[:60] or "section"


def section_names(report: str, language: str) -> dict[str, str]:
    """Heading text -> stable anchor id, from the catalogue (``kpi.h_goals`` -> ``goals``), same in every language."""
    from reporting.i18n import catalogue

    domain = DOMAINS.get(report, report)
    names: dict[str, str] = {}
    for key, text in catalogue(language).items():
        dom, _, name = key.partition(".")
        if dom not in (domain, "common") or "{" in text:
            continue
        if name.startswith("h_"):
            names.setdefault(text.strip(), name[2:].replace("_", "-"))
        elif name in SPECIAL_IDS:
            names.setdefault(text.strip(), SPECIAL_IDS[name])
    return names


def number_sections(html: str, report: str, language: str) -> tuple[str, list[Section]]:
    """Give every ``<h2>`` a stable, unique ``id``; return the HTML and the sections in order."""
    names = section_names(report, language)
    sections: list[Section] = []
    used: set[str] = {"top"}

    def anchor(m: re.Match[str]) -> str:
        text = " ".join(unescape(_TAG.sub("", m["text"])).split())
        existing = re.search(r'\bid="([^"]+)"', m["attrs"])
        base = existing[1] if existing else names.get(text) or f"s-{_slug(text)}"
        sid, n = base, 2
        while sid in used:
            sid, n = f"{base}-{n}", n + 1
        used.add(sid)
        sections.append(Section(sid, text))
        attrs = m["attrs"] if existing else f' id="{escape(sid)}"{m["attrs"]}'
        return f"<h2{attrs}>{m['text']}</h2>"

    return _H2.sub(anchor, html), sections


def find_section(sections: list[Section], wanted: str) -> Section | None:
    """The section a note asks for: by anchor id (``goals``, ``#goals``) or by heading text, case-insensitively."""
    key = wanted.strip().lstrip("#").casefold()
    return next((s for s in sections if s.id.casefold() == key), None) or \
        next((s for s in sections if s.title.casefold() == key), None)


def _summary_end(html: str) -> int:
    """Where the executive summary box ends (general notes go there), else before the first section."""
    start = html.find('<section class="rp-summary">')
    if start >= 0:
        end = html.find("</section>", start)
        if end >= 0:
            return end + len("</section>")
    first = _H2.search(html)
    return first.start() if first else html.find("</main>")


def place_notes(html: str, found: list[Note], sections: list[Section], t: Translator) -> tuple[str, list[dict[str, Any]]]:
    """Insert each note after its section heading (general ones after the summary); return their summary entries."""
    from reporting import notes

    inserts: list[tuple[int, str]] = []
    entries = []
    for note in found:
        section = find_section(sections, note.section) if note.section else None
        if section is not None:
            m = re.search(rf'<h2 id="{re.escape(escape(section.id))}"[^>]*>.*?</h2>', html, re.S)
            assert m is not None
            at = m.end()
        else:
            at = _summary_end(html)
        inserts.append((at, notes.to_html(note, t)))
        entries.append({**note.to_json(), "section": section.id if section else None,
                        "section_title": section.title if section else None,
                        **({"unknown_section": note.section} if note.section and section is None else {})})
    for at, markup in sorted(inserts, key=lambda x: x[0], reverse=True):
        html = html[:at] + markup + html[at:]
    return html, entries


def add_navigation(html: str, sections: list[Section], t: Translator) -> str:
    """Table of contents after the summary, "back to top" before each later section and at the end, ``scope`` on headers."""
    html = html.replace('<main class="rp-report">', '<main class="rp-report" id="top">', 1)
    top = f'<p class="rp-top"><a href="#top">↑ {escape(t("common.back_to_top"))}</a></p>'
    listed = [s for s in sections if s.id != "summary"]
    toc = ""
    if listed:
        hidden_in_print = ' class="rp-toc-downloads"'
        items = "".join(f'<li{hidden_in_print if s.id == "downloads" else ""}>'
                        f'<a href="#{escape(s.id)}">{escape(s.title)}</a></li>' for s in listed)
        toc = (f'<nav class="rp-toc" aria-labelledby="rp-toc-title"><p class="rp-toc-title" id="rp-toc-title">'
               f'{escape(t("common.toc_title"))}</p><ol>{items}</ol></nav>')
    first_listed = listed[0].id if listed else None

    def before(m: re.Match[str]) -> str:
        sid = re.search(r'\bid="([^"]+)"', m["attrs"])
        sid_text = unescape(sid[1]) if sid else ""
        if sid_text == "summary":
            return m[0]
        if sid_text == first_listed:
            return toc + m[0]
        return top + m[0]

    html = _H2.sub(before, html)
    html = html.replace("</main>", top + "</main>", 1)
    return _scope_headers(html)


_TH = re.compile(r"<(/?)(thead|tbody|tfoot|th)\b([^>]*)>")


def _scope_headers(html: str) -> str:
    """``scope`` on every table header cell that lacks one: ``col`` in a table head, ``row`` in its body."""
    part = "thead"

    def fix(m: re.Match[str]) -> str:
        nonlocal part
        closing, tag, attrs = m[1], m[2], m[3]
        if tag != "th":
            part = "thead" if closing else tag
            return m[0]
        if closing or "scope=" in attrs:
            return m[0]
        return f'<th scope="{"col" if part == "thead" else "row"}"{attrs}>'

    return _TH.sub(fix, html)


# --------------------------------------------------------------------------- tables and downloads

_TABLE = re.compile(r"<table\b(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_HEADING = re.compile(r"<h([23])\b[^>]*>(.*?)</h\1>", re.S)


def table_payloads(nb: Any) -> dict[str, dict[str, Any]]:
    """The unformatted tables the notebook's outputs carry (``display.table``), by table id."""
    found: dict[str, dict[str, Any]] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for table in output.get("data", {}).get(TABLE_MIME, {}).get("tables", []):
                found[str(table.get("id"))] = table
    return found


def collect_tables(html: str, payloads: dict[str, dict[str, Any]]) -> list[TableData]:
    """Every table of the report in order, named by caption or by the heading above it; notes' tables excluded."""
    from bs4 import BeautifulSoup

    from reporting.batch.workbook import TableData

    tables: list[TableData] = []
    headings = [(m.start(), " ".join(unescape(_TAG.sub("", m[2])).split())) for m in _HEADING.finditer(html)]
    notes_spans = [(m.start(), m.end()) for m in re.finditer(r'<aside class="rp-analyst-note">.*?</aside>', html, re.S)]
    for m in _TABLE.finditer(html):
        if any(a <= m.start() < b for a, b in notes_spans):
            continue
        tid = re.search(r'data-table="([^"]+)"', m["attrs"])
        payload = payloads.get(tid[1]) if tid else None
        above = next((text for at, text in reversed(headings) if at < m.start()), "")
        if payload is not None:
            name = payload.get("caption") or above
            tables.append(TableData(name, payload["columns"], payload["rows"], payload.get("values", [])))
            continue
        soup = BeautifulSoup(m[0], "html.parser")
        caption = soup.find("caption")
        rows = [[" ".join(c.get_text(" ").split()) for c in tr.find_all(["th", "td"])] for tr in soup.find_all("tr")]
        if not rows:
            continue
        has_head = soup.find("thead") is not None or all(c.name == "th" for c in soup.find("tr").find_all(["th", "td"]))
        columns, body = (rows[0], rows[1:]) if has_head else ([f"{i + 1}" for i in range(len(rows[0]))], rows)
        tables.append(TableData(caption.get_text(" ").strip() if caption else above, columns, body))
    return tables


def add_downloads(html: str, report: str, xlsx: bytes, t: Translator) -> str:
    """The workbook, embedded as a download link at the end of the report (works offline and as an attachment)."""
    size = f"{max(1, round(len(xlsx) / 1024))} KB"
    href = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + \
        base64.b64encode(xlsx).decode("ascii")
    block = (f'<section class="rp-downloads"><h2 id="downloads">{escape(t("common.download_title"))}</h2>'
             f'<p><a href="{href}" download="{escape(report)}.xlsx">{escape(t("common.download_xlsx", size=size))}</a>'
             f'</p><p class="rp-note">{escape(t("common.download_note"))}</p></section>')
    at = html.find('<footer class="rp-footer">')
    if at < 0:
        at = html.find("</main>")
    return html[:at] + block + html[at:]


# --------------------------------------------------------------------------- the whole report


@dataclass
class Rendered:
    """What a report's rendering produced: the HTML, the summary additions, the workbook and the PDF."""

    html: str
    notes: list[dict[str, Any]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    xlsx: bytes | None = None
    pdf: bytes | None = None
    timings: dict[str, float] = field(default_factory=dict)
    warning: str = ""  # why a companion file (the PDF) is missing; the HTML is good


def render_report(nb: Any, report: str, title: str, params: ClientParams, period_label: str,
                  running_head: str) -> Rendered:
    """The stakeholder report of an executed notebook, with branding, notes, navigation, XLSX and PDF.

    Raises on anything that must fail the job (an unusable logo, an unreadable note, a PDF error), so a
    report never goes out half-made.
    """
    import time

    from reporting import branding, notes
    from reporting.i18n import Translator

    began = time.perf_counter()
    timings: dict[str, float] = {}
    t = Translator(params.language, params.currency)
    brand = branding.resolve(params.branding, params.display_name)
    payloads = table_payloads(nb)
    html = _export(nb, title, params.language, brand)
    html, sections = number_sections(html, report, params.language)
    html, entries = place_notes(html, notes.load(params, period_label, report), sections, t)
    timings["html"] = time.perf_counter() - began
    xlsx = None
    if params.xlsx:
        from reporting.batch import workbook

        began = time.perf_counter()
        tables = collect_tables(html, payloads)
        if tables:
            xlsx = workbook.build(tables, params.language, params.currency, title, params.branding.agency)
            html = add_downloads(html, report, xlsx, t)
            at = next((i for i, s in enumerate(sections) if s.id == "data"), len(sections))
            sections.insert(at, Section("downloads", t("common.download_title")))
        timings["xlsx"] = time.perf_counter() - began
    html = add_navigation(html, sections, t)
    pdf, warning = None, ""
    if params.pdf:
        from reporting.batch.pdf import make_pdf

        began = time.perf_counter()
        try:
            pdf = make_pdf(html, running_head)
        except Exception as exc:  # noqa: BLE001 - a missing PDF must not cost the stakeholder the report
            warning = f"no PDF: {type(exc).__name__}: {exc}"
        timings["pdf"] = time.perf_counter() - began
    return Rendered(embed_hangul_font(html), entries, sections, xlsx, pdf, timings, warning)


_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def embed_hangul_font(html: str) -> str:
    """Embed NanumGothic, cut to the Hangul this report uses, as a last-resort web font.

    Phones and laptops usually have a Korean font; a machine without one would show
    boxes. A subset of the bundled font (~80 KB) keeps the report readable anywhere,
    offline, without referring to any external host.
    """
    used = sorted({ord(c) for c in _HANGUL.findall(html)})
    if not used:
        return html
    from fontTools import subset
    from fontTools.ttLib import TTFont

    spec = importlib.util.find_spec("koreanize_matplotlib")
    assert spec and spec.submodule_search_locations
    font_file = Path(next(iter(spec.submodule_search_locations))) / "fonts" / "NanumGothic.ttf"
    options = subset.Options()
    options.flavor, options.hinting, options.notdef_outline = "woff", False, True
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # hinting sources, not needed to draw
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(str(font_file))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=used)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    face = ('<style>@font-face { font-family: "Report Hangul"; font-display: swap; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}</style>')
    return html.replace("</head>", face + "</head>", 1)


def extract_summary(nb: Any) -> dict[str, Any] | None:
    """The payload the notebook emitted with ``ctx.summary(...)``, or None if it never did."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if SUMMARY_MIME in data:
                return dict(data[SUMMARY_MIME])
    return None
