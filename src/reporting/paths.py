"""Where things live: the one place that knows the project's folders.

The root is found from ``REPORTING_ROOT`` or by walking up from the working
directory to the folder holding ``params/`` and ``pyproject.toml``, so a
notebook opened in JupyterLab, a test and the scheduled run agree.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def project_root() -> Path:
    env = os.environ.get("REPORTING_ROOT")
    if env:
        return Path(env).resolve()
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
