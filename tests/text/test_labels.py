"""Per-client sentiment labels: reading the analyst's file, figures by hand, refusals, the client's own
model, the decision per language, the sample to fill in, and keeping labels out of the importer."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reporting import paths
from reporting.ingest import inspect_paths
from reporting.text import label_sample, labels, sentiment
from reporting.text.label_sample import sample, sample_csv, write_sample
from reporting.text.labels import (
    LabelError,
    check_fittable,
    check_measurable,
    client_sentiment,
    fit_client_model,
    measure,
    more_labels,
    read_labels,
    verdict,
    wilson,
)

# --- helpers --------------------------------------------------------------------------------------

GREEK = {
    "positive": ["υπέροχος καναπές", "τέλεια ποιότητα", "εξαιρετική εξυπηρέτηση", "το συστήνω ανεπιφύλακτα",
                 "πολύ ευχαριστημένοι", "όμορφα έπιπλα"],
    "negative": ["απαράδεκτη καθυστέρηση", "κακή ποιότητα", "χάλια εξυπηρέτηση", "μεγάλη απογοήτευση",
                 "ήρθε σπασμένο", "πολύ ακριβό για το τίποτα"],
    "neutral": ["ποιο ωράριο έχετε", "κάνετε παράδοση στα νησιά", "πέρασα από το κατάστημα",
                "είδα τη νέα συλλογή", "έχει κανείς εμπειρία"],
}
ITEMS = ["τραπέζι", "καναπέ", "ντουλάπα", "πολυθρόνα", "βιβλιοθήκη", "γραφείο", "κομοδίνο"]


def greek(counts: dict[str, int], seed: int = 0) -> pd.DataFrame:
    """Distinct Greek mentions per label, built from each label's phrases (what an analyst would label)."""
    rng = np.random.default_rng(seed)
    rows = []
    for label, n in counts.items():
        for i in range(n):
            a, b = rng.choice(GREEK[label], 2, replace=False)
            rows.append({"text": f"{a}, {b} ({ITEMS[i % len(ITEMS)]} {i})", "label": label})
    return pd.DataFrame(rows)


