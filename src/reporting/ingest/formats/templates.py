"""Plain CSV templates: one per canonical table, header = the table's own column names.

For any platform without a dedicated importer (Pinterest, a CRM, a spreadsheet kept by
hand) the analyst writes a CSV (or XLSX) whose header is a subset of one canonical table's
columns, in any order. Times are ISO 8601 (``2026-03-01 14:05``, or with an offset
``2026-03-01T14:05:00+09:00``); times without an offset are read in the client's zone;
dates are ``YYYY-MM-DD``; booleans yes/no, true/false or 1/0; numbers may use thousands
separators; multi-valued respondent answers are separated by ``;`` or ``,``.
"""

from __future__ import annotations

import pandas as pd

from reporting import tables
from reporting.ingest.channels import CHANNELS, channel_of_network
from reporting.ingest.fields import Fields
from reporting.ingest.formats.common import extract, hashtag_list, time_given
from reporting.ingest.registry import REGISTRY, Context, Extract, Importer, Probe
from reporting.ingest.sources import Table

SIGNED = {"net_new"}
MONEY = {"spend", "revenue"}
OWNED_CHANNEL_TABLES = {"posts", "account_daily", "spend", "demographics", "competitor_accounts"}


def template_table(names: frozenset[str]) -> str | None:
    """The canonical table whose columns include every header cell, preferring most required columns."""
    best, best_score = None, -1
    for name, cols in tables.TABLES.items():
        known = {c.name for c in cols}
        if not names or not names <= known or len(names) < 2:
            continue
        score = sum(1 for c in cols if c.required and c.name in names)
        if score > best_score:
            best, best_score = name, score
    return best


class Template(Importer):
    """The plain CSV template of one canonical table."""

    zone = "ISO 8601; times without an offset are in the client's zone"

    def __init__(self, table: str):
        self.table_name = table
        self.name = f"template_{table}"
        self.label = f"Plain CSV template: {table}"
        self.tables = (table,)
        self.doc = "Header = any subset of the table's column names (required ones included)."
        self.detects = f"every header cell is a column name of `{table}` (and it fits no other table better)"

    def detect(self, probe: Probe) -> bool:
        names = frozenset(n for n in probe.names if n != "source_file")
        return template_table(names) == self.table_name

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        f = Fields(table, ctx.tz)
        if self.table_name == "respondents":
            from reporting.ingest.formats.survey import respondents

            f.column("respondent_id", required=True)
            present = {c.name: c.name for c in tables.RESPONDENTS if c.name != "source_file" and f.has(c.name)}
            return [extract(f, "respondents", respondents(f, present))]
        cols: dict[str, object] = {}
        for col in tables.TABLES[self.table_name]:
            if col.name == "source_file" or not f.has(col.name):
                if col.required:
                    f.column(col.name, required=True)
                continue
            cols[col.name] = read_column(f, col, self.table_name)
        if self.table_name == "posts" and "time_reliable" not in cols:
            cols["time_reliable"] = time_given(f.raw("published"))
        return [extract(f, self.table_name, cols)]


def read_column(f: Fields, col: tables.Column, table: str) -> pd.Series:
    """One canonical column from a same-named template column, parsed by its canonical type."""
    name = col.name
    if col.dtype == tables.TS:
        return f.time(name, name, formats=["ISO8601"], required=col.required)
    if col.dtype == tables.DATE:
        return f.day(name, name, formats=["%Y-%m-%d"], required=col.required)
    if col.dtype == tables.INT:
        return f.count(name, name, signed=name in SIGNED, required=col.required)
    if col.dtype == tables.FLOAT:
        if name == "share":
            return f.share(name, name, percent=False)
        return f.number(name, name, required=col.required, money=name in MONEY)
    if col.dtype == tables.BOOL:
        return f.flag(name, name)
    if name.endswith("_id"):
        return f.ident(name, name, required=col.required)
    values = f.text(name, name, required=col.required)
    if name == "channel" and table in OWNED_CHANNEL_TABLES:
        mapped = values.map(channel_of_network, na_action="ignore").astype("string")
        bad = (mapped.isna() & values.notna()).to_numpy(dtype=bool)
        f.reject(bad, name, "unknown channel ", values, suffix=f" (use one of {', '.join(CHANNELS)})")
        return mapped
    if name == "hashtags":
        return hashtag_list(values)
    return values


REGISTRY.extend(Template(name) for name in tables.TABLES)
