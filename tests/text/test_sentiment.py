"""Computed sentiment: known polarity per language, exact scores by hand, the unsupported path,
the metrics, and the recorded accuracy re-measured on the real labelled files."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

from reporting.text import sentiment
from reporting.text.sentiment import ACCURACY, BAR, METHODS, SUPPORTED, Method, evaluate, label, raw_scores, score

ROOT = Path(__file__).resolve().parents[2]


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


def test_korean_model_praise_insults_html_and_its_unsure_band() -> None:
    texts = ["정말 맛있어요", "분위기 너무 좋아요 또 갈게요", "쓰레기 같은 서비스", "꺼져라", "미친놈들",
             "<p>쓰레기 같은 서비스</p>", "이게 뭐냐"]
    assert labels(texts, "ko") == ["positive", "positive", "negative", "negative", "negative", "negative", "neutral"]
    band = sentiment.shipped_model("ko_sentiment").neutral_below
    assert abs(raw_scores(pd.Series(["이게 뭐냐"]), "ko").iloc[0]) < band < 0.5


def test_korean_model_reads_a_polite_complaint_as_positive_its_labels_mark_abuse() -> None:
    # The training labels are abusive / not abusive (a proxy): complaints without insults look
    # 'not abusive'. This is what a client's own labels catch (reporting.text.labels).
    assert labels(["최악이에요", "별로네"], "ko") == ["positive", "positive"]


def test_greek_polarity_accents_case_and_negation() -> None:
    texts = ["Τέλειο!", "ΑΠΑΡΑΔΕΚΤΗ εξυπηρέτηση", "δεν είναι καλό", "πολύ καλή τράπεζα", "νέο κατάστημα στην Αθήνα"]
    assert raw_labels(texts, "el") == ["positive", "negative", "negative", "positive", "neutral"]
    folded = raw_scores(pd.Series(["Απαράδεκτη εξυπηρέτηση", "απαραδεκτη εξυπηρετηση"]), "el")
    assert folded.iloc[0] == folded.iloc[1] < 0


def test_exact_scores_by_hand() -> None:
    # VADER's squash s / sqrt(s^2 + 15) over the Greek lexicon sums
    greek = raw_scores(pd.Series(["πολύ καλό", "μαλακα"]), "el").tolist()
    assert greek == pytest.approx([1.3 / math.sqrt(1.3**2 + 15), -1.5 / math.sqrt(1.5**2 + 15)])


def test_emoji_score_without_words_in_greek() -> None:
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

    monkeypatch.setitem(METHODS, "en", Method("fake", sentiment.lexicon(fake)))
    out = score(pd.Series(["same <b>text</b>", "same text", "other", "same text"], index=[5, 6, 7, 8]),
                pd.Series(["en"] * 4, index=[5, 6, 7, 8]))
    assert seen == [["same text", "other"]]
    assert out.index.tolist() == [5, 6, 7, 8] and out["sentiment"].eq("positive").all()


def test_label_cut_offs() -> None:
    values = pd.Series([0.05, 0.0499, -0.05, -0.0499, float("nan")])
    assert label(values).tolist() == ["positive", "neutral", "negative", "neutral", pd.NA]
    assert label(pd.Series([0.3, 0.2, -0.25]), band=0.25).tolist() == ["positive", "neutral", "negative"]


def test_evaluate_by_hand() -> None:
    gold = pd.Series(["positive", "negative", "positive", "neutral", "negative", "negative"])
    predicted = pd.Series(["positive", "positive", "neutral", "neutral", "negative", "negative"])
    figures = evaluate(predicted, gold)
    # polar gold: 5; called: 4 (the neutral call on a positive is not); right among them: 3
    assert figures["coverage"] == pytest.approx(4 / 5)
    assert figures["binary_accuracy"] == pytest.approx(3 / 4)
    # recall among called: positive 1/1, negative 2/3
    assert figures["balanced_accuracy"] == pytest.approx((1 + 2 / 3) / 2)
    # F1 among called: positive 2*1/(1+2) (one right of two said), negative 2*2/(3+2)
    assert figures["macro_f1"] == pytest.approx((2 / 3 + 4 / 5) / 2)
    assert figures["strict_binary_accuracy"] == pytest.approx(3 / 5)
    assert (figures["right"], figures["n"]) == (4, 6) and figures["three_class_accuracy"] == pytest.approx(4 / 6)
    assert evaluate(predicted.iloc[:3], gold.iloc[:3])["three_class_accuracy"] is None


def test_the_bar_needs_every_figure_that_applies() -> None:
    good = {"balanced_accuracy": 0.8, "coverage": 0.6, "three_class_accuracy": None}
    assert BAR.passes(good)
    assert not BAR.passes(good | {"coverage": 0.4})
    assert not BAR.passes(good | {"three_class_accuracy": 0.69})
    assert not BAR.passes(good | {"balanced_accuracy": float("nan")})
    # saying the majority label every time: right on 5 of 6, but balanced accuracy one half
    always = evaluate(pd.Series(["positive"] * 6), pd.Series(["positive"] * 5 + ["negative"]))
    assert always["binary_accuracy"] == pytest.approx(5 / 6) and always["balanced_accuracy"] == 0.5
    assert not BAR.passes(always)


def test_recorded_figures_decide_support() -> None:
    assert set(ACCURACY) == set(METHODS)
    assert SUPPORTED == {code for code, a in ACCURACY.items() if BAR.passes(a.__dict__)}
    assert SUPPORTED == {"en", "ko"}
    assert "abusive" in ACCURACY["ko"].data  # the labels are a proxy, and the record says so


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
    figures = bench.measure(code, bench.reported_part(code, load()))
    recorded = ACCURACY[code]
    assert figures["n"] == recorded.n
    for key in ("balanced_accuracy", "binary_accuracy", "macro_f1", "coverage", "strict_binary_accuracy"):
        assert figures[key] == pytest.approx(getattr(recorded, key), abs=0.0005), key
    assert BAR.passes(figures) == (code in SUPPORTED)
