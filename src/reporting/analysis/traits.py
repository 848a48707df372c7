"""Survey answers as traits, and how much more common a trait is in a group than in the whole audience.

A respondent's multi-valued answers (``;``-separated interests, values,
channels...) become one row per answer. A trait **over-indexes** in a group
when its share there is well above its share in the audience
(index = share in group / share overall).
"""

from __future__ import annotations

import math

import pandas as pd

MULTI_FIELDS = ("interests", "values", "challenges", "channels", "active_hours", "content_preferences")
TRAIT_FIELDS = (*MULTI_FIELDS, "income_band", "gender")
CODED_FIELDS = ("channels", "active_hours", "gender")  # canonical lower-case codes, not free text
PSYCHOGRAPHIC_FIELDS = ("interests", "values", "challenges")
OVER_INDEX = 1.2  # index at or above which a trait counts as distinctive
MIN_DISTINCTIVE_SHARE = 0.25  # ... provided at least this share of the group holds it


def respondent_traits(respondents: pd.DataFrame) -> pd.DataFrame:
    """Long table of answers: ``respondent_id, field, value``, one row per respondent and distinct answer.

    Multi-valued fields are split on ``;``; values are trimmed and merged
    case-insensitively (``Design`` and ``design`` are one answer, shown in its most
    frequent spelling; channels, dayparts and gender are lower-case codes), so a
    difference in capitalisation never splits a trait.
    """
    frames = []
    for name in TRAIT_FIELDS:
        col = respondents[name].astype("string")
        values = col.str.split(";") if name in MULTI_FIELDS else col.map(lambda v: [v], na_action="ignore")
        long = pd.DataFrame({"respondent_id": respondents["respondent_id"].astype("string"), "value": values})
        long = long.explode("value").dropna(subset=["value"])
        long["value"] = long["value"].astype("string").str.strip()
        long = long[long["value"] != ""]
        long.insert(1, "field", name)
        frames.append(long)
    out = pd.concat(frames, ignore_index=True)
    out["key"] = out["value"].str.casefold()
    coded = out["field"].isin(CODED_FIELDS)
    out.loc[coded, "value"] = out.loc[coded, "key"]
    spelling = (out.groupby(["field", "key", "value"]).size().rename("n").reset_index()
                .sort_values(["n", "value"], ascending=[False, True], kind="stable")
                .drop_duplicates(["field", "key"]).rename(columns={"value": "shown"})[["field", "key", "shown"]])
    out = out.merge(spelling, on=["field", "key"], how="left")
    out = out.assign(value=out["shown"].astype("string"))[["respondent_id", "field", "value"]]
    return out.drop_duplicates(["respondent_id", "field", "value"]).reset_index(drop=True)


def trait_index(traits: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Share of each trait in each group versus the whole audience, and the index between them.

    Parameters
    ----------
    traits : frame from :func:`respondent_traits`.
    groups : respondent_id -> group (persona id, or buyer / non-buyer), one entry per respondent.

    Returns
    -------
    DataFrame with ``group, field, value, count, share, overall, index``. Shares are taken
    among respondents who answered that field (a skipped question is not a "no").
    Index = share / overall: 2.0 means twice as common in the group as in the audience.
    """
    g = groups.rename("group")
    t = traits.merge(g, left_on="respondent_id", right_index=True, how="inner")
    answered = t.drop_duplicates(["respondent_id", "field"])
    base_all = answered.groupby("field").size()
    base_grp = answered.groupby(["group", "field"]).size()
    count_all = t.groupby(["field", "value"]).size()
    count_grp = t.groupby(["group", "field", "value"]).size().rename("count").reset_index()
    count_grp["share"] = count_grp["count"] / base_grp.reindex(
        pd.MultiIndex.from_frame(count_grp[["group", "field"]])).to_numpy()
    count_grp["overall"] = (count_all.reindex(pd.MultiIndex.from_frame(count_grp[["field", "value"]])).to_numpy()
                            / base_all.reindex(count_grp["field"]).to_numpy())
    count_grp["index"] = count_grp["share"] / count_grp["overall"]
    count_grp["lift"] = count_grp["share"] - count_grp["overall"]
    return count_grp.sort_values(["group", "field", "share", "value"], ascending=[True, True, False, True],
                                 kind="stable").reset_index(drop=True)


def distinctive(index: pd.DataFrame, fields: tuple[str, ...] = PSYCHOGRAPHIC_FIELDS) -> pd.DataFrame:
    """Traits that over-index (index >= 1.2 held by >= 25 % of the group), most distinctive first.

    Ranked by lift (share minus overall share, in points) so a trait half the persona
    holds beats a rare one with a high index.
    """
    keep = index[index["field"].isin(fields) & (index["index"] >= OVER_INDEX)
                 & (index["share"] >= MIN_DISTINCTIVE_SHARE)]
    return keep.sort_values(["group", "lift", "value"], ascending=[True, False, True], kind="stable")


def within_radius(respondents: pd.DataFrame, radius_km: float) -> tuple[float, int]:
    """Share of respondents living within ``radius_km`` of the business, and how many gave a distance."""
    known = pd.to_numeric(respondents["distance_km"], errors="coerce").dropna()
    if known.empty:
        return math.nan, 0
    return float((known <= radius_km).mean()), int(len(known))
