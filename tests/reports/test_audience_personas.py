"""Audience personas: over-index, radius share, channel fit, naming, small samples, segmentation, views.

Small frames with values computed by hand; one generated audience with three
planted personas that the segmentation must recover, run to run identically.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import string

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from reporting import tables
from reporting.dataset import ClientData
from reporting.i18n import Translator, catalogue
from reporting.params import load_client
from reporting.periods import resolve
from reporting.analysis import fit as fitmod
from reporting.analysis import traits
from reporting.reports.audience_personas import compute, distinguish, platforms, summary, views, wording
from reporting.report import jsonable

PERIOD = resolve("2026-Q3")


def respondents(rows: list[dict]) -> pd.DataFrame:
    return tables.conform(pd.DataFrame(rows), "respondents")


# --- traits and over-index -------------------------------------------------------------------------

def test_traits_split_trim_merge_case_and_lowercase_codes() -> None:
    r = respondents([{"respondent_id": "a", "interests": " Design ;diy;design", "channels": "Instagram;facebook"},
                     {"respondent_id": "b", "interests": "design;", "channels": "instagram"}])
    t = traits.respondent_traits(r)
    interests = t[t["field"] == "interests"]
    assert sorted(zip(interests["respondent_id"], interests["value"], strict=True)) == [
        ("a", "design"), ("a", "diy"), ("b", "design")]  # "design" is the most frequent spelling
    assert sorted(t.loc[t["field"] == "channels", "value"]) == ["facebook", "instagram", "instagram"]


def test_trait_index_by_hand() -> None:
    r = respondents([{"respondent_id": "a", "interests": "design;diy"},
                     {"respondent_id": "b", "interests": "design"},
                     {"respondent_id": "c", "interests": "garden"},
                     {"respondent_id": "d", "interests": "design;garden"},
                     {"respondent_id": "e", "interests": None}])  # skipped the question: not in any denominator
    idx = traits.trait_index(traits.respondent_traits(r), pd.Series({"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}))
    got = {(g, v): (s, o, i) for g, v, s, o, i in
           idx[["group", "value", "share", "overall", "index"]].itertuples(index=False)}
    # overall among the 4 who answered: design 3/4, diy 1/4, garden 2/4
    assert got[(1, "design")] == pytest.approx((1.0, 0.75, 4 / 3))
    assert got[(1, "diy")] == pytest.approx((0.5, 0.25, 2.0))
    assert got[(2, "design")] == pytest.approx((0.5, 0.75, 2 / 3))
    assert got[(2, "garden")] == pytest.approx((1.0, 0.5, 2.0))
    assert (2, "diy") not in got


def test_distinctive_needs_index_and_share() -> None:
    idx = pd.DataFrame({"group": [1, 1, 1], "field": ["interests"] * 3, "value": ["a", "b", "c"],
                        "share": [0.5, 0.2, 0.9], "overall": [0.25, 0.05, 0.8], "index": [2.0, 4.0, 1.125],
                        "lift": [0.25, 0.15, 0.1]})
    assert traits.distinctive(idx)["value"].tolist() == ["a"]  # b is too rare in the group, c not distinctive


def test_within_radius_counts_only_known_distances() -> None:
    r = respondents([{"respondent_id": str(i), "distance_km": d} for i, d in enumerate([1, 5, 8, 12, None])])
    assert traits.within_radius(r, 8) == (0.75, 4)
    assert math.isnan(traits.within_radius(respondents([{"respondent_id": "x"}]), 8)[0])


# --- channel fit ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def furniture():
    return load_client("demo-furniture")


def fit_frames():
    rows = [("r1", "instagram", False), ("r2", "instagram", False), ("r3", "instagram", False),
            ("r4", "instagram;facebook", True), ("r5", "facebook", True), ("r6", "facebook", True),
            ("r7", "facebook;youtube", True), ("r8", "pinterest", False), ("r9", "youtube", True),
            ("r10", None, False)]
    r = respondents([{"respondent_id": i, "channels": c, "purchased": b} for i, c, b in rows])
    posts = tables.conform(pd.DataFrame({
        "post_id": ["1", "2", "3", "4"], "channel": ["instagram", "instagram", "facebook", "pinterest"],
        "published": ["2026-08-01 10:00"] * 4, "likes": [100, 60, 40, None], "comments": [20, 20, None, None],
        "saves": [None, None, None, 10]}), "posts")
    spend = tables.conform(pd.DataFrame({"date": ["2026-08-01", "2026-08-02"], "channel": ["facebook", "instagram"],
                                         "campaign": ["a", "b"], "spend": [300.0, 100.0]}), "spend")
    web = tables.conform(pd.DataFrame({"date": ["2026-08-01"] * 3, "source": ["ig", "fb", "google"],
                                       "channel": ["instagram", "facebook", ""], "conversions": [1, 9, 50],
                                       "revenue": [100.0, 900.0, 5000.0]}), "web_traffic")
    return r, posts, spend, web


def test_channel_fit_by_hand(furniture) -> None:
    r, posts, spend, web = fit_frames()
    fit = fitmod.channel_fit(r, posts, spend, furniture, web).set_index("channel")
    assert list(fit.index) == ["instagram", "facebook", "pinterest", "youtube"]  # brand first, then by users
    ig, fb, pin, yt = (fit.loc[c] for c in ("instagram", "facebook", "pinterest", "youtube"))
    assert (ig.posts, ig.post_share, pin.post_share) == (2, 0.5, 0.25)
    # engagements: instagram 200, facebook 40, pinterest 10 of 250
    assert (ig.engagement_share, fb.engagement_share, pin.engagement_share) == pytest.approx((0.8, 0.16, 0.04))
    assert (fb.spend_share, ig.spend_share) == (0.75, 0.25)
    # 9 answered the channels question; 5 buyers (r4-r7, r9); buyers on brand channels: ig 1, fb 4, pin 0
    assert (ig.users, ig.audience_share) == (4, pytest.approx(4 / 9))
    assert (ig.buyer_share, fb.buyer_share, pin.buyer_share) == pytest.approx((0.2, 0.8, 0.0))
    assert (yt.buyer_reach, fb.buyer_reach) == pytest.approx((0.4, 0.8))
    assert (ig.purchase_rate, ig.purchase_index) == pytest.approx((0.25, 0.5))  # 1 of 4 vs 5 of 10
    assert (ig.sales_share, fb.sales_share) == pytest.approx((0.1, 0.9))  # revenue from social sources only
    assert (ig.fit, ig.sales_fit) == pytest.approx((0.25, 0.125))
    assert (ig.flag, fb.flag, pin.flag, yt.flag) == ("mismatch", "underused", "ok", "underused")


def test_channel_fit_uses_sales_when_the_survey_is_silent(furniture) -> None:
    _, posts, spend, web = fit_frames()
    fit = fitmod.channel_fit(tables.empty("respondents"), posts, spend, furniture, web).set_index("channel")
    assert fit.loc["instagram", "flag"] == "mismatch"  # 80 % of engagement, 10 % of social sales
    assert math.isnan(fit.loc["instagram", "buyer_share"])


def test_channel_fit_flags_posting_where_the_audience_is_not(furniture) -> None:
    r = respondents([{"respondent_id": str(i), "channels": "facebook", "purchased": i % 2 == 0} for i in range(20)])
    posts = tables.conform(pd.DataFrame({"post_id": ["1", "2"], "channel": ["facebook", "pinterest"],
                                         "published": ["2026-08-01"] * 2, "likes": [100, 5]}), "posts")
    fit = fitmod.channel_fit(r, posts, tables.empty("spend"), furniture).set_index("channel")
    assert fit.loc["pinterest", "flag"] == "no_audience"
    assert fit.loc["instagram", "flag"] == "no_data"


# --- names ------------------------------------------------------------------------------------------

def test_separation_by_hand() -> None:
    """Cohen's h between shares for answers, standardised difference of mean ranks for numbers."""
    rows = [{"respondent_id": str(i), "hours_per_day": h, "interests": it}
            for i, (h, it) in enumerate([(1, "design"), (2, "design"), (5, "design;diy"), (6, "diy")])]
    r = respondents(rows)
    labels = pd.Series({"0": 1, "1": 1, "2": 2, "3": 2}, name="persona")
    seps = distinguish.separators(r, traits.respondent_traits(r), labels, ["hours_per_day", "interests"])
    get = seps.set_index(["persona", "versus", "field", "value"])
    # design: persona 1 holds it 2/2, persona 2 1/2 -> h = 2 asin(1) - 2 asin(sqrt(.5)) = pi - pi/2
    assert get.loc[(1, 2, "interests", "design"), "effect"] == pytest.approx(math.pi / 2)
    assert get.loc[(2, 1, "interests", "diy"), "effect"] == pytest.approx(math.pi)  # 2/2 against 0/2: the largest h
    assert (2, 1, "interests", "design") not in get.index  # held less often: never a name
    # ranks .25 .5 | .75 1 -> means .375 and .875, pooled sd sqrt(.03125) -> d = .5 / .1768 = 2.83
    hours = get.loc[(2, 1, "hours_per_day", "")]
    assert (hours["direction"], hours["effect"]) == (1, pytest.approx(0.5 / math.sqrt(0.03125)))
    assert get.loc[(1, 0, "hours_per_day", ""), "direction"] == -1
    assert (hours["persona_value"], hours["others_value"]) == (5.5, 1.5)  # medians


