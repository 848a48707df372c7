"""How long generating the demo clients takes (budget: all three in under 20 s on a CI machine).

Run: ``.venv/bin/python benchmarks/demo_generation.py [--repeat 3]``. Prints wall and CPU seconds per
client and the size of what was written, generating into a temporary folder (the project's
``data/`` is left alone).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from reporting.demo import generate
from reporting.params import load_client

CLIENTS = ("demo-cafe", "demo-furniture", "demo-saas")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--end", type=dt.date.fromisoformat, default=dt.date(2026, 11, 22))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.repeat):
            total_wall = total_cpu = 0.0
            for client in CLIENTS:
                wall, cpu = time.perf_counter(), time.process_time()
                generate(load_client(client), Path(tmp) / client, args.end)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                total_wall, total_cpu = total_wall + wall, total_cpu + cpu
                folder = Path(tmp) / client
                size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
                print(f"run {run + 1} {client:15s} wall {wall:5.1f} s  cpu {cpu:5.1f} s  "
                      f"{len(list(folder.iterdir())):3d} files  {size:5.1f} MB")
            print(f"run {run + 1} all three      wall {total_wall:5.1f} s  cpu {total_cpu:5.1f} s")


if __name__ == "__main__":
    main()
