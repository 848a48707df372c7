"""KPI review: are we hitting our SMART goals, and what is moving the needle?

The package has the shape every report shares (see :mod:`reporting.reports`):
``compute`` (``build``), ``wording``, ``views`` (one function per notebook section),
``charts`` and ``summary`` (``payload``).
"""

from reporting.reports.kpi_review import views
from reporting.reports.kpi_review.compute import KpiReview, analyse, build
from reporting.reports.kpi_review.summary import payload

__all__ = ["KpiReview", "analyse", "build", "payload", "views"]
