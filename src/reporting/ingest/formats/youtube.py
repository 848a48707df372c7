"""YouTube Studio exports (FORMATS 5): ``Table data.csv``, ``Chart data.csv``, ``Totals.csv`` of any report.

Every Advanced-mode download holds the same three file names whatever the report (and users
rename them), so each table is told by its header: the first column is the report's dimension
(``Content``, ``Date``, ``Viewer age``, ``Geography``, ``Subscription status``...).

- By content: posts (one per video). ``Video publish time`` is a date only (``Sep 27, 2024``):
  published = midnight of that day in the client's zone (``time_reliable`` false). The first
  ``Total`` row and a trailing ``Showing top 500 results`` row are summaries, skipped. Video ids
  starting with ``-`` are written with a leading space, stripped.
- By date (``Totals.csv``, a date table, a ``Chart data`` of metrics): account_daily; daily
  ``Views`` are the channel's video views.
- Audience tables (viewer age, gender, geography, cities, subscription status): demographics with
  basis ``views`` (shares of the channel's views, not of its subscribers).
- Chart data by a dimension (``Date, Subscription status, Views``): only the charted lines; the
  subscription split covers every view, so it sums to the channel's daily views; a geography or
  traffic-source chart does not, and is explained, not imported.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import extract, skip
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

PUBLISH = ["%b %d, %Y", "%Y-%m-%d", "%d %b %Y"]
DAY = ["%Y-%m-%d", "%d-%m-%Y", "%b %d, %Y"]
DAILY_METRICS = {norm(n) for n in (
    "Views", "Watch time (hours)", "Subscribers", "Average view duration", "Estimated revenue (USD)", "Impressions",
    "Impressions click-through rate (%)", "Stayed to watch (%)", "Monthly audience", "Unique viewers",
    "28-day new viewers", "28-day casual viewers", "28-day regular viewers", "Subscribers gained",
    "Subscribers lost", "Likes", "Comments", "Shares", "Engaged views", "New viewers", "Returning viewers",
    "Casual viewers", "Regular viewers", "Average percentage viewed (%)", "Average views per viewer",
    "Views (%)", "Watch time (hours) (%)")}
# Audience tables: first column -> (demographics dimension, column holding the value)
AUDIENCE = {"viewer age": "age", "viewer gender": "gender", "geography": "country", "country": "country",
            "cities": "city", "city": "city", "subscription status": "subscription"}
AUDIENCE_METRICS = DAILY_METRICS | {norm("City name"), norm("Viewer gender"), norm("Viewer age")}
# Chart dimensions (second column of a dated chart) whose lines cover every view of the channel.
COMPLETE_SPLITS = {"subscription status"}
CHART_DIMENSIONS = COMPLETE_SPLITS | {norm(n) for n in (
    "Geography", "Cities", "Traffic source", "Content type", "Device type", "Operating system", "Playback location",
    "Sharing service", "Subtitles and CC", "Video info language", "Viewer age", "Viewer gender", "New and returning "
    "viewers", "YouTube product", "Playlist", "End screen element", "Card")}
GENDERS = {"female": "female", "male": "male", "user-specified": "other", "user specified": "other",
           "unknown": "unknown"}
SUBSCRIPTIONS = {"subscribed": "subscribed", "not subscribed": "not_subscribed", "unknown": "unknown"}


def _first(probe: Probe) -> str:
    return norm(probe.header[0]) if probe.header else ""


@register
class ContentTable(Importer):
    name = "youtube_content"
    label = "YouTube Studio Table data (by content)"
    tables = ("posts",)
    signature = ("Content", "Video title", "Video publish time")

    def detect(self, probe: Probe) -> bool:
        return super().detect(probe) and not probe.has("Date")

    zone = "`Video publish time` is a date only: midnight of that day in the client's zone (time_reliable false)"
    doc = ("`Content` = video id (leading space stripped) -> post_id; `Views` -> video_views; `Impressions` "
           "(thumbnail impressions) -> impressions; content_type `short` when `Duration` <= 60 s, else `video`. "
           "`Total` and `Showing top N results` rows skipped; videos without a publish date are rejected.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        content = f.raw("Content")
        summary = content.str.casefold().str.match(r"^(total|showing top)").fillna(False)
        duration = f.number(None, "Duration") if f.has("Duration") else None
        kind = ("video" if duration is None else
                duration.map(lambda d: "short" if d <= 60 else "video", na_action="ignore").astype("string"))
        unpublished = f.raw("Video publish time").isna() & ~summary
        f.reject(unpublished.to_numpy(dtype=bool), f.column("Video publish time"),
                 "no publish date in the export (YouTube leaves it empty for unlisted or old videos)")
        cols = {
            "post_id": f.ident("post_id", "Content"),
            "channel": "youtube",
            "published": f.time("published", "Video publish time", formats=PUBLISH),
            "time_reliable": False,
            "content_type": kind,
            "text": f.text("text", "Video title"),
            "video_views": f.count("video_views", "Views"),
            "impressions": f.count("impressions", "Impressions"),
            "likes": f.count("likes", "Likes"),
            "comments": f.count("comments", "Comments"),
            "shares": f.count("shares", "Shares"),
        }
        skipped = f.skip(summary)
        notes = [f"{skipped} summary row(s) (Total / Showing top N) skipped"] if skipped else []
        return [extract(f, "posts", cols, notes)]


@register
class DateTable(Importer):
    name = "youtube_daily"
    label = "YouTube Studio Table data / Totals / Chart data (by date)"
    tables = ("account_daily",)
    detects = ("first column `Date`, every other column a YouTube metric (`Views`, `Watch time (hours)`, "
               "`Subscribers`...)")
    zone = "channel days as written (YouTube reports Pacific-time days)"
    doc = ("`Date` plus YouTube metrics: `Views` -> video_views (the channel's daily views), `Subscribers` (or "
           "`Subscribers gained` - `Subscribers lost`) -> net_new, `Impressions` -> impressions; watch time and the "
           "other metrics have no account_daily column. A `Total` row is skipped; Excel re-saves with `DD-MM-YYYY` "
           "dates are read.")

    def detect(self, probe: Probe) -> bool:
        rest = probe.names - {"date"}
        return "date" in probe.names and _first(probe) == "date" and bool(rest) and rest <= DAILY_METRICS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        if not f.has("Views", "Subscribers", "Subscribers gained", "Impressions"):
            return skip(table, "daily " + ", ".join(table.raw_header[1:]) + ": no account_daily column for these "
                        "metrics (account_daily holds video views, subscribers gained and impressions)")
        total_row = f.raw("Date").str.casefold().eq("total").fillna(False).to_numpy(dtype=bool)
        cols = {"date": f.day("date", "Date", formats=DAY), "channel": "youtube",
                "video_views": f.count("video_views", "Views"),
                "impressions": f.count("impressions", "Impressions")}
        if f.has("Subscribers"):
            cols["net_new"] = f.count("net_new", "Subscribers", signed=True)
        elif f.has("Subscribers gained", "Subscribers lost"):
            cols["net_new"] = (f.count("net_new", "Subscribers gained")
                               - f.count("net_new", "Subscribers lost")).astype("Int64")
        skipped = f.skip(total_row)
        return [extract(f, "account_daily", cols, [f"{skipped} 'Total' row skipped"] if skipped else [])]


@register
class ChartData(Importer):
    name = "youtube_chart"
    label = "YouTube Studio Chart data (per video per day)"
    tables = ()
    signature = ("Date", "Content", "Video title", "Views")
    zone = "days as written"
    doc = ("Daily views of the charted videos only (the chart's top lines, not every video): no canonical table "
           "(daily channel views come from `Totals.csv`, lifetime video metrics from Table data).")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        return skip(table, "daily views per video: no canonical table (posts hold lifetime metrics from Table data)")


@register
class SplitChart(Importer):
    name = "youtube_split_chart"
    label = "YouTube Studio Chart data (by date and a dimension)"
    tables = ("account_daily",)
    detects = ("`Date`, then a YouTube dimension (`Subscription status`, `Geography`, `Traffic source`...), then "
               "YouTube metrics")
    zone = "channel days as written (YouTube reports Pacific-time days)"
    doc = ("`Date, Subscription status, Views`: the subscribed and not-subscribed lines cover every view, so their "
           "sum (or a `Total` line) is the channel's daily video_views. Charts by geography, traffic source, device... "
           "hold only the charted lines, not the channel's total: recognised and explained, not imported.")

    def detect(self, probe: Probe) -> bool:
        if len(probe.header) < 3 or _first(probe) != "date" or norm(probe.header[1]) not in CHART_DIMENSIONS:
            return False
        rest = {norm(c) for c in probe.header[2:] if c.strip()}
        return bool(rest) and rest <= DAILY_METRICS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        split = table.raw_header[1]
        if norm(split) not in COMPLETE_SPLITS:
            return skip(table, f"daily {', '.join(table.raw_header[2:])} by {split!r} for the charted lines only "
                               "(not every view of the channel): no canonical table")
        f = Fields(table, ctx.tz)
        if not f.has("Views"):
            return skip(table, f"daily {', '.join(table.raw_header[2:])} by {split!r}: no account_daily column")
        cols = {"date": f.day("date", "Date", formats=DAY), "channel": "youtube",
                "segment": f.text(None, table.header[1]).str.casefold(),
                "video_views": f.count("video_views", "Views")}
        f.mapping[table.header[1]] = "summed over its lines"
        ext = extract(f, "account_daily", cols)
        frame = ext.frame
        has_total = frame.groupby("date")["segment"].transform(lambda s: (s == "total").any())
        frame = frame[~has_total | (frame["segment"] == "total")]
        ext.frame = (frame.groupby(["date", "channel"], sort=True)["video_views"].sum(min_count=1).reset_index()
                     .assign(source_file=table.sheet.file))
        ext.notes.append(f"daily video views = the sum of the {split!r} lines (they cover every view)")
        return [ext]


@cache
def _territories() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("en").territories)


@register
class Audience(Importer):
    name = "youtube_audience"
    label = "YouTube Studio Table data (viewer age, gender, geography, cities, subscription status)"
    tables = ("demographics",)
    detects = ("first column `Viewer age`, `Viewer gender`, `Geography`, `Cities` or `Subscription status`, the "
               "others YouTube metrics (`Views (%)`, `Views`, `Watch time (hours)`...), no `Date`")
    zone = "no times"
    doc = ("Demographics with channel youtube and basis `views` (shares of the channel's views). `Views (%)` -> "
           "share (age: `13–17 years` -> `13-17`, dimension `age`; gender: Female/Male/User-specified -> "
           "female/male/other, dimension `gender`; both columns -> `age_gender`). Tables of `Views` counts -> count "
           "= views, share = views / the `Total` row (else the sum of the rows): `Geography` (ISO codes -> country "
           "names) -> `country`, `Cities` -> `city` (`City name`; the place id is dropped), `Subscription status` "
           "-> dimension `subscription`, segment subscribed/not_subscribed. `Total` rows and rows without views "
           "(YouTube blanks small values) are skipped.")

    def detect(self, probe: Probe) -> bool:
        if _first(probe) not in AUDIENCE or "date" in probe.names:
            return False
        rest = probe.names - {_first(probe)}
        return bool(rest) and rest <= AUDIENCE_METRICS and probe.any("Views (%)", "Views")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        first = table.header[0]
        dimension = AUDIENCE[norm(table.raw_header[0])]
        label = f.raw(first)
        total_row = label.str.casefold().eq("total").fillna(False)
        cols: dict[str, object] = {"channel": "youtube", "basis": "views"}
        if f.has("Viewer age") and f.has("Viewer gender"):
            dimension = "age_gender"
        if dimension in ("age", "age_gender"):
            cols["age_band"] = f.text("age_band", "Viewer age").map(_age_band, na_action="ignore").astype("string")
        if dimension in ("gender", "age_gender"):
            gender = f.text("gender", "Viewer gender").str.casefold()
            cols["gender"] = gender.map(lambda g: GENDERS.get(g, "other"), na_action="ignore").astype("string")
        if dimension == "country":
            cols["location"] = f.text("location", first).map(
                lambda c: _territories().get(c.upper(), c) if len(c) == 2 else c, na_action="ignore").astype("string")
        if dimension == "city":
            cols["location"] = f.text("location", "City name") if f.has("City name") else f.text("location", first)
        if dimension == "subscription":
            status = f.text("segment", first).str.casefold()
            cols["segment"] = status.map(lambda s: SUBSCRIPTIONS.get(s, s.replace(" ", "_")),
                                         na_action="ignore").astype("string")
        notes = []
        if f.has("Views (%)"):
            share = f.share("share", "Views (%)", percent=True)
            valued = share.notna()
        else:
            views = f.count("count", "Views")
            base = views[total_row].dropna()
            total = base.iloc[0] if len(base) else views[~total_row].sum()
            share = (views / total).astype("Float64") if total else pd.Series(pd.NA, index=views.index, dtype="Float64")
            cols["count"] = views
            valued = views.notna()
            notes.append("share = views / " + ("the 'Total' row" if len(base) else "the sum of the rows")
                         + f" ({int(total):,} views)")
        cols["dimension"] = dimension
        cols["share"] = share
        blank = (~valued & ~total_row).to_numpy(dtype=bool)
        if f.skip(total_row.to_numpy(dtype=bool)):
            notes.append("'Total' row skipped")
        if f.skip(blank):
            notes.append(f"{int(blank.sum())} row(s) without views skipped (YouTube leaves small values blank)")
        return [extract(f, "demographics", cols, notes)]


def _age_band(label: str) -> str:
    """``'13–17 years'`` -> ``'13-17'``, ``'65+ years'`` -> ``'65+'``."""
    return "".join(label.replace("\u2013", "-").replace("\u2014", "-").casefold().replace("years", "").split())
