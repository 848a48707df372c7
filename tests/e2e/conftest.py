"""Render every demo client's reports once per test session, in a scratch copy of the project.

The run date is fixed so the demo data, the goals' progress and the planted
events do not drift with the calendar. Tests in this folder read the result.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_DATE = "2026-11-23"


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch project root sharing params/ and notebooks/ with the real one, with its own data/ and reports/."""
    root = tmp_path_factory.mktemp("project")
    for name in ("params", "notebooks", "pyproject.toml"):
        (root / name).symlink_to(ROOT / name)
    (root / "data").mkdir()
    (root / "reports").mkdir()
    return root


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REPORTING_ROOT": str(project), "REPORTING_RUN_DATE": RUN_DATE}
    return subprocess.run([sys.executable, "-m", "reporting", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=1500, check=False)


@pytest.fixture(scope="session")
def rendered(project: Path) -> dict:
    """Run `reporting run` for every client once; return the process result and the reports folder."""
    result = run_cli(project, "run", "--run-date", RUN_DATE, "--jobs", "2")
    return {"result": result, "reports": project / "reports", "data": project / "data"}


def report_files(rendered: dict, client: str, report: str, default_period: bool = False) -> tuple[str, dict]:
    """The HTML text and the summary of one rendered report (fails with the run's log when missing).

    The latest period's by default; ``default_period`` takes the scheduled run's (some tests add extra periods).
    """
    folder = rendered["reports"] / client
    htmls = sorted(folder.glob(f"*/{report}.html"))
    assert htmls, f"no {report} for {client}\n{rendered['result'].stdout}\n{rendered['result'].stderr[-4000:]}"
    if default_period:
        from reporting import periods
        from reporting.params import load_client

        params = load_client(client)
        label = periods.resolve(params.reports[report].period, params.timezone,
                                dt.date.fromisoformat(RUN_DATE)).label
        htmls = [folder / label / f"{report}.html"]
    html = htmls[-1]
    summary = json.loads(html.with_name(f"{report}.summary.json").read_text(encoding="utf-8"))
    return html.read_text(encoding="utf-8"), summary


def planted(rendered: dict, client: str) -> dict:
    return json.loads((rendered["data"] / client / "planted.json").read_text(encoding="utf-8"))
