"""Where things live: the one place that knows the project's folders.

The root is found from ``REPORTING_ROOT`` or by walking up from the working
directory to the folder holding ``params/`` and ``pyproject.toml``, so a
notebook opened in JupyterLab, a test and the scheduled run agree.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


def project_root() -> Path:
    """``REPORTING_ROOT`` when set (read on every call, so a test or a run that sets it is never shadowed by a
    root found earlier), else the folder found by walking up from the working directory."""
    env = os.environ.get("REPORTING_ROOT")
    return _resolved(env) if env else _discovered_root()


@cache
def _resolved(root: str) -> Path:
    return Path(root).resolve()


@cache
def _discovered_root() -> Path:
    for start in (Path.cwd(), Path(__file__).resolve()):
        for folder in (start, *start.parents):
            if (folder / "params").is_dir() and (folder / "pyproject.toml").is_file():
                return folder
    return Path.cwd().resolve()


def params_dir() -> Path:
    return project_root() / "params"


def data_dir() -> Path:
    return project_root() / "data"


def reports_dir() -> Path:
    return Path(os.environ.get("REPORTING_REPORTS_DIR", project_root() / "reports"))


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def cache_dir(client_id: str) -> Path:
    """Parquet import cache for one client (ignored by git)."""
    return data_dir() / ".cache" / client_id


NOT_EXPORTS = frozenset({"planted.json"})  # the demo generator's answer key: tests read it, reports never do
LABELS_DIR = "labels"
"""Sub-folder of a client's data folder holding the analyst's sentiment labels (``docs/sentiment-labels.md``)."""


def client_files(folder: Path) -> list[Path]:
    """Every file under a client's data folder, sorted, except hidden ones (and hidden folders: the import cache)."""
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files) if not f.startswith("."))
    return found


def skip_reason(path: Path) -> str | None:
    """Why a file in a client's data folder is not an export to import, or ``None`` when it is one."""
    if path.name.startswith("."):
        return "a hidden file"
    if path.suffix.lower() == ".md":
        return "a note (*.md)"
    if path.name in NOT_EXPORTS:
        return "the demo generator's answer key"
    if path.parent.name == LABELS_DIR:
        return f"the analyst's sentiment labels ({LABELS_DIR}/), read by the listening report to measure sentiment"
    return None


def is_export(path: Path) -> bool:
    """Whether a file is an export to import: not hidden, not a note, not the demo's answer key, not labels."""
    return skip_reason(path) is None


def export_files(folder: Path) -> list[Path]:
    """The exports an analyst dropped into a client's data folder (any depth)."""
    return [p for p in client_files(folder) if is_export(p)]


def labels_dir(folder: Path) -> Path:
    """Where a client's analyst-labelled sentiment samples live: ``data/<client>/labels/``."""
    return folder / LABELS_DIR


def sentiment_cache_dir(client_id: str) -> Path:
    """Models fitted on one client's labels: inside the client's import cache, never in the package."""
    return cache_dir(client_id) / "sentiment"
