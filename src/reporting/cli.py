"""Command line: ``reporting run | send | validate | demo | inspect | label``. The Makefile calls these; logic lives here."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reporting import paths, periods
from reporting.params import ClientParams, load_all
from reporting.reports import REPORTS

if TYPE_CHECKING:
    from reporting.batch import runner
    from reporting.batch.jobs import JobResult


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
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="run the jobs on this Dask distributed scheduler instead of this machine")
    run.add_argument("--cold-kernels", action="store_true",
                     help="start every kernel from scratch instead of forking preloaded ones (slower)")

    send = sub.add_parser("send", help="email each stakeholder the reports named for them (SMTP_* variables)")
    send.add_argument("--client", action="append", default=[], help="client id (repeatable)")
    send.add_argument("--dry-run", action="store_true", help="write the emails as .eml files instead of sending")
    send.add_argument("--run-date", type=_date, help="pretend today is this date (which period is due)")

    val = sub.add_parser("validate", help="check parameters and data files; starts no kernel")
    val.add_argument("--client", action="append", default=[])

    demo = sub.add_parser("demo", help="(re)generate the demo clients' data")
    demo.add_argument("--client", action="append", default=[])
    demo.add_argument("--end", type=_date, help="last day of generated history + 1 (default: today)")

    lab = sub.add_parser("label", help="write a sample of a client's mentions to label by hand (sentiment), "
                                       "or --check the labels so far")
    lab.add_argument("--client", required=True, help="client id")
    lab.add_argument("--sample", type=int, default=200, metavar="N", help="mentions to sample (default 200)")
    lab.add_argument("--language", help="only mentions in this language (ISO code: ko, el, en...)")
    lab.add_argument("--check", action="store_true",
                     help="write nothing: measure computed sentiment on the labels so far, per language")

    ins = sub.add_parser("inspect", help="show how export files are read: format, rows, rejections, mapping")
    ins.add_argument("files", nargs="+", type=Path)
    ins.add_argument("--tz", default="UTC", help="time zone to convert to (default UTC)")
    return parser


def _print_param_errors(bad: dict) -> None:
    for exc in bad.values():
        print(f"error: {exc}", file=sys.stderr)


def _ensure_demo_data(clients: dict[str, ClientParams], run_date: dt.date | None) -> None:
    """Generate demo data that is missing or older than the run date (so demos stay current)."""
    for cid, p in clients.items():
        if not p.demo:
            continue
        end = run_date or periods.today_in(p.timezone)
        planted = p.data_path / "planted.json"
        current = planted.is_file() and json.loads(planted.read_text(encoding="utf-8")).get("end") == end.isoformat()
        if not current:
            from reporting import demo  # only when needed: the no-change re-run stays light

            print(f"demo: generating data for {cid} up to {end}", file=sys.stderr)
            demo.generate_all(end=end, only=[cid])


def cmd_run(args: argparse.Namespace) -> int:
    from reporting.batch import runner
    from reporting.batch.jobs import plan

    started = time.perf_counter()
    good, bad = load_all(only=args.client or None)
    _print_param_errors(bad)
    _ensure_demo_data(good, args.run_date)
    jobs = plan(good, args.report or None, args.period, args.run_date)
    todo, results = runner.pending(jobs, force=args.force, clients=good)
    where = args.scheduler or f"{args.jobs} worker(s)"
    print(f"{len(jobs)} report(s) for {len(good)} client(s): {len(todo)} to run"
          + (f" on {where}" if todo else "") + f", {len(results)} unchanged", file=sys.stderr)
    interrupted = False
    if todo:
        progress = Progress(len(todo))
        executor = _executor(args, progress.note)

        def done(r: JobResult) -> None:
            results.append(r)  # kept as they come: an interrupted run still logs what finished
            progress(r)

        try:
            runner.execute(todo, executor, run_date=args.run_date, on_done=done)
        except KeyboardInterrupt:
            interrupted = True  # the executor has stopped its kernels; what finished is stored
        finally:
            progress.close()
    runner.write_run_log(results)
    if todo or not (paths.reports_dir() / "index.html").exists():
        from reporting.batch import index

        index.write()
    print(_summary_table(results, bad, time.perf_counter() - started))
    if interrupted:
        print(f"interrupted: {len(todo) - sum(r.status != 'skipped' for r in results)} report(s) not run",
              file=sys.stderr)
        return 130
    return 1 if bad or any(r.status == "failed" for r in results) else 0


class Progress:
    """Progress on stderr: a live bar (done, failed, elapsed) on a terminal, one line per job otherwise.

    Cron and CI logs are not terminals; there a line per finished job keeps the log readable.
    """

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total, self.done, self.failed = total, 0, 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()
        self.bar = None
        if self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=self.stream, dynamic_ncols=True,
                            bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}]{postfix}")
            self.bar.set_postfix_str("0 failed")
            self._ticking = threading.Event()
            threading.Thread(target=self._tick, daemon=True, name="progress").start()

    def _tick(self) -> None:
        """Keep the elapsed time moving while long jobs run (tqdm redraws only on updates)."""
        while not self._ticking.wait(1.0):
            self.bar.refresh()

    def note(self, text: str) -> None:
        self._line(f"  {text}")

    def __call__(self, r: JobResult) -> None:
        self.done += 1
        self.failed += r.status == "failed"
        line = (f"  {r.status:<7} {r.client}/{r.period}/{r.report} ({r.seconds:.1f} s)"
                + (f": {r.error}" if r.error else ""))
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
            self.bar.set_postfix_str(f"{self.failed} failed")
            self.bar.update(1)
        else:
            self._line(f"[{self.done}/{self.total}, {self.failed} failed, "
                       f"{time.perf_counter() - self.started:.0f} s]{line}")

    def _line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self._ticking.set()
            self.bar.close()


def _executor(args: argparse.Namespace, log: Callable[[str], None]) -> runner.Executor:
    if args.scheduler:
        from reporting.batch.executors import DaskExecutor

        return DaskExecutor(args.scheduler, log=log)
    from reporting.batch.executors import LocalExecutor

    return LocalExecutor(args.jobs, warm_kernels=not args.cold_kernels, log=log)


def _summary_table(results: list, bad: dict, elapsed: float) -> str:
    """One row per job with its timing (kernel start, notebook run, HTML render), then the totals."""
    rows = [("client", "report", "period", "status", "seconds", "kernel", "run", "html", "detail")]
    for r in sorted(results, key=lambda r: (r.client, r.report)):
        if r.status == "failed":
            detail = (f"cell {r.failed_cell}: " if r.failed_cell else "") + r.error
        else:
            detail = r.html + (f" ({r.reason})" if r.reason else "")
        t = r.timings
        rows.append((r.client, r.report, r.period, r.status, f"{r.seconds:.1f}",
                     *(f"{t[k]:.1f}" if k in t else "-" for k in ("kernel", "execute", "render")), detail))
    for cid, exc in bad.items():
        rows.append((cid, "-", "-", "invalid", "0.0", "-", "-", "-", exc.messages[0]))
    n = len(rows[0]) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(n)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:n], widths, strict=True)) + "  " + row[n] for row in rows]
    count = {s: sum(r.status == s for r in results) for s in ("ok", "failed", "skipped")}
    busy = sum(r.seconds for r in results)
    lines.append(f"{count['ok']} ok, {count['failed'] + len(bad)} failed, {count['skipped']} unchanged "
                 f"in {elapsed:.1f} s" + (f" ({busy:.1f} s of report time)" if busy else ""))
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
        files = paths.export_files(p.data_path)
        reports = ingest.inspect_paths(files, p.timezone, p)
        print(ingest.format_report(reports))
        problems += sum(1 for r in reports if r.error)
    return 1 if problems else 0


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


def cmd_label(args: argparse.Namespace) -> int:
    from reporting import ingest
    from reporting.params import ParamsError, load_client
    from reporting.text import labels

    try:
        params = load_client(args.client)
    except ParamsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _ensure_demo_data({params.client_id: params}, None)
    mentions = ingest.load_client_data(params).mentions
    if args.check:
        print(labels.format_check(labels.client_sentiment(params.data_path, mentions,
                                                          paths.sentiment_cache_dir(params.client_id))))
        return 0
    if args.sample < 1:
        print("error: --sample must be at least 1", file=sys.stderr)
        return 2
    try:
        target, drawn = labels.write_sample(mentions, params.data_path, args.sample, args.language,
                                            salt=params.client_id)
    except labels.LabelError as exc:
        print(f"error: {args.client}: {exc}", file=sys.stderr)
        return 1
    per_language = ", ".join(f"{code} {n}" for code, n in drawn["language"].value_counts().sort_index().items())
    print(f"{args.client}: {len(drawn)} mention(s) to label ({per_language}) written to {target}\n"
          "Fill the 'label' column with positive, neutral or negative (rows left empty are not used), save it as\n"
          f"it is, then run: reporting label --client {args.client} --check")
    return 0


def cmd_send(args: argparse.Namespace) -> int:
    from reporting.batch import delivery

    good, bad = load_all(only=args.client or None)
    _print_param_errors(bad)
    try:
        outcome = delivery.send_all(good, dry_run=args.dry_run, run_date=args.run_date)
    except delivery.SmtpConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(delivery.format_outcome(outcome))
    return 1 if bad or outcome.failed else 0


COMMANDS = {"run": cmd_run, "send": cmd_send, "validate": cmd_validate, "demo": cmd_demo, "inspect": cmd_inspect,
            "label": cmd_label}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("REPORTING_ROOT", str(paths.project_root()))
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
