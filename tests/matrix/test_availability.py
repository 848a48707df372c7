"""Every report on demo data with one source missing (or one oddity): it renders, says what it cannot answer,
and states nothing without evidence. Built in-process (compute, every notebook section, the summary payload)."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from matrix.variants import VARIANTS
from reporting import periods, theme
from reporting.i18n import Translator
from reporting.paths import notebooks_dir
from reporting.registry import REGISTRY, REPORTS
from support.prose import problems

pytestmark = pytest.mark.xdist_group("matrix")
CLIENT = {"kpi_review": "demo-saas", "competitor_listening": "demo-cafe", "audience_personas": "demo-furniture",
          "annual_strategy_review": "demo-furniture"}  # the demo client each report reads most from
PERIOD = {"kpi_review": "2026-10", "competitor_listening": "2026-10-26..2026-11-22", "audience_personas": "2026-Q3",
          "annual_strategy_review": "2025"}
CASES = [(report, variant) for report in REPORTS for variant in VARIANTS]


@cache
def sections(report: str) -> tuple[str, ...]:
    """The view functions the report's notebook calls, in order: the matrix shows exactly what the notebook shows."""
    cells = json.loads((notebooks_dir() / REGISTRY[report].notebook).read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    return tuple(re.findall(r"report\.views\.(\w+)\(r, t\)", code))


def render(report: str, data, params, period) -> tuple[str, dict]:  # noqa: ANN001
    package = REGISTRY[report].load()
    t = Translator(params.language, params.currency)
    r = package.analyse(data, params, period)
    with theme.theme():  # as open_report sets it: the fonts that draw Hangul and Greek
        html = "".join(getattr(package.views, name)(r, t).markup for name in sections(report))
    return html, package.payload(r, t)


@pytest.mark.parametrize(("report", "variant"), CASES, ids=[f"{r}-{v}" for r, v in CASES])
def test_report_renders_and_states_only_what_it_can_back(demo_data: dict, report: str, variant: str) -> None:
    data, params = demo_data[CLIENT[report]]
    period = periods.resolve(PERIOD[report], params.timezone)
    html, payload = render(report, *VARIANTS[variant](data, params, period))
    assert sections(report), f"the {report} notebook calls no report.views sections"
    found = problems(html)
    assert not found, "\n".join(str(p) for p in found[:12])
    for sentence in payload.get("executive_summary", payload.get("sentences", [])):
        assert not problems(f"<p>{sentence}</p>"), sentence
    json.dumps(payload, default=str)  # the summary stays serialisable
