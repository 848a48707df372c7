"""Labelled short texts kept beside exports for measuring sentiment accuracy (FORMATS 10): not imported.

``id, document, label`` (NSMC-style Korean reviews) and ``sentiment, text`` (Greek bank tweets) are
evaluation sets, not platform exports; so is the analyst's own sample (``mention_id``/``text`` and
``label``, as ``reporting label`` writes it), which belongs in the client's ``labels/`` folder.
Recognising them lets ``reporting inspect`` explain the skip instead of reporting an unknown file.
"""

from __future__ import annotations

from reporting.ingest.fields import norm
from reporting.ingest.formats.common import skip
from reporting.ingest.registry import Context, Extract, Importer, Probe, register
from reporting.ingest.sources import Table

HEADERS = (frozenset({"id", "document", "label"}), frozenset({"sentiment", "text"}))
ANALYST = frozenset({"mention_id", "date", "brand", "language", "text", "label"})


@register
class LabelledText(Importer):
    name = "labelled_text"
    label = "Labelled sentiment texts (evaluation set, not an export)"
    tables = ()
    detects = ("exactly `id, document, label` or `sentiment, text`, or the analyst's label sheet (`label` with "
               "`mention_id` or `text`, among `mention_id, date, brand, language, text, label`)")
    zone = "no times"
    doc = "Used by the sentiment accuracy tests; never imported as mentions."

    def detect(self, probe: Probe) -> bool:
        return probe.names in HEADERS or self._analyst(probe.names)

    @staticmethod
    def _analyst(names: frozenset[str]) -> bool:
        return "label" in names and bool(names & {"mention_id", "text"}) and names <= ANALYST

    def read(self, table: Table, ctx: Context) -> list[Extract]:
        names = frozenset(norm(h) for h in table.raw_header if h.strip())
        if self._analyst(names):
            return skip(table, "the analyst's sentiment labels, not a platform export: not imported; move the file "
                               "into the client's labels/ folder so the listening report reads it")
        return skip(table, "labelled texts for measuring sentiment accuracy, not a platform export: not imported")
