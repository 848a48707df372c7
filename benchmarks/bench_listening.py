"""How the competitor listening report scales: 10k versus 1M mentions in the period.

Generates canonical mentions (text in English, Korean and Greek, brand names
written in several ways, handles, hashtags, reach, engagement, the listening
tool's sentiment) for a four-week period and eight weeks before it at the same
daily rate (the report reads the previous four weeks: change, weekly trend,
spike baselines; the older rows are there as in a real client's data), then
times :func:`reporting.reports.competitor_listening.analyse` (every number, table and
spike of the report; the views only word, draw and show them) in a fresh process per size
and reports the marginal cost per mention in the period.

Sentiment comes from the export here, as listening tools supply it. Mentions
without it go through :mod:`reporting.text.sentiment`; ``--computed-share 0.3``
measures that case too (its cost is the scorer's, per distinct text).

Usage::

    .venv/bin/python benchmarks/bench_listening.py            # 10k and 1M
    .venv/bin/python benchmarks/bench_listening.py --sizes 10000 100000 --computed-share 0.3

Prints ``listening: marginal X µs/mention, peak memory Y GB``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

PERIOD = ("2026-10-26", "2026-11-22")
HISTORY_START = "2026-08-31"  # first day generated; analyse() reads from 2026-09-28 (the previous period)
TZ = "Asia/Seoul"

TEMPLATES = [
    "{brand} {w1} {w2} really {w3} #{tag}",
    "RT @{author}: {brand} {w1} and {w2} {w3}",
    "{brand}에서 {k1} {k2} 너무 좋아요 {n}",
    "오늘 {brand} {k1} 별로였어요 {k2} #{tag}",
    "Υπέροχα {g1} από {brand}, {g2} {n}",
    "Το {brand} έχει {g1} {g2};",
    "Comparing {brand} and {other} for {w1} {w2} {n}",
]
BRANDS = {
    "Ledgerly": ["Ledgerly", "LEDGERLY", "@ledgerlyhq", "#ledgerly"],
    "스타벅스": ["스타벅스", "스벅", "Starbucks", "Ｓｔａｒｂｕｃｋｓ"],
    "Ξύλο & Φως": ["Ξύλο & Φως", "ΞΥΛΟ & ΦΩΣ", "Ξυλο και Φως"],
    "Paywise": ["Paywise", "@paywise", "paywise"],
}
WORDS = "great support sync release pricing team month close fast slow buggy love reconciliation webinar".split()
KO = "라떼 커피 직원 분위기 주차 메뉴 원두 디저트 예약 창가".split()
EL = "έπιπλα ποιότητα καναπέ τραπέζι παράδοση εξυπηρέτηση τιμή".split()
TAGS = "fintech cfo saas 카페스타그램 연남동카페 έπιπλα interiordesign launch".split()


def params():  # noqa: ANN201 - ClientParams, imported lazily so --help stays instant
    from reporting.params import ClientParams

    return ClientParams(
        client_id="bench", display_name="Ledgerly", language="en", timezone=TZ, channels=["x"], demo=True,
        handles={"x": "ledgerlyhq"}, keywords=["#ledgerly"],
        competitors=[{"name": "스타벅스", "keywords": ["스벅", "Starbucks"]},
                     {"name": "Ξύλο & Φως", "keywords": ["Ξύλο και Φως"]},
                     {"name": "Paywise", "handles": {"x": "paywise"}}])


def mentions(in_period: int, computed_share: float, seed: int = 0) -> pd.DataFrame:
    """Canonical mention rows: ``in_period`` of them in the period, the same daily rate before it."""
    rng = np.random.default_rng(seed)
    start, end = pd.Timestamp(PERIOD[0]), pd.Timestamp(PERIOD[1]) + pd.Timedelta(days=1)
    first = pd.Timestamp(HISTORY_START)
    n = int(in_period * (end - first) / (end - start))
    seconds = rng.integers(0, int((end - first).total_seconds()), n)
    time_ = (first + pd.to_timedelta(seconds, unit="s")).tz_localize(TZ)
    names = list(BRANDS)
    brand = rng.choice(len(names), n, p=[0.3, 0.35, 0.15, 0.2])
    spelled = np.array([BRANDS[names[b]][rng.integers(len(BRANDS[names[b]]))] for b in brand[:50_000]], dtype=object)
    spelled = spelled[rng.integers(0, len(spelled), n)] if n > 50_000 else spelled
    template = rng.integers(0, len(TEMPLATES), n)
    authors = np.array([f"user{i}" for i in range(max(1000, n // 20))], dtype=object)
    author = authors[rng.integers(0, len(authors), n)]
    pick = lambda pool: np.array(pool, dtype=object)[rng.integers(0, len(pool), n)]  # noqa: E731
    w1, w2, w3, k1, k2, g1, g2, tag = (pick(WORDS), pick(WORDS), pick(WORDS), pick(KO), pick(KO), pick(EL),
                                        pick(EL), pick(TAGS))
    numbers = rng.integers(0, 10_000, n).astype(str)
    text = np.empty(n, dtype=object)
    for i, form in enumerate(TEMPLATES):
        idx = np.flatnonzero(template == i)
        text[idx] = [form.format(brand=spelled[j], other="Paywise", author=author[j], w1=w1[j], w2=w2[j], w3=w3[j],
                                 k1=k1[j], k2=k2[j], g1=g1[j], g2=g2[j], tag=tag[j], n=numbers[j]) for j in idx]
    sentiment = pick(["positive", "neutral", "negative"])
    sentiment[rng.random(n) < computed_share] = None
    frame = pd.DataFrame({
        "mention_id": pd.array(np.char.add("m", np.arange(n).astype(str)), dtype="string"),
        "time": time_, "channel": pick(["x", "instagram", "blog", "news", "forum"]),
        "source": pick(["x.com", "instagram.com", "blog.naver.com", "kathimerini.gr", "reddit.com"]),
        "author": author, "author_followers": rng.lognormal(6, 1.5, n).round(),
        "text": text, "language": None, "sentiment": sentiment,
        "sentiment_origin": np.where(pd.isna(sentiment), None, "export"),
        "reach": rng.lognormal(7, 1.5, n).round(), "engagement": rng.poisson(3, n),
        "brand": None, "hashtags": None, "url": np.char.add("https://x.com/s/", np.arange(n).astype(str)),
    })
    return frame


def peak_rss() -> float:
    """This process's peak resident memory in bytes.

    Linux's VmHWM belongs to the process image, whereas ``ru_maxrss`` survives
    fork and exec and would report the parent's peak (the data generator's).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def prepare(size: int, computed_share: float, folder: Path) -> Path:
    """Write the size's mentions to Parquet: the timed process starts from loaded data, as a report does."""
    from reporting import tables

    file = folder / f"mentions-{size}.parquet"
    tables.conform(mentions(size, computed_share), "mentions", TZ).to_parquet(file, index=False)
    return file


