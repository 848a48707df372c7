"""Audience personas: who the audience is, where it is, and whether the brand is on the right platforms.

Modules, in the order the report uses them:

- :mod:`.traits` — survey answers as traits; over-index (share in group / share overall).
- :mod:`.segment` — mixed-feature encoding, k-means with k chosen by silhouette, stability.
- :mod:`.profiles` — each persona in numbers, and its name in the client's language.
- :mod:`.fit` — :func:`channel_fit`: effort and engagement per channel against the buyers
  (reused by the annual review as "audience fit").
- :mod:`.platforms` — personas' channels against the brand's; platform demographics against the survey.
- :mod:`.report` — :func:`build` computes the whole report; the sentences that explain it.
- :mod:`.views` — what each notebook section shows; the summary.json payload.
"""

from reporting.analysis.fit import channel_fit
from reporting.personas.report import PersonaReport, build, build_report, executive_summary
from reporting.personas.views import (activity_view, buyers_view, fit_view, header, method_view, personas_view,
                                      platforms_view, summary_payload, summary_view, traits_view)

__all__ = ["PersonaReport", "activity_view", "build", "build_report", "buyers_view", "channel_fit",
           "executive_summary", "fit_view", "header", "method_view", "personas_view", "platforms_view",
           "summary_payload", "summary_view", "traits_view"]
