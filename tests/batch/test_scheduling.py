"""The scheduling recipes in docs/scheduling.md, run as far as this machine allows.

The cron line runs the way cron runs it: `/bin/sh`, an empty environment but for PATH, HOME, LOGNAME and
SHELL, no terminal, started from another directory, on a tiny project that uses this project's Makefile
and virtual environment. The systemd units are checked by `systemd-analyze verify` and their command is
run the way the service runs it; the CI workflow is parsed and its steps checked against the Makefile.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from support.batchproject import client_yaml, make_project
from reporting import periods
from reporting.batch import status

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scheduling.md"
PLACE = "/srv/reporting"
PEOPLE = [{"name": "Ana", "email": "ana@example.com", "reports": ["kpi_review"]}]

pytestmark = pytest.mark.xdist_group("batch-scheduling")


def blocks(info: str) -> list[str]:
    """The fenced code blocks of docs/scheduling.md with this info string, in order."""
    return re.findall(rf"^```{re.escape(info)}\n(.*?)^```$", DOC.read_text(encoding="utf-8"), re.S | re.M)


def cron_env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LOGNAME": getpass.getuser(), "SHELL": "/bin/sh"}


def make_targets() -> set[str]:
    out = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    return {line.split()[0] for line in out.splitlines() if line.strip()}


@pytest.fixture(scope="module")
def box(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A scheduling box: the tiny project with the real Makefile and this checkout's environment."""
    base = tmp_path_factory.mktemp("box")
    project = make_project(base / "srv" / "reporting", {"tiny-a": client_yaml("Tiny A", stakeholders=PEOPLE)},
                           minimal=True)
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    os.utime(project / "pyproject.toml", (946684800, 946684800))  # older than the installed stamp: no reinstall
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / ".env").write_text("DRY_RUN=1\n", encoding="utf-8")  # make send writes .eml files, no SMTP
    home = base / "home"
    home.mkdir()
    return {"project": project, "home": home}