def seps_frame(rows: list[tuple[int, int, str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"persona": p, "versus": v, "field": f, "value": val, "direction": d, "effect": e,
                          "persona_value": 0.0, "others_value": 0.0} for p, v, f, val, d, e in rows])


def test_two_personas_alike_against_the_rest_are_named_for_what_separates_them() -> None:
    """The real case: two groups of young students, both 'University' against the others, told apart by time online."""
    seps = seps_frame([
        (1, 0, "interests", "University", 1, 0.9), (1, 0, "hours_per_day", "", 1, 0.7),
        (2, 0, "interests", "University", 1, 0.8), (2, 0, "hours_per_day", "", -1, 0.6),
        (3, 0, "values", "Salaried Worker", 1, 2.0),
        (1, 2, "hours_per_day", "", 1, 2.5), (2, 1, "hours_per_day", "", -1, 2.5),
        (1, 3, "interests", "University", 1, 2.0), (3, 1, "values", "Salaried Worker", 1, 2.0),
        (2, 3, "interests", "University", 1, 2.0), (3, 2, "values", "Salaried Worker", 1, 2.0)])
    parts = distinguish.name_parts(seps, [1, 2, 3], 0.5, {1: "age_20s", 2: "age_20s", 3: "age_30s"})
    hours = {p: [x.direction for x in parts[p] if x.field == "hours_per_day"] for p in (1, 2)}
    assert hours == {1: [1], 2: [-1]}  # each name says which way time online separates them
    assert [x.value for x in parts[3]] == ["Salaried Worker"]
    t = Translator("en")
    names = {p: wording.name_from(t, parts[p], g) for p, g in ((1, "age_20s"), (2, "age_20s"), (3, "age_30s"))}
    assert names == {1: "Young University fans, heavy social users", 2: "Young University fans, light social users",
                     3: "Thirty-something Salaried Worker fans"}


