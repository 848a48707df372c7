"""Every table of a report as one XLSX workbook: one sheet per table, numbers as numbers, no formulas.

A table drawn by ``display.table`` carries its values under ``TABLE_MIME``: numbers the report module
passed unformatted stay exact. A value the module had already formatted ("1,234", "12.5%", "₩3,000",
"1.25×", in the report's locale) is read back into a number with the matching number format, so a
stakeholder can sum and sort; what is not a plain number (dates, ranges, "52.8만", text) stays text.

Formula injection: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
written as a string with Excel's quote prefix, so no spreadsheet ever evaluates it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel import Locale
from babel import numbers as babel_numbers

from reporting.i18n import LOCALES

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_MAX = 31
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_SPACES = "\u00a0\u202f\u2009 "


@dataclass
class TableData:
    """One table as the workbook gets it: a name, column headers, shown texts and (where known) raw values."""

    name: str
    columns: list[str]
    rows: list[list[str]]
    values: list[list[Any]] = field(default_factory=list)  # per cell: number, bool, {"date": iso} or None


@dataclass(frozen=True)
class Parsed:
    value: float | int
    number_format: str


@cache
def _symbols(language: str) -> dict[str, str]:
    loc = Locale.parse(LOCALES.get(language, "en_US"))
    sym = loc.number_symbols["latn"] if "latn" in loc.number_symbols else loc.number_symbols
    return {"decimal": sym["decimal"], "group": sym["group"], "percent": sym["percentSign"],
            "minus": sym["minusSign"], "plus": sym["plusSign"]}


def _number_format(decimals: int, grouped: bool, prefix: str = "", suffix: str = "", signed: bool = False,
                   percent: bool = False) -> str:
    body = ("#,##0" if grouped else "0") + ("." + "0" * decimals if decimals else "") + ("%" if percent else "")
    pre = f'"{prefix}"' if prefix else ""
    post = f'"{suffix}"' if suffix else ""
    if signed:
        return f"+{pre}{body}{post};-{pre}{body}{post};{pre}{body}{post}"
    return f"{pre}{body}{post}"


def parse_number(text: str, language: str, currency_symbols: Sequence[str] = ()) -> Parsed | None:
    """A locale-formatted number back as a value and an Excel number format; None when it is not one.

    >>> parse_number("12.5%", "en")
    Parsed(value=0.125, number_format='0.0%')
    >>> parse_number("1.234,5", "el").value
    1234.5
    """
    sym = _symbols(language)
    s = text.strip().strip(_SPACES)
    if not s or len(s) > 40:
        return None
    prefix = suffix = ""
    for cur in sorted(currency_symbols, key=len, reverse=True):
        if cur and s.startswith(cur):
            prefix, s = cur, s[len(cur):].strip(_SPACES)
            break
        if cur and s.endswith(cur):
            suffix, s = " " + cur, s[: -len(cur)].strip(_SPACES)
            break
    times = s.endswith("×")
    if times:
        s, suffix = s[:-1].strip(_SPACES), "×"
    percent = s.endswith(sym["percent"]) or s.endswith("%")
    if percent:
        s = s[:-1].strip(_SPACES)
    signed = s[:1] in ("+", sym["plus"])
    negative = s[:1] in ("-", "\u2212", sym["minus"])
    if signed or negative:
        s = s[1:].strip(_SPACES)
    if prefix == "" and not negative and s[:1] in ("-", "\u2212"):
        return None
    for cur in currency_symbols:  # "-₩3,000": the sign before the symbol
        if cur and not prefix and s.startswith(cur):
            prefix, s = cur, s[len(cur):].strip(_SPACES)
    group, decimal = sym["group"], sym["decimal"]
    pattern = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(decimal)}\d+)?|\d+(?:{re.escape(decimal)}\d+)?"
    if not re.fullmatch(pattern, s):
        return None
    grouped = group in s
    whole, _, frac = s.replace(group, "").partition(decimal)
    try:
        number = Decimal(f"{whole}.{frac}" if frac else whole)
    except InvalidOperation:
        return None
    if negative:
        number = -number
    if percent:
        number /= 100
    value: float | int = int(number) if number == number.to_integral_value() and not frac and not percent \
        else float(number)
    fmt = _number_format(len(frac), grouped, prefix, suffix, signed, percent)
    return Parsed(value, fmt)


def _currency_symbols(language: str, currency: str) -> tuple[str, ...]:
    loc = Locale.parse(LOCALES.get(language, "en_US"))
    symbols = {babel_numbers.get_currency_symbol(currency, locale=loc), currency}
    return tuple(s for s in symbols if s)


def sheet_names(names: Sequence[str]) -> list[str]:
    """Excel-safe, unique sheet names (at most 31 characters, none of ``[]:*?/\\``)."""
    out: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(names, start=1):
        base = " ".join(_BAD_SHEET_CHARS.sub(" ", raw).split()).strip("'") or f"Table {i}"
        name, n = base[:SHEET_NAME_MAX], 2
        while name.casefold() in seen:
            tail = f" ({n})"
            name, n = base[: SHEET_NAME_MAX - len(tail)] + tail, n + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def _date(iso: str) -> tuple[dt.date | dt.datetime, str]:
    value = dt.datetime.fromisoformat(iso)
    if value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; the report's footer states the zone
    if value.time() == dt.time(0):
        return value.date(), "yyyy-mm-dd"
    return value, "yyyy-mm-dd hh:mm"


def build(tables: Sequence[TableData], language: str = "en", currency: str = "EUR", title: str = "",
          author: str = "") -> bytes:
    """The XLSX workbook (bytes) of ``tables``, one sheet each, in order."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    symbols = _currency_symbols(language, currency)
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.title = title
    wb.properties.creator = author or "reporting"
    bold = Font(bold=True)
    for table, name in zip(tables, sheet_names([t.name for t in tables]), strict=True):
        ws = wb.create_sheet(name)
        ws.append([str(c) for c in table.columns])
        for cell in ws[1]:
            cell.font = bold
            _guard(cell)
        widths = [len(str(c)) for c in table.columns]
        for r, row in enumerate(table.rows):
            raw = table.values[r] if r < len(table.values) else [None] * len(row)
            for c, text in enumerate(row):
                cell = ws.cell(row=r + 2, column=c + 1)
                _fill(cell, text, raw[c] if c < len(raw) else None, language, symbols)
                widths[c] = max(widths[c], len(text))
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, width + 2))
        ws.freeze_panes = "A2"
        if table.rows:
            ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _fill(cell: Any, text: str, raw: Any, language: str, symbols: Sequence[str]) -> None:
    parsed = parse_number(text, language, symbols) if text else None
    if isinstance(raw, bool):
        cell.value = raw
    elif isinstance(raw, int | float):
        cell.value = raw
        cell.number_format = parsed.number_format if parsed else "General"
    elif isinstance(raw, dict) and "date" in raw:
        cell.value, cell.number_format = _date(str(raw["date"]))
    elif parsed is not None:
        cell.value, cell.number_format = parsed.value, parsed.number_format
    elif text in ("", "–", "—"):
        cell.value = None
    else:
        cell.value = text
        _guard(cell)


def _guard(cell: Any) -> None:
    """Store text as text: never a formula, even when a stakeholder edits the cell."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
