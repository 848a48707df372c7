"""Byte-level helpers: CSV quoting styles, encodings and deterministic XLSX.

Platforms differ in small ways that importers must survive (which fields
are quoted, BOM or not, UTF-16, CRLF, final newline or not), so each writer
states its dialect explicitly instead of relying on ``csv`` defaults.
"""

from __future__ import annotations

import datetime as dt
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import openpyxl
import pandas as pd

Quoting = Literal["all", "minimal", "spaces"]
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


def field(value: object, quoting: Quoting, sep: str = ",") -> str:
    """One CSV field. ``spaces`` is Meta's style: quote when the value holds a space too."""
    text = "" if value is None else str(value)
    special = sep in text or '"' in text or "\n" in text or "\r" in text
    if quoting == "all" or special or (quoting == "spaces" and " " in text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], quoting: Quoting = "minimal",
             sep: str = ",", eol: str = "\n", final_newline: bool = True, header_quoting: Quoting | None = None) -> str:
    """A whole CSV document in one quoting style (the header may use another, as Meta's does)."""
    hq = header_quoting or quoting
    head = sep.join(field(h, hq, sep) for h in header) + eol
    if quoting == "spaces":
        body = "".join(sep.join(field(v, quoting, sep) for v in row) + eol for row in rows)
    else:  # the C writer: same rules as field(), much faster on large mention exports
        buf = io.StringIO()
        csv.writer(buf, delimiter=sep, lineterminator=eol,
                   quoting=csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL).writerows(rows)
        body = buf.getvalue()
    text = head + body
    return text if final_newline else text.removesuffix(eol)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with text columns as Python objects: iterating Arrow-backed strings row by row is slow."""
    return frame.astype({c: object for c in frame.columns if pd.api.types.is_string_dtype(frame[c])})


def write(path: Path, text: str, encoding: Literal["utf-8", "utf-8-sig", "utf-16"] = "utf-8") -> Path:
    """Write text with an explicit encoding; ``utf-16`` means little-endian with BOM, as Excel and Meta write it."""
    if encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A workbook whose bytes depend only on its content (fixed timestamps inside the zip)."""
    wb = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = wb.create_sheet(title=name)
        for row in rows:
            ws.append(row)
    wb.properties.created = dt.datetime(2020, 1, 1)
    wb.properties.creator = "LinkedIn"
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_normalise_zip(buf.getvalue()))
    return path


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", data)
            dst.writestr(fixed, data)
    return out.getvalue()


def us_date(d: dt.date) -> str:
    """``Sep-01-2025``: Meta's file-name date, independent of the machine's locale."""
    return f"{MONTHS[d.month - 1]}-{d.day:02d}-{d.year}"


def long_date(d: dt.date) -> str:
    """``February 1, 2025``: Sprout Social's file-name date."""
    return f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}"


def x_date(d: dt.date) -> str:
    """``Sat, Aug 1, 2026``: X analytics' date."""
    return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"


def thousands(n: object) -> str:
    """``239,484`` as Sprout writes counts; empty for missing."""
    if n is None or n != n:
        return ""
    return f"{int(n):,}"
