"""Helpers for the ingest tests: fixture paths, one-file imports, canonical frames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from reporting import tables
from reporting.ingest.inspection import FileReport, import_file
from reporting.ingest.registry import Context
from reporting.params import ClientParams

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "exports"
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real-exports"


def read(path: Path, tz: str = "UTC", params: ClientParams | None = None,
         reference: dt.date = dt.date(2026, 1, 15)) -> FileReport:
    """Import one file the way load_client_data does, with a fixed reference day."""
    return import_file(path, Context(tz=tz, params=params, reference=reference, path=path), display=path.name)


def frame(report: FileReport, table: str, tz: str = "UTC") -> pd.DataFrame:
    """The report's rows for one canonical table, conformed to ``tz``."""
    parts = [tables.conform(e.frame, table, tz) for e in report.extracts if e.table == table]
    return pd.concat(parts, ignore_index=True) if parts else tables.empty(table, tz)


def client(tmp_path: Path, **overrides: object) -> ClientParams:
    """Client parameters whose data folder is ``tmp_path / 'data'``."""
    folder = tmp_path / "data"
    folder.mkdir(parents=True, exist_ok=True)
    values = {"client_id": "test", "display_name": "모퉁이 커피", "channels": ["facebook", "instagram"],
              "timezone": "Asia/Seoul", "data_dir": str(folder)} | overrides
    return ClientParams(**values)
