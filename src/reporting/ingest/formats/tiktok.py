"""TikTok exports (FORMATS 6): TikTok Studio section CSVs, the 2025 converted exports, TikTok Ads Manager.

TikTok Studio writes dates **without a year** in the UI language (``"February 28"``, ``"8 de
marzo"``, ``"16 July"``), one day per row, oldest first, the last day being the day before the
download. Years are assigned backwards from the export day: the file's modification day (when
the analyst downloaded it), unless the client's parameters name it (``import_options.tiktok``:
``export_day``, or ``export_days`` per file); ``reporting inspect`` says which. A video's
publish time comes from its id instead: TikTok ids carry their creation second in the top 32
bits (UTC), exact whatever the export says. The 2025 exports (``2025/10/31``, ``2025/10/31
18:19:10``) carry full dates in UTC.
"""

from __future__ import annotations

import datetime as dt
import re
from fnmatch import fnmatch
from functools import cache

import numpy as np
import pandas as pd

from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import extract, skip, time_given
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

MONTH_LOCALES = ("en", "es", "pt", "fr", "de", "it", "nl", "ru", "uk", "bg", "el", "tr", "id", "pl", "ro")
FULL_DAY = ["%Y/%m/%d", "%Y-%m-%d", "%m/%d/%Y"]
FULL_TIME = ["%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M:%S"]
_MONTH_FIRST = re.compile(r"^(?P<m>[^\W\d_]+)\.?\s+(?P<d>\d{1,2})$")
_DAY_FIRST = re.compile(r"^(?P<d>\d{1,2})\.?\s+(?:de\s+)?(?P<m>[^\W\d_]+)\.?$")
_KOREAN = re.compile(r"^(?P<m>\d{1,2})월\s*(?P<d>\d{1,2})일$")
OVERVIEW_COLUMNS = frozenset({"date", "video views", "profile views", "likes", "comments", "shares", "new followers"})
_VIDEO_ID = re.compile(r"/video/(\d{15,20})")
ZONE = ("Studio days are the account's days without a year (year from the download day); video publish "
        "times come from the video id (UTC)")


@cache
def month_names() -> dict[str, int]:
    """Month name (wide and abbreviated, format and stand-alone, many UI languages) -> month number."""
    from babel import Locale

    names: dict[str, int] = {}
    for code in MONTH_LOCALES:
        months = Locale(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names.setdefault(name.casefold().rstrip("."), number)
    return names


def month_day(text: str) -> tuple[int, int] | None:
    """``'February 28'``, ``'16 July'``, ``'8 de marzo'``, ``'28 апреля'``, ``'3월 8일'`` -> (month, day)."""
    text = " ".join(text.strip().split())
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _KOREAN):
        m = pattern.match(text)
        if m:
            month = m.group("m")
            number = int(month) if month.isdigit() else month_names().get(month.casefold())
            if number:
                return number, int(m.group("d"))
    return None


def assign_years(pairs: list[tuple[int, int] | None], reference: dt.date) -> list[dt.date | None]:
    """Dates for year-less (month, day) rows in chronological order, the last on or before ``reference``.

    Walking backwards, a month/day later than the following row's means the year changed.
    """
    out: list[dt.date | None] = [None] * len(pairs)
    year, after = reference.year, (reference.month, reference.day)
    for i in range(len(pairs) - 1, -1, -1):
        md = pairs[i]
        if md is None:
            continue
        if md > after:
            year -= 1
        try:
            out[i] = dt.date(year, *md)
        except ValueError:
            out[i] = None
        after = md
    return out


def export_day(ctx: Context) -> tuple[dt.date, str]:
    """The day year-less dates end on or before, and where it comes from (for ``reporting inspect``).

    The client's ``import_options.tiktok.export_days`` (a pattern matching the file's path under the
    data folder) wins over ``export_day``, which wins over the file's modification day.
    """
    options = ctx.params.import_options.tiktok if ctx.params is not None else None
    if options is not None and ctx.path is not None:
        try:
            rel = ctx.path.resolve().relative_to(ctx.params.data_path.resolve()).as_posix()
        except ValueError:
            rel = ctx.path.name
        for pattern, day in options.export_days.items():
            if fnmatch(rel, pattern) or fnmatch(ctx.path.name, pattern):
                return day, f"import_options.tiktok.export_days[{pattern!r}] in the client's parameters"
        if options.export_day is not None:
            return options.export_day, "import_options.tiktok.export_day in the client's parameters"
    return ctx.reference, ctx.reference_from