def test_age_separates_only_when_the_age_groups_differ() -> None:
    seps = seps_frame([(1, 0, "age", "", 1, 1.5), (2, 0, "age", "", -1, 1.5), (1, 2, "age", "", 1, 1.5),
                       (2, 1, "age", "", -1, 1.5), (1, 2, "channels", "facebook", 1, 0.6)])
    apart = distinguish.name_parts(seps, [1, 2], 0.5, {1: "age_50plus", 2: "age_20s"})
    assert apart == {1: [], 2: []}  # the age groups every name starts with tell them apart
    t = Translator("en")
    assert [wording.name_from(t, apart[p], g) for p, g in ((1, "age_50plus"), (2, "age_20s"))] == [
        "Fifty-plus audience", "Young audience"]
    same = distinguish.name_parts(seps, [1, 2], 0.5, {1: "age_20s", 2: "age_20s"})
    assert same == {1: [distinguish.Part("channels", "facebook", 1)], 2: []}


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Young design fans, night owls"), ("ko", "Design 좋아하는, 밤에 접속하는 20대"),
    ("el", "Νέοι με ενδιαφέρον για design, ενεργοί το βράδυ")])
def test_names_in_every_language(lang: str, expected: str) -> None:
    parts = [distinguish.Part("interests", "design", 1), distinguish.Part("active_hours", "night", 1)]
    assert wording.name_from(Translator(lang), parts, "age_20s") == expected


def test_names_that_still_coincide_are_numbered(planted_report) -> None:
    rep, _, _ = planted_report
    alike = [dataclasses.replace(p, age_median=27.0) for p in rep.personas]  # one age group, nothing separates
    same = dataclasses.replace(rep, personas=alike, name_parts={})
    assert wording.persona_names(same, Translator("en")) == {1: "Young audience (1)", 2: "Young audience (2)",
                                                              3: "Young audience (3)"}


# --- platform demographics --------------------------------------------------------------------------

def test_age_comparison_and_gap_by_hand() -> None:
    demo = tables.conform(pd.DataFrame({
        "channel": ["instagram"] * 4, "dimension": ["age_gender"] * 4,
        "age_band": ["18-24", "18-24", "25-34", "25-34"], "gender": ["female", "male", "female", "male"],
        "share": [0.2, 0.1, 0.4, 0.3]}), "demographics")
    users = [{"respondent_id": str(i), "age": a, "channels": "instagram"} for i, a in enumerate([20, 30, 31, 33])]
    r = respondents([*users, {"respondent_id": "x", "age": 60, "channels": "facebook"}])
    comp = platforms.age_comparison(demo, r, traits.respondent_traits(r)).set_index("age_band")
    assert (comp.loc["18-24", "platform"], comp.loc["25-34", "platform"]) == pytest.approx((0.3, 0.7))
    assert (comp.loc["18-24", "survey"], comp.loc["25-34", "survey"], comp.loc["65+", "survey"]) == (0.25, 0.75, 0.0)
    gap = platforms.age_gap(comp.reset_index()).iloc[0]
    assert (gap["top_band"], gap["survey_top_band"]) == ("25-34", "25-34")
    assert gap["gap"] == pytest.approx(0.05)


# --- segmentation on a planted audience ---------------------------------------------------------------

PLANTED = {  # label: (weight, age, interests, values, channels, dayparts, purchase)
    "young": (0.45, 27, ["design", "diy", "photo"], ["looks", "price"], ["instagram", "tiktok"], ["night"], 0.1),
    "owners": (0.4, 52, ["renovation", "garden", "cooking"], ["quality", "service"], ["facebook", "youtube"],
               ["morning"], 0.7),
    "pros": (0.15, 39, ["architecture", "materials"], ["reliability", "discounts"], ["linkedin", "pinterest"],
             ["midday"], 0.85),
}


