"""Annual strategy review: what did the year deliver, and what do we keep, fix or stop?

The package has the shape every report shares (see :mod:`reporting.reports`):
``compute`` (``build``), ``wording``, ``views`` (one function per notebook section),
``charts`` and ``summary`` (``payload``). The computing is split by section:
``year_results`` (totals, year on year, month by month), ``scorecard`` (keep / fix / stop per
channel), ``content`` (content types and campaign runs) and ``targets`` (next year's SMART
goals); the account audit is the shared engine :mod:`reporting.analysis.accounts`.

Every figure of the year is measured on the days its sources cover (:mod:`reporting.coverage`) and
compared with the same days a year earlier; goals are tracked to the last day their data covers; a
verdict (keep / fix / stop, dormant, met) is called only with its evidence, else the report says
there is not enough data to call it, and why.
"""

from reporting.reports.annual_strategy_review import views
from reporting.reports.annual_strategy_review.compute import AnnualReview, analyse, build
from reporting.reports.annual_strategy_review.summary import payload

__all__ = ["AnnualReview", "analyse", "build", "payload", "views"]
