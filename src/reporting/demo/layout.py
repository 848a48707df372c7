"""Which export files a demo client's analyst would have downloaded, written from the simulated tables.

Each client gets a realistic mix: native platform exports where a platform
has one, a listening tool, GA4, Sprout Social for competitors and follower
levels, and the plain CSV template for the rest. Long histories are split
the way analysts download them (quarters, months, years), some with
overlapping days so importers must de-duplicate.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from reporting.demo.context import Context
from reporting.demo.exports import files, meta, other, platforms
from reporting.demo.exports import listening as tools
from reporting.demo.phrases import BRAND_HASHTAGS

Written = list[dict[str, str]]


def write_all(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    """Write every export for one client into ``out``; returns one {file, format, table} per file."""
    written: Written = []
    truth = {name: files.plain(frame) for name, frame in truth.items()}
    for step in (_owned_posts, _account_daily, _demographics, _spend, _mentions, _competitors, _web, _survey):
        written += step(ctx, truth, out)
    return written


def _chunks(first: dt.date, last: dt.date, months: int, overlap_days: int = 0) -> Iterator[tuple[dt.date, dt.date]]:
    """Calendar chunks of ``months`` months, each extended by ``overlap_days`` into the next."""
    start = first.replace(day=1)
    while start <= last:
        y, m = divmod(start.month - 1 + months, 12)
        nxt = dt.date(start.year + y, m + 1, 1)
        yield max(start, first), min(nxt - dt.timedelta(days=1) + dt.timedelta(days=overlap_days), last)
        start = nxt


def _in(frame: pd.DataFrame, column: str, a: dt.date, b: dt.date) -> pd.DataFrame:
    values = frame[column]
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    day = values.dt.normalize()
    return frame[(day >= pd.Timestamp(a)) & (day <= pd.Timestamp(b))]


def _numeric_id(*parts: str) -> str:
    return str(10**14 + zlib.crc32("/".join(parts).encode()) * 1000 % 9 * 10**13 + zlib.crc32(parts[-1].encode()))


def _record(path: Path, fmt: str, table: str) -> dict[str, str]:
    return {"file": path.name, "format": fmt, "table": table}


def _owned_posts(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    posts, daily, windows = truth["posts"], truth["account_daily"], truth["campaign_windows"]
    written: Written = []
    prof = ctx.profile
    for channel in ctx.params.channels:
        # one channel per client is downloaded in chunks that overlap by a week: the same post in two files
        overlap = 7 if channel == prof.overlap_channel else 0
        for handle in ctx.handles(channel):
            mine = posts[(posts["channel"] == channel) & (posts["account"] == handle)]
            if channel == "facebook":
                page_id = _numeric_id(ctx.params.client_id, "fb")
                for a, b in _chunks(ctx.first, ctx.last, 3, overlap_days=overlap):
                    path = out / f"{files.us_date(a)}_{files.us_date(b)}_{page_id}.csv"
                    text = meta.facebook_posts(_in(mine, "published", a, b), ctx.params.display_name, page_id,
                                               handle, prof.facebook_columns)
                    written.append(_record(files.write(path, text, "utf-8-sig"),
                                           f"meta_facebook_posts_{prof.facebook_columns}", "posts"))
            elif channel == "instagram":
                account_id = "1784" + _numeric_id(ctx.params.client_id, "ig")[:13]
                for a, b in _chunks(ctx.first, ctx.last, 1 if overlap else 12, overlap_days=overlap):
                    path = out / f"{files.us_date(a)}_{files.us_date(b)}_{account_id}.csv"
                    text = meta.instagram_posts(_in(mine, "published", a, b), handle, ctx.params.display_name,
                                                account_id, late_order=prof.instagram_late_order)
                    written.append(_record(files.write(path, text, "utf-8-sig"), "meta_instagram_posts", "posts"))
            elif channel == "x":
                main = handle == ctx.handle("x")
                for a, b in _chunks(ctx.first, ctx.last, 3 if main else 6, overlap_days=overlap if main else 0):
                    part = _in(mine, "published", a, b)
                    if not main and part.empty:
                        continue  # nobody downloads an empty export of the abandoned account
                    path = out / f"account_analytics_content_{a:%Y-%m-%d}_{b:%Y-%m-%d}.csv"
                    if path.exists():
                        path = path.with_name(path.stem + " (1).csv")
                    written.append(_record(files.write(path, platforms.x_posts(part, handle)), "x_posts_2026", "posts"))
            elif channel == "linkedin":
                acc = daily[(daily["channel"] == channel) & (daily["account"] == handle)]
                for a, b in _chunks(ctx.first, ctx.last, 12):
                    sheets = platforms.linkedin_updates(_in(mine, "published", a, b), _in(acc, "date", a, b),
                                                        windows, ctx.params.display_name)
                    path = out / f"{handle}_updates_{a:%Y%m%d}-{b:%Y%m%d}.xlsx"
                    written.append(_record(files.write_xlsx(path, sheets), "linkedin_updates", "posts"))
            elif channel == "youtube":
                path = out / "Table data.csv"
                written.append(_record(files.write(path, platforms.youtube_table(mine)), "youtube_table", "posts"))
            else:
                path = out / f"{channel}-posts.csv"
                written.append(_record(files.write(path, other.template(mine, "posts")), "template", "posts"))
    return written


# Follower levels and net growth come from Sprout Social (below); Meta's daily files add reach and
# visits. The Instagram reach file's title is just "Reach": its name says the platform, as analysts do.
META_SERIES = {
    "facebook": (("Facebook reach", "reach", "Reach.csv"), ("Facebook visits", "profile_visits", "Visits.csv")),
    "instagram": (("Reach", "reach", "IG_REACH.csv"),
                  ("Instagram profile visits", "profile_visits", "Visits (1).csv")),
}


def _account_daily(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    daily = truth["account_daily"]
    written: Written = []
    for channel, series in META_SERIES.items():
        if channel not in ctx.params.channels:
            continue
        acc = daily[(daily["channel"] == channel) & (daily["account"] == ctx.handle(channel))]
        for title, column, name in series:
            text = meta.daily_series(title, list(acc["date"]), list(acc[column]))
            written.append(_record(files.write(out / name, text, "utf-16"), "meta_daily_series", "account_daily"))
    if "x" in ctx.params.channels:
        acc = daily[(daily["channel"] == "x") & (daily["account"] == ctx.handle("x"))]
        text = platforms.x_overview(acc, ctx.rng("x-overview"))
        written.append(_record(files.write(out / "account_overview_analytics.csv", text), "x_overview",
                               "account_daily"))
    if "linkedin" in ctx.params.channels:
        handle = ctx.handle("linkedin")
        acc = daily[(daily["channel"] == "linkedin") & (daily["account"] == handle)]
        demo = truth["demographics"][truth["demographics"]["channel"] == "linkedin"]
        path = out / f"{handle}_followers_{ctx.first:%Y%m%d}-{ctx.last:%Y%m%d}.xlsx"
        written.append(_record(files.write_xlsx(path, platforms.linkedin_followers(acc, demo)), "linkedin_followers",
                               "account_daily"))
    # Sprout Social holds the follower level of every owned profile, both X handles included
    path = out / f"Profile Performance ({ctx.params.display_name}) {files.long_date(ctx.first)} - " \
                 f"{files.long_date(ctx.last)}.csv"
    written.append(_record(files.write(_safe(path), platforms.sprout_profiles(daily)), "sprout_profile_performance",
                           "account_daily"))
    return written


def _safe(path: Path) -> Path:
    """File names from display names: keep letters in any script, drop path separators."""
    return path.with_name(path.name.replace("/", "-").replace("&", "and"))


def _demographics(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    demo = truth["demographics"]
    written: Written = []
    if "facebook" in ctx.params.channels:
        text = meta.audience(demo[demo["channel"] == "facebook"])
        written.append(_record(files.write(out / "Audience.csv", text, "utf-16"), "meta_audience", "demographics"))
    rest = demo[~demo["channel"].isin(["facebook", "linkedin"])]
    if len(rest):
        written.append(_record(files.write(out / "demographics.csv", other.template(rest, "demographics")),
                               "template", "demographics"))
    return written


def _spend(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    spend = truth["spend"]
    written: Written = []
    fb = spend[spend["channel"] == "facebook"]
    if len(fb):
        for a, b in _chunks(ctx.first, ctx.last, 1):
            part = _in(fb, "date", a, b)
            if part.empty:
                continue
            name = f"{ctx.params.client_id}-Ads-{files.MONTHS[a.month - 1]}-{a.day}-{a.year}-" \
                   f"{files.MONTHS[b.month - 1]}-{b.day}-{b.year}.csv"
            text = meta.ads_manager(part, ctx.params.currency, ctx.tz, ctx.rng("ads", f"{a}"))
            written.append(_record(files.write(out / name, text), "meta_ads_manager", "spend"))
    rest = spend[spend["channel"] != "facebook"]
    if len(rest):
        written.append(_record(files.write(out / "spend.csv", other.template(rest, "spend")), "template", "spend"))
    return written


def _mentions(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    mentions = truth["mentions"]
    prof = ctx.profile
    written: Written = []
    if prof.mention_tool == "meltwater":
        keywords = {ctx.params.display_name: list(ctx.params.keywords) or [ctx.params.display_name]}
        keywords |= {c.name: list(c.keywords) or [c.name] for c in ctx.params.competitors}
        for a, b in _chunks(ctx.first, ctx.last, 3):
            part = _in(mentions, "time", a, b)
            text = tools.meltwater(part, keywords, ctx.lang, prof.sentiment_share)
            path = out / f"Meltwater_export_{a:%Y%m%d}_{b:%Y%m%d}.csv"
            written.append(_record(files.write(path, text, "utf-16"), "meltwater", "mentions"))
        return written
    query_ids = {b: 1_998_000_000 + zlib.crc32(b.encode()) % 900_000 for b in ctx.params.brands()}
    for a, b in _chunks(ctx.first, ctx.last, 1):
        part = _in(mentions, "time", a, b)
        text = tools.brandwatch(part, ctx.params.display_name, query_ids, f"{a:%Y-%m-%d}", f"{b:%Y-%m-%d}",
                                prof.sentiment_share, ctx.lang, ctx.tz)
        path = out / f"Brandwatch_mentions_{a:%Y-%m-%d}_{b:%Y-%m-%d}.csv"
        written.append(_record(files.write(path, text, "utf-8-sig"), "brandwatch", "mentions"))
    return written


def _competitors(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    frame = truth["competitor_accounts"]
    if frame.empty:
        return []
    path = _safe(out / f"Competitor Performance ({ctx.params.display_name}) {files.long_date(ctx.first)} - "
                       f"{files.long_date(ctx.last)}.csv")
    text = platforms.sprout_competitors(frame, BRAND_HASHTAGS[ctx.lang], ctx.rng("sprout"))
    return [_record(files.write(path, text), "sprout_competitor_performance", "competitor_accounts")]


def _web(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    traffic = truth["web_traffic"]
    written: Written = []
    for i, (a, b) in enumerate(_chunks(ctx.first, ctx.last, 12)):
        part = _in(traffic, "date", a, b)
        text = other.ga4(part, ctx.params.display_name, f"{ctx.params.display_name} - GA4", pd.Timestamp(a),
                         pd.Timestamp(b), key_events=a.year >= ctx.first.year + 1)
        name = "data-export.csv" if i == 0 else f"data-export ({i}).csv"
        written.append(_record(files.write(out / name, text), "ga4", "web_traffic"))
    return written


def _survey(ctx: Context, truth: dict[str, pd.DataFrame], out: Path) -> Written:
    questions = ctx.params.survey_columns
    if not questions:
        return []
    text = other.survey(truth["respondents"], questions)
    path = out / f"survey-responses-{ctx.last:%Y-%m}.csv"
    return [_record(files.write(path, text, "utf-8-sig"), "survey", "respondents")]

