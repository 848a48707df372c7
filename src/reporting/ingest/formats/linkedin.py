"""LinkedIn company page exports (FORMATS 4): updates (content), followers and visitors workbooks.

Each sheet is read on its own. The update sheets have a description row above the header
that says "All dates and times are in UTC": days are kept as written, post times are UTC.
``Created date`` may be text or an Excel serial. Visitor and follower breakdowns other than
location (job function, seniority, industry, company size) have no canonical table.
"""

from __future__ import annotations

from reporting.ingest.fields import norm
from reporting.ingest.fields import Fields
from reporting.ingest.formats.common import extract, skip, time_given
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

DAY = ["%m/%d/%Y", "%Y-%m-%d"]
BREAKDOWNS = {"location", "job function", "seniority", "industry", "company size", "country/region", "country",
              "region"}


@register
class UpdateMetrics(Importer):
    name = "linkedin_update_metrics"
    label = "LinkedIn updates export: Update metrics (aggregated)"
    tables = ("account_daily",)
    signature = ("Date", "Impressions (total)", "Clicks (total)")
    zone = "UTC days (stated in the sheet's description row)"
    doc = "`Impressions (total)` -> impressions, `Unique impressions (organic)` -> reach (organic only)."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": "linkedin",
            "impressions": f.count("impressions", "Impressions (total)"),
            "reach": f.count("reach", "Unique impressions (organic)", "Unique impressions (total)"),
        }
        return [extract(f, "account_daily", cols)]


@register
class UpdateEngagement(Importer):
    name = "linkedin_update_engagement"
    label = "LinkedIn updates export: Update engagement (per post)"
    tables = ("posts",)
    signature = ("Update title", "Update link", "Created date")
    zone = "`Created date` is UTC (stated in the description row); Excel serials accepted"
    doc = ("post_id = the activity id of `Update link`; paid = `Update type` Sponsored; campaign = `Campaign name`; "
           "`Clicks` -> link_clicks, `Likes` (or `Reactions`) -> likes, `Video views`.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        link = f.text("post_id", "Update link", required=True)
        activity = link.str.extract(r"(\d{10,})", expand=False).fillna(link).astype("string")
        kind = f.text("paid", "Update type").str.casefold()
        cols = {
            "post_id": activity,
            "channel": "linkedin",
            "published": f.time("published", "Created date", formats=["%m/%d/%Y %H:%M", "%m/%d/%Y"], tz="UTC"),
            "time_reliable": time_given(f.raw("Created date")),
            "text": f.text("text", "Update title"),
            "campaign": f.text("campaign", "Campaign name"),
            "paid": kind.map(lambda v: "sponsor" in v, na_action="ignore").astype("boolean"),
            "impressions": f.count("impressions", "Impressions"),
            "video_views": f.count("video_views", "Video views"),
            "link_clicks": f.count("link_clicks", "Clicks"),
            "likes": f.count("likes", "Likes", "Reactions"),
            "comments": f.count("comments", "Comments"),
            "shares": f.count("shares", "Shares", "Reposts"),
        }
        f.reject(link.isna().to_numpy(dtype=bool), "Update link", "missing value in a required column")
        return [extract(f, "posts", cols)]


@register
class VisitorMetrics(Importer):
    name = "linkedin_visitor_metrics"
    label = "LinkedIn visitors export: Visitor metrics"
    tables = ("account_daily",)
    signature = ("Date", "Total page views (total)")
    zone = "days as written"
    doc = "`Total page views (total)` -> profile_visits (page views of every page tab, desktop + mobile)."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": "linkedin",
            "profile_visits": f.count("profile_visits", "Total page views (total)"),
        }
        return [extract(f, "account_daily", cols)]


@register
class NewFollowers(Importer):
    name = "linkedin_followers"
    label = "LinkedIn followers export: New followers"
    tables = ("account_daily",)
    signature = ("Date", "Organic followers", "Total followers")
    zone = "days as written"
    doc = ("`Total followers` is the day's new followers (organic + sponsored) -> net_new (gross: the export "
           "has no unfollows).")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": "linkedin",
            "net_new": f.count("net_new", "Total followers"),
        }
        return [extract(f, "account_daily", cols)]


@register
class Breakdown(Importer):
    name = "linkedin_breakdown"
    label = "LinkedIn visitors/followers breakdown sheet (location, job function, ...)"
    tables = ("demographics",)
    detects = "two columns: `Location`/`Job function`/`Seniority`/`Industry`/`Company size` + `Total views`/`Total followers`"
    zone = "no times"
    doc = ("Two columns `<dimension>, Total views` (visitors) or `<dimension>, Total followers`. Location -> "
           "demographics city counts (basis `page_views` or `followers`); other dimensions have no canonical table.")

    def detect(self, probe: Probe) -> bool:
        cells = [norm(c) for c in probe.header if c.strip()]
        return len(cells) == 2 and cells[0] in BREAKDOWNS and cells[1] in ("total views", "total followers")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        dimension = norm(table.raw_header[0])
        if dimension not in ("location", "country/region", "country", "region"):
            return skip(table, f"{table.raw_header[0]!r} breakdown has no canonical table")
        f = Fields(table, ctx.tz)
        cols = {
            "channel": "linkedin",
            "dimension": "city" if dimension == "location" else "country",
            "location": f.text("location", table.header[0], required=True),
            "count": f.count("count", table.header[1]),
            "basis": "followers" if norm(table.raw_header[1]) == "total followers" else "page_views",
        }
        return [extract(f, "demographics", cols)]
