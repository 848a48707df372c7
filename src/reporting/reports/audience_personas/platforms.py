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


def platform_age(demographics: pd.DataFrame) -> pd.DataFrame:
    """Age x gender shares per channel from the platforms' exports, normalised to 1 per channel."""
    ag = demographics[demographics["dimension"] == "age_gender"]
    if ag.empty:
        return pd.DataFrame(columns=["channel", "age_band", "female", "male", "other", "total"])
    gender = ag["gender"].fillna("unknown").astype("string")
    gender = gender.where(gender.isin(["female", "male"]), "other")
    wide = (ag.assign(gender=gender).pivot_table(index=["channel", "age_band"], columns="gender", values="share",
                                                 aggfunc="sum", fill_value=0.0)
            .reindex(columns=["female", "male", "other"], fill_value=0.0).reset_index())
    totals = wide.groupby("channel")[["female", "male", "other"]].transform("sum").sum(axis=1)
    for col in ("female", "male", "other"):
        wide[col] = (wide[col] / totals).astype("float64")
    wide["total"] = wide[["female", "male", "other"]].sum(axis=1)
    wide["age_band"] = pd.Categorical(wide["age_band"], categories=AGE_BANDS, ordered=True)
    return wide.sort_values(["channel", "age_band"]).reset_index(drop=True)


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
    """Platform versus survey age profile per channel: ``channel, age_band, female, male, other, platform, survey``.

    ``platform`` is the platform's share of the channel's audience in the band (all genders);
    ``survey`` the share of respondents who use the channel in the band.

    Only channels with platform demographics are kept; bands missing on one side count as 0.
    """
    plat = platform_age(demographics)
    if plat.empty:
        return pd.DataFrame(columns=["channel", "age_band", "female", "male", "other", "platform", "survey"])
    plat = plat.rename(columns={"total": "platform"})
    plat["age_band"] = plat["age_band"].astype("string")
    grid = pd.MultiIndex.from_product([plat["channel"].unique(), AGE_BANDS], names=["channel", "age_band"])
    cols = ["female", "male", "other", "platform"]
    out = (plat.set_index(["channel", "age_band"])[cols].reindex(grid).fillna(0.0)
           .join(survey_age(respondents, traits).set_index(["channel", "age_band"])["survey"]))
    has_survey = out.groupby(level=0)["survey"].transform(lambda s: s.notna().any())
    out["survey"] = out["survey"].where(~has_survey, out["survey"].fillna(0.0))
    return out.reset_index()


def age_gap(comparison: pd.DataFrame) -> pd.DataFrame:
    """Per channel: the platform's largest age band, and how far the survey's profile is from the platform's.

    ``gap`` is the total variation distance (half the sum of absolute differences): the share of
    people who would have to change band for the two profiles to match.
    """
    rows = []
    for channel, g in comparison.groupby("channel", sort=False):
        top = g.loc[g["platform"].idxmax()]
        survey = g["survey"]
        rows.append({"channel": channel, "top_band": top["age_band"], "top_share": float(top["platform"]),
                     "survey_top_band": g.loc[survey.idxmax(), "age_band"] if survey.notna().any() else None,
                     "gap": float((g["platform"] - survey).abs().sum() / 2) if survey.notna().any() else math.nan})
    return pd.DataFrame(rows, columns=["channel", "top_band", "top_share", "survey_top_band", "gap"])


def top_locations(demographics: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """The ``n`` largest cities and countries per channel: ``channel, dimension, location, share``."""
    loc = demographics[demographics["dimension"].isin(["city", "country"])]
    loc = loc.sort_values(["channel", "dimension", "share", "location"], ascending=[True, True, False, True],
                          kind="stable")
    return loc.groupby(["channel", "dimension"]).head(n)[["channel", "dimension", "location", "share"]] \
        .reset_index(drop=True)


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
