"""Audience personas on the real clients: none has a survey, so the report says why there are no personas and
how to add them, still shows each platform's audience on its own basis, and calls no channel fit."""

from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from realbed.clients import CLIENTS
from reporting.i18n import Translator

pytestmark = [pytest.mark.real_exports, pytest.mark.e2e, pytest.mark.xdist_group("realbed")]
LANGUAGE = {c.id: re.search(r"^language: (\w+)", c.params.strip(), flags=re.M).group(1) for c in CLIENTS}
# client -> (channel, basis) pairs its exports carry audience data for (Meta Audience.csv, TikTok Studio follower
# gender and territories, LinkedIn visitors by location)
PLATFORMS = {"real-meta": [("facebook", "followers")], "real-meta-ads": [("tiktok", "followers")],
             "real-tiktok": [("tiktok", "followers")], "real-nplf": [("linkedin", "page_views")],
             "real-vintage": [("facebook", "followers")]}


def _report(realbed: dict, client: str) -> tuple[str, dict]:
    page = sorted((realbed["reports"] / client).glob("*/audience_personas.html"))[0]
    return page.read_text(encoding="utf-8"), json.loads(page.with_name("audience_personas.summary.json").read_text(
        encoding="utf-8"))


def _text(markup: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.mark.parametrize("client", [c.id for c in CLIENTS])
def test_no_survey_no_personas_and_how_to_add_one(realbed: dict, client: str) -> None:
    page, summary = _report(realbed, client)
    t = Translator(LANGUAGE[client])
    assert summary["respondents"] == 0 and summary["personas"] == []
    assert summary["executive_summary"][0] == t("personas.sum_no_respondents", client=client)
    assert "survey_columns:" in page and f"params/{client}.yaml" in _text(page)
    assert summary["flags"] == []
    assert {row["flag"] for row in summary["channel_fit"]} <= {"not_enough", "no_data"}  # no buyers, no sales
    assert t("personas.flag_ok") not in re.findall(r'class="rp-badge[^"]*">([^<]*)<', page)


@pytest.mark.parametrize("client", sorted(PLATFORMS))
def test_platform_demographics_on_their_own_basis(realbed: dict, client: str) -> None:
    page, summary = _report(realbed, client)
    t = Translator(LANGUAGE[client])
    shown = [(row["channel"], row["basis"]) for row in summary["platform_demographics"]]
    assert shown == PLATFORMS[client]
    text = _text(page)
    for channel, basis in shown:
        line = t("personas.platform_line", channel=t.channel(channel), basis=t(f"personas.basis_{basis}"),
                 facts="").rstrip(".")
        assert line in text, line