def planted_audience(n: int = 300, seed: int = 3) -> tuple[pd.DataFrame, dict[str, str]]:
    rng = np.random.default_rng(seed)
    labels = rng.choice(list(PLANTED), size=n, p=[v[0] for v in PLANTED.values()])
    everything = {f: sorted({x for v in PLANTED.values() for x in v[i]}) for f, i in
                  (("interests", 2), ("values", 3), ("channels", 4), ("active_hours", 5))}

    def answers(own: list[str], field: str) -> str:
        picked = [x for x in own if rng.random() < 0.75] or own[:1]
        if rng.random() < 0.2:  # one answer borrowed from another persona
            picked.append(str(rng.choice(everything[field])))
        return ";".join(dict.fromkeys(picked))

    rows = []
    for i, lab in enumerate(labels):
        _, age, ints, vals, chans, parts, buy = PLANTED[lab]
        rows.append({"respondent_id": f"R{i:03d}", "age": rng.normal(age, 4), "gender": rng.choice(["female", "male"]),
                     "location": "<script>alert(1)</script>" if i == 0 else "Athens",
                     "interests": answers(ints, "interests"), "values": answers(vals, "values"),
                     "channels": answers(chans, "channels"), "active_hours": answers(parts, "active_hours"),
                     "hours_per_day": rng.gamma(2, 1), "purchased": bool(rng.random() < buy)})
    return respondents(rows), dict(zip([r["respondent_id"] for r in rows], labels, strict=True))


def many_posts(times: int = 3) -> pd.DataFrame:
    """fit_frames' posts repeated: the same shares, enough posts (>= fit_min_posts) to judge channel fit."""
    posts = fit_frames()[1]
    return pd.concat([posts.assign(post_id=posts["post_id"] + f"-{i}") for i in range(times)], ignore_index=True)


@pytest.fixture(scope="module")
def planted_report(furniture):
    r, truth = planted_audience()
    demo = tables.conform(pd.DataFrame({
        "channel": ["instagram", "instagram", "facebook", "facebook", "instagram"],
        "dimension": ["age_gender"] * 4 + ["city"], "age_band": ["25-34", "45-54", "25-34", "45-54", ""],
        "gender": ["female", "male", "female", "male", ""], "location": ["", "", "", "", "Athens"],
        "share": [0.7, 0.3, 0.2, 0.8, 0.6]}), "demographics")
    data = ClientData.from_frames("Europe/Athens", respondents=r, posts=many_posts(), demographics=demo)
    return compute.analyse(data, furniture, PERIOD), truth, data


def test_planted_personas_recovered_with_their_number(planted_report) -> None:
    rep, truth, _ = planted_report
    seg = rep.segmentation
    assert seg.k == 3
    assert seg.scores.loc[seg.scores["chosen"], "bic"].item() == seg.scores["bic"].min()
    assert adjusted_rand_score([truth[i] for i in seg.labels.index], seg.labels) >= 0.9
    assert seg.stability >= 0.8
    sizes = [p.size for p in rep.personas]
    assert sizes == sorted(sizes, reverse=True) and sum(sizes) == 300  # numbered largest first, nobody dropped


def test_segmentation_is_identical_run_to_run(planted_report, furniture) -> None:
    rep, _, data = planted_report
    again = compute.analyse(data, furniture, PERIOD)
    pd.testing.assert_series_equal(rep.segmentation.labels, again.segmentation.labels)
    t = Translator("el", "EUR")
    assert wording.persona_names(rep, t) == wording.persona_names(again, t)
    assert rep.segmentation.stability == again.segmentation.stability


def test_cards_name_what_separates_the_personas(planted_report) -> None:
    rep, truth, _ = planted_report
    oldest = max(rep.personas, key=lambda p: p.age_median)
    parts = wording.named_for(rep)[oldest.id]
    top = rep.separators[(rep.separators["persona"] == oldest.id) & (rep.separators["versus"] == 0)
                         & (rep.separators["field"] != "age")].sort_values("effect", ascending=False).iloc[0]
    assert (parts[0].field, parts[0].value) == (top["field"], top["value"])  # the trait that separates it most
    _, _, interests, values, channels, dayparts, _ = PLANTED["owners"]
    assert parts[0].value in {*interests, *values, *channels, *dayparts}  # one of the owners' planted traits
    name = wording.persona_names(rep, Translator("el", "EUR"))[oldest.id]
    assert name.startswith("Άνω των 50 ")
    assert set(oldest.top("channels", n=2)["value"]) == {"facebook", "youtube"}
    assert oldest.purchase_rate > rep.audience.purchase_rate
    names = wording.persona_names(rep, Translator("en")).values()
    assert len(set(names)) == 3


def test_views_render_escaped_in_every_language(planted_report) -> None:
    rep, _, _ = planted_report
    every = (views.summary, views.personas, views.fit, views.activity, views.traits,
             views.buyers, views.platforms, views.method)
    for lang in ("el", "en", "ko"):  # charts once (el); the same keys exist in every language (test below)
        t = Translator(lang, "EUR")  # one computed report, worded in each language
        html = "".join(v(rep, t).markup for v in (every if lang == "el" else every[:2]))
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert Translator(lang)("personas.h_personas") in html
    payload = json.loads(json.dumps(jsonable(summary.payload(rep, Translator("el", "EUR")))))
    assert payload["segmented"] and len(payload["personas"]) == 3
    assert payload["method"]["criterion"] == "bic" and len(payload["assignments"]) == 300
    assert {"channel": "instagram", "flag": "mismatch"} in payload["flags"]  # young non-buyers on Instagram


