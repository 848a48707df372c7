"""Importing one file and describing what happened: the basis of ``reporting inspect`` and the data footer.

:func:`import_file` never raises for a bad export: it returns a :class:`FileReport` whose
``error`` says why the file (or one of its sheets) could not be read, so one bad file never
hides the good ones.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reporting.ingest import formats  # noqa: F401  (registers every importer before any file is identified)
from reporting.ingest.errors import ExportError, Rejection
from reporting.ingest.registry import Context, Extract, identify
from reporting.ingest.sources import read_sheets
from reporting.paths import skip_reason

TIME_COLUMNS: dict[str, str | None] = {
    "posts": "published", "account_daily": "date", "mentions": "time", "web_traffic": "date", "spend": "date",
    "respondents": None, "demographics": None, "competitor_accounts": "date",
}
MAX_LISTED_REJECTIONS = 10


@dataclass
class FileReport:
    """What one export held: format(s), rows read and produced, rejections, date range, mapping, notes.

    ``records`` counts the export's data rows; ``rows`` the canonical rows produced per table
    (a ``Top countries`` row yields ten demographics rows, a monthly ad row thirty spend rows).
    ``first``/``last`` span the data's times as local wall times in the zone the file was read
    in (times converted, platform days as written). ``warnings`` flag imported data known to
    be wrong; ``notes`` explain what was skipped or assumed.
    """

    file: str
    formats: list[str] = field(default_factory=list)
    encoding: str = ""
    records: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    as_of: pd.Timestamp | None = None  # the export day, when the export states it (TikTok `Time`)
    warnings: list[str] = field(default_factory=list)
    extracts: list[Extract] = field(default_factory=list, repr=False)

    @property
    def format(self) -> str:
        return "; ".join(dict.fromkeys(self.formats)) or "unrecognised"

    @property
    def rejected(self) -> int:
        return len(self.rejections)


def reference_day(path: Path) -> dt.date:
    """The day the export was downloaded, as far as the file system knows (anchors year-less dates)."""
    return dt.date.fromtimestamp(path.stat().st_mtime)


def import_file(path: Path, ctx: Context, display: str | None = None) -> FileReport:
    """Read one export with every registered importer; problems become the report's error or rejections."""
    display = display or str(path)
    report = FileReport(display)
    try:
        sheets = read_sheets(path, display)
    except ExportError as exc:
        report.error = str(exc)
        return report
    except OSError as exc:
        report.error = f"{display}: cannot read the file: {exc.strerror or exc}"
        return report
    except (csv.Error, ValueError) as exc:  # NUL bytes, binary junk: untrusted input must not stop the others
        report.error = f"{display}: not a readable export ({type(exc).__name__}: {exc})"
        return report
    report.encoding = ", ".join(dict.fromkeys(f"{s.encoding} '{_show(s.delimiter)}'" if s.delimiter else s.kind
                                              for s in sheets))
    errors: list[str] = []
    unknown: list[str] = []
    for sheet in sheets:
        found = identify(sheet, ctx)
        if found is None:
            first = next((", ".join(c for c in r if c.strip())[:120] for r in sheet.records if any(r)), "")
            unknown.append(f"{sheet.label}: no importer recognises this {'sheet' if sheet.kind != 'csv' else 'table'}"
                           f" (first row: {first!r}); see docs/data-formats.md for the supported formats and the "
                           "plain CSV templates")
            continue
        importer, header_index = found
        report.formats.append(importer.label)
        try:
            table = sheet.table(header_index)
            extracts = importer.read(table, ctx)
        except ExportError as exc:
            errors.append(str(exc))
            continue
        except Exception as exc:  # noqa: BLE001 - a surprise in one export must not hide the others
            errors.append(f"{sheet.label}: the {importer.label} importer could not read it "
                          f"({type(exc).__name__}: {exc})")
            continue
        if not len(table.data):
            report.notes.append(f"{sheet.label}: the export has a header but no data rows")
        for ext in extracts:
            report.records += ext.records
            report.rejections.extend(ext.rejections)
            report.notes.extend(f"{sheet.name}: {n}" if sheet.name and len(sheets) > 1 else n for n in ext.notes)
            report.warnings.extend(f"{sheet.name}: {w}" if sheet.name and len(sheets) > 1 else w for w in ext.warnings)
            report.mapping.update(ext.mapping)
            if ext.table is not None:
                report.rows[ext.table] = report.rows.get(ext.table, 0) + len(ext.frame)
                report.extracts.append(ext)
    if not report.formats:
        report.error = unknown[0] if len(unknown) == 1 else "; ".join(unknown) or f"{display}: nothing to import"
    else:
        errors.extend(unknown)
    if errors and report.error is None:
        report.error = "; ".join(errors)
    report.first, report.last = _date_range(report.extracts, ctx.tz)
    stated = [e.as_of for e in report.extracts if e.as_of is not None and pd.notna(e.as_of)]
    report.as_of = max(stated) if stated else None
    return report


