"""Command line: ``reporting run | validate | demo | inspect``. The Makefile calls these; logic lives here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from reporting import paths, periods
from reporting.params import REPORTS, ClientParams, load_all


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _period(text: str) -> str:
    try:
        return periods.parse_spec(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _report(text: str) -> str:
    if text not in REPORTS:
        raise argparse.ArgumentTypeError(f"unknown report {text!r} (known: {', '.join(REPORTS)})")
    return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reporting", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="produce reports for every client (or those named)")
    run.add_argument("--client", action="append", default=[], help="client id (repeatable)")
    run.add_argument("--report", action="append", default=[], type=_report, help="report name (repeatable)")
    run.add_argument("--period", type=_period, help="override every report's period, e.g. 2026-10")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel workers (default: cores)")
    run.add_argument("--force", action="store_true", help="re-run even when nothing changed")
    run.add_argument("--run-date", type=_date, help="pretend today is this date (reproducible runs)")

    val = sub.add_parser("validate", help="check parameters and data files; starts no kernel")
    val.add_argument("--client", action="append", default=[])

    demo = sub.add_parser("demo", help="(re)generate the demo clients' data")
    demo.add_argument("--client", action="append", default=[])
    demo.add_argument("--end", type=_date, help="last day of generated history + 1 (default: today)")

    ins = sub.add_parser("inspect", help="show how export files are read: format, rows, rejections, mapping")
    ins.add_argument("files", nargs="+", type=Path)
    ins.add_argument("--tz", default="UTC", help="time zone to convert to (default UTC)")
    return parser


def _print_param_errors(bad: dict) -> None:
    for exc in bad.values():
        print(f"error: {exc}", file=sys.stderr)


def _ensure_demo_data(clients: dict[str, ClientParams], run_date: dt.date | None) -> None:
    """Generate demo data that is missing or older than the run date (so demos stay current)."""
    from reporting import demo

    for cid, p in clients.items():
        if not p.demo:
            continue
        end = run_date or periods.today_in(p.timezone)
        planted = p.data_path / "planted.json"
        current = planted.is_file() and json.loads(planted.read_text(encoding="utf-8")).get("end") == end.isoformat()
        if not current:
            print(f"demo: generating data for {cid} up to {end}", file=sys.stderr)
            demo.generate_all(end=end, only=[cid])


def cmd_run(args: argparse.Namespace) -> int:
    from reporting import index, runner

    good, bad = load_all(only=args.client or None)
    _print_param_errors(bad)
    _ensure_demo_data(good, args.run_date)
    jobs = runner.plan(good, args.report or None, args.period, args.run_date)
    print(f"running {len(jobs)} report(s) for {len(good)} client(s) on {args.jobs} worker(s)", file=sys.stderr)
    started = time.perf_counter()

    def progress(r: runner.JobResult) -> None:
        print(f"  {r.status:<7} {r.client}/{r.period}/{r.report} ({r.seconds:.1f} s)"
              + (f": {r.error}" if r.error else ""), file=sys.stderr)

    results = runner.run_jobs(jobs, workers=args.jobs, run_date=args.run_date, on_done=progress)
    runner.write_run_log(results)
    index.write()
    print(_summary_table(results, bad, time.perf_counter() - started))
    return 1 if bad or any(r.status == "failed" for r in results) else 0


def _summary_table(results: list, bad: dict, elapsed: float) -> str:
    rows = [("client", "report", "period", "status", "seconds", "detail")]
    for r in sorted(results, key=lambda r: (r.client, r.report)):
        detail = r.html if r.status == "ok" else (f"cell {r.failed_cell}: " if r.failed_cell else "") + r.error
        rows.append((r.client, r.report, r.period, r.status, f"{r.seconds:.1f}", detail))
    for cid, exc in bad.items():
        rows.append((cid, "-", "-", "invalid", "0.0", exc.messages[0]))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True)) + "  " + row[5] for row in rows]
    failed = sum(r.status == "failed" for r in results) + len(bad)
    lines.append(f"{len(results) - failed + len(bad)} ok, {failed} failed, {elapsed:.1f} s")
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    from reporting import ingest

    good, bad = load_all(only=args.client or None)
    _print_param_errors(bad)
    problems = len(bad)
    for cid, p in good.items():
        print(f"{cid}: parameters ok")
        if not p.data_path.is_dir():
            print(f"{cid}: no data folder yet ({p.data_path}); "
                  + ("run `reporting demo`" if p.demo else "drop the client's exports there"))
            problems += 0 if p.demo else 1
            continue
        files = sorted(f for f in p.data_path.rglob("*") if f.is_file() and _is_export(f, p.data_path))
        reports = ingest.inspect_paths(files, p.timezone, p)
        print(ingest.format_report(reports))
        problems += sum(1 for r in reports if r.error)
    return 1 if problems else 0


def _is_export(file: Path, root: Path) -> bool:
    """Files an analyst dropped: not hidden, not the cache, not notes or the demo's answer key."""
    rel = file.relative_to(root).parts
    return not any(part.startswith(".") for part in rel) and file.name != "planted.json" and file.suffix != ".md"


def cmd_demo(args: argparse.Namespace) -> int:
    from reporting import demo

    written = demo.generate_all(end=args.end, only=args.client or None)
    for cid, folder in written.items():
        print(f"{cid}: {folder}")
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from reporting import ingest

    missing = [f for f in args.files if not f.exists()]
    for f in missing:
        print(f"error: {f}: no such file", file=sys.stderr)
    files = [f for f in args.files if f.exists()]
    files = [x for f in files for x in (sorted(p for p in f.rglob("*") if p.is_file()) if f.is_dir() else [f])]
    reports = ingest.inspect_paths(files, args.tz)
    print(ingest.format_report(reports))
    return 1 if missing or any(r.error for r in reports) else 0


COMMANDS = {"run": cmd_run, "validate": cmd_validate, "demo": cmd_demo, "inspect": cmd_inspect}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("REPORTING_ROOT", str(paths.project_root()))
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
