"""Competitor listening on small hand-computed frames: brand matching, share of voice, sentiment, people, owned
channels, spikes in words, sentences and sections."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pandas as pd
import pytest
import regex

from reporting import display
from reporting.analysis import competition
from reporting.reports.competitor_listening import calls, compute, summary, views, wording
from reporting.text import brands, topics
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams, Thresholds
from reporting.periods import Period
from reporting.report import jsonable

TZ = "America/New_York"
PARAMS = ClientParams(
    client_id="t-listen", display_name="Ledgerly", language="en", timezone=TZ, channels=["x"], demo=True,
    handles={"x": ["ledgerlyhq", "ledgerly_app"]}, keywords=["#ledgerly"],
    competitors=[{"name": "Paywise", "handles": {"x": "paywise"}, "keywords": ["Paywise"]},
                 {"name": "Ξύλο & Φως", "keywords": ["Ξύλο και Φως"]},
                 {"name": "스타벅스", "keywords": ["스벅", "Starbucks"]}],
)
PERIOD = Period(dt.date(2026, 11, 2), dt.date(2026, 11, 15), "2026-11-02_2026-11-15", "2026-11-02..2026-11-15")


def mentions(rows: list[dict]) -> pd.DataFrame:
    base = {"channel": "x", "author": "someone", "language": "en", "sentiment": None, "reach": 10,
            "author_followers": None, "engagement": 1, "brand": None, "hashtags": None, "url": None,
            "time": "2026-11-03 10:00"}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame["mention_id"] = frame.get("mention_id", pd.Series([f"m{i}" for i in range(len(frame))]))
    frame["mention_id"] = frame["mention_id"].fillna(pd.Series([f"m{i}" for i in range(len(frame))]))
    return ClientData.from_frames(TZ, mentions=frame).mentions


# --- brand matching ---------------------------------------------------------------------------

CASES = [
    ("Loving LEDGERLY this week", {"Ledgerly"}),
    ("ledgerly.io/demo is down", {"Ledgerly"}),
    ("ask @LedgerlyHQ about it", {"Ledgerly"}),
    ("#Ledgerly #fintech", {"Ledgerly"}),
    ("Ｐａｙｗｉｓｅ launched", {"Paywise"}),  # full-width
    ("@paywise support replied", {"Paywise"}),
    ("paywisely is not a brand", set()),  # word boundary
    ("Ledgerly vs Paywise pricing", {"Ledgerly", "Paywise"}),
    ("ΞΥΛΟ & ΦΩΣ, υπέροχα", {"Ξύλο & Φως"}),  # capitals without accents
    ("ξυλο και φως στην Αθήνα", {"Ξύλο & Φως"}),
    (unicodedata.normalize("NFD", "Ξύλο & Φως"), {"Ξύλο & Φως"}),  # decomposed accents
    ("스타벅스에서 라떼", {"스타벅스"}),  # particle attached
    ("오늘 스벅 갔어요", {"스타벅스"}),
    ("Starbucks에서 만나요", {"스타벅스"}),
    ("스타 벅스 아님", set()),
    ("nothing relevant", set()),
    ("<script>alert(1)</script> Ledgerly 🔥", {"Ledgerly"}),
]


def test_brand_patterns_match_case_accent_and_width_insensitively() -> None:
    frame = mentions([{"text": text} for text, _ in CASES])
    matched = brands.match_brands(frame, PARAMS)
    found = {k: set(v) for k, v in matched.rows.groupby("mention_id")["brand"]}
    for i, (text, expected) in enumerate(CASES):
        assert found.get(f"m{i}", set()) == expected, text
    assert matched.unmatched == 3
    assert matched.multi_brand == 1


def test_pattern_agrees_with_folding_the_text() -> None:
    """Folding the pattern (fast, on raw text) finds what folding every text would find."""
    for term in ["Ledgerly", "Ξύλο & Φως", "스벅", "@paywise"]:
        pattern = regex.compile(brands.term_pattern(term))
        folded_term = regex.escape(topics.fold(term)).replace(r"\ ", r"\s*")
        edge = r"[\p{Latin}\p{Greek}\p{N}_]"
        left = rf"(?<!{edge})" if regex.match(edge, topics.fold(term)[0]) else ""
        right = rf"(?!{edge})" if regex.match(edge, topics.fold(term)[-1]) else ""
        reference = regex.compile(left + folded_term + right)
        for text, _ in CASES:
            assert bool(pattern.search(text)) == bool(reference.search(topics.fold(text))), (term, text)


def test_export_brand_column_is_mapped_and_text_still_read() -> None:
    frame = mentions([
        {"text": "great launch today", "brand": "Paywise query"},  # export names it: kept
        {"text": "Ledgerly is fine", "brand": "Unknown query"},  # no parameter brand: text decides
        {"text": "Ledgerly and Paywise", "brand": "Ledgerly"},  # export brand + the text's other brand
    ])
    rows = brands.match_brands(frame, PARAMS).rows
    assert sorted(zip(rows["mention_id"], rows["brand"], strict=True)) == [
        ("m0", "Paywise"), ("m1", "Ledgerly"), ("m2", "Ledgerly"), ("m2", "Paywise")]


def test_rows_from_an_export_with_one_row_per_brand_are_not_double_counted() -> None:
    frame = mentions([{"mention_id": "x1", "text": "Ledgerly vs Paywise", "brand": "Ledgerly"},
                      {"mention_id": "x1", "text": "Ledgerly vs Paywise", "brand": "Paywise"}])
    matched = brands.match_brands(frame, PARAMS)
    assert sorted(matched.rows["brand"]) == ["Ledgerly", "Paywise"]
    assert matched.mentions == 1


# --- share of voice and sentiment --------------------------------------------------------------

def prepared(rows: list[dict]) -> pd.DataFrame:
    return competition.prepare(brands.match_brands(mentions(rows), PARAMS).rows)


def test_share_of_voice_by_mentions_and_reach_by_hand() -> None:
    rows = prepared([
        {"text": "Ledgerly", "reach": 100}, {"text": "Ledgerly", "reach": 200},
        {"text": "Ledgerly and Paywise", "reach": 300},  # counts for both
        {"text": "Paywise", "reach": None, "author_followers": 100},  # reach falls back to followers
        {"text": "Ledgerly", "reach": 50, "time": "2026-10-25 10:00"},  # previous period
        {"text": "Paywise", "reach": 50, "time": "2026-10-26 10:00"},
    ])
    sov = competition.share_of_voice(rows, PARAMS.brands(), PERIOD, PERIOD.previous()).set_index("brand")
    # mentions: Ledgerly 3, Paywise 2 -> 3/5, 2/5; reach: Ledgerly 600, Paywise 400 -> 0.6, 0.4
    assert sov.loc["Ledgerly", "mentions"] == 3 and sov.loc["Paywise", "mentions"] == 2
    assert sov.loc["Ledgerly", "share"] == pytest.approx(0.6)
    assert sov.loc["Ledgerly", "reach_share"] == pytest.approx(0.6)
    assert sov.loc["Paywise", "reach"] == 400
    assert sov.loc["Ledgerly", "share_previous"] == pytest.approx(0.5)
    assert sov.loc["Ledgerly", "share_change"] == pytest.approx(0.1)
    assert sov.loc["스타벅스", "share"] == 0


def test_net_sentiment_and_shares_by_hand() -> None:
    rows = prepared(
        [{"text": "Ledgerly", "sentiment": s} for s in ["positive"] * 3 + ["negative", "neutral"]]
        + [{"text": "Ledgerly", "sentiment": "negative", "time": "2026-10-27 09:00"}] * 3
        + [{"text": "Ledgerly", "sentiment": "positive", "time": "2026-10-27 09:00"}]
    )
    rows = rows.assign(sentiment_origin="export")
    table = competition.sentiment_by_brand(rows, PARAMS.brands(), PERIOD, PERIOD.previous()).set_index("brand")
    row = table.loc["Ledgerly"]
    assert (row["positive"], row["neutral"], row["negative"]) == (3, 1, 1)
    assert row["positive_share"] == pytest.approx(0.6)
    assert row["net"] == pytest.approx((3 - 1) / (3 + 1))
    assert row["net_previous"] == pytest.approx((1 - 3) / 4)
    assert row["net_change"] == pytest.approx(1.0)
    assert row["origin"] == "export"
    assert competition.net_sentiment(0, 0) != competition.net_sentiment(0, 0)  # NaN: nothing to say


def test_missing_sentiment_is_computed_and_unsupported_languages_stay_missing() -> None:
    frame = mentions([
        {"text": "Ledgerly is great, I love it", "language": "en"},
        {"text": "Ledgerly est nul", "language": "fr"},
        {"text": "Ledgerly", "sentiment": "negative", "sentiment_origin": "export"},
    ])
    done, unsupported = competition.complete_sentiment(competition.prepare(brands.match_brands(frame, PARAMS).rows),
                                                     frame)
    by_text = done.assign(text=brands.heavy(frame, done, "text")).set_index("text")
    assert by_text.loc["Ledgerly is great, I love it", "sentiment"] == "positive"
    assert by_text.loc["Ledgerly is great, I love it", "sentiment_origin"] == "computed"
    assert pd.isna(by_text.loc["Ledgerly est nul", "sentiment"])
    assert by_text.loc["Ledgerly", "sentiment_origin"] == "export"
    assert unsupported.to_dict("records") == [{"language": "fr", "mentions": 1}]


# --- people, where and when -----------------------------------------------------------------------

def test_advocates_need_repeated_mentions_and_rank_by_reach() -> None:
    rows = prepared(
        [{"text": "Ledgerly", "author": "big", "sentiment": "positive", "reach": 500}] * 2
        + [{"text": "Ledgerly", "author": "small", "sentiment": "positive", "reach": 10}] * 3
        + [{"text": "Ledgerly", "author": "small", "sentiment": "negative", "reach": 10}]
        + [{"text": "Ledgerly", "author": "once", "sentiment": "positive", "reach": 9999}]
    )
    table = compute.advocates(rows, PARAMS.brands(), "positive")
    assert table["author"].tolist() == ["big", "small"]
    assert table["reach"].tolist() == [1000, 30]
    assert table["share"].tolist() == [1.0, 0.75]
    assert compute.advocates(rows, PARAMS.brands(), "negative").empty  # one negative is not a detractor


def test_influencers_include_small_accounts_with_outsized_engagement() -> None:
    rows = prepared(
        [{"text": "Ledgerly", "author": f"a{i}", "author_followers": 1000, "engagement": 10} for i in range(9)]
        + [{"text": "Ledgerly", "author": "star", "author_followers": 500, "engagement": 100}]
        + [{"text": "Paywise", "author": "giant", "author_followers": 90000, "engagement": 50}]
    )
    table = compute.influencers(rows, PARAMS.brands()).set_index("author")
    assert table.loc["giant", "why"] == "reach"
    assert table.loc["star", "why"] == "engagement"
    assert table.loc["star", "engagement_rate"] == pytest.approx(100 / 500)
    assert table.loc["star", "channels"] == "x"
    assert table.loc["giant", "brands"] == "Paywise"


def test_hour_weekday_grid_in_client_time() -> None:
    rows = prepared([{"text": "Ledgerly", "time": "2026-11-02 09:30"},  # a Monday, 09:30 in New York
                     {"text": "Ledgerly and Paywise", "time": "2026-11-08 23:59"}])  # Sunday, counted once
    grid = compute.hour_weekday(rows)
    assert grid.loc[0, 9] == 1 and grid.loc[6, 23] == 1 and grid.to_numpy().sum() == 2


def test_owned_channels_growth_frequency_and_engagement_rate_by_hand() -> None:
    accounts = pd.DataFrame({
        "date": pd.to_datetime(["2026-11-01", "2026-11-05", "2026-11-15"]),
        "brand": "Paywise", "channel": "x", "account": "paywise",
        "followers": [1000, 1050, 1100], "posts": [0, 2, 0], "engagements": [0, 42, 0]})
    table = competition.owned_channels(accounts, pd.DataFrame(), PARAMS.brands(), PERIOD).iloc[0]
    assert table["growth"] == pytest.approx(0.1)  # 1000 on the day before the period -> 1100
    assert table["posts_per_week"] == pytest.approx(1.0)  # 2 posts in 2 weeks
    assert table["engagement_rate"] == pytest.approx(42 / (2 * 1050))


# --- the whole report on a fixture -------------------------------------------------------------------

def test_analyse_and_summary_sentences() -> None:
    rows = (
        [{"text": "Ledgerly is great", "sentiment": "positive", "time": f"2026-11-0{d} 12:00"} for d in range(3, 9)]
        + [{"text": "Paywise ok", "sentiment": "neutral", "time": "2026-11-04 12:00"}] * 4
        + [{"text": "Ledgerly ok", "sentiment": "neutral", "time": "2026-10-20 12:00"}] * 2
        + [{"text": "Paywise ok", "sentiment": "neutral", "time": "2026-10-20 12:00"}] * 2
    )
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(rows).assign(
        mention_id=[f"m{i}" for i in range(len(rows))], channel="x", reach=10))
    # The data stops on Nov 8 (7 quiet days are longer than its usual pause): Nov 2-8 is compared with Oct 19-25.
    low = PARAMS.model_copy(update={"thresholds": Thresholds(sov_min_mentions=4, sentiment_min_mentions=1)})
    result = compute.analyse(data, low, PERIOD)
    assert result.watch == {}  # analyse() looks for the competitor to watch: here none gained or grew faster
    sentences = wording.executive_summary(result, Translator("en"))
    assert sentences[0] == ("Ledgerly led the conversation with 60.0% share of voice "
                            "(+10.0 pts against the previous period).")
    assert sentences[2] == ("Net sentiment for Ledgerly was +1.00: 100% positive, 0% negative. There were no "
                            "positive or negative mentions before to compare with.")
    assert "No day stood out" in sentences[3]
    assert sentences[4] == ("No competitor gained share of voice beyond what chance explains this period; no "
                            "competitor following measured over the whole period is there to compare growth with "
                            "Ledgerly's.")
    payload = summary.payload(result, Translator("en"))
    assert payload["share_of_voice"]["Ledgerly"]["share"] == pytest.approx(0.6)
    assert payload["net_sentiment"]["Ledgerly"]["net"] == pytest.approx(1.0)
    assert payload["spikes"] == []
    assert payload["executive_summary"] == sentences


def test_competitor_growing_faster_than_the_client_is_the_one_to_watch() -> None:
    rows = [{"text": "Ledgerly", "time": "2026-11-04 12:00"}, {"text": "Paywise", "time": "2026-10-28 12:00"}]
    accounts = pd.DataFrame({
        "date": pd.to_datetime(["2026-11-01", "2026-11-15"] * 3),
        "brand": ["Ledgerly", "Ledgerly", "Paywise", "Paywise", "스타벅스", "스타벅스"], "channel": "x",
        "followers": [1000, 1010, 2000, 2100, 5000, 5020], "posts": 0, "engagements": 0})
    data = ClientData.from_frames(TZ, competitor_accounts=accounts, mentions=pd.DataFrame(rows).assign(
        mention_id=["a", "b"], channel="x"))
    result = compute.analyse(data, PARAMS, PERIOD)
    # Ledgerly gained share (1.0 vs 0.0), so no competitor did; Paywise grew 5 % against Ledgerly's 1 %
    assert calls.competitor_to_watch(result) == {"brand": "Paywise", "reason": "followers", "channel": "x",
                                                     "growth": pytest.approx(0.05),
                                                     "client_growth": pytest.approx(0.01)}
    assert wording.watch_sentence(calls.competitor_to_watch(result), Translator("en"), "Ledgerly") == (
        "Competitor to watch: Paywise, whose X following grew +5.0% in the period, against +1.0% for Ledgerly.")


def test_a_following_not_measured_over_the_whole_period_is_not_compared() -> None:
    """Paywise's counts start mid-period: its growth covers other days than the client's, so no call."""
    rows = [{"text": "Ledgerly", "time": "2026-11-04 12:00"}]
    accounts = pd.DataFrame({
        "date": pd.to_datetime(["2026-11-01", "2026-11-15", "2026-11-08", "2026-11-15"]),
        "brand": ["Ledgerly", "Ledgerly", "Paywise", "Paywise"], "channel": "x",
        "followers": [1000, 1010, 2000, 2400], "posts": 0, "engagements": 0})
    data = ClientData.from_frames(TZ, competitor_accounts=accounts, mentions=pd.DataFrame(rows).assign(
        mention_id=["a"], channel="x"))
    result = compute.analyse(data, PARAMS, PERIOD)
    assert result.watch == {}
    assert calls.watch_evidence(result) == "none"  # one mention: shares not compared either


def test_mention_text_shown_is_escaped_and_cut_at_whole_characters() -> None:
    spike = {"brand": "Ledgerly", "granularity": "day", "start": pd.Timestamp("2026-11-05"), "direction": "up",
             "volume": 40.0, "baseline": 10.0, "driver_kind": "author", "driver": "<b>x</b>", "driver_share": 0.8,
             "negative_share": 0.1, "possible_crisis": False,
             "example": "<script>alert(1)</script> " + "모퉁이 커피 👍🏽 " * 30}
    sentence = wording.spike_sentence(spike, Translator("en"))
    markup = display.bullets([sentence]).markup
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "<b>" not in markup and "&lt;b&gt;x&lt;/b&gt;" in markup
    quoted = sentence.split("“", 1)[1]
    assert quoted.endswith("…”")
    assert not quoted.removesuffix("…”").endswith("👍")  # never a thumb cut from its skin tone


# --- spikes in words --------------------------------------------------------------------------------

def test_describe_in_plain_words() -> None:
    spike = {"brand": "Paywise", "granularity": "day", "start": pd.Timestamp("2026-11-02"), "direction": "up",
             "volume": 351.0, "baseline": 36.0, "driver_kind": "hashtag", "driver": "paywiselaunch",
             "driver_share": 1.02, "negative_share": 0.1, "possible_crisis": False}
    assert wording.describe(spike, Translator("en")) == (
        "Nov 2, 2026: Paywise mentions rose to 351 against a usual 36 a day. "
        "Main driver: the hashtag #paywiselaunch, 100% of the extra volume.")
    crisis = {**spike, "driver_kind": "author", "driver": "@mapo_foodie", "driver_share": 0.67,
              "negative_share": 0.86, "possible_crisis": True}
    assert wording.describe(crisis, Translator("en")).endswith(
        "Main driver: the author mapo_foodie, 67% of the extra volume. "
        "Possible crisis: 86% of the extra mentions were negative.")


def test_channel_drivers_and_changes_use_the_shared_words() -> None:
    t = Translator("ko")
    assert wording.driver_label("channel", "forum", t) == t("listening.driver_channel", value="커뮤니티")
    assert wording.driver_label("channel", "mastodon", t) == t("listening.driver_channel", value="mastodon")
    assert wording.points(0.034, t) == "+3.4%p"
    assert wording.points(-0.0004, t) == "0.0%p"  # never '-0.0'
    assert wording.points(float("nan"), t) == t("listening.no_previous")
    assert wording.where_text("x, forum", "x.com", Translator("en")) == "X, forums"  # a platform site repeats X
    assert wording.where_text("x, forum", "reddit.com", Translator("en")) == "X, forums, reddit.com"


# --- the sections as a reader sees them -----------------------------------------------------------------

SECTIONS = ["header", "summary", "share_of_voice", "sentiment", "spikes", "people", "influencers", "where", "when",
            "themes", "owned", "method"]


@pytest.fixture(scope="module")
def small() -> compute.Listening:
    rows = (
        [{"text": "Ledgerly is great <script>alert(1)</script>", "sentiment": "positive", "author": "fan",
          "time": f"2026-11-0{d} 12:00"} for d in range(3, 9)]
        + [{"text": "Paywise ok #fintech", "sentiment": "neutral", "time": "2026-11-04 12:00"}] * 4
        + [{"text": "Ledgerly ok", "sentiment": "neutral", "time": "2026-10-27 12:00"}] * 2
    )
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(rows).assign(
        mention_id=[f"m{i}" for i in range(len(rows))], channel="x", reach=10))
    return compute.analyse(data, PARAMS, PERIOD)


@pytest.mark.parametrize("lang", ["en", "ko", "el"])
def test_every_section_renders_and_says_what_is_missing(small: compute.Listening, lang: str) -> None:
    t = Translator(lang)
    before = {k: v for k, v in vars(small).items() if not isinstance(v, pd.DataFrame)}
    page = "".join(getattr(views, name)(small, t).markup for name in SECTIONS)
    for key in ("h_sov", "h_sentiment", "h_spikes", "h_people", "h_influencers", "h_where", "h_when", "h_themes",
                "h_owned", "h_method"):
        assert display.esc(t(f"listening.{key}")) in page, key
    for key in ("no_spikes", "no_detractors", "no_owned"):  # the fixture has none of these
        assert display.esc(t(f"listening.{key}")) in page, key
    assert display.esc(wording.subtitle(small, t)) in page and "Ξύλο &amp; Φως" in page
    assert display.esc(t.percent(0.6)) in page  # Ledgerly's share of voice, in the table and the summary
    words = regex.sub(r'src="data:image/png;base64,[^"]*"', "", page)  # the text, without the charts' bytes
    assert "<script>" not in words and not regex.search(r"\b(nan|None|NaT)\b", words)
    assert {k: v for k, v in vars(small).items() if not isinstance(v, pd.DataFrame)} == before  # shown, not changed


def test_only_the_sentences_of_the_summary_depend_on_the_language(small: compute.Listening) -> None:
    english, korean = (jsonable(summary.payload(small, Translator(lang))) for lang in ("en", "ko"))
    assert english.pop("executive_summary") != korean.pop("executive_summary")
    assert english == korean  # as written to summary.json (NaN as null)


def test_a_period_without_mentions_says_so_and_where_the_data_lies() -> None:
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(
        [{"text": "Ledgerly", "time": "2026-09-01 12:00", "mention_id": "old", "channel": "x"}]))
    result, t = compute.analyse(data, PARAMS, PERIOD), Translator("en")
    assert result.mention_state == "outside_period"
    assert wording.executive_summary(result, t) == [
        "No mentions fall in this period, so there is no share of voice, sentiment or spike to report: the "
        "listening data runs from Sep 1, 2026 to Sep 1, 2026."]
    page = "".join(getattr(views, name)(result, t).markup for name in SECTIONS)
    assert page.count(display.esc(t("listening.empty_outside_period"))) == 8  # every mention-based section
    assert display.esc(t("listening.no_owned")) in page
    assert "<img" not in page  # no chart of zeros
    assert display.esc("Mentions: the data ends on Sep 1, 2026, before the period begins") in page


def test_a_client_without_a_listening_export_is_told_what_to_drop_where(tmp_path) -> None:  # noqa: ANN001
    accounts = pd.DataFrame({
        "date": pd.to_datetime(["2026-11-01", "2026-11-15"] * 2), "brand": ["Ledgerly"] * 2 + ["Paywise"] * 2,
        "channel": "x", "account": ["ledgerlyhq"] * 2 + ["paywise"] * 2,
        "followers": [1000, 1010, 2000, 2100], "posts": [1, 2, 3, 4], "engagements": [10, 20, 30, 40]})
    params = PARAMS.model_copy(update={"data_dir": str(tmp_path / "ledgerly")})
    result = compute.analyse(ClientData.from_frames(TZ, competitor_accounts=accounts), params, PERIOD)
    t = Translator("en")
    assert result.mention_state == "no_export"
    said = wording.executive_summary(result, t)
    assert said[0].startswith("No listening export was found for Ledgerly, so there are no mentions to analyse")
    assert said[1] == t("listening.exec_listening_needed", folder=str(tmp_path / "ledgerly") + "/")
    assert "Brandwatch" in said[1] and "Meltwater" in said[1] and "listening_columns" in said[1]
    assert said[2] == ("Competitor to watch: Paywise, whose X following grew +5.0% in the period, against +1.0% "
                       "for Ledgerly.")  # what the competitor export backs is still said
    page = views.owned(result, t).markup
    assert "paywise" in page and "ledgerlyhq" in page
    assert display.esc(t("listening.empty_no_export")) in views.spikes(result, t).markup


def test_mentions_naming_no_tracked_brand_point_to_the_keywords() -> None:
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(
        [{"text": "nothing relevant", "time": "2026-11-05 12:00", "mention_id": f"m{i}", "channel": "x"}
         for i in range(3)]))
    result, t = compute.analyse(data, PARAMS, PERIOD), Translator("en")
    assert result.mention_state == "unmatched"
    assert wording.executive_summary(result, t)[0].startswith("None of the 3 mentions of this period names Ledgerly")


# --- grounded calls: each verdict only on its minimum of evidence ------------------------------------

def _spike(**over: object) -> dict:
    base = {"brand": "Paywise", "granularity": "day", "start": pd.Timestamp("2026-11-05"), "volume": 30.0,
            "baseline": 10.0, "spread": 3.0, "baseline_slots": 28, "z": 6.0, "direction": "up", "excess": 20.0,
            "driver_kind": "author", "driver": "fan", "driver_count": 12, "driver_usual": 0.5, "driver_share": 0.6,
            "example": "Paywise!", "negative_share": 0.6, "possible_crisis": True}
    return {**base, **over}


def test_a_driver_and_a_crisis_are_named_only_on_enough_extra_mentions() -> None:
    spikes = pd.DataFrame([_spike(), _spike(driver_count=9, driver_usual=0.0, negative_share=0.45)])
    spikes["possible_crisis"] = spikes["possible_crisis"].astype("boolean")
    called = calls.called_spikes(spikes, 10)
    # 12 - 0.5 = 11.5 extra mentions >= 10: named; 9 extra: not. Negative extra 0.6 x 20 = 12 >= 10; 0.45 x 20 = 9.
    assert called["driver_extra"].tolist() == [11.5, 9.0]
    assert called["driver_called"].tolist() == [True, False]
    assert called["possible_crisis"].tolist()[0] is True and pd.isna(called["possible_crisis"].iloc[1])
    t = Translator("en")
    first, second = (wording.describe(s, t, 10) for s in called.to_dict("records"))
    assert first == ("Nov 5, 2026: Paywise mentions rose to 30 against a usual 10 a day. Main driver: the author fan, "
                     "60% of the extra volume. Possible crisis: 60% of the extra mentions were negative.")
    assert second == ("Nov 5, 2026: Paywise mentions rose to 30 against a usual 10 a day. No driver is named: the "
                      "strongest candidate accounts for fewer than 10 extra mentions.")
    assert wording.spike_sentence(called.iloc[1].to_dict(), t, 10) == second  # no example of an unnamed driver


def test_net_sentiment_is_withheld_below_its_minimum() -> None:
    table = pd.DataFrame({"brand": ["A", "B"], "net": [0.5, -0.2], "net_previous": [0.1, 0.3],
                          "net_change": [0.4, -0.5]})
    called = calls.called_sentiment(table, pd.Series({"A": 25, "B": 8}), pd.Series({"A": 12, "B": 30}), 20)
    a, b = called.set_index("brand").loc["A"], called.set_index("brand").loc["B"]
    assert a["net"] == 0.5 and pd.isna(a["net_previous"]) and pd.isna(a["net_change"])  # 12 before: no change
    assert pd.isna(b["net"]) and b["net_previous"] == 0.3 and pd.isna(b["net_change"])  # 8 now: no net
    assert b["net_raw"] == -0.2 and (a["polar"], a["polar_previous"]) == (25, 12)


def test_share_of_voice_change_is_withheld_when_a_period_has_too_few_mentions() -> None:
    sov = pd.DataFrame({"brand": ["A", "B"], "mentions": [20, 20], "mentions_previous": [5, 4],
                        "share_change": [0.1, -0.1], "reach_share_change": [0.0, 0.0]})
    assert calls.called_share_of_voice(sov, 30)["share_change"].isna().all()  # 9 mentions before
    assert calls.called_share_of_voice(sov, 9)["share_change"].tolist() == [0.1, -0.1]


def test_a_gain_in_share_within_chance_is_not_called() -> None:
    sov = pd.DataFrame({"share": [0.5, 0.2], "share_previous": [0.4, 0.2]})
    noise = calls.share_noise(sov, 100, 400)
    # 2 x sqrt(0.5 x 0.5 / 100 + 0.4 x 0.6 / 400) = 2 x sqrt(0.0025 + 0.0006)
    assert noise.iloc[0] == pytest.approx(2 * (0.0025 + 0.0006) ** 0.5)
    assert calls.share_noise(sov, 0, 400).tolist() == [float("inf")] * 2


def test_a_gain_from_one_spike_day_alone_is_not_a_competitor_to_watch() -> None:
    sov = pd.DataFrame({"brand": ["A", "B"], "mentions": [500, 600], "share_previous": [0.5, 0.5]})
    spikes = pd.DataFrame([_spike(brand="B", excess=300.0)])
    # without B's spike day: 500 / (500 + 300) = 0.625 for A, 0.375 for B: B's gain turns into a loss
    change = calls.sustained_change(sov, spikes, PERIOD)
    assert change["A"] == pytest.approx(0.125) and change["B"] == pytest.approx(-0.125)
    watch = {"brand": "B", "reason": "spike_only", "share": 0.545, "change": 0.045, "spike": _spike(brand="B")}
    assert wording.watch_sentence(watch, Translator("en")) == (
        "B gained share of voice (+4.5 pts) through its spike on Nov 5, 2026 alone: without its spike days its "
        "share did not grow, so it is not called a trend.")


def test_days_a_brands_data_does_not_reach_are_not_drops_and_shares_compare_common_days() -> None:
    """Paywise's export stops on Nov 8: its last week is missing data, not a drop to zero, and shares use Nov 2-8."""
    days = pd.date_range("2026-09-01", "2026-11-15", freq="D")
    rows = [{"text": "Ledgerly", "brand": "Ledgerly", "time": f"{d.date()} {h:02d}:00"} for d in days
            for h in range(12, 24)]
    rows += [{"text": "Paywise", "brand": "Paywise", "time": f"{d.date()} {h:02d}:00"} for d in days
             if d <= pd.Timestamp("2026-11-08") for h in range(12, 24)]
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(rows).assign(
        mention_id=[f"m{i}" for i in range(len(rows))], channel="x"))
    result, t = compute.analyse(data, PARAMS, PERIOD), Translator("en")
    assert result.spikes.empty  # 12 a day every day: nothing stands out, and Nov 9-15 is not a drop for Paywise
    assert result.daily.loc["2026-11-09":, "Paywise"].isna().all()
    assert result.daily.loc["2026-11-09":, "Ledgerly"].eq(12).all()
    now, before = result.compared
    assert (now.start, now.end, before.start, before.end) == (dt.date(2026, 11, 2), dt.date(2026, 11, 8),
                                                              dt.date(2026, 10, 19), dt.date(2026, 10, 25))
    sov = result.sov.set_index("brand")
    assert sov.loc["Ledgerly", "share"] == pytest.approx(0.5) and sov.loc["Ledgerly", "mentions"] == 7 * 12
    notice = views.header(result, t).markup
    assert display.esc("Mentions of Paywise: the data ends on Nov 8, 2026, so the last 7 days") in notice
    assert display.esc(t("coverage.like_for_like", days=t.period(dt.date(2026, 11, 2), dt.date(2026, 11, 8)))) \
        in notice


