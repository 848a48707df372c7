"""Ingest speed: 1,000,000 Brandwatch-style mention rows, CSV -> canonical, then from the Parquet cache.

Targets on the 2-core reference machine: CSV -> canonical <= 30 s; from cache <= 2 s.
Run: ``.venv/bin/python benchmarks/bench_ingest.py [rows]`` (``make bench``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

HEADER = ["Query Id", "Query Name", "Date", "Title", "Url", "Domain", "Sentiment", "Page Type", "Language",
          "Country", "Author", "Full Name", "Full Text", "Hashtags", "Resource Id", "Reach (new)",
          "Engagement Score", "Twitter Followers", "Checked"]


def write_mentions(path: Path, rows: int, seed: int = 7) -> None:
    """A Brandwatch-style export with a report preamble, written in chunks to keep memory flat."""
    rng = np.random.default_rng(seed)
    domains = np.array(["twitter.com", "instagram.com", "facebook.com", "news.example.com", "reddit.com",
                        "blog.example.org"])
    kinds = np.array(["twitter", "instagram", "facebook", "news", "reddit", "blog"])
    brands = np.array(["Ledgerly", "Paywise", "Booksmith"])
    words = np.array(["great", "slow", "invoice", "support", "pricing", "launch", "bug", "love", "team", "app",
                      "fast", "payroll", "update", "demo", "보고서", "Ευχαριστώ", "<script>alert(1)</script>"])
    start = pd.Timestamp("2025-01-01").value // 10**9
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("Report:,Mentions\nBrand:,Benchmark\nFrom:,2025-01-01\nTo:,2026-01-01\n\n")
        fh.write(",".join(HEADER) + "\n")
        chunk = 200_000
        for offset in range(0, rows, chunk):
            n = min(chunk, rows - offset)
            kind = rng.integers(0, len(kinds), n)
            secs = start + rng.integers(0, 365 * 86400, n)
            text = [" ".join(rng.choice(words, 12)) for _ in range(n)]
            frame = pd.DataFrame({
                "Query Id": 1000 + rng.integers(0, 3, n),
                "Query Name": brands[rng.integers(0, 3, n)],
                "Date": pd.to_datetime(secs, unit="s").strftime("%Y-%m-%d %H:%M:%S.0"),
                "Title": "",
                "Url": [f"https://{domains[k]}/p/{offset + i}" for i, k in enumerate(kind)],
                "Domain": domains[kind],
                "Sentiment": np.array(["positive", "negative", "neutral"])[rng.integers(0, 3, n)],
                "Page Type": kinds[kind],
                "Language": np.array(["en", "ko", "el"])[rng.integers(0, 3, n)],
                "Country": "",
                "Author": [f"user{x}" for x in rng.integers(0, 50_000, n)],
                "Full Name": "",
                "Full Text": text,
                "Hashtags": np.array(["", "#ledgerly", "#payroll, #fintech"])[rng.integers(0, 3, n)],
                "Resource Id": np.arange(offset, offset + n) + 10**12,
                "Reach (new)": rng.integers(0, 200_000, n),
                "Engagement Score": rng.integers(0, 5_000, n),
                "Twitter Followers": [f"{x:,}" for x in rng.integers(0, 2_000_000, n)],
                "Checked": "false",
            })
            frame.to_csv(fh, header=False, index=False)


def main(rows: int = 1_000_000) -> None:
    from reporting.ingest import load_client_data
    from reporting.params import ClientParams

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["REPORTING_ROOT"] = str(root)
        (root / "params").mkdir()
        folder = root / "data" / "bench"
        folder.mkdir(parents=True)
        write_mentions(folder / "mentions.csv", rows)
        size = (folder / "mentions.csv").stat().st_size / 1e6
        from reporting import paths

        paths.project_root.cache_clear()
        params = ClientParams(client_id="bench", display_name="Bench", channels=["x"], timezone="Europe/Athens",
                              data_dir=str(folder))
        t0 = time.perf_counter()
        data = load_client_data(params)
        first = time.perf_counter() - t0
        assert len(data.mentions) == rows, (len(data.mentions), data.rejections.head())
        print(f"ingest: {rows:,} mentions CSV->canonical {first:.1f} s ({size:,.0f} MB file, incl. writing the cache)")
        # A report run starts a fresh process: time the cached load there (imports excluded).
        probe = (
            "import sys, time\n"
            "from reporting.ingest import load_client_data\n"
            "from reporting.params import ClientParams\n"
            f"p = ClientParams(client_id='bench', display_name='Bench', channels=['x'], timezone='Europe/Athens', "
            f"data_dir={str(folder)!r})\n"
            "t0 = time.perf_counter(); d = load_client_data(p); print(time.perf_counter() - t0, len(d.mentions))\n")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                             env=os.environ | {"REPORTING_ROOT": str(root)}).stdout.split()
        cached, count = float(out[0]), int(out[1])
        assert count == rows
        print(f"ingest: from cache {cached:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
