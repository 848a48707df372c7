"""YouTube Studio exports (FORMATS 5): ``Table data.csv`` (content or date), ``Chart data.csv``, ``Totals.csv``.

The content table becomes posts (one per video). ``Video publish time`` is a date only
(``Sep 27, 2024``): published = midnight of that day in the client's zone. The first
``Total`` row and a trailing ``Showing top 500 results`` row are summaries, skipped.
Video ids starting with ``-`` are written with a leading space, stripped. Date tables give
account_daily only for columns it has (subscribers -> net_new, impressions); daily views and
watch time have no account_daily column, so such files are recognised and skipped with a note.
"""

from __future__ import annotations

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
    "Subscribers lost", "Likes", "Comments", "Shares")}


@register
class ContentTable(Importer):
    name = "youtube_content"
    label = "YouTube Studio Table data (by content)"
    tables = ("posts",)
    signature = ("Content", "Video title", "Video publish time")

    def detect(self, probe: Probe) -> bool:
        return super().detect(probe) and not probe.has("Date")

    zone = "`Video publish time` is a date only: midnight of that day in the client's zone"
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
    label = "YouTube Studio Table data / Totals (by date)"
    tables = ("account_daily",)
    detects = "first column `Date`, every other column a YouTube metric (`Views`, `Watch time (hours)`, `Subscribers`...)"
    zone = "channel days as written (YouTube reports Pacific-time days)"
    doc = ("`Date` plus YouTube metrics. `Subscribers` -> net_new, `Impressions` -> impressions; views and watch "
           "time have no account_daily column. Excel re-saves with `DD-MM-YYYY` dates are read.")

    def detect(self, probe: Probe) -> bool:
        rest = probe.names - {"date"}
        return "date" in probe.names and norm(probe.header[0]) == "date" and bool(rest) and rest <= DAILY_METRICS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        if not f.has("Subscribers", "Impressions"):
            return skip(table, "daily " + ", ".join(table.raw_header[1:]) + ": no account_daily column for these "
                        "metrics (video views come from the content table)")
        total_row = f.raw("Date").str.casefold().eq("total").fillna(False).to_numpy(dtype=bool)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": "youtube",
            "net_new": f.count("net_new", "Subscribers", signed=True),
            "impressions": f.count("impressions", "Impressions"),
        }
        skipped = f.skip(total_row)
        return [extract(f, "account_daily", cols, [f"{skipped} 'Total' row skipped"] if skipped else [])]


@register
class ChartData(Importer):
    name = "youtube_chart"
    label = "YouTube Studio Chart data (per video per day)"
    tables = ()
    signature = ("Date", "Content", "Video title", "Views")
    zone = "days as written"
    doc = "Daily views per video: no canonical table (lifetime video metrics come from Table data)."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        return skip(table, "daily views per video: no canonical table (posts hold lifetime metrics from Table data)")
