"""Bytes to sheets of text cells: the one module that knows about encodings, delimiters and containers.

Every export, whatever its container (CSV/TSV in UTF-8, UTF-8 with BOM, UTF-16 with an
Excel ``sep=`` hint, a legacy 8-bit code page, real ``.xls``/``.xlsx`` workbooks, or
SpreadsheetML 2003 XML saved as ``.xls``), becomes a list of :class:`Sheet`: records of
strings with their spreadsheet row numbers. Multi-block CSVs (Meta ``Audience.csv``, GA4
"Reports snapshot") become one sheet per block. Importers never see bytes.

Large single-table CSVs keep only their first records here; the body is read later by
pyarrow's multi-threaded CSV reader (:meth:`Sheet.body_frame`), which is what makes a
million mention rows import in seconds.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from reporting.ingest.errors import ExportError

TEXT = pd.StringDtype("pyarrow")
FAST_MIN_BYTES = 2_000_000  # CSVs at least this big are read by pyarrow after the head
HEAD_BYTES = 256_000
HEADER_ROWS = 3  # multi-cell rows at the top of a block that may be its header (metric codes, segments, names)
DELIMITERS = (",", ";", "\t", "|")
# Code pages Excel writes CSVs in for the languages we meet (Western, Cyrillic, Greek, Korean, Central European).
LEGACY_CODE_PAGES = ["cp1252", "cp1251", "cp1253", "cp949", "cp1250", "cp1254", "cp1257"]
SPREADSHEETML_NS = "urn:schemas-microsoft-com:office:spreadsheet"
_NUMBER = re.compile(r"[+-]?[0-9][0-9,. ]*")
_SEP_LINE = re.compile(r'^"?sep=(.)[^\n]*?"?\r?\n', re.IGNORECASE)

csv.field_size_limit(sys.maxsize)


@dataclass
class Sheet:
    """One table-shaped region of a file: a worksheet, a CSV, or one block of a multi-block CSV.

    ``records`` are the rows as lists of strings; ``numbers`` their 1-based spreadsheet row
    numbers (what an analyst sees in Excel, so error messages point at the right row).
    When ``body`` is set the sheet is a large CSV whose records after the head are read by
    pyarrow on demand.
    """

    file: str
    name: str
    kind: str
    records: list[list[str]]
    numbers: list[int]
    encoding: str = ""
    delimiter: str = ""
    body: _Body | None = None
    book: list[Sheet] = field(default_factory=list, repr=False)

    @property
    def label(self) -> str:
        """How messages name the sheet: the file, plus the worksheet or block when there are several."""
        return f"{self.file} [{self.name}]" if self.name and len(self.book) > 1 else self.file

    def table(self, header_index: int) -> Table:
        """The records below ``records[header_index]`` as a frame of strings named by that header."""
        raw_header = [c.strip().lstrip("\ufeff") for c in self.records[header_index]]
        while raw_header and raw_header[-1] == "" and len(raw_header) > 1:
            raw_header.pop()
        names = unique_names(raw_header)
        titles = [" ".join(c.strip() for c in r if c.strip()) for r in self.records[:header_index]]
        titles = [t for t in titles if t]
        if self.body is not None:
            data, numbers, extra = self.body.frame(names, header_index, self.numbers[header_index])
        else:
            data, numbers, extra = _records_frame(self.records[header_index + 1:],
                                                  self.numbers[header_index + 1:], names)
        return Table(self, titles, raw_header, names, data, numbers, self.numbers[header_index], extra)


@dataclass
class Table:
    """A sheet read under a header row: what importers parse.

    ``data`` holds one string column per header cell (duplicate names get ``.1``, ``.2``
    suffixes), missing cells as ``<NA>``; ``rows`` the spreadsheet row number of each data
    row; ``long_rows`` rows that had more non-empty cells than the header (rejected later).
    """

    sheet: Sheet
    titles: list[str]
    raw_header: list[str]
    header: list[str]
    data: pd.DataFrame
    rows: np.ndarray
    header_row: int
    long_rows: dict[int, int]

    @property
    def file(self) -> str:
        return self.sheet.label


@dataclass
class _Body:
    """A large CSV's bytes (UTF-8) and how to parse them with pyarrow."""

    utf8: bytes
    delimiter: str
    offset: int  # records in `utf8` before the sheet's first record (the Excel sep= line)

    def frame(self, names: list[str], header_index: int,
              header_row: int) -> tuple[pd.DataFrame, np.ndarray, dict[int, int]]:
        """Rows below the header via pyarrow; a file pyarrow rejects (ragged rows) is re-read in Python."""
        cols = [f"c{i}" for i in range(len(names))]
        read = pacsv.ReadOptions(column_names=cols, skip_rows=self.offset + header_index + 1, block_size=1 << 20)
        parse = pacsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True, ignore_empty_lines=True)
        convert = pacsv.ConvertOptions(column_types={c: pa.string() for c in cols}, null_values=[""],
                                       strings_can_be_null=True, quoted_strings_can_be_null=True)
        try:
            table = pacsv.read_csv(io.BytesIO(self.utf8), read_options=read, parse_options=parse,
                                   convert_options=convert)
        except pa.ArrowInvalid:
            records = list(csv.reader(io.StringIO(self.utf8.decode("utf-8"), newline=""), delimiter=self.delimiter))
            body = records[self.offset + header_index + 1:]
            return _records_frame(body, list(range(header_row + 1, header_row + 1 + len(body))), names)
        data = table.to_pandas(types_mapper={pa.string(): TEXT}.get)
        data.columns = names
        return data, header_row + 1 + np.arange(len(data)), {}


