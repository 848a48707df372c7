"""Meta Ads Manager exports -> spend (FORMATS 2.7): CSV or XLSX, per ad or per region, over a reporting range.

Each row covers ``Reporting starts``..``Reporting ends`` (a month unless the export was broken
down by day); the row is spread evenly over those days so any period covering the range gets
the exact amount. The currency is in the header (``Amount spent (PHP)``). The 33-column
export has no campaign column: the ad set is the grouping kept as ``campaign``. A first row
without any dimension (the account total of the XLSX variants) is skipped, not summed twice.
"""

from __future__ import annotations

import re

import pandas as pd

from reporting.ingest.channels import channel_of_network
from reporting.ingest.fields import Fields, norm
from reporting.ingest.formats.common import extract, spread_days
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

DIMENSIONS = ("Campaign name", "Ad set name", "Ad name", "Region", "Month", "Age", "Gender", "Platform",
              "Placement", "Country")
_CURRENCY = re.compile(r"\(([A-Z]{3})\)")


@register
class AdsManager(Importer):
    name = "meta_ads_manager"
    label = "Meta Ads Manager export"
    tables = ("spend",)
    detects = "`Reporting starts`, `Reporting ends` and an `Amount spent (<currency>)` column"
    zone = "`Reporting starts`/`Reporting ends` are ad-account days, kept as days"
    doc = ("`Reporting starts`, `Reporting ends`, `Amount spent (<CUR>)` required. campaign = `Campaign name`, "
           "else `Ad set name`, else `Account name`; clicks = `Link clicks` (else `Clicks (all)`); results = "
           "`Results`; channel from a `Platform` breakdown, else facebook. Rows are spread evenly over their "
           "reporting range; rows sharing a day and campaign are summed.")

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
            "start": f.day(None, "Reporting starts", formats=["%Y-%m-%d"]),
            "end": f.day(None, "Reporting ends", formats=["%Y-%m-%d"]),
            "channel": (platform.map(lambda p: channel_of_network(p) or "facebook", na_action="ignore")
                        .fillna("facebook") if platform is not None else "facebook"),
            "campaign": f.text("campaign", group) if group else None,
            "spend": f.number("spend", spend_col, money=True),
            "impressions": f.count("impressions", "Impressions"),
            "clicks": f.count("clicks", "Link clicks", "Clicks (all)", "Clicks"),
            "results": f.count("results", "Results"),
        }
        f.mapping["Reporting starts"] = "date (spread to Reporting ends)"
        if dims and f.skip(is_total):
            notes.append(f"{int(is_total.sum())} account-total row(s) without any {'/'.join(dims)} skipped")
        ext = extract(f, "spend", cols, notes)
        frame = ext.frame
        frame = spread_days(frame, "start", "end", money=["spend"], counts=["impressions", "clicks", "results"])
        keys = ["date", "channel", "campaign"]
        frame["campaign"] = frame["campaign"].astype("string")
        summed = frame.groupby(keys, dropna=False, sort=True).agg(
            spend=("spend", lambda s: s.sum(min_count=1)), impressions=("impressions", lambda s: s.sum(min_count=1)),
            clicks=("clicks", lambda s: s.sum(min_count=1)), results=("results", lambda s: s.sum(min_count=1)),
        ).reset_index()
        summed["source_file"] = table.sheet.file
        ext.frame = summed
        return [ext]
