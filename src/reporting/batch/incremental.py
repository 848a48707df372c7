"""Incremental runs: a report is re-run only when something it depends on changed since its last good run.

A job's *fingerprint* is one digest per input:

- ``notebook``: the notebook's cells (type, source, tags); outputs and metadata an analyst's
  save adds do not count;
- ``params``: the client's validated parameters (its file merged over ``_defaults.yaml``), so a
  comment or reordering does not count but any value does, and the content of its logo file;
- ``data``: the content of every file in the client's data folder (hidden files, the import
  cache and the analyst notes excluded); content digests are remembered by size and modification
  time in ``reports/_state/`` so an unchanged folder is not re-read;
- ``notes``: the analyst's note file of this report and period (``notes/<period>/<report>.md``), so
  editing a note re-runs that report only;
- ``package``: every source, catalogue and template file of ``reporting``; a code change re-runs
  everything even when the version string did not move;
- ``environment``: the Python version and the installed distributions (a library upgrade can
  change numbers or charts);
- ``period``: the resolved dates.

After a good run the fingerprint is written beside the report as ``.<report>.inputs.json``. The
next run compares; the comparison reads a few small files and hashes nothing that did not change,
so a no-change re-run of every client takes a fraction of a second and starts no kernel.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reporting import paths
from reporting.notes import is_note, note_file
from reporting.params import ClientParams, load_client

if TYPE_CHECKING:
    from reporting.batch.jobs import Job

SCHEMA = 2  # 2: notes became an input of their own
HASH_CACHE = "file-digests.json"


@dataclass(frozen=True)
class Fingerprint:
    """One digest per input a report depends on (see the module docstring)."""

    notebook: str
    params: str
    data: str
    notes: str
    package: str
    environment: str
    period: str

    def changed(self, before: Fingerprint) -> list[str]:
        """The inputs that differ from ``before``, in declaration order."""
        return [f.name for f in fields(self) if getattr(self, f.name) != getattr(before, f.name)]


def _digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def notebook_digest(path: Path) -> str:
    """Digest of what executes: each cell's type, source and tags (not outputs, not execution counts)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "missing"
    cells = [(c.get("cell_type"), "".join(c.get("source", "")), sorted(c.get("metadata", {}).get("tags", [])))
             for c in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name", "")
    return _digest(json.dumps([kernel, cells], ensure_ascii=False))


def params_digest(params: ClientParams, digests: FileDigests | None = None) -> str:
    """Digest of the validated parameters (defaults merged in, formatting and comments ignored) and the logo."""
    logo = params.branding.logo_path
    logo_part = (digests or FileDigests()).of(logo) if logo is not None and logo.is_file() else ""
    return _digest(params.model_dump_json(), logo_part)


class FileDigests:
    """Content digests of files, remembered by (size, mtime) so unchanged files are not re-read.

    The memory lives in ``reports/_state/file-digests.json``; a touched file with the same content
    is re-read once and keeps its digest, so it does not trigger a re-run.
    """

    def __init__(self, store: Path | None = None):
        self.store = store or paths.reports_dir() / "_state" / HASH_CACHE
        try:
            self._known: dict[str, list[Any]] = json.loads(self.store.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            self._known = {}
        self._dirty = False

    def of(self, file: Path) -> str:
        st = file.stat()
        key = str(file.resolve())
        known = self._known.get(key)
        if known and known[0] == st.st_size and known[1] == st.st_mtime_ns:
            return str(known[2])
        with file.open("rb") as fh:
            digest = hashlib.file_digest(fh, "blake2b").hexdigest()[:32]
        self._known[key] = [st.st_size, st.st_mtime_ns, digest]
        self._dirty = True
        return digest

    def save(self) -> None:
        if not self._dirty:
            return
        self.store.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.store.parent, prefix=".file-digests.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._known, fh)
        os.replace(tmp, self.store)
        self._dirty = False


def data_digest(folder: Path, digests: FileDigests) -> str:
    """Digest of the folder's files (relative names and contents), analyst notes excluded (see ``notes``)."""
    files = [f for f in paths.client_files(folder) if not is_note(f, folder)]
    if not files:
        return "empty"
    return _digest(*(f"{f.relative_to(folder).as_posix()}={digests.of(f)}" for f in files))


def notes_digest(params: ClientParams, period_label: str, report: str, digests: FileDigests) -> str:
    """Digest of the one note file a report reads for a period ("none" when there is none)."""
    file = note_file(params, period_label, report)
    return digests.of(file) if file.is_file() else "none"


@cache
def package_digest(package_dir: Path | None = None) -> str:
    """Digest of every file in the ``reporting`` package (code, catalogues, templates), bytecode excluded."""
    root = package_dir or Path(__file__).resolve().parents[1]  # the whole reporting package
    parts = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")) or name.startswith("."):
                continue
            path = Path(folder) / name
            parts.append(f"{path.relative_to(root).as_posix()}={hashlib.blake2b(path.read_bytes()).hexdigest()}")
    return _digest(*parts)


@cache
def environment_digest() -> str:
    """Digest of the Python version and installed distributions (their ``*.dist-info`` names carry versions)."""
    names = {sys.version}
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            try:
                names.update(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
            except OSError:
                continue
    return _digest(*sorted(names))


class Fingerprints:
    """Fingerprints for a run's jobs; inputs shared by several jobs (a client's data) are hashed once."""

    def __init__(self, clients: dict[str, ClientParams] | None = None, digests: FileDigests | None = None):
        self.clients = dict(clients or {})
        self.digests = digests or FileDigests()
        self._params: dict[str, str] = {}
        self._data: dict[str, str] = {}
        self._notebooks: dict[str, str] = {}

    def of(self, job: Job) -> Fingerprint:
        if job.client not in self.clients:
            self.clients[job.client] = load_client(job.client)
        p = self.clients[job.client]
        if job.client not in self._params:
            self._params[job.client] = params_digest(p, self.digests)
            self._data[job.client] = data_digest(p.data_path, self.digests)
        notes = notes_digest(p, job.period_label, job.report, self.digests)
        self.digests.save()
        if job.report not in self._notebooks:
            self._notebooks[job.report] = notebook_digest(paths.notebooks_dir() / f"{job.report}.ipynb")
        return Fingerprint(notebook=self._notebooks[job.report], params=self._params[job.client],
                           data=self._data[job.client], notes=notes, package=package_digest(),
                           environment=environment_digest(), period=job.period_spec)


def state_path(job: Job) -> Path:
    return job.out_dir / f".{job.report}.inputs.json"


def last_good(job: Job) -> Fingerprint | None:
    """The fingerprint recorded by the job's last good run, if any (unreadable counts as none)."""
    try:
        data = json.loads(state_path(job).read_text(encoding="utf-8"))
        if data.pop("schema", None) != SCHEMA:
            return None
        return Fingerprint(**data)
    except (FileNotFoundError, json.JSONDecodeError, TypeError):
        return None


def record(job: Job, fingerprint: Fingerprint) -> None:
    """Remember the inputs of a good run (written last, atomically)."""
    path = state_path(job)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"schema": SCHEMA, **asdict(fingerprint)}, fh, indent=1)
    os.replace(tmp, path)


def why_run(job: Job, fingerprint: Fingerprint) -> str:
    """Why the job must run (``"data changed"``, ``"new"``...), or ``""`` when it can be skipped."""
    before = last_good(job)
    html = job.html_path
    if before is None or not html.is_file() or not html.with_name(f"{job.report}.summary.json").is_file():
        return "new"
    if job.failed_path.exists() and job.failed_path.stat().st_mtime >= html.stat().st_mtime:
        return "last run failed"
    changed = fingerprint.changed(before)
    return ", ".join(changed) + " changed" if changed else ""
