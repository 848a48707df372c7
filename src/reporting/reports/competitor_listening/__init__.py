"""Competitor listening: who is talked about, how, where, and what changed against the named competitors?

The package has the shape every report shares (see :mod:`reporting.reports`):
``compute`` (``build``), ``wording``, ``views`` (one function per notebook section),
``charts`` and ``summary`` (``payload``); ``result`` holds what ``build`` returns and ``calls``
decides which verdicts the evidence backs.
"""

from reporting.reports.competitor_listening import views
from reporting.reports.competitor_listening.compute import analyse, build
from reporting.reports.competitor_listening.result import Listening
from reporting.reports.competitor_listening.summary import payload

__all__ = ["Listening", "analyse", "build", "payload", "views"]
