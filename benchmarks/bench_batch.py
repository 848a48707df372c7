"""Batch throughput: `reporting run` against the naive loop, on the demo clients, side by side in one run.

The naive loop is what a team writes first: for each client × report, the ``papermill`` command line,
then ``jupyter nbconvert --to html``, one after the other. Both arms start cold: same notebooks, same
generated demo data, empty import cache, no reports. Then a no-change re-run of ``reporting run``
(incremental: nothing to do, no kernel) is timed too.

Run: ``.venv/bin/python benchmarks/bench_batch.py`` (``make bench`` runs it with the other benchmarks).
Options: ``--clients demo-cafe demo-saas`` / ``--reports kpi_review`` to narrow, ``--skip-naive``,
``--downloads off`` to run with every client's PDF and XLSX turned off (``pdf: false``, ``xlsx: false``), to
compare with the default (the demo clients ask for both).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN_DATE = "2026-11-23"
BIN = Path(sys.executable).parent


def scratch_project(base: Path, downloads: bool = True) -> Path:
    """A project sharing params/ and notebooks/ with this one, with its own data/ and reports/.

    ``downloads=False`` copies params/ instead, with ``pdf: false`` and ``xlsx: false`` in every client file.
    """
    root = base / "project"
    root.mkdir()
    for name in ("notebooks", "pyproject.toml"):
        (root / name).symlink_to(ROOT / name)
    if downloads:
        (root / "params").symlink_to(ROOT / "params")
    else:
        import yaml

        shutil.copytree(ROOT / "params", root / "params")
        for file in (root / "params").glob("[!_]*.yaml"):
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            file.write_text(yaml.safe_dump({**data, "pdf": False, "xlsx": False}, allow_unicode=True),
                            encoding="utf-8")
    (root / "data").mkdir()
    (root / "reports").mkdir()
    return root


def env_for(root: Path) -> dict[str, str]:
    return {**os.environ, "REPORTING_ROOT": str(root), "REPORTING_RUN_DATE": RUN_DATE,
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def cold(root: Path) -> None:
    """Forget every import and every report: both arms start from the exports alone."""
    shutil.rmtree(root / "data" / ".cache", ignore_errors=True)
    shutil.rmtree(root / "reports", ignore_errors=True)
    (root / "reports").mkdir()


def jobs(root: Path, clients: list[str] | None, reports: list[str] | None) -> list[tuple[str, str, str]]:
    """(client, report, explicit period) for every job `reporting run` would plan."""
    code = ("import json, datetime as dt\nfrom reporting.batch import jobs\nfrom reporting.params import load_all\n"
            f"good, _ = load_all(only={clients!r})\n"
            f"print(json.dumps([(j.client, j.report, j.period_spec) for j in jobs.plan(good, {reports!r}, "
            f"run_date=dt.date.fromisoformat({RUN_DATE!r}))]))")
    out = subprocess.run([sys.executable, "-c", code], env=env_for(root), capture_output=True, text=True, check=True)
    return [tuple(j) for j in json.loads(out.stdout)]


def naive(root: Path, planned: list[tuple[str, str, str]], kernel: str) -> tuple[float, list[str]]:
    """The naive loop; returns (seconds, failures as "client/report: last error line")."""
    out = root / "naive"
    out.mkdir(exist_ok=True)
    failures = []
    started = time.perf_counter()
    for client, report, period in planned:
        executed = out / f"{client}-{report}.ipynb"
        steps = [
            [str(BIN / "papermill"), str(root / "notebooks" / f"{report}.ipynb"), str(executed), "-k", kernel,
             "-r", "client", client, "-r", "period", period, "--cwd", str(root / "notebooks"), "--no-progress-bar"],
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
        ]
        for step in steps:
            done = subprocess.run(step, env=env_for(root), capture_output=True, text=True, check=False)
            if done.returncode != 0:
                lines = [line for line in done.stderr.splitlines() if line.strip()]
                failures.append(f"{client}/{report}: {lines[-1] if lines else done.returncode}")
                break
    return time.perf_counter() - started, failures


def ours(root: Path, args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    result = subprocess.run([str(BIN / "reporting"), "run", "--run-date", RUN_DATE, *args], env=env_for(root),
                            capture_output=True, text=True, check=False)
    return time.perf_counter() - started, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", nargs="*", default=None)
    parser.add_argument("--reports", nargs="*", default=None)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--downloads", choices=("on", "off"), default="on",
                        help="off: every client's pdf and xlsx turned off")
    opts = parser.parse_args(argv)
    narrow = [a for c in opts.clients or [] for a in ("--client", c)] + \
             [a for r in opts.reports or [] for a in ("--report", r)]

    from reporting.batch.runner import kernel_name

    kernel = kernel_name()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = scratch_project(Path(tmp), downloads=opts.downloads == "on")
        subprocess.run([str(BIN / "reporting"), "demo", "--end", RUN_DATE], env=env_for(root), check=True,
                       capture_output=True)
        planned = jobs(root, opts.clients, opts.reports)
        print(f"{len(planned)} reports ({len({c for c, _, _ in planned})} clients), {os.cpu_count()} cores, "
              f"run date {RUN_DATE}, kernel {kernel!r}, PDF and XLSX {opts.downloads}")

        if not opts.skip_naive:
            cold(root)
            naive_s, naive_failed = naive(root, planned, kernel)
            print(f"naive loop (papermill CLI + nbconvert CLI, sequential): {naive_s:7.1f} s"
                  + (f"  ({len(naive_failed)} failed)" if naive_failed else ""))
            for line in naive_failed:
                print(f"  failed {line}")

        cold(root)
        ours_s, result = ours(root, narrow)
        tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
        print(f"reporting run (parallel, warm kernels, shared import): {ours_s:7.1f} s  [{tail}]")
        for line in result.stderr.splitlines():
            if "data in" in line or "failed" in line.split("]")[-1][:10]:
                print(f"  {line.strip()}")
        log = sorted((root / "reports" / "_runs").glob("*.json"))
        if log:
            entries = json.loads(log[-1].read_text(encoding="utf-8"))
            parts = {k: sum(e["timings"].get(k, 0) for e in entries) for k in ("kernel", "execute", "render", "xlsx",
                                                                                "pdf")}
            print("  summed per-job time: " + ", ".join(f"{k} {v:.1f} s" for k, v in parts.items()))
            per_report: dict[str, list[float]] = {}
            for e in entries:
                per_report.setdefault(e["report"], []).append(e["timings"].get("execute", 0))
            print("  execute per report, mean over clients: "
                  + ", ".join(f"{r} {sum(v) / len(v):.1f} s" for r, v in sorted(per_report.items())))
        if not opts.skip_naive:
            print(f"speed-up: {naive_s / ours_s:.2f}x  (target >= 3x)")

        again_s, again = ours(root, narrow)
        header = next((line for line in again.stderr.splitlines() if "report(s) for" in line), "")
        print(f"no-change re-run: {again_s:.2f} s  (target < 2 s)  [{header.strip()}]")
        reasons = {line.rsplit("(", 1)[-1].rstrip(")") for line in again.stdout.splitlines()[1:-1] if "(" in line}
        if reasons - {"unchanged since last good run"}:
            print(f"  re-ran because: {', '.join(sorted(reasons))} (files edited during the benchmark?)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
