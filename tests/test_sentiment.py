"""Computed sentiment: known polarity per language, exact scores by hand, the unsupported path,
the metrics, and the recorded accuracy re-measured on the real labelled files."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

from reporting.text import sentiment
from reporting.text.lexicons import ko as ko_lexicon
from reporting.text.sentiment import ACCURACY, BAR, METHODS, SUPPORTED, Method, evaluate, label, raw_scores, score

ROOT = Path(__file__).resolve().parents[1]


def labels(texts: list[str | None], code: str) -> list:
    return score(pd.Series(texts, dtype=object), pd.Series([code] * len(texts)))["sentiment"].tolist()


def raw_labels(texts: list[str], code: str) -> list:
    return label(raw_scores(pd.Series(texts), code)).tolist()


def test_english_polarity_negation_emoji_and_html() -> None:
    texts = [
        "I love this coffee, best in town",
        "Worst customer service ever. Never again",
        "The sofa is not good",
        "not bad at all, really comfy",
        "@BrewCo 😍😍",
        "<b>Great</b> product &amp; fast delivery",
        "Store opens at 9am on Monday",
    ]
    assert labels(texts, "en") == ["positive", "negative", "negative", "positive", "positive", "positive", "neutral"]


def test_korean_polarity_negation_slang_and_contrast() -> None:
    texts = [
        "정말 맛있어요",
        "최악이에요",
        "안 좋아요",            # negation before
        "나쁘지 않아요",        # negation after: not bad
        "재미가 없어요",        # positive noun + 없다
        "문제 없어요",          # negative noun + 없다
        "직원이 불친절해요",    # 불- prefix
        "완전 노잼",            # slang on the raw text
        "꿀잼 ㅋㅋ",
        "맛있지만 너무 비싸요",  # contrast: the clause after -지만 weighs more
        "스타벅스 coffee 최고",  # mixed script
        "<p>서비스가 최악</p>",   # HTML
        "내일 오픈합니다",
    ]
    assert labels(texts, "ko") == [
        "positive", "negative", "negative", "positive", "negative", "positive", "negative",
        "negative", "positive", "negative", "positive", "negative", "neutral",
    ]


def test_greek_polarity_accents_case_and_negation() -> None:
    texts = ["Τέλειο!", "ΑΠΑΡΑΔΕΚΤΗ εξυπηρέτηση", "δεν είναι καλό", "πολύ καλή τράπεζα", "νέο κατάστημα στην Αθήνα"]
    assert raw_labels(texts, "el") == ["positive", "negative", "negative", "positive", "neutral"]
    folded = raw_scores(pd.Series(["Απαράδεκτη εξυπηρέτηση", "απαραδεκτη εξυπηρετηση"]), "el")
    assert folded.iloc[0] == folded.iloc[1] < 0


def test_exact_scores_by_hand() -> None:
    # VADER's squash s / sqrt(s^2 + 15) over the lexicon sums
    out = score(pd.Series(["최악", "안 좋아요"]), pd.Series(["ko", "ko"]))["score"].tolist()
    assert out == [round(-2 / math.sqrt(19), 4), round(-0.75 / math.sqrt(0.75**2 + 15), 4)]
    greek = raw_scores(pd.Series(["πολύ καλό", "μαλακα"]), "el").tolist()
    assert greek == pytest.approx([1.3 / math.sqrt(1.3**2 + 15), -1.5 / math.sqrt(1.5**2 + 15)])


def test_emoji_score_without_words_in_korean_and_greek() -> None:
    assert labels(["😍"], "ko") == ["positive"]
    assert raw_labels(["😡😡 :("], "el") == ["negative"]


def test_unsupported_languages_and_empty_texts_are_unavailable() -> None:
    assert "el" not in SUPPORTED  # Greek fails the coverage bar: see ACCURACY["el"]
    out = score(
        pd.Series(["Τέλειο!", "C'est génial", "Great", "", None, "https://t.co/x", "좋아요"]),
        pd.Series(["el", "fr", None, "en", "en", "en", "KO-kr"]),
    )
    assert out["sentiment"].tolist() == [pd.NA, pd.NA, pd.NA, pd.NA, pd.NA, pd.NA, "positive"]
    assert out["score"].isna().tolist() == [True] * 6 + [False]
    assert out["sentiment"].dtype == "string" and out["score"].dtype == "Float64"


def test_misaligned_inputs_and_unknown_methods_fail_clearly() -> None:
    with pytest.raises(ValueError, match="share one index"):
        score(pd.Series(["a", "b"]), pd.Series(["en"]))
    with pytest.raises(ValueError, match="no sentiment method for language 'fr'"):
        raw_scores(pd.Series(["bon"]), "fr")


def test_each_distinct_text_is_scored_once(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake(texts: list[str]) -> list[float]:
        seen.append(list(texts))
        return [0.5] * len(texts)

    monkeypatch.setitem(METHODS, "en", Method("fake", fake))
    out = score(pd.Series(["same <b>text</b>", "same text", "other", "same text"], index=[5, 6, 7, 8]),
                pd.Series(["en"] * 4, index=[5, 6, 7, 8]))
    assert seen == [["same text", "other"]]
    assert out.index.tolist() == [5, 6, 7, 8] and out["sentiment"].eq("positive").all()


def test_label_cut_offs() -> None:
    values = pd.Series([0.05, 0.0499, -0.05, -0.0499, float("nan")])
    assert label(values).tolist() == ["positive", "neutral", "negative", "neutral", pd.NA]


def test_evaluate_by_hand() -> None:
    gold = pd.Series(["positive", "negative", "positive", "neutral"])
    predicted = pd.Series(["positive", "positive", "neutral", "neutral"])
    figures = evaluate(predicted, gold)
    assert figures["binary_accuracy"] == 0.5          # 1 right of the 2 polar items called
    assert figures["coverage"] == pytest.approx(2 / 3)  # 2 of 3 polar items called
    assert figures["strict_binary_accuracy"] == pytest.approx(1 / 3)
    assert figures["three_class_accuracy"] == 0.5
    assert evaluate(predicted.iloc[:3], gold.iloc[:3])["three_class_accuracy"] is None


def test_every_korean_lexicon_key_is_produced_by_kiwi() -> None:
    examples = [example for _, _, example in ko_lexicon.MORPHEMES]
    morphemes = sentiment.korean_morphemes(w for e in examples for w in e.split())
    missing = [key for key, _, example in ko_lexicon.MORPHEMES
               if key not in {m for w in example.split() for m in morphemes.get(w, [])}]
    assert missing == []


def test_recorded_figures_decide_support() -> None:
    assert set(ACCURACY) == set(METHODS)
    assert SUPPORTED == {code for code, a in ACCURACY.items()
                         if a.binary_accuracy >= BAR.binary_accuracy and a.coverage >= BAR.coverage}
    assert SUPPORTED == {"en", "ko"}


def _bench():
    spec = importlib.util.spec_from_file_location("bench_sentiment", ROOT / "benchmarks" / "bench_sentiment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.real_exports
@pytest.mark.parametrize("code", ["en", "ko", "el"])
def test_recorded_accuracy_matches_the_labelled_data(code: str) -> None:
    bench = _bench()
    load, path = bench.LOADERS[code]
    if not path.exists():
        pytest.skip(f"{path} absent")
    frame = load()
    if code != "en":
        frame = frame[bench.held_out(frame)]
    figures = bench.measure(code, frame)
    recorded = ACCURACY[code]
    assert figures["n"] == recorded.n
    assert figures["binary_accuracy"] == pytest.approx(recorded.binary_accuracy, abs=0.0005)
    assert figures["coverage"] == pytest.approx(recorded.coverage, abs=0.0005)
    if code in SUPPORTED:
        assert figures["binary_accuracy"] >= BAR.binary_accuracy
        assert figures["coverage"] >= BAR.coverage
