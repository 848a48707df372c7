"""Executed notebook -> stakeholder HTML: no code, no prompts, no parameters, no stderr, no external host.

The template (``templates/report``) reuses JupyterLab's cell markup with our
own small stylesheet and drops require.js, MathJax and mermaid, so the file
renders offline and as an email attachment.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import logging
import re
from importlib import resources
from pathlib import Path
from typing import Any

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

from reporting.outputs import SUMMARY_MIME

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
    return SUMMARY_MIME not in data and bool(set(data) - {"text/plain"} or data.get("text/plain"))


def _template_dir() -> str:
    return str(resources.files("reporting") / "templates")


def _css() -> str:
    return (resources.files("reporting") / "templates" / "report" / "report.css").read_text(encoding="utf-8")


def to_html(nb: Any, title: str, language: str) -> str:
    """Render an executed notebook as a self-contained stakeholder report."""
    nb = nbformat.from_dict(nb) if isinstance(nb, dict) else nb
    nb.metadata["title"] = title
    nb.metadata["reporting"] = {"language": language}
    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[_template_dir()],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=REMOVED_TAGS, enabled=True), True)
    exporter.register_preprocessor(StakeholderOutputs(enabled=True), True)
    body, _ = exporter.from_notebook_node(nb, resources={"report_css": _css()})
    return embed_hangul_font(body)


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
