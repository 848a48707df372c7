"""Legacy Facebook Insights exports (FORMATS 2.1, 2.2), ≈2012-2021: SpreadsheetML ``.xls`` or CSV.

Row 2 under the header describes each column ("Lifetime: The number of people... (Unique
Users)"); it is skipped, and it is the only way to tell apart the duplicated headers
(``Lifetime Organic Video Views`` twice: unique users, then total count). The post export
spreads its metrics over worksheets: ``Key Metrics`` holds reach and impressions, ``Lifetime
Post Stories by action type`` the likes, comments and shares, ``Lifetime Post Consumptions
by type`` the link clicks; they are joined on ``Post ID``. ``Posted`` has no zone; Insights
reported in Pacific time, so it is read as America/Los_Angeles.
"""

from __future__ import annotations

import pandas as pd

from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import content_types, extract, skip, time_given, total
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Sheet, Table

ZONE_NAME = "America/Los_Angeles"
POSTED = ["%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%m/%d/%y %I:%M %p"]
DESCRIPTION_MARKS = ("lifetime:", "daily:", "weekly:", "28 days:", "(unique users)", "(total count)")


def description_row(table: Table) -> pd.Series:
    """True for the row that describes the columns instead of holding data."""
    text = table.data.astype("string").apply(lambda col: col.str.casefold().str.startswith(DESCRIPTION_MARKS)
                                             | col.str.casefold().str.contains("(unique users)|(total count)",
                                                                               regex=False))
    return text.fillna(False).any(axis=1) & (table.data.index == 0)


def _total_count_column(table: Table, name: str) -> str | None:
    """Among duplicated ``name`` columns, the one whose description says "(Total Count)"."""
    candidates = [h for h, raw in zip(table.header, table.raw_header, strict=False) if norm(raw) == norm(name)]
    if not candidates or not len(table.data):
        return candidates[0] if candidates else None
    for col in candidates:
        described = str(table.data[col].iloc[0]).casefold()
        if "total count" in described:
            return col
    return candidates[-1]


def _breakdown(book: list[Sheet], prefix: str, columns: list[str]) -> pd.DataFrame | None:
    """Per-post counts from a breakdown worksheet (``share``, ``like``, ``comment``...) indexed by Post ID."""
    sheet = next((s for s in book if s.name.casefold().startswith(prefix)), None)
    if sheet is None or not sheet.records:
        return None
    table = sheet.table(0)
    f = Fields(table, "UTC")
    if not f.has("Post ID"):
        return None
    data = {"post_id": f.raw("Post ID")}
    for col in columns:
        data[col] = f.count(None, col)
    frame = pd.DataFrame(data).dropna(subset=["post_id"])
    return frame.drop_duplicates("post_id").set_index("post_id")


@register
class LegacyPosts(Importer):
    name = "facebook_insights_posts"
    label = "Facebook Insights post export (legacy, Key Metrics)"
    tables = ("posts",)
    signature = ("Post ID", "Permalink", "Post Message", "Posted", "Lifetime Post Total Reach")
    zone = "`Posted` has no zone: read as Pacific time (America/Los_Angeles), Insights' reporting zone"
    doc = ("SpreadsheetML 2003 XML saved as `.xls` (or Excel re-saved `.xml`), 7 worksheets; description row under "
           "the header; duplicated headers told apart by that row. reach = `Lifetime Post Total Reach`, impressions "
           "= `Lifetime Post Total Impressions`, paid = paid impressions > 0, video_views = organic + paid video "
           "views (total count); likes/comments/shares from the 'Lifetime Post Stories by action type' sheet, "
           "link_clicks from 'Lifetime Post Consumptions by type'.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        described = description_row(table)
        f.skip(described)
        post_id = f.ident("post_id", "Post ID")
        organic = _total_count_column(table, "Lifetime Organic Video Views")
        paid_views = _total_count_column(table, "Lifetime Paid Video Views")
        video_parts = [f.count("video_views", c) for c in (organic, paid_views) if c]
        paid_impressions = f.count(None, "Lifetime Post Paid Impressions")
        cols: dict[str, object] = {
            "post_id": post_id,
            "channel": "facebook",
            "published": f.time("published", "Posted", formats=POSTED, tz=ZONE_NAME),
            "time_reliable": time_given(f.raw("Posted")),
            "content_type": content_types(f.text("content_type", "Type")),
            "text": f.text("text", "Post Message"),
            "reach": f.count("reach", "Lifetime Post Total Reach"),
            "impressions": f.count("impressions", "Lifetime Post Total Impressions"),
            "paid": (paid_impressions.fillna(0) > 0).astype("boolean") if f.has("Lifetime Post Paid Impressions")
            else None,
            "video_views": total(*video_parts) if video_parts else None,
        }
        notes = ["description row under the header skipped"] if described.any() else []
        stories = _breakdown(table.sheet.book, "lifetime post stories", ["like", "comment", "share"])
        if stories is not None:
            for src, dst in (("like", "likes"), ("comment", "comments"), ("share", "shares")):
                cols[dst] = post_id.map(stories[src]).astype("Int64")
                f.mapping[f"Lifetime Post Stories by action type: {src}"] = dst
        consumptions = _breakdown(table.sheet.book, "lifetime post consumptions", ["link clicks"])
        if consumptions is not None:
            cols["link_clicks"] = post_id.map(consumptions["link clicks"]).astype("Int64")
            f.mapping["Lifetime Post Consumptions by type: link clicks"] = "link_clicks"
        return [extract(f, "posts", cols, notes)]


@register
class LegacyBreakdown(Importer):
    name = "facebook_insights_breakdown"
    label = "Facebook Insights post export (legacy, breakdown sheet)"
    tables = ()
    signature = ("Description", "Post ID", "Posted")
    zone = "see Key Metrics"
    doc = "Per-post breakdown worksheets; the ones with canonical columns are joined into Key Metrics."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        used = table.sheet.name.casefold().startswith(("lifetime post stories", "lifetime post consumptions"))
        return skip(table, "breakdown joined into the Key Metrics posts" if used
                    else "breakdown with no canonical column (talking-about, consumers, negative feedback)")


@register
class LegacyPage(Importer):
    name = "facebook_insights_page"
    label = "Facebook Insights page export (legacy)"
    tables = ("account_daily",)
    detects = "`Date` with `Lifetime Total Likes`, `Daily Total Reach` or `Daily Total Impressions`"
    zone = "days as written (Insights days are Pacific-time days)"
    doc = ("CODE/DOC only (FORMATS 2.2): `Date`, `Lifetime Total Likes` -> followers, `Daily Total Reach` -> reach, "
           "`Daily Total Impressions` -> impressions; description row skipped.")

    def detect(self, probe: Probe) -> bool:
        return probe.has("Date") and probe.any("Lifetime Total Likes", "Daily Total Reach", "Daily Total Impressions")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        described = description_row(table)
        f.skip(described)
        cols = {
            "date": f.day("date", "Date", formats=["%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"]),
            "channel": "facebook",
            "followers": f.count("followers", "Lifetime Total Likes"),
            "reach": f.count("reach", "Daily Total Reach"),
            "impressions": f.count("impressions", "Daily Total Impressions"),
        }
        if not any(f.has(c) for c in ("Lifetime Total Likes", "Daily Total Reach", "Daily Total Impressions")):
            return skip(table, "page export without followers, reach or impressions columns")
        return [extract(f, "account_daily", cols, ["description row under the header skipped"] if described.any()
                        else [])]