def test_rising_themes_need_mentions_in_both_periods_and_several_authors() -> None:
    rows = ([{"text": "Ledgerly pricing is new", "author": "solo", "time": "2026-11-05 12:00"}] * 20
            + [{"text": "Ledgerly pricing update", "author": f"a{i}", "time": "2026-11-06 12:00"} for i in range(3)]
            + [{"text": "Ledgerly works", "author": f"b{i}", "time": "2026-10-25 12:00"} for i in range(40)]
            + [{"text": "Ledgerly works", "author": f"c{i}", "time": "2026-11-07 12:00"} for i in range(40)]
            + [{"text": "Paywise launch", "author": f"p{i}", "time": "2026-11-07 12:00"} for i in range(40)])
    prepared_rows = prepared(rows)
    frame = mentions(rows)
    themes = compute.theme_tables(prepared_rows, frame, PARAMS, PERIOD, PERIOD.previous())
    assert themes.rising_status["Ledgerly"] == "ok" and themes.rising_status["Paywise"] == "few_mentions"
    # 'pricing': 20 copies by one author count once, plus 3 authors = 4 < 5 authors: not called
    assert "pricing" not in set(themes.rising["key"])
    assert themes.rising[themes.rising["brand"] == "Paywise"].empty
    assert "launch" in set(themes.top["key"])  # the most used terms are still shown


