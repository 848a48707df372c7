"""Meta Business Suite insight downloads: per-metric daily series, ``Audience.csv`` blocks, content formats.

Per-metric series (FORMATS 2.5): ``sep=`` hint, a metric title, ``Date,Primary``. The title
says which metric (and sometimes the platform); the file name does not (``Interactions.csv``
and ``Interactions (1).csv``). Dates are written ``2025-01-01T01:00:00``: the start of Meta's
reporting day (Pacific time) shown at a fixed offset, so the date part is the platform day.

``Audience.csv`` (FORMATS 2.6) stacks blocks (``Age & gender``, ``Top countries``, ``Top
cities``, sometimes an embedded ``Follows`` series) separated by blank rows; each block is
read on its own. Values are percents. A block whose decimals a spreadsheet turned into
dates (``3.4`` -> ``3.апр``) is refused whole: its remaining shares would be incomplete.
"""

from __future__ import annotations

import re

import pandas as pd

from reporting.ingest.errors import Rejection
from reporting.ingest.fields import Fields, norm, parse_numbers, parse_shares
from reporting.ingest.formats.common import extract, skip
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

# Title words -> account_daily column; checked in order.
SERIES_METRICS: list[tuple[str, str | None]] = [
    ("unfollow", None), ("follow", "net_new"), ("viewers", "reach"), ("reach", "reach"),
    ("impressions", "impressions"), ("views", "impressions"), ("visit", "profile_visits"),
    ("interactions", None), ("link clicks", None), ("engagement", None),
]
_MANGLED = re.compile(r"^\d{1,2}\.[^\d\s.,%]{2,}\.?$")
GENDER_COLUMNS = {"women": "female", "female": "female", "men": "male", "male": "male",
                  "other": "other", "unknown": "unknown", "undisclosed": "unknown"}
FORMAT_NAMES = {"reels", "multi-photo", "links", "photos", "others", "text", "stories", "videos", "live", "posts", ""}


def meta_channel(title: str, ctx: Context) -> tuple[str, str | None]:
    """Facebook or Instagram: from the title, else from the file or folder name, else Facebook (with a note)."""
    t = title.casefold()
    if "instagram" in t:
        return "instagram", None
    if "facebook" in t:
        return "facebook", None
    if ctx.path is not None:
        parts = [ctx.path.name, *[p.name for p in list(ctx.path.parents)[:2]]]
        tokens = {tok for part in parts for tok in re.split(r"[^a-z]+", part.casefold()) if tok}
        if tokens & {"instagram", "ig", "insta"}:
            return "instagram", "platform taken from the file/folder name (the title does not name it)"
        if tokens & {"facebook", "fb"}:
            return "facebook", "platform taken from the file/folder name (the title does not name it)"
    return "facebook", ("the title does not name the platform: assumed Facebook (keep Instagram downloads in a "
                        "folder named 'instagram' or name them IG_...)")


@register
class DailySeries(Importer):
    name = "meta_daily_series"
    label = "Meta Business Suite per-metric daily series"
    tables = ("account_daily",)
    detects = "header exactly `Date, Primary` under a metric title line"
    zone = "Date part of `2025-01-01T01:00:00` = Meta's (Pacific-time) reporting day, kept as the day"
    doc = ("UTF-16LE with BOM, `sep=,` (or TAB dialect with `sep=\\t`), a metric title line, then `Date,Primary`. "
           "Titles: follows -> net_new (gross follows: Meta's series has no unfollows), reach/viewers -> reach, "
           "views/impressions -> impressions, visits/profile visits -> profile_visits; interactions and link "
           "clicks have no account_daily column and are skipped with a note. Platform from the title "
           "('Instagram profile visits'), else the file/folder name, else Facebook.")

    def detect(self, probe: Probe) -> bool:
        return bool(probe.titles) and probe.names == frozenset({"date", "primary"})

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        title = table.titles[-1]
        metric = next((col for word, col in SERIES_METRICS if word in title.casefold()), None)
        if metric is None:
            return skip(table, f"daily series {title!r} has no account_daily column (account_daily holds followers, "
                               "net_new, impressions, reach and profile visits)")
        channel, note = meta_channel(title, ctx)
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
            "channel": channel,
            metric: f.count(metric, "Primary"),
        }
        return [extract(f, "account_daily", cols, [note] if note else [])]


AUDIENCE_TITLES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(.* )?(age (&|and) gender|gender (&|and) age)$"), "age_gender"),
    (re.compile(r"^((facebook|instagram) followers by )?(top )?countr(y|ies)$"), "country"),
    (re.compile(r"^((facebook|instagram) followers by )?(top )?(cit(y|ies)|towns?/cit(y|ies)|towns?)$"), "city"),
    (re.compile(r"^((facebook|instagram) )?(page )?followers$"), "total"),
    (re.compile(r"^top pages$"), "pages"),
]


