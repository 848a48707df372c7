"""Folding, multilingual tokenising and rising terms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reporting.text import topics

TRICKY = pd.Series(["Υπέροχα έπιπλα από ΙΚΕΑ, ΦΩΣ", "Straße İstanbul", "Ｓｔａｒｂｕｃｋｓ 라떼", "café crème",
                    "Ξύλο".encode().decode() + " \u0391\u0301", None, "plain ascii", "ǅemal ﬁne"])


def test_fold_removes_case_accents_and_width() -> None:
    assert topics.fold("Ικέα ΦΩΣ") == "ικεα φωσ"
    assert topics.fold("Ｓｔａｒｂｕｃｋｓ") == "starbucks"
    assert topics.fold("Straße") == "strasse"
    assert topics.fold("모퉁이 커피") == "모퉁이 커피"  # Hangul is left whole (no jamo)


def test_fold_series_matches_fold_row_by_row() -> None:
    folded = topics.fold_series(TRICKY)
    expected = [topics.fold(x) if isinstance(x, str) else None for x in TRICKY]
    assert [None if pd.isna(v) else v for v in folded] == expected


def test_korean_nouns_keep_negating_prefix_and_drop_particles() -> None:
    terms = topics.tokenize(["스타벅스에서 라떼 마셨는데 직원이 불친절했어요 Starbucks latte"])[0]
    keys = [k for k, _ in terms]
    assert "스타벅스" in keys and "라떼" in keys and "불친절" in keys
    assert "친절" not in keys  # 불친절 (unkind) must not count as 친절 (kind)
    assert "starbucks" in keys and "latte" in keys
    assert not any(k.endswith("에서") for k in keys)


def test_greek_and_english_words_fold_and_drop_stopwords() -> None:
    greek, english = topics.tokenize(["Υπέροχα έπιπλα από το ΙΚΕΑ, τέλεια ποιότητα https://x.gr/a #έπιπλα @ikea",
                                      "The support is great and the price is awful"])
    assert dict(greek) == {"υπεροχα": "υπέροχα", "επιπλα": "έπιπλα", "ικεα": "ικεα", "τελεια": "τέλεια",
                           "ποιοτητα": "ποιότητα"}
    assert [k for k, _ in english] == ["support", "great", "price", "awful"]


def test_hashtags_from_export_else_from_text_folded() -> None:
    text = pd.Series(["#PaywiseLaunch is here #Fintech", "no tags #Ignored", None, "#Έπιπλα"])
    given = pd.Series([None, "ledgerly SaaS", None, None])
    assert topics.hashtags(text, given).tolist() == ["paywiselaunch fintech", "ledgerly saas", "", "επιπλα"]


def test_brand_words_are_excluded() -> None:
    words = topics.brand_exclusions(["모퉁이 커피", "Ξύλο & Φως", "@motungi.coffee", "#ledgerly"])
    assert {"모퉁이", "커피", "모퉁이커피", "ξυλο", "φωσ", "ledgerly"} <= words


def _frame(brand: str, period: str, texts: list[str], tags: list[str] | None = None) -> pd.DataFrame:
    return pd.DataFrame({"brand": brand, "period": period, "text": texts,
                         "hashtags": tags or [""] * len(texts)})


def test_rising_terms_discount_the_brand_volume_change() -> None:
    # A doubles its volume: "coffee" doubles too (no rise); "queue" goes 1 -> 6 (rise 6 - 2 = 4)
    previous = _frame("A", "previous", ["coffee good"] * 4 + ["queue"] + ["nice"] * 5)
    current = _frame("A", "current", ["coffee good"] * 8 + ["queue long"] * 6 + ["nice"] * 6,
                     tags=["latte"] * 3 + [""] * 17)
    counts = topics.term_counts(pd.concat([previous, current], ignore_index=True))
    volume = pd.DataFrame({"brand": ["A"], "current": [20], "previous": [10]})
    rising = topics.rising(counts, volume)
    terms = rising[rising["kind"] == "term"].set_index("key")
    assert terms.loc["queue", "rise"] == pytest.approx(6 - 1 * 2)
    assert terms.loc["long", "rise"] == pytest.approx(6)
    assert "coffee" not in terms.index  # 8 now vs 4 x 2 expected: no rise
    assert terms.index.tolist()[:2] == ["long", "queue"]
    tags = rising[rising["kind"] == "hashtag"]
    assert tags["label"].tolist() == ["#latte"] and tags["current"].tolist() == [3]
    top = topics.top_terms(counts, volume)
    top_terms = top[top["kind"] == "term"].set_index("key")
    assert top_terms.loc["coffee", "share"] == pytest.approx(8 / 20)


def test_sample_scales_counts_back_to_volume() -> None:
    frame = _frame("A", "current", [f"word{i % 2} extra" for i in range(10)])
    counts = topics.term_counts(frame, per_group=4)
    extra = counts[counts["key"] == "extra"]["count"].iloc[0]
    assert extra == pytest.approx(10)  # 4 sampled rows, each weighing 10 / 4


REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "real-exports" / "multilingual_sentiment"


@pytest.mark.real_exports
def test_real_korean_reviews_negative_terms_rise_against_positive_ones() -> None:
    """NSMC movie reviews: 'previous' = positive reviews, 'current' = negative ones, same size."""
    file = REAL / "KFromage__nsmc" / "ratings_train.txt"
    if not file.is_file():
        pytest.skip("real exports not present")
    reviews = pd.read_csv(file, sep="\t").dropna().head(2000)
    frame = pd.DataFrame({"brand": "movie", "text": reviews["document"], "hashtags": "",
                          "period": np.where(reviews["label"] == 0, "current", "previous")})
    counts = topics.term_counts(frame, per_group=1000)
    volume = frame.groupby("period").size()
    rising = topics.rising(counts, pd.DataFrame({"brand": ["movie"], "current": [volume["current"]],
                                                 "previous": [volume["previous"]]}), top=15)
    words = set(rising["key"])
    assert words & {"최악", "쓰레기", "시간", "돈"}, sorted(words)  # worst, trash, (waste of) time, money
    every = {k for k in counts["key"]}
    assert not any(k.endswith(("에서", "으로", "에게")) for k in every)  # particles never stick to nouns


@pytest.mark.real_exports
def test_real_greek_tweets_tokenise_without_stopwords() -> None:
    file = REAL / "ceyhun262613__thesis-sentiment-analysis" / "twitter_part1.csv"
    if not file.is_file():
        pytest.skip("real exports not present")
    tweets = pd.read_csv(file).dropna().head(2000)
    tokens = {k for terms in topics.tokenize(tweets["text"].tolist()) for k, _ in terms}
    assert {topics.fold("τραπεζα"), topics.fold("πειραιως")} <= tokens  # keys are folded: final ς is σ
    assert not tokens & {"και", "του", "την", "για", "απο", "στην"}