def write_labels(folder: Path, text: str, name: str = "sentiment_labels.csv") -> Path:
    path = paths.labels_dir(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def label_rows(frame: pd.DataFrame, language: str) -> str:
    lines = ["mention_id,language,text,label"]
    lines += [f'g{i},{language},"{t}",{lab}' for i, (t, lab) in enumerate(zip(frame["text"], frame["label"]))]
    return "\n".join(lines) + "\n"


MENTIONS = pd.DataFrame({
    "mention_id": ["m1", "m2", "m7", "m8"],
    "text": ["Great coffee, love it", "Awful service", "좋아요", "Τέλειο"],
    "language": ["en", "en", "ko", pd.NA],
})


# --- reading ------------------------------------------------------------------------------------------


def test_read_labels_aliases_mentions_problems_and_conflicts(tmp_path: Path) -> None:
    write_labels(tmp_path, "\ufeffmention_id,text,label\n"
                           "m1,,Positive\n"              # text and language from the mentions
                           "m2,Awful service,  NEG \n"
                           ",'=HYPERLINK(\"x\"),neutral\n"  # a quoted formula, read back without the quote
                           "m3,Good,\n"                   # not labelled yet
                           "m4,Meh,maybe\n"               # unreadable label
                           "m5,,positive\n"               # no text, unknown mention
                           "m6,Τέλειο,Θετικό\n"
                           "m7,,긍정\n")
    write_labels(tmp_path, "mention_id,label\nm7,부정\nm8,ΟΥΔΕΤΕΡΟ\n", "sentiment_labels-2.csv")
    got = read_labels(tmp_path, MENTIONS)
    rows = got.frame.set_index("mention_id")
    assert rows.loc["m1", ["text", "language", "label"]].tolist() == ["Great coffee, love it", "en", "positive"]
    assert rows.loc["m2", "label"] == "negative"
    assert rows.loc["", ["text", "label"]].tolist() == ['=HYPERLINK("x")', "neutral"]
    assert rows.loc["m6", ["language", "label"]].tolist() == ["el", "positive"]  # language detected
    assert rows.loc["m8", ["text", "language", "label"]].tolist() == ["Τέλειο", "el", "neutral"]
    assert "m7" not in rows.index and "m4" not in rows.index and "m5" not in rows.index
    assert got.unlabelled == 1
    assert [p.name for p in got.files] == ["sentiment_labels-2.csv", "sentiment_labels.csv"]
    assert got.problems == [
        "labels/sentiment_labels.csv row 6: label 'maybe' is not positive, neutral or negative: row left out",
        "labels/sentiment_labels.csv row 7: no text, and mention m5 is not among the client's mentions: row left out",
        "labelled negative and positive in labels/sentiment_labels-2.csv row 2, labels/sentiment_labels.csv row 9: "
        "left out",
    ]


def test_a_label_file_without_the_needed_columns_is_named(tmp_path: Path) -> None:
    write_labels(tmp_path, "id,sentiment\n1,positive\n")
    got = read_labels(tmp_path)
    assert got.frame.empty
    assert got.problems == ["labels/sentiment_labels.csv: the first row must name the columns 'label' and "
                            "'mention_id' or 'text' (found: id, sentiment)"]


def test_no_labels_folder_means_no_labels(tmp_path: Path) -> None:
    got = read_labels(tmp_path)
    assert got.frame.empty and got.files == [] and got.problems == []


# --- figures by hand ---------------------------------------------------------------------------------


def test_wilson_interval_by_hand() -> None:
    z, right, n = 1.959963984540054, 39, 50
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert wilson(right, n) == pytest.approx((centre - half, centre + half))


def test_measure_on_a_tiny_labelled_set_by_hand() -> None:
    truth = ["positive"] * 20 + ["negative"] * 20 + ["neutral"] * 10
    said = (["positive"] * 18 + ["neutral"] * 2            # positives: 18 right, 2 called neutral
            + ["negative"] * 15 + ["positive"] * 3 + ["neutral"] * 2   # negatives: 15 right, 3 wrong, 2 neutral
            + ["neutral"] * 6 + ["positive"] * 4)           # neutrals: 6 right
    m = measure(pd.Series(said), pd.Series(truth), "shipped", "test method")
    assert (m.right, m.n) == (39, 50) and m.accuracy == pytest.approx(0.78)
    assert (m.low, m.high) == pytest.approx(wilson(39, 50))
    assert m.coverage == pytest.approx(36 / 40)                    # polar items called polar
    assert m.balanced_accuracy == pytest.approx((18 / 18 + 15 / 18) / 2)
    assert m.macro_f1 == pytest.approx((2 * 18 / (18 + 21) + 2 * 15 / (18 + 15)) / 2)
    assert m.three_class_accuracy == pytest.approx(0.78)
    assert m.passes and not m.cross_validated
    worse = measure(pd.Series(["positive"] * 50), pd.Series(truth), "shipped", "always positive")
    assert worse.accuracy == pytest.approx(0.4) and worse.balanced_accuracy == 0.5 and not worse.passes


def test_too_few_labels_or_one_class_are_refused_with_what_is_missing() -> None:
    with pytest.raises(LabelError, match=r"^el: 49 labelled mention\(s\); measuring needs at least 50 \(1 more\)$"):
        check_measurable(pd.Series(["positive", "negative"] * 24 + ["neutral"]), "el")
    with pytest.raises(LabelError, match="every labelled mention is 'positive'"):
        check_measurable(pd.Series(["positive"] * 60))
    with pytest.raises(LabelError, match=r"5 negative label\(s\), 5 short of 10"):
        check_measurable(pd.Series(["positive"] * 50 + ["negative"] * 5))
    with pytest.raises(LabelError, match=r"needs at least 40 positive and 40 negative labels; 39 negative \(1 short\)"):
        check_fittable(pd.Series(["positive"] * 60 + ["negative"] * 39))
    with pytest.raises(LabelError, match="every labelled mention is 'negative'"):
        fit_client_model(pd.Series(["x"] * 90), pd.Series(["negative"] * 90), "el")
    with pytest.raises(LabelError, match="measuring needs at least 50"):
        measure(pd.Series(["positive"] * 10), pd.Series(["positive"] * 10), "shipped", "m")


def test_more_labels_at_the_samples_mix_by_hand() -> None:
    # 40 negatives wanted, 10 of 50 so far (a fifth): 30 more negatives take 150 more mentions
    assert more_labels({"positive": 30, "neutral": 10, "negative": 10}, 0, 40) == 150
    assert more_labels({"positive": 30, "neutral": 10, "negative": 10}, 50, 10) == 0
    assert more_labels({"positive": 20, "neutral": 0, "negative": 5}, 50, 10) == 25
    assert more_labels({"positive": 20, "neutral": 3, "negative": 0}, 50, 10) is None  # no negative yet


# --- the client's own model --------------------------------------------------------------------------


def test_a_client_model_is_judged_on_folds_it_did_not_learn_from() -> None:
    frame = greek({"positive": 60, "negative": 45, "neutral": 45})
    fitted = fit_client_model(frame["text"], frame["label"], "el")
    assert fitted.classes == ("negative", "neutral", "positive")
    m = fitted.measured
    assert m.cross_validated and m.n == 150 and m.passes and m.accuracy > 0.9
    assert fitted.model.predict(["απαράδεκτη καθυστέρηση, χάλια"])[0].tolist() == ["negative"]


def test_a_class_too_small_to_learn_is_still_judged() -> None:
    frame = greek({"positive": 50, "negative": 45, "neutral": 12})
    fitted = fit_client_model(frame["text"], frame["label"], "el")
    assert fitted.classes == ("negative", "positive")
    assert fitted.measured.n == 107  # the 12 neutral labels count, and the model never says neutral
    assert fitted.measured.right <= 95


def test_a_client_model_is_cached_by_its_labels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    frame = greek({"positive": 45, "negative": 45})
    first = labels.cached_client_model(frame["text"], frame["label"], "el", tmp_path)
    assert len(list(tmp_path.glob("el-*.npz"))) == 1

    def refit(*args: object) -> None:
        raise AssertionError("refitted although the labels did not change")

    monkeypatch.setattr(labels, "fit_client_model", refit)
    again = labels.cached_client_model(frame["text"], frame["label"], "el", tmp_path)
    assert again.measured == first.measured
    assert again.model.probabilities(["τέλεια"]) == pytest.approx(first.model.probabilities(["τέλεια"]))
    monkeypatch.undo()
    changed = frame.assign(label=frame["label"].where(frame.index != 0, "negative"))
    labels.cached_client_model(changed["text"], changed["label"], "el", tmp_path)
    assert len(list(tmp_path.glob("el-*.npz"))) == 1  # the outdated model is replaced


# --- the decision per language -----------------------------------------------------------------------


def test_greek_with_too_few_labels_says_how_many_more() -> None:
    frame = greek({"positive": 30, "negative": 10, "neutral": 10})
    v = verdict("el", frame["text"], frame["label"])
    assert v.use is None and v.shipped is None and v.client is None
    assert (v.more_for, v.more_labels) == ("fit", 150)
    assert "10 negative (30 short)" in v.reason


def test_greek_with_enough_labels_gets_its_own_model() -> None:
    frame = greek({"positive": 50, "negative": 45, "neutral": 45})
    v = verdict("el", frame["text"], frame["label"])
    assert v.use == "client" and v.used is v.client and v.client.passes and v.more_labels is None


def test_a_shipped_method_that_holds_on_the_clients_labels_is_kept() -> None:
    texts = ["I love it, great product", "Terrible, awful support", "Store opens at 9"] * 20
    truth = ["positive", "negative", "neutral"] * 20
    v = verdict("en", pd.Series(texts), pd.Series(truth))
    assert v.use == "shipped" and v.shipped.passes and v.shipped.accuracy == 1.0 and v.client is None


def test_a_shipped_method_that_fails_there_gives_way_to_the_clients_model() -> None:
    # this client's analyst reads "sick" and "wicked" as praise; VADER reads them as negative
    texts = [f"that gig was sick {i}" for i in range(45)] + [f"wicked set tonight {i}" for i in range(45)]
    texts += [f"the sound was terrible {i}" for i in range(45)]
    truth = ["positive"] * 90 + ["negative"] * 45
    v = verdict("en", pd.Series(texts), pd.Series(truth))
    assert not v.shipped.passes and v.client.passes and v.use == "client"


def test_a_shipped_method_with_too_few_labels_stays_and_the_report_can_ask_for_more() -> None:
    v = verdict("en", pd.Series(["great", "awful", "ok"] * 8), pd.Series(["positive", "negative", "neutral"] * 8))
    assert v.use == "shipped" and v.shipped is None
    # 24 labelled, a third of them negative: 26 more make 50, with about 16 of each polarity
    assert (v.more_for, v.more_labels) == ("measure", 26)


def test_client_sentiment_scores_greek_with_the_clients_model(tmp_path: Path) -> None:
    frame = greek({"positive": 50, "negative": 45, "neutral": 45})
    write_labels(tmp_path, label_rows(frame, "el"))
    cs = client_sentiment(tmp_path, cache=tmp_path / ".cache")
    assert cs.supported == {"en", "ko", "el"} and cs.verdicts["el"].use == "client"
    texts = pd.Series(["απαράδεκτη καθυστέρηση, χάλια", "Love it!", "C'est nul"], index=[7, 8, 9])
    langs = pd.Series(["el", "en", "fr"], index=[7, 8, 9])
    out = cs.score(texts, langs)
    assert out.index.tolist() == [7, 8, 9]
    assert out["sentiment"].tolist() == ["negative", "positive", pd.NA]
    assert pd.isna(sentiment.score(texts, langs)["sentiment"].iloc[0])  # without the labels: no Greek
    assert "el:" in label_sample.format_check(cs) and "the client's own model" in label_sample.format_check(cs)


def test_a_language_whose_labels_sink_the_method_loses_computed_sentiment(tmp_path: Path) -> None:
    texts = [f"that gig was sick {i}" for i in range(30)] + [f"the sound was terrible {i}" for i in range(25)]
    write_labels(tmp_path, "text,label\n" + "".join(f"{t},{'positive' if 'sick' in t else 'negative'}\n"
                                                      for t in texts))
    cs = client_sentiment(tmp_path)
    v = cs.verdicts["en"]
    assert not v.shipped.passes and v.client is None and v.use is None and v.more_for == "fit"
    assert "en" not in cs.supported
    assert cs.score(pd.Series(["Love it"]), pd.Series(["en"]))["sentiment"].isna().all()


# --- the sample to fill in ---------------------------------------------------------------------------


def _mentions() -> pd.DataFrame:
    ko = [f"커피 맛있어요 {i}" for i in range(60)]
    el = [f"ωραίο τραπέζι {i}" for i in range(30)]
    en = [f"nice cafe {i}" for i in range(10)]
    texts = ko + el + en + ["커피 맛있어요 0"] * 5  # reposts of one text
    n = len(texts)
    return pd.DataFrame({
        "mention_id": [f"id{i}" for i in range(n)], "text": texts,
        "time": pd.date_range("2026-11-01", periods=n, freq="h", tz="Asia/Seoul"),
        "brand": "Cafe", "language": [pd.NA] * n,
        "sentiment": ["positive" if i % 10 == 0 else pd.NA for i in range(n)],
    })


def test_the_sample_is_deterministic_stratified_distinct_and_skips_rated_mentions() -> None:
    mentions = _mentions()
    drawn = sample(mentions, 20, salt="cafe")
    assert drawn.equals(sample(mentions, 20, salt="cafe"))
    assert drawn["language"].value_counts().to_dict() == {"ko": 12, "el": 6, "en": 2}  # 54 : 27 : 9 unrated
    assert drawn["text"].is_unique and drawn["label"].eq("").all()
    rated = set(mentions.loc[mentions["sentiment"].notna(), "mention_id"])
    assert not set(drawn["mention_id"]) & rated
    assert sample(mentions, 5, language="el", salt="cafe")["language"].eq("el").all()
    assert not drawn["mention_id"].equals(sample(mentions, 20, salt="other")["mention_id"])


def test_writing_a_sample_never_overwrites_and_skips_what_is_labelled(tmp_path: Path) -> None:
    mentions = _mentions()
    first, drawn = write_sample(mentions, tmp_path, 10, salt="cafe")
    assert first == tmp_path / "labels" / "sentiment_labels.csv"
    raw = first.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfmention_id,date,brand,language,text,label\r\n")
    # the analyst labels the first file; the next sample goes to a new file and skips those mentions
    filled = raw.replace(b",\r\n", b",positive\r\n")
    first.write_bytes(filled)
    second, more = write_sample(mentions, tmp_path, 10, salt="cafe")
    assert second.name == "sentiment_labels-2.csv" and first.read_bytes() == filled
    assert not set(more["mention_id"]) & set(drawn["mention_id"])
    with pytest.raises(LabelError, match="no mention in language 'fr' is left to label"):
        write_sample(mentions, tmp_path, 5, language="fr")


def test_text_a_spreadsheet_would_run_is_quoted_and_read_back_whole(tmp_path: Path) -> None:
    frame = pd.DataFrame({"mention_id": ["1", "2"], "date": "", "brand": "", "language": "en",
                          "text": ['=HYPERLINK("http://x","y")', "-5 stars\nnever again"], "label": "negative"})
    path = paths.labels_dir(tmp_path) / "sentiment_labels.csv"
    path.parent.mkdir()
    path.write_bytes(sample_csv(frame))
    assert b"'=HYPERLINK" in path.read_bytes() and b"'-5 stars" in path.read_bytes()
    assert read_labels(tmp_path).frame["text"].tolist() == frame["text"].tolist()


# --- labels are not exports --------------------------------------------------------------------------


def test_the_labels_folder_is_not_imported_and_inspect_says_why(tmp_path: Path) -> None:
    path = write_labels(tmp_path, "mention_id,text,label\n1,Great,positive\n")
    assert not paths.is_export(path) and paths.export_files(tmp_path) == []
    [report] = inspect_paths([path])
    assert report.notes == ["skipped: the analyst's sentiment labels (labels/), read by the listening report to "
                            "measure sentiment, not imported"]


def test_a_label_sheet_dropped_among_the_exports_is_recognised_not_imported(tmp_path: Path) -> None:
    path = tmp_path / "my labels.csv"
    path.write_text("mention_id,language,text,label\n1,en,Great,positive\n", encoding="utf-8")
    [report] = inspect_paths([path])
    assert report.error is None and report.rows == {}
    assert "move the file into the client's labels/ folder" in report.notes[0]


# --- the command line ---------------------------------------------------------------------------------


def test_reporting_label_writes_a_sample_then_checks_the_labels(tmp_path: Path) -> None:
    from support.batchproject import client_yaml, make_project, run_cli

    root = make_project(tmp_path, {"shop": client_yaml("Shop", language="el")}, minimal=True)
    frame = greek({"positive": 50, "negative": 45, "neutral": 45})
    rows = ["mention_id,time,channel,text,language,sentiment,brand"]
    rows += [f'm{i},2026-10-0{1 + i % 9} 10:00,x,"{t}",el,,Shop' for i, t in enumerate(frame["text"])]
    (root / "data" / "shop" / "mentions.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    done = run_cli(root, "label", "--client", "shop", "--sample", "140")
    assert done.returncode == 0, done.stderr
    written = root / "data" / "shop" / "labels" / "sentiment_labels.csv"
    assert f"shop: 140 mention(s) to label (el 140) written to {written}" in done.stdout
    # the analyst fills it in (here from the phrases each mention was built from)
    truth = dict(zip(frame["text"], frame["label"], strict=True))
    drawn = pd.read_csv(written, encoding="utf-8-sig", dtype=str)
    drawn["label"] = drawn["text"].map(truth)
    drawn.to_csv(written, index=False, encoding="utf-8-sig")
    check = run_cli(root, "label", "--client", "shop", "--check")
    assert check.returncode == 0, check.stderr
    assert "el: 140 labelled (50 positive, 45 neutral, 45 negative)" in check.stdout
    assert "used: the client's own model" in check.stdout
    again = run_cli(root, "label", "--client", "shop", "--sample", "5")
    assert again.returncode == 1 and "no mention is left to label" in again.stderr
    assert run_cli(root, "label", "--client", "nobody").returncode == 2


# --- the sentences a report states ---------------------------------------------------------------------


def test_the_sentences_for_each_case_in_every_report_language(tmp_path: Path) -> None:
    from reporting.i18n import LOCALES, Translator
    from reporting.text import label_wording

    frame = greek({"positive": 50, "negative": 45, "neutral": 45})
    write_labels(tmp_path, label_rows(frame, "el") + "".join(
        f"e{i},en,\"{t}\",{lab}\n" for i, (t, lab) in enumerate([("I love it, great", "positive"),
                                                               ("Awful, terrible", "negative")] * 4)))
    cs = client_sentiment(tmp_path)
    t = Translator("en")
    said = label_wording.sentences(cs, t, ["el", "en", "ko", "fr"])
    m = cs.verdicts["el"].client
    assert said == [
        f"Computed sentiment (Greek) comes from a model fitted on 140 of your mentions labelled by you: "
        f"{t.percent(m.accuracy, 0)} right on them in cross-validation, judged on labels it did not learn from "
        f"(95% interval {t.percent(m.low, 0)} to {t.percent(m.high, 0)}).",
        "Computed sentiment (English) is not yet measured on your own mentions: label about 42 more of them to "
        "measure it.",
        "The toolkit's Korean model learned from comments labelled abusive or not, a proxy for negative and "
        "positive: a polite complaint can read as positive to it.",
        "The bar: on your labels, at least 70% balanced accuracy on positive versus negative, calling at least 50% "
        "of them, and at least 70% of all labels matched where you also labelled neutral mentions.",
    ]
    for lang in LOCALES:
        text = " ".join(label_wording.sentences(cs, Translator(lang), ["el", "en", "ko"]))
        assert "{" not in text and "nan" not in text.lower() and "None" not in text


def test_the_sentences_when_the_shipped_method_fails_or_labels_lack_a_class() -> None:
    from reporting.i18n import Translator
    from reporting.text import label_wording

    t = Translator("en")
    texts = [f"that gig was sick {i}" for i in range(30)] + [f"the sound was terrible {i}" for i in range(25)]
    truth = ["positive"] * 30 + ["negative"] * 25
    v = verdict("en", pd.Series(texts), pd.Series(truth))
    said = label_wording.verdict_sentences(v, t)
    assert said[0].startswith(f"The toolkit's English method was {t.percent(v.shipped.accuracy, 0)} right on 55 "
                              "of your mentions labelled by you, below the bar")
    assert said[1] == ("No computed sentiment for English mentions: label about "
                       f"{v.more_labels} more of them for a model of your own.")
    lopsided = verdict("el", pd.Series([f"τέλειο {i}" for i in range(20)]), pd.Series(["positive"] * 20))
    assert label_wording.verdict_sentences(lopsided, t) == [
        "No computed sentiment for Greek mentions: your labels need positive and negative examples first."]
