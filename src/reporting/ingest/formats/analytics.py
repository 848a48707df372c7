"""Google Analytics exports -> web_traffic (FORMATS 9): GA4 "Report CSV Export" and Universal Analytics.

GA4 files open with ``#`` comment lines (account, property, ``Start date: YYYYMMDD``,
``End date:``) and may stack several tables; UA files open with ``# All Web Site Data`` and
``# 20200601-20201102``. The same report saved as XLSX may have no preamble: it is then told by
its header alone (a GA dimension first, GA metrics after it). Days are the property's days,
kept as written. A table with a source dimension (``Session source / medium``, ``Session
source`` + ``Session medium``, ``Source / Medium``...) gives traffic by source; a table whose
only dimension is the date gives site totals (source ``(all sources)``, no channel); other cards
(users by "Nth day", channel groups, countries) are recognised and skipped with a note. A table
without a ``Date`` dimension covers the date range of its preamble and is spread evenly over
those days. Metrics are read as far as the export has them: a report without ``Sessions`` still
gives users, new users, engaged sessions and key events. Segment header rows above the real
header, duplicated per-segment metric columns (the first segment is used) and a trailing
``Grand total`` row are handled.
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
GA_METRICS = {norm(n) for n in (
    "Sessions", "Users", "Total users", "Active users", "New users", "Returning users", "Engaged sessions",
    "Engagement rate", "Event count", "Event count per user", "Average session duration", "Average engagement time",
    "Average engagement time per session", "Average engagement time per active user", "Engaged sessions per user",
    "Events per session", "Sessions per user", "Key events", "Conversions", "Session key event rate",
    "User key event rate", "Total revenue", "Purchase revenue", "Transactions", "Ecommerce purchases", "Views",
    "Views per user", "Views per active user", "Views per session", "Bounce rate", "User engagement", "First visits",
    "New Users", "Pages / Session", "Avg. Session Duration", "Goal Conversion Rate", "Goal Completions", "Goal Value",
    "Revenue")}
# A table of these is web traffic even without a preamble (one of them must be there).
TRAFFIC_METRICS = {norm(n) for n in ("Sessions", "Users", "Total users", "Active users", "New users",
                                     "Engaged sessions")}
SITE_TOTAL = "(all sources)"
COUNTS = ["sessions", "users", "new_users", "engaged_sessions", "conversions"]
_RANGE_GA4 = re.compile(r"(start|end) date:\s*(\d{8})", re.IGNORECASE)
_RANGE_UA = re.compile(r"^#?\s*(\d{8})-(\d{8})\s*$")


@register
class GoogleAnalytics(Importer):
    name = "google_analytics"
    label = "Google Analytics export (GA4 Report CSV Export / Universal Analytics)"
    tables = ("web_traffic",)
    detects = ("a source dimension (`Session source / medium`, `Source / Medium`, `Session source`...) with "
               "`Sessions`/`Users`; any GA dimension header under a `# Start date:` / `# All Web Site Data` preamble; "
               "or, without a preamble (XLSX), a GA dimension first and only GA metrics after it, one of them "
               "`Sessions`/`Total users`/`Active users`/`New users`/`Engaged sessions`")
    zone = "days of the GA property's zone, kept as the day (dates `YYYYMMDD`)"
    doc = ("Commented preamble (`# Start date: 20230923`); source/medium combined or separate; sessions = "
           "`Sessions`; users = `Total users`/`Active users`/`Users`; new_users = `New users`; engaged_sessions = "
           "`Engaged sessions`; conversions = `Key events`/`Conversions`/`Goal Completions`/`Transactions`; revenue "
           "= `Total revenue`/`Revenue`/`Purchase revenue`; metrics the report lacks stay empty (a report without "
           "`Sessions` still gives users). channel from the source (l.facebook.com -> facebook, t.co -> x, "
           "`linkedin` + `paid_social` -> linkedin). A table whose only dimension is `Date` gives site totals: "
           "source `(all sources)`, no channel.")

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
        if preamble and first in GA_DIMENSIONS:
            return True
        rest = probe.names - GA_DIMENSIONS
        return first in GA_DIMENSIONS and bool(rest & TRAFFIC_METRICS) and rest <= GA_METRICS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        card = _card_title(table.titles) or ",".join(table.raw_header[:2])
        combined = f.column(*COMBINED)
        dims = {norm(h) for h in table.raw_header} & GA_DIMENSIONS
        site_total = combined is None and not f.has(*SOURCES) and bool(dims) and dims <= {norm(d) for d in DATES}
        if combined is None and not f.has(*SOURCES) and not site_total:
            return skip(table, f"GA card {card!r} has no source/medium dimension: not traffic by source")
        notes = []
        if site_total:
            notes.append(f"no source dimension: rows are site totals (source {SITE_TOTAL!r}, no channel); never add "
                         "them to traffic by source")
        if not f.has("Sessions"):
            found = [f.column(*names) for names in (("Total users", "Active users", "Users"), ("New users",),
                                                    ("Engaged sessions",), ("Key events", "Conversions"))]
            notes.append("no Sessions column: sessions stay empty; read "
                         + (", ".join(c for c in found if c) or "no traffic metric"))
        first_cell = f.raw(table.header[0])
        is_total = first_cell.str.lower().isin(["grand total", "total", "totals"]).fillna(False)
        dimensions = [c for c in (combined, *SOURCES, *DATES) if c and f.has(c)]
        unlabelled = pd.Series(True, index=f.data.index)
        for col in dimensions:
            unlabelled &= f.raw(col).isna()
        is_total = is_total | unlabelled  # UA/GA4 totals row: metrics without any dimension
        if site_total:
            source = pd.Series(SITE_TOTAL, index=f.data.index, dtype="string")
            medium = pd.Series(pd.NA, index=f.data.index, dtype="string")
        elif combined is not None:
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
            "channel": (pd.Series(pd.NA, index=f.data.index, dtype="string") if site_total
                        else channels_of_sources(source, medium)),
            "sessions": f.count("sessions", "Sessions"),
            "users": f.count("users", "Total users", "Active users", "Users"),
            "new_users": f.count("new_users", "New users"),
            "engaged_sessions": f.count("engaged_sessions", "Engaged sessions"),
            "conversions": f.count("conversions", "Key events", "Conversions", "Goal Completions", "Transactions"),
            "revenue": f.number("revenue", "Total revenue", "Revenue", "Purchase revenue", "Goal Value", money=True),
        }
        f.skip(is_total)
        f.reject((source.isna() & ~is_total).to_numpy(dtype=bool), combined or f.column(*SOURCES) or "source",
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
            frame = spread_days(frame, "start", "end", money=["revenue"], counts=COUNTS)
        if "date" in frame and frame["date"].dt.hour.any():
            frame["date"] = frame["date"].dt.normalize()
        keys = ["date", "source", "medium", "channel"]
        ext.frame = frame.groupby(keys, dropna=False, sort=True).agg(
            **{c: (c, lambda s: s.sum(min_count=1)) for c in [*COUNTS, "revenue"]}
        ).reset_index().assign(source_file=table.sheet.file)
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
