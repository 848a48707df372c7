"""Shared analysis engines below the reports: metric histories, post scoring and campaign runs, SMART goals.

Pure functions over the canonical tables (:class:`reporting.dataset.ClientData`); no
language, no HTML. The reports in :mod:`reporting.reports` build on them.
"""
