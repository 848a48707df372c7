"""Sprout Social report exports (FORMATS 7.1): own posts and profiles, competitors' profiles and posts.

Numbers carry thousands separators in quotes (``"239,484"``), rates are percent strings,
post times are ``4/8/2026 9:22 pm`` and daily rows ``02-01-2025`` (MM-DD-YYYY), all without
a zone: Sprout writes them in the zone of the user's Sprout settings, read as the client's.
Networks Sprout covers but the reports do not (Threads) are rejected with that reason.
Competitor brands come from the client's ``competitors`` handles; an unknown profile is its
own brand.
"""

from __future__ import annotations

import pandas as pd

from reporting.ingest.channels import CHANNELS, channel_of_network
from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import content_types, extract, first_filled, time_given
from reporting.ingest.registry import Context, Extract, Importer, register
from reporting.ingest.sources import Table

POST_TIME = ["%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M", "%m/%d/%Y"]
DAY = ["%m-%d-%Y", "%m/%d/%Y", "%Y-%m-%d"]
ZONE = "no zone in the export (Sprout uses the zone in the user's settings): read as the client's zone"


def brands(profiles: pd.Series, ctx: Context) -> pd.Series:
    """Profile handle -> brand name from the client's handles and competitors; else the handle itself."""
    lookup: dict[str, str] = {}
    if ctx.params is not None:
        owners = [(ctx.params.display_name, ctx.params.handles)] + [(c.name, c.handles) for c in ctx.params.competitors]
        for brand, handles in owners:
            for value in handles.values():
                for handle in [value] if isinstance(value, str) else value:
                    lookup[norm(handle.lstrip("@"))] = brand
    clean = profiles.astype("string").str.lstrip("'@")
    return clean.map(lambda p: lookup.get(norm(p), p), na_action="ignore").astype("string")


def network_channel(f: Fields, name: str = "Network") -> pd.Series:
    """Canonical channel per row; networks outside the canonical list reject the row with a reason."""
    labels = f.text("channel", name, required=True)
    channels = labels.map(channel_of_network, na_action="ignore").astype("string")
    f.reject((channels.isna() & labels.notna()).to_numpy(dtype=bool), name, "network ", labels,
             suffix=f" is not one of the report channels ({', '.join(CHANNELS)})")
    return channels


@register
class PostPerformance(Importer):
    name = "sprout_post_performance"
    label = "Sprout Social Post Performance"
    tables = ("posts",)
    signature = ("Date", "Post ID", "Network", "Profile", "Sent by")
    zone = ZONE
    doc = ("69 columns. content_type from `Post Type` (Story/Reel) else `Content Type`; likes = `Reactions` "
           "(else `Likes`); link_clicks = `Post Link Clicks`; paid = `Paid Impressions` > 0; campaign = `Tags`.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        post_type = content_types(f.text("content_type", "Post Type"))
        kind = post_type.where(post_type.isin(["story", "reel"]), content_types(f.text("content_type", "Content Type")))
        paid = f.count(None, "Paid Impressions")
        cols = {
            "post_id": f.ident("post_id", "Post ID"),
            "channel": network_channel(f),
            "account": f.text("account", "Profile").str.lstrip("'@"),
            "published": f.time("published", "Date", formats=POST_TIME),
            "time_reliable": time_given(f.raw("Date")),
            "content_type": kind,
            "text": f.text("text", "Post"),
            "campaign": f.text("campaign", "Tags"),
            "paid": (paid.fillna(0) > 0).astype("boolean") if f.has("Paid Impressions") else None,
            "impressions": f.count("impressions", "Impressions"),
            "reach": f.count("reach", "Reach"),
            "likes": first_filled(f.count("likes", "Reactions"), f.count("likes", "Likes")),
            "comments": f.count("comments", "Comments"),
            "shares": f.count("shares", "Shares"),
            "saves": f.count("saves", "Saves"),
            "link_clicks": f.count("link_clicks", "Post Link Clicks"),
            "video_views": f.count("video_views", "Video Views"),
        }
        return [extract(f, "posts", cols)]


@register
class ProfilePerformance(Importer):
    name = "sprout_profile_performance"
    label = "Sprout Social Profile Performance"
    tables = ("account_daily",)
    signature = ("Date", "Network", "Profile", "Audience", "Audience Gained")
    zone = ZONE
    doc = "Daily per profile: `Audience` -> followers, `Net Audience Growth` -> net_new, `Impressions`."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": network_channel(f),
            "account": f.text("account", "Profile").str.lstrip("'@"),
            "followers": f.count("followers", "Audience"),
            "net_new": f.count("net_new", "Net Audience Growth", signed=True),
            "impressions": f.count("impressions", "Impressions"),
            "profile_visits": f.count("profile_visits", "Profile Views"),
        }
        return [extract(f, "account_daily", cols)]


