"""docs/data-formats.md is generated from the registry and stays in step with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest_support import frame, read
from reporting import tables
from reporting.ingest import catalog
from reporting.ingest.registry import REGISTRY

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-formats.md"


def test_doc_is_regenerated():
    assert DOC.read_text(encoding="utf-8") == catalog.markdown(), (
        "docs/data-formats.md is stale: run `python -m reporting.ingest.catalog > docs/data-formats.md`")


def test_every_importer_and_column_is_documented():
    text = catalog.markdown()
    for imp in REGISTRY:
        assert f"`{imp.name}`" in text or imp.name.startswith("template_")
        assert imp.zone and imp.label
    for name, cols in tables.TABLES.items():
        assert f"### `{name}`" in text
        assert all(f"| `{c.name}` |" in text for c in cols)


@pytest.mark.parametrize("table", list(tables.TABLES))
def test_template_examples_import_cleanly(tmp_path, table):
    header = ",".join(c.name for c in tables.TABLES[table] if c.name != "source_file")
    path = tmp_path / f"{table}.csv"
    path.write_text(header + "\n" + catalog.EXAMPLES[table] + "\n", encoding="utf-8")
    report = read(path, tz="Europe/Athens")
    assert report.error is None and report.rejections == []
    assert len(frame(report, table)) == 1