def unique_names(header: list[str]) -> list[str]:
    """Header names made unique the way pandas does (``Views``, ``Views.1``): exports repeat names."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        base = name or f"column {i + 1}"
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}.{n}")
    return out


def _records_frame(records: list[list[str]], numbers: list[int],
                   names: list[str]) -> tuple[pd.DataFrame, np.ndarray, dict[int, int]]:
    width = len(names)
    rows, nums, long_rows = [], [], {}
    for rec, num in zip(records, numbers, strict=True):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) > width:
            if any(c.strip() for c in rec[width:]):
                long_rows[num] = len(rec)
            rec = rec[:width]
        elif len(rec) < width:
            rec = rec + [""] * (width - len(rec))  # ragged rows: trailing empty cells omitted
        rows.append(rec)
        nums.append(num)
    data = pd.DataFrame(rows, columns=names, dtype=TEXT) if rows else pd.DataFrame(
        {n: pd.Series([], dtype=TEXT) for n in names})
    data = data.replace("", pd.NA) if rows else data
    return data.reset_index(drop=True), np.asarray(nums, dtype=np.int64), long_rows


# --- reading files ---------------------------------------------------------------------------------


def read_sheets(path: Path, display: str | None = None) -> list[Sheet]:
    """Every sheet (worksheet or CSV block) of one export file.

    Raises :class:`ExportError` for an empty file or a container that cannot be opened.
    """
    display = display or str(path)
    raw = path.read_bytes()
    if not raw.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise ExportError(display, "the file is empty")
    if raw[:4] == b"PK\x03\x04" and b"xl/" not in raw[:4000] and b"[Content_Types]" not in raw[:4000]:
        raise ExportError(display, "a zip archive, not a workbook: unzip the download and drop the files it holds")
    if raw[:4] == b"PK\x03\x04" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        sheets = _workbook_sheets(path, display)
    else:
        text, encoding = decode(raw if len(raw) < FAST_MIN_BYTES else _head_bytes(raw), display)
        if _is_spreadsheetml(text):
            text, encoding = decode(raw, display)
            sheets = _spreadsheetml_sheets(text, display)
        else:
            if len(raw) >= FAST_MIN_BYTES and not encoding.startswith("UTF-8"):
                text, encoding = decode(raw, display)  # pyarrow needs UTF-8: transcode whole file
            sheets = _csv_sheets(text, raw, encoding, display)
    sheets = [s for s in sheets if s.records]
    if not sheets:
        raise ExportError(display, "the file has no rows")
    for s in sheets:
        s.book = sheets
    return sheets


def decode(raw: bytes, display: str) -> tuple[str, str]:
    """Text and a label for its encoding: BOMs first, then UTF-16 without BOM, UTF-8, a guessed code page."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[3:], "utf-8", display), "UTF-8 with BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(raw, "utf-16", display), "UTF-16"
    if len(raw) >= 4 and raw[1] == 0 and raw[3] == 0 and raw[0] != 0:
        return _strict(raw, "utf-16-le", display), "UTF-16LE (no BOM)"
    if len(raw) >= 4 and raw[0] == 0 and raw[2] == 0 and raw[1] != 0:
        return _strict(raw, "utf-16-be", display), "UTF-16BE (no BOM)"
    if b"\x00" in raw[:8192]:
        raise ExportError(display, "binary data, not a text export or workbook (an image, a PDF, a zip?)")
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    guess = _guess_codepage(raw)
    return raw.decode(guess, errors="replace"), f"{guess} (not UTF-8: guessed)"


