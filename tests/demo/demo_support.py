"""Constants and readers shared by the demo tests (a module with its own name: conftest is not importable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

END = dt.date(2026, 11, 22)
CLIENTS = ("demo-cafe", "demo-furniture", "demo-saas")


def files(root: Path, planted: dict, client: str, fmt: str) -> list[Path]:
    """The client's files of one export format, in the order they were written."""
    found = [root / client / f["file"] for f in planted[client]["files"] if f["format"] == fmt]
    assert found, f"{client} has no {fmt} file"
    return found


def read_brandwatch(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", skiprows=6, dtype=str, keep_default_na=False)


def read_meltwater(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-16", sep="\t", dtype=str, keep_default_na=False)


def read_sprout(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def count(values: pd.Series) -> pd.Series:
    """Sprout-style numbers with thousands separators -> integers."""
    return pd.to_numeric(values.str.replace(",", ""), errors="coerce")
