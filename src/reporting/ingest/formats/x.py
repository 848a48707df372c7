"""X / Twitter analytics exports (FORMATS 1.1-1.4).

- legacy per-tweet ``tweet_activity_metrics_*.csv``: ``time`` carries ``+0000`` (UTC); promoted
  metrics are ``-`` unless promoted and are added to the organic ones;
- legacy daily account export (``Date, Tweets published, impressions, ...``): days as written;
- X Premium account overview (``Date`` = ``Tue, Feb 18, 2025``) and per-post exports (2025
  ``Mon Feb 17 2025`` and 2026 ``Sat, Aug 1, 2026`` variants): dates only, no time or zone, so
  a post's time is midnight of that day in the client's zone (hour-of-day analyses cannot use them).
"""

from __future__ import annotations

import pandas as pd

from reporting.ingest.fields import Fields
from reporting.ingest.formats.common import extract, handle_from_url, time_given, total
from reporting.ingest.registry import Context, Extract, Importer, register
from reporting.ingest.sources import Table

X_DAY_FORMATS = ["%a, %b %d, %Y", "%a %b %d %Y", "%b %d, %Y", "%Y-%m-%d"]
_HANDLE = r"(?:twitter|x)\.com/([^/?#]+)/status"


def _with_promoted(f: Fields, canonical: str, name: str) -> pd.Series:
    organic = f.count(canonical, name)
    if not f.has(f"promoted {name}"):
        return organic
    return total(organic, f.count(canonical, f"promoted {name}"))


@register
class TweetActivity(Importer):
    name = "x_tweet_activity"
    label = "X/Twitter analytics per-tweet export (legacy tweet_activity_metrics)"
    tables = ("posts",)
    signature = ("Tweet id", "Tweet permalink", "time", "impressions")
    zone = "`time` is UTC (`+0000` written in the cell)"
    doc = ("40 columns, every field quoted, counts as floats (`1938.0`). impressions/likes (older: favorites)/"
           "retweets/replies/url clicks include their `promoted *` counterparts when promoted (`-` otherwise); "
           "paid = any promoted impressions.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        promoted = f.count(None, "promoted impressions") if f.has("promoted impressions") else None
        cols = {
            "post_id": f.ident("post_id", "Tweet id"),
            "channel": "x",
            "account": handle_from_url(f.text("account", "Tweet permalink"), _HANDLE),
            "published": f.time("published", "time", formats=["%Y-%m-%d %H:%M %z"]),
            "time_reliable": time_given(f.raw("time")),
            "text": f.text("text", "Tweet text"),
            "impressions": _with_promoted(f, "impressions", "impressions"),
            "likes": _with_promoted(f, "likes", "likes" if f.has("likes") else "favorites"),
            "comments": _with_promoted(f, "comments", "replies"),
            "shares": _with_promoted(f, "shares", "retweets"),
            "link_clicks": _with_promoted(f, "link_clicks", "url clicks"),
            "paid": (promoted.fillna(0) > 0).astype("boolean") if promoted is not None else None,
        }
        return [extract(f, "posts", cols)]


@register
class DailyAccount(Importer):
    name = "x_daily_account"
    label = "X/Twitter analytics daily account export (legacy)"
    tables = ("account_daily",)
    signature = ("Date", "Tweets published", "impressions")
    zone = "days as written (Excel date serials in the .xls conversions)"
    doc = ("38 columns. impressions (+ promoted impressions), user profile clicks -> profile_visits, "
           "follows -> net_new (gross follows gained from tweets: the export has no unfollows).")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=["%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y"]),
            "channel": "x",
            "impressions": _with_promoted(f, "impressions", "impressions"),
            "profile_visits": _with_promoted(f, "profile_visits", "user profile clicks"),
            "net_new": f.count("net_new", "follows"),
        }
        return [extract(f, "account_daily", cols)]


@register
class AccountOverview(Importer):
    name = "x_account_overview"
    label = "X Premium analytics account overview (account_overview_analytics.csv)"
    tables = ("account_daily",)
    signature = ("Date", "Impressions", "New follows", "Unfollows", "Profile visits")
    zone = "`Date` is a day without zone, kept as the day"
    doc = "net_new = `New follows` - `Unfollows`; impressions; `Profile visits` -> profile_visits. Newest day first."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        follows = f.count("net_new", "New follows")
        unfollows = f.count("net_new", "Unfollows")
        cols = {
            "date": f.day("date", "Date", formats=X_DAY_FORMATS),
            "channel": "x",
            "impressions": f.count("impressions", "Impressions"),
            "net_new": (follows - unfollows).astype("Int64"),
            "profile_visits": f.count("profile_visits", "Profile visits"),
        }
        return [extract(f, "account_daily", cols)]


@register
class PostAnalytics(Importer):
    name = "x_posts"
    label = "X Premium analytics per-post export (2025 and 2026 variants)"
    tables = ("posts",)
    signature = ("Post id", "Date", "Post text", "Impressions")
    zone = "`Date` is a day only: published = midnight of that day in the client's zone"
    doc = ("Drift handled: `Link`/`Post Link`, `Share`/`Shares`, capitalisation. shares = Reposts + Shares, "
           "comments = Replies, saves = Bookmarks, link_clicks = URL Clicks; account from the post link.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        link = f.text("account", "Post Link", "Link")
        cols = {
            "post_id": f.ident("post_id", "Post id"),
            "channel": "x",
            "account": handle_from_url(link, _HANDLE),
            "published": f.time("published", "Date", formats=X_DAY_FORMATS),
            "time_reliable": time_given(f.raw("Date")),
            "text": f.text("text", "Post text"),
            "impressions": f.count("impressions", "Impressions"),
            "likes": f.count("likes", "Likes"),
            "comments": f.count("comments", "Replies"),
            "shares": total(f.count("shares", "Reposts"), f.count("shares", "Shares", "Share")),
            "saves": f.count("saves", "Bookmarks"),
            "link_clicks": f.count("link_clicks", "URL Clicks"),
        }
        return [extract(f, "posts", cols)]