def test_complete_sentiment_takes_the_clients_scorer_and_keeps_the_default() -> None:
    frame = mentions([{"text": "Ledgerly is great, I love it", "language": "en"}])
    rows = competition.prepare(brands.match_brands(frame, PARAMS).rows)

    def contrarian(texts: pd.Series, languages: pd.Series) -> pd.DataFrame:
        return pd.DataFrame({"sentiment": pd.array(["negative"] * len(texts), dtype="string"),
                             "score": pd.array([-1.0] * len(texts), dtype="Float64")}, index=texts.index)

    assert competition.complete_sentiment(rows, frame)[0]["sentiment"].tolist() == ["positive"]
    assert competition.complete_sentiment(rows, frame, contrarian)[0]["sentiment"].tolist() == ["negative"]


def _labels(folder, rows: list[tuple[str, str, str]]) -> None:  # noqa: ANN001
    (folder / "labels").mkdir(parents=True)
    pd.DataFrame(rows, columns=["text", "language", "label"]).to_csv(folder / "labels" / "sentiment_labels.csv",
                                                                       index=False)


def test_computed_sentiment_is_measured_on_the_clients_labels_and_korean_carries_its_caveat(tmp_path) -> None:  # noqa: ANN001
    good = [f"Ledgerly support was great and helpful, thank you {i}" for i in range(30)]
    bad = [f"Ledgerly is terrible, the worst app, awful {i}" for i in range(30)]
    _labels(tmp_path, [(x, "en", "positive") for x in good] + [(x, "en", "negative") for x in bad])
    params = PARAMS.model_copy(update={"data_dir": str(tmp_path)})
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(
        [{"text": "Ledgerly is great", "language": "en", "time": "2026-11-04 12:00"},
         {"text": "Ledgerly 정말 좋아요", "language": "ko", "time": "2026-11-05 12:00"}]).assign(
        mention_id=["e", "k"], channel="x"))
    result, t = compute.analyse(data, params, PERIOD), Translator("en")
    assert result.computed_languages == ("en", "ko")
    said = wording.client_accuracy_sentences(result, t)
    assert said[0] == "Computed sentiment (English): 100% right on 60 of your mentions labelled by you (95% interval " \
                      "94% to 100%)."
    assert said[1] == t("sentiment.proxy_ko")  # next to Korean, which is not measured on the client's mentions
    assert said[-1] == t("listening.accuracy_unlabelled", languages="Korean", folder=result.data_folder)
    method = wording.accuracy_note(result, t)
    assert "Korean" in method and "English" not in method and "not on your mentions" in method
    sentiment_section = views.sentiment(result, t).markup
    assert display.esc(t("listening.h_accuracy")) in sentiment_section
    payload = summary.payload(result, t)["computed_sentiment"]
    assert payload["en"]["use"] == "shipped" and payload["en"]["shipped"]["n"] == 60
    assert payload["ko"] == {"use": "shipped", "labelled": 0, "shipped": None, "client_model": None,
                             "more_labels": None, "more_for": None}


