"""Google Analytics exports -> web_traffic (FORMATS 9): GA4 "Report CSV Export" and Universal Analytics.

GA4 files open with ``#`` comment lines (account, property, ``Start date: YYYYMMDD``,
``End date:``) and may stack several tables; UA files open with ``# All Web Site Data`` and
``# 20200601-20201102``. Days are the property's days, kept as written. A table needs a source
dimension (``Session source / medium``, ``Session source`` + ``Session medium``, ``Source /
Medium``...); cards without one (users by "Nth day", channel groups, countries) are
recognised and skipped with a note. A table without a ``Date`` dimension covers the whole
date range of its preamble and is spread evenly over those days. Segment header rows above
the real header, duplicated per-segment metric columns (the first segment is used) and a
trailing ``Grand total`` row are handled.
"""

from __future__ import annotations

import re

import pandas as pd

from reporting.ingest.channels import channels_of_sources
from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import extract, skip, spread_days
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

COMBINED = ("Session source / medium", "Source / Medium", "First user source / medium", "Source/Medium",
            "Session source/medium")
SOURCES = ("Session source", "Source", "First user source")
MEDIUMS = ("Session medium", "Medium", "First user medium")
DATES = ("Date", "Day", "Date + hour (YYYYMMDDHH)", "Date + hour")
GA_DIMENSIONS = {norm(n) for n in (*COMBINED, *SOURCES, *MEDIUMS, *DATES, "Nth day", "Session default channel group",
                                   "First user default channel group", "Default Channel Grouping", "Country",
                                   "Country ID", "Page title and screen class", "Page path and screen class",
                                   "Event name", "Item name", "Platform", "Landing page + query string",
                                   "Day Index", "Landing Page", "Session campaign", "Campaign")}
_RANGE_GA4 = re.compile(r"(start|end) date:\s*(\d{8})", re.IGNORECASE)
_RANGE_UA = re.compile(r"^#?\s*(\d{8})-(\d{8})\s*$")


