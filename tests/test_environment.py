"""The conda environment and pyproject.toml must name the same dependencies with the same minimums."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _name_and_spec(requirement: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement)
    assert m, requirement
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = project["dependencies"] + project["optional-dependencies"]["dev"]
    return dict(_name_and_spec(r) for r in reqs)


def _conda() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for item in items:
            if item.startswith("-e"):
                continue
            name, spec = _name_and_spec(item)
            if name not in ("python", "pip"):
                specs[name] = spec
    return specs


def test_same_dependencies_and_minimums() -> None:
    assert _conda() == _pyproject()


def test_conda_env_installs_the_project_editable_last() -> None:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip_section[-1] == "-e ."
    assert env["channels"] == ["conda-forge"]


@pytest.mark.xdist_group("environment")
def test_xdist_keeps_a_group_on_one_worker(request: pytest.FixtureRequest) -> None:
    """The slow session fixtures (every demo report, the real-client bed) are built once only if groups hold."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None or not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by `make test` (pytest -n 2 --dist loadgroup)")
    assert request.node.nodeid.endswith("@environment"), "pytest-xdist's loadgroup is ignored by this pytest"
