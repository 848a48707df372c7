"""Audience personas, platforms: each persona's channels against the brand's, and platform demographics against the survey.

Personas are identified by their number (1 = largest); their names are wording.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+")
_AGE_EDGES = (13, 18, 25, 35, 45, 55, 65)


def persona_channels(index: pd.DataFrame) -> pd.DataFrame:
    """Share of each persona using each channel: rows persona number, columns channel (most used first)."""
    ch = index[index["field"] == "channels"]
    if ch.empty:
        return pd.DataFrame()
    table = ch.pivot_table(index="group", columns="value", values="share", aggfunc="first").fillna(0.0)
    order = ch.groupby("value")["overall"].first().sort_values(ascending=False, kind="stable").index
    table = table[list(order)]
    table.columns = [str(c) for c in table.columns]
    return table


def persona_reach(usage: pd.DataFrame, fit: pd.DataFrame) -> pd.DataFrame:
    """For each persona (by number): its main channel and how much of the brand's posting and spend lands where it is.

    ``post_coverage`` = sum over channels of (share of the brand's posts there x share of the
    persona using it): the chance a given brand post goes out on a channel this persona uses.
    """
    if usage.empty:
        return pd.DataFrame(columns=["persona", "main_channel", "main_share", "main_post_share",
                                     "post_coverage", "spend_coverage"])
    f = fit.set_index("channel")
    cols = list(usage.columns)
    post = f["post_share"].reindex(cols).fillna(0.0).to_numpy()
    spent = f["spend_share"].reindex(cols).fillna(0.0).to_numpy()
    rows = []
    for name, shares in usage.iterrows():
        main = shares.idxmax()
        rows.append({"persona": name, "main_channel": main, "main_share": float(shares[main]),
                     "main_post_share": float(f["post_share"].get(main, 0.0) or 0.0),
                     "post_coverage": float(shares.to_numpy() @ post) if post.sum() else math.nan,
                     "spend_coverage": float(shares.to_numpy() @ spent) if spent.sum() else math.nan})
    return pd.DataFrame(rows)


def _with_basis(demographics: pd.DataFrame) -> pd.DataFrame:
    """Demographics with ``basis`` as text ("" when the export does not say what its shares are of)."""
    return demographics.assign(basis=demographics["basis"].astype("string").fillna(""))


def platform_age(demographics: pd.DataFrame) -> pd.DataFrame:
    """Age shares per channel and basis, split by gender where the export splits them, normalised to 1.

    ``channel, basis, age_band, female, male, other, unsplit, total``: Meta's ``age_gender`` rows
    summed by gender; YouTube's ``age`` rows (share of views per band, all genders) in ``unsplit``.
    A channel with both keeps the gender split.
    """
    demo = _with_basis(demographics)
    ag = demo[demo["dimension"] == "age_gender"].copy()
    ages = demo[(demo["dimension"] == "age")
                & ~demo.set_index(["channel", "basis"]).index.isin(ag.set_index(["channel", "basis"]).index)].copy()
    gender = ag["gender"].fillna("unknown").astype("string")
    ag["gender"] = gender.where(gender.isin(["female", "male"]), "other")
    ages["gender"] = "unsplit"
    both = pd.concat([ag, ages], ignore_index=True)
    both = both[both["age_band"].isin(AGE_BANDS) & both["share"].notna()]
    columns = ["channel", "basis", "age_band", "female", "male", "other", "unsplit", "total"]
    if both.empty:
        return pd.DataFrame(columns=columns)
    wide = (both.pivot_table(index=["channel", "basis", "age_band"], columns="gender", values="share",
                             aggfunc="sum", fill_value=0.0)
            .reindex(columns=["female", "male", "other", "unsplit"], fill_value=0.0).reset_index())
    parts = ["female", "male", "other", "unsplit"]
    totals = wide.groupby(["channel", "basis"])[parts].transform("sum").sum(axis=1)
    for col in parts:
        wide[col] = (wide[col] / totals.where(totals > 0)).astype("float64")
    wide["total"] = wide[parts].sum(axis=1)
    wide = wide[totals > 0]
    wide["age_band"] = pd.Categorical(wide["age_band"], categories=AGE_BANDS, ordered=True)
    return wide.sort_values(["channel", "basis", "age_band"]).reset_index(drop=True)[columns]


def platform_gender(demographics: pd.DataFrame) -> pd.DataFrame:
    """Gender shares per channel and basis: ``channel, basis, female, male, other`` (normalised to 1).

    From the export's ``gender`` rows (YouTube, TikTok), else Meta's ``age_gender`` summed over ages.
    """
    demo = _with_basis(demographics)
    demo = demo[demo["share"].notna()]
    own = demo[demo["dimension"] == "gender"]
    ag = demo[(demo["dimension"] == "age_gender")
              & ~demo.set_index(["channel", "basis"]).index.isin(own.set_index(["channel", "basis"]).index)]
    rows = pd.concat([own, ag], ignore_index=True)
    if rows.empty:
        return pd.DataFrame(columns=["channel", "basis", "female", "male", "other"])
    gender = rows["gender"].fillna("other").astype("string")
    rows = rows.assign(gender=gender.where(gender.isin(["female", "male"]), "other"))
    wide = (rows.pivot_table(index=["channel", "basis"], columns="gender", values="share", aggfunc="sum",
                             fill_value=0.0).reindex(columns=["female", "male", "other"], fill_value=0.0))
    total = wide.sum(axis=1)
    wide = wide[total > 0].div(total[total > 0], axis=0).astype("float64")
    return wide.reset_index()


def survey_age(respondents: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """Age-band shares of the respondents who use each channel (the survey's view of the platform)."""
    age = pd.to_numeric(respondents["age"], errors="coerce")
    ok = age >= _AGE_EDGES[0]
    bands = pd.cut(age[ok], bins=[*_AGE_EDGES, np.inf], right=False, labels=AGE_BANDS)
    known = pd.DataFrame({"respondent_id": respondents.loc[ok, "respondent_id"].astype("string"),
                          "age_band": bands.astype("string")})
    ch = traits[traits["field"] == "channels"].merge(known, on="respondent_id")
    if ch.empty:
        return pd.DataFrame(columns=["channel", "age_band", "survey"])
    counts = ch.groupby(["value", "age_band"]).size()
    shares = (counts / counts.groupby(level=0).transform("sum")).rename("survey").reset_index()
    return shares.rename(columns={"value": "channel"})


def age_comparison(demographics: pd.DataFrame, respondents: pd.DataFrame, traits: pd.DataFrame) -> pd.DataFrame:
    """Platform versus survey age profile: ``channel, basis, age_band, female, male, other, unsplit, platform, survey``.

    ``platform`` is the platform's share of the channel's ``basis`` (followers, views) in the band,
    all genders; ``survey`` the share of respondents who use the channel in the band (missing when
    no respondent says they use it). Only channels with platform age data are kept; bands missing
    on one side count as 0.
    """
    plat = platform_age(demographics)
    columns = ["channel", "basis", "age_band", "female", "male", "other", "unsplit", "platform", "survey"]
    if plat.empty:
        return pd.DataFrame(columns=columns)
    plat = plat.rename(columns={"total": "platform"})
    plat["age_band"] = plat["age_band"].astype("string")
    keys = plat[["channel", "basis"]].drop_duplicates().itertuples(index=False)
    grid = pd.MultiIndex.from_tuples([(c, b, band) for c, b in keys for band in AGE_BANDS],
                                     names=["channel", "basis", "age_band"])
    cols = ["female", "male", "other", "unsplit", "platform"]
    out = plat.set_index(["channel", "basis", "age_band"])[cols].reindex(grid).fillna(0.0).reset_index()
    survey = survey_age(respondents, traits)
    out = out.merge(survey, on=["channel", "age_band"], how="left")
    has_survey = out.groupby(["channel", "basis"])["survey"].transform(lambda s: s.notna().any())
    out["survey"] = out["survey"].where(~has_survey, out["survey"].fillna(0.0)).astype("float64")
    return out[columns]


def age_gap(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per channel and basis: the platform's largest age band, and how far the survey's profile is from it.

    ``gap`` is the total variation distance (half the sum of absolute differences): the share of
    people who would have to change band for the two profiles to match.
    """
    rows = []
    for (channel, basis), g in comparison.groupby(["channel", "basis"], sort=False):
        top = g.loc[g["platform"].idxmax()]
        survey = g["survey"]
        rows.append({"channel": channel, "basis": basis, "top_band": top["age_band"],
                     "top_share": float(top["platform"]),
                     "survey_top_band": g.loc[survey.idxmax(), "age_band"] if survey.notna().any() else None,
                     "gap": float((g["platform"] - survey).abs().sum() / 2) if survey.notna().any() else math.nan})
    return pd.DataFrame(rows, columns=["channel", "basis", "top_band", "top_share", "survey_top_band", "gap"])


OTHER_PLACES = ("other", "others")  # TikTok's "Others": the rest, not a place


def top_locations(demographics: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` largest cities and countries per channel and basis.

    ``channel, basis, dimension, location, share, count, listed``. Exports that give counts only
    (LinkedIn's visitors by location) get ``share`` = count / the sum of the places listed, and
    ``listed`` True: a share of the places the export lists, not of everyone.
    """
    demo = _with_basis(demographics)
    loc = demo[demo["dimension"].isin(["city", "country"]) & demo["location"].notna()
               & ~demo["location"].astype("string").str.strip().str.casefold().isin(OTHER_PLACES)].copy()
    columns = ["channel", "basis", "dimension", "location", "share", "count", "listed"]
    if loc.empty:
        return pd.DataFrame(columns=columns)
    counts = loc["count"].astype("Float64")
    listed_total = counts.groupby([loc["channel"], loc["basis"], loc["dimension"]]).transform("sum")
    loc["listed"] = loc["share"].isna() & counts.notna()
    loc["share"] = loc["share"].astype("Float64").fillna(counts / listed_total.where(listed_total > 0)) \
        .astype("float64")
    loc = loc[loc["share"].notna()]
    loc = loc.sort_values(["channel", "basis", "dimension", "share", "location"],
                          ascending=[True, True, True, False, True], kind="stable")
    return loc.groupby(["channel", "basis", "dimension"]).head(n)[columns].reset_index(drop=True)


def follower_totals(demographics: pd.DataFrame) -> pd.DataFrame:
    """Follower totals the audience exports carry (Meta's ``total`` blocks): ``channel, basis, count``."""
    demo = _with_basis(demographics)
    total = demo[(demo["dimension"] == "total") & demo["count"].notna()]
    return (total.groupby(["channel", "basis"], as_index=False)["count"].max()
            if len(total) else pd.DataFrame(columns=["channel", "basis", "count"]))


def subscription(demographics: pd.DataFrame) -> pd.DataFrame:
    """YouTube views by subscription status: ``channel, basis, segment, share`` (subscribed, not_subscribed)."""
    demo = _with_basis(demographics)
    sub = demo[(demo["dimension"] == "subscription") & demo["share"].notna() & demo["segment"].notna()]
    return sub[["channel", "basis", "segment", "share"]].reset_index(drop=True)


def channel_persona_mix(traits: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    """Which personas (by number) make up each channel's users in the survey: ``channel, persona, share``."""
    ch = traits[traits["field"] == "channels"].merge(labels.rename("persona"), left_on="respondent_id",
                                                     right_index=True)
    if ch.empty:
        return pd.DataFrame(columns=["channel", "persona", "share"])
    counts = ch.groupby(["value", "persona"]).size()
    shares = (counts / counts.groupby(level=0).transform("sum")).rename("share").reset_index()
    return shares.rename(columns={"value": "channel"}).sort_values(["channel", "share"], ascending=[True, False],
                                                                   kind="stable").reset_index(drop=True)
