"""The registry of reports: each report's id (also its package and notebook name) and default period.

Light on purpose (no pandas): the parameter loader and the batch engine read it; the report packages
themselves live in :mod:`reporting.reports` and are imported on demand.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class ReportKind:
    """One kind of report: its id (also its package and notebook name) and the period it covers by default."""

    id: str
    default_period: str

    @property
    def package(self) -> str:
        return f"reporting.reports.{self.id}"

    @property
    def notebook(self) -> str:
        """The notebook's file name in ``notebooks/``."""
        return f"{self.id}.ipynb"

    def load(self) -> ModuleType:
        """The report package (imported on demand: it pulls in pandas, scikit-learn, matplotlib)."""
        return importlib.import_module(self.package)


REGISTRY: dict[str, ReportKind] = {k.id: k for k in (
    ReportKind("kpi_review", "last-full-month"),
    ReportKind("competitor_listening", "last-4-weeks"),
    ReportKind("audience_personas", "last-full-quarter"),
    ReportKind("annual_strategy_review", "last-full-year"),
)}
REPORTS: tuple[str, ...] = tuple(REGISTRY)  # in the order reports are listed everywhere