def run_one(file: Path) -> dict[str, float]:
    """Read the mentions, then time analyse() once; peak memory is this process's high-water mark (RSS)."""
    from reporting import tables
    from reporting.reports import competitor_listening as listening
    from reporting.dataset import ClientData
    from reporting.periods import Period

    frame = pd.read_parquet(file)
    empty = {name: tables.empty(name, TZ) for name in tables.TABLES if name != "mentions"}
    data = ClientData(tz=TZ, mentions=frame, **empty)
    period = Period(dt.date.fromisoformat(PERIOD[0]), dt.date.fromisoformat(PERIOD[1]), "bench", "bench")
    p = params()
    warm = ClientData.from_frames(TZ, mentions=mentions(500, 0.5, seed=1))
    listening.analyse(warm, p, period)  # fixed costs (Kiwi model, brand patterns) are not per mention
    del warm
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    result = listening.analyse(data, p, period)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = peak_rss()
    return {"rows": len(frame), "seconds": seconds, "cpu": cpu, "peak_gb": peak / 1e9,
            "in_period": int(result.matched.mentions)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 1_000_000])
    parser.add_argument("--computed-share", type=float, default=0.0,
                        help="share of mentions without the tool's sentiment (scored by reporting.text.sentiment)")
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            file = prepare(size, args.computed_share, Path(tmp))
            done = subprocess.run([sys.executable, __file__, "--one", str(file)], capture_output=True, text=True,
                                  check=False)
            if done.returncode:
                raise SystemExit(done.stderr[-3000:])
            runs.append({"size": size, **json.loads(done.stdout.strip().splitlines()[-1])})
            r = runs[-1]
            print(f"  {size:>9,} mentions in the period ({r['rows']:,} rows in the data): {r['seconds']:.2f} s "
                  f"({r['cpu']:.2f} s CPU), peak RSS {r['peak_gb']:.2f} GB")
    small, large = runs
    marginal = (large["seconds"] - small["seconds"]) / (large["size"] - small["size"]) * 1e6
    cpu = (large["cpu"] - small["cpu"]) / (large["size"] - small["size"]) * 1e6
    print(f"  (CPU time: marginal {cpu:.1f} µs/mention; wall time is what a scheduled run waits)")
    print(f"listening: marginal {marginal:.1f} µs/mention, peak memory {large['peak_gb']:.2f} GB")


if __name__ == "__main__":
    main()
