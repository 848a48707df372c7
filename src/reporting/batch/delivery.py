"""Email each stakeholder the reports named for them: one email per person per run, each report once per period.

What a stakeholder gets comes from the client's parameters (``stakeholders``: name, email, reports);
which period is due comes from the run date, exactly as ``reporting run`` resolves it, so
``make reports && make send`` in the same cron job sends what was just produced. The email is in
the client's language: each report's title, its executive summary and the analyst's notes (from
``summary.json``; notes re-rendered from their Markdown by the same safe renderer as the report), the
self-contained HTML attached, and the PDF too for a client with ``pdf: true``.

SMTP settings come from the environment only, never from ``params/`` (which is committed):

=================  ===========================================================
``SMTP_HOST``      server name (required to send; not needed for ``--dry-run``)
``SMTP_PORT``      default 465 with ``SMTP_TLS=ssl``, 587 with ``starttls``, else 25
``SMTP_TLS``       ``starttls`` (default), ``ssl`` or ``none``
``SMTP_USER``      login name (no login when unset)
``SMTP_PASSWORD``  password for ``SMTP_USER``
``SMTP_FROM``      sender address (default ``SMTP_USER``)
=================  ===========================================================

Each successful delivery is appended to ``reports/_sent/<client>.jsonl`` before the next email is
sent, so a crash never causes a second copy; a held or failed report is simply sent by a later run.
Transient SMTP failures (4xx replies, dropped connections) are retried; permanent ones are reported.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import smtplib
import ssl
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

from reporting import paths
from reporting.params import ClientParams, Stakeholder

SUMMARY_FIELDS = ("executive_summary", "sentences")  # the executive summary field per docs/summary/*.md
TLS_MODES = {"starttls": 587, "ssl": 465, "none": 25}


class SmtpConfigError(ValueError):
    """The SMTP environment variables are missing or invalid; the message names the variable."""


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send, read from ``SMTP_*`` environment variables (see the module docstring)."""

    host: str
    port: int
    tls: str
    user: str
    password: str = field(repr=False)
    sender: str
    timeout: float = 30

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        env = os.environ if env is None else env
        host = env.get("SMTP_HOST", "").strip()
        if not host:
            raise SmtpConfigError("SMTP_HOST is not set: export SMTP_HOST (and SMTP_USER, SMTP_PASSWORD, SMTP_FROM), "
                                  "or use --dry-run to write the emails as .eml files")
        tls = env.get("SMTP_TLS", "starttls").strip().lower()
        if tls not in TLS_MODES:
            raise SmtpConfigError(f"SMTP_TLS={tls!r} is not one of {', '.join(TLS_MODES)}")
        try:
            port = int(env.get("SMTP_PORT") or TLS_MODES[tls])
        except ValueError:
            raise SmtpConfigError(f"SMTP_PORT={env.get('SMTP_PORT')!r} is not a port number") from None
        user = env.get("SMTP_USER", "").strip()
        password = env.get("SMTP_PASSWORD", "")
        if user and not password:
            raise SmtpConfigError("SMTP_USER is set but SMTP_PASSWORD is not")
        sender = env.get("SMTP_FROM", "").strip() or user
        if "@" not in sender:
            raise SmtpConfigError("SMTP_FROM is not set to an email address (e.g. reports@agency.example)")
        return cls(host, port, tls, user, password, sender)


@dataclass(frozen=True)
class ReportFile:
    """One produced report ready to attach: where it is and what its summary says."""

    client: str
    report: str
    period: str  # the folder label, e.g. 2026-10
    html: Path
    summary: dict[str, Any]
    pdf: Path | None = None

    @property
    def filename(self) -> str:
        return f"{self.client}-{self.report}-{self.period}.html"

    @property
    def pdf_filename(self) -> str:
        return f"{self.client}-{self.report}-{self.period}.pdf"

    @property
    def notes(self) -> list[dict[str, Any]]:
        """The analyst's notes recorded with the report (``analyst_notes`` in its summary)."""
        value = self.summary.get("analyst_notes")
        return [n for n in value if isinstance(n, dict) and n.get("markdown")] if isinstance(value, list) else []


@dataclass
class Delivery:
    """One email: a stakeholder and the not-yet-sent reports due for them."""

    client: ClientParams
    stakeholder: Stakeholder
    reports: list[ReportFile]