def _show(delimiter: str) -> str:
    return {"\t": "\\t"}.get(delimiter, delimiter)


def _date_range(extracts: list[Extract], tz: str) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """First and last time or day of the data: times as wall-clock times in ``tz``, days as written."""
    firsts, lasts = [], []
    for ext in extracts:
        col = TIME_COLUMNS.get(ext.table or "")
        if col and len(ext.frame):
            values = ext.frame[col]
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_convert(tz).dt.tz_localize(None)
            firsts.append(values.min())
            lasts.append(values.max())
    firsts = [v for v in firsts if pd.notna(v)]
    lasts = [v for v in lasts if pd.notna(v)]
    return (min(firsts) if firsts else None), (max(lasts) if lasts else None)


def inspect_paths(paths: list[Path], tz: str = "UTC", params=None) -> list[FileReport]:  # noqa: ANN001
    """Import each file on its own (no cache) and report on it; the CLI's ``inspect`` and ``validate``.

    Parameters
    ----------
    paths : files to read (directories are not expanded here).
    tz : the zone times are shown and read in (the client's zone).
    params : the client's parameters, for survey/listening column mappings and competitor handles.
    """
    reports = []
    for path in paths:
        path = Path(path)
        if reason := skip_reason(path):
            reports.append(FileReport(str(path), formats=["not an export"], notes=[f"skipped: {reason}, not imported"]))
            continue
        ctx = Context(tz=tz, params=params, reference=reference_day(path) if path.exists() else dt.date.today(),
                      path=path)
        reports.append(import_file(path, ctx))
    return reports


def format_report(reports: list[FileReport]) -> str:
    """Plain-text report: per file the format, rows read/produced/rejected, dates, mapping, notes, reasons."""
    lines: list[str] = []
    for r in reports:
        lines.append(r.file)
        if r.error and not r.formats:
            lines.append(f"  ERROR    {r.error}")
            lines.append("")
            continue
        lines.append(f"  format   {r.format}")
        if r.encoding:
            lines.append(f"  encoding {r.encoding}")
        produced = ", ".join(f"{t} {n:,}" for t, n in r.rows.items()) or "nothing (see notes)"
        lines.append(f"  rows     {r.records:,} read -> {produced}; {r.rejected:,} rejected")
        if r.first is not None:
            lines.append(f"  dates    {r.first:%Y-%m-%d} .. {r.last:%Y-%m-%d}")
        if r.mapping:
            lines.append("  mapping  " + "; ".join(f"{src} -> {dst}" for src, dst in r.mapping.items()))
        for warning in dict.fromkeys(r.warnings):
            lines.append(f"  warning  {warning}")
        for note in dict.fromkeys(r.notes):
            lines.append(f"  note     {note}")
        if r.error:
            lines.append(f"  ERROR    {r.error}")
        for rej in r.rejections[:MAX_LISTED_REJECTIONS]:
            where = f"row {rej.row}" if rej.row is not None else "file"
            col = f", column {rej.column!r}" if rej.column else ""
            lines.append(f"  rejected {where}{col}: {rej.reason}")
        if r.rejected > MAX_LISTED_REJECTIONS:
            lines.append(f"  rejected ... and {r.rejected - MAX_LISTED_REJECTIONS:,} more")
        lines.append("")
    errors = sum(1 for r in reports if r.error)
    rows = sum(sum(r.rows.values()) for r in reports)
    lines.append(f"{len(reports)} file(s): {rows:,} canonical rows, {sum(r.rejected for r in reports):,} rejected "
                 f"row(s), {errors} file(s) with errors")
    return "\n".join(lines)
