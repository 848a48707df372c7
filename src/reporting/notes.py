"""Analyst notes: the analyst's own words beside the numbers, written as Markdown files.

Where: one file per client, period and report, in the client's data folder::

    data/<client>/notes/<period label>/<report>.md      e.g. data/demo-cafe/notes/2026-10/kpi_review.md

The period label is the report's folder name under ``reports/<client>/`` (``2026-10``, ``2026-Q3``,
``2026-W44-W47``, ``2025``). JupyterLab opens and edits these files like any other; editing one re-runs
that report only (its digest is part of the report's fingerprint, see ``batch/incremental.py``).

What: optional YAML front matter, then Markdown::

    ---
    author: Ana Analyst        # default: branding.analyst in the client's parameters
    date: 2026-11-20           # default: the day the file was last saved
    section: goals             # optional: pin the text before the first "## @..." heading to a section
    ---
    The dip in week 3 was the site outage (12-14 October), not the content.

    ## @spikes
    The 12 November spike is one customer's complaint; we answered within the hour.

A heading ``## @<section>`` starts a note pinned to that section. A section is one of the report's
``<h2>`` headings, named by its anchor id (``goals``, ``spikes``, ... as in the report's table of
contents links: ``#goals``) or by its heading text as shown in the report. A note without a section, or
whose section the report does not have, is shown with the general notes after the executive summary.

Safety: notes are rendered by markdown-it-py with raw HTML disabled (a ``<script>`` shows as text),
only ``http``, ``https`` and ``mailto`` links (each shown with its address and marked
``rel="noopener noreferrer nofollow"``), images shown as their description and address (never loaded),
and headings moved below the report's own (``#`` becomes ``<h4>``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from reporting.params import ClientParams

if TYPE_CHECKING:
    from reporting.i18n import Translator

NOTES_DIR = "notes"
PIN = "@"
SCHEMES = ("http://", "https://", "mailto:")
FRONT_MATTER_KEYS = {"author", "date", "section"}


class NoteError(ValueError):
    """A note file cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Note:
    """One analyst note: where it goes, who wrote it and when, and its Markdown and safe HTML."""

    section: str | None  # the requested section (id or heading text); None: a general note
    markdown: str
    html: str
    author: str
    date: dt.date
    file: str  # relative to the client's data folder, for messages

    def to_json(self) -> dict[str, Any]:
        return {"section": self.section, "author": self.author, "date": self.date.isoformat(),
                "markdown": self.markdown, "html": self.html, "file": self.file}


def notes_folder(params: ClientParams) -> Path:
    return params.data_path / NOTES_DIR


def note_file(params: ClientParams, period_label: str, report: str) -> Path:
    """The one file holding a report's notes for a period (it may not exist)."""
    return notes_folder(params) / period_label / f"{report}.md"


def is_note(path: Path, data_folder: Path) -> bool:
    """Whether a file of a client's data folder is an analyst note (under ``notes/``)."""
    try:
        return path.relative_to(data_folder).parts[0] == NOTES_DIR
    except (ValueError, IndexError):
        return False


