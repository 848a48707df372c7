"""The competitor listening report, rendered for every demo client: language, planted spikes, escaping, false alarms."""

from __future__ import annotations

import html
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reporting.i18n import Translator
from reporting.params import load_client


def _e2e_helpers():  # noqa: ANN202
    """This folder's conftest helpers, loaded by path: another test folder's ``conftest`` may own that name."""
    spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_helpers = _e2e_helpers()
RUN_DATE, planted, report_files = _helpers.RUN_DATE, _helpers.planted, _helpers.report_files
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

REPORT = "competitor_listening"
CLIENTS = ["demo-cafe", "demo-furniture", "demo-saas"]
HEADINGS = ["h_sov", "h_sentiment", "h_spikes", "h_people", "h_influencers", "h_where", "h_when", "h_themes",
            "h_owned", "h_method"]


def _spike_on(summary: dict, brand: str, date: str) -> dict:
    found = [s for s in summary["spikes"] if s["brand"] == brand and s["date"] == date and s["granularity"] == "day"]
    assert found, f"no spike for {brand} on {date}: {summary['spikes']}"
    return found[0]


@pytest.mark.parametrize("client", CLIENTS)
def test_report_in_the_clients_language(rendered: dict, client: str) -> None:
    page, summary = report_files(rendered, client, REPORT)
    text = html.unescape(page)  # what a reader sees
    params = load_client(client)
    t = Translator(params.language)
    assert "Traceback" not in page
    for key in HEADINGS:
        assert t(f"listening.{key}") in text, key
    assert t("common.summary_title") in text
    assert summary["report"] == REPORT and summary["language"] == params.language
    assert summary["brands"] == params.brands()
    assert set(summary["share_of_voice"]) == set(params.brands())
    assert sum(b["share"] for b in summary["share_of_voice"].values()) == pytest.approx(1.0)
    assert set(summary["net_sentiment"]) == set(params.brands())
    assert summary["executive_summary"], "the executive summary is empty"
    for sentence in summary["executive_summary"]:
        assert sentence in text


@pytest.mark.parametrize("client", CLIENTS)
def test_hostile_mention_text_is_shown_as_text(rendered: dict, client: str) -> None:
    page, _ = report_files(rendered, client, REPORT)
    assert "<script>alert(1)</script>" not in page and "<img src=x" not in page
    # The planted hostile authors reach the influencer list: shown as inert text (quotes inside a text
    # node need no escaping once nbconvert has re-serialised the output), never as markup or a link.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="http://x"' not in page


def test_cafe_complaint_spike_is_found_explained_and_flagged(rendered: dict) -> None:
    plant = planted(rendered, "demo-cafe")["signals"]["viral_complaint"]
    page, summary = report_files(rendered, "demo-cafe", REPORT)
    spike = _spike_on(summary, plant["brand"], plant["date"])
    assert spike["direction"] == "up"
    assert spike["driver"] == {"kind": "author", "value": plant["author"]}
    assert spike["driver_share"] >= 0.5
    assert spike["possible_crisis"] is True
    assert any(plant["author"] in s and plant["brand"] in s for s in summary["executive_summary"])
    assert Translator("ko")("listening.crisis_yes") in html.unescape(page)


def test_saas_launch_spike_is_driven_by_the_hashtag(rendered: dict) -> None:
    plant = planted(rendered, "demo-saas")["signals"]["launch_spike"]
    _, summary = report_files(rendered, "demo-saas", REPORT)
    spike = _spike_on(summary, plant["brand"], plant["date"])
    assert spike["driver"] == {"kind": "hashtag", "value": plant["hashtag_normalised"]}
    assert spike["driver_share"] >= 0.5
    assert any("#" + plant["hashtag_normalised"] in s for s in summary["executive_summary"])
    assert summary["competitor_to_watch"]["brand"] == plant["brand"]


HISTORY = """
import json, sys
from reporting.ingest import load_client_data
from reporting.reports.competitor_listening.compute import spike_history
from reporting.params import load_client
out = {}
for client in sys.argv[1:]:
    params = load_client(client)
    found = spike_history(load_client_data(params), params)
    out[client] = [[b, s.date().isoformat()] for b, s in zip(found["brand"], found["start"])]
print(json.dumps(out, ensure_ascii=False))
"""


def test_at_most_one_false_alarm_per_brand_per_quarter_over_the_demo_history(rendered: dict) -> None:
    project = Path(rendered["reports"]).parent
    env = {**os.environ, "REPORTING_ROOT": str(project), "REPORTING_RUN_DATE": RUN_DATE}
    done = subprocess.run([sys.executable, "-c", HISTORY, *CLIENTS], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    history = json.loads(done.stdout)
    signals = {c: planted(rendered, c)["signals"] for c in CLIENTS}
    complaint, launch = signals["demo-cafe"]["viral_complaint"], signals["demo-saas"]["launch_spike"]
    expected = {("demo-cafe", complaint["brand"], complaint["date"]), ("demo-saas", launch["brand"], launch["date"])}
    found = {(c, b, d) for c, rows in history.items() for b, d in rows}
    assert expected <= found
    false = {}
    for client, brand, day in found - expected:
        quarter = (day[:4], (int(day[5:7]) - 1) // 3)
        false[(client, brand, quarter)] = false.get((client, brand, quarter), 0) + 1
    assert max(false.values(), default=0) <= 1, false
