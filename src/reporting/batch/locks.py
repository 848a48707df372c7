"""Exclusive locks between runs: one ``reporting run`` per client at a time, one ``reporting send`` at a time.

A lock is ``flock`` on a small file: the kernel releases it when its holder exits, however it exits
(``kill -9`` included), so a crashed run never leaves a lock to clean by hand. While held, the file
names its holder (pid, host, command, since when) for the waiting run's message and for
``reporting status``; the holder empties it on release. The descriptor is not inherited by child
processes (Python opens files close-on-exec), so a kernel outliving a killed run holds nothing.

``flock`` works between processes of one machine, and on NFS v4 mounts; give runs sharing a
``reports/`` folder over another network file system one coordinator.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reporting import paths

POLL = 0.2  # seconds between attempts while waiting


def locks_dir() -> Path:
    return paths.reports_dir() / "_locks"


def client_lock_path(client: str) -> Path:
    return locks_dir() / f"{client}.lock"


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as written in its file."""

    pid: int
    host: str
    command: str
    since: str  # ISO time, UTC

    def describe(self) -> str:
        return f"`{self.command}` (pid {self.pid} on {self.host}, since {self.since})"

    def alive(self) -> bool:
        """False when the holder is a process of this host that no longer exists (its lock is free)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


class Busy(Exception):
    """The lock stayed held by another process for the whole wait."""

    def __init__(self, path: Path, holder: Holder | None, waited: float):
        self.path, self.holder, self.waited = path, holder, waited
        who = holder.describe() if holder else "another process"
        super().__init__(f"{who} holds {path} (waited {waited:.0f} s)")


def holder(path: Path) -> Holder | None:
    """The holder named in a lock file, if any (a file emptied on release, or missing, names none)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
        return Holder(int(data["pid"]), str(data["host"]), str(data["command"]), str(data["since"]))
    except (OSError, ValueError, TypeError, KeyError):
        return None


class Lock:
    """One lock file; :meth:`acquire` tries once, :meth:`release` lets it go."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if it is free; True when this process holds it now."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # no O_TRUNC: the holder's name stays readable
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        me = {"pid": os.getpid(), "host": socket.gethostname(), "command": _command(),
              "since": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me).encode(), 0)
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None


def _command() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    sub = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    return f"reporting {sub}".strip() if name in ("reporting", "__main__.py", "-m") else name


@contextmanager
def exclusive(path: Path, wait: float = 0.0) -> Iterator[Lock]:
    """Hold the lock at ``path`` for the ``with`` block, waiting up to ``wait`` seconds for it.

    Raises :class:`Busy` (naming the holder) when it is still held after ``wait``.
    """
    lock = Lock(path)
    deadline = time.monotonic() + max(0.0, wait)
    while not lock.acquire():
        if time.monotonic() >= deadline:
            raise Busy(path, holder(path), wait)
        time.sleep(POLL)
    try:
        yield lock
    finally:
        lock.release()


class ClientLocks:
    """The per-client locks of one ``reporting run``: take the free ones at once, wait a bounded time for the rest.

    Examples
    --------
    >>> with ClientLocks(["demo-cafe", "demo-saas"], wait=60) as locks:   # doctest: +SKIP
    ...     locks.held, locks.busy      # clients to run; clients another run holds (with its holder)
    """

    def __init__(self, clients: Iterable[str], wait: float = 0.0,
                 on_wait: Callable[[str, Holder | None], None] | None = None):
        self.clients = sorted(clients)
        self.wait = max(0.0, wait)
        self.on_wait = on_wait  # called once per client found busy, before waiting
        self._locks = {c: Lock(client_lock_path(c)) for c in self.clients}
        self.busy: dict[str, Holder | None] = {}
        self.waited = 0.0

    @property
    def held(self) -> list[str]:
        return [c for c, lock in self._locks.items() if lock.held]

    def __enter__(self) -> ClientLocks:
        began = time.monotonic()
        waiting = [c for c in self.clients if not self._locks[c].acquire()]
        for c in waiting:
            if self.on_wait is not None:
                self.on_wait(c, holder(self._locks[c].path))
        while waiting and time.monotonic() - began < self.wait:
            time.sleep(POLL)
            waiting = [c for c in waiting if not self._locks[c].acquire()]
        self.waited = time.monotonic() - began
        self.busy = {c: holder(self._locks[c].path) for c in waiting}
        return self

    def __exit__(self, *exc: object) -> None:
        for lock in self._locks.values():
            lock.release()
