"""What a report notebook hands the batch engine besides its HTML: the MIME types of its machine-readable outputs.

A notebook cell shows the summary as a short line for the analyst and carries the
payload under :data:`SUMMARY_MIME`; the renderer takes it out of the HTML and the
runner stores it as ``<report>.summary.json``. Kept in a module of its own so the
engine can read it without importing pandas or matplotlib.
"""

SUMMARY_MIME = "application/vnd.reporting.summary+json"

# ``display.table`` carries each table's unformatted values under this type, beside its HTML, so the renderer can
# write them to ``<report>.xlsx`` as numbers (and then drops the entry: it is not part of the stakeholder HTML).
# Payload: ``{"tables": [{"id", "caption", "columns", "rows", "formats"}]}`` (see ``display.table``).
TABLE_MIME = "application/vnd.reporting.tables+json"
