"""X (1.3, 1.4), LinkedIn (4), YouTube Studio (5) and Sprout Social (7.1) exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from reporting.demo.exports.files import plain, csv_text, thousands, x_date

X_POSTS = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Engagements", "Bookmarks",
           "Shares", "New follows", "Replies", "Reposts", "Profile visits", "Detail Expands", "URL Clicks",
           "Hashtag Clicks", "Permalink Clicks"]
X_OVERVIEW = ["Date", "Impressions", "Likes", "Engagements", "Bookmarks", "Shares", "New follows", "Unfollows",
              "Replies", "Reposts", "Profile visits", "Create Post", "Video views", "Media views"]


def x_posts(posts: pd.DataFrame, handle: str) -> str:
    """X per-post export, 2026 variant (1.4): newest first, date without time, no final newline.

    X dates are UTC days; the generator posts on X between 08:00 and 16:00
    New York time, so the UTC day and the local day agree.
    """
    rows = []
    for p in plain(posts.sort_values("published", ascending=False, kind="stable")).itertuples():
        day = p.published.tz_convert("UTC")
        detail, profile = int(p.reach * 0.012), int(p.reach * 0.004)
        hashtag, permalink = int(p.reach * 0.001), int(p.reach * 0.0005)
        shared = int(p.shares * 0.2)  # "Shares" are DM/link shares; reposts are the canonical shares
        engagements = (p.likes + p.saves + shared + p.comments + p.shares + detail + profile + p.link_clicks
                       + hashtag + permalink)
        rows.append([p.post_id, x_date(day), p.text, f"https://x.com/{handle}/status/{p.post_id}",
                     int(p.impressions), int(p.likes), int(engagements), int(p.saves), shared,
                     int(p.reach * 0.001), int(p.comments), int(p.shares), profile, detail, int(p.link_clicks),
                     hashtag, permalink])
    return csv_text(X_POSTS, rows, quoting="minimal", final_newline=False)


def x_overview(daily: pd.DataFrame, rng: np.random.Generator) -> str:
    """X account overview (1.3): one row per day, newest first."""
    rows = []
    for d in plain(daily.sort_values("date", ascending=False)).itertuples():
        likes = int(d.engagements * 0.7)
        rows.append([x_date(d.date), int(d.impressions), likes, int(d.engagements + d.link_clicks),
                     int(d.engagements * 0.05), int(d.engagements * 0.02), int(d.gained), int(d.lost),
                     int(d.engagements * 0.1), int(d.engagements * 0.12), int(d.profile_visits), int(d.posts),
                     int(rng.poisson(d.impressions * 0.01)), int(rng.poisson(d.impressions * 0.03))])
    return csv_text(X_OVERVIEW, rows, quoting="minimal")


LI_AGG_DESC = ("Aggregated engagement metrics for your organic and sponsored updates over time. Date indicates "
               "when your updates were viewed by LinkedIn members. Data is delayed by up to 2 days. "
               "All dates and times are in UTC.")
LI_POST_DESC = ("Engagement metrics for individual updates. Created date indicates when your update was created. "
                "All dates and times are in UTC.")
LI_AGG = ["Date", "Impressions (organic)", "Impressions (sponsored)", "Impressions (total)",
          "Unique impressions (organic)", "Clicks (organic)", "Clicks (sponsored)", "Clicks (total)",
          "Reactions (organic)", "Reactions (sponsored)", "Reactions (total)", "Comments (organic)",
          "Comments (sponsored)", "Comments (total)", "Shares (organic)", "Shares (sponsored)", "Shares (total)",
          "Engagement rate (organic)", "Engagement rate (sponsored)", "Engagement rate (total)"]
LI_POSTS = ["Update title", "Update link", "Update type", "Campaign name", "Posted by", "Created date",
            "Campaign start date", "Campaign end date", "Audience", "Impressions", "Video views", "Clicks",
            "Click through rate (CTR)", "Likes", "Comments", "Shares", "Follows", "Engagement rate"]


def linkedin_updates(posts: pd.DataFrame, daily: pd.DataFrame, windows: pd.DataFrame,
                     posted_by: str) -> dict[str, list[list]]:
    """LinkedIn page updates workbook (4): description row above each header; UTC created dates."""
    agg: list[list] = [[LI_AGG_DESC], LI_AGG]
    for d in plain(daily).itertuples():
        imp = int(d.impressions)
        eng = int(d.engagements)
        agg.append([f"{d.date:%m/%d/%Y}", imp, 0, imp, int(d.reach), int(d.link_clicks), 0, int(d.link_clicks),
                    int(eng * 0.78), 0, int(eng * 0.78), int(eng * 0.12), 0, int(eng * 0.12), int(eng * 0.1), 0,
                    int(eng * 0.1), round((eng + d.link_clicks) / imp, 6) if imp else 0, 0,
                    round((eng + d.link_clicks) / imp, 6) if imp else 0])
    window = windows.set_index("campaign") if len(windows) else None
    rows: list[list] = [[LI_POST_DESC], LI_POSTS]
    for p in plain(posts).itertuples():
        created = p.published.tz_convert("UTC").tz_localize(None).to_pydatetime()
        title = p.text.split("\n")[0]
        start = end = None
        if p.campaign and window is not None and p.campaign in window.index:
            w = window.loc[p.campaign]
            w = w.iloc[0] if isinstance(w, pd.DataFrame) else w
            start, end = dt.datetime.combine(w["start"], dt.time()), dt.datetime.combine(w["end"], dt.time())
        eng = int(p.likes + p.comments + p.shares)
        clicks = int(p.link_clicks)
        imp = int(p.impressions)
        rows.append([title, f"https://www.linkedin.com/feed/update/urn:li:activity:{p.post_id}",
                     "Sponsored" if p.paid else "Organic", p.campaign or "", posted_by, created,
                     start, end, "All followers", imp, int(p.video_views) if p.video_views else "", clicks,
                     round(clicks / imp, 6) if imp else 0, int(p.likes), int(p.comments), int(p.shares),
                     int(p.reach * 0.002), round((eng + clicks) / imp, 6) if imp else 0])
    return {"Update metrics (aggregated)": agg, "Update engagement": rows}


LI_FOLLOWERS = ["Date", "Sponsored followers", "Organic followers", "Total followers"]


def linkedin_followers(daily: pd.DataFrame, demo: pd.DataFrame) -> dict[str, list[list]]:
    """LinkedIn followers workbook: daily new followers and follower locations."""
    new = [LI_FOLLOWERS]
    for d in plain(daily).itertuples():
        sponsored = int(d.gained * 0.15)
        new.append([f"{d.date:%m/%d/%Y}", sponsored, int(d.gained) - sponsored, int(d.gained)])
    total = int(daily["followers"].iloc[-1])
    cities = demo[demo["dimension"] == "city"]
    location = [["Location", "Total followers"]] + [[c.location, int(round(c.share * total))]
                                                   for c in cities.itertuples()]
    return {"New followers": new, "Location": location}


YT_TABLE = ["Content", "Video title", "Video publish time", "Duration", "Views", "Watch time (hours)",
            "Subscribers", "Impressions", "Impressions click-through rate (%)"]


def youtube_table(posts: pd.DataFrame) -> str:
    """YouTube Studio ``Table data.csv`` (5): a Total row first, ids starting with '-' get a leading space."""
    rows = []
    for p in plain(posts.sort_values("video_views", ascending=False, kind="stable")).itertuples():
        duration = 30 + int(p.post_id.encode()[0]) % 40 if p.content_type == "short" else 240 + (
            int.from_bytes(p.post_id.encode()[:2], "big") % 900)
        watch = round(p.video_views * duration * 0.45 / 3600, 4)
        ctr = round(p.video_views * 0.35 / max(p.impressions, 1) * 100, 2)
        pub = p.published
        rows.append([(" " + p.post_id) if p.post_id.startswith("-") else p.post_id, p.text.split("\n")[0],
                     f"{pub:%b} {pub.day}, {pub.year}", duration, int(p.video_views), watch,
                     int(p.reach * 0.004), int(p.impressions), ctr])
    total = ["Total", "", "", "", sum(r[4] for r in rows), round(sum(r[5] for r in rows), 4),
             sum(r[6] for r in rows), sum(r[7] for r in rows),
             round(sum(r[4] for r in rows) * 0.35 / max(sum(r[7] for r in rows), 1) * 100, 2)]
    return csv_text(YT_TABLE, [total, *rows], quoting="minimal")


SPROUT_NETWORK = {"facebook": "Facebook", "instagram": "Instagram", "x": "X", "linkedin": "LinkedIn",
                  "youtube": "YouTube", "pinterest": "Pinterest", "tiktok": "TikTok"}
SPROUT_COMPETITORS = ["Date", "Network", "Profile", "Audience", "Net Audience Growth", "Published Posts",
                      "Public Engagements", "Public Engagements per Post", "% Audience Growth",
                      "Published Carousels", "Published Videos", "Published Photos", "Published Links",
                      "Published Text", "Reactions", "Comments", "Shares", "Top Hashtags by Lifetime Public Engagements"]
SPROUT_PROFILE = ["Date", "Network", "Profile", "Audience", "Net Audience Growth", "Audience Gained",
                  "Sent Messages (Total)", "Published Posts (Total)", "Received Messages (Total)", "Impressions",
                  "Video Views", "Engagements", "Engagement Rate (per Impression)", "Reactions", "Comments", "Shares",
                  "Post Link Clicks", "Saves", "Other Post Clicks", "Other Engagements", "Sent posts (X)",
                  "Sent Quotes (X)", "Sent @Replies (X)", "Sent Direct Messages (X)", "Sent Posts (Facebook)",
                  "Sent Ad Posts (Facebook)", "Sent Comments (Facebook)", "Sent Ad Comments (Facebook)",
                  "Sent Private Messages (Facebook)", "Sent Posts (Instagram)", "Sent Stories (Instagram)",
                  "Sent Reels (Instagram)", "Sent Comments (Instagram)", "Sent Ad Comments (Instagram)",
                  "Sent Posts (Threads)", "Sent Quotes (Threads)", "Sent Comments (Threads)", "Sent Posts (LinkedIn)",
                  "Sent Comments (LinkedIn)", "Sent Direct Messages (LinkedIn)", "Sent Videos (TikTok)",
                  "Sent Comments (TikTok)", "Sent Pins (Pinterest)", "Sent Saves (Pinterest)",
                  "Sent Videos (YouTube)", "Received Mentions (X)", "Received Direct Messages (X)",
                  "Received Reposts (X)", "Received Quotes (X)", "Received New Follower Alerts (X)",
                  "Received Wall Posts (Facebook)", "Received Comments (Facebook)", "Received Ad Comments (Facebook)",
                  "Received Private Messages (Facebook)", "Received Comments (Instagram)",
                  "Received Ad Comments (Instagram)", "Received Mentions (Instagram)",
                  "Received Media Tags (Instagram)", "Received Posts (Threads)", "Received Comments (Threads)",
                  "Received Comments (LinkedIn)", "Received Direct Messages (LinkedIn)",
                  "Sent Direct Messages (Instagram)", "Received Direct Messages (Instagram)",
                  "Received Comments (TikTok)"]
_SENT_COLUMN = {"x": "Sent posts (X)", "facebook": "Sent Posts (Facebook)", "instagram": "Sent Posts (Instagram)",
                "linkedin": "Sent Posts (LinkedIn)", "pinterest": "Sent Pins (Pinterest)",
                "youtube": "Sent Videos (YouTube)", "tiktok": "Sent Videos (TikTok)"}


def _sprout_date(d: pd.Timestamp) -> str:
    return f"{d.month:02d}-{d.day:02d}-{d.year}"


def _pct(x: float) -> str:
    return f"{x * 100:.4f}%"


def sprout_competitors(frame: pd.DataFrame, hashtags: Sequence[str], rng: np.random.Generator) -> str:
    """Sprout Social Competitor Performance (7.1): every field quoted, CRLF, thousands separators, % strings."""
    rows = []
    for c in plain(frame.sort_values(["date", "channel", "account"], kind="stable")).itertuples():
        posts, eng = int(c.posts), int(c.engagements)
        start = c.followers - c.net_new
        photos = int(rng.binomial(posts, 0.5)) if posts else 0
        videos = posts - photos
        tags = ", ".join(hashtags[k % len(hashtags)] for k in range(int(rng.integers(0, 4)))) if posts else ""
        rows.append([_sprout_date(c.date), SPROUT_NETWORK[c.channel], c.account, thousands(c.followers),
                     thousands(c.net_new), str(posts), thousands(eng), thousands(round(eng / posts)) if posts else "0",
                     _pct(c.net_new / start) if start else "", "0", str(videos), str(photos), "0", "0",
                     thousands(int(eng * 0.9)), thousands(int(eng * 0.07)), thousands(eng - int(eng * 0.9) - int(eng * 0.07)),
                     tags])
    return csv_text(SPROUT_COMPETITORS, rows, quoting="all", eol="\r\n")


def sprout_profiles(daily: pd.DataFrame) -> str:
    """Sprout Social Profile Performance (7.1) for the client's own profiles: the daily follower level."""
    rows = []
    for d in plain(daily.sort_values(["date", "channel", "account"], kind="stable")).itertuples():
        values = dict.fromkeys(SPROUT_PROFILE, "")
        imp, eng = int(d.impressions), int(d.engagements)
        values.update({
            "Date": _sprout_date(d.date), "Network": SPROUT_NETWORK[d.channel], "Profile": d.account,
            "Audience": thousands(d.followers), "Net Audience Growth": thousands(d.net_new),
            "Audience Gained": thousands(d.gained), "Sent Messages (Total)": str(int(d.posts)),
            "Published Posts (Total)": str(int(d.posts)), "Impressions": thousands(imp),
            "Engagements": thousands(eng + d.link_clicks),
            "Engagement Rate (per Impression)": f"{(eng + d.link_clicks) / imp * 100:.2f}%" if imp else "",
            "Reactions": thousands(int(eng * 0.8)), "Comments": thousands(int(eng * 0.1)),
            "Shares": thousands(eng - int(eng * 0.8) - int(eng * 0.1)), "Post Link Clicks": thousands(d.link_clicks),
            _SENT_COLUMN[d.channel]: str(int(d.posts)),
        })
        rows.append([values[h] for h in SPROUT_PROFILE])
    return csv_text(SPROUT_PROFILE, rows, quoting="all", eol="\r\n")
