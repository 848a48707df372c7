"""One run per client at a time: flock locks, waiting, skipping with exit status 75, recovery after kill -9.

The process tests start real `reporting run` commands on a tiny project (three-cell notebooks).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support.batchproject import client_yaml, make_project, run_cli, start_cli
from reporting.batch import delivery, locks
from reporting.cli import EXIT_LOCKED

pytestmark = pytest.mark.xdist_group("batch-locks")


# --------------------------------------------------------------------------- the lock itself


def test_a_held_lock_names_its_holder_and_is_free_again_on_release(tmp_path: Path) -> None:
    path = tmp_path / "a.lock"
    first, second = locks.Lock(path), locks.Lock(path)
    assert first.acquire()
    assert not second.acquire()  # flock: another open file, even in this process, is refused
    holder = locks.holder(path)
    assert holder is not None and holder.pid == os.getpid() and holder.alive()
    first.release()
    assert locks.holder(path) is None  # emptied on release
    assert second.acquire()
    second.release()


def test_waiting_is_bounded_and_the_error_names_the_holder(tmp_path: Path) -> None:
    path = tmp_path / "a.lock"
    with locks.exclusive(path):
        began = time.monotonic()
        with pytest.raises(locks.Busy, match=rf"pid {os.getpid()} .*waited 0 s"), locks.exclusive(path, wait=0.5):
            pass
        assert 0.5 <= time.monotonic() - began < 3


def test_client_locks_take_the_free_ones_and_report_the_busy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTING_REPORTS_DIR", str(tmp_path))
    seen = []
    with locks.exclusive(locks.client_lock_path("b")):
        with locks.ClientLocks(["c", "b", "a"], wait=0.3, on_wait=lambda c, h: seen.append((c, h.pid))) as held:
            assert held.held == ["a", "c"] and list(held.busy) == ["b"] and held.waited >= 0.3
            assert held.busy["b"].pid == os.getpid() and seen == [("b", os.getpid())]
        assert locks.Lock(locks.client_lock_path("a")).acquire()  # released on exit


def test_a_lock_held_by_a_killed_process_is_free(tmp_path: Path) -> None:
    path = tmp_path / "a.lock"
    code = ("import sys, time\nfrom pathlib import Path\nfrom reporting.batch.locks import Lock\n"
            f"assert Lock(Path({str(path)!r})).acquire()\nprint('held', flush=True)\ntime.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        assert not locks.Lock(path).acquire()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        proc.kill()
    holder = locks.holder(path)
    assert holder is not None and holder.pid == proc.pid and not holder.alive()  # its name stays, it is dead
    lock = locks.Lock(path)
    assert lock.acquire()  # the kernel released the lock with the process
    lock.release()


def test_a_second_send_is_refused_while_one_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTING_REPORTS_DIR", str(tmp_path))
    with delivery._exclusive(tmp_path / "_sent"):
        with pytest.raises(delivery.SmtpConfigError, match=r"another `reporting send` is running \(.*pid"):
            delivery.send_all({}, dry_run=True)


# --------------------------------------------------------------------------- two real runs


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "p", {"tiny-a": client_yaml("Tiny A")}, minimal=True)


def _wait_for_holder(root: Path, pid: int, timeout: float = 60) -> None:
    path = root / "reports" / "_locks" / "tiny-a.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        holder = locks.holder(path)
        if holder is not None and holder.pid == pid:
            return
        time.sleep(0.05)
    raise AssertionError(f"run {pid} never took the lock of tiny-a")


def _executed(root: Path) -> dict[str, int]:
    """How many times each report ran (status ok) across every run log."""
    counts: dict[str, int] = {}
    for log in (root / "reports" / "_runs").glob("*.json"):
        for e in json.loads(log.read_text(encoding="utf-8")):
            if e["status"] == "ok":
                counts[e["report"]] = counts.get(e["report"], 0) + 1
    return counts


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = proc.communicate(timeout=300)
    finally:
        _kill_group(proc)
    return proc.returncode, out, err


def _kill_group(proc: subprocess.Popen[str]) -> None:
    """The run and whatever it started (zygote, kernels): its own session, by its id."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def test_a_second_run_skips_the_client_with_exit_75_and_each_report_runs_once(project: Path) -> None:
    first = start_cli(project, "run", "--lock-wait", "0")
    _wait_for_holder(project, first.pid)
    second = run_cli(project, "run", "--lock-wait", "0")
    code, out, err = _finish(first)
    assert code == 0, err
    assert second.returncode == EXIT_LOCKED
    skipped = [line for line in second.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and skipped[0].startswith("tiny-a: skipped, another run holds tiny-a: `reporting run`")
    assert f"(pid {first.pid} on " in skipped[0] and "waited 0 s (--lock-wait)" in skipped[0]
    assert "0 report(s) for 0 client(s)" in second.stderr
    assert any(line.startswith("tiny-a") and " locked " in line for line in second.stdout.splitlines())
    assert "1 client(s) locked" in second.stdout
    assert _executed(project) == {"kpi_review": 1, "competitor_listening": 1, "audience_personas": 1,
                                  "annual_strategy_review": 1}


def test_a_waiting_run_goes_on_after_the_first_and_finds_nothing_left_to_do(project: Path) -> None:
    first = start_cli(project, "run", "--lock-wait", "0")
    _wait_for_holder(project, first.pid)
    second = start_cli(project, "run", "--lock-wait", "300")
    code, _, err = _finish(first)
    assert code == 0, err
    code2, out2, err2 = _finish(second)
    assert code2 == 0, err2
    assert "tiny-a: waiting up to 300 s for `reporting run`" in err2
    assert "4 report(s) for 1 client(s): 0 to run, 4 unchanged" in err2  # re-checked after the wait
    assert _executed(project) == {"kpi_review": 1, "competitor_listening": 1, "audience_personas": 1,
                                  "annual_strategy_review": 1}


def test_after_kill_9_of_a_run_holding_the_lock_the_next_run_proceeds(project: Path) -> None:
    killed = start_cli(project, "run", "--lock-wait", "0")
    try:
        _wait_for_holder(project, killed.pid)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=30)
    finally:
        _kill_group(killed)
    status = json.loads(run_cli(project, "status", "--json").stdout)
    assert status["clients"][0]["running"] is None  # the dead holder's name is in the file; it is not running
    after = run_cli(project, "run", "--lock-wait", "0")
    assert after.returncode == 0, after.stderr
    assert "skipped" not in after.stderr and "locked" not in after.stdout
    assert "4 ok, 0 failed" in after.stdout
