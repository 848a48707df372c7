"""Data coverage: days per source, gaps that matter, staleness, like-for-like windows, plain sentences.

Hand-made frames with the expected figures counted by hand, then real X exports cut short.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from reporting import coverage
from reporting.coverage import Window, comparable, for_report, measure, relevant
from reporting.coverage.days import day_index
from reporting.coverage.measure import DEFAULT_PAUSE, SourceDays, default_stale_after, runs_of
from reporting.coverage.wording import gap_sentences, notice, sentences
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams, ReportSpec
from reporting.periods import resolve
from reporting.report import ReportContext

D = dt.date
DEC = resolve("2026-12")
REAL_X = Path(__file__).resolve().parents[2] / "shared" / "real-exports" / "x_twitter" / "ropensci-org__ropensci-tweets"
NOV_2021 = "tweet_activity_metrics_rOpenSci_20211101_20211201_en.csv"


def days(start: str, end: str, step: int = 1) -> list[dt.date]:
    return [d.date() for d in pd.date_range(start, end, freq=f"{step}D")]


def daily(channel: str, dates: list[dt.date]) -> pd.DataFrame:
    return pd.DataFrame({"date": dates, "channel": channel, "followers": 100})


def posts(channel: str, dates: list[dt.date]) -> pd.DataFrame:
    return pd.DataFrame({"post_id": [f"{channel}{i}" for i in range(len(dates))], "channel": channel,
                         "published": [pd.Timestamp(d) + pd.Timedelta(hours=10) for d in dates]})


def cov_of(data: ClientData, period=DEC, stale_after: int = 2) -> coverage.Coverage:
    return measure(day_index(data), period.start, period.end, stale_after)


def only(c: coverage.Coverage, key: str) -> coverage.SourceCoverage:
    return next(s for s in c.sources if s.key == key)


# --------------------------------------------------------------------------- day runs


def test_day_index_splits_by_channel_and_merges_consecutive_days() -> None:
    data = ClientData.from_frames(account_daily=pd.concat([daily("x", days("2026-12-01", "2026-12-05")),
                                                           daily("x", days("2026-12-08", "2026-12-09")),
                                                           daily("facebook", days("2026-12-02", "2026-12-02"))]))
    index = {s.key: s for s in day_index(data)}
    assert index["account_daily:x"].runs == ((D(2026, 12, 1), D(2026, 12, 5)), (D(2026, 12, 8), D(2026, 12, 9)))
    assert index["account_daily:x"].rows == 7 and index["account_daily:x"].kind == "daily"
    assert index["account_daily:facebook"].runs == ((D(2026, 12, 2), D(2026, 12, 2)),)


def test_days_are_the_clients_calendar_days() -> None:
    """23:30 UTC on 31 December is already 1 January in Seoul."""
    frame = pd.DataFrame({"post_id": ["1"], "channel": ["x"],
                          "published": [pd.Timestamp("2026-12-31 23:30", tz="UTC")]})
    seoul = day_index(ClientData.from_frames(tz="Asia/Seoul", posts=frame))
    utc = day_index(ClientData.from_frames(tz="UTC", posts=frame))
    assert seoul[0].runs == ((D(2027, 1, 1), D(2027, 1, 1)),) and utc[0].runs == ((D(2026, 12, 31), D(2026, 12, 31)),)


def test_undated_sources_say_undated_never_nat() -> None:
    data = ClientData.from_frames(respondents=pd.DataFrame({"respondent_id": ["a", "b"]}),
                                  demographics=pd.DataFrame({"channel": ["x"], "dimension": ["country"]}))
    c = cov_of(data)
    assert [(s.key, s.kind, s.status) for s in c.sources] == [("respondents", "undated", "undated"),
                                                               ("demographics", "undated", "undated")]
    as_json = json.dumps(c.to_json())
    assert "NaT" not in as_json and '"status": "undated"' in as_json
    assert c.through is None and c.lag is None and not c.stale and sentences(c, Translator("en")) == []


def test_the_split_of_each_table_matches_the_names_used_for_its_sources() -> None:
    from reporting.coverage.days import SOURCES

    assert {t for t, (_, split, _) in SOURCES.items() if split == "channel"} == set(coverage.BY_CHANNEL)
    assert {t for t, (_, split, _) in SOURCES.items() if split == "brand"} == set(coverage.BY_BRAND)
    assert set(SOURCES) == set(coverage.ALL_TABLES) == {t for ts in coverage.REPORT_TABLES.values() for t in ts}


def test_runs_and_json_round_trip() -> None:
    runs = runs_of([D(2026, 1, 3), D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 2), D(2026, 1, 9)])
    assert runs == ((D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 1, 9), D(2026, 1, 9)))
    src = SourceDays("posts", "x", "events", runs, 5)
    assert SourceDays.from_json(json.loads(json.dumps(src.to_json()))) == src


# --------------------------------------------------------------------------- daily series


def test_a_daily_series_that_stops_early_misses_the_last_days() -> None:
    c = cov_of(ClientData.from_frames(account_daily=daily("x", days("2026-11-01", "2026-12-22"))))
    x = only(c, "account_daily:x")
    assert (x.status, x.first_in, x.last_in, x.missing_start, x.missing_end) == ("partial", D(2026, 12, 1),
                                                                                 D(2026, 12, 22), 0, 9)
    assert (x.first_before, x.last_before, x.first_after, x.days_in) == (D(2026, 11, 1), D(2026, 11, 30), None, 22)
    assert x.stale and c.stale and c.through == D(2026, 12, 22) and c.lag == 9
    assert c.window() == Window(D(2026, 12, 1), D(2026, 12, 22))
    assert gap_sentences(x, Translator("en")) == [
        "X daily account figures: the data ends on Dec 22, 2026, so the last 9 days of the period are missing."]


def test_a_daily_series_that_starts_late_and_one_with_a_hole() -> None:
    frames = pd.concat([daily("facebook", days("2026-12-10", "2026-12-31")),
                        daily("x", [d for d in days("2026-12-01", "2026-12-31") if not 5 <= d.day <= 7])])
    c = cov_of(ClientData.from_frames(account_daily=frames))
    fb, x = only(c, "account_daily:facebook"), only(c, "account_daily:x")
    assert (fb.status, fb.missing_start, fb.missing_end, fb.stale) == ("partial", 9, 0, False)
    assert (x.status, x.missing_inside, x.days_in) == ("partial", 3, 28)
    assert not c.stale  # both reach the period end
    assert c.window() == Window(D(2026, 12, 10), D(2026, 12, 31))
    t = Translator("en")
    assert sentences(c, t) == [
        "Facebook daily account figures: the data starts on Dec 10, 2026, so the first 9 days of the period "
        "are missing.",
        "X daily account figures: 3 days inside the period have no data."]


def test_one_missing_day_reads_in_the_singular_in_every_language() -> None:
    c = cov_of(ClientData.from_frames(account_daily=daily("x", days("2026-12-01", "2026-12-30"))))
    x = only(c, "account_daily:x")
    assert gap_sentences(x, Translator("en")) == [
        "X daily account figures: the data ends on Dec 30, 2026, so the last day of the period is missing."]
    assert gap_sentences(x, Translator("el")) == [
        "Ημερήσια στοιχεία λογαριασμού X: τα δεδομένα τελειώνουν στις 30 Δεκ 2026, "
        "οπότε λείπει η τελευταία ημέρα της περιόδου."]
    assert gap_sentences(x, Translator("ko")) == [  # Korean has no singular
        "X 일별 계정 지표: 데이터가 2026. 12. 30.에 끝나 기간의 마지막 1일이 빠져 있습니다."]
    assert not c.stale  # one day short, two allowed


# --------------------------------------------------------------------------- events


def test_posts_stopping_longer_than_their_usual_pause_miss_the_end() -> None:
    c = cov_of(ClientData.from_frames(posts=posts("x", days("2026-09-01", "2026-12-20", step=2))))
    x = only(c, "posts:x")
    assert x.usual_pause == 1 and (x.last_in, x.missing_end, x.status) == (D(2026, 12, 20), 11, "partial")
    assert c.stale and c.lag == 11  # the newest data of the report, eleven days short
    assert sentences(c, Translator("en")) == [
        "X posts: the data ends on Dec 20, 2026, so the last 11 days of the period are missing.",
        "This report is not final: newer exports are due."]


def test_a_quiet_spell_no_longer_than_usual_is_not_a_gap() -> None:
    every_third = days("2026-09-03", "2026-12-29", step=3)  # ..., Dec 26, Dec 29: silent Dec 30-31 (2 days)
    c = cov_of(ClientData.from_frames(posts=posts("x", every_third)))
    x = only(c, "posts:x")
    assert (x.usual_pause, x.last_in, x.status, x.missing_end) == (2, D(2026, 12, 29), "complete", 0)
    assert sentences(c, Translator("en")) == [] and c.window() == Window(DEC.start, DEC.end)


def test_with_too_few_active_days_the_default_pause_applies() -> None:
    c = cov_of(ClientData.from_frames(posts=posts("x", [D(2026, 12, 1), D(2026, 12, 3)])))
    x = only(c, "posts:x")
    assert x.usual_pause == DEFAULT_PAUSE and x.missing_end == 28 and x.status == "partial"
    short = cov_of(ClientData.from_frames(posts=posts("x", [D(2026, 12, 1), D(2026, 12, 26)])))
    assert only(short, "posts:x").missing_end == 0  # 5 quiet days: within the default 7


def test_a_channel_silent_since_before_the_period_is_named_but_does_not_make_the_report_stale() -> None:
    frames = dict(posts=pd.concat([posts("x", days("2026-06-01", "2026-10-15", step=2)),
                                   posts("facebook", days("2026-06-01", "2026-12-31", step=2))]),
                  account_daily=daily("facebook", days("2026-06-01", "2026-12-31")))
    c = cov_of(ClientData.from_frames(**frames))
    x = only(c, "posts:x")
    assert (x.status, x.last_before, x.missing_end, x.first_in) == ("none", D(2026, 10, 15), 31, None)
    assert not c.stale and c.through == D(2026, 12, 31)  # the other sources reach the end
    assert c.window() == Window(DEC.start, DEC.end)  # no data in the period: it does not narrow the window
    assert sentences(c, Translator("en")) == [
        "X posts: the data ends on Oct 15, 2026, before the period begins; none of the period is covered."]


def test_a_long_usual_pause_covers_a_quiet_week() -> None:
    monthly = days("2026-01-05", "2026-12-05", step=30)  # one video a month
    week = resolve("2026-12-14..2026-12-20")
    c = measure(day_index(ClientData.from_frames(posts=posts("youtube", monthly))), week.start, week.end, 1)
    yt = only(c, "posts:youtube")
    assert yt.usual_pause == 29 and yt.status == "complete" and yt.days_in == 0


def test_a_past_period_uses_the_data_after_it() -> None:
    """Re-running December in February: the series goes on after the period, a pause is judged on both sides."""
    frames = dict(account_daily=daily("x", days("2026-11-01", "2027-01-31")),
                  posts=posts("x", [*days("2026-11-01", "2026-12-25"), *days("2027-01-03", "2027-01-31")]))
    c = cov_of(ClientData.from_frames(**frames))
    x = only(c, "posts:x")
    assert x.first_after == D(2027, 1, 3) and (x.missing_end, x.status) == (6, "partial")
    assert only(c, "account_daily:x").status == "complete" and c.through == DEC.end and not c.stale


# --------------------------------------------------------------------------- a report's sources


def test_a_report_reads_its_tables_its_channels_and_its_brands() -> None:
    mentions = pd.DataFrame({"mention_id": ["1", "2", "3"], "time": ["2026-12-01"] * 3,
                             "brand": ["Ledgerly", "Paywise", "Dropped Co"]})
    data = ClientData.from_frames(posts=pd.concat([posts("x", [D(2026, 12, 1)]), posts("tiktok", [D(2026, 12, 1)])]),
                                  mentions=mentions, respondents=pd.DataFrame({"respondent_id": ["a"]}))
    index = day_index(data)
    kpi = for_report(index, "kpi_review", DEC.start, DEC.end, 2, channels=["x"], brands=["ledgerly", "PAYWISE"])
    assert [s.key for s in kpi.sources] == ["posts:x", "mentions:Ledgerly", "mentions:Paywise"]
    personas = relevant(index, coverage.REPORT_TABLES["audience_personas"], ["x"], [])
    assert [s.key for s in personas] == ["respondents", "posts:x"]


def test_stale_after_defaults_by_period_length_and_can_be_set() -> None:
    assert [default_stale_after(n) for n in (7, 28, 31, 92, 365)] == [1, 2, 2, 5, 10]
    assert ReportSpec().stale_after(31) == 2 and ReportSpec(stale_after_days=0).stale_after(31) == 0
    with pytest.raises(ValueError, match="stale_after_days"):
        ReportSpec(stale_after_days=-1)


def test_notice_is_escaped_and_empty_when_covered() -> None:
    hostile = "<script>alert(1)</script>"
    data = ClientData.from_frames(mentions=pd.DataFrame({"mention_id": ["1", "2"], "brand": [hostile, hostile],
                                                         "time": ["2026-12-01", "2026-12-02"]}))
    html = notice(cov_of(data), Translator("en")).markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert html.startswith('<section class="rp-coverage"')
    full = ClientData.from_frames(account_daily=daily("x", days("2026-12-01", "2026-12-31")))
    assert notice(cov_of(full), Translator("en")).markup == ""


# --------------------------------------------------------------------------- like for like


def test_comparisons_use_the_same_days() -> None:
    start_anchored = comparable(DEC, Window(D(2026, 12, 1), D(2026, 12, 22)))
    assert start_anchored.cut and start_anchored.previous == Window(D(2026, 11, 1), D(2026, 11, 22))
    assert start_anchored.year_ago == Window(D(2025, 12, 1), D(2025, 12, 22))
    end_anchored = comparable(DEC, Window(D(2026, 12, 10), D(2026, 12, 31)))
    assert end_anchored.previous == Window(D(2026, 11, 9), D(2026, 11, 30))  # the last 22 days
    march = comparable(resolve("2026-03"), Window(D(2026, 3, 1), D(2026, 3, 30)))
    assert march.previous == Window(D(2026, 2, 1), D(2026, 2, 28))  # February is shorter: cut at its end
    full = comparable(DEC, Window(DEC.start, DEC.end))
    assert not full.cut and full.previous == Window(D(2026, 11, 1), D(2026, 11, 30))
    with pytest.raises(ValueError, match="not inside"):
        comparable(DEC, Window(D(2026, 11, 30), D(2026, 12, 5)))


def _context(data: ClientData, report: str = "kpi_review", period: str = "2026-12", lang: str = "en",
             **params: object) -> ReportContext:
    p = ClientParams(client_id="acme", display_name="Acme", channels=["x", "facebook"], timezone="UTC",
                     data_dir="/nonexistent", **params)
    ctx = ReportContext(report=report, params=p, period=resolve(period), t=Translator(lang))
    ctx.data = data  # the context's data is a cached property: set it instead of importing
    return ctx


def test_report_context_exposes_coverage_comparison_goal_day_and_summary() -> None:
    frames = dict(account_daily=pd.concat([daily("x", days("2026-10-01", "2026-12-22")),
                                           daily("facebook", days("2026-10-01", "2026-12-31"))]))
    ctx = _context(ClientData.from_frames(**frames))
    assert ctx.stale_after == 2 and ctx.coverage.stale
    comparison = ctx.comparison()
    assert comparison is not None and comparison.previous == Window(D(2026, 11, 1), D(2026, 11, 22))
    assert ctx.comparison(channels=["facebook"]).cut is False  # Facebook alone covers the month
    assert ctx.covered_through() == D(2026, 12, 22) and ctx.covered_through(channels=["facebook"]) == DEC.end
    assert ctx.comparison_note(comparison) == ("Comparisons with the previous period and a year ago use the same "
                                               "days (Dec 1\u2009–\u200922, 2026), the days every source covers.")
    html = ctx.coverage_notice(ctx.comparison_note(comparison)).markup
    assert html.count("<li>") == 3 and "Dec 1\u2009–\u200922, 2026" in html
    summary = ctx.summary({"executive_summary": ["ok"]}).payload
    cov = summary["coverage"]
    assert (cov["data_through"], cov["lag_days"], cov["stale"], cov["stale_after_days"]) == ("2026-12-31", 0, True, 2)
    assert cov["window"] == {"start": "2026-12-01", "end": "2026-12-22", "days": 22}
    assert cov["notices"][0].startswith("X daily account figures: the data ends on Dec 22, 2026")
    assert [s["source"] for s in cov["sources"]] == ["account_daily:facebook", "account_daily:x"]
    later = _context(ClientData.from_frames(**frames), reports={"kpi_review": {"stale_after_days": 9}})
    assert not later.coverage.stale  # nine days short, nine allowed


def test_goal_window_can_be_measured_on_other_days() -> None:
    ctx = _context(ClientData.from_frames(account_daily=daily("x", days("2026-11-15", "2026-12-31"))))
    previous = ctx.coverage_of(D(2026, 11, 1), D(2026, 11, 30))
    assert only(previous, "account_daily:x").missing_start == 14 and not ctx.coverage.gaps


# --------------------------------------------------------------------------- real X exports cut short


def _cut_copy(folder: Path, before: str) -> Path:
    """The real November 2021 export with the tweets from ``before`` on removed (as an export that ends early)."""
    with (REAL_X / NOV_2021).open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        head = next(reader)
        rows = [r for r in reader if r[head.index("time")] < before]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / NOV_2021).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows([head, *rows])
    return folder


@pytest.mark.real_exports
@pytest.mark.skipif(not REAL_X.is_dir(), reason="../shared/real-exports is not available")
def test_real_x_exports_whole_and_cut_short(tmp_path: Path) -> None:
    from reporting.ingest import load_client_data

    whole = tmp_path / "whole"
    whole.mkdir()
    for name in (NOV_2021, "tweet_activity_metrics_rOpenSci_20200901_20201001_en.csv"):
        (whole / name).write_bytes((REAL_X / name).read_bytes())
    cut = _cut_copy(tmp_path / "cut", "2021-11-20")

    def context(folder: Path, lang: str = "en") -> ReportContext:
        p = ClientParams(client_id="ropensci", display_name="rOpenSci", channels=["x"], data_dir=str(folder))
        ctx = ReportContext(report="kpi_review", params=p, period=resolve("2021-11"), t=Translator(lang))
        ctx.data = load_client_data(p, use_cache=False)
        return ctx

    full = context(whole).coverage
    x = only(full, "posts:x")
    # Tweets on 16 days of November 2021, the longest pause 5 days (Nov 11-15); the last on Nov 30.
    assert (x.status, x.days_in, x.usual_pause, x.first_in, x.last_in) == ("complete", 16, 5, D(2021, 11, 2),
                                                                           D(2021, 11, 30))
    assert x.last_before == D(2020, 9, 30) and not full.stale  # the September 2020 export is history
    short = context(cut)
    x = only(short.coverage, "posts:x")
    assert (x.status, x.last_in, x.missing_end, x.usual_pause) == ("partial", D(2021, 11, 19), 11, 5)
    assert short.coverage.stale and short.coverage.lag == 11
    assert short.coverage.to_json()["sources"][0]["last_in_period"] == "2021-11-19"
    assert sentences(short.coverage, short.t) == [
        "X posts: the data ends on Nov 19, 2021, so the last 11 days of the period are missing.",
        "This report is not final: newer exports are due."]
    comparison = short.comparison()
    assert comparison.previous == Window(D(2021, 10, 1), D(2021, 10, 19))
    greek = context(cut, "el").coverage_notice().markup
    assert "Αναρτήσεις X: τα δεδομένα τελειώνουν στις 19 Νοε 2021" in greek


# --------------------------------------------------------------------------- generated data cut short


def test_generated_demo_data_with_x_cut_short_states_the_gap_and_compares_like_with_like() -> None:
    """demo-saas, October 2026, with its X posts and daily figures stopped after 22 October."""
    from reporting.demo.context import Context
    from reporting.demo.generator import simulate
    from reporting.demo.profiles import profile_for
    from reporting.params import load_client

    p = load_client("demo-saas")
    truth, _ = simulate(Context.create(p, profile_for(p), D(2026, 11, 22), 7))
    cut = pd.Timestamp("2026-10-23")
    posts_x = truth["posts"]["channel"] == "x"
    daily_x = truth["account_daily"]["channel"] == "x"
    frames = {name: truth[name] for name in ("posts", "account_daily", "web_traffic", "spend", "mentions")}
    frames["posts"] = frames["posts"][~posts_x | (frames["posts"]["published"].dt.tz_localize(None) < cut)]
    frames["account_daily"] = frames["account_daily"][~daily_x | (frames["account_daily"]["date"] < cut)]
    ctx = ReportContext(report="kpi_review", params=p, period=resolve("2026-10"), t=Translator("en"))
    ctx.data = ClientData.from_frames(tz=p.timezone, **frames)
    gaps = [(s.key, s.last_in, s.missing_end) for s in ctx.coverage.gaps]
    assert gaps == [("posts:x", D(2026, 10, 22), 9), ("account_daily:x", D(2026, 10, 22), 9)]
    assert ctx.coverage.stale and ctx.coverage.through == D(2026, 10, 31)  # LinkedIn and the web go on
    assert ctx.coverage_notice().markup.count("<li>") == 3
    assert sentences(ctx.coverage, ctx.t)[:2] == [
        "X posts: the data ends on Oct 22, 2026, so the last 9 days of the period are missing.",
        "X daily account figures: the data ends on Oct 22, 2026, so the last 9 days of the period are missing."]
    comparison = ctx.comparison()
    assert (comparison.current, comparison.previous, comparison.year_ago) == (
        Window(D(2026, 10, 1), D(2026, 10, 22)), Window(D(2026, 9, 1), D(2026, 9, 22)),
        Window(D(2025, 10, 1), D(2025, 10, 22)))
    assert ctx.comparison(channels=["linkedin"]).cut is False  # a LinkedIn goal keeps the whole month
    assert ctx.covered_through(channels=["x"]) == D(2026, 10, 22)


def test_a_weekly_poster_is_not_stale_for_its_usual_quiet_days() -> None:
    """Posts only, one a week on Sundays: the last four days of December are quiet, as usual."""
    c = cov_of(ClientData.from_frames(posts=posts("x", days("2026-09-06", "2026-12-31", step=7))))
    x = only(c, "posts:x")
    assert (x.usual_pause, x.last_in, x.status) == (6, D(2026, 12, 27), "complete")
    assert (c.through, c.lag, c.stale) == (DEC.end, 0, False)
    assert only(c, "posts:x").reach(DEC.end) == DEC.end
