"""Generate the three demo clients once per test session (fixed end date) and read their files back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from reporting.demo import generate
from reporting.params import load_client

END = dt.date(2026, 11, 22)
CLIENTS = ("demo-cafe", "demo-furniture", "demo-saas")


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    for client in CLIENTS:
        generate(load_client(client), root / client, END)
    return root


@pytest.fixture(scope="session")
def planted(demo_root: Path) -> dict[str, dict]:
    return {c: json.loads((demo_root / c / "planted.json").read_text(encoding="utf-8")) for c in CLIENTS}


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
