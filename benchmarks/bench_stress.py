"""Kernel start stress: 200 reports of a one-cell notebook, 8 kernels starting at once, zero start failures.

The test suite runs the same with 20 renders (tests/test_stress.py); this prints the full figure.
Run: ``.venv/bin/python benchmarks/bench_stress.py [--renders 200] [--workers 8]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--workers", type=int, default=8)
    opts = parser.parse_args(argv)
    from batchproject import make_project

    with tempfile.TemporaryDirectory(prefix="bench-stress-") as tmp:
        root = make_project(Path(tmp), minimal=True)
        os.environ["REPORTING_ROOT"] = str(root)
        from test_stress import render_all

        started = time.perf_counter()
        results = render_all(opts.renders, opts.workers)
        elapsed = time.perf_counter() - started
    failed = [r for r in results if r.status != "ok"]
    kernel = sorted(r.timings.get("kernel", 0) for r in results)
    print(f"{len(results)} renders, {opts.workers} kernels at once on {os.cpu_count()} cores: {elapsed:.1f} s "
          f"({len(results) / elapsed:.1f} reports/s), {len(failed)} failed")
    print(f"kernel start: median {kernel[len(kernel) // 2]:.2f} s, max {kernel[-1]:.2f} s")
    for r in failed[:5]:
        print(f"  failed {r.period}: {r.error}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
