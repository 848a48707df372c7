"""Audience personas, what tells them apart: each persona against the others, answer by answer and number by number.

A persona is named for what separates it from the *other* personas, not from the whole audience
(which contains it): two personas of young students differ by time online, not by being students.
For every answer to a question that shaped the personas, the separation of a persona from another
group is Cohen's h between the share holding it in each (2·asin√p₁ − 2·asin√p₂); for every number
(age, time online, distance) it is the standardised difference of mean percentile ranks (robust to
a few heavy users). Both read on one scale: 0.2 is a small difference, 0.5 a medium one, 0.8 large.

:func:`separators` measures every persona against all the others together and against each one;
:func:`name_parts` picks, per persona, the fewest of them that tell every pair of personas apart.
Language-free: :mod:`.wording` turns the parts into names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from reporting.analysis.traits import MIN_DISTINCTIVE_SHARE

NUMBERS = ("age", "hours_per_day", "distance_km")
MAX_PARTS = 3  # a name longer than three traits is a description, not a name
COLUMNS = ["persona", "versus", "field", "value", "direction", "effect", "persona_value", "others_value"]


@dataclass(frozen=True)
class Part:
    """One trait in a persona's name: an answer it holds more often, or a number it is higher/lower on."""

    field: str
    value: str  # the answer; "" for a number
    direction: int  # +1: more common / higher in the persona; -1: lower (numbers only)

    @property
    def numeric(self) -> bool:
        return self.field in NUMBERS


def age_group(age: float) -> str | None:
    """Catalogue key of the age group word every name starts with (``age_20s``...); None when unknown."""
    if pd.isna(age):
        return None
    if age < 20:
        return "age_under20"
    if age >= 50:
        return "age_50plus"
    return f"age_{int(age // 10) * 10}s"


def separators(respondents: pd.DataFrame, traits: pd.DataFrame, labels: pd.Series,
               fields: Sequence[str]) -> pd.DataFrame:
    """How far each persona stands from the others on every answer and number of ``fields``.

    Parameters
    ----------
    respondents : canonical respondents (numbers are read from it).
    traits : :func:`reporting.analysis.traits.respondent_traits` of the same respondents.
    labels : respondent_id -> persona number.
    fields : the survey fields that shaped the personas (``Segmentation.fields``).

    Returns
    -------
    One row per (persona, versus, trait): ``versus`` 0 means all other personas together, ``j`` persona j.
    ``effect`` is the size of the separation (>= 0), ``direction`` +1 when the persona holds the
    answer more often (answers are kept only then, and only when at least a quarter of the persona
    holds it) or is higher on the number, -1 when lower. ``persona_value`` / ``others_value`` are the
    shares holding the answer, or the medians of the number.
    """
    ids = pd.Index(respondents["respondent_id"].astype("string"))
    persona = labels.reindex(ids).to_numpy()
    groups = sorted(int(g) for g in pd.unique(persona[~pd.isna(persona)]))
    masks = {g: persona == g for g in groups}
    rows: list[dict] = []
    for field in fields:
        if field in NUMBERS:
            values = pd.to_numeric(respondents[field], errors="coerce").astype("float64").to_numpy(na_value=np.nan)
            rows.extend(_numeric(field, values, masks))
        else:
            rows.extend(_answers(field, traits[traits["field"] == field], ids, masks))
    return pd.DataFrame(rows, columns=COLUMNS)


def _pairs(masks: dict[int, np.ndarray]) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
    """(persona, versus, its mask, the other group's mask): versus 0 = every other persona."""
    out = []
    for g, mine in masks.items():
        rest = np.logical_or.reduce([m for h, m in masks.items() if h != g]) if len(masks) > 1 else ~mine
        out.append((g, 0, mine, rest))
        out.extend((g, h, mine, other) for h, other in masks.items() if h != g)
    return out


