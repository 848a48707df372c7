"""The report context: what a notebook's first cell opens, the same in JupyterLab and in a scheduled run.

Papermill passes only ``client`` and ``period``; everything else comes from
``params/`` through :func:`open_report`, so an analyst exploring the notebook
sees the numbers the stakeholder gets.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zoneinfo
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from reporting import coverage, display, periods, theme
from reporting.coverage import wording as coverage_wording
from reporting.dataset import ClientData
from reporting.i18n import Translator
from reporting.outputs import SUMMARY_MIME
from reporting.params import ClientParams, ReportSpec, load_client
from reporting.registry import REPORTS

LISTED_FILES = 12  # more files read than this: the footer lists them per format, the full list folded


@dataclass
class ReportContext:
    """One report for one client and period: parameters, period, language and (lazily) data."""

    report: str
    params: ClientParams
    period: periods.Period
    t: Translator
    generated: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @cached_property
    def data(self) -> ClientData:
        """The client's canonical tables (imported once, then read from the Parquet cache)."""
        from reporting.ingest import load_client_data

        return load_client_data(self.params)

    @cached_property
    def day_index(self) -> tuple[coverage.SourceDays, ...]:
        """The days each source has data (every table, every channel and brand)."""
        from reporting.coverage.days import day_index

        return day_index(self.data)

    @property
    def stale_after(self) -> int:
        """Days the data may stop before the period end (``reports.<id>.stale_after_days`` or the default)."""
        return self.params.reports.get(self.report, ReportSpec()).stale_after(self.period.days)

    @cached_property
    def coverage(self) -> coverage.Coverage:
        """This report's sources over its period: first and last day of data, what is missing, staleness."""
        return self.coverage_of(self.period.start, self.period.end)

    def coverage_of(self, start: dt.date, end: dt.date) -> coverage.Coverage:
        """The same sources over other days (a comparison period, a goal's window)."""
        return coverage.for_report(self.day_index, self.report, start, end, self.stale_after,
                                   self.params.channels, self.brands)

    def comparison(self, tables: list[str] | None = None,
                   channels: list[str] | None = None) -> coverage.Comparison | None:
        """The days to compare: those every source of ``tables`` (on ``channels``) covers, and the same
        days in the previous period and a year ago. None when those sources share no covered day."""
        window = self.coverage.select(tables, channels).window()
        return None if window is None else coverage.comparable(self.period, window)

    def covered_through(self, tables: list[str] | None = None, channels: list[str] | None = None) -> dt.date | None:
        """The last day of the period the data of ``tables`` (on ``channels``) covers: where goal tracking stops."""
        window = self.coverage.select(tables, channels).window()
        return window.end if window else None

    def comparison_note(self, comparison: coverage.Comparison | None) -> str:
        """One sentence when comparisons are cut to the covered days; empty otherwise."""
        if comparison is None or not comparison.cut:
            return ""
        return coverage_wording.comparison_sentence(comparison.current, coverage.Window(self.period.start,
                                                                                        self.period.end), self.t)

    def coverage_notice(self, *extra: str) -> display.Html:
        """The data-coverage box for the top of the report (empty when every source covers the period).

        ``extra`` sentences (e.g. :meth:`comparison_note`) are added to the box when not empty.
        """
        return coverage_wording.notice(self.coverage, self.t, list(extra))

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.params.timezone)

    @property
    def brands(self) -> list[str]:
        return self.params.brands()

    def summary(self, payload: dict[str, Any]) -> SummaryOutput:
        """The report's headline figures as a display object the runner saves to ``summary.json``."""
        base = {
            "schema": "reporting.summary/1",
            "report": self.report,
            "client": self.params.client_id,
            "client_name": self.params.display_name,
            "language": self.params.language,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
                       "label": self.period.label},
            "timezone": self.params.timezone,
            "generated": self.generated.isoformat(timespec="seconds"),
            "coverage": {**self.coverage.to_json(), "notices": coverage_wording.sentences(self.coverage, self.t)},
        }
        return SummaryOutput(jsonable({**base, **payload}))

    def footer(self) -> display.Html:
        """Data footer: period, time zone, sources with their date ranges, rejected rows, generation time."""
        t = self.t
        rows = [
            (t("common.footer_period"), t.period(self.period.start, self.period.end)),
            (t("common.footer_timezone"), self.params.timezone),
            (t("common.footer_generated"),
             t.datetime(self.generated.astimezone(self.tz)) + f" ({self.params.timezone})"),
            (t("common.footer_rejected"), t.number(self.data.rejected_rows)),
        ]
        table = self.sources_read()
        brand = self.params.branding
        if brand.agency:
            rows.append((t("common.footer_prepared_by"), brand.agency))
        if brand.contact:
            rows.append((t("common.footer_contact"), brand.contact))
        body = "".join(f"<dt>{display.esc(k)}</dt><dd>{display.esc(v)}</dd>" for k, v in rows)
        return display.Html(f'<footer class="rp-footer"><h2>{display.esc(t("common.footer_title"))}</h2>'
                            f"<dl>{body}</dl>{table.markup}</footer>", table.tables)

    def sources_read(self) -> display.Html:
        """The files read with their rows and date ranges: one row per file, or per format when there are many.

        Past :data:`LISTED_FILES` files (a year of monthly exports), one row per format and table comes
        first and the full list is folded under it; print and PDF leave the list out and say where it is
        (it is a long appendix, and the workbook beside the report carries it too).
        """
        t, src = self.t, self.data.sources
        if src.empty:
            return display.Html("")

        def day(value: object) -> str:  # undated tables (demographics, survey answers) have no date range
            return t("common.undated") if pd.isna(value) else t.date(pd.Timestamp(value).date())

        labels = {"file": t("common.col_file"), "format": t("common.col_format"), "table": t("common.col_table"),
                  "files": t("common.col_files"), "rows": t("common.col_rows"), "rejected": t("common.col_rejected"),
                  "first": t("common.col_first"), "last": t("common.col_last")}
        files = src.assign(file=src["file"].map(lambda f: os.path.basename(str(f))))
        files = files[["file", "format", "table", "rows", "rejected", "first", "last"]]
        listed = files.assign(first=files["first"].map(day), last=files["last"].map(day)).rename(columns=labels)
        if len(files) <= LISTED_FILES:
            return display.table(listed, caption=t("common.footer_sources"), max_rows=LISTED_FILES)
        by_format = (files.groupby(["format", "table"], sort=False, dropna=False)
                     .agg(files=("file", "size"), rows=("rows", "sum"), rejected=("rejected", "sum"),
                          first=("first", "min"), last=("last", "max")).reset_index())
        by_format = by_format.assign(first=by_format["first"].map(day), last=by_format["last"].map(day))
        summary = display.table(by_format.rename(columns=labels), caption=t("common.footer_sources"),
                                max_rows=len(by_format))
        everything = display.table(listed, caption=t("common.footer_sources_all", count=t.number(len(files))),
                                   max_rows=len(listed))
        said = display.esc(t("common.footer_sources_all", count=t.number(len(files))))
        where = display.esc(t("common.footer_sources_print", count=t.number(len(files))))
        return display.Html(f'{summary.markup}<details class="rp-files"><summary>{said}</summary>'
                            f'{everything.markup}</details><p class="rp-note rp-print-only">{where}</p>',
                            summary.tables + everything.tables)

    def analyst_notes(self) -> display.Html:
        """The analyst's notes for this report and period as they will appear (for a look in JupyterLab).

        The scheduled run places each note in its section itself (``batch/render.py``); a notebook does not
        need to show them. See :mod:`reporting.notes` for where the files live and how to pin a note.
        """
        from reporting import notes

        found = notes.load(self.params, self.period.label, self.report)
        if not found:
            return display.empty_state(self.t("common.no_analyst_notes",
                                              file=str(notes.note_file(self.params, self.period.label, self.report))))
        return display.Html("".join(notes.to_html(n, self.t) for n in found))


