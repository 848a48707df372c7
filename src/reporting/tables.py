"""Canonical tables: the one shape every importer produces and every report reads.

Each table is a list of :class:`Column` (name, dtype, unit, meaning). Importers
normalise platform exports into these frames; :func:`conform` enforces the
column set and dtypes so a report never meets a surprise column or type.

Times are timezone-aware timestamps in the **client's** time zone (importers
convert from each platform's own zone). Dates (``date`` columns) are calendar
days in the client's zone, stored as ``datetime64[ns]`` at midnight, naive.
Counts are nullable integers (``Int64``): missing stays missing, never zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Column:
    """One canonical column: its name, pandas dtype, unit and meaning."""

    name: str
    dtype: str
    unit: str
    meaning: str
    required: bool = False


TS = "datetime64[ns, tz]"  # marker: tz-aware in the client's zone
DATE = "datetime64[ns]"
STR = "string"
INT = "Int64"
FLOAT = "Float64"
BOOL = "boolean"

POSTS = [
    Column("post_id", STR, "", "Platform id of the post, unique within a channel", True),
    Column("channel", STR, "", "facebook, instagram, x, linkedin, youtube, tiktok, pinterest", True),
    Column("account", STR, "", "Handle or page name that published the post"),
    Column("published", TS, "client tz", "Publication time", True),
    Column("content_type", STR, "", "photo, video, reel, link, text, carousel, story, article, short"),
    Column("text", STR, "", "Post text as published (untrusted)"),
    Column("campaign", STR, "", "Campaign name when known"),
    Column("paid", BOOL, "", "True when the post was boosted or promoted"),
    Column("impressions", INT, "count", "Times the post was shown"),
    Column("reach", INT, "people", "Unique accounts that saw the post"),
    Column("likes", INT, "count", "Reactions / likes"),
    Column("comments", INT, "count", "Comments / replies"),
    Column("shares", INT, "count", "Shares / reposts / retweets"),
    Column("saves", INT, "count", "Saves / bookmarks"),
    Column("link_clicks", INT, "count", "Clicks on links in the post"),
    Column("video_views", INT, "count", "Video views as the platform counts them"),
    Column("spend", FLOAT, "client currency", "Boost / promotion spend attributed to the post"),
    Column("time_reliable", BOOL, "", "False when `published` has no real time of day (a date-only export: midnight "
           "placeholder; Meta's minutes = month bug); True when the export gives the time; missing when unknown"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

ACCOUNT_DAILY = [
    Column("date", DATE, "client day", "Calendar day", True),
    Column("channel", STR, "", "Channel", True),
    Column("account", STR, "", "Handle or page name"),
    Column("followers", INT, "people", "Followers / fans at the end of the day"),
    Column("net_new", INT, "people", "New followers minus unfollows during the day"),
    Column("impressions", INT, "count", "Account impressions during the day"),
    Column("reach", INT, "people", "Unique accounts reached during the day"),
    Column("profile_visits", INT, "count", "Profile / page visits"),
    Column("video_views", INT, "count", "Video views during the day, all of the channel's videos (YouTube)"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

MENTIONS = [
    Column("mention_id", STR, "", "Id from the listening tool (or a content hash)", True),
    Column("time", TS, "client tz", "When the mention was published", True),
    Column("channel", STR, "", "Source channel: x, facebook, instagram, news, blog, forum, reviews, ..."),
    Column("source", STR, "", "Site or domain the mention appeared on"),
    Column("author", STR, "", "Author handle or name (untrusted)"),
    Column("author_followers", INT, "people", "Author's followers at the time"),
    Column("text", STR, "", "Mention text (untrusted: may hold HTML, formulas, RTL marks)"),
    Column("language", STR, "", "ISO 639-1 code"),
    Column("sentiment", STR, "", "positive, negative or neutral"),
    Column("sentiment_origin", STR, "", "'export' when the tool supplied it, 'computed' when we did"),
    Column("reach", INT, "people", "Estimated reach / impressions of the mention"),
    Column("engagement", INT, "count", "Likes + comments + shares on the mention"),
    Column("brand", STR, "", "Tracked brand matched (one row per brand a mention names)"),
    Column("hashtags", STR, "", "Space-separated hashtags, lower-cased, without '#'"),
    Column("url", STR, "", "Link to the mention"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

WEB_TRAFFIC = [
    Column("date", DATE, "client day", "Calendar day", True),
    Column("source", STR, "", "Traffic source, e.g. facebook.com, l.instagram.com, linkedin; `(all sources)` for "
           "a site total from an export without a source dimension (never add it to per-source rows)", True),
    Column("medium", STR, "", "Traffic medium, e.g. social, referral, cpc"),
    Column("channel", STR, "", "Social channel the source maps to, empty when not social"),
    Column("sessions", INT, "count", "Sessions"),
    Column("users", INT, "people", "Users (GA4 `Total users`, else `Active users`) of the day: not additive across "
           "days"),
    Column("new_users", INT, "people", "First-time users of the day"),
    Column("engaged_sessions", INT, "count", "Engaged sessions (GA4: longer than 10 s, a key event or 2+ views)"),
    Column("conversions", INT, "count", "Conversions / key events (leads, sign-ups, orders)"),
    Column("revenue", FLOAT, "client currency", "Revenue attributed to the source"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

SPEND = [
    Column("date", DATE, "client day", "Calendar day", True),
    Column("channel", STR, "", "Channel", True),
    Column("campaign", STR, "", "Campaign name"),
    Column("spend", FLOAT, "client currency", "Amount spent", True),
    Column("impressions", INT, "count", "Paid impressions"),
    Column("clicks", INT, "count", "Paid clicks"),
    Column("results", INT, "count", "Results as the ad tool counts them (leads, purchases)"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

RESPONDENTS = [
    Column("respondent_id", STR, "", "Survey / CRM id", True),
    Column("age", FLOAT, "years", "Age"),
    Column("gender", STR, "", "female, male, other, unknown"),
    Column("location", STR, "", "City or area"),
    Column("distance_km", FLOAT, "km", "Distance from the business (local clients)"),
    Column("income_band", STR, "", "Income band label"),
    Column("interests", STR, "", "';'-separated interests"),
    Column("values", STR, "", "';'-separated values"),
    Column("challenges", STR, "", "';'-separated challenges"),
    Column("channels", STR, "", "';'-separated channels used (canonical channel names)"),
    Column("hours_per_day", FLOAT, "hours", "Time spent on social media per day"),
    Column("active_hours", STR, "", "';'-separated dayparts: morning, midday, evening, night"),
    Column("content_preferences", STR, "", "';'-separated preferred content types"),
    Column("purchased", BOOL, "", "Has bought from the client"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

DEMOGRAPHICS = [
    Column("channel", STR, "", "Channel", True),
    Column("dimension", STR, "", "age_gender, age, gender, country, city, subscription, total", True),
    Column("age_band", STR, "", "13-17, 18-24, 25-34, 35-44, 45-54, 55-64, 65+"),
    Column("gender", STR, "", "female, male, other, unknown"),
    Column("location", STR, "", "Country, or city with its region and country as the export names them"),
    Column("segment", STR, "", "Other audience segment: YouTube subscription status (subscribed, not_subscribed)"),
    Column("share", FLOAT, "0-1", "Share of the channel's `basis` (1 on a `total` row)"),
    Column("count", INT, "count", "Count of the `basis` when the export gives counts (followers, views)"),
    Column("basis", STR, "", "What the share is of: followers, views (YouTube: share of views), page_views "
           "(LinkedIn visitors)"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

COMPETITOR_ACCOUNTS = [
    Column("date", DATE, "client day", "Calendar day (or period start)", True),
    Column("brand", STR, "", "Competitor (or own) brand name", True),
    Column("channel", STR, "", "Channel", True),
    Column("account", STR, "", "Handle"),
    Column("followers", INT, "people", "Followers at the end of the day"),
    Column("posts", INT, "count", "Posts published that day"),
    Column("engagements", INT, "count", "Engagements on that day's posts"),
    Column("source_file", STR, "", "Export file the row was read from"),
]

TABLES: dict[str, list[Column]] = {
    "posts": POSTS,
    "account_daily": ACCOUNT_DAILY,
    "mentions": MENTIONS,
    "web_traffic": WEB_TRAFFIC,
    "spend": SPEND,
    "respondents": RESPONDENTS,
    "demographics": DEMOGRAPHICS,
    "competitor_accounts": COMPETITOR_ACCOUNTS,
}

# Rows with the same key are the same record seen in two exports; the latest wins.
KEYS: dict[str, list[str]] = {
    "posts": ["channel", "post_id"],
    "account_daily": ["channel", "account", "date"],
    "mentions": ["mention_id", "brand"],
    "web_traffic": ["date", "source", "medium"],
    "spend": ["date", "channel", "campaign"],
    "respondents": ["respondent_id"],
    "demographics": ["channel", "basis", "dimension", "age_band", "gender", "location", "segment"],
    "competitor_accounts": ["date", "brand", "channel", "account"],
}


def empty(table: str, tz: str = "UTC") -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes, so reports handle 'no data' uniformly."""
    return conform(pd.DataFrame(), table, tz)


