"""Delivery: a real SMTP server on 127.0.0.1 receives the emails; we parse what arrived."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from support.batchproject import RUN_DATE, client_yaml, make_project, run_cli
from reporting.batch import delivery, runner
from reporting.batch.jobs import JobOutput, plan
from reporting.params import load_all

TODAY = dt.date.fromisoformat(RUN_DATE)
HOSTILE = "<script>alert('x')</script> & co"


class Inbox:
    """aiosmtpd handler: keeps every accepted message; can refuse the first DATA or some recipients."""

    def __init__(self, fail_first: int = 0, refuse: tuple[str, ...] = ()):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.fail_first = fail_first
        self.refuse = refuse
        self.logins: list[tuple[str, str]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        if self.fail_first > 0:
            self.fail_first -= 1
            return "451 4.3.0 try again later"
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"s3cret")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def smtp_server():
    servers = []

    def start(inbox: Inbox) -> delivery.SmtpSettings:
        controller = Controller(inbox, hostname="127.0.0.1", port=_free_port(), authenticator=inbox.authenticate,
                                auth_require_tls=False)
        controller.start()
        servers.append(controller)
        return delivery.SmtpSettings.from_env({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(controller.port),
                                                "SMTP_TLS": "none", "SMTP_USER": "agency",
                                                "SMTP_PASSWORD": "s3cret", "SMTP_FROM": "reports@agency.example"})

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two clients with stakeholders and produced reports (stored as the runner stores them, no kernels)."""
    root = make_project(tmp_path, {
        "tiny-a": client_yaml("Tiny A", stakeholders=[
            {"name": "Ana", "email": "ana@example.com", "reports": ["kpi_review", "competitor_listening"]},
            {"name": "Ben", "email": "ben@example.com", "reports": ["annual_strategy_review"]}]),
        "tiny-k": client_yaml("모퉁이 커피", language="ko", stakeholders=[
            {"name": "김지은", "email": "jieun@example.com", "reports": ["kpi_review", "audience_personas"]}]),
    })
    (root / "params" / "_defaults.yaml").write_text(
        "reports:\n  kpi_review: {period: last-full-month}\n  competitor_listening: {period: last-4-weeks}\n"
        "  audience_personas: {period: last-full-quarter}\n  annual_strategy_review: {period: last-full-year}\n",
        encoding="utf-8")
    monkeypatch.setenv("REPORTING_ROOT", str(root))
    monkeypatch.delenv("REPORTING_REPORTS_DIR", raising=False)
    clients, _ = load_all()
    for job in plan(clients, run_date=TODAY):
        summary = {"report": job.report, "client": job.client, "title": job.title,
                   "period": {"start": "2026-10-01", "end": "2026-10-31", "label": job.period_label},
                   "executive_summary": [f"{job.report} went up 12%.", HOSTILE]}
        if job.report == "annual_strategy_review":
            summary = {**summary, "sentences": summary.pop("executive_summary")}
        if job.report == "audience_personas":
            del summary["executive_summary"]
        html = f"<!DOCTYPE html><html><body><h1>{job.report} · {job.client}</h1>€ 한글 ελληνικά</body></html>"
        runner.store(job, JobOutput("ok", html=html, summary=summary, notebook="{}"), 1.0)
    yield root


def _send(settings: delivery.SmtpSettings, **kw) -> delivery.Outcome:
    clients, _ = load_all()
    return delivery.send_all(clients, run_date=TODAY, settings=settings, backoff=0, **kw)


def _attachments(msg: email.message.EmailMessage) -> dict[str, bytes]:
    """Attachment bytes after transfer decoding: must equal the report file byte for byte."""
    return {part.get_filename(): part.get_payload(decode=True) for part in msg.iter_attachments()}