class SummaryOutput:
    """Shown in the notebook as a short line; carries the summary under its own MIME type."""

    def __init__(self, payload: dict[str, Any]):
        self.payload = payload

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {SUMMARY_MIME: self.payload, "text/plain": json.dumps(self.payload, ensure_ascii=False)[:500]}


def jsonable(obj: Any) -> Any:
    """Plain JSON types from numpy/pandas/datetime values (NaN and NA become null)."""
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [jsonable(v) for v in obj]
    if isinstance(obj, pd.DataFrame):
        return jsonable(obj.to_dict(orient="records"))
    if isinstance(obj, pd.Series):
        return jsonable(obj.to_dict())
    if obj is None or obj is pd.NA or obj is pd.NaT:
        return None
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float):
        return None if obj != obj or obj in (float("inf"), float("-inf")) else obj
    if isinstance(obj, pd.Timestamp | dt.datetime | dt.date):
        return obj.isoformat()
    return obj


def _accent(params: ClientParams) -> str | None:
    """The client's accent colour when it is readable; None keeps the default theme."""
    if not params.branding.accent:
        return None
    from reporting.branding import accent

    chosen = accent(params.branding.accent)
    return None if chosen.problem else chosen.color


def open_report(report: str, client: str, period: str | None = None) -> ReportContext:
    """Open one report for one client: validated parameters, resolved period, language, theme.

    ``period`` is a period spec (``2026-10``, ``last-full-month``...); ``None`` takes the
    client's configured period for this report.
    """
    if report not in REPORTS:
        raise ValueError(f"unknown report {report!r} (known: {', '.join(REPORTS)})")
    params = load_client(client)
    spec = period or (params.reports[report].period if report in params.reports else "last-full-month")
    resolved = periods.resolve(spec, params.timezone, periods.run_date(params.timezone))
    theme.set_theme(accent=_accent(params))
    return ReportContext(report=report, params=params, period=resolved,
                         t=Translator(params.language, params.currency))
