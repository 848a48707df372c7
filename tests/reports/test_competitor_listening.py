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
from reporting.reports.competitor_listening import compute, summary, views, wording
from reporting.text import brands, topics
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.params import ClientParams
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
        + [{"text": "Ledgerly ok", "sentiment": "neutral", "time": "2026-10-27 12:00"}] * 2
        + [{"text": "Paywise ok", "sentiment": "neutral", "time": "2026-10-27 12:00"}] * 2
    )
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(rows).assign(
        mention_id=[f"m{i}" for i in range(len(rows))], channel="x", reach=10))
    result = compute.analyse(data, PARAMS, PERIOD)
    assert result.watch == {}  # analyse() looks for the competitor to watch: here none gained or grew faster
    sentences = wording.executive_summary(result, Translator("en"))
    assert sentences[0] == ("Ledgerly led the conversation with 60.0% share of voice "
                            "(+10.0 pts against the previous period).")
    assert sentences[2].startswith("Net sentiment for Ledgerly was +1.00")
    assert "No day stood out" in sentences[3]
    assert sentences[4] == "No competitor gained share of voice or grew its following faster than Ledgerly this period."
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
    assert compute.competitor_to_watch(result) == {"brand": "Paywise", "reason": "followers", "channel": "x",
                                                     "growth": pytest.approx(0.05)}
    assert wording.watch_sentence(compute.competitor_to_watch(result), Translator("en")) == (
        "Competitor to watch: Paywise, whose X following grew +5.0% in the period.")


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


def test_a_period_without_mentions_says_so_instead_of_failing() -> None:
    data = ClientData.from_frames(TZ, mentions=pd.DataFrame(
        [{"text": "Ledgerly", "time": "2026-09-01 12:00", "mention_id": "old", "channel": "x"}]))
    result, t = compute.analyse(data, PARAMS, PERIOD), Translator("en")
    assert wording.executive_summary(result, t) == [t("listening.exec_no_mentions")]
    page = "".join(getattr(views, name)(result, t).markup for name in SECTIONS)
    for key in ("no_spikes", "no_advocates", "no_influencers", "no_channels", "no_themes", "no_owned"):
        assert display.esc(t(f"listening.{key}")) in page, key
