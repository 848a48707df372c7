"""The audience-personas report for every demo client: planted personas recovered, Instagram mismatch named."""

from __future__ import annotations

import html as htmllib
import importlib.util
import re
from pathlib import Path

import pytest
from sklearn.metrics import adjusted_rand_score

from reporting.i18n import Translator

_spec = importlib.util.spec_from_file_location("e2e_helpers", Path(__file__).with_name("conftest.py"))
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)  # by path: another test folder's ``conftest`` may own that module name
planted, report_files = _helpers.planted, _helpers.report_files

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

CLIENTS = {"demo-cafe": "ko", "demo-furniture": "el", "demo-saas": "en"}
REPORT = "audience_personas"


def _text(page: str) -> str:
    """Visible text of the report (tags dropped, entities decoded) for phrase checks."""
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.parametrize("client", CLIENTS)
def test_report_in_the_clients_language_with_every_section(rendered: dict, client: str) -> None:
    page, summary = report_files(rendered, client, REPORT)
    t = Translator(CLIENTS[client])
    text = _text(page)
    assert "Traceback" not in page and "<script>alert" not in page
    assert page.index(t("common.summary_title")) < page.index(t("personas.h_personas"))  # the answer first
    for key in ("h_personas", "h_fit", "h_activity", "h_traits", "h_buyers", "h_platforms", "h_method"):
        assert t(f"personas.{key}") in text, key
    assert summary["report"] == REPORT and summary["language"] == CLIENTS[client]
    assert 3 <= len(summary["personas"]) <= 6 and summary["method"]["criterion"] == "bic"
    for persona in summary["personas"]:
        assert persona["name"] in text  # named in the report, not a code
        assert persona["top_traits"] and persona["channels"]


@pytest.mark.parametrize("client", CLIENTS)
def test_planted_personas_are_recovered(rendered: dict, client: str) -> None:
    _, summary = report_files(rendered, client, REPORT)
    facts = planted(rendered, client)
    truth = facts.get("respondents") or facts["personas"]["respondents"]
    found = summary["assignments"]
    ids = sorted(truth)
    assert set(found) == set(ids)  # every respondent placed, none dropped
    assert len(summary["personas"]) == len(set(truth.values()))
    assert adjusted_rand_score([truth[i] for i in ids], [found[i] for i in ids]) >= 0.8
    assert summary["method"]["stability_ari"] >= 0.8


def test_furniture_instagram_likes_without_buyers_is_flagged(rendered: dict) -> None:
    page, summary = report_files(rendered, "demo-furniture", REPORT)
    assert {"channel": "instagram", "flag": "mismatch"} in summary["flags"]
    fit = {row["channel"]: row for row in summary["channel_fit"]}
    assert fit["instagram"]["engagement_share"] == max(r["engagement_share"] or 0 for r in fit.values())
    assert fit["instagram"]["sales_share"] < 0.1 and fit["facebook"]["flag"] != "mismatch"
    box = _text(page[page.index("rp-summary"):page.index("</section>")])
    assert "Instagram" in box and "Facebook" in box  # the mismatch and where the buyers are, in the summary


def test_cafe_reports_its_local_audience(rendered: dict) -> None:
    page, summary = report_files(rendered, "demo-cafe", REPORT)
    assert summary["local"]["radius_km"] == 8 and summary["local"]["within_share"] > 0.5
    assert "8km" in _text(page)