def _numeric(field: str, values: np.ndarray, masks: dict[int, np.ndarray]) -> list[dict]:
    known = ~np.isnan(values)
    if known.sum() < 2 or np.nanstd(values) == 0:
        return []
    ranks = pd.Series(values).rank(pct=True).to_numpy()
    rows = []
    for g, h, mine, other in _pairs(masks):
        a, b = ranks[mine & known], ranks[other & known]
        if len(a) < 2 or len(b) < 2:
            continue
        pooled = np.sqrt(((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2))
        if pooled == 0:
            continue
        d = (a.mean() - b.mean()) / pooled
        rows.append({"persona": g, "versus": h, "field": field, "value": "", "direction": 1 if d > 0 else -1,
                     "effect": float(abs(d)), "persona_value": float(np.median(values[mine & known])),
                     "others_value": float(np.median(values[other & known]))})
    return rows


def _answers(field: str, long: pd.DataFrame, ids: pd.Index, masks: dict[int, np.ndarray]) -> list[dict]:
    if long.empty:
        return []
    position = pd.Series(np.arange(len(ids)), index=ids)
    answered = np.zeros(len(ids), dtype=bool)
    answered[position.reindex(long["respondent_id"]).dropna().astype(int).to_numpy()] = True
    rows = []
    for value, holders in long.groupby("value", sort=True)["respondent_id"]:
        has = np.zeros(len(ids), dtype=bool)
        has[position.reindex(holders).dropna().astype(int).to_numpy()] = True
        for g, h, mine, other in _pairs(masks):
            base_a, base_b = (mine & answered).sum(), (other & answered).sum()
            if not base_a or not base_b:
                continue
            p1, p2 = (has & mine).sum() / base_a, (has & other).sum() / base_b
            effect = 2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p2))
            if effect <= 0 or p1 < MIN_DISTINCTIVE_SHARE:
                continue  # a name says what a persona is, never what it lacks
            rows.append({"persona": g, "versus": h, "field": field, "value": str(value), "direction": 1,
                         "effect": float(effect), "persona_value": float(p1), "others_value": float(p2)})
    return rows


def name_parts(seps: pd.DataFrame, personas: Sequence[int], min_effect: float,
               age_groups: dict[int, str | None] | None = None) -> dict[int, list[Part]]:
    """The traits each persona is named for: few, and together telling every two personas apart.

    Every name starts with the persona's age group (``age_groups``), so age is never a part; two
    personas are told apart by age when their age groups differ and age separates them by at least
    ``min_effect``. Each persona starts with the trait that separates it most from all the others
    (effect at least ``min_effect``). While two personas are not told apart (by age, or by a trait in
    one name and not the other that separates that persona from the other by ``min_effect``), each
    gets the trait, not yet in either name, that separates it most from the other, up to
    :data:`MAX_PARTS` traits. Names are therefore unique and differ by what separates the personas,
    unless nothing in the survey separates two of them (:mod:`.wording` then numbers them).
    """
    groups = age_groups or {}
    strong = seps[seps["effect"] >= min_effect]
    by: dict[tuple[int, int], list[Part]] = {}
    for (p, v), g in strong.groupby(["persona", "versus"]):
        g = g.sort_values(["effect", "field", "value"], ascending=[False, True, True], kind="stable")
        by[(int(p), int(v))] = [Part(f, val, int(d)) for f, val, d in zip(g["field"], g["value"], g["direction"],
                                                                          strict=True)]

    def ranked(p: int, versus: int) -> list[Part]:
        return [x for x in by.get((p, versus), []) if x.field != "age"]

    def by_age(p: int, q: int) -> bool:
        apart = groups.get(p) is not None and groups.get(q) is not None and groups[p] != groups[q]
        return apart and any(x.field == "age" for x in by.get((p, q), []) + by.get((q, p), []))

    def told_apart(p: int, q: int) -> bool:
        if by_age(p, q):
            return True
        return any(x in by.get((a, b), []) for a, b in ((p, q), (q, p)) for x in chosen[a] if x not in chosen[b])

    chosen = {p: ranked(p, 0)[:1] for p in personas}
    for _ in range(MAX_PARTS):
        pending = [(p, q) for i, p in enumerate(personas) for q in personas[i + 1:] if not told_apart(p, q)]
        if not pending:
            break
        for p, q in pending:
            if told_apart(p, q):  # an earlier pair's addition may have settled this one
                continue
            for a, b in ((p, q), (q, p)):
                extra = next((x for x in ranked(a, b) if x not in chosen[a] and x not in chosen[b]), None)
                if extra is not None and len(chosen[a]) < MAX_PARTS:
                    chosen[a].append(extra)
    return chosen
