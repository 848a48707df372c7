"""Jobs: one report for one client and one resolved period, what running it produced, and the plan of a run.

The types every part of the engine shares (planning, fingerprints, execution,
storage), so none of them has to import another to name a job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reporting import paths, periods
from reporting.params import ClientParams
from reporting.registry import REGISTRY


@dataclass(frozen=True)
class Job:
    """One report for one client and one resolved period."""

    client: str
    report: str
    period_spec: str  # explicit dates, independent of the run date
    period_label: str
    title: str
    language: str

    @property
    def key(self) -> str:
        return f"{self.client}/{self.period_label}/{self.report}"

    @property
    def notebook(self) -> Path:
        return paths.notebooks_dir() / REGISTRY[self.report].notebook

    @property
    def out_dir(self) -> Path:
        return paths.reports_dir() / self.client / self.period_label

    @property
    def html_path(self) -> Path:
        return self.out_dir / f"{self.report}.html"

    def sibling(self, suffix: str) -> Path:
        """Another file of this report beside its HTML: ``sibling(".pdf")`` -> ``<report>.pdf``."""
        return self.out_dir / f"{self.report}{suffix}"

    @property
    def failed_path(self) -> Path:
        return self.out_dir / f"{self.report}.failed.ipynb"


@dataclass
class JobOutput:
    """What executing a job produced, wherever it ran: texts to store, or the failure."""

    status: str  # ok or failed
    html: str = ""
    summary: dict[str, Any] | None = None
    notebook: str = ""  # the executed notebook (nbformat JSON), with the traceback when it failed
    xlsx: bytes | None = None  # every table of the report (when the client's ``xlsx`` is on)
    pdf: bytes | None = None  # the report as a PDF (when the client's ``pdf`` is on)
    error: str = ""
    warning: str = ""  # a good report whose companion could not be made (the PDF), said in the run's summary
    failed_cell: int | None = None
    timings: dict[str, float] = field(default_factory=dict)  # kernel, execute, render, xlsx, pdf (seconds)
    seconds: float = 0.0  # wall time of the whole job where it ran


@dataclass
class JobResult:
    """One line of the run's summary and of its log in ``reports/_runs/``."""

    client: str
    report: str
    period: str
    status: str  # ok, failed, skipped, locked (another run held the client)
    seconds: float
    html: str = ""
    error: str = ""
    failed_cell: int | None = None
    reason: str = ""  # why it ran (what changed) or why it was skipped
    timings: dict[str, float] = field(default_factory=dict)
    data_through: str = ""  # ISO day of the newest data up to the period end ("": no dated data)
    stale: str = ""  # why the data is stale for this period ("": fresh; see batch.freshness)


def plan(clients: dict[str, ClientParams], reports: list[str] | None = None, period: str | None = None,
         run_date: dt.date | None = None) -> list[Job]:
    """The jobs for these clients: each enabled report (or only ``reports``), period resolved per client."""
    from reporting.i18n import Translator

    jobs = []
    for cid, p in clients.items():
        t = Translator(p.language, p.currency)
        for report in p.enabled_reports():
            if reports and report not in reports:
                continue
            resolved = due_period(p, report, period, run_date)
            title = f"{t('common.report_' + report)} · {p.display_name} · {t.period(resolved.start, resolved.end)}"
            jobs.append(Job(cid, report, resolved.explicit, resolved.label, title, p.language))
    return jobs


def due_period(params: ClientParams, report: str, period: str | None = None,
               run_date: dt.date | None = None) -> periods.Period:
    """The period a run on ``run_date`` (default: today in the client's zone) produces for this report."""
    spec = period or params.reports[report].period
    return periods.resolve(spec, params.timezone, run_date or periods.today_in(params.timezone))
