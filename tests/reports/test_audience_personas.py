"""Audience personas: over-index, radius share, channel fit, naming, small samples, segmentation, views.

Small frames with values computed by hand; one generated audience with three
planted personas that the segmentation must recover, run to run identically.
"""

from __future__ import annotations

import dataclasses
import json
import math
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
    same = dataclasses.replace(rep, personas=alike, separators=rep.separators.iloc[0:0])
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
