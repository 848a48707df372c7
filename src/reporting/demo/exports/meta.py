"""Meta exports (FORMATS.md 2.3, 2.5, 2.6, 2.7, 3.1): posts, daily series, audience, ads.

Times in post exports are the page's local time without a zone (we write
the client's zone); daily series are calendar days. Header quoting, BOM,
UTF-16 and the column drift between export vintages follow the real files.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reporting.demo.exports.files import plain, csv_text

FB_POST_TYPE = {"photo": "Photos", "video": "Videos", "reel": "Reels", "link": "Links", "text": "Status",
                "carousel": "Photos"}
IG_POST_TYPE = {"photo": "IG image", "carousel": "IG carousel", "reel": "IG reel", "video": "IG reel"}

# Three vintages of the Facebook post export (2.3): 38 columns (two "Views"), 35, 31.
FB_38 = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
         "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
         "Funded content status", "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares",
         "Reactions", "Comments", "Shares", "Total clicks", "Views", "Reach from Organic posts",
         "Reach from Boosted posts", "3-second video views", "1-minute video views", "3-Second viewers",
         "1-minute viewers", "3-second video views from Boosted posts", "3-second video views from Organic posts",
         "Negative feedback from users", "Unique negative feedback from users", "Other Clicks",
         "Matched Audience Targeting Consumption (Photo Click)", "Link Clicks"]
FB_35 = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
         "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
         "Funded content status", "Data comment", "Date", "Views", "Views from Organic posts",
         "Views from Boosted posts", "Reach", "Reach from Organic posts", "Reach from Boosted posts",
         "3-second video views", "1-minute video views", "3-Second viewers", "1-minute viewers",
         "3-second video views from Boosted posts", "3-second video views from Organic posts",
         "Reactions, Comments and Shares", "Reactions", "Comments", "Shares", "Seconds viewed",
         "Average Seconds viewed"]
FB_31 = ["Post ID", "Page ID", "Page name", "Title", "Description", "Duration (sec)", "Publish time",
         "Caption type", "Permalink", "Is crosspost", "Is share", "Post type", "Languages", "Custom labels",
         "Funded content status", "Data comment", "Date", "Views", "Reach", "Reactions, Comments and Shares",
         "Reactions", "Comments", "Shares", "Total clicks", "Link Clicks", "Other Clicks",
         "Matched Audience Targeting Consumption (Photo Click)", "Seconds viewed", "Average Seconds viewed",
         "Estimated earnings (USD)", "Ad impressions"]
FB_HEADERS = {38: FB_38, 35: FB_35, 31: FB_31}

IG_18 = ["Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
         "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes", "Shares",
         "Comments", "Saves", "Follows"]
IG_18_LATE = ["Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
              "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes",
              "Shares", "Follows", "Comments", "Saves"]

ADS_HEADER = ["Reporting starts", "Reporting ends", "Ad name", "Ad delivery", "Ad set name", "Bid", "Bid type",
              "Ad set budget", "Ad set budget type", "Last significant edit", "Attribution setting", "Results",
              "Result indicator", "Reach", "Impressions", "Cost per results", "Quality ranking",
              "Engagement rate ranking", "Conversion rate ranking", "Amount spent ({cur})", "Ends",
              "Total messaging contacts", "New messaging contacts", "Purchases", "Cost per purchase ({cur})",
              "Purchases conversion value", "Purchase ROAS (return on ad spend)",
              "Cost per new messaging contact ({cur})", "Messaging conversations started",
              "Cost per messaging conversation started ({cur})", "Orders created", "Orders shipped", "Link clicks"]


def _publish_time(ts: pd.Timestamp) -> str:
    return f"{ts.month:02d}/{ts.day:02d}/{ts.year} {ts.hour:02d}:{ts.minute:02d}"


def _duration(content_type: str, post_id: str) -> int:
    if content_type in ("video", "reel", "short"):
        return 15 + int(post_id[-4:]) % 160
    return 0


def facebook_posts(posts: pd.DataFrame, page_name: str, page_id: str, handle: str, columns: int) -> str:
    """Meta Business Suite Facebook post export in one of three vintages (38, 35 or 31 columns)."""
    header = FB_HEADERS[columns]
    rows = []
    for p in plain(posts).itertuples():
        video = p.content_type in ("video", "reel")
        boosted = int(round(p.reach * 0.45)) if p.paid else 0
        views = int(p.impressions)
        v3 = int(p.video_views) if video else 0
        duration = _duration(p.content_type, p.post_id)
        seconds = v3 * min(duration, 12) if video else ""
        engagement = int(p.likes + p.comments + p.shares)
        clicks = int(p.link_clicks)
        other = int(p.reach * 0.03)
        values = {
            "Post ID": p.post_id, "Page ID": page_id, "Page name": page_name, "Title": p.text, "Description": "",
            "Duration (sec)": duration, "Publish time": _publish_time(p.published),
            "Caption type": "auto" if video else "N/A",
            "Permalink": f"https://www.facebook.com/{handle}/posts/{p.post_id}", "Is crosspost": 0, "Is share": 0,
            "Post type": FB_POST_TYPE[p.content_type], "Languages": "", "Custom labels": p.campaign,
            "Funded content status": "", "Data comment": "", "Date": "Lifetime", "Views": views,
            "Views from Organic posts": views - int(views * 0.45) if p.paid else views,
            "Views from Boosted posts": int(views * 0.45) if p.paid else 0,
            "Reach": int(p.reach), "Reach from Organic posts": int(p.reach) - boosted,
            "Reach from Boosted posts": boosted, "3-second video views": v3,
            "1-minute video views": int(v3 * 0.2), "3-Second viewers": int(v3 * 0.9),
            "1-minute viewers": int(v3 * 0.18), "3-second video views from Boosted posts": int(v3 * 0.45) if p.paid else 0,
            "3-second video views from Organic posts": v3 - (int(v3 * 0.45) if p.paid else 0),
            "Reactions, Comments and Shares": engagement, "Reactions": int(p.likes), "Comments": int(p.comments),
            "Shares": int(p.shares), "Seconds viewed": seconds,
            "Average Seconds viewed": round(seconds / v3, 2) if video and v3 else "",
            "Total clicks": clicks + other, "Link Clicks": clicks, "Other Clicks": other,
            "Matched Audience Targeting Consumption (Photo Click)": int(p.reach * 0.02) if not video else 0,
            "Negative feedback from users": int(p.reach * 0.001), "Unique negative feedback from users": int(p.reach * 0.001),
            "Estimated earnings (USD)": "", "Ad impressions": "",
        }
        row = [values[h] for h in header]
        if columns == 31 and not video and int(p.post_id[-2:]) < 3:
            row = row[:27]  # the real 31-column export omits trailing empty fields on some rows
        rows.append(row)
    return csv_text(header, rows, quoting="spaces")


def instagram_posts(posts: pd.DataFrame, username: str, account_name: str, account_id: str,
                    late_order: bool = False) -> str:
    """Meta Business Suite Instagram post export (3.1), in either observed metric order."""
    header = IG_18_LATE if late_order else IG_18
    rows = []
    for p in plain(posts).itertuples():
        kind = "reel" if p.content_type in ("reel", "video") else "p"
        code = _shortcode(p.post_id)
        values = {
            "Post ID": p.post_id, "Account ID": account_id, "Account username": username,
            "Account name": account_name, "Description": p.text,
            "Duration (sec)": _duration(p.content_type, p.post_id) if kind == "reel" else 0,
            "Publish time": _publish_time(p.published),
            "Permalink": f"https://www.instagram.com/{kind}/{code}/", "Post type": IG_POST_TYPE[p.content_type],
            "Data comment": "", "Date": "Lifetime", "Views": int(p.impressions), "Reach": int(p.reach),
            "Likes": int(p.likes), "Shares": int(p.shares), "Comments": int(p.comments), "Saves": int(p.saves),
            "Follows": int(p.reach * 0.002),
        }
        rows.append([values[h] for h in header])
    return csv_text(header, rows, quoting="spaces")


def _shortcode(post_id: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
    n = int(post_id)
    out = []
    for _ in range(11):
        n, r = divmod(n, 64)
        out.append(alphabet[r])
    return "".join(out)


def daily_series(title: str, dates: Sequence[pd.Timestamp], values: Sequence[int]) -> str:
    """One Meta per-metric daily file (2.5 dialect A): ``sep=,``, title, ``"Date","Primary"``."""
    lines = ["sep=,", f'"{title}"', '"Date","Primary"']
    lines += [f'"{d:%Y-%m-%d}T00:00:00","{int(v)}"' for d, v in zip(dates, values, strict=True)]
    return "\n".join(lines) + "\n\n"


def audience(demo: pd.DataFrame) -> str:
    """Meta ``Audience.csv`` (2.6, 2025 dialect): age & gender, top countries, top cities blocks."""
    ag = demo[demo["dimension"] == "age_gender"]
    bands = list(dict.fromkeys(ag["age_band"]))
    lines = ["sep=,", '"Age & gender"', '"","Women","Men"']
    for band in bands:
        cell = ag[ag["age_band"] == band].set_index("gender")["share"]
        lines.append(f'"{band}","{_pct(cell.get("female", 0))}","{_pct(cell.get("male", 0))}"')
    for title, dim in (("Top countries", "country"), ("Top cities", "city")):
        block = demo[demo["dimension"] == dim]
        lines += ["", f'"{title}"', ",".join(f'"{x}"' for x in block["location"]),
                  ",".join(f'"{_pct(x)}"' for x in block["share"])]
    return "\n".join(lines) + "\n\n"


def _pct(share: float) -> str:
    text = f"{share * 100:.1f}"
    return text[:-2] if text.endswith(".0") else text


def ads_manager(spend: pd.DataFrame, currency: str, tz: str, rng: np.random.Generator) -> str:
    """Meta Ads Manager export (2.7, 33-column CSV), one row per ad per day (breakdown by day)."""
    header = [h.format(cur=currency) for h in ADS_HEADER]
    edits = _edit_times(spend["date"], rng, tz)
    rows = []
    for s, edit in zip(plain(spend).itertuples(), edits, strict=True):
        day = f"{s.date:%Y-%m-%d}"
        results = int(s.results)
        rows.append([
            day, day, s.campaign, "not_delivering", s.campaign, 0, "ABSOLUTE_OCPM", "Using campaign budget", 0,
            edit, "7-day click or 1-day view", results, "actions:link_click", int(s.impressions * 0.7),
            int(s.impressions), round(s.spend / results, 6) if results else "", "-", "-", "-",
            round(float(s.spend), 2), "", "", "", "", "", "", "", "", "", "", "", "", int(s.clicks),
        ])
    return csv_text(header, rows, quoting="spaces")


def _edit_times(days: pd.Series, rng: np.random.Generator, tz: str) -> list[str]:
    """``2025-08-18T19:17:25+0800``: the ad set's last edit, days before, with the offset Ads Manager writes."""
    back = pd.to_timedelta(rng.integers(3, 20, len(days)), "D")
    minutes = pd.to_timedelta(600 + rng.integers(10, 59, len(days)), "min")
    stamps = (pd.DatetimeIndex(days) - back + minutes).tz_localize(tz, nonexistent="shift_forward", ambiguous=False)
    return list(stamps.strftime("%Y-%m-%dT%H:%M:%S%z"))