def conform(df: pd.DataFrame, table: str, tz: str = "UTC") -> pd.DataFrame:
    """Return ``df`` with exactly the table's columns, in order, with canonical dtypes.

    Missing optional columns are added as all-missing; extra columns are dropped.
    Tz-aware columns are converted to ``tz``; naive ones are taken as ``tz`` already.
    """
    out = pd.DataFrame(index=df.index)
    for col in TABLES[table]:
        values = df[col.name] if col.name in df.columns else pd.Series(pd.NA, index=df.index)
        out[col.name] = _cast(values, col.dtype, tz)
    return out.reset_index(drop=True)


def _cast(values: pd.Series, dtype: str, tz: str) -> pd.Series:
    if dtype == TS:
        ts = pd.to_datetime(values, errors="coerce")
        if getattr(ts.dt, "tz", None) is None:
            return ts.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.as_unit("ns")
        return ts.dt.tz_convert(tz).dt.as_unit("ns")
    if dtype == DATE:
        ts = pd.to_datetime(values, errors="coerce")
        if getattr(ts.dt, "tz", None) is not None:
            ts = ts.dt.tz_convert(tz).dt.tz_localize(None)
        return ts.dt.normalize().dt.as_unit("ns")
    if dtype in (INT, FLOAT):
        num = pd.to_numeric(values, errors="coerce")
        if dtype == INT:
            return num.round().astype(INT)
        return num.astype(FLOAT)
    if dtype == BOOL:
        return values.astype(BOOL)
    return values.astype(STR)


def describe() -> pd.DataFrame:
    """All canonical columns as one frame: the data dictionary shown in docs and reports."""
    rows = [
        {"table": t, "column": c.name, "type": c.dtype, "unit": c.unit, "meaning": c.meaning,
         "required": c.required}
        for t, cols in TABLES.items()
        for c in cols
    ]
    return pd.DataFrame(rows)
