"""GA4 traffic export (9.1), the plain CSV template and the generic survey CSV."""

from __future__ import annotations

import pandas as pd

from reporting import tables
from reporting.demo.exports.files import csv_text

GA4_METRICS_OLD = ["Sessions", "Total users", "Conversions", "Total revenue"]
GA4_METRICS_NEW = ["Sessions", "Total users", "Key events", "Total revenue"]


def ga4(traffic: pd.DataFrame, account: str, prop: str, start: pd.Timestamp, end: pd.Timestamp,
        key_events: bool) -> str:
    """GA4 Report CSV Export: comment preamble, ``Date`` as YYYYMMDD, rows sorted by the first metric.

    ``key_events`` picks the 2024+ name of the conversions column (``Key events``)
    over the older ``Conversions``. CRLF, no trailing newline, as in the real file.
    """
    metrics = GA4_METRICS_NEW if key_events else GA4_METRICS_OLD
    header = ["Date", "Session source / medium", *metrics]
    rows = traffic.sort_values(["sessions", "date", "source", "medium"], ascending=[False, True, True, True],
                               kind="stable")
    body = [[f"{r.date:%Y%m%d}", f"{r.source} / {r.medium}", int(r.sessions), int(r.users), int(r.conversions),
             _number(r.revenue)] for r in rows.itertuples()]
    preamble = ["# ----------------------------------------", "# Report CSV Export", f"# Account: {account}",
                f"# Property: {prop}", "# ----------------------------------------", "# ", "# All Users",
                f"# Start date: {start:%Y%m%d}", f"# End date: {end:%Y%m%d}"]
    return "\r\n".join(preamble) + "\r\n" + csv_text(header, body, eol="\r\n", final_newline=False)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def template(frame: pd.DataFrame, table: str) -> str:
    """The documented plain CSV template: canonical column names, ISO 8601 dates and times with offset."""
    columns = [c for c in tables.TABLES[table] if c.name != "source_file"]
    rows = []
    for record in frame.to_dict("records"):
        row = []
        for col in columns:
            v = record.get(col.name, "")
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                v = ""
            elif col.dtype == tables.TS:
                v = v.isoformat()
            elif col.dtype == tables.DATE:
                v = f"{v:%Y-%m-%d}"
            elif col.dtype == tables.BOOL:
                v = "true" if v else "false"
            elif col.dtype == tables.FLOAT:
                v = _number(v)
            row.append(v)
        rows.append(row)
    return csv_text([c.name for c in columns], rows)


def survey(respondents: pd.DataFrame, questions: dict[str, str]) -> str:
    """Survey responses as a form tool exports them: one column per question, headed by its text."""
    fields = [f for f in questions if f in respondents.columns]
    header = ["respondent_id", *(questions[f] for f in fields)]
    rows = [[r["respondent_id"], *(r[f] for f in fields)] for r in respondents.to_dict("records")]
    return csv_text(header, rows)
