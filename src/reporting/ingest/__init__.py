"""Import the platform exports analysts drop into ``data/<client>/`` into the canonical tables.

Public API (other modules call only these):

- :func:`load_client_data` -- every export of a client -> :class:`~reporting.dataset.ClientData`
  (cached as Parquet; only changed files are re-imported);
- :func:`inspect_paths` / :func:`format_report` -- per file: detected format, rows read and
  rejected with reasons, date range, column mapping (``reporting inspect`` / ``validate``);
- :class:`ExportError` -- a file that cannot be imported, naming the file, row and column.

How it works: :mod:`.sources` turns bytes into sheets of text cells; :mod:`.registry` finds
the header row an importer recognises; one module per platform family in :mod:`.formats`
reads it with :mod:`.fields`; :mod:`.combine` merges overlapping exports. Supported formats
and the plain CSV templates are documented in ``docs/data-formats.md``.
"""

from reporting.ingest.errors import ExportError, Rejection
from reporting.ingest.inspection import FileReport, format_report, inspect_paths
from reporting.ingest.load import load_client_data

__all__ = ["ExportError", "FileReport", "Rejection", "format_report", "inspect_paths", "load_client_data"]
