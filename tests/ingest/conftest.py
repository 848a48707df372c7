"""Fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def isolated_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away project root so the Parquet cache never touches the real data/.cache."""

    (tmp_path / "params").mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    monkeypatch.setenv("REPORTING_ROOT", str(tmp_path))
    yield tmp_path