def test_each_stakeholder_gets_one_email_with_their_reports(project: Path, smtp_server) -> None:
    inbox = Inbox()
    outcome = _send(smtp_server(inbox))
    assert outcome.failed == [] and len(inbox.messages) == 3
    by_rcpt = {rcpts[0]: msg for rcpts, msg in inbox.messages}
    assert sorted(by_rcpt) == ["ana@example.com", "ben@example.com", "jieun@example.com"]
    assert inbox.logins == [("agency", "s3cret")] * 3

    ana = by_rcpt["ana@example.com"]
    assert ana["Subject"] == "Tiny A: your reports (KPI review, Competitor listening)"
    assert ana["To"] == "Ana <ana@example.com>" and ana["From"] == "reports@agency.example"
    reports = project / "reports" / "tiny-a" / "2026-10"
    assert _attachments(ana) == {
        "tiny-a-kpi_review-2026-10.html": (reports / "kpi_review.html").read_bytes(),
        "tiny-a-competitor_listening-2026-W44-W47.html":
            (project / "reports" / "tiny-a" / "2026-W44-W47" / "competitor_listening.html").read_bytes()}
    text = ana.get_body(("plain",)).get_content()
    assert "Hello Ana," in text and "- kpi_review went up 12%." in text and f"- {HOSTILE}" in text
    body = ana.get_body(("html",)).get_content()
    assert "<li>kpi_review went up 12%.</li>" in body and "<script>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in body

    ben = by_rcpt["ben@example.com"].get_body(("plain",)).get_content()
    assert "- annual_strategy_review went up 12%." in ben  # the annual review's "sentences" field

    jieun = by_rcpt["jieun@example.com"]
    assert jieun["Subject"] == "[모퉁이 커피] 보고서 도착: KPI 리뷰, 오디언스 페르소나"
    korean = jieun.get_body(("plain",)).get_content()
    assert "김지은 님, 안녕하세요." in korean
    assert "- 오디언스 페르소나 · 모퉁이 커피" in korean  # no summary sentences: the title stands in
    assert set(_attachments(jieun)) == {"tiny-k-kpi_review-2026-10.html", "tiny-k-audience_personas-2026-Q3.html"}


def test_a_report_is_sent_once_per_period(project: Path, smtp_server) -> None:
    inbox = Inbox()
    settings = smtp_server(inbox)
    _send(settings)
    again = _send(settings)
    assert len(inbox.messages) == 3 and again.sent == []
    assert sorted(again.already) == [("tiny-a", "ana@example.com", "competitor_listening"),
                                     ("tiny-a", "ana@example.com", "kpi_review"),
                                     ("tiny-a", "ben@example.com", "annual_strategy_review"),
                                     ("tiny-k", "jieun@example.com", "audience_personas"),
                                     ("tiny-k", "jieun@example.com", "kpi_review")]
    log = [json.loads(line) for line in (project / "reports" / "_sent" / "tiny-a.jsonl").read_text().splitlines()]
    assert {(e["report"], e["period"], e["email"]) for e in log} == {
        ("kpi_review", "2026-10", "ana@example.com"), ("competitor_listening", "2026-W44-W47", "ana@example.com"),
        ("annual_strategy_review", "2025", "ben@example.com")}


def test_transient_failures_are_retried(project: Path, smtp_server) -> None:
    inbox = Inbox(fail_first=2)
    outcome = _send(smtp_server(inbox), attempts=3)
    assert outcome.failed == [] and len(inbox.messages) == 3


def test_permanent_failures_are_reported_and_sent_later(project: Path, smtp_server) -> None:
    refusing = Inbox(refuse=("ben@example.com",))
    outcome = _send(smtp_server(refusing))
    assert [(c, e) for c, e, _ in outcome.failed] == [("tiny-a", "ben@example.com")]
    assert "550" in outcome.failed[0][2] and len(refusing.messages) == 2
    accepting = Inbox()
    later = _send(smtp_server(accepting))
    assert [rcpts for rcpts, _ in accepting.messages] == [["ben@example.com"]] and later.failed == []


def test_held_reports_are_not_sent(project: Path, smtp_server) -> None:
    listening = project / "reports" / "tiny-a" / "2026-W44-W47"
    (listening / "competitor_listening.failed.ipynb").write_text("{}", encoding="utf-8")
    (project / "reports" / "tiny-a" / "2025" / "annual_strategy_review.html").unlink()
    inbox = Inbox()
    outcome = _send(smtp_server(inbox))
    assert [rcpts for rcpts, _ in inbox.messages] == [["ana@example.com"], ["jieun@example.com"]]
    assert set(_attachments(inbox.messages[0][1])) == {"tiny-a-kpi_review-2026-10.html"}
    assert sorted((c, r) for c, r, _ in outcome.held) == [("tiny-a", "annual_strategy_review"),
                                                         ("tiny-a", "competitor_listening")]


def test_dry_run_writes_eml_files_and_marks_nothing_sent(project: Path) -> None:
    result = run_cli(project, "send", "--dry-run", "--run-date", RUN_DATE)
    assert result.returncode == 0, result.stderr
    outbox = next((project / "reports" / "_outbox").iterdir())
    files = sorted(p.name for p in outbox.glob("*.eml"))
    assert files == ["tiny-a-ana_at_example.com.eml", "tiny-a-ben_at_example.com.eml",
                     "tiny-k-jieun_at_example.com.eml"]
    msg = email.message_from_bytes((outbox / files[2]).read_bytes(), policy=email.policy.default)
    assert msg["To"] == "김지은 <jieun@example.com>"
    assert "3 email(s) written" in result.stdout
    assert not (project / "reports" / "_sent" / "tiny-a.jsonl").exists()