@dataclass
class Outcome:
    """What a send run did, for the summary and the exit code."""

    sent: list[tuple[str, str, list[str]]] = field(default_factory=list)  # client, email, report names
    already: list[tuple[str, str, str]] = field(default_factory=list)  # client, email, report: sent before
    held: list[tuple[str, str, str]] = field(default_factory=list)  # client, report, reason
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # client, email, error
    written: list[Path] = field(default_factory=list)  # .eml files of a dry run


# --------------------------------------------------------------------------- what is due


def executive_summary(summary: Mapping[str, Any]) -> list[str]:
    """The report's executive summary sentences; the title alone when the report has none."""
    for name in SUMMARY_FIELDS:
        value = summary.get(name)
        if isinstance(value, list) and value and all(isinstance(s, str) for s in value):
            return value
    return [str(summary.get("title", ""))] if summary.get("title") else []


def due_reports(params: ClientParams, run_date: dt.date | None = None, include_partial: bool = False
                ) -> tuple[dict[str, ReportFile], list[tuple[str, str, str]]]:
    """The client's reports for the periods due on ``run_date``; the others with the reason they are held.

    A report is held when it was not produced, when a run newer than its HTML failed (the stakeholder
    would get numbers the analyst has not seen succeed), or, unless ``include_partial``, when its data
    does not cover its period (its ``summary.json`` coverage is stale: see :mod:`reporting.batch.freshness`).
    """
    from reporting.batch.freshness import stale_reason
    from reporting.batch.jobs import plan

    due: dict[str, ReportFile] = {}
    held: list[tuple[str, str, str]] = []
    for job in plan({params.client_id: params}, run_date=run_date):
        summary_file = job.html_path.with_name(f"{job.report}.summary.json")
        if not job.html_path.is_file() or not summary_file.is_file():
            held.append((job.client, job.report, f"no report for {job.period_label} yet: run `make reports` first"))
        elif job.failed_path.exists() and job.failed_path.stat().st_mtime >= job.html_path.stat().st_mtime:
            held.append((job.client, job.report, f"the latest {job.period_label} run failed "
                                                 f"(see {job.failed_path.name}); fix it and re-run"))
        elif params.pdf and not job.sibling(".pdf").is_file():
            held.append((job.client, job.report, f"no PDF for {job.period_label} yet (pdf: true since the last run):"
                                                 " run `make reports` first"))
        else:
            summary = json.loads(summary_file.read_text(encoding="utf-8"))
            partial = stale_reason(summary["coverage"]) if isinstance(summary.get("coverage"), dict) else ""
            if partial and not include_partial:
                held.append((job.client, job.report, f"the {job.period_label} period is not covered: {partial}; "
                                                     "drop the new exports and re-run, or send with --include-partial"))
                continue
            due[job.report] = ReportFile(job.client, job.report, job.period_label, job.html_path, summary,
                                         job.sibling(".pdf") if params.pdf else None)
    return due, held


