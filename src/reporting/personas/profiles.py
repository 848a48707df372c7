"""What each persona looks like in numbers, and a readable name for it in the client's language."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from reporting.i18n import Translator
from reporting.analysis.fit import purchase_rate
from reporting.analysis.traits import MIN_DISTINCTIVE_SHARE, OVER_INDEX, within_radius

NAME_FIELDS = ("interests", "content_preferences", "values", "challenges")  # first over-indexing one names a persona


@dataclass(frozen=True)
class Profile:
    """What one persona (or the whole audience, ``id`` 0) looks like, in numbers."""

    id: int
    size: int
    share: float
    age_median: float
    age_q1: float
    age_q3: float
    women: float  # share of those who gave a gender
    locations: list[tuple[str, float]]  # top places and their share
    distance_median: float
    within_radius: float
    hours_median: float
    purchase_rate: float
    traits: pd.DataFrame  # this group's rows of trait_index (every field)
    name: str = ""

    def top(self, name: str, n: int = 3, distinctive_only: bool = False) -> pd.DataFrame:
        """The group's most telling answers in one field: over-indexing ones first, then common ones.

        Answers rarer in the group than in the audience (index < 1) are never listed: a card
        says what characterises a persona, not what it lacks.
        """
        rows = self.traits[self.traits["field"] == name]
        over = rows[(rows["index"] >= OVER_INDEX) & (rows["share"] >= MIN_DISTINCTIVE_SHARE)]
        over = over.sort_values(["lift", "value"], ascending=[False, True], kind="stable")
        if distinctive_only or len(over) >= n:
            return over.head(n)
        rest = rows[~rows.index.isin(over.index) & (rows["index"] >= 1 - 1e-9)]
        rest = rest.sort_values(["share", "value"], ascending=[False, True], kind="stable")
        return pd.concat([over, rest]).head(n)


    def most_used(self, name: str, n: int = 3) -> pd.DataFrame:
        """The group's most common answers in one field (channels, dayparts): where and when they are."""
        rows = self.traits[self.traits["field"] == name]
        return rows.sort_values(["share", "index", "value"], ascending=[False, False, True], kind="stable").head(n)


def profile(group: int, respondents: pd.DataFrame, index: pd.DataFrame, total: int,
            radius_km: float | None) -> Profile:
    """Summarise one group of respondents (``index`` holds its trait_index rows)."""
    age = pd.to_numeric(respondents["age"], errors="coerce").dropna()
    hours = pd.to_numeric(respondents["hours_per_day"], errors="coerce").dropna()
    dist = pd.to_numeric(respondents["distance_km"], errors="coerce").dropna()
    places = respondents["location"].dropna().astype("string").str.strip()
    places = places[places != ""].value_counts(normalize=True, sort=False)
    places = places.sort_values(ascending=False, kind="stable").head(3)
    gender = index[index["field"] == "gender"].set_index("value")["share"]
    return Profile(
        id=group, size=len(respondents), share=len(respondents) / total if total else math.nan,
        age_median=_q(age, 0.5), age_q1=_q(age, 0.25), age_q3=_q(age, 0.75),
        women=float(gender.get("female", 0.0)) if len(gender) else math.nan,
        locations=[(str(k), float(v)) for k, v in places.items()],
        distance_median=_q(dist, 0.5),
        within_radius=within_radius(respondents, radius_km)[0] if radius_km else math.nan,
        hours_median=_q(hours, 0.5), purchase_rate=purchase_rate(respondents), traits=index)


def _q(values: pd.Series, q: float) -> float:
    return float(values.quantile(q)) if len(values) else math.nan


def age_group(age: float) -> str | None:
    """Catalogue key of an age group word (``age_20s``...) for a median age; None when unknown."""
    if pd.isna(age):
        return None
    if age < 20:
        return "age_under20"
    if age >= 50:
        return "age_50plus"
    return f"age_{int(age // 10) * 10}s"


def persona_name(p: Profile, t: Translator, taken: set[str]) -> str:
    """A readable name from the persona's age group and its most distinctive trait, unique in the report.

    Traits are tried in the order interests, content, values, challenges, most distinctive
    first; the first that gives a name no earlier persona has wins. Without any distinctive
    trait the persona is named for its main channel.
    """
    group = age_group(p.age_median)
    candidates = [str(v) for f in NAME_FIELDS for v in p.top(f, n=5, distinctive_only=True)["value"]]
    channels = p.top("channels", n=3)["value"].tolist()
    options = [_named(t, "name", group, trait=c) for c in candidates]
    options += [_named(t, "name_channel", group, channel=channel_label(c, t)) for c in channels]
    for name in options:
        if name not in taken:
            return name
    base = options[0] if options else t("personas.name_fallback")
    return t("personas.name_numbered", name=base, n=p.id)


def _named(t: Translator, key: str, group: str | None, **values: str) -> str:
    text = t(f"personas.{key}_age", age=t(f"personas.{group}"), **values) if group else t(f"personas.{key}", **values)
    return text[:1].upper() + text[1:]


def channel_label(channel: str, t: Translator) -> str:
    """Display name of a channel in the report language (unknown channels keep their own name)."""
    key = f"personas.ch_{channel}"
    return t(key) if t.has(key) else str(channel).title()


def value_label(field: str, value: str, t: Translator) -> str:
    """An answer as the report shows it: coded answers (channels, dayparts, gender) translated, the rest as given."""
    if field == "channels":
        return channel_label(value, t)
    key = {"active_hours": f"personas.daypart_{value}", "gender": f"personas.legend_{value}"}.get(field, "")
    return t(key) if key and t.has(key) else str(value)
