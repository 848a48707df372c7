"""Build a scratch project from the real clients in ``clients.py`` and run every report once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from realbed.clients import CLIENTS

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT.parent / "shared" / "real-exports"
RUN_DATE = "2026-12-01"


def build_project(root: Path) -> Path:
    """params/ (one file per real client, periods fixed inside its data), data/ (copies), notebooks/ (linked)."""
    (root / "params").mkdir(parents=True)
    (root / "reports").mkdir()
    (root / "notebooks").symlink_to(ROOT / "notebooks")
    (root / "pyproject.toml").write_text("[project]\nname = 'realbed'\n", encoding="utf-8")
    for client in CLIENTS:
        folder = root / "data" / client.id
        folder.mkdir(parents=True)
        for pattern in client.files:
            for i, src in enumerate(sorted(REAL.glob(pattern))):
                if src.is_file():
                    shutil.copy2(src, folder / f"{src.parent.name[:24]}-{i:02d}-{src.name}")
        reports = "".join(f"  {r}: {{period: '{p}'}}\n" for r, p in client.periods.items())
        (root / "params" / f"{client.id}.yaml").write_text(
            client.params.strip() + "\nreports:\n" + reports, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def realbed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent: the real-client test bed needs the shared real exports")
    root = build_project(tmp_path_factory.mktemp("realbed"))
    env = {**os.environ, "REPORTING_ROOT": str(root), "REPORTING_RUN_DATE": RUN_DATE}
    env.pop("REPORTING_REPORTS_DIR", None)
    result = subprocess.run([sys.executable, "-m", "reporting", "run", "--jobs", "2", "--run-date", RUN_DATE],
                            cwd=root, env=env, capture_output=True, text=True, timeout=1800, check=False)
    return {"root": root, "result": result, "reports": root / "reports"}