class SentLog:
    """Which report, period and recipient were already delivered for one client (append-only JSON lines)."""

    def __init__(self, client: str, root: Path | None = None):
        self.path = (root or paths.reports_dir() / "_sent") / f"{client}.jsonl"
        self._seen: set[tuple[str, str, str]] = set()
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    entry = json.loads(line)
                except ValueError:  # a line torn by a crash mid-write, or a blank one
                    continue
                self._seen.add((entry["report"], entry["period"], entry["email"].lower()))

    def __contains__(self, key: tuple[str, str, str]) -> bool:
        report, period, email = key
        return (report, period, email.lower()) in self._seen

    def add(self, report: str, period: str, email: str, message_id: str) -> None:
        """Record one delivery durably before anything else is sent."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"report": report, "period": period, "email": email, "message_id": message_id,
                 "sent": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self._seen.add((report, period, email.lower()))


def plan_deliveries(params: ClientParams, log: SentLog, run_date: dt.date | None = None,
                    outcome: Outcome | None = None, include_partial: bool = False) -> list[Delivery]:
    """One delivery per stakeholder with at least one due report not sent to them yet."""
    outcome = outcome if outcome is not None else Outcome()
    due, held = due_reports(params, run_date, include_partial)
    outcome.held.extend(h for h in held if any(h[1] in s.reports for s in params.stakeholders))
    deliveries = []
    for person in params.stakeholders:
        files = []
        for report in person.reports:
            if report not in due:
                continue
            if (report, due[report].period, person.email) in log:
                outcome.already.append((params.client_id, person.email, report))
            else:
                files.append(due[report])
        if files:
            deliveries.append(Delivery(params, person, files))
    return deliveries


# --------------------------------------------------------------------------- the email


def compose(delivery: Delivery, sender: str) -> EmailMessage:
    """The email for one delivery: subject and body in the client's language, each report's HTML attached."""
    from reporting.i18n import Translator

    p, person = delivery.client, delivery.stakeholder
    t = Translator(p.language, p.currency)
    names = [t(f"common.report_{r.report}") for r in delivery.reports]
    sections = []
    for r, name in zip(delivery.reports, names, strict=True):
        start, end = (dt.date.fromisoformat(r.summary["period"][k]) for k in ("start", "end"))
        files = r.filename + (f", {r.pdf_filename}" if r.pdf else "")
        sections.append((name, t.period(start, end), executive_summary(r.summary), files, r.notes))

    msg = EmailMessage()
    msg["Subject"] = t("delivery.subject", client=p.display_name, reports=", ".join(names))
    msg["From"] = sender
    msg["To"] = formataddr((person.name, person.email))
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Content-Language"] = p.language

    greeting = t("delivery.greeting", name=person.name)
    intro = t("delivery.intro", client=p.display_name)
    closing = t("delivery.closing")
    text = [greeting, "", intro, ""]
    for name, period, sentences, filename, notes in sections:
        text += [f"{name} · {period}", *(f"- {s}" for s in sentences)]
        for n in notes:
            text += ["", f"{t('common.analyst_note')} ({_signature(n, t)}):", n["markdown"]]
        text += [t("delivery.attached", file=filename), ""]
    text += [closing]
    msg.set_content("\n".join(text))

    e = html.escape
    body = [f"<p>{e(greeting)}</p>", f"<p>{e(intro)}</p>"]
    for name, period, sentences, filename, notes in sections:
        body.append(f"<h2 style=\"font-size:1.1em;margin:1.2em 0 0.3em\">{e(name)} · {e(period)}</h2>")
        body.append("<ul>" + "".join(f"<li>{e(s)}</li>" for s in sentences) + "</ul>")
        for n in notes:
            body.append(_note_html(n, t))
        body.append(f"<p style=\"color:#555\">{e(t('delivery.attached', file=filename))}</p>")
    body.append(f"<p style=\"color:#555\">{e(closing)}</p>")
    msg.add_alternative(f'<!DOCTYPE html><html lang="{e(p.language)}"><head><meta charset="utf-8"></head>'
                        f'<body style="font-family:sans-serif;max-width:40em">{"".join(body)}</body></html>',
                        subtype="html")
    for r in delivery.reports:
        msg.add_attachment(r.html.read_bytes(), maintype="text", subtype="html", filename=r.filename,
                           params={"charset": "utf-8"})
        if r.pdf:
            msg.add_attachment(r.pdf.read_bytes(), maintype="application", subtype="pdf", filename=r.pdf_filename)
    return msg


def _signature(note: Mapping[str, Any], t: Any) -> str:
    when = t.date(dt.date.fromisoformat(str(note["date"])))
    return t("common.analyst_note_signed", author=note["author"], date=when) if note.get("author") else when


def _note_html(note: Mapping[str, Any], t: Any) -> str:
    """A note in the email: its Markdown rendered again by the notes' safe renderer (never stored HTML)."""
    from reporting.notes import render_markdown

    e = html.escape
    return ('<blockquote style="border-left:4px solid #1f4e79;margin:0.6em 0;padding:0.2em 0.9em;background:#f5f7fa">'
            f'<p style="margin:0.3em 0;font-weight:bold">{e(t("common.analyst_note"))}</p>'
            f'{render_markdown(str(note["markdown"]))}'
            f'<p style="color:#555;font-style:italic;margin:0.3em 0">— {e(_signature(note, t))}</p></blockquote>')


# --------------------------------------------------------------------------- sending


class PermanentError(Exception):
    """The server refused for good (unknown recipient, bad login): retrying would not help."""


