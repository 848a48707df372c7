"""Meta Business Suite post exports: Facebook posts, Instagram posts, Facebook videos (FORMATS 2.3, 2.4, 3.1).

The column set drifts month to month (29 to 38 columns, ``Views`` twice, ``Impressions``
before 2024), so every column is found by name, never by position. ``Publish time`` is
``MM/DD/YYYY HH:MM`` with no zone: it is read as the client's local time.

Meta has a known export bug where every ``Publish time`` minute equals the month number
(``03/10/2024 08:03``, ``04/02/2024 19:04``): the dates are right, the times of day are not.
When every post of a file shows it, the file gets a warning and its posts ``time_reliable =
False``, so best-time analyses can leave them out.
"""

from __future__ import annotations

import pandas as pd

from reporting.ingest.fields import Fields, parse_times
from reporting.ingest.formats.common import content_types, extract, first_filled
from reporting.ingest.registry import Context, Extract, Importer, register
from reporting.ingest.sources import Table

PUBLISH_FORMATS = ["%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p"]
ZONE = ("`Publish time` has no zone: read as the client's local time; a file where every publish minute equals the "
        "month (Meta's export bug) is warned about and its posts get time_reliable false")
MINUTE_BUG_MIN_POSTS = 3  # one post in 60 matches by chance: three in a row is (1/60)^3, not chance


def publish_times(f: Fields, column: str = "Publish time") -> tuple[pd.Series, bool, list[str]]:
    """``Publish time`` as UTC, whether its times of day are real, and the warning when they are not.

    The minute-equals-month check runs on the times as written (a zone offset of :30 or :45
    would hide it after conversion).
    """
    published = f.time("published", column, formats=PUBLISH_FORMATS)
    written, _ = parse_times(f.raw(column), PUBLISH_FORMATS, None)
    written = written.dropna()
    if len(written) >= MINUTE_BUG_MIN_POSTS and (written.dt.minute == written.dt.month).all():
        return published, False, [
            f"times of day are unreliable: in all {len(written)} posts the publish minute equals the month "
            "(:03 in March, :04 in April...), a known Meta export bug. Dates are kept; the posts are marked "
            "time_reliable = false so best-time analyses can leave them out."]
    return published, True, []


def reject_failed_exports(f: Fields, id_column: str) -> None:
    """Rows Meta could not export carry no id, only a ``Data comment`` saying why: reject with that reason."""
    if not f.has("Data comment"):
        return
    comment = f.raw("Data comment")
    failed = f.raw(id_column).isna() & comment.notna()
    f.reject(failed.to_numpy(dtype=bool), id_column, "Meta could not export this post (no id); its data comment: ",
             comment)


def _campaign(f: Fields) -> pd.Series | None:
    """Meta's ``Custom labels`` is where teams tag a post with its campaign."""
    return f.text("campaign", "Custom labels") if f.has("Custom labels") else None


def _paid(f: Fields) -> pd.Series | None:
    """Boosted when any 'from Boosted posts' metric is positive or a funded status is given."""
    parts = [f.count("paid", c) for c in ("Reach from Boosted posts", "Views from Boosted posts",
                                        "3-second video views from Boosted posts") if f.has(c)]
    status = f.raw("Funded content status") if f.has("Funded content status") else None
    if not parts and status is None:
        return None
    paid = pd.Series(False, index=f.data.index, dtype="boolean")
    for p in parts:
        paid = paid | (p.fillna(0) > 0)
    if status is not None:
        paid = paid | status.notna()
    return paid.astype("boolean")


@register
class FacebookPosts(Importer):
    name = "meta_facebook_posts"
    label = "Meta Business Suite post export (Facebook page)"
    tables = ("posts",)
    signature = ("Post ID", "Page ID", "Publish time")
    zone = ZONE
    doc = ("UTF-8 with BOM; 29-38 columns that drift (duplicate `Views`, `Impressions` before 2024, "
           "ragged short rows padded). `Views` (or `Impressions`) -> impressions, `Reactions` -> likes, "
           "`Link Clicks` -> link_clicks, `3-second video views` -> video_views; boosted when a "
           "'from Boosted posts' metric is positive.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        reject_failed_exports(f, "Post ID")
        text = first_filled(f.text("text", "Title"), f.text("text", "Description"))
        cols = {
            "post_id": f.ident("post_id", "Post ID"),
            "channel": "facebook",
            "account": f.text("account", "Page name"),
            "published": (timing := publish_times(f))[0],
            "time_reliable": timing[1],
            "content_type": content_types(f.text("content_type", "Post type")),
            "text": text,
            "impressions": f.count("impressions", "Impressions", "Views"),
            "reach": f.count("reach", "Reach"),
            "likes": f.count("likes", "Reactions"),
            "comments": f.count("comments", "Comments"),
            "shares": f.count("shares", "Shares"),
            "link_clicks": f.count("link_clicks", "Link Clicks"),
            "video_views": f.count("video_views", "3-second video views"),
            "campaign": _campaign(f),
            "paid": _paid(f),
        }
        return [extract(f, "posts", cols, warnings=timing[2])]


@register
class InstagramPosts(Importer):
    name = "meta_instagram_posts"
    label = "Meta Business Suite post export (Instagram)"
    tables = ("posts",)
    signature = ("Post ID", "Account username", "Publish time")
    zone = ZONE
    doc = ("UTF-8 with BOM; metric order varies between exports (matched by name). `Post type` "
           "IG reel/IG carousel/IG image -> reel/carousel/photo; `Views` (or older `Impressions`) -> impressions.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        reject_failed_exports(f, "Post ID")
        cols = {
            "post_id": f.ident("post_id", "Post ID"),
            "channel": "instagram",
            "account": f.text("account", "Account username"),
            "published": (timing := publish_times(f))[0],
            "time_reliable": timing[1],
            "content_type": content_types(f.text("content_type", "Post type")),
            "text": f.text("text", "Description"),
            "campaign": _campaign(f),
            "impressions": f.count("impressions", "Impressions", "Views"),
            "reach": f.count("reach", "Reach"),
            "likes": f.count("likes", "Likes"),
            "comments": f.count("comments", "Comments"),
            "shares": f.count("shares", "Shares"),
            "saves": f.count("saves", "Saves"),
            "video_views": f.count("video_views", "Plays", "Video views"),
        }
        return [extract(f, "posts", cols, warnings=timing[2])]


@register
class FacebookVideos(Importer):
    name = "meta_facebook_videos"
    label = "Meta Business Suite video export (Facebook)"
    tables = ("posts",)
    signature = ("Video asset ID", "Publish time")
    zone = ZONE
    doc = ("212 columns whose set depends on the data (one column per country). Read: id, page, title, "
           "publish time, reach, 3-second views, reactions, comments, shares. A video also listed in a "
           "post export has a different id there (post id vs video asset id).")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        reject_failed_exports(f, "Video asset ID")
        cols = {
            "post_id": f.ident("post_id", "Video asset ID"),
            "channel": "facebook",
            "account": f.text("account", "Page name"),
            "published": (timing := publish_times(f))[0],
            "time_reliable": timing[1],
            "content_type": "video",
            "text": f.text("text", "Title"),
            "campaign": _campaign(f),
            "reach": f.count("reach", "Reach"),
            "likes": f.count("likes", "Reactions"),
            "comments": f.count("comments", "Comments"),
            "shares": f.count("shares", "Shares"),
            "video_views": f.count("video_views", "3-second video views"),
        }
        return [extract(f, "posts", cols, warnings=timing[2])]
