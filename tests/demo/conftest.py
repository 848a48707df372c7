"""Generate the three demo clients once per test session (fixed end date)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from demo_support import CLIENTS, END

from reporting.demo import generate
from reporting.params import load_client


@pytest.fixture(scope="session")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    for client in CLIENTS:
        generate(load_client(client), root / client, END)
    return root


@pytest.fixture(scope="session")
def planted(demo_root: Path) -> dict[str, dict]:
    return {c: json.loads((demo_root / c / "planted.json").read_text(encoding="utf-8")) for c in CLIENTS}
