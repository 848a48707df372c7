"""``reports/index.html``: every client's latest reports with status, period and generation time."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reporting import paths
from reporting.batch.freshness import freshness
from reporting.display import esc
from reporting.i18n import Translator
from reporting.registry import REPORTS


@dataclass(frozen=True)
class Entry:
    client: str
    client_name: str
    report: str
    period_label: str
    period_end: str
    status: str  # ok or failed (a failure newer than the last good report)
    generated: str
    href: str
    data_through: str = ""  # newest data up to the period end, from the summary's coverage
    stale: str = ""  # why the data stops short of the period ("": it does not)


def collect(root: Path | None = None) -> list[Entry]:
    """The latest period per client and report found under ``reports/``."""
    root = root or paths.reports_dir()
    latest: dict[tuple[str, str], Entry] = {}
    for summary_file in sorted(root.glob("*/*/*.summary.json")):
        data = json.loads(summary_file.read_text(encoding="utf-8"))
        fresh = freshness(data["coverage"]) if isinstance(data.get("coverage"), dict) else None
        html = summary_file.with_name(f"{data['report']}.html")
        failed = summary_file.with_name(f"{data['report']}.failed.ipynb")
        status = "failed" if failed.exists() and failed.stat().st_mtime > html.stat().st_mtime else "ok"
        entry = Entry(data["client"], data.get("client_name", data["client"]), data["report"],
                      summary_file.parent.name, data["period"]["end"], status, data.get("generated", ""),
                      str(html.relative_to(root)), fresh.through if fresh else "", fresh.stale if fresh else "")
        key = (entry.client, entry.report)
        if key not in latest or entry.period_end > latest[key].period_end:
            latest[key] = entry
    for failed in sorted(root.glob("*/*/*.failed.ipynb")):
        client, label, report = failed.parts[-3], failed.parts[-2], failed.name.removesuffix(".failed.ipynb")
        if (client, report) not in latest:
            when = dt.datetime.fromtimestamp(failed.stat().st_mtime, dt.UTC).isoformat(timespec="seconds")
            latest[(client, report)] = Entry(client, client, report, label, "", "failed", when, "")
    order = {r: i for i, r in enumerate(REPORTS)}
    return sorted(latest.values(), key=lambda e: (e.client, order.get(e.report, 99)))


def write(root: Path | None = None) -> Path:
    """Write the index page (English: it is the analyst's page, not a stakeholder's)."""
    root = root or paths.reports_dir()
    t = Translator("en")
    rows = []
    entries = collect(root)
    for e in entries:
        name = esc(t(f"common.report_{e.report}"))
        link = f'<a href="{esc(e.href)}">{name}</a>' if e.href and e.status == "ok" else name
        if e.status == "failed" and e.href:
            link += f' (<a href="{esc(e.href)}">last good</a>)'
        data = esc(e.data_through)
        if e.stale:
            data += f' <span class="rp-badge rp-at_risk" title="{esc(e.stale)}">{esc(t("common.status_stale"))}</span>'
        rows.append(f"<tr><td>{esc(e.client_name)}</td><td>{link}</td><td>{esc(e.period_label)}</td>"
                    f'<td><span class="rp-badge rp-{"on_track" if e.status == "ok" else "off_track"}">'
                    f"{esc(t('common.status_' + e.status))}</span></td><td>{data}</td><td>{esc(e.generated)}</td></tr>")
    notes = "".join(f'<li>{esc(e.client_name)} · {esc(t(f"common.report_{e.report}"))} · {esc(e.period_label)}: '
                    f"{esc(e.stale)}</li>" for e in entries if e.stale)
    css = (resources.files("reporting") / "templates" / "report" / "report.css").read_text(encoding="utf-8")
    head = "".join(f"<th>{esc(t('common.index_' + k))}</th>" for k in ("client", "report", "period", "status",
                                                                          "data", "generated"))
    body = "".join(rows) or '<tr><td colspan="6">No reports yet: run make reports.</td></tr>'
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>Reports</title>'
            f'<style>{css}</style></head><body><main class="rp-report"><h1>{esc(t("common.index_title"))}</h1>'
            f'<div class="rp-table-wrap"><table class="rp-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>"
            + (f'<section class="rp-coverage"><h2>{esc(t("common.index_stale"))}</h2><ul>{notes}</ul></section>'
               if notes else "")
            + "</main></body></html>")
    out = root / "index.html"
    root.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".index.", suffix=".tmp")  # runs of other clients write it too
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        os.fchmod(fh.fileno(), 0o644)  # a page to open in a browser or serve, like the reports beside it
        fh.write(page)
    os.replace(tmp, out)
    return out