@register
class CompetitorPerformance(Importer):
    name = "sprout_competitor_performance"
    label = "Sprout Social Competitor Performance"
    tables = ("competitor_accounts",)
    signature = ("Date", "Network", "Profile", "Audience", "Public Engagements")
    zone = ZONE
    doc = ("One row per profile per day: `Audience` -> followers, `Published Posts` -> posts, "
           "`Public Engagements` -> engagements; brand from the client's competitor handles.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        account = f.text("account", "Profile").str.lstrip("'@")
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "brand": brands(account, ctx),
            "channel": network_channel(f),
            "account": account,
            "followers": f.count("followers", "Audience"),
            "posts": f.count("posts", "Published Posts"),
            "engagements": f.count("engagements", "Public Engagements"),
        }
        f.reject(account.isna(), "Profile", "missing value in a required column")
        return [extract(f, "competitor_accounts", cols)]


@register
class CompetitorPosts(Importer):
    name = "sprout_competitor_posts"
    label = "Sprout Social Competitor Posts"
    tables = ("competitor_accounts",)
    signature = ("Date", "Post ID", "Network", "Profile", "Public Engagements")
    zone = ZONE
    doc = ("Competitors' posts, summed per profile and client-zone day: posts = count, engagements = sum of "
           "`Public Engagements` (competitor_accounts; posts are owned posts only).")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        account = f.text("account", "Profile").str.lstrip("'@")
        published = f.time("date", "Date", formats=POST_TIME)
        cols = {
            "date": published.dt.tz_convert(ctx.tz).dt.tz_localize(None).dt.normalize(),
            "brand": brands(account, ctx),
            "channel": network_channel(f),
            "account": account,
            "engagements": f.count("engagements", "Public Engagements"),
        }
        f.mapping["Post ID"] = "posts (count per day)"
        ext = extract(f, "competitor_accounts", cols)
        keys = ["date", "brand", "channel", "account"]
        ext.frame = (ext.frame.groupby(keys, dropna=False, sort=True)
                     .agg(posts=("date", "size"), engagements=("engagements", lambda s: s.sum(min_count=1)))
                     .reset_index().assign(source_file=table.sheet.file))
        return [ext]


@register
class InstagramBusinessProfiles(Importer):
    name = "sprout_instagram_profiles"
    label = "Sprout Social Instagram Business Profiles"
    tables = ("account_daily",)
    signature = ("Date", "Instagram Profile", "Followers", "Organic Engagements")
    zone = ZONE
    doc = "Own Instagram profiles daily: followers, `Net Follower Growth` -> net_new, `Views` -> impressions, reach."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": "instagram",
            "account": f.text("account", "Instagram Profile").str.lstrip("'@"),
            "followers": f.count("followers", "Followers"),
            "net_new": f.count("net_new", "Net Follower Growth", signed=True),
            "impressions": f.count("impressions", "Views", "Impressions"),
            "reach": f.count("reach", "Reach"),
        }
        return [extract(f, "account_daily", cols)]


@register
class InstagramCompetitors(Importer):
    name = "sprout_instagram_competitors"
    label = "Sprout Social Instagram Competitors"
    tables = ("competitor_accounts",)
    signature = ("Date", "Instagram Profile", "Followers", "Public Engagements")
    zone = ZONE
    doc = "`Followers`, `Published Posts & Reels` -> posts, `Public Engagements` -> engagements (channel instagram)."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        account = f.text("account", "Instagram Profile", required=True).str.lstrip("'@")
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "brand": brands(account, ctx),
            "channel": "instagram",
            "account": account,
            "followers": f.count("followers", "Followers"),
            "posts": f.count("posts", "Published Posts & Reels", "Published Posts"),
            "engagements": f.count("engagements", "Public Engagements"),
        }
        return [extract(f, "competitor_accounts", cols)]


@register
class TikTokProfiles(Importer):
    name = "sprout_tiktok_profiles"
    label = "Sprout Social TikTok Profiles"
    tables = ("account_daily",)
    signature = ("Date", "TikTok Profiles", "Followers")
    zone = ZONE
    doc = ("`'@handle` (leading apostrophe formula guard) stripped; followers, net_new, impressions, "
           "`Profile Views` -> profile_visits.")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {
            "date": f.day("date", "Date", formats=DAY),
            "channel": "tiktok",
            "account": f.text("account", "TikTok Profiles").str.lstrip("'@"),
            "followers": f.count("followers", "Followers"),
            "net_new": f.count("net_new", "Net Follower Growth", signed=True),
            "impressions": f.count("impressions", "Impressions"),
            "profile_visits": f.count("profile_visits", "Profile Views"),
        }
        return [extract(f, "account_daily", cols)]
