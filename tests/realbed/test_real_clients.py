"""Every report on every real client: it renders, and every sentence it states is backed by its data."""

from __future__ import annotations

import json

import pytest

from realbed.clients import CLIENTS
from reporting.registry import REPORTS
from support.prose import problems

pytestmark = [pytest.mark.real_exports, pytest.mark.e2e, pytest.mark.xdist_group("realbed")]
CASES = [(c.id, r) for c in CLIENTS for r in REPORTS]


def _report(realbed: dict, client: str, report: str) -> tuple[str, dict]:
    folder = realbed["reports"] / client
    found = sorted(folder.glob(f"*/{report}.html"))
    failed = sorted(folder.glob(f"*/{report}.failed.ipynb"))
    line = next((ln for ln in realbed["result"].stdout.splitlines() if ln.split()[:2] == [client, report]), "")
    assert found and not failed, f"{client}/{report} did not render: {line}"
    html = found[0].read_text(encoding="utf-8")
    return html, json.loads(found[0].with_name(f"{report}.summary.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("client", "report"), CASES, ids=[f"{c}-{r}" for c, r in CASES])
def test_report_renders_and_states_only_what_it_can_back(realbed: dict, client: str, report: str) -> None:
    html, summary = _report(realbed, client, report)
    found = problems(html)
    assert not found, f"{client}/{report}:\n" + "\n".join(str(p) for p in found[:20])
    for sentence in summary.get("executive_summary", summary.get("sentences", [])):
        assert not problems(f"<p>{sentence}</p>"), sentence


def test_the_run_ended_without_failures(realbed: dict) -> None:
    assert realbed["result"].returncode == 0, realbed["result"].stdout[-6000:] + realbed["result"].stderr[-3000:]
