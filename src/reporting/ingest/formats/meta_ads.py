"""Meta Ads Manager exports -> spend (FORMATS 2.7): CSV or XLSX, per ad or per breakdown, over a reporting range.

Without a time breakdown each row covers ``Reporting starts``..``Reporting ends`` and is spread
evenly over those days, so any period covering the range gets the exact amount. With one
(``Day``, ``Week`` or ``Month``, the last two written ``2023-06-01 - 2023-06-30``) a row covers
its own period, clipped to the reporting range, so monthly sums equal the Month column's.
Other breakdowns (Region, Age, Gender, Placement...) are summed per day and campaign; a
``Platform`` breakdown gives the channel. The currency is in the header (``Amount spent
(PHP)``). The 33-column export has no campaign column: the ad set is kept as ``campaign``. A
first row without any dimension (the account total of the XLSX variants) is skipped, not
summed twice.
"""

from __future__ import annotations

import re

import pandas as pd

from reporting.ingest.channels import channel_of_network
from reporting.ingest.fields import Fields, norm, parse_times
from reporting.ingest.formats.common import extract, spread_days
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

TIME_BREAKDOWNS = ("Day", "Week", "Month")
OTHER_BREAKDOWNS = ("Region", "Country", "DMA region", "Age", "Gender", "Placement", "Platform", "Platform position",
                    "Device platform", "Impression device")
DIMENSIONS = ("Campaign name", "Ad set name", "Ad name", *TIME_BREAKDOWNS, *OTHER_BREAKDOWNS)
_CURRENCY = re.compile(r"\(([A-Z]{3})\)")
_RANGE_SEPARATOR = r"\s+[-\u2013]\s+"  # '2023-06-01 - 2023-06-30' (hyphen or en dash between spaces)
DAY = ["%Y-%m-%d"]


@register
class AdsManager(Importer):
    name = "meta_ads_manager"
    label = "Meta Ads Manager export"
    tables = ("spend",)
    detects = "`Reporting starts`, `Reporting ends` and an `Amount spent (<currency>)` column"
    zone = ("`Reporting starts`/`Reporting ends` and `Day`/`Week`/`Month` breakdowns are ad-account days, kept as "
            "days")
    doc = ("`Reporting starts`, `Reporting ends`, `Amount spent (<CUR>)` required. campaign = `Campaign name`, "
           "else `Ad set name`, else `Account name`; clicks = `Link clicks` (else `Clicks (all)`); results = "
           "`Results`; channel from a `Platform` breakdown, else facebook. A `Day`, `Week` or `Month` breakdown "
           "(`2023-06-01 - 2023-06-30`) dates each row: it is spread over its own period, clipped to the reporting "
           "range; without one, rows are spread evenly over the reporting range. Other breakdowns (Region, Age, "
           "Gender, Placement...) are summed: rows sharing a day and campaign are added up.")

    def detect(self, probe: Probe) -> bool:
        return probe.has("Reporting starts", "Reporting ends") and any(n.startswith("amount spent") for n in probe.names)

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        spend_col = next(h for h in table.raw_header if norm(h).startswith("amount spent"))
        notes = []
        currency = _CURRENCY.search(spend_col)
        if currency and ctx.params is not None and currency.group(1) != ctx.params.currency:
            notes.append(f"spend is in {currency.group(1)} but the client's currency is {ctx.params.currency}: "
                         "amounts are not converted")
        dims = [d for d in DIMENSIONS if f.has(d)]
        is_total = pd.Series(True, index=f.data.index)
        for d in dims:
            is_total &= f.raw(d).isna()
        group = next((c for c in ("Campaign name", "Ad set name", "Account name", "Ad name") if f.has(c)), None)
        if group and group != "Campaign name":
            notes.append(f"no 'Campaign name' column: {group!r} is kept as the campaign")
        platform = f.text("channel", "Platform") if f.has("Platform") else None
        cols = {
            "start": f.day(None, "Reporting starts", formats=DAY),
            "end": f.day(None, "Reporting ends", formats=DAY),
            "channel": (platform.map(lambda p: channel_of_network(p) or "facebook", na_action="ignore")
                        .fillna("facebook") if platform is not None else "facebook"),
            "campaign": f.text("campaign", group) if group else None,
            "spend": f.number("spend", spend_col, money=True),
            "impressions": f.count("impressions", "Impressions"),
            "clicks": f.count("clicks", "Link clicks", "Clicks (all)", "Clicks"),
            "results": f.count("results", "Results"),
        }
        period = next((c for c in TIME_BREAKDOWNS if f.has(c)), None)
        if period is None:
            f.mapping["Reporting starts"] = "date (spread to Reporting ends)"
        else:
            cols["start"], cols["end"] = _own_period(f, f.column(period), cols["start"], cols["end"], ~is_total)
            f.mapping[f.column(period)] = ("date" if period == "Day" else
                                           f"date (each row spread over its {period.lower()}, within the reporting "
                                           "range)")
        summed = [d for d in OTHER_BREAKDOWNS if f.has(d)]
        if summed:
            notes.append(f"{'/'.join(summed)} breakdown summed per day and campaign"
                         + (" (Platform also gives the channel)" if "Platform" in summed else ""))
        if dims and f.skip(is_total):
            notes.append(f"{int(is_total.sum())} account-total row(s) without any {'/'.join(dims)} skipped")
        ext = extract(f, "spend", cols, notes)
        frame = spread_days(ext.frame, "start", "end", money=["spend"], counts=["impressions", "clicks", "results"])
        keys = ["date", "channel", "campaign"]
        frame["campaign"] = frame["campaign"].astype("string")
        summed_frame = frame.groupby(keys, dropna=False, sort=True).agg(
            spend=("spend", lambda s: s.sum(min_count=1)), impressions=("impressions", lambda s: s.sum(min_count=1)),
            clicks=("clicks", lambda s: s.sum(min_count=1)), results=("results", lambda s: s.sum(min_count=1)),
        ).reset_index()
        summed_frame["source_file"] = table.sheet.file
        ext.frame = summed_frame
        return [ext]


def _own_period(f: Fields, column: str, starts: pd.Series, ends: pd.Series,
                rows: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each row's first and last day from its time breakdown (``2023-06-01 - 2023-06-30`` or a day).

    The period is clipped to the row's reporting range (Meta clips the last month, not always the
    first week); a cell that is not a day or a range rejects the row.
    """
    raw = f.raw(column)
    parts = raw.str.split(_RANGE_SEPARATOR, n=1, regex=True)
    first = parts.str[0].astype("string")
    last = parts.str[1].astype("string").fillna(first)
    workbook = f.table.sheet.kind != "csv"
    start, bad_start = parse_times(first, DAY, None, excel_serials=workbook)
    end, bad_end = parse_times(last, DAY, None, excel_serials=workbook)
    start, end = start.dt.normalize(), end.dt.normalize()
    unread = (bad_start | bad_end | (end < start).fillna(False).to_numpy(dtype=bool)
              | (start.isna() & rows).to_numpy(dtype=bool))
    f.reject(unread, column, "not a day or a range of days (expected e.g. 2023-06-01 - 2023-06-30): ", raw)
    clipped_start = start.where(starts.isna() | (start >= starts), starts)
    clipped_end = end.where(ends.isna() | (end <= ends), ends)
    inside = (clipped_start <= clipped_end).fillna(False).to_numpy(dtype=bool)
    return start.where(~inside, clipped_start), end.where(~inside, clipped_end)