@register
class GoogleAnalytics(Importer):
    name = "google_analytics"
    label = "Google Analytics export (GA4 Report CSV Export / Universal Analytics)"
    tables = ("web_traffic",)
    detects = ("a source dimension (`Session source / medium`, `Source / Medium`, `Session source`...) with "
               "`Sessions`/`Users`; or any GA dimension header under a `# Start date:` / `# All Web Site Data` preamble")
    zone = "days of the GA property's zone, kept as the day (dates `YYYYMMDD`)"
    doc = ("Commented preamble (`# Start date: 20230923`); source/medium combined or separate; sessions = "
           "`Sessions`; users = `Total users`/`Active users`/`Users`; conversions = `Key events`/`Conversions`/"
           "`Goal Completions`/`Transactions`; revenue = `Total revenue`/`Revenue`/`Purchase revenue`. "
           "channel from the source (l.facebook.com -> facebook, t.co -> x, `linkedin` + `paid_social` -> linkedin).")

    def detect(self, probe: Probe) -> bool:
        from reporting.ingest.formats.templates import template_table

        if template_table(frozenset(probe.names)) is not None:
            return False  # a plain web_traffic template, not a GA export
        first = norm(probe.header[0]) if probe.header else ""
        preamble = any("start date" in t.casefold() or "report csv export" in t.casefold()
                       or "all web site data" in t.casefold() or _RANGE_UA.match(t) for t in probe.titles)
        has_source = any(norm(n) in probe.names for n in (*COMBINED, *SOURCES))
        if has_source and probe.any("Sessions", "Users", "Total users", "Active users"):
            return True
        return preamble and first in GA_DIMENSIONS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        card = _card_title(table.titles) or ",".join(table.raw_header[:2])
        combined = f.column(*COMBINED)
        if combined is None and not f.has(*SOURCES):
            return skip(table, f"GA card {card!r} has no source/medium dimension: not traffic by source")
        notes = []
        first_cell = f.raw(table.header[0])
        is_total = first_cell.str.lower().isin(["grand total", "total", "totals"]).fillna(False)
        dimensions = [c for c in (combined, *SOURCES, *DATES) if c and f.has(c)]
        unlabelled = pd.Series(True, index=f.data.index)
        for col in dimensions:
            unlabelled &= f.raw(col).isna()
        is_total = is_total | unlabelled  # UA/GA4 totals row: metrics without any dimension
        if combined is not None:
            both = f.text("source", combined).str.split(" / ", n=1, regex=False)
            f.mapping[combined] = "source, medium"
            source, medium = both.str[0].str.strip(), both.str[1].str.strip()
        else:
            source = f.text("source", *SOURCES)
            medium = f.text("medium", *MEDIUMS)
        source = source.astype("string")
        medium = medium.astype("string")
        cols: dict[str, object] = {
            "source": source,
            "medium": medium,
            "channel": channels_of_sources(source, medium),
            "sessions": f.count("sessions", "Sessions"),
            "users": f.count("users", "Total users", "Active users", "Users"),
            "conversions": f.count("conversions", "Key events", "Conversions", "Goal Completions", "Transactions"),
            "revenue": f.number("revenue", "Total revenue", "Revenue", "Purchase revenue", "Goal Value", money=True),
        }
        f.skip(is_total)
        f.reject((source.isna() & ~is_total).to_numpy(dtype=bool), combined or "source",
                 "missing value in a required column")
        if any(h.endswith(".1") for h in table.header):
            notes.append("metric columns repeat per segment: the first segment's columns are used")
        date_col = f.column(*DATES)
        start, end = _date_range(table.titles)
        if date_col is not None:
            cols["date"] = f.day("date", date_col, formats=["%Y%m%d", "%Y%m%d%H", "%m/%d/%y", "%Y-%m-%d"])
        elif start is not None:
            cols["start"], cols["end"] = start, end
            notes.append(f"no Date dimension: totals for {start:%Y-%m-%d}..{end:%Y-%m-%d} spread evenly over the days")
        else:
            return skip(table, f"GA table {card!r} has neither a Date dimension nor a date range in its preamble")
        if is_total.any():
            notes.append(f"{int(is_total.sum())} total row(s) skipped")
        ext = extract(f, "web_traffic", cols, notes)
        frame = ext.frame
        if "start" in frame:
            frame = frame.assign(start=pd.to_datetime(frame["start"]), end=pd.to_datetime(frame["end"]))
            frame = spread_days(frame, "start", "end", money=["revenue"], counts=["sessions", "users", "conversions"])
        if "date" in frame and frame["date"].dt.hour.any():
            frame["date"] = frame["date"].dt.normalize()
        keys = ["date", "source", "medium", "channel"]
        ext.frame = frame.groupby(keys, dropna=False, sort=True).agg(
            sessions=("sessions", lambda s: s.sum(min_count=1)), users=("users", lambda s: s.sum(min_count=1)),
            conversions=("conversions", lambda s: s.sum(min_count=1)),
            revenue=("revenue", lambda s: s.sum(min_count=1))).reset_index().assign(source_file=table.sheet.file)
        return [ext]


def _card_title(titles: list[str]) -> str:
    skip_words = ("start date", "end date", "----", "account:", "property:", "report csv export")
    for t in reversed(titles):
        text = t.lstrip("#").strip()
        if text and not any(w in text.casefold() for w in skip_words):
            return text
    return ""


def _date_range(titles: list[str]) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    found = {}
    for t in titles:
        for which, value in _RANGE_GA4.findall(t):
            found[which.casefold()] = pd.Timestamp(value)
        ua = _RANGE_UA.match(t.strip())
        if ua:
            found["start"], found["end"] = pd.Timestamp(ua.group(1)), pd.Timestamp(ua.group(2))
    return found.get("start"), found.get("end")