def year_note(column: str, example: str, ctx: Context) -> str:
    """What ``reporting inspect`` says about year-less dates: which day anchored them and how to change it."""
    day, origin = export_day(ctx)
    note = (f"'{column}' has no year ({example!r}): years were assigned so the last day falls on or before "
            f"{day:%Y-%m-%d}, {origin}")
    if "client's parameters" not in origin:
        note += (" (taken as the download day); if that is wrong, set import_options.tiktok.export_day (or "
                 "export_days for this file) in the client's parameters")
    return note


def studio_days(f: Fields, name: str, ctx: Context, notes: list[str] | None = None) -> pd.Series:
    """A Studio date column (full dates or year-less) as naive days; unreadable cells reject the row.

    When year-less dates were read, a note saying which day anchored their years is added to ``notes``.
    """
    raw = f.raw(name, required=True)
    f.mapping[f.column(name)] = "date"
    full, bad = _full_dates(raw)
    pairs = [month_day(v) if isinstance(v, str) and is_bad else None for v, is_bad in zip(raw, bad, strict=True)]
    if notes is not None and any(pairs):
        notes.append(year_note(f.column(name), next(v for v, p in zip(raw, pairs, strict=True) if p), ctx))
    dated = pd.to_datetime(pd.Series(assign_years(pairs, export_day(ctx)[0]), index=raw.index, dtype=object))
    out = full.where(full.notna(), dated.astype(full.dtype))
    unread = out.isna().to_numpy(dtype=bool) & raw.notna().to_numpy(dtype=bool)
    f.reject(unread, f.column(name), "unparseable date (expected e.g. 'February 28' or 2025/10/31): ", raw)
    f.reject(raw.isna().to_numpy(dtype=bool), f.column(name), "missing date")
    return out