@pytest.fixture(scope="module")
def cron_run(box: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    (line,) = [ln for ln in blocks("crontab")[0].splitlines() if ln and not ln.startswith("#")]
    command = line.split(None, 5)[5].replace(PLACE, str(box["project"]))
    return subprocess.run(["/bin/sh", "-c", command], env=cron_env(box["home"]), cwd=box["home"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=900, check=False)


def test_the_cron_schedule_is_five_valid_fields() -> None:
    (line,) = [ln for ln in blocks("crontab")[0].splitlines() if ln and not ln.startswith("#")]
    minute, hour, dom, month, dow = line.split()[:5]
    assert 0 <= int(minute) <= 59 and 0 <= int(hour) <= 23 and (dom, month, dow) == ("*", "*", "*")


def test_the_cron_line_produces_and_sends_like_cron_would(box: dict[str, Path], cron_run) -> None:
    assert cron_run.returncode == 0, cron_run.stdout + cron_run.stderr
    log = (box["project"] / "reports" / "_cron.log").read_text(encoding="utf-8")
    label = periods.resolve("last-full-month", "Europe/Athens").label  # what a run today produces
    for report in ("kpi_review", "competitor_listening", "audience_personas", "annual_strategy_review"):
        assert (box["project"] / "reports" / "tiny-a" / label / f"{report}.html").is_file()
    assert re.search(r"^\[1/4, 0 failed, \d+ s\]", log, re.M)  # one line per report: not a terminal
    assert "\r" not in log and "\x1b[" not in log
    assert "4 ok, 0 failed, 0 unchanged" in log
    assert "written  tiny-a -> ana@example.com: kpi_review" in log and "1 email(s) written" in log


def test_make_status_runs_from_the_makefile_and_follows_its_schema(box: dict[str, Path], cron_run) -> None:
    out = subprocess.run(["make", "--no-print-directory", "-C", str(box["project"]), "status", "JSON=1"],
                         env=cron_env(box["home"]), cwd=box["home"], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout[out.stdout.index("{"):])
    jsonschema.Draft202012Validator(status.schema()).validate(doc)
    (client,) = doc["clients"]
    assert client["client"] == "tiny-a" and all(r["due"]["state"] == "up_to_date" for r in client["reports"])


def _unit(text: str, project: Path) -> tuple[str, dict[str, list[str]]]:
    text = text.replace(PLACE, str(project))
    keys: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            k, v = line.split("=", 1)
            keys.setdefault(k.strip(), []).append(v.strip())
    return text, keys


def test_the_systemd_units_verify_and_the_service_command_runs(box: dict[str, Path], cron_run,
                                                               tmp_path: Path) -> None:
    service_text, timer_text = blocks("ini")
    service, keys = _unit(service_text, box["project"])
    timer, _ = _unit(timer_text, box["project"])
    if shutil.which("systemd-analyze"):
        units = tmp_path / "units"
        units.mkdir()
        (units / "reporting.service").write_text(service.replace("User=reporting", f"User={getpass.getuser()}"))
        (units / "reporting.timer").write_text(timer)
        verify = subprocess.run(["systemd-analyze", "verify", "--man=no", "reporting.service", "reporting.timer"],
                                cwd=units, capture_output=True, text=True, timeout=120, check=False)
        assert verify.returncode == 0 and "reporting." not in verify.stderr, verify.stderr
    # What the service does, as systemd would: its working directory, its environment file, a clean environment.
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME": str(box["home"]),
           "LANG": "C.UTF-8"}
    for line in Path(keys["EnvironmentFile"][0].lstrip("-")).read_text(encoding="utf-8").splitlines():
        k, v = line.split("=", 1)
        env[k] = v
    (command,) = keys["ExecStart"]
    result = subprocess.run(shlex.split(command), cwd=keys["WorkingDirectory"][0], env=env, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 report(s) for 1 client(s): 0 to run, 4 unchanged" in result.stderr  # after the cron run
    assert "1 email(s) written" in result.stdout


def test_the_ci_workflow_runs_make_targets_on_a_schedule_one_at_a_time() -> None:
    (text,) = blocks("yaml")
    flow = yaml.safe_load(text)
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert len(on["schedule"][0]["cron"].split()) == 5 and "workflow_dispatch" in on
    assert flow["concurrency"] == {"group": "reports", "cancel-in-progress": False}
    steps = flow["jobs"]["reports"]["steps"]
    runs = [s["run"] for s in steps if "run" in s]
    assert runs == ["make reports", "make send", "make status"]
    assert {r.split()[1] for r in runs} <= make_targets()
    send = next(s for s in steps if s.get("run") == "make send")
    assert set(send["env"]) == {"SMTP_HOST", "SMTP_USER", "SMTP_PASSWORD", "SMTP_FROM"}
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache"))
    assert "reports" in cache["with"]["path"].split()  # carries reports/_sent/: no second email


def test_make_help_documents_status_and_lab() -> None:
    assert {"status", "lab", "reports", "send"} <= make_targets()


def test_make_lab_adds_allow_root_only_for_root(tmp_path: Path) -> None:
    built = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip().splitlines()[-1]
    assert built.endswith("notebooks/") and built.startswith(".venv/bin/jupyter lab")
    assert ("--allow-root" in built) == (os.getuid() == 0)
    shim = tmp_path / "bin"
    shim.mkdir()
    for uid, expected in (("0", True), ("1000", False)):
        (shim / "id").write_text(f"#!/bin/sh\necho {uid}\n")
        (shim / "id").chmod(0o755)
        env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}"}
        line = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, env=env, capture_output=True,
                              text=True, check=True).stdout.strip().splitlines()[-1]
        assert ("--allow-root" in line) is expected, line


@pytest.mark.skipif(os.getuid() != 0, reason="JupyterLab's refusal to start concerns root only")
def test_make_lab_starts_as_root(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "JUPYTER_PORT": str(port), "JUPYTER_RUNTIME_DIR": str(tmp_path), "BROWSER": "true"}
    lab = subprocess.Popen(["make", "--no-print-directory", "-o", ".venv/.installed", "lab"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    try:
        deadline = time.monotonic() + 180
        assert lab.stderr is not None
        while (left := deadline - time.monotonic()) > 0:
            if not select.select([lab.stderr], [], [], left)[0]:
                break  # silent until the deadline
            line = lab.stderr.readline()
            if not line:
                break
            seen.append(line)
            if "is running at" in line:
                break
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        try:
            lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)
    assert any("is running at" in line for line in seen), "".join(seen[-20:])
    assert not any("Running as root is not recommended. Use --allow-root" in line for line in seen)
