"""Analyst notes: where they live, how they are pinned, and that their Markdown is rendered safely."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporting import notes
from reporting.i18n import Translator
from reporting.params import load_client

from support.batchproject import client_yaml, make_project


@pytest.fixture()
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    root = make_project(tmp_path, {"tiny-a": client_yaml("Tiny A") + "branding: {analyst: Ana Analyst}\n"})
    monkeypatch.setenv("REPORTING_ROOT", str(root))
    yield load_client("tiny-a")


def _write(params, text: str, label: str = "2026-10", report: str = "kpi_review") -> Path:  # noqa: ANN001
    file = notes.note_file(params, label, report)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def test_script_and_raw_html_show_as_text() -> None:
    html = notes.render_markdown('Before <script>alert("x")</script> and <img src=x onerror=alert(1)> after')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_links_show_their_address_and_are_not_followed_blindly() -> None:
    html = notes.render_markdown("[our site](https://example.com/a?b=1) and [bad](javascript:alert(1)) "
                                 "and [file](file:///etc/passwd) ![chart](https://example.com/c.png)")
    assert ('<a href="https://example.com/a?b=1" rel="noopener noreferrer nofollow" class="rp-note-link">our site</a>'
            ' <span class="rp-note-url">(https://example.com/a?b=1)</span>') in html
    assert 'href="javascript' not in html and 'href="file' not in html
    assert "<img" not in html and "[chart] (https://example.com/c.png)" in html


def test_headings_in_a_note_sit_below_the_reports_own() -> None:
    assert notes.render_markdown("# Big\n\n### Small").startswith("<h4>Big</h4>\n<h6>Small</h6>")


def test_pins_split_a_file_into_notes(client) -> None:  # noqa: ANN001
    _write(client, "---\nauthor: Bo\ndate: 2026-11-20\nsection: goals\n---\nFirst.\n\n## @spikes\nSecond.\n\n"
                   "## A heading of the note\nStill second.\n")
    found = notes.load(client, "2026-10", "kpi_review")
    assert [(n.section, n.author, n.date) for n in found] == [("goals", "Bo", dt.date(2026, 11, 20)),
                                                              ("spikes", "Bo", dt.date(2026, 11, 20))]
    assert found[1].markdown == "Second.\n\n## A heading of the note\nStill second."
    assert "<h5>A heading of the note</h5>" in found[1].html


def test_author_defaults_to_the_analyst_and_date_to_the_file(client) -> None:  # noqa: ANN001
    _write(client, "Just a remark.\n")
    (note,) = notes.load(client, "2026-10", "kpi_review")
    assert note.section is None and note.author == "Ana Analyst"
    assert note.date == dt.date.today() or abs((note.date - dt.date.today()).days) <= 1
    assert notes.load(client, "2026-09", "kpi_review") == []  # another period: no note


def test_bad_front_matter_names_the_file_and_the_fix(client) -> None:  # noqa: ANN001
    _write(client, "---\nauthr: Bo\n---\nx\n")
    with pytest.raises(notes.NoteError, match=r"notes/2026-10/kpi_review.md: unknown front matter key 'authr'"):
        notes.load(client, "2026-10", "kpi_review")
    _write(client, "---\ndate: next week\n---\nx\n")
    with pytest.raises(notes.NoteError, match="is not a date. Fix: write it as 2026-11-20"):
        notes.load(client, "2026-10", "kpi_review")


def test_a_note_is_titled_dated_and_signed_in_the_report_language(client) -> None:  # noqa: ANN001
    _write(client, "---\nauthor: Ελένη\ndate: 2026-11-20\n---\nΚείμενο <b>x</b>\n")
    (note,) = notes.load(client, "2026-10", "kpi_review")
    html = notes.to_html(note, Translator("el"))
    assert '<h3 class="rp-analyst-title">Σημείωση αναλυτή</h3>' in html
    assert "— Ελένη, 20 Νοε 2026" in html and "&lt;b&gt;x&lt;/b&gt;" in html