def _full_dates(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    from reporting.ingest.fields import parse_times

    return parse_times(raw, FULL_DAY, None)


def video_times(links: pd.Series) -> pd.Series:
    """UTC creation time encoded in each TikTok video id (``id >> 32`` = Unix seconds)."""
    ids = links.astype("string").str.extract(_VIDEO_ID, expand=False)
    seconds = ids.map(lambda v: int(v) >> 32, na_action="ignore")
    return pd.to_datetime(seconds.astype("Float64"), unit="s", utc=True)


def _account(links: pd.Series) -> pd.Series:
    return links.astype("string").str.extract(r"tiktok\.com/@([^/?#]+)", expand=False).astype("string")


def _daily(f: Fields, ctx: Context, cols: dict[str, object]) -> list[Extract]:
    notes: list[str] = []
    base = {"date": studio_days(f, "Date", ctx, notes), "channel": "tiktok"}
    return [extract(f, "account_daily", base | cols, notes)]


@register
class Overview(Importer):
    name = "tiktok_overview"
    label = "TikTok Studio Overview"
    tables = ("account_daily",)
    signature = ("Date", "Video Views", "Profile Views")
    detects = "nothing but `Date, Video Views, Profile Views, Likes, Comments, Shares` (and `New followers`)"
    zone = ZONE
    doc = ("`Profile Views` -> profile_visits; `New followers` (newer variant) -> net_new (gross). Daily video "
           "views, likes, comments (which can be negative) and shares have no account_daily column.")

    def detect(self, probe: Probe) -> bool:
        return super().detect(probe) and probe.names <= OVERVIEW_COLUMNS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols = {"profile_visits": f.count("profile_visits", "Profile Views")}
        if f.has("New followers"):
            cols["net_new"] = f.count("net_new", "New followers")
        return _daily(f, ctx, cols)


@register
class FollowerHistory(Importer):
    name = "tiktok_follower_history"
    label = "TikTok Studio FollowerHistory"
    tables = ("account_daily",)
    signature = ("Date", "Followers", "Difference in followers from previous day")
    zone = ZONE
    doc = "`Followers` -> followers (`undefined` = missing), the day's difference -> net_new."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        return _daily(f, ctx, {
            "followers": f.count("followers", "Followers"),
            "net_new": f.count("net_new", "Difference in followers from previous day", signed=True),
        })


@register
class Viewers(Importer):
    name = "tiktok_viewers"
    label = "TikTok Studio Viewers"
    tables = ("account_daily",)
    signature = ("Date", "Total Viewers", "New Viewers")
    zone = ZONE
    doc = "`Total Viewers` (unique viewers of the day) -> reach."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        return _daily(f, ctx, {"reach": f.count("reach", "Total Viewers")})


@register
class FollowerActivity(Importer):
    name = "tiktok_follower_activity"
    label = "TikTok Studio FollowerActivity"
    tables = ()
    signature = ("Date", "Hour", "Active followers")
    zone = ZONE
    doc = "Active followers by hour of the last 7 days: no canonical table."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        return skip(table, "active followers by hour: no canonical table")


@register
class FollowerGender(Importer):
    name = "tiktok_follower_gender"
    label = "TikTok Studio FollowerGender"
    tables = ("demographics",)
    signature = ("Gender", "Distribution")
    zone = "no times"
    doc = "`Female/Male/Other` with 0-1 fractions -> demographics dimension `gender`."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        gender = f.text("gender", "Gender", required=True).str.casefold()
        cols = {"channel": "tiktok", "dimension": "gender", "basis": "followers",
                "gender": gender.replace({"others": "other"}),
                "share": f.share("share", "Distribution", percent=False)}
        return [extract(f, "demographics", cols)]


@cache
def _territories() -> dict[str, str]:
    from babel import Locale

    return dict(Locale("en").territories)


@register
class FollowerTerritories(Importer):
    name = "tiktok_follower_territories"
    label = "TikTok Studio FollowerTopTerritories"
    tables = ("demographics",)
    signature = ("Top territories", "Distribution")
    zone = "no times"
    doc = "ISO-2 codes -> English country names (`Others` -> `Other`), 0-1 fractions -> demographics `country`."

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        codes = f.text("location", "Top territories", required=True)
        names = codes.map(lambda c: "Other" if c.casefold() in ("others", "other")
                          else _territories().get(c.upper(), c), na_action="ignore")
        cols = {"channel": "tiktok", "dimension": "country", "basis": "followers", "location": names.astype("string"),
                "share": f.share("share", "Distribution", percent=False)}
        return [extract(f, "demographics", cols)]


@register
class Content(Importer):
    name = "tiktok_content"
    label = "TikTok Studio Content (video list)"
    tables = ("posts",)
    signature = ("Video title", "Video link", "Post time")
    zone = ZONE
    doc = ("Studio `Content.csv` (`Time`, `Total likes`...) and the 2025 video export (`Video views`, `Likes`, "
           "`Add to Favorites`). post_id and the exact publish time (UTC) from the id in `Video link`; without an "
           "id, `Post time` (full date in UTC, or year-less from the export day in `Time`).")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        links = f.text("post_id", "Video link", required=True)
        ids = links.str.extract(_VIDEO_ID, expand=False).astype("string")
        published = video_times(links)
        f.mapping[f.column("Video link")] = "post_id, account, published (from the video id)"
        missing = published.isna().to_numpy(dtype=bool)
        reliable = pd.Series(True, index=f.data.index, dtype="boolean")
        notes: list[str] = []
        if missing.any():
            stated, year_less = _post_times(f, ctx)
            published = published.where(~missing, stated)
            reliable = reliable.where(~missing, time_given(f.raw("Post time")))
            if (year_less & missing).any():
                notes.append(year_note("Post time", f.raw("Post time")[year_less & missing].iloc[0], ctx))
        cols = {
            "post_id": ids.fillna(links),
            "channel": "tiktok",
            "account": _account(links),
            "published": published,
            "time_reliable": reliable,
            "content_type": "video",
            "text": f.text("text", "Video title"),
            "likes": f.count("likes", "Total likes", "Likes"),
            "comments": f.count("comments", "Total comments", "Comments"),
            "shares": f.count("shares", "Total shares", "Shares"),
            "saves": f.count("saves", "Add to Favorites"),
            "video_views": f.count("video_views", "Total views", "Video views"),
        }
        f.reject(pd.Series(published).isna().to_numpy(dtype=bool), "Post time",
                 "no publish time: no video id in the link and an unreadable 'Post time'")
        as_of = None
        if f.has("Time"):
            export_days = studio_days(f, "Time", ctx, notes)
            as_of = export_days.max() if export_days.notna().any() else None
        return [extract(f, "posts", cols, notes, as_of=as_of)]


def _post_times(f: Fields, ctx: Context) -> tuple[pd.Series, np.ndarray]:
    """``Post time`` as UTC (full times in UTC, year-less days at local midnight) and which cells had no year."""
    from reporting.ingest.fields import parse_times

    raw = f.raw("Post time")
    full, bad = parse_times(raw, FULL_TIME + FULL_DAY, "UTC")
    ref = export_day(ctx)[0]
    days = [month_day(v) if isinstance(v, str) and b else None for v, b in zip(raw, bad, strict=True)]
    for i, md in enumerate(days):
        if md is not None:
            year = ref.year if md <= (ref.month, ref.day) else ref.year - 1
            try:
                full.iloc[i] = pd.Timestamp(dt.date(year, *md)).tz_localize(ctx.tz).tz_convert("UTC")
            except ValueError:
                continue
    return full, np.array([md is not None for md in days], dtype=bool)


@register
class Audience2025(Importer):
    name = "tiktok_2025_daily"
    label = "TikTok 2025 daily export (overview / audience)"
    tables = ("account_daily",)
    detects = "`Date`, `Reached audience` and `Profile views` or `Total followers`"
    zone = "`Date` = `2025/10/31`, the account's day"
    doc = ("`Date, Video views, Reached audience, Profile views, ..., Net growth, New followers, Lost followers` and "
           "`Date, New followers, Total followers, Reached audience, Engaged audience`: reach = `Reached audience`, "
           "profile_visits = `Profile views`, net_new = `Net growth` (else new - lost), followers = `Total "
           "followers`; `NAN` and `--` are missing.")

    def detect(self, probe: Probe) -> bool:
        return probe.has("Date", "Reached audience") and probe.any("Profile views", "Total followers")

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cols: dict[str, object] = {"reach": f.count("reach", "Reached audience")}
        if f.has("Profile views"):
            cols["profile_visits"] = f.count("profile_visits", "Profile views")
        if f.has("Net growth"):
            cols["net_new"] = f.count("net_new", "Net growth", signed=True)
        elif f.has("Lost followers"):
            cols["net_new"] = (f.count("net_new", "New followers") - f.count("net_new", "Lost followers")).astype("Int64")
        if f.has("Total followers"):
            cols["followers"] = f.count("followers", "Total followers")
        return _daily(f, ctx, cols)


@register
class AdsManager(Importer):
    name = "tiktok_ads_manager"
    label = "TikTok Ads Manager export"
    tables = ("spend",)
    detects = "`Date`, `Campaign name` and a `Cost (<currency>)` column"
    zone = "`Date` = the ad account's day"
    doc = "`Date, Campaign name, Cost (<CUR>), Impressions, Clicks (destination)` -> spend (channel tiktok)."

    def detect(self, probe: Probe) -> bool:
        return probe.has("Date", "Campaign name") and any(n.startswith("cost (") or n == "cost" for n in probe.names)

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        cost = next(h for h in table.raw_header if norm(h).startswith("cost"))
        cols = {
            "date": f.day("date", "Date", formats=FULL_DAY),
            "channel": "tiktok",
            "campaign": f.text("campaign", "Campaign name"),
            "spend": f.number("spend", cost, required=True, money=True),
            "impressions": f.count("impressions", "Impressions"),
            "clicks": f.count("clicks", "Clicks (destination)", "Clicks"),
            "results": f.count("results", "Conversions", "Results"),
        }
        return [extract(f, "spend", cols)]
