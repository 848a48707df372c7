"""A scratch project with tiny notebooks, for testing the batch runner without the real reports' cost.

Each of the four report names gets a three-cell notebook that opens the report context (parameters,
period, translator: the real code path) and emits a summary; a client with ``keywords: [fail]`` makes
it raise, so failure isolation can be tested.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from reporting.registry import REPORTS

RUN_DATE = "2026-11-23"

NOTEBOOK_CELLS = [
    ('client = "tiny-a"\nperiod = None', ["parameters"]),
    ("from reporting import display as show\nfrom reporting.report import open_report\n\n"
     "ctx = open_report(REPORT, client, period)\n"
     "assert 'fail' not in ctx.params.keywords, 'planted failure for ' + client\n"
     "show.heading(ctx.params.display_name + ' · ' + ctx.period.label)", []),
    ("show.paragraph('<script>alert(1)</script> stays text')", []),
    ("import matplotlib.pyplot as plt\n\nfig, ax = plt.subplots()\nax.bar(['a', 'b'], [1, 2])\n"
     "show.figure(fig, alt='two bars')", []),
    ('ctx.summary({"executive_summary": [ctx.params.display_name + " did well in " + ctx.period.label]})',
     ["summary"]),
]


MINIMAL_CELLS = [NOTEBOOK_CELLS[0], NOTEBOOK_CELLS[1], NOTEBOOK_CELLS[-1]]


def write_notebook(path: Path, report: str, minimal: bool = False) -> None:
    """A tiny report notebook; ``minimal`` leaves out the chart and the hostile paragraph."""
    cells = [new_markdown_cell("Tiny test notebook")]
    for source, tags in MINIMAL_CELLS if minimal else NOTEBOOK_CELLS:
        cell = new_code_cell(source.replace("REPORT", repr(report)))
        cell.metadata["tags"] = tags
        cells.append(cell)
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})
    nbformat.write(nb, path)


def client_yaml(name: str, language: str = "en", keywords: list[str] | None = None,
                stakeholders: list[dict] | None = None) -> str:
    lines = [f"display_name: {json.dumps(name)}", f"language: {language}", "timezone: Europe/Athens",
             "channels: [facebook]", f"keywords: {json.dumps(keywords or [])}"]
    if stakeholders:
        lines.append(f"stakeholders: {json.dumps(stakeholders, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def make_project(root: Path, clients: dict[str, str] | None = None, minimal: bool = False) -> Path:
    """Build the project under ``root``: params (defaults + clients), data folders, tiny notebooks."""
    (root / "params").mkdir(parents=True)
    (root / "notebooks").mkdir()
    (root / "reports").mkdir()
    (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    (root / "params" / "_defaults.yaml").write_text(
        "reports:\n" + "".join(f"  {r}: {{period: last-full-month}}\n" for r in REPORTS), encoding="utf-8")
    clients = clients or {"tiny-a": client_yaml("Tiny A"), "tiny-b": client_yaml("Τίνι Β", language="el")}
    for cid, text in clients.items():
        (root / "params" / f"{cid}.yaml").write_text(text, encoding="utf-8")
        (root / "data" / cid).mkdir(parents=True)
        (root / "data" / cid / "posts.csv").write_text("date,likes\n2026-10-01,3\n", encoding="utf-8")
    for report in REPORTS:
        write_notebook(root / "notebooks" / f"{report}.ipynb", report, minimal)
    return root


def cli_env(root: Path) -> dict[str, str]:
    env = {**os.environ, "REPORTING_ROOT": str(root), "REPORTING_RUN_DATE": RUN_DATE}
    env.pop("REPORTING_REPORTS_DIR", None)
    return env


def run_cli(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reporting", *args], cwd=root, env=cli_env(root),
                          capture_output=True, text=True, timeout=timeout, check=False)


def start_cli(root: Path, *args: str) -> subprocess.Popen[str]:
    """``reporting`` in the background, in a session of its own (so a test can kill it and its kernels)."""
    return subprocess.Popen([sys.executable, "-m", "reporting", *args], cwd=root, env=cli_env(root),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def write_daily(root: Path, client: str, first: str, last: str, channel: str = "facebook") -> Path:
    """A plain-template daily account series (one row a day, ``first`` to ``last``) in the client's data."""
    days = [dt.date.fromisoformat(first) + dt.timedelta(days=i)
            for i in range((dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days + 1)]
    path = root / "data" / client / "account_daily.csv"
    path.write_text("date,channel,followers\n" + "".join(f"{d},{channel},{100 + i}\n" for i, d in enumerate(days)),
                    encoding="utf-8")
    return path