# --- small samples ------------------------------------------------------------------------------------

def test_small_sample_describes_instead_of_clustering(furniture) -> None:
    r, _ = planted_audience(n=30)
    data = ClientData.from_frames("Europe/Athens", respondents=r)
    rep, t = compute.analyse(data, furniture, PERIOD), Translator("en", "EUR")
    assert not rep.segmented and rep.personas == [] and rep.respondents == 30
    assert wording.executive_summary(rep, t)[0].startswith("Only 30 respondents (personas need at least 50)")
    assert not rep.buyers.empty and rep.buyers["group"].all()  # buyers versus everyone
    html = views.personas(rep, t).markup + views.traits(rep, t).markup + views.method(rep, t).markup
    assert "The whole audience" in html and "rp-empty" in html
    assert summary.payload(rep, t)["personas"] == []


def test_small_sample_still_compares_platform_ages(furniture) -> None:
    """Without personas the platform section still shows each channel's ages (no persona mix to name)."""
    r, _ = planted_audience(n=30)
    demo = tables.conform(pd.DataFrame({"channel": ["instagram"] * 2, "dimension": ["age_gender"] * 2,
                                        "age_band": ["25-34", "45-54"], "gender": ["female", "male"],
                                        "share": [0.7, 0.3], "basis": "followers"}), "demographics")
    data = ClientData.from_frames("Europe/Athens", respondents=r, demographics=demo)
    rep, t = compute.analyse(data, furniture, PERIOD), Translator("en", "EUR")
    assert not rep.segmented and list(rep.mix.columns) == ["channel", "persona", "share"]
    assert wording.platform_sentences(rep, t)[0].startswith(
        "Instagram, share of followers: largest age group 25-34 (70%); 70% women, 30% men.")
    assert "rp-figure" in views.platforms(rep, t).markup


def test_no_respondents_still_reports_channels(furniture) -> None:
    data = ClientData.from_frames("Europe/Athens", posts=fit_frames()[1])
    rep, t = compute.analyse(data, furniture, PERIOD), Translator("en", "EUR")
    assert rep.audience is None and wording.executive_summary(rep, t)[0].startswith(
        "No survey or CRM export in the data, so personas cannot be formed")
    assert "rp-empty" in views.personas(rep, t).markup
    assert rep.fit.set_index("channel").loc["instagram", "posts"] == 2


# --- catalogues ---------------------------------------------------------------------------------------

def test_persona_messages_exist_in_every_language_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    english = {k: v for k, v in catalogue("en").items() if k.startswith("personas.")}
    for lang in ("ko", "el"):
        other = {k: v for k, v in catalogue(lang).items() if k.startswith("personas.")}
        assert set(other) == set(english), lang
        assert all(fields(other[k]) == fields(english[k]) for k in english), lang


# --- a real-shaped survey without a purchase question (issue 11) -------------------------------------

@pytest.fixture(scope="module")
def social_survey(tmp_path_factory):
    """The 481-answer Google-Forms shape, generated, read through the survey importer with the analyst's mapping."""
    from reporting.ingest import load_client_data
    from reporting.params import ClientParams
    from support.social_survey import MAPPING, social_survey_csv

    folder = tmp_path_factory.mktemp("social-survey") / "data"
    folder.mkdir()
    text, truth = social_survey_csv()
    (folder / "Social media survey (Responses).csv").write_bytes(text.encode("utf-8"))
    params = ClientParams(client_id="survey-only", display_name="Survey client", channels=["facebook", "instagram",
                          "youtube"], timezone="UTC", data_dir=str(folder), survey_columns=MAPPING)
    data = load_client_data(params, use_cache=False)
    order = data.respondents["respondent_id"].tolist()  # file order: one id per answer row
    planted = dict(zip(order, truth.values(), strict=True))
    return compute.analyse(data, params, PERIOD), planted


def all_sections(rep, t) -> str:  # noqa: ANN001
    every = (views.header, views.summary, views.personas, views.fit, views.activity, views.traits, views.buyers,
             views.platforms, views.method)
    return "".join(v(rep, t).markup for v in every)


def test_real_shaped_survey_names_personas_by_what_separates_them(social_survey) -> None:
    rep, planted = social_survey
    assert rep.respondents == 481 and rep.segmentation.k == 3
    assert adjusted_rand_score([planted[i] for i in rep.segmentation.labels.index], rep.segmentation.labels) >= 0.9
    by_group = {planted[rep.segmentation.labels.index[rep.segmentation.labels == p.id][0]]: p.id
                for p in rep.personas}
    for lang in ("en", "el", "ko"):
        names = wording.persona_names(rep, Translator(lang))
        assert len(set(names.values())) == 3, names
    names = wording.persona_names(rep, Translator("en"))
    heavy, light = names[by_group["students_heavy"]], names[by_group["students_light"]]
    # both are young university students: the names differ by time online, the trait that separates them
    assert "heavy social users" in heavy and "light social users" in light
    assert set(heavy.split()) ^ set(light.split()) == {"heavy", "light"}
    parts = wording.named_for(rep)
    assert [x.field for x in parts[by_group["students_heavy"]]] == ["hours_per_day"]


