"""Audience personas on the availability matrix: each missing source is named where it is needed, and no
verdict that needs it is stated (demo furniture, 2026-Q3, in-process like test_availability)."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from functools import cache

import pytest

from matrix.test_availability import render
from matrix.variants import VARIANTS
from reporting import periods
from reporting.i18n import Translator

pytestmark = pytest.mark.xdist_group("matrix")
REPORT, CLIENT, PERIOD = "audience_personas", "demo-furniture", "2026-Q3"
T = Translator("el", "EUR")  # the furniture client's language


@pytest.fixture(scope="module")
def case(demo_data: dict):
    data, params = demo_data[CLIENT]
    period = periods.resolve(PERIOD, params.timezone)

    @cache
    def rendered(variant: str) -> tuple[str, dict]:
        args = (data, params, period) if variant == "baseline" else VARIANTS[variant](data, params, period)
        return render(REPORT, *args)

    return rendered


def section(page: str, key: str) -> str:
    """The visible text of one section: from its heading to the next section heading."""
    start = page.index(f"<h2>{htmllib.escape(T(key), quote=False)}</h2>")
    end = page.find("<h2>", start + 4)
    return text(page[start:end if end > 0 else len(page)])


def text(markup: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def raw_section(page: str, key: str) -> str:
    start = page.index(f"<h2>{htmllib.escape(T(key), quote=False)}</h2>")
    end = page.find("<h2>", start + 4)
    return page[start:end if end > 0 else len(page)]


def badges(markup: str) -> list[tuple[str, str]]:
    """(first cell, badge text) of every table row with a status badge."""
    rows = re.findall(r"<tr>(.*?)</tr>", markup, flags=re.S)
    out = []
    for row in rows:
        badge = re.search(r'class="rp-badge[^"]*">(.*?)</span>', row)
        first = re.search(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        if badge and first:
            out.append((text(first.group(1)), htmllib.unescape(badge.group(1))))
    return out


def headers(markup: str) -> list[str]:
    return [text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", markup, flags=re.S)]


def flags(payload: dict) -> dict[str, str]:
    return {row["channel"]: row["flag"] for row in payload["channel_fit"]}


@pytest.mark.parametrize("variant", ["no_posts", "month_without_posts", "period_after_the_data"])
def test_without_posts_in_the_period_channel_fit_is_not_called(case, variant: str) -> None:
    page, payload = case(variant)
    fit = section(page, "personas.h_fit")
    assert T("personas.reason_no_posts") in fit
    brand_badges = {b for c, b in badges(raw_section(page, "personas.h_fit")) if c in ("Instagram", "Facebook",
                                                                                     "Pinterest")}
    assert brand_badges == {T("personas.flag_not_enough")}  # no "in line", no mismatch without posts
    brand = {c: f for c, f in flags(payload).items() if c in ("instagram", "facebook", "pinterest")}
    assert set(brand.values()) == {"not_enough"}
    assert T("personas.sum_fit_unknown", reasons=T("personas.reason_no_posts")) in payload["executive_summary"]
    assert not any(s.startswith(T("personas.mismatch_both").split(":")[0]) for s in payload["executive_summary"])
    activity = raw_section(page, "personas.h_activity")
    assert T("personas.col_post_coverage") not in headers(activity)  # posting reaching a persona: not measurable
    if payload["fit_evidence"]["spend"] == 0:
        assert T("personas.coverage_none") in text(activity)


@pytest.mark.parametrize("variant", ["period_after_the_data", "month_without_posts", "six_weeks_of_history"])
def test_a_period_the_data_does_not_cover_says_so_at_the_top(case, variant: str) -> None:
    page, _ = case(variant)
    notice = page.index('class="rp-coverage"')
    assert notice < page.index('class="rp-summary"')  # right after the header, before the answer
    box = text(page[notice:page.index("</section>", notice)])
    assert T("coverage.title") in box
    if variant == "period_after_the_data":
        assert T.date(dt.date(2026, 11, 22)) in box  # where the data lies: the day it ends (the demo's last day)


def test_without_a_survey_no_personas_and_why(case) -> None:
    page, payload = case("no_survey")
    personas = section(page, "personas.h_personas")
    assert T("personas.no_respondents", client="demo-furniture") in personas
    assert "survey_columns" in personas
    assert payload["personas"] == [] and payload["segmented"] is False
    assert T("personas.buyers_no_survey") in section(page, "personas.h_buyers")
    assert T("personas.h_platforms") in page and "rp-figure" in page.split(T("personas.h_platforms"))[1]
    fit = section(page, "personas.h_fit")  # the verdicts rest on web sales, and say so
    assert T("personas.fit_some_ok_sales", channels="Facebook και Pinterest") in fit
    assert T("personas.fit_some_ok", channels="Facebook και Pinterest") not in fit


def test_without_a_purchase_column_nothing_about_buying_is_claimed(case) -> None:
    page, payload = case("no_purchase_column")
    visible = text(page)
    for key in ("tile_bought", "row_buying", "sum_buyers", "take_buy_high", "take_buy_low", "take_buy_avg"):
        phrase = T(f"personas.{key}").split("{")[0].strip()
        assert not phrase or phrase not in visible, key
    assert "έχει αγοράσει" not in visible  # "have bought"
    assert T("personas.no_buyers") in section(page, "personas.h_buyers")
    assert all(p["purchase_rate"] != p["purchase_rate"] for p in payload["personas"])  # NaN: null in the JSON
    assert flags(payload)["youtube"] == "not_enough"  # a channel the brand is not on: buyers would decide
    assert flags(payload)["instagram"] == "mismatch"  # engagement against web sales still stands
    assert any(s.startswith(T("personas.mismatch_sales", channel="Instagram", eng="", sales="").split("{")[0][:20])
               for s in payload["executive_summary"])


def test_without_web_traffic_no_sales_are_quoted(case) -> None:
    page, payload = case("no_web")
    assert flags(payload)["instagram"] == "mismatch"
    fit = raw_section(page, "personas.h_fit")
    assert T("personas.col_sales_share") not in headers(fit)
    assert T("personas.col_buyer_share") in headers(fit)
    assert not any("πωλήσεων από τα social" in s for s in payload["executive_summary"])  # of social sales


def test_one_viral_post_does_not_flip_channel_fit(case) -> None:
    _, base = case("baseline")
    _, viral = case("one_viral_outlier")
    assert flags(viral) == flags(base)
    assert viral["fit_evidence"]["capped_posts"] >= 1 and base["fit_evidence"]["capped_posts"] == 0


def test_without_spend_nothing_is_said_about_spend(case) -> None:
    page, _ = case("no_spend")
    assert T("personas.col_spend_coverage") not in headers(raw_section(page, "personas.h_activity"))
    assert T("personas.col_spend_share") not in headers(raw_section(page, "personas.h_fit"))
