"""The package's shape, checked: import contracts, one module shape per report, module sizes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import reporting
from reporting.registry import REGISTRY

PACKAGE = Path(reporting.__file__).resolve().parent
ROOT = PACKAGE.parents[1]
SHAPE = {"__init__.py", "compute.py", "wording.py", "views.py", "charts.py", "summary.py"}
MAX_LINES = 600
REASON = "Long on purpose:"  # a longer module says why at its top


def test_import_contracts_hold() -> None:
    """No cycles (type-only imports included), independent reports, shared engines below the reports."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-4000:]
    assert "0 broken" in result.stdout


def test_every_report_package_has_the_same_modules() -> None:
    for kind in REGISTRY.values():
        folder = PACKAGE / "reports" / kind.id
        modules = {p.name for p in folder.glob("*.py")}
        assert SHAPE <= modules, f"{kind.id} lacks {sorted(SHAPE - modules)}"
        package = kind.load()
        assert callable(package.build) and callable(package.analyse) and callable(package.payload)
        assert (ROOT / "notebooks" / kind.notebook).is_file()


def test_no_module_is_long_without_saying_why() -> None:
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and REASON not in text[:3000]:
            long.append(f"{path.relative_to(PACKAGE)} ({text.count(chr(10))} lines)")
    assert not long, f"modules over {MAX_LINES} lines without a '{REASON}' note at the top: {long}"
