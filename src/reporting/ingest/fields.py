"""Turning an export's text cells into canonical values, row by row, with reasons for every rejection.

:class:`Fields` wraps one :class:`~reporting.ingest.sources.Table`. Importers ask it for a
canonical column from one of the export's column names (``fields.count("likes", "Reactions")``);
it finds the column whatever its capitalisation, parses the values vectorised (thousands
separators, percent strings, ``-``/``N/A``/``undefined`` as missing, explicit date formats),
records the source -> canonical mapping for ``reporting inspect`` and marks rows whose cells
cannot be read. :meth:`Fields.finish` drops those rows and returns them as rejections naming
the file, the spreadsheet row and the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from reporting.ingest.errors import ExportError, Rejection
from reporting.ingest.sources import TEXT, Table

MISSING = frozenset({"", "-", "--", "—", "–", "n/a", "na", "nan", "null", "none", "undefined", "(not set)"})
TRUE = frozenset({"1", "true", "yes", "y", "t", "예", "네", "ναι", "nai", "sí", "si", "oui", "ja"})
FALSE = frozenset({"0", "false", "no", "n", "f", "아니오", "아니요", "όχι", "οχι", "oxi", "non", "nein"})
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_PLAIN_NUMBER = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"
_SCIENTIFIC_ID = re.compile(r"^\d(\.\d+)?[eE]\+\d+$")
_OFFSET = re.compile(r"(?:Z|[+-]\d\d:?\d\d)$")


def norm(name: str) -> str:
    """A header name for matching: case-folded, whitespace collapsed, BOM and quotes removed."""
    return " ".join(str(name).replace("\ufeff", "").strip().strip('"').casefold().split())


class Fields:
    """Parse one table's columns into canonical values and collect the rows that fail."""

    def __init__(self, table: Table, tz: str):
        self.table = table
        self.tz = tz
        self.data = table.data
        self.n = len(table.data)
        self.mapping: dict[str, str] = {}
        self._columns: dict[str, str] = {}
        for name, raw in zip(table.header, table.raw_header, strict=False):
            self._columns.setdefault(norm(raw), name)
        self._why = np.full(self.n, None, dtype=object)
        self._where = np.full(self.n, None, dtype=object)
        self._more = np.zeros(self.n, dtype=np.int64)
        self._skip = np.zeros(self.n, dtype=bool)
        rows = pd.Series(table.rows)
        for row, width in table.long_rows.items():
            mask = (rows == row).to_numpy()
            self.reject(mask, None, f"row has {width} cells but the header has {len(table.header)}")

    # --- columns ----------------------------------------------------------------------------------

    def column(self, *names: str, required: bool = False) -> str | None:
        """The export's column matching the first of ``names`` present (case-insensitive).

        A de-duplicated name (``Views.1``) selects that exact column.
        """
        for name in names:
            if name in self.data.columns:
                return name
            found = self._columns.get(norm(name))
            if found is not None:
                return found
        if required:
            raise ExportError(self.table.file, f"required column {names[0]!r} is missing "
                                               f"(columns found: {', '.join(self.table.raw_header)})",
                              row=self.table.header_row, column=names[0])
        return None

    def has(self, *names: str) -> bool:
        return self.column(*names) is not None

    def raw(self, *names: str, required: bool = False, strip: bool = True) -> pd.Series:
        """The column's cells as stripped strings (all-missing when the column is absent).

        ``strip=False`` keeps long free text as written (and skips a copy of a million posts).
        """
        col = self.column(*names, required=required)
        if col is None:
            return pd.Series(pd.NA, index=self.data.index, dtype="string")
        values = self.data[col]
        return (values.str.strip() if strip else values).replace("", pd.NA)

    def _note(self, canonical: str | None, col: str | None) -> None:
        if canonical and col is not None:
            self.mapping[col] = canonical if col not in self.mapping else f"{self.mapping[col]}, {canonical}"

    def reject(self, mask: np.ndarray | pd.Series, column: str | None, reason: str,
               values: pd.Series | None = None, suffix: str = "") -> None:
        """Mark rows as rejected; the first reason per row is kept, later ones are counted.

        With ``values`` the message quotes each row's offending cell (``not a number: 'abc'``);
        messages are only built for rejected rows, so a clean million-row file costs nothing here.
        """
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        first = mask & pd.isna(self._why)
        self._more[mask & ~first] += 1
        idx = np.flatnonzero(first)
        if values is None:
            self._why[idx] = reason + suffix
        else:
            cells = values.iloc[idx]
            self._why[idx] = [f"{reason}{'' if pd.isna(v) else v!r}{suffix}" for v in cells]
        self._where[idx] = column

    def skip(self, mask: np.ndarray | pd.Series) -> int:
        """Mark summary rows (``Total``, ``Grand total``) to leave out without rejecting them; returns how many."""
        mask = np.asarray(mask, dtype=bool)
        self._skip |= mask
        return int(mask.sum())

    # --- values -----------------------------------------------------------------------------------

    def text(self, canonical: str | None, *names: str, required: bool = False, strip: bool = True) -> pd.Series:
        """Text as exported (stripped unless ``strip=False``); a missing required value rejects the row."""
        col = self.column(*names, required=required)
        self._note(canonical, col)
        values = self.raw(*names, strip=strip)
        if required and col is not None:
            self.reject(values.isna(), col, "missing value in a required column")
        return values.astype("string")

    def ident(self, canonical: str | None, *names: str, required: bool = True) -> pd.Series:
        """An id kept as text; ids that a spreadsheet turned into ``6.49E+17`` are rejected (digits lost)."""
        col = self.column(*names, required=required)
        values = self.text(canonical, *names, required=required).str.lstrip("'")
        if col is not None:
            mangled = values.str.match(_SCIENTIFIC_ID).fillna(False).to_numpy(dtype=bool)
            self.reject(mangled, col, "id ", values, suffix=" was rounded by a spreadsheet (scientific notation): "
                        "the digits are lost, re-export the file")
            values = values.str.replace(r"\.0$", "", regex=True)
        return values

    def number(self, canonical: str | None, *names: str, required: bool = False,
               money: bool = False) -> pd.Series:
        """A decimal number; thousands separators and (with ``money``) currency signs are removed."""
        col = self.column(*names, required=required)
        self._note(canonical, col)
        values = self.raw(*names)
        parsed, bad = parse_numbers(values, money=money)
        if col is not None:
            self.reject(bad, col, "not a number: ", values)
            if required:
                self.reject(parsed.isna() & ~bad, col, "missing value in a required column")
        return parsed

    def count(self, canonical: str | None, *names: str, signed: bool = False,
              required: bool = False) -> pd.Series:
        """A whole count; negative or fractional values reject the row unless ``signed`` (net growth)."""
        col = self.column(*names, required=required)
        values = self.number(canonical, *names, required=required)
        if col is not None:
            raw = self.raw(*names)
            if not signed:
                self.reject((values < 0).fillna(False), col, "negative count: ", raw)
            self.reject(((values - values.round()).abs() > 1e-6).fillna(False), col, "not a whole number: ", raw)
        return values.round().astype("Int64")

    def share(self, canonical: str | None, *names: str, percent: bool) -> pd.Series:
        """A 0-1 share: ``'3.4%'`` -> 0.034; bare numbers are percents when ``percent`` else fractions."""
        col = self.column(*names)
        self._note(canonical, col)
        values = self.raw(*names)
        parsed, bad = parse_shares(values, percent)
        if col is not None:
            self.reject(bad, col, "not a percentage: ", values)
        return parsed

    def flag(self, canonical: str | None, *names: str) -> pd.Series:
        """Yes/no in English, Korean or Greek, true/false or 1/0."""
        col = self.column(*names)
        self._note(canonical, col)
        values = self.raw(*names)
        parsed, bad = parse_flags(values)
        if col is not None:
            self.reject(bad, col, "not yes/no: ", values)
        return parsed

    def time(self, canonical: str | None, *names: str, formats: Iterable[str], tz: str | None = None,
             required: bool = True) -> pd.Series:
        """Timestamps as UTC; naive values are read in ``tz`` (default: the client's zone)."""
        col = self.column(*names, required=required)
        self._note(canonical, col)
        values = self.raw(*names)
        excel = self.table.sheet.kind != "csv"
        parsed, bad = parse_times(values, list(formats), tz or self.tz, excel_serials=excel)
        if col is not None:
            self.reject(bad, col, f"unparseable date (expected e.g. {_example(formats)}): ", values)
            if required:
                self.reject(parsed.isna() & ~bad, col, "missing date")
        return parsed

    def day(self, canonical: str | None, *names: str, formats: Iterable[str], required: bool = True) -> pd.Series:
        """Calendar days as written (the platform's day), naive midnight; any time of day is dropped."""
        col = self.column(*names, required=required)
        self._note(canonical, col)
        values = self.raw(*names)
        excel = self.table.sheet.kind != "csv"
        parsed, bad = parse_times(values, list(formats), None, excel_serials=excel)
        if col is not None:
            self.reject(bad, col, f"unparseable date (expected e.g. {_example(formats)}): ", values)
            if required:
                self.reject(parsed.isna() & ~bad, col, "missing date")
        return parsed.dt.normalize()

    # --- result -----------------------------------------------------------------------------------

    @property
    def rejected(self) -> np.ndarray:
        return ~pd.isna(self._why)

    def finish(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Rejection]]:
        """``frame`` (one row per data row) without the rejected rows, and the rejections."""
        bad = self.rejected & ~self._skip
        rows = self.table.rows
        out = []
        for i in np.flatnonzero(bad):
            reason = str(self._why[i]) + (f" (and {self._more[i]} more bad cell(s) in this row)" if self._more[i] else "")
            out.append(Rejection(self.table.file, int(rows[i]), self._where[i], reason))
        return frame.loc[~bad & ~self._skip].reset_index(drop=True), out