def test_smtp_settings_come_from_the_environment_only() -> None:
    s = delivery.SmtpSettings.from_env({"SMTP_HOST": "mail.example", "SMTP_USER": "me@example.com",
                                        "SMTP_PASSWORD": "pw"})
    assert (s.host, s.port, s.tls, s.sender) == ("mail.example", 587, "starttls", "me@example.com")
    assert "pw" not in repr(s)
    assert delivery.SmtpSettings.from_env({"SMTP_HOST": "h", "SMTP_TLS": "ssl", "SMTP_FROM": "a@b.c"}).port == 465
    with pytest.raises(delivery.SmtpConfigError, match="SMTP_HOST"):
        delivery.SmtpSettings.from_env({})
    with pytest.raises(delivery.SmtpConfigError, match="SMTP_PASSWORD"):
        delivery.SmtpSettings.from_env({"SMTP_HOST": "h", "SMTP_USER": "u@x.y"})
    with pytest.raises(delivery.SmtpConfigError, match="SMTP_TLS"):
        delivery.SmtpSettings.from_env({"SMTP_HOST": "h", "SMTP_TLS": "yes", "SMTP_FROM": "a@b.c"})


def test_send_without_smtp_settings_says_what_to_set(project: Path) -> None:
    result = run_cli(project, "send", "--run-date", RUN_DATE)
    assert result.returncode == 2 and "SMTP_HOST is not set" in result.stderr


def test_notes_are_in_the_body_and_the_pdf_is_attached(project: Path) -> None:
    """A client with ``pdf: true`` gets its PDFs attached; analyst notes reach the body, their Markdown re-rendered safely."""
    with (project / "params" / "tiny-k.yaml").open("a", encoding="utf-8") as fh:
        fh.write("pdf: true\n")
    clients, _ = load_all()
    for job in plan({"tiny-k": clients["tiny-k"]}, run_date=TODAY):
        summary_file = job.html_path.with_name(f"{job.report}.summary.json")
        summary = json.loads(summary_file.read_text(encoding="utf-8"))
        summary["analyst_notes"] = [{"section": "goals", "author": "이수진", "date": "2026-11-20",
                                     "markdown": "The <script>alert(1)</script> tag was [missing](https://example.com)",
                                     "html": "<script>stored html is never trusted</script>"}]
        summary_file.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        job.sibling(".pdf").write_bytes(b"%PDF-1.7 " + job.report.encode())
        os.utime(job.html_path)  # the PDF was stored before the HTML, as the runner does
    outcome = delivery.send_all(clients, dry_run=True, run_date=TODAY, outbox=project / "out")
    msg = email.message_from_bytes((project / "out" / "tiny-k-jieun_at_example.com.eml").read_bytes(),
                                   policy=email.policy.default)
    files = _attachments(msg)
    assert sorted(files) == ["tiny-k-audience_personas-2026-Q3.html", "tiny-k-audience_personas-2026-Q3.pdf",
                             "tiny-k-kpi_review-2026-10.html", "tiny-k-kpi_review-2026-10.pdf"]
    assert files["tiny-k-kpi_review-2026-10.pdf"] == b"%PDF-1.7 kpi_review"
    body = msg.get_body(("html",)).get_content()
    assert "분석가 메모" in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script" not in body and "stored html" not in body
    assert 'rel="noopener noreferrer nofollow"' in body and "(https://example.com)" in body
    text = msg.get_body(("plain",)).get_content()
    assert "분석가 메모 (이수진, 2026. 11. 20.):" in text and "The <script>alert(1)</script> tag" in text
    assert outcome.held == []


def test_a_missing_pdf_holds_the_report(project: Path) -> None:
    with (project / "params" / "tiny-k.yaml").open("a", encoding="utf-8") as fh:
        fh.write("pdf: true\n")
    clients, _ = load_all()
    outcome = delivery.send_all(clients, dry_run=True, run_date=TODAY, outbox=project / "out")
    assert {(c, r) for c, r, _ in outcome.held} == {("tiny-k", "kpi_review"), ("tiny-k", "audience_personas")}
    assert all("no PDF" in why for _, _, why in outcome.held)