def test_real_shaped_survey_without_purchase_claims_nothing_about_buying(social_survey) -> None:
    from support.prose import problems

    rep, _ = social_survey
    t = Translator("en")
    html = all_sections(rep, t)
    assert not problems(html), problems(html)[:5]
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    for claim in ("have bought", "Have bought", "they buy", "your buyers", "reaches the most buyers", "in line",
                  "No channel earns", "Reach them on Facebook and YouTube (", "with –"):
        assert claim not in text, claim
    summary_lines = wording.executive_summary(rep, t)
    assert summary_lines[-1] == ("Channel fit cannot be judged: there are no brand posts in this period, the survey "
                                 "has no purchase question, and there is no web sales data by channel.")
    for p in rep.personas:
        assert wording.takeaway(rep, t, p) == "Reach them on Facebook and YouTube."  # both used by >= 50 %
        assert wording.buy_verdict(rep, p) is None
    payload = json.loads(json.dumps(jsonable(summary.payload(rep, t))))
    assert payload["flags"] == [] and payload["purchase_rate"] is None
    assert {row["flag"] for row in payload["channel_fit"]} == {"not_enough"}
    assert payload["fit_evidence"]["purchase_known"] == 0
    assert "The survey does not say who has bought" in text  # the buyers section says why it is empty


# --- grounded verdicts ---------------------------------------------------------------------------------

def evidence(**overrides: object) -> compute.FitEvidence:
    values = dict(posts=40, engagements=900.0, spend=0.0, respondents=300, channel_answers=280, purchase_known=300,
                  buyers=60, sales=False, min_posts=10, min_buyers=20, min_answers=50) | overrides
    return compute.FitEvidence(**values)


def fit_rows() -> pd.DataFrame:
    return pd.DataFrame({"channel": ["instagram", "facebook", "pinterest", "youtube"],
                         "on_brand": [True, True, True, False], "spend": [0.0, 0.0, 50.0, 0.0],
                         "flag": ["mismatch", "ok", "no_audience", "underused"]})


@pytest.mark.parametrize(("ev", "flags", "reasons"), [
    (evidence(), ["mismatch", "ok", "no_audience", "underused"], [[], [], [], []]),
    (evidence(posts=0, engagements=0.0), ["not_enough", "not_enough", "no_audience", "underused"],
     [["no_posts"], ["no_posts"], [], []]),  # pinterest: the brand spent there
    (evidence(posts=4), ["not_enough", "not_enough", "no_audience", "underused"],
     [["few_posts"], ["few_posts"], [], []]),
    (evidence(posts=4, spend=0.0, channel_answers=30), ["not_enough", "not_enough", "not_enough", "underused"],
     [["few_posts"], ["few_posts"], ["few_answers"], []]),
    (evidence(purchase_known=0, buyers=0), ["not_enough", "not_enough", "no_audience", "not_enough"],
     [["no_purchase", "no_sales"], ["no_purchase", "no_sales"], [], ["no_purchase"]]),
    (evidence(purchase_known=0, buyers=0, sales=True), ["mismatch", "ok", "no_audience", "not_enough"],
     [[], [], [], ["no_purchase"]]),  # web sales stand in for buyers, except where the brand is not
    (evidence(buyers=12), ["not_enough", "not_enough", "no_audience", "not_enough"],
     [["few_buyers", "no_sales"], ["few_buyers", "no_sales"], [], ["few_buyers"]]),
    (evidence(respondents=0, channel_answers=0, purchase_known=0, buyers=0),
     ["not_enough", "not_enough", "not_enough", "not_enough"],
     [["no_survey", "no_sales"], ["no_survey", "no_sales"], ["no_survey"], ["no_survey"]]),
])
def test_a_fit_flag_stands_only_on_its_evidence(ev, flags, reasons) -> None:  # noqa: ANN001
    got = compute.ground_fit(fit_rows(), ev)
    assert got["flag"].tolist() == flags
    assert got["flag_reason"].tolist() == reasons


def test_a_viral_post_is_counted_at_its_channels_ceiling() -> None:
    likes = [100, 120, 80, 90, 110, 95, 105, 85, 115, 100, 20000]
    posts = tables.conform(pd.DataFrame({"post_id": [str(i) for i in range(11)], "channel": "facebook",
                                         "published": "2026-08-01", "likes": likes, "comments": [0] * 10 + [500]}),
                           "posts")
    capped, n = compute.cap_outliers(posts, 10)
    logs = np.log1p(np.array(likes[:10] + [20500], dtype=float))
    q1, q3 = np.quantile(logs, [0.25, 0.75])
    ceiling = np.expm1(q3 + 1.5 * (q3 - q1))
    assert n == 1 and capped["likes"].iloc[:10].tolist() == likes[:10]  # the others untouched
    scale = ceiling / 20500  # likes and comments scaled together to the ceiling
    assert (capped["likes"].iloc[10], capped["comments"].iloc[10]) == (round(20000 * scale), round(500 * scale))
    assert compute.cap_outliers(posts.head(5), 10)[1] == 0  # too few posts to call one an outlier


