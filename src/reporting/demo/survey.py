"""Survey respondents drawn from planted personas.

Each respondent belongs to one persona and mostly answers like it (age,
income, interests, channels, hours, purchase), with about one answer in six
borrowed from another persona, so clustering recovers the personas without
the data looking machine-made.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reporting.demo import phrases
from reporting.demo.context import Context
from reporting.demo.profiles import Persona

NOISE = 0.3  # chance an answer comes from another persona's repertoire


def respondents(ctx: Context) -> pd.DataFrame:
    """One row per respondent with canonical field names and a ``persona`` label column.

    Values are in the client's language (gender, dayparts, yes/no); list
    fields are ';'-joined.
    """
    rng = ctx.rng("survey")
    personas = ctx.profile.personas
    weights = np.array([p.weight for p in personas])
    n = ctx.profile.survey_size
    labels = rng.choice(len(personas), size=n, p=weights / weights.sum())
    lang = ctx.lang
    rows = []
    for i, k in enumerate(labels):
        p = personas[k]
        others = [q for j, q in enumerate(personas) if j != k]
        gender = "female" if rng.random() < p.female else "male"
        if rng.random() < 0.02:
            gender = "other"
        row = {
            "respondent_id": f"R{i + 1:04d}",
            "persona": p.label,
            "age": int(np.clip(round(rng.normal(*p.age)), 16, 85)),
            "gender": phrases.GENDER[lang][gender],
            "location": _one(rng, p.locations, [q.locations for q in others]),
            "distance_km": round(float(np.clip(rng.normal(*p.distance_km), 0.2, 60)), 1),
            "income_band": _one(rng, p.income, [q.income for q in others]) if p.income else "",
            "interests": _some(rng, p.interests, [q.interests for q in others], 2, 3),
            "values": _some(rng, p.values, [q.values for q in others], 1, 2),
            "challenges": _some(rng, p.challenges, [q.challenges for q in others], 1, 2),
            "channels": ";".join(phrases.CHANNEL_NAMES[c] for c in _channels(rng, p, others)),
            "hours_per_day": round(float(np.clip(rng.normal(*p.hours_per_day), 0.2, 10)), 1),
            "active_hours": ";".join(phrases.DAYPARTS[lang][d] for d in _dayparts(rng, p)),
            "content_preferences": _some(rng, p.content, [q.content for q in others], 1, 2),
            "purchased": phrases.YES_NO[lang][0 if rng.random() < p.purchase else 1],
        }
        rows.append(row)
    return pd.DataFrame(rows)


def _one(rng: np.random.Generator, own: tuple[str, ...], other: list[tuple[str, ...]]) -> str:
    pool = own
    if rng.random() < NOISE:
        borrowed = [x for o in other for x in o]
        pool = tuple(borrowed) or own
    return pool[rng.integers(len(pool))]


def _some(rng: np.random.Generator, own: tuple[str, ...], other: list[tuple[str, ...]], lo: int, hi: int) -> str:
    """``lo``..``hi`` answers, each one borrowed from another persona with probability NOISE."""
    k = int(rng.integers(lo, hi + 1))
    borrowed = sorted({x for o in other for x in o} - set(own))
    picked: list[str] = []
    for _ in range(k):
        pool = borrowed if borrowed and rng.random() < NOISE else list(own)
        choices = [x for x in pool if x not in picked]
        if choices:
            picked.append(choices[rng.integers(len(choices))])
    return ";".join(picked)


def _channels(rng: np.random.Generator, p: Persona, others: list[Persona]) -> list[str]:
    everything = sorted({c for q in (p, *others) for c in q.channels} | {"youtube"})
    chosen = [c for c in everything if rng.random() < (1 - NOISE / 2 if c in p.channels else NOISE)]
    return chosen or [p.channels[0]]


def _dayparts(rng: np.random.Generator, p: Persona) -> list[str]:
    chosen = [d for d in ("morning", "midday", "evening", "night")
              if rng.random() < (1 - NOISE / 2 if d in p.dayparts else NOISE)]
    return chosen or [p.dayparts[0]]