def _head_bytes(raw: bytes) -> bytes:
    """The first ``HEAD_BYTES`` of a large file, cut after a line end (UTF-16 kept whole: it is transcoded)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(raw) > 3 and (raw[1] == 0 or raw[0] == 0)):
        return raw
    cut = raw.rfind(b"\n", 0, HEAD_BYTES)
    return raw[: cut + 1] if cut > 0 else raw[:HEAD_BYTES]


def _strict(raw: bytes, encoding: str, display: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ExportError(display, f"not valid {encoding.upper()} text (bad byte at offset {exc.start}); "
                                   "re-download the export or save it as UTF-8") from None


def _guess_codepage(raw: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with requests
        return "cp1252"
    best = from_bytes(raw[:200_000], cp_isolation=LEGACY_CODE_PAGES).best()
    if best is None:
        return "cp1252"
    # Exports re-saved on Windows: prefer the Windows code page over its Mac twin (same letters, other bytes).
    return {"mac_cyrillic": "cp1251", "mac_greek": "cp1253", "mac_roman": "cp1252", "mac_latin2": "cp1250",
            "mac_turkish": "cp1254"}.get(best.encoding, best.encoding)


def _is_spreadsheetml(text: str) -> bool:
    head = text[:4000].lstrip()
    return head.startswith("<?xml") and SPREADSHEETML_NS in head or head.startswith("<Workbook")


def _workbook_sheets(path: Path, display: str) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types per container
        raise ExportError(display, f"cannot open the workbook: {exc}") from None
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        records = [[_cell_text(v) for v in row] for row in rows]
        numbers = list(range(1, len(records) + 1))
        blocks = split_blocks(records, numbers)
        if len(blocks) > 1 and all(len(recs) > 1 and _table_like(recs) for recs, _ in blocks):  # Meta XLSX
            sheets.extend(Sheet(display, f"{name}: {_block_name(recs)}", "workbook", recs, nums)
                          for recs, nums in blocks)
        else:  # one table, or footnotes under it: the sheet stays whole
            sheets.append(Sheet(display, name, "workbook", records, numbers))
    return sheets


def _table_like(records: list[list[str]]) -> bool:
    """A block that can be a table: a row of several cells, or a number (a lone total), not only notes."""
    return any(sum(1 for c in rec if c.strip()) > 1 or any(_NUMBER.fullmatch(c.strip()) for c in rec)
               for rec in records)


def _cell_text(value: object) -> str:
    """A workbook cell as the text a CSV export would hold (dates as ISO, whole floats without '.0')."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") else value.isoformat()
    return str(value)