@cache
def _md() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).use(front_matter_plugin)
    md.enable(["table", "strikethrough"])
    md.validateLink = lambda url: url.strip().lower().startswith(SCHEMES)  # nothing else becomes a link
    rules = md.renderer.rules

    def link_open(tokens: list, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        token.attrSet("rel", "noopener noreferrer nofollow")
        token.attrSet("class", "rp-note-link")
        return md.renderer.renderToken(tokens, idx, options, env)

    def link_close(tokens: list, idx: int, options: Any, env: Any) -> str:
        first = next(i for i in range(idx - 1, -1, -1) if tokens[i].type == "link_open")
        href = str(tokens[first].attrGet("href") or "")
        shown = href.removeprefix("mailto:")
        text = "".join(t.content for t in tokens[first + 1:idx])
        suffix = "" if text.strip() == shown else f' <span class="rp-note-url">({escape(shown)})</span>'
        return "</a>" + suffix

    def image(tokens: list, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        alt = "".join(c.content for c in token.children or [])
        return f'<span class="rp-note-image">[{escape(alt)}] ({escape(str(token.attrGet("src") or ""))})</span>'

    def heading_open(tokens: list, idx: int, options: Any, env: Any) -> str:
        level = min(6, int(tokens[idx].tag[1]) + 3)
        return f"<h{level}>"

    def heading_close(tokens: list, idx: int, options: Any, env: Any) -> str:
        level = min(6, int(tokens[idx].tag[1]) + 3)
        return f"</h{level}>\n"

    rules["link_open"], rules["link_close"], rules["image"] = link_open, link_close, image
    rules["heading_open"], rules["heading_close"] = heading_open, heading_close
    return md


def render_markdown(text: str) -> str:
    """Safe HTML for a note's Markdown (see the module docstring for what is allowed)."""
    return _md().render(text)


def parse(text: str, file: str = "note.md") -> tuple[dict[str, Any], list[tuple[str | None, str]]]:
    """Front matter and the notes of one file: ``[(section or None, markdown), ...]`` in file order."""
    md = _md()
    tokens = md.parse(text)
    meta: dict[str, Any] = {}
    if tokens and tokens[0].type == "front_matter":
        try:
            meta = yaml.safe_load(tokens[0].content) or {}
        except yaml.YAMLError as exc:
            raise NoteError(f"{file}: the front matter between the '---' lines is not valid YAML ({exc}). "
                            "Fix: write 'author: Name', 'date: 2026-11-20', 'section: goals'") from None
        if not isinstance(meta, dict):
            raise NoteError(f"{file}: the front matter must be 'key: value' lines (author, date, section)")
        unknown = sorted(set(map(str, meta)) - FRONT_MATTER_KEYS)
        if unknown:
            raise NoteError(f"{file}: unknown front matter key {unknown[0]!r}. Fix: use author, date or section")
    lines = text.splitlines()
    parts: list[tuple[str | None, str]] = []
    section = str(meta["section"]).strip() if meta.get("section") else None
    start = tokens[0].map[1] if tokens and tokens[0].type == "front_matter" and tokens[0].map else 0
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and token.map:
            title = tokens[i + 1].content.strip()
            if title.startswith(PIN):
                parts.append((section, "\n".join(lines[start:token.map[0]])))
                section, start = title[len(PIN):].strip() or None, token.map[1]
    parts.append((section, "\n".join(lines[start:])))
    return meta, [(s, body.strip()) for s, body in parts if body.strip()]


def load(params: ClientParams, period_label: str, report: str) -> list[Note]:
    """The notes for one report and period (none when the file does not exist). Raises :class:`NoteError`."""
    path = note_file(params, period_label, report)
    if not path.is_file():
        return []
    rel = path.relative_to(params.data_path).as_posix()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise NoteError(f"{rel}: not UTF-8 text. Fix: save the note as UTF-8") from None
    meta, parts = parse(text, rel)
    date = meta.get("date")
    if isinstance(date, dt.datetime):
        date = date.date()
    elif isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date.strip())
        except ValueError:
            raise NoteError(f"{rel}: date {date!r} is not a date. Fix: write it as 2026-11-20") from None
    elif not isinstance(date, dt.date):
        saved = dt.datetime.fromtimestamp(path.stat().st_mtime, zoneinfo.ZoneInfo(params.timezone))
        date = saved.date()
    author = str(meta.get("author") or params.branding.analyst or params.branding.agency or "").strip()
    return [Note(section, body, render_markdown(body), author, date, rel) for section, body in parts]


def to_html(note: Note, t: Translator, level: int = 3) -> str:
    """One note as the report shows it: titled "Analyst's note", the safe HTML, then dated and signed."""
    when = t.date(note.date)
    sign = t("common.analyst_note_signed", author=note.author, date=when) if note.author else when
    return (f'<aside class="rp-analyst-note"><h{level} class="rp-analyst-title">{escape(t("common.analyst_note"))}'
            f'</h{level}><div class="rp-analyst-body">{note.html}</div>'
            f'<p class="rp-analyst-sign">— {escape(sign)}</p></aside>')
