"""Parquet import cache, per client and per file, keyed by content hash.

Layout under ``paths.cache_dir(client)``::

    manifest.json              file -> size, mtime, sha256 (so unchanged files are not re-hashed)
    files/<key>/report.json    the file's FileReport (without frames)
    files/<key>/<n>.parquet    one canonical frame per extract (UTC)
    client/<key>/<table>.arrow the combined tables, sources and rejections of one set of files

The per-file imports are Parquet (compact, the durable cache). The combined snapshot is
uncompressed Arrow IPC (Feather v2), memory-mapped on read: it is rebuilt from the Parquet files
whenever any file changes, and reading it needs no decoding, so a million mentions load in
under a second where decoding Parquet takes seconds on a busy 2-core machine.

A file's key is its content hash plus a settings hash (the ingest code itself, the client's
zone and the parameters importers read), so editing one export re-imports only that file,
and changing the code or the mappings re-imports everything. A rename or touch without a
content change costs one re-hash, no re-import.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import feather

from reporting.ingest.errors import Rejection
from reporting.ingest.inspection import FileReport
from reporting.ingest.registry import Extract

MANIFEST = "manifest.json"


@cache
def code_version() -> str:
    """Hash of the ingest package's source: a changed importer invalidates every cached import."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for file in sorted(root.rglob("*.py")):
        digest.update(file.relative_to(root).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def settings_hash(tz: str, params: object) -> str:
    """What besides the bytes changes an import: code, zone, and the parameters importers consult."""
    fields = {}
    if params is not None:
        dump = params.model_dump(mode="json")
        fields = {k: dump.get(k) for k in ("display_name", "currency", "handles", "competitors",
                                           "listening_columns", "survey_columns", "import_options")}
    blob = json.dumps({"code": code_version(), "tz": tz, "params": fields}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


class ImportCache:
    """The cache folder of one client."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.manifest = self._read_json(folder / MANIFEST) or {}

    @staticmethod
    def _read_json(path: Path) -> dict | None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def content_hash(self, rel: str, path: Path) -> str:
        """The file's sha256, recomputed only when its size or modification time changed."""
        st = path.stat()
        seen = self.manifest.get(rel)
        if seen and seen["size"] == st.st_size and seen["mtime_ns"] == st.st_mtime_ns:
            return seen["sha256"]
        sha = file_sha256(path)
        self.manifest[rel] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha}
        return sha

    def save_manifest(self, keep: set[str]) -> None:
        self.manifest = {k: v for k, v in self.manifest.items() if k in keep}
        _atomic_write(self.folder / MANIFEST, json.dumps(self.manifest, indent=1).encode())

    # --- one file -----------------------------------------------------------------------------------

    def load_file(self, key: str) -> FileReport | None:
        folder = self.folder / "files" / key
        meta = self._read_json(folder / "report.json")
        if meta is None:
            return None
        try:
            extracts = []
            for i, ext in enumerate(meta.pop("extracts")):
                frame = pd.read_parquet(folder / f"{i}.parquet")
                extracts.append(Extract(ext["table"], frame, ext["records"]))
        except (OSError, ValueError):
            return None
        stamps = ("first", "last", "as_of")
        report = FileReport(**{k: v for k, v in meta.items() if k not in ("rejections", *stamps)})
        report.rejections = [Rejection(**r) for r in meta["rejections"]]
        for name in stamps:
            setattr(report, name, pd.Timestamp(meta[name]) if meta.get(name) else None)
        report.extracts = extracts
        return report

    def save_file(self, key: str, report: FileReport) -> None:
        tmp = Path(tempfile.mkdtemp(dir=self._ensure("files")))
        meta = {f.name: getattr(report, f.name) for f in fields(report) if f.name != "extracts"}
        meta["rejections"] = [asdict(r) for r in report.rejections]
        for name in ("first", "last", "as_of"):
            value = getattr(report, name)
            meta[name] = value.isoformat() if value is not None else None
        meta["extracts"] = [{"table": e.table, "records": e.records} for e in report.extracts]
        for i, ext in enumerate(report.extracts):
            ext.frame.to_parquet(tmp / f"{i}.parquet", index=False)
        (tmp / "report.json").write_text(json.dumps(meta, ensure_ascii=False, default=str), encoding="utf-8")
        _replace_dir(tmp, self.folder / "files" / key)

    # --- the combined client tables --------------------------------------------------------------------

    def load_client(self, key: str) -> dict[str, pd.DataFrame] | None:
        folder = self.folder / "client" / key
        if not (folder / "done").is_file():
            return None
        try:
            return {p.stem: feather.read_table(p, memory_map=True).to_pandas() for p in folder.glob("*.arrow")}
        except (OSError, ValueError, pa.ArrowInvalid):
            return None

    def save_client(self, key: str, frames: dict[str, pd.DataFrame]) -> None:
        base = self._ensure("client")
        tmp = Path(tempfile.mkdtemp(dir=base, prefix=".writing-"))
        for name, frame in frames.items():
            feather.write_feather(frame.reset_index(drop=True), tmp / f"{name}.arrow", compression="uncompressed")
        (tmp / "done").write_text("ok", encoding="utf-8")
        _replace_dir(tmp, base / key)
        # Older snapshots go only after the new one is in place; another writer's temp folder is left alone.
        for old in base.iterdir():
            if old.name != key and not old.name.startswith(".writing-"):
                shutil.rmtree(old, ignore_errors=True)

    def prune_files(self, keep: set[str]) -> None:
        """Delete cached imports of files that are gone or changed."""
        base = self.folder / "files"
        if base.is_dir():
            for entry in base.iterdir():
                if entry.name not in keep:
                    shutil.rmtree(entry, ignore_errors=True)

    def _ensure(self, sub: str) -> Path:
        path = self.folder / sub
        path.mkdir(parents=True, exist_ok=True)
        return path


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)


def _replace_dir(tmp: Path, target: Path) -> None:
    """Move a finished temp folder into place; a concurrent writer of the same key is harmless."""
    if target.exists():
        shutil.rmtree(target, ignore_errors=True)
    try:
        tmp.rename(target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
