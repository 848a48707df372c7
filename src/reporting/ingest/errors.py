"""Errors and rejections: every problem names the file, the row and the column.

A whole file that cannot be read raises :class:`ExportError`; a bad row inside a
readable file becomes a :class:`Rejection`, so one bad cell never hides the other
rows and one bad file never hides the other files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

REJECTION_COLUMNS = ["file", "row", "column", "reason"]


class ExportError(Exception):
    """An export that cannot be imported, with where and why.

    ``row`` is the spreadsheet row number (1-based, as Excel shows it; the Excel
    ``sep=`` hint line is not counted) and ``column`` the export's own column name;
    either is ``None`` when the problem is the whole file.
    """

    def __init__(self, file: str, reason: str, row: int | None = None, column: str | None = None):
        self.file = str(file)
        self.reason = reason
        self.row = row
        self.column = column
        where = self.file + (f", row {row}" if row is not None else "") + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Rejection:
    """One rejected row: the file, its row number, the first bad column and why."""

    file: str
    row: int | None
    column: str | None
    reason: str


def rejections_frame(items: list[Rejection]) -> pd.DataFrame:
    """Rejections as the ``ClientData.rejections`` frame (file, row, column, reason)."""
    frame = pd.DataFrame([(r.file, r.row, r.column, r.reason) for r in items], columns=REJECTION_COLUMNS)
    return frame.astype({"file": "string", "row": "Int64", "column": "string", "reason": "string"})