def _spreadsheetml_sheets(text: str, display: str) -> list[Sheet]:
    """SpreadsheetML 2003 (legacy Facebook Insights '.xls'): Worksheet/Table/Row/Cell/Data."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise ExportError(display, f"broken SpreadsheetML XML: {exc}") from None
    ns = {"ss": SPREADSHEETML_NS}
    attr = f"{{{SPREADSHEETML_NS}}}"
    sheets = []
    for ws in root.findall("ss:Worksheet", ns):
        records, numbers, rownum = [], [], 0
        for row in ws.findall("ss:Table/ss:Row", ns):
            rownum = int(row.get(attr + "Index", rownum + 1))
            cells: list[str] = []
            for cell in row.findall("ss:Cell", ns):
                col = int(cell.get(attr + "Index", len(cells) + 1))
                cells.extend([""] * (col - 1 - len(cells)))
                data = cell.find("ss:Data", ns)
                cells.append("".join(data.itertext()) if data is not None else "")
                cells.extend([""] * int(cell.get(attr + "MergeAcross", 0)))
            records.append(cells)
            numbers.append(rownum)
        sheets.append(Sheet(display, ws.get(attr + "Name", ""), "spreadsheetml", records, numbers))
    return sheets


def _csv_sheets(text: str, raw: bytes, encoding: str, display: str) -> list[Sheet]:
    """CSV text (for large UTF-8 files only the head) -> one sheet per block, or one pyarrow-backed sheet."""
    big = len(raw) >= FAST_MIN_BYTES
    hint = _SEP_LINE.match(text)
    delimiter = hint.group(1) if hint else None
    body = text[hint.end():] if hint else text
    wrapped = _is_wrapped(body)
    if wrapped and big and encoding.startswith("UTF-8"):
        text, encoding = decode(raw, display)
        body = text[hint.end():] if hint else text
    if wrapped:
        body = _unwrap_lines(body)
    delimiter = delimiter or sniff_delimiter(body)
    fast = big and not wrapped
    head = body[:HEAD_BYTES] if fast else body
    records = list(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter))
    truncated = fast and (len(raw) > len(head.encode("utf-8", "surrogatepass")) + 16 or len(body) > len(head))
    if truncated:
        records = records[:-1]  # the head may end mid-record
    numbers = list(range(1, len(records) + 1))
    blocks = split_blocks(records, numbers)
    if fast and len(blocks) == 1:
        sheet = Sheet(display, "", "csv", records, numbers, encoding, delimiter)
        sheet.body = _Body(_utf8(raw, text, encoding), delimiter, 1 if hint else 0)
        return [sheet]
    if fast:  # several blocks in a large file: parse everything in Python
        if encoding.startswith("UTF-8"):
            text, encoding = decode(raw, display)
            body = text[hint.end():] if hint else text
        records = list(csv.reader(io.StringIO(body, newline=""), delimiter=delimiter))
        blocks = split_blocks(records, list(range(1, len(records) + 1)))
    return [Sheet(display, _block_name(recs) if len(blocks) > 1 else "", "csv", recs, nums, encoding, delimiter)
            for recs, nums in blocks]


def _utf8(raw: bytes, text: str, encoding: str) -> bytes:
    if encoding == "UTF-8":
        return raw
    if encoding == "UTF-8 with BOM":
        return raw[3:]
    return text.encode("utf-8")


def _block_name(records: list[list[str]]) -> str:
    for rec in records:
        cells = [c.strip().lstrip("#").strip() for c in rec if c.strip().lstrip("#").strip()]
        if cells and not cells[0].startswith("-"):
            return cells[0][:60]
    return ""


def sniff_delimiter(text: str) -> str:
    """The delimiter with the most occurrences (outside quotes) on the busiest of the first lines.

    The header is normally the busiest line; GA4 comment lines and blank lines are ignored.
    """
    lines = [ln for ln in text[:20000].splitlines() if ln.strip() and not ln.lstrip().startswith("#")][:10]
    best, best_count = ",", 0
    for d in DELIMITERS:
        count = max((_count_outside_quotes(ln, d) for ln in lines), default=0)
        if count > best_count:
            best, best_count = d, count
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return sum(part.count(delimiter) for i, part in enumerate(line.split('"')) if i % 2 == 0)


def _is_wrapped(text: str) -> bool:
    """True when every line was wrapped in an extra pair of quotes by a spreadsheet re-save.

    The tell: the first line is one quoted field that itself contains delimiters.
    """
    end = text.find("\n")
    first = (text if end < 0 else text[:end]).rstrip("\r")
    if not (first.startswith('"') and first.endswith('"') and len(first) > 2):
        return False
    fields = next(csv.reader([first]), [])
    return len(fields) == 1 and any(_count_outside_quotes(fields[0], d) for d in DELIMITERS)


def _unwrap_lines(text: str) -> str:
    out = []
    for line in text.split("\n"):
        bare = line.rstrip("\r")
        if len(bare) >= 2 and bare.startswith('"') and bare.endswith('"'):
            fields = next(csv.reader([bare]), [bare])
            out.append(fields[0] if len(fields) == 1 else bare)
        else:
            out.append(bare)
    return "\n".join(out)


def split_blocks(records: list[list[str]], numbers: list[int]) -> list[tuple[list[list[str]], list[int]]]:
    """Split stacked tables: a title-like row (``# ...`` or one cell) starts a block after a blank row, or
    when the row under it repeats a header of the current block (Meta's XLSX stacks blocks without a gap).
    """
    blocks: list[tuple[list[list[str]], list[int]]] = [([], [])]
    seen: set[tuple[str, ...]] = set()  # the block's first multi-cell rows (its header): a repeat starts a block
    gap = False
    filled = [i for i, rec in enumerate(records) if any(c.strip() for c in rec)]
    following = dict(zip(filled, filled[1:], strict=False))
    for i, (rec, num) in enumerate(zip(records, numbers, strict=True)):
        cells = _cells(rec)
        if not cells:
            gap = True
            continue
        title_like = cells[0].startswith("#") or sum(1 for c in cells if c) == 1
        repeats = i in following and _cells(records[following[i]]) in seen
        if title_like and blocks[-1][0] and (gap or repeats):
            blocks.append(([], []))
            seen = set()
        gap = False
        blocks[-1][0].append(rec)
        blocks[-1][1].append(num)
        if sum(1 for c in cells if c) > 1 and len(seen) < HEADER_ROWS:
            seen.add(cells)
    return [b for b in blocks if b[0]]


def _cells(record: list[str]) -> tuple[str, ...]:
    """A record's stripped cells without trailing empty ones (``()`` for a blank row)."""
    cells = [c.strip() for c in record]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)