def test_takeaway_names_only_what_the_data_supports(planted_report) -> None:
    rep, _, _ = planted_report
    t = Translator("en")
    oldest = max(rep.personas, key=lambda p: p.age_median)
    assert wording.takeaway(rep, t, oldest).startswith("Reach them on Facebook and YouTube (morning).")
    strict = dataclasses.replace(rep, thresholds=rep.thresholds.model_copy(update={"persona_channel_share": 0.99}))
    assert wording.takeaway(strict, t, oldest).startswith("Time posts for them: morning.")  # no channel used by 99 %
    silent = dataclasses.replace(rep, evidence=dataclasses.replace(rep.evidence, purchase_known=0))
    unknown = dataclasses.replace(oldest, answered={}, purchase_known=0)
    assert wording.takeaway(silent, t, unknown) == (
        "Not enough data for a take-away: no channel is used by at least 50% of them and the survey does not ask "
        "whether they bought.")


def test_buying_is_called_only_when_its_interval_clears_the_audience_rate(planted_report) -> None:
    rep, _, _ = planted_report
    p = max(rep.personas, key=lambda q: q.purchase_rate)
    assert wording.buy_verdict(rep, p) == "high"
    few = dataclasses.replace(p, purchase_known=12, purchase_rate=7 / 12)  # 58 % of 12: interval 32 %-81 %
    low, high = wording.buy_interval(few)
    assert (round(low, 2), round(high, 2)) == (0.32, 0.81)
    verdict = wording.buy_verdict(rep, few)
    assert verdict == ("high" if low > rep.audience.purchase_rate else "unclear")
    none = dataclasses.replace(p, purchase_known=5, purchase_rate=0.6)
    assert wording.buy_verdict(rep, none) is None  # fewer than min_answers answered
    assert "Only 5 of them answered the purchase question" in wording.takeaway(rep, Translator("en"), none)


# --- platform demographics without a survey (the real clients) -----------------------------------------

def platform_exports() -> pd.DataFrame:
    """Demographics as the importers give them: Meta followers, YouTube views, TikTok followers, LinkedIn page views."""
    rows = [  # channel, basis, dimension, age_band, gender, location, segment, share, count
        ("facebook", "followers", "age_gender", "18-24", "female", None, None, 0.10, None),
        ("facebook", "followers", "age_gender", "25-34", "female", None, None, 0.30, None),
        ("facebook", "followers", "age_gender", "25-34", "male", None, None, 0.40, None),
        ("facebook", "followers", "age_gender", "35-44", "male", None, None, 0.20, None),
        ("facebook", "followers", "total", None, None, None, None, 1.0, 4210),
        ("facebook", "followers", "country", None, None, "South Africa", None, 0.75, None),
        ("youtube", "views", "age", "18-24", None, None, None, 0.20, None),
        ("youtube", "views", "age", "25-34", None, None, None, 0.50, None),
        ("youtube", "views", "age", "35-44", None, None, None, 0.30, None),
        ("youtube", "views", "gender", None, "female", None, None, 0.35, None),
        ("youtube", "views", "gender", None, "male", None, None, 0.64, None),
        ("youtube", "views", "gender", None, "other", None, None, 0.01, None),
        ("youtube", "views", "country", None, None, "India", None, 0.62, 6200),
        ("youtube", "views", "subscription", None, None, None, "subscribed", 0.12, 1200),
        ("youtube", "views", "subscription", None, None, None, "not_subscribed", 0.88, 8800),
        ("tiktok", "followers", "gender", None, "female", None, None, 0.59, None),
        ("tiktok", "followers", "gender", None, "male", None, None, 0.41, None),
        ("tiktok", "followers", "country", None, None, "Other", None, 0.30, None),
        ("tiktok", "followers", "country", None, None, "United States", None, 0.46, None),
        ("linkedin", "page_views", "city", None, None, "Greater Nashville Area", None, None, 181),
        ("linkedin", "page_views", "city", None, None, "Greater New York City Area", None, None, 23),
        ("linkedin", "page_views", "city", None, None, "Kolkata Area, India", None, None, 96)]
    cols = ["channel", "basis", "dimension", "age_band", "gender", "location", "segment", "share", "count"]
    return tables.conform(pd.DataFrame(rows, columns=cols), "demographics")


@pytest.fixture(scope="module")
def no_survey_report():
    from reporting.params import ClientParams

    params = ClientParams(client_id="real-like", display_name="No survey", timezone="UTC",
                          channels=["facebook", "youtube", "tiktok", "linkedin"])
    data = ClientData.from_frames("UTC", demographics=platform_exports(), posts=many_posts())
    return compute.analyse(data, params, PERIOD)


