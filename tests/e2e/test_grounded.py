"""Every demo report states only what its data backs: the prose rule, and no raw missing values anywhere."""

from __future__ import annotations

import re

import pytest

from reporting.params import load_client
from reporting.registry import REPORTS
from support.prose import problems

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]
CLIENTS = ["demo-cafe", "demo-furniture", "demo-saas"]
CASES = [(c, r) for c in CLIENTS for r in REPORTS]


@pytest.mark.parametrize(("client", "report"), CASES, ids=[f"{c}-{r}" for c, r in CASES])
def test_prose_is_grounded_and_no_cell_shows_a_raw_missing_value(rendered: dict, client: str, report: str) -> None:
    folder = rendered["reports"] / client
    page = sorted(folder.glob(f"*/{report}.html"))[-1].read_text(encoding="utf-8")
    found = problems(page)
    assert not found, "\n".join(str(p) for p in found[:10])
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    assert not re.search(r">\s*(NaT|nan|NaN|None|&lt;NA&gt;)\s*<", text)


@pytest.mark.parametrize("client", CLIENTS)
def test_footer_calls_undated_tables_undated(rendered: dict, client: str) -> None:
    from reporting.i18n import Translator

    params = load_client(client)
    page = sorted((rendered["reports"] / client).glob("*/kpi_review.html"))[-1].read_text(encoding="utf-8")
    footer = page[page.index('class="rp-footer"'):]
    assert Translator(params.language).__call__("common.undated") in footer
