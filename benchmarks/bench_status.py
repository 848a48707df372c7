"""`reporting status` and the run-time freshness check on the demo clients: how long they take.

Run after `make reports` (it reads `reports/` and the import cache): ``.venv/bin/python benchmarks/bench_status.py``.
Prints the wall time of `reporting status` and `reporting status --json` as a fresh process (median of
five: what cron or a monitoring probe pays, interpreter start included), then, per client, the
freshness check's two paths: reading the stored day index (a no-change run) and rebuilding it from
the import cache (after the data changed; pandas' import is timed on its own, in a fresh process).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = ("demo-cafe", "demo-furniture", "demo-saas")


def wall(args: list[str], runs: int = 5) -> str:
    """Median wall time and CPU time (user + system) of a fresh process: on a busy machine the CPU figure
    is what the command costs, the wall figure what it costs there and then."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
        walls.append(time.perf_counter() - began)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return f"{statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU (median of {runs})"


def main() -> None:
    reporting = str(Path(sys.executable).parent / "reporting")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    subprocess.run([reporting, "status"], cwd=ROOT, check=True, capture_output=True)  # stores the day indexes
    print(f"reporting status ({len(CLIENTS)} clients)  {wall([reporting, 'status'])}")
    print(f"reporting status --json       {wall([reporting, 'status', '--json'])}")
    print(f"python -c pass                {wall([sys.executable, '-c', 'pass'])} (interpreter start)")
    print(f"import pandas                 {wall([sys.executable, '-c', 'import pandas'], 3)} "
          "(paid only when a day index is rebuilt)")

    from reporting.batch import freshness
    from reporting.coverage.days import day_index
    from reporting.ingest import load_client_data
    from reporting.params import load_client

    for cid in CLIENTS:
        params = load_client(cid)
        began = time.perf_counter()
        cached = freshness.cached_days(cid)
        read = time.perf_counter() - began
        began = time.perf_counter()
        data = load_client_data(params)
        loaded = time.perf_counter() - began
        began = time.perf_counter()
        rebuilt = day_index(data)
        indexed = time.perf_counter() - began
        state = "stored" if cached is not None else "not stored yet (run make reports)"
        print(f"{cid:<16} day index read {read * 1000:.1f} ms ({state}); rebuild: tables from the import cache "
              f"{loaded:.2f} s + index {indexed * 1000:.0f} ms ({len(rebuilt)} sources, "
              f"{sum(s.rows for s in rebuilt):,} rows)")


if __name__ == "__main__":
    main()