def test_platform_shares_are_read_per_basis(no_survey_report) -> None:
    rep = no_survey_report
    ages = rep.ages.set_index(["channel", "age_band"])
    assert ages.loc[("facebook", "25-34"), ["female", "male", "platform"]].tolist() == pytest.approx([0.3, 0.4, 0.7])
    assert ages.loc[("youtube", "25-34"), ["unsplit", "platform"]].tolist() == pytest.approx([0.5, 0.5])
    assert set(zip(rep.ages["channel"], rep.ages["basis"])) == {("facebook", "followers"), ("youtube", "views")}
    genders = rep.genders.set_index("channel")
    assert genders.loc["facebook", ["female", "male"]].tolist() == pytest.approx([0.4, 0.6])  # summed over ages
    assert genders.loc["youtube", "basis"] == "views" and genders.loc["tiktok", "female"] == pytest.approx(0.59)
    places = rep.locations.set_index(["channel", "location"])
    assert places.loc[("linkedin", "Greater Nashville Area"), "share"] == pytest.approx(181 / 300)  # of those listed
    assert bool(places.loc[("linkedin", "Greater Nashville Area"), "listed"])
    assert ("tiktok", "Other") not in places.index  # "Others" is the rest, not a place
    assert rep.follower_totals.to_dict(orient="records") == [{"channel": "facebook", "basis": "followers",
                                                              "count": 4210}]


def test_without_a_survey_the_report_says_why_and_shows_each_platform_on_its_basis(no_survey_report) -> None:
    from support.prose import problems

    rep, t = no_survey_report, Translator("en")
    lines = wording.platform_sentences(rep, t)
    assert lines == [
        "Facebook, share of followers: largest age group 25-34 (70%); 40% women, 60% men; "
        "top country South Africa (75%); 4,210 followers in total.",
        "YouTube, share of views: largest age group 25-34 (50%); 35% women, 64% men; top country India (62%); "
        "12% of views from subscribers.",
        "TikTok, share of followers: 59% women, 41% men; top country United States (46%).",
        "LinkedIn, share of page views: top location Greater Nashville Area (60% of the locations listed)."]
    summary_lines = wording.executive_summary(rep, t)
    assert summary_lines[0].startswith("No survey or CRM export in the data, so personas cannot be formed")
    assert "survey_columns in params/real-like.yaml" in summary_lines[0]
    assert summary_lines[-1] == ("Platform audience data: Facebook (share of followers), YouTube (share of views), "
                                 "TikTok (share of followers), and LinkedIn (share of page views).")
    assert not any("in line" in s or "No channel earns" in s for s in summary_lines)
    html = all_sections(rep, t)
    assert not problems(html), problems(html)[:5]
    section = views.personas(rep, t).markup
    assert "survey_columns:" in section and "purchased:" in section and "rp-empty" in section
    assert "share of views" in views.platforms(rep, t).markup and "rp-figure" in views.platforms(rep, t).markup
    assert set(rep.fit["flag"]) <= {"not_enough", "no_data"}  # no survey, no sales: no fit verdict at all


def test_panels_on_different_bases_do_not_share_a_scale(no_survey_report) -> None:
    from reporting.reports.audience_personas import charts

    rep = no_survey_report
    ages = rep.ages.assign(panel=rep.ages["channel"] + " · " + rep.ages["basis"])
    fig = charts.platform_ages(ages, {}, {k: k for k in ("female", "male", "other", "unsplit", "survey")}, "t")
    facebook, youtube = fig.axes[0], fig.axes[1]
    assert facebook.get_ylim() != youtube.get_ylim()  # followers and views are not like for like
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_the_coverage_notice_opens_the_report_for_a_period_after_the_data(no_survey_report) -> None:
    rep = dataclasses.replace(no_survey_report, period=resolve("2027-Q1"))
    rep = dataclasses.replace(rep, coverage=compute.report_coverage(
        ClientData.from_frames("UTC", demographics=platform_exports(), posts=many_posts()),
        load_client("demo-furniture").model_copy(update={"channels": ["facebook", "instagram", "pinterest"]}),
        resolve("2027-Q1")))
    html = views.header(rep, Translator("en")).markup
    assert 'class="rp-coverage"' in html
    assert "the data ends on Aug 1, 2026, before the period begins" in html


def test_survey_users_are_compared_with_a_platform_only_when_there_are_enough(furniture) -> None:
    demo = tables.conform(pd.DataFrame({"channel": ["instagram"] * 2, "dimension": ["age_gender"] * 2,
                                        "age_band": ["25-34", "45-54"], "gender": ["female", "male"],
                                        "share": [0.7, 0.3], "basis": "followers"}), "demographics")
    few = respondents([{"respondent_id": str(i), "age": 30, "channels": "instagram" if i < 5 else "facebook"}
                       for i in range(40)])
    rep = compute.analyse(ClientData.from_frames("Europe/Athens", respondents=few, demographics=demo), furniture,
                          PERIOD)
    assert rep.ages["survey"].isna().all() and rep.gaps["gap"].isna().all()  # 5 users < min_answers (10)
    assert "survey respondents" not in wording.platform_sentences(rep, Translator("en"))[0]
    many = respondents([{"respondent_id": str(i), "age": 30, "channels": "instagram"} for i in range(40)])
    rep = compute.analyse(ClientData.from_frames("Europe/Athens", respondents=many, demographics=demo), furniture,
                          PERIOD)
    assert rep.gaps["gap"].iloc[0] == pytest.approx(0.3)  # all 25-34 against the platform's 70 %
