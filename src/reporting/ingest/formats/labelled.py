"""Labelled short texts kept beside exports for measuring sentiment accuracy (FORMATS 10): not imported.

``id, document, label`` (NSMC-style Korean reviews) and ``sentiment, text`` (Greek bank tweets) are
evaluation sets, not platform exports; recognising them lets ``reporting inspect`` explain the skip
instead of reporting an unknown file.
"""

from __future__ import annotations

from reporting.ingest.formats.common import skip
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

HEADERS = (frozenset({"id", "document", "label"}), frozenset({"sentiment", "text"}))


@register
class LabelledText(Importer):
    name = "labelled_text"
    label = "Labelled sentiment texts (evaluation set, not an export)"
    tables = ()
    detects = "exactly `id, document, label` or `sentiment, text`"
    zone = "no times"
    doc = "Used by the sentiment accuracy tests; never imported as mentions."

    def detect(self, probe: Probe) -> bool:
        return probe.names in HEADERS

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        return skip(table, "labelled texts for measuring sentiment accuracy, not a platform export: not imported")
