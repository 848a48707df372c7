"""Survey and CRM exports -> respondents: arbitrary question columns mapped to persona features.

The client's ``survey_columns`` maps a feature (``age``, ``channels``, ``purchased``...) to the
export's column (``나이``, ``Κανάλια``...). Without a mapping, common English headers are
recognised (``Age``, ``Gender``, ``1. What is your age?``, ``What social media platforms do
you commonly use?``). A mapping naming a column the file lacks is an error naming both.
Multi-valued answers may be separated by ``;`` or ``,``; they are stored ``;``-separated.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from reporting import tables
from reporting.ingest.channels import channel_of_network
from reporting.ingest.errors import ExportError
from reporting.ingest.fields import Fields, norm, parse_numbers
from reporting.ingest.formats.common import extract
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

FEATURES = [c.name for c in tables.RESPONDENTS if c.name != "source_file"]
MULTI = ("interests", "values", "challenges", "channels", "active_hours", "content_preferences")

AUTO_NAMES: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent_id", "respondent id", "response id", "responseid", "customer id", "contact id",
                      "record id", "id"),
    "age": ("age", "what is your age?", "your age", "age (years)"),
    "gender": ("gender", "sex", "what is your gender?"),
    "location": ("location", "city", "area", "neighbourhood", "neighborhood", "where do you live?"),
    "distance_km": ("distance_km", "distance (km)", "distance km", "distance"),
    "income_band": ("income_band", "income band", "income", "household income"),
    "interests": ("interests", "hobbies"),
    "values": ("values",),
    "challenges": ("challenges", "pain points"),
    "channels": ("channels", "social media platforms", "platforms", "social networks",
                 "what social media platforms do you commonly use?"),
    "hours_per_day": ("hours_per_day", "hours per day", "time on social media",
                      "what is the average time you spend on social media every day?"),
    "active_hours": ("active_hours", "active hours"),
    "content_preferences": ("content_preferences", "content preferences", "preferred content"),
    "purchased": ("purchased", "has purchased", "customer", "bought"),
}
_NUMBERING = re.compile(r"^\s*\d+[.)]\s*")

GENDERS = {
    "female": ("female", "f", "woman", "women", "여성", "여자", "γυναίκα", "γυναικα", "θηλυκό", "θηλυκο"),
    "male": ("male", "m", "man", "men", "남성", "남자", "άνδρας", "ανδρας", "άντρας", "αντρας", "αρσενικό", "αρσενικο"),
    "unknown": ("unknown", "prefer not to say", "n/a", "응답하지 않음", "무응답", "δεν απαντώ"),
}
_GENDER = {v: k for k, vs in GENDERS.items() for v in vs}
DAYPARTS = {
    "morning": ("morning", "아침", "오전", "πρωί", "πρωι"),
    "midday": ("midday", "noon", "lunch", "afternoon", "점심", "낮", "오후", "μεσημέρι", "μεσημερι", "απόγευμα"),
    "evening": ("evening", "저녁", "βράδυ", "βραδυ"),
    "night": ("night", "late night", "밤", "새벽", "νύχτα", "νυχτα"),
}
_DAYPART = {v: k for k, vs in DAYPARTS.items() for v in vs}


def _auto_column(header: list[str]) -> dict[str, str]:
    """Feature -> column for headers that name a feature in plain English."""
    found: dict[str, str] = {}
    for raw in header:
        key = norm(_NUMBERING.sub("", raw))
        for feature, names in AUTO_NAMES.items():
            if feature not in found and key in names:
                found[feature] = raw
    return found


@register
class Survey(Importer):
    """Survey / CRM export with question columns (mapped by ``survey_columns`` or recognised)."""

    name = "survey"
    label = "Survey / CRM export (respondents)"
    tables = ("respondents",)
    detects = ("at least half (and two or more) of the `survey_columns` columns; or three or more recognised "
               "English feature headers including age or gender")
    zone = "no times are read"
    doc = ("Columns come from the client's `survey_columns` (feature -> column); without it, English "
           "headers such as `Age`, `Gender`, `Location`, `Interests`, `Channels`, `Purchased` are recognised.")

    def detect(self, probe: Probe) -> bool:
        mapping = _mapping(probe.ctx)
        if mapping:
            present = sum(1 for col in mapping.values() if norm(col) in probe.names)
            if present >= max(2, math.ceil(len(mapping) / 2)):
                return True
        auto = _auto_column(probe.header)
        return len(set(auto) - {"respondent_id"}) >= 3 and ("age" in auto or "gender" in auto)

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        mapping = _mapping(ctx)
        present = sum(1 for col in mapping.values() if f.has(col))
        if mapping and present >= max(2, math.ceil(len(mapping) / 2)):
            for feature, col in mapping.items():
                if not f.has(col):
                    raise ExportError(table.file, f"survey_columns maps {feature!r} to column {col!r}, which this "
                                                  f"file does not have (columns: {', '.join(table.raw_header)})",
                                      row=table.header_row, column=col)
            sources = dict(mapping)
            auto_id = _auto_column(table.raw_header).get("respondent_id")
            if auto_id and "respondent_id" not in sources:
                sources["respondent_id"] = auto_id
        else:
            sources = _auto_column(table.raw_header)
        return [extract(f, "respondents", respondents(f, sources))]


def _mapping(ctx: Context) -> dict[str, str]:
    if ctx.params is None:
        return {}
    unknown = [k for k in ctx.params.survey_columns if k not in FEATURES]
    if unknown:
        raise ExportError("params", f"survey_columns: unknown feature {unknown[0]!r} (known: {', '.join(FEATURES)})")
    return dict(ctx.params.survey_columns)


def respondents(f: Fields, sources: dict[str, str]) -> dict[str, object]:
    """Canonical respondent columns from ``sources`` (feature -> the export's column)."""
    cols: dict[str, object] = {}
    if "respondent_id" in sources:
        cols["respondent_id"] = f.ident("respondent_id", sources["respondent_id"])
    else:
        name = f.table.sheet.file.rsplit("/", 1)[-1]
        cols["respondent_id"] = pd.Series([f"{name}#{r}" for r in f.table.rows], index=f.data.index, dtype="string")
    for feature, col in sources.items():
        if feature == "respondent_id":
            continue
        if feature == "age":
            cols[feature] = _ranged_number(f, feature, col, "not an age")
        elif feature == "hours_per_day":
            cols[feature] = _ranged_number(f, feature, col, "not a number of hours")
        elif feature == "distance_km":
            cols[feature] = f.number(feature, col)
        elif feature == "purchased":
            cols[feature] = f.flag(feature, col)
        elif feature == "gender":
            values = f.text(feature, col).str.lower()  # lower(), not casefold(): casefold turns Greek ς into σ
            cols[feature] = values.map(lambda v: _GENDER.get(v, "other"), na_action="ignore").astype("string")
        elif feature in MULTI:
            cols[feature] = multi_values(f.text(feature, col), feature)
        else:
            cols[feature] = f.text(feature, col)
    return cols


def multi_values(values: pd.Series, feature: str) -> pd.Series:
    """``'Facebook, Instagram'`` -> ``'facebook;instagram'``; items normalised for channels and dayparts."""
    def one(answer: str) -> object:
        items = [i.strip() for i in re.split(r"[;,]", answer) if i.strip()]
        if feature == "channels":
            items = [channel_of_network(i) or i.lower() for i in items]
        elif feature == "active_hours":
            items = [_DAYPART.get(i.lower(), i.lower()) for i in items]
        else:
            items = [i.lower() if feature == "content_preferences" else i for i in items]
        return ";".join(dict.fromkeys(items)) or pd.NA

    return values.map(one, na_action="ignore").astype("string")


_RANGE = re.compile(r"(\d+(?:[.,]\d+)?)")


def _ranged_number(f: Fields, feature: str, col: str, what: str) -> pd.Series:
    """Numbers, ranges (``25-34`` -> 29.5) and bucket text (``Between 2 and 3 hours`` -> 2.5, ``65+`` -> 65)."""
    raw = f.text(feature, col)
    direct, bad = parse_numbers(raw)
    out = direct.copy()
    todo = bad
    if todo.any():
        def bucket(text: str) -> float:
            nums = [float(n.replace(",", ".")) for n in _RANGE.findall(text)]
            low = text.casefold()
            if not nums:
                return 0.5 if ("less than an hour" in low or "less than 1" in low) else np.nan
            if len(nums) >= 2:
                return (nums[0] + nums[1]) / 2
            if any(w in low for w in ("less than", "under", "미만", "λιγότερο")):
                return nums[0] / 2
            return nums[0]

        out[todo] = raw[todo].map(bucket).astype("Float64")
    f.reject(out.isna().to_numpy(dtype=bool) & raw.notna().to_numpy(dtype=bool), col, f"{what}: ", raw)
    return out
