"""The analysts' labelled samples in the demo data, and what they decide for each demo client."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from demo_support import CLIENTS, files, read_brandwatch

from reporting import paths
from reporting.demo.exports.listening import rated
from reporting.demo.profiles import profile_for
from reporting.params import load_client
from reporting.text import labels


@pytest.fixture(scope="module")
def assessed(demo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, labels.ClientSentiment]:
    cache = tmp_path_factory.mktemp("sentiment-cache")
    return {c: labels.client_sentiment(demo_root / c, cache=cache / c) for c in CLIENTS}


def test_each_labelled_sample_is_what_planted_json_says(demo_root: Path, planted: dict) -> None:
    for client in CLIENTS:
        facts = planted[client]["labels"]
        got = labels.read_labels(demo_root / client)
        assert got.problems == [] and got.unlabelled == 0 and len(got.frame) == facts["rows"]
        counts = got.frame.groupby(["language", "label"]).size()
        assert {lang: {lab: int(n) for lab, n in counts[lang].items()}
                for lang in counts.index.get_level_values(0).unique()} == facts["by_language"]
        assert got.frame["text"].is_unique
        assert (demo_root / client / facts["file"]).parent == paths.labels_dir(demo_root / client)


def test_the_sample_comes_from_the_mentions_the_tool_left_unrated(demo_root: Path, planted: dict) -> None:
    cafe = pd.concat([read_brandwatch(p) for p in files(demo_root, planted, "demo-cafe", "brandwatch")])
    unrated = set(cafe.loc[cafe["Sentiment"] == "", "Resource Id"])
    labelled = set(labels.read_labels(demo_root / "demo-cafe").frame["mention_id"])
    assert labelled and labelled <= unrated
    for client in ("demo-furniture", "demo-saas"):
        share = profile_for(load_client(client)).sentiment_share
        ids = labels.read_labels(demo_root / client).frame["mention_id"]
        assert not rated(ids, share).any(), client


def test_the_cafe_labels_catch_the_shipped_korean_model_and_give_the_cafe_its_own(
        assessed: dict[str, labels.ClientSentiment]) -> None:
    ko = assessed["demo-cafe"].verdicts["ko"]
    # the shipped model learned abusive language: the cafe's polite complaints read positive to it
    assert ko.shipped is not None and not ko.shipped.passes and ko.shipped.n == ko.labelled
    assert ko.use == "client" and ko.client.passes and ko.client.cross_validated
    en = assessed["demo-cafe"].verdicts["en"]
    assert en.use == "shipped" and en.shipped.passes and en.shipped.n >= labels.MIN_TO_MEASURE


def test_the_furniture_shop_gets_a_greek_model_of_its_own(assessed: dict[str, labels.ClientSentiment]) -> None:
    el = assessed["demo-furniture"].verdicts["el"]
    assert el.shipped is None and el.use == "client" and el.client.passes
    assert "el" in assessed["demo-furniture"].supported
    scored = assessed["demo-furniture"].score(pd.Series(["Απαράδεκτη καθυστέρηση στην παράδοση, απογοήτευση"]),
                                              pd.Series(["el"]))
    assert scored["sentiment"].tolist() == ["negative"]


def test_the_software_company_has_begun_labelling_and_is_told_how_many_more(
        assessed: dict[str, labels.ClientSentiment], planted: dict) -> None:
    en = assessed["demo-saas"].verdicts["en"]
    assert en.labelled == planted["demo-saas"]["labels"]["rows"] < labels.MIN_TO_MEASURE
    assert en.use == "shipped" and en.shipped is None
    assert en.more_for == "measure" and en.more_labels >= labels.MIN_TO_MEASURE - en.labelled
