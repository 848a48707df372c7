"""The importer registry: each export format is one small object that detects and reads it.

An importer says whether a header row is its format (:meth:`Importer.detect`, from the
header cells and the title rows above them, never the file name) and turns the table under
that header into canonical rows (:meth:`Importer.read`). :func:`identify` scans the first rows
of a sheet for a header any registered importer recognises, so preamble and description rows
above the header are handled once for every format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from reporting.ingest.errors import Rejection
from reporting.ingest.fields import norm
from reporting.ingest.sources import Sheet, Table

if TYPE_CHECKING:
    from reporting.params import ClientParams

HEADER_SEARCH_ROWS = 30  # preamble / description rows tolerated above a header


@dataclass(frozen=True)
class Context:
    """What an importer may know besides the file: the client's zone and parameters, and a reference day.

    ``reference`` anchors year-less dates (TikTok Studio): the export day, normally the file's
    modification day; ``reference_from`` says where it came from, for ``reporting inspect``.
    The client's ``import_options`` may override it (see :func:`reporting.ingest.formats.tiktok.export_day`).
    """

    tz: str = "UTC"
    params: ClientParams | None = None
    reference: dt.date = field(default_factory=dt.date.today)
    path: Path | None = None
    reference_from: str = "the file's modification day"


@dataclass
class Probe:
    """A candidate header row: its cells (raw and normalised) and the title rows above it."""

    header: list[str]
    names: frozenset[str]
    titles: list[str]
    sheet: Sheet
    ctx: Context

    def has(self, *names: str) -> bool:
        return all(norm(n) in self.names for n in names)

    def any(self, *names: str) -> bool:
        return any(norm(n) in self.names for n in names)


@dataclass
class Extract:
    """What an importer read from one table for one canonical table (or why it read nothing).

    ``records`` counts the export's data rows read; ``frame`` holds the canonical rows
    produced (several per record for pro-rated ranges or one-row-per-country blocks);
    ``notes`` explain rows deliberately not imported (summary rows, unsupported channels);
    ``warnings`` flag data that was imported but is known to be wrong (Meta's publish-minute bug).
    """

    table: str | None
    frame: pd.DataFrame
    records: int
    mapping: dict[str, str] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    as_of: pd.Timestamp | None = None
    warnings: list[str] = field(default_factory=list)


class Importer:
    """Base class: one export format. Subclasses set the class attributes and implement ``read``.

    ``signature`` lists header names that must all be present for :meth:`detect` (subclasses
    with subtler rules override it). ``zone`` documents how the format's times are read.
    """

    name: str = ""
    label: str = ""
    tables: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    detects: str = ""  # how detect() decides, for the docs, when it is more than the signature
    zone: str = ""
    doc: str = ""

    def detect(self, probe: Probe) -> bool:
        return bool(self.signature) and probe.has(*self.signature)

    def read(self, table: Table, ctx: Context) -> list[Extract]:  # pragma: no cover - abstract
        raise NotImplementedError


REGISTRY: list[Importer] = []


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator adding one instance to :data:`REGISTRY` (module import order is priority order)."""
    REGISTRY.append(importer())
    return importer


def identify(sheet: Sheet, ctx: Context) -> tuple[Importer, int] | None:
    """The first (row, importer) pair where a registered importer recognises the row as its header."""
    for i, record in enumerate(sheet.records[:HEADER_SEARCH_ROWS]):
        cells = [c.strip().lstrip("\ufeff") for c in record]
        if sum(1 for c in cells if c) < 1:
            continue
        titles = [" ".join(c.strip() for c in r if c.strip()) for r in sheet.records[:i]]
        probe = Probe(cells, frozenset(norm(c) for c in cells if c), [t for t in titles if t], sheet, ctx)
        for importer in REGISTRY:
            if importer.detect(probe):
                return importer, i
    return None
