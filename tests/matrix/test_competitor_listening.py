"""Competitor listening in the availability matrix: what each missing source or oddity makes it say, and not say.

Same demo data and variants as ``test_availability.py``; these tests check the words: the section that
needs a missing source says so and why, no verdict stands without its evidence, a period after the data
says where the data lies, and one viral outlier does not flip the calls it should not.
"""

from __future__ import annotations

import html as html_lib
from functools import cache

import pytest

from matrix.test_availability import CLIENT, PERIOD, render
from matrix.variants import VARIANTS
from reporting import periods
from reporting.i18n import Translator
from reporting.reports import competitor_listening as listening

pytestmark = pytest.mark.xdist_group("matrix")
REPORT = "competitor_listening"
MENTION_SECTIONS = 8  # share of voice, sentiment, spikes, people, influencers, where, when, themes


@pytest.fixture(scope="module")
def case(demo_data: dict):  # noqa: ANN201
    """variant -> (html as a reader sees it, summary payload, computed report, translator)."""
    data, params = demo_data[CLIENT[REPORT]]
    period = periods.resolve(PERIOD[REPORT], params.timezone)
    t = Translator(params.language, params.currency)

    @cache
    def run(variant: str) -> tuple[str, dict, listening.Listening, Translator]:
        made = VARIANTS[variant](data, params, period) if variant != "base" else (data, params, period)
        page, payload = render(REPORT, *made)
        return html_lib.unescape(page), payload, listening.analyse(*made), t

    return run


def test_no_listening_says_which_export_is_missing_and_where_it_goes(case) -> None:  # noqa: ANN001
    page, payload, r, t = case("no_listening")
    assert payload["mention_state"] == "no_export"
    summary = payload["executive_summary"]
    assert summary[:2] == [t("listening.exec_no_listening", brand=r.client),
                           t("listening.exec_listening_needed", folder=r.data_folder)]
    assert page.count(t("listening.empty_no_export")) == MENTION_SECTIONS
    assert payload["spikes"] == [] and payload["share_gain_from_spikes_only"] is None
    # then at most what the competitor export backs: a faster-growing following, or that the accounts are shown
    watch = payload["competitor_to_watch"]
    assert watch is None or watch["reason"] == "followers"
    allowed = [t("listening.exec_owned_only")] if watch is None else [
        listening.wording.watch_sentence(r.watch, t, r.client)]
    assert summary[2:] == allowed
    assert len(r.owned) and "<table" in listening.views.owned(r, t).markup  # still shown


def test_no_competitors_gives_no_share_of_voice_and_names_no_competitor(case) -> None:  # noqa: ANN001
    page, payload, r, t = case("no_competitors")
    assert r.competitors == []
    assert t("listening.sov_no_competitors", brand=r.client) in page
    assert payload["competitor_to_watch"] is None and payload["share_gain_from_spikes_only"] is None
    summary = payload["executive_summary"]
    assert summary[0].startswith(t("listening.exec_volume_alone", brand=r.client, n="§").split("§")[0])
    assert summary[-1] == t("listening.exec_watch_none_no_competitors", brand=r.client, min="30")
    assert t("listening.owned_no_competitors", brand=r.client) in page


def test_a_period_after_the_data_says_so_and_where_the_data_lies(case) -> None:  # noqa: ANN001
    page, payload, r, t = case("period_after_the_data")
    assert payload["mention_state"] == "outside_period"
    first, last = r.mention_span
    assert payload["executive_summary"][0] == t("listening.exec_no_mentions_period", first=t.date(first),
                                                last=t.date(last))
    ended = t("coverage.none_ended", source=t("coverage.src_mentions", brand=r.client), date=t.date(last))
    assert ended in page  # the coverage notice at the top names the source and its last day
    assert page.index(ended) < page.index(t("common.summary_title"))
    assert page.count(t("listening.empty_outside_period")) == MENTION_SECTIONS
    assert payload["spikes"] == [] and payload["competitor_to_watch"] is None
    assert t("listening.no_owned_period") in page  # the competitors' figures do not reach the period either


def test_six_weeks_of_history_flags_the_incomplete_comparison(case) -> None:  # noqa: ANN001
    page, payload, r, t = case("six_weeks_of_history")
    before = r.previous_coverage
    assert before is not None and before.gaps
    assert t("listening.previous_incomplete", days=t.period(before.start, before.end),
             sources=t("coverage.src_mentions_all")) in page
    themes = r.rising_status
    assert set(themes.values()) <= {"ok", "few_mentions"}


def test_one_viral_outlier_is_a_spike_not_a_trend(case) -> None:  # noqa: ANN001
    _, base, base_r, t = case("base")
    page, viral, r, _ = case("one_viral_outlier")
    # 400 copies of one mention on the last day: a spike with its author named...
    last = r.period.end.isoformat()
    found = [s for s in viral["spikes"] if s["date"] == last and s["granularity"] == "day"]
    assert found and found[0]["driver"]["kind"] == "author" and found[0]["direction"] == "up"
    # ...but not a competitor to watch, not a rising theme, and not the client's sentiment
    assert viral["competitor_to_watch"] == base["competitor_to_watch"]
    gain = viral["share_gain_from_spikes_only"]
    assert gain is None or gain["brand"] == found[0]["brand"]
    if gain is not None:
        assert t("listening.exec_watch_spike_only", brand=gain["brand"], change=t.points(gain["change"]),
                 date=t.date(r.period.end)) in page
    keys = ["brand", "kind", "key"]
    assert sorted(map(tuple, r.rising_terms[keys].to_numpy().tolist())) == sorted(
        map(tuple, base_r.rising_terms[keys].to_numpy().tolist()))
    client = base_r.client
    assert viral["net_sentiment"][client]["net"] == pytest.approx(base["net_sentiment"][client]["net"])


def test_every_call_in_the_base_report_meets_its_minimum(case) -> None:  # noqa: ANN001
    _, payload, r, _ = case("base")
    th = r.thresholds
    for brand, row in payload["net_sentiment"].items():
        if row["net"] is not None and row["net"] == row["net"]:
            assert row["polar"] >= th.sentiment_min_mentions, brand
    for spike in payload["spikes"]:
        if spike["driver"] is not None:
            assert abs(spike["driver_extra"]) >= th.spike_driver_min_mentions
    rising = r.rising_terms
    assert (rising["authors"] >= th.theme_min_authors).all()
    now, before = r.sov_totals
    assert now >= th.sov_min_mentions and before >= th.sov_min_mentions  # the demo has enough to compare
