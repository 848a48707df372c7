"""Command line: ``reporting run | send | status | validate | demo | inspect | label``.

The Makefile calls these; logic lives in the package.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reporting import paths, periods
from reporting.params import ClientParams, load_all
from reporting.registry import REPORTS

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


LOCK_WAIT = 60.0  # seconds a run waits for another run of the same client before skipping it
# Exit status of `reporting run` (the first that applies): 130 interrupted, 1 a report failed or a client's
# parameters are invalid, 75 another run held a client for the whole --lock-wait (sysexits EX_TEMPFAIL:
# try again later), 0 otherwise. Stale data does not change it: see the summary table and `reporting status`.
EXIT_FAILED = 1
EXIT_LOCKED = 75
EXIT_INTERRUPTED = 130


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds between 0 and 86400")
    return value


def _zone(text: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise argparse.ArgumentTypeError(f"{text!r} is not an IANA time zone (e.g. Asia/Tokyo)") from None
    return text


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
    run.add_argument("--lock-wait", type=_seconds, default=LOCK_WAIT, metavar="SECONDS",
                     help=f"wait this long for another run of the same client to finish, then skip that client "
                          f"(exit status {EXIT_LOCKED}); default {LOCK_WAIT:g}")

    send = sub.add_parser("send", help="email each stakeholder the reports named for them (SMTP_* variables)")
    send.add_argument("--client", action="append", default=[], help="client id (repeatable)")
    send.add_argument("--dry-run", action="store_true", help="write the emails as .eml files instead of sending")
    send.add_argument("--run-date", type=_date, help="pretend today is this date (which period is due)")
    send.add_argument("--include-partial", action="store_true",
                      help="also send reports whose data stops short of their period (held by default)")

    st = sub.add_parser("status", help="per client and report: last good run, period due, data coverage, "
                                       "stale data, last failure, what was sent; starts no kernel")
    st.add_argument("--client", action="append", default=[], help="client id (repeatable)")
    st.add_argument("--json", action="store_true",
                    help="machine-readable (schema: reporting/schemas/status.schema.json)")
    st.add_argument("--run-date", type=_date, help="pretend today is this date (which period is due)")

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
    ins.add_argument("--tz", type=_zone, help="time zone to read and show times in (default: the client's, else UTC)")
    ins.add_argument("--client", help="read with this client's parameters (zone, column mappings, import_options)")
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
    from reporting.batch import freshness, incremental, locks, runner
    from reporting.batch.jobs import JobResult, plan

    started = time.perf_counter()
    good, bad = load_all(only=args.client or None)
    _print_param_errors(bad)

    def waiting(client: str, holder: locks.Holder | None) -> None:
        if args.lock_wait > 0:
            who = holder.describe() if holder else "another run"
            print(f"{client}: waiting up to {args.lock_wait:g} s for {who} to finish", file=sys.stderr)

    with locks.ClientLocks(good, wait=args.lock_wait, on_wait=waiting) as held:
        locked: list[JobResult] = []
        for cid, holder in held.busy.items():
            why = (f"another run holds {cid}: {holder.describe() if holder else 'its lock'}; "
                   f"waited {held.waited:.0f} s (--lock-wait)")
            print(f"{cid}: skipped, {why}", file=sys.stderr)
            locked += [JobResult(j.client, j.report, j.period_label, "locked", 0.0, error=why)
                       for j in plan({cid: good[cid]}, args.report or None, args.period, args.run_date)]
        clients = {cid: good[cid] for cid in held.held}
        _ensure_demo_data(clients, args.run_date)
        jobs = plan(clients, args.report or None, args.period, args.run_date)
        fingerprints = incremental.Fingerprints(clients)
        todo, results = runner.pending(jobs, force=args.force, clients=clients, fingerprints=fingerprints)
        where = args.scheduler or f"{args.jobs} worker(s)"
        print(f"{len(jobs)} report(s) for {len(clients)} client(s): {len(todo)} to run"
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
        if not interrupted:
            freshness.annotate(results, jobs, clients, fingerprints)
        runner.write_run_log(results + locked)
        if todo or not (paths.reports_dir() / "index.html").exists():
            from reporting.batch import index

            index.write()
    print(_summary_table(results, bad, time.perf_counter() - started, locked))
    if interrupted:
        print(f"interrupted: {len(todo) - sum(r.status != 'skipped' for r in results)} report(s) not run",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    if bad or any(r.status == "failed" for r in results):
        return EXIT_FAILED
    return EXIT_LOCKED if locked else 0


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


def _summary_table(results: list, bad: dict, elapsed: float, locked: list | None = None) -> str:
    """One row per job with its timing (kernel start, notebook run, HTML render) and how far its data
    reaches (``STALE`` when it stops short of the period), then the stale reasons and the totals."""
    rows = [("client", "report", "period", "status", "seconds", "kernel", "run", "html", "data", "detail")]
    for r in sorted(results, key=lambda r: (r.client, r.report)):
        if r.status == "failed":
            detail = (f"cell {r.failed_cell}: " if r.failed_cell else "") + r.error
        else:
            detail = r.html + (f" ({r.reason})" if r.reason else "")
        t = r.timings
        data = (r.data_through or "-") + (" STALE" if r.stale else "")
        rows.append((r.client, r.report, r.period, r.status, f"{r.seconds:.1f}",
                     *(f"{t[k]:.1f}" if k in t else "-" for k in ("kernel", "execute", "render")), data, detail))
    for cid, exc in bad.items():
        rows.append((cid, "-", "-", "invalid", "0.0", "-", "-", "-", "-", exc.messages[0]))
    for cid in sorted({r.client for r in locked or []}):
        error = next(r.error for r in locked or [] if r.client == cid)
        rows.append((cid, "-", "-", "locked", "0.0", "-", "-", "-", "-", error))
    n = len(rows[0]) - 1
    widths = [max(len(row[i]) for row in rows) for i in range(n)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row[:n], widths, strict=True)) + "  " + row[n] for row in rows]
    stale = [r for r in sorted(results, key=lambda r: (r.client, r.report)) if r.stale]
    lines += [f"stale: {r.client}/{r.period}/{r.report}: {r.stale}" for r in stale]
    count = {s: sum(r.status == s for r in results) for s in ("ok", "failed", "skipped")}
    busy = sum(r.seconds for r in results)
    lines.append(f"{count['ok']} ok, {count['failed'] + len(bad)} failed, {count['skipped']} unchanged"
                 + (f", {len({r.client for r in locked or []})} client(s) locked" if locked else "")
                 + (f", {len(stale)} stale" if stale else "")
                 + f" in {elapsed:.1f} s" + (f" ({busy:.1f} s of report time)" if busy else ""))
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    from reporting import ingest

    good, bad = load_all(only=args.client or None)
    _print_param_errors(bad)
    problems = len(bad)
    for cid, p in good.items():
        print(f"{cid}: parameters ok")
        for warning in _branding_and_notes(p):
            print(f"{cid}: {warning}")
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


def _branding_and_notes(p: ClientParams) -> list[str]:
    """What validate says about branding (an unreadable accent) and analyst notes (unreadable, or pinned nowhere)."""
    from reporting import branding, notes

    out = []
    if p.branding.accent:
        chosen = branding.accent(p.branding.accent)
        out.append(f"branding.accent: {chosen.problem}" if chosen.problem
                   else f"branding.accent {chosen.color}: contrast {branding.contrast(chosen.color, branding.PAPER):.1f}:1, used")
    folder = notes.notes_folder(p)
    for file in sorted(folder.glob("*/*.md")) if folder.is_dir() else []:
        period, report = file.parent.name, file.stem
        rel = file.relative_to(p.data_path).as_posix()
        if report not in p.enabled_reports():
            out.append(f"note {rel}: {report!r} is not a report of this client (known: {', '.join(p.enabled_reports())})")
            continue
        try:
            found = notes.load(p, period, report)
        except notes.NoteError as exc:
            out.append(f"note {exc}")
            continue
        html = paths.reports_dir() / p.client_id / period / f"{report}.html"
        ids = set(re.findall(r'<h2 id="([^"]+)"', html.read_text(encoding="utf-8"))) if html.is_file() else set()
        titles = {m.casefold() for m in re.findall(r"<h2 id=\"[^\"]+\">([^<]*)</h2>", html.read_text(encoding="utf-8"))} \
            if html.is_file() else set()
        for n in found:
            wanted = (n.section or "").lstrip("#").casefold()
            if n.section and ids and wanted not in {i.casefold() for i in ids} and wanted not in titles:
                out.append(f"note {rel}: section {n.section!r} is not in the report; it is shown with the general notes. "
                           f"Fix: use one of {', '.join(sorted(ids))}")
        out.append(f"note {rel}: {len(found)} note(s)")
    return out


def cmd_demo(args: argparse.Namespace) -> int:
    from reporting import demo

    written = demo.generate_all(end=args.end, only=args.client or None)
    for cid, folder in written.items():
        print(f"{cid}: {folder}")
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from reporting import ingest

    params = None
    if args.client:
        good, bad = load_all(only=[args.client])
        if bad:
            _print_param_errors(bad)
            return 2
        params = good[args.client]
    missing = [f for f in args.files if not f.exists()]
    for f in missing:
        print(f"error: {f}: no such file", file=sys.stderr)
    files = [f for f in args.files if f.exists()]
    files = [x for f in files for x in (sorted(p for p in f.rglob("*") if p.is_file()) if f.is_dir() else [f])]
    tz = args.tz or (params.timezone if params else "UTC")
    reports = ingest.inspect_paths(files, tz, params)
    print(ingest.format_report(reports))
    return 1 if missing or any(r.error for r in reports) else 0


def cmd_label(args: argparse.Namespace) -> int:
    from reporting import ingest
    from reporting.params import ParamsError, load_client
    from reporting.text import label_sample, labels

    try:
        params = load_client(args.client)
    except ParamsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _ensure_demo_data({params.client_id: params}, None)
    mentions = ingest.load_client_data(params).mentions
    if args.check:
        print(label_sample.format_check(labels.client_sentiment(params.data_path, mentions,
                                                          paths.sentiment_cache_dir(params.client_id))))
        return 0
    if args.sample < 1:
        print("error: --sample must be at least 1", file=sys.stderr)
        return 2
    try:
        target, drawn = label_sample.write_sample(mentions, params.data_path, args.sample, args.language,
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
        outcome = delivery.send_all(good, dry_run=args.dry_run, run_date=args.run_date,
                                    include_partial=args.include_partial)
    except delivery.SmtpConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(delivery.format_outcome(outcome))
    return 1 if bad or outcome.failed else 0


def cmd_status(args: argparse.Namespace) -> int:
    from reporting.batch import status

    good, bad = load_all(only=args.client or None)
    doc = status.collect(good, bad, args.run_date)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        print(status.render(doc), end="")
    return 1 if bad else 0


COMMANDS = {"run": cmd_run, "send": cmd_send, "status": cmd_status, "validate": cmd_validate, "demo": cmd_demo,
            "inspect": cmd_inspect, "label": cmd_label}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("REPORTING_ROOT", str(paths.project_root()))
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