def _transient(exc: BaseException) -> bool:
    """Worth retrying: 4xx replies, dropped or refused connections, timeouts. Not: 5xx, TLS, protocol errors."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(exc, smtplib.SMTPException | ssl.SSLError):
        return False
    return isinstance(exc, OSError)  # refused, reset, unreachable, timed out


def deliver(settings: SmtpSettings, msg: EmailMessage, attempts: int = 3, backoff: float = 2.0) -> int:
    """Send one message, retrying transient failures ``attempts`` times; returns the attempts used.

    Raises :class:`PermanentError` (or the last transient error) when it could not be delivered.
    """
    for attempt in range(1, attempts + 1):
        try:
            _send_once(settings, msg)
            return attempt
        except smtplib.SMTPAuthenticationError as exc:
            raise PermanentError(f"login refused for SMTP_USER={settings.user!r}: {exc.smtp_code}") from exc
        except Exception as exc:  # noqa: BLE001 - classified just below
            if not _transient(exc):
                raise PermanentError(_describe(exc)) from exc
            if attempt == attempts:
                raise
            time.sleep(backoff * attempt)
    raise AssertionError("unreachable")


def _send_once(settings: SmtpSettings, msg: EmailMessage) -> None:
    context = ssl.create_default_context()
    if settings.tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.tls == "starttls":
            smtp.starttls(context=context)
        if settings.user:
            smtp.login(settings.user, settings.password)
        smtp.send_message(msg)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{rcpt} refused: {code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
                         for rcpt, (code, text) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        return f"{exc.smtp_code} {text}"
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def _exclusive(folder: Path) -> Iterator[None]:
    """One send run at a time, so two overlapping cron jobs cannot both send the same report."""
    from reporting.batch.locks import Busy, exclusive

    try:
        with exclusive(folder / ".lock"):
            yield
    except Busy as exc:
        raise SmtpConfigError(f"another `reporting send` is running ({exc})") from None


def send_all(clients: Mapping[str, ClientParams], *, dry_run: bool = False, run_date: dt.date | None = None,
             settings: SmtpSettings | None = None, outbox: Path | None = None, attempts: int = 3,
             backoff: float = 2.0, include_partial: bool = False) -> Outcome:
    """Send (or, with ``dry_run``, write as ``.eml``) every due, unsent report to its stakeholders.

    ``settings`` defaults to the environment (:meth:`SmtpSettings.from_env`); a dry run needs none and
    writes to ``outbox`` (default ``reports/_outbox/<timestamp>/``), recording nothing as sent.
    ``include_partial`` sends reports whose data stops short of their period (held by default).
    """
    if not dry_run and settings is None:
        settings = SmtpSettings.from_env()
    sender = settings.sender if settings else (os.environ.get("SMTP_FROM") or "reports@localhost")
    outcome = Outcome()
    sent_root = paths.reports_dir() / "_sent"
    if dry_run:
        outbox = outbox or paths.reports_dir() / "_outbox" / f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}"
    with _exclusive(sent_root):
        for cid, params in clients.items():
            log = SentLog(cid, sent_root)
            for delivery in plan_deliveries(params, log, run_date, outcome, include_partial):
                msg = compose(delivery, sender)
                email, names = delivery.stakeholder.email, [r.report for r in delivery.reports]
                if dry_run:
                    assert outbox is not None
                    outbox.mkdir(parents=True, exist_ok=True)
                    path = outbox / f"{cid}-{email.replace('@', '_at_')}.eml"
                    path.write_bytes(bytes(msg))
                    outcome.written.append(path)
                    outcome.sent.append((cid, email, names))
                    continue
                assert settings is not None
                try:
                    deliver(settings, msg, attempts, backoff)
                except Exception as exc:  # noqa: BLE001 - one stakeholder's failure never stops the others
                    outcome.failed.append((cid, email, str(exc) if isinstance(exc, PermanentError) else _describe(exc)))
                    continue
                for r in delivery.reports:
                    log.add(r.report, r.period, email, msg["Message-ID"])
                outcome.sent.append((cid, email, names))
    return outcome


def format_outcome(outcome: Outcome) -> str:
    """The send run's summary for the analyst (English, like the rest of the command line)."""
    verb = "written" if outcome.written else "sent"
    lines = [f"{verb}  {cid} -> {email}: {', '.join(names)}" for cid, email, names in outcome.sent]
    lines += [f"held  {cid}/{report}: {why}" for cid, report, why in outcome.held]
    lines += [f"FAILED  {cid} -> {email}: {error}" for cid, email, error in outcome.failed]
    if outcome.written:
        lines.append(f"emails written to {outcome.written[0].parent}")
    lines.append(f"{len(outcome.sent)} email(s) {verb}, {len(outcome.already)} report(s) already sent this period, "
                 f"{len(outcome.held)} held, {len(outcome.failed)} failed")
    return "\n".join(lines)
