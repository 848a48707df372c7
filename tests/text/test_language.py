"""Language detection: script rules on hand-picked texts, slicing and chunking safety, real exports."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reporting.text.language import CODES, detect

SHARED = Path(__file__).resolve().parents[3] / "shared" / "real-exports" / "multilingual_sentiment"

CASES = [
    ("너무 좋아요", "ko"),
    ("ㅋㅋㅋㅋ", "ko"),                                  # jamo only
    ("스타벅스 coffee 진짜 최고 #starbucks", "ko"),       # Latin brand inside Korean
    ("Πολύ καλή εξυπηρέτηση!", "el"),
    ("ΑΠΑΡΑΔΕΚΤΟ", "el"),
    ("alpha bank νέο στεγαστικό πρόγραμμα eurobank", "el"),  # Latin brands inside Greek
    ("Love the new latte at @BrewCo", "en"),
    ("Had the bibimbap at 비빔밥 house today with the whole team, so good", "en"),  # one Korean word
    ("café latte was great", "en"),                         # one accent is not a language
    ("Me gusta mucho el café de aquí", "und"),              # Spanish function words
    ("C'est très bon, je recommande", "und"),
    ("Das ist nicht gut", "und"),
    ("Zażółć gęślą jaźń", "und"),                          # accented letters throughout
    ("Привет, как дела?", "und"),
    ("今日はいい天気ですね", "und"),
    ("我喜欢这家咖啡店", "und"),
    ("👍👍🔥", "und"),
    ("https://t.co/abc123 12345", "en"),                     # a link's letters are Latin
    ("", "und"),
    ("   ", "und"),
    (None, "und"),
]


def test_hand_picked_texts() -> None:
    texts = pd.Series([t for t, _ in CASES], dtype=object)
    assert detect(texts).tolist() == [code for _, code in CASES]


def test_keeps_index_and_returns_string_codes() -> None:
    texts = pd.Series(["좋아요", "Great"], index=[10, 3])
    out = detect(texts)
    assert out.index.tolist() == [10, 3]
    assert out.dtype == "string"
    assert set(out) <= set(CODES)


def test_sliced_and_chunked_input_reads_the_right_bytes() -> None:
    # detection reads the Arrow buffers directly: an offset slice or a multi-chunk column
    # must still line each text up with its own bytes
    base = pd.Series(["Great coffee", "최고예요", "Υπέροχο", "", "Nice one"], dtype="string[pyarrow]")
    expected = ["en", "ko", "el", "und", "en"]
    assert detect(base.iloc[1:]).tolist() == expected[1:]
    assert detect(base.iloc[2:4]).tolist() == expected[2:4]
    chunked = pd.concat([base.iloc[:2], base.iloc[2:]])
    assert detect(chunked).tolist() == expected


def test_empty_series() -> None:
    assert detect(pd.Series([], dtype="string")).tolist() == []


@pytest.mark.real_exports
def test_real_labelled_files_are_detected_as_their_language() -> None:
    korean = SHARED / "KFromage__nsmc" / "ratings_train.txt"
    greek = SHARED / "ceyhun262613__thesis-sentiment-analysis" / "twitter_part1.csv"
    if not korean.exists() or not greek.exists():
        pytest.skip("real exports absent")
    ko = pd.read_csv(korean, sep="\t", keep_default_na=False)["document"]
    el = pd.read_csv(greek, keep_default_na=False)["text"]
    assert (detect(ko) == "ko").mean() == 1.0
    # the Greek file holds some tweets written wholly in English; they must not be called Greek
    greek_codes = detect(el)
    assert (greek_codes == "el").mean() > 0.99
    english_only = el[~el.str.contains(r"[α-ω]", regex=True)]
    assert (greek_codes[english_only.index] == "en").all()