_METRIC_CODES = re.compile(r"^[A-Z0-9_]+( [A-Z0-9_]+)*$")
_CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def block_title(titles: list[str]) -> str:
    """The block's title: the last title row that is not a raw metric-code row (``FB_PAGE FOLLOW UNIQUE_USERS``)."""
    named = [t for t in titles if not _METRIC_CODES.match(t.strip())]
    return named[-1] if named else ""


def _audience_kind(title: str) -> str | None:
    """The block a Meta audience title announces (``Age & gender``, ``Top countries``, ``Facebook followers``...)."""
    t = " ".join(title.casefold().split())
    return next((kind for pattern, kind in AUDIENCE_TITLES if pattern.match(t)), None)


@register
class AudienceBlock(Importer):
    name = "meta_audience"
    label = "Meta Business Suite Audience.csv block"
    tables = ("demographics",)
    detects = ("a title `Age & gender` (header `, Women, Men`), `Top countries`, `Top cities`, `Top towns/cities`, "
               "`Facebook followers` / `Instagram followers` (also `... followers by gender and age`, `... by top "
               "cities`) or `Top pages` above the block; raw metric-code rows (`FB_PAGE FOLLOW UNIQUE_USERS`) ignored")
    zone = "no times"
    doc = ("Blocks `Age & gender` (`,Women,Men` then one row per age band); `Top countries` and `Top cities` either "
           "as a row of names over a row of percents (2025) or one row per place whose 2-4 cells before the percent "
           "are city, region and country (2023/24 TAB dialect), kept whole (`Lviv, Lviv Oblast, Ukraine`), a header "
           "row such as `Country, Value` skipped; `Facebook followers` / `Instagram followers` holding one number, "
           "the follower total -> dimension `total` (count = followers, share 1). Percents with or without `%` -> "
           "share 0-1, basis `followers`. `Top pages` has no canonical table. A block with spreadsheet-mangled "
           "numbers is refused whole.")

    def detect(self, probe: Probe) -> bool:
        kind = _audience_kind(block_title(probe.titles))
        if kind == "age_gender":
            return any(norm(c) in GENDER_COLUMNS for c in probe.header[1:])
        return kind is not None and probe.names != frozenset({"date", "primary"})

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        title = block_title(table.titles)
        kind = _audience_kind(title)
        if kind == "pages":
            return skip(table, f"block {title!r} (page affinity) has no canonical table")
        channel, note = meta_channel(" ".join(table.titles), ctx)
        notes = [note] if note else []
        if kind == "total":
            return [_follower_total(table, title, channel, notes)]
        if kind == "age_gender":
            long, rejections, records = _age_gender_rows(table), [], len(table.data)
        else:
            long, rejections, records = _ranking_rows(table, title)
        long["channel"] = channel
        long["dimension"] = kind
        long["basis"] = "followers"
        long["source_file"] = table.sheet.file
        values = long.pop("value").astype("string")
        mangled = values.str.match(_MANGLED).fillna(False).to_numpy(dtype=bool)
        shares, bad = parse_shares(values, percent=True)
        long["share"] = shares
        if mangled.any():
            for row, value, is_mangled in zip(long["row"], values, mangled, strict=True):
                why = (f"{value!r} is a number a spreadsheet turned into a date (decimal separator re-save): "
                       "the value is lost" if is_mangled else
                       f"refused with its block {title!r}: {int(mangled.sum())} value(s) in the block were turned "
                       "into dates, so the shares would be incomplete; re-download the export")
                rejections.append(Rejection(table.file, int(row), title, why))
            long = long.iloc[0:0]
        elif bad.any():
            for row, value in zip(long["row"][bad], values[bad], strict=True):
                rejections.append(Rejection(table.file, int(row), title, f"not a percentage: {value!r}"))
            long = long[~bad]
        long = long.drop(columns=["row"]).reset_index(drop=True)
        mapping = {title: f"demographics ({kind}), share"}
        return [Extract("demographics", long, records, mapping, rejections, notes)]


def _age_gender_rows(table: Table) -> pd.DataFrame:
    data = table.data
    band_col = data.columns[0]
    rows = []
    for gender_col, raw in zip(data.columns[1:], table.raw_header[1:], strict=False):
        gender = GENDER_COLUMNS.get(norm(raw))
        if gender is None:
            continue
        for band, value, row in zip(data[band_col], data[gender_col], table.rows, strict=True):
            if pd.isna(band):
                continue
            rows.append({"age_band": _age_band(str(band)), "gender": gender, "value": value, "row": row})
    return pd.DataFrame(rows, columns=["age_band", "gender", "value", "row"])


