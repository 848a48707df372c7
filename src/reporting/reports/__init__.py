"""The reports: one package each, all with the same modules, and the registry that names them.

Every report package (``reporting.reports.<id>``) has the same shape:

- ``compute``: pure functions over the client's tables -> a result dataclass (no language, no HTML);
  ``build(ctx)`` is the entry point a notebook calls;
- ``wording``: sentences and labels in the client's language, where "not enough data to call" is decided;
- ``views``: one function per notebook section, ``(result, t) -> display.Html``;
- ``charts``: figures from the result's frames (drawing only);
- ``summary``: ``payload(result, t)``, the report's part of ``<report>.summary.json``.

This module stays light (no pandas): the batch engine and the parameter loader read the registry.
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