def _example(formats: Iterable[str]) -> str:
    fmt = next(iter(formats), "ISO8601")
    if fmt == "ISO8601":
        return "2026-03-01 14:05"
    return dt.datetime(2026, 3, 1, 14, 5).strftime(fmt).replace("+0000", "+0000")


# --- vectorised parsers (also used directly by importers) ------------------------------------------


def missing_mask(values: pd.Series) -> pd.Series:
    return values.isna() | values.str.lower().isin(MISSING).fillna(False)


def parse_numbers(values: pd.Series, money: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Floats from text; returns the values and a mask of non-empty cells that are not numbers.

    Plain numbers are matched and cast by Arrow (a million cells in a fraction of a second); only
    the rest are cleaned (``1,234`` and ``1 234`` thousands, ``1.234,5`` decimal comma, ``(12)``,
    currency signs with ``money``).
    """
    values = values.astype(TEXT).str.strip()
    missing = missing_mask(values).to_numpy(dtype=bool)
    parsed = _plain_floats(values)
    todo = parsed.isna().to_numpy(dtype=bool) & ~missing
    if todo.any():
        parsed[todo] = _plain_floats(_clean_numbers(values[todo], money))
    bad = parsed.isna().to_numpy(dtype=bool) & ~missing
    return parsed, bad


def _plain_floats(values: pd.Series) -> pd.Series:
    plain = values.str.fullmatch(_PLAIN_NUMBER).fillna(False)
    return values.where(plain).astype("float64[pyarrow]").astype("Float64")


def _clean_numbers(values: pd.Series, money: bool) -> pd.Series:
    """Numbers written for people: ``1,234``, ``1 234``, ``1.234,5``, ``1,5``, ``(12)``, ``€ 1,234.50``.

    Patterns avoid ``\\d``/``\\s`` so pandas keeps them on Arrow's regex engine.
    """
    s = values.astype(TEXT)
    if money:
        s = s.str.replace(r"^[^0-9+.(-]+|[^0-9.)]+$", "", regex=True)
    accounting = s.str.fullmatch(r"[(][0-9., ]+[)]").fillna(False)  # (12) = -12
    if accounting.any():
        s = s.where(~accounting, "-" + s.str.strip("()"))
    comma_thousands = s.str.fullmatch(r"[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]+)?").fillna(False)
    space_thousands = s.str.fullmatch("[+-]?[0-9]{1,3}([ \u00a0\u202f'][0-9]{3})+([.,][0-9]+)?").fillna(False)
    dot_thousands = s.str.fullmatch(r"[+-]?[0-9]{1,3}([.][0-9]{3})+(,[0-9]+)?").fillna(False) & ~comma_thousands
    decimal_comma = s.str.fullmatch(r"[+-]?[0-9]+,[0-9]+").fillna(False) & ~comma_thousands
    s = s.where(~comma_thousands, s.str.replace(",", "", regex=False))
    s = s.where(~space_thousands, s.str.replace("[ \u00a0\u202f']", "", regex=True).str.replace(",", ".", regex=False))
    s = s.where(~dot_thousands, s.str.replace(".", "", regex=False).str.replace(",", ".", regex=False))
    s = s.where(~decimal_comma, s.str.replace(",", ".", regex=False))
    return s


def parse_shares(values: pd.Series, percent: bool) -> tuple[pd.Series, np.ndarray]:
    values = values.astype("string").str.strip()
    has_pct = values.str.endswith("%").fillna(False).to_numpy(dtype=bool)
    parsed, bad = parse_numbers(values.str.rstrip("%").str.strip())
    scale = np.where(has_pct | percent, 100.0, 1.0)
    return (parsed / scale).round(12).astype("Float64"), bad  # 4.1 / 100 == 0.041, not 0.040999...


def parse_flags(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    folded = values.astype("string").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[folded.isin(TRUE).fillna(False)] = True
    out[folded.isin(FALSE).fillna(False)] = False
    bad = (out.isna() & folded.notna()).to_numpy(dtype=bool)
    return out, bad


def parse_times(values: pd.Series, formats: list[str], tz: str | None,
                excel_serials: bool = False) -> tuple[pd.Series, np.ndarray]:
    """Timestamps from text, trying each format in turn; ISO 8601 is always tried last.

    With ``tz`` the result is UTC (naive values read in ``tz``; ambiguous DST times take the
    first occurrence); without it the result is naive, as written. Returns values and a mask
    of non-empty cells no format could read.
    """
    values = values.astype("string").str.strip()
    missing = missing_mask(values).to_numpy(dtype=bool)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]" if tz else "datetime64[ns]")
    todo = ~missing
    for fmt in [*formats, "ISO8601"] if "ISO8601" not in formats else formats:
        if not todo.any():
            break
        part = values[todo]
        if fmt == "ISO8601":
            aware = part.str.contains(_OFFSET, regex=True).fillna(False).to_numpy(dtype=bool)
            got = pd.Series(pd.NaT, index=part.index, dtype="datetime64[ns, UTC]")
            if aware.any():
                got[aware] = pd.to_datetime(part[aware], format="ISO8601", errors="coerce", utc=True)
            if (~aware).any():
                naive = pd.to_datetime(part[~aware], format="ISO8601", errors="coerce")
                got[~aware] = _to_utc(naive, tz or "UTC")
        else:
            got = pd.to_datetime(part, format=fmt, errors="coerce", utc="%z" in fmt or "%Z" in fmt)
            if getattr(got.dt, "tz", None) is None:
                got = _to_utc(got, tz or "UTC")
        ok = got.notna().to_numpy(dtype=bool)
        idx = np.flatnonzero(todo)[ok]
        out.iloc[idx] = got[ok].array if tz else got[ok].dt.tz_localize(None).array
        todo[idx] = False
    if excel_serials and todo.any():
        nums = pd.to_numeric(values[todo], errors="coerce")
        ok = (nums > 1).fillna(False).to_numpy(dtype=bool) & (nums < 2958466).fillna(False).to_numpy(dtype=bool)
        days = EXCEL_EPOCH + pd.to_timedelta(nums[ok].astype(float).round(6) * 86400, unit="s")
        idx = np.flatnonzero(todo)[ok]
        out.iloc[idx] = days.array if tz is None else _to_utc(days, tz).array
        todo[idx] = False
    if tz is None and len(out):
        out = out.astype("datetime64[ns]")
    return out, todo


def _to_utc(naive: pd.Series, tz: str) -> pd.Series:
    """Naive wall-clock times in ``tz`` as UTC (tz-aware input is only converted)."""
    naive = pd.to_datetime(naive)
    if getattr(naive.dt, "tz", None) is not None:
        return naive.dt.tz_convert("UTC")
    local = naive.dt.tz_localize(tz, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert("UTC")