def _age_band(label: str) -> str:
    """``'18 - 24'``, ``'18–24 years'`` -> ``'18-24'``; ``'65+'`` stays."""
    label = label.replace("–", "-").replace("—", "-").casefold().replace("years", "").replace("age", "")
    return re.sub(r"\s+", "", label)


def _block_rows(table: Table) -> list[tuple[int, list[str]]]:
    """The block's rows from its detected header down: (row number, cells without trailing empty ones).

    Read from the sheet, not the table: a city row has more cells than any header above it.
    Blank rows and raw metric-code rows (``FB_PAGE FOLLOW UNIQUE_USERS``) are left out.
    """
    sheet = table.sheet
    start = sheet.numbers.index(table.header_row)
    out = []
    for num, rec in zip(sheet.numbers[start:], sheet.records[start:], strict=True):
        cells = [c.strip() for c in rec]
        while cells and not cells[-1]:
            cells.pop()
        named = [c for c in cells if c]
        if not named or (len(named) > 1 and all(_CODE.match(c) for c in named)):
            continue
        out.append((num, cells))
    return out


def _is_value(cell: str) -> bool:
    """A percent or number (``15.3%``, ``15.3``), or a number a spreadsheet turned into a date (``3.апр``)."""
    if _MANGLED.match(cell):
        return True
    _, bad = parse_shares(pd.Series([cell], dtype="string"), percent=True)
    return not bad[0]


def _ranking_rows(table: Table, title: str) -> tuple[pd.DataFrame, list[Rejection], int]:
    """Places and their percents -> rows (``location``, ``value``, ``row``), rejections, records read.

    Two layouts: one row per place, its name over 1-4 cells (city, region, country) then the
    percent; or a row of names (which may hold ``City, Country``) above a row of percents.
    """
    rows = _block_rows(table)
    columns = ["location", "value", "row"]
    places = []
    for num, cells in rows:
        names = [c for c in cells[:-1] if c]
        if names and cells[0] and _is_value(cells[-1]) and not any(_is_value(c) for c in names):
            places.append({"location": ", ".join(names), "value": cells[-1], "row": num})
    if not places and len(rows) >= 2 and not any(_is_value(c) for c in rows[0][1] if c) \
            and all(_is_value(c) for c in rows[1][1] if c):
        num, values = rows[1]
        wide = [{"location": name, "value": value, "row": num}
                for name, value in zip(rows[0][1], values, strict=False) if name]
        return pd.DataFrame(wide, columns=columns), [], 1
    found = {p["row"] for p in places}
    first = min(found, default=None)
    rejections = []
    for num, cells in rows:
        header = first is not None and num < first and not any(_is_value(c) for c in cells if c)
        if num not in found and not header:  # the header row above the places (`Country, Value`) is no data
            rejections.append(Rejection(table.file, num, title, "not a place and a percentage: "
                                        + repr(", ".join(c for c in cells if c))))
    return pd.DataFrame(places, columns=columns), rejections, len(places) + len(rejections)


def _follower_total(table: Table, title: str, channel: str, notes: list[str]) -> Extract:
    """A ``Facebook followers`` block: one number, the follower total (a header word like ``Value`` is skipped)."""
    numbers = []
    for num, cells in _block_rows(table):
        values, bad = parse_numbers(pd.Series([c for c in cells if c], dtype="string"))
        numbers += [(num, float(v)) for v, b in zip(values, bad, strict=True) if not b and pd.notna(v)]
    rejections = [Rejection(table.file, num, title, f"a second number in a follower-total block: {value:g}")
                  for num, value in numbers[1:]]
    if not numbers:
        notes = [*notes, f"block {title!r} holds no follower number"]
    frame = pd.DataFrame({"channel": channel, "dimension": "total", "basis": "followers",
                          "count": [numbers[0][1]] if numbers else [], "share": 1.0, "source_file": table.sheet.file})
    return Extract("demographics", frame, len(numbers), {title: "demographics (total), count = followers"},
                   rejections, notes)


@register
class TopContentFormats(Importer):
    name = "meta_top_content_formats"
    label = "Meta Business Suite 'Top content formats' totals"
    tables = ()
    detects = "a title above a header made only of content formats (`Reels`, `Multi-photo`, `Photos`, `Links`...)"
    zone = "no times"
    doc = "Blocks `Views` / `Content interactions` / `Published content` by format: totals with no canonical table."

    def detect(self, probe: Probe) -> bool:
        return bool(probe.titles) and len(probe.names) >= 2 and probe.names <= FORMAT_NAMES

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        return skip(table, f"block {table.titles[-1]!r}: totals by content format over the whole range have no "
                           "canonical table (post-level exports carry the content type)")

