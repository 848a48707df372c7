"""Audience personas: who the audience is, where it is, and whether the brand is on the right platforms.

The package has the shape every report shares (see :mod:`reporting.reports`):
``compute`` (``build``), ``wording``, ``views`` (one function per notebook section),
``charts`` and ``summary`` (``payload``). Two computing modules of its own sit beside them:

- :mod:`.segment`: survey answers one-hot encoded next to standardised numbers, reduced to
  principal components, and modelled as a Gaussian mixture whose number of personas (3-6)
  has the lowest BIC; a resampling check says how stable the personas are.
- :mod:`.platforms`: each persona's channels against the brand's posting and spend, and the
  platforms' age demographics against the survey's.

Respondent traits and channel fit are shared with the annual review
(:mod:`reporting.analysis.traits`, :mod:`reporting.analysis.fit`).
"""

from reporting.reports.audience_personas import views
from reporting.reports.audience_personas.compute import PersonaReport, analyse, build
from reporting.reports.audience_personas.summary import payload

__all__ = ["PersonaReport", "analyse", "build", "payload", "views"]
