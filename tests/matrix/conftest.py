"""Demo clients' canonical tables, generated and imported once per session (no kernel, no cache on disk)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporting.demo import generate
from reporting.ingest import load_client_data
from reporting.params import load_client

END = dt.date(2026, 11, 23)  # the demo history ends the day before; the e2e tests use the same run date


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """client id -> (ClientData, ClientParams) from generated exports read through the importers."""
    root: Path = tmp_path_factory.mktemp("matrix")
    out = {}
    for client in ("demo-cafe", "demo-furniture", "demo-saas"):
        params = load_client(client)
        generate(params, root / client, END)
        params = params.model_copy(update={"data_dir": str(root / client)})
        out[client] = (load_client_data(params, use_cache=False), params)
    return out