def test_without_competitors_the_report_gives_volume_not_share_of_voice() -> None:
    alone = PARAMS.model_copy(update={"competitors": []})
    rows = [{"text": "Ledgerly", "time": "2026-11-04 12:00"}] * 3 + [{"text": "Ledgerly", "time": "2026-10-20 12:00"}]
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(rows).assign(
        mention_id=[f"m{i}" for i in range(len(rows))], channel="x"))
    result, t = compute.analyse(data, alone, PERIOD), Translator("en")
    assert wording.subtitle(result, t) == f"Ledgerly · {t.period(PERIOD.start, PERIOD.end)}"
    said = wording.executive_summary(result, t)
    # the data stops on Nov 4 (11 quiet days): Nov 2-4 is compared with Oct 19-21, which holds the Oct 20 mention
    assert said[0] == ("Ledgerly had 3 mentions in the period, against 1 in the days compared before; with no "
                       "competitor tracked there is no share of voice.")
    assert said[-1] == "No competitor is tracked for Ledgerly: add competitors to the client's parameters to compare " \
                       "with them."
    assert display.esc(t("listening.sov_no_competitors", brand="Ledgerly")) in views.share_of_voice(result, t).markup


def test_uncovered_days_are_unknown_in_hourly_counts_too() -> None:
    columns = pd.MultiIndex.from_product([["A", "B"], range(24)], names=["brand", "hour"])
    counts = pd.DataFrame(1.0, index=pd.date_range("2026-11-01", periods=4, name="day"), columns=columns)
    masked = compute.mask_uncovered(counts, {"B": [(dt.date(2026, 11, 3), dt.date(2026, 11, 4))]})
    assert masked.loc["2026-11-03":, "B"].isna().all().all() and masked.loc[:"2026-11-02", "B"].eq(1).all().all()
    assert masked["A"].eq(1).all().all() and counts.eq(1).all().all()  # the input is left as it was


def test_brands_whose_data_share_no_day_are_not_compared_with_before() -> None:
    """Ledgerly's export stops on Nov 5, Paywise's starts on Nov 10: no common day, so no change is stated."""
    ledgerly = [{"text": "Ledgerly", "brand": "Ledgerly", "time": f"{d.date()} 12:00"}
                for d in pd.date_range("2026-09-01", "2026-11-05") for _ in range(3)]
    paywise = [{"text": "Paywise", "brand": "Paywise", "time": f"{d.date()} 12:00"}
               for d in pd.date_range("2026-11-10", "2026-11-15") for _ in range(3)]
    rows = ledgerly + paywise
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(rows).assign(
        mention_id=[f"m{i}" for i in range(len(rows))], channel="x"))
    result, t = compute.analyse(data, PARAMS, PERIOD), Translator("en")
    assert result.comparison is None
    assert result.sov["share_change"].isna().all() and result.sentiment["net_change"].isna().all()
    assert display.esc(t("listening.compare_none")) in views.header(result, t).markup
    assert calls.watch_evidence(result) == "none"
