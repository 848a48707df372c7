"""Warm kernels: each report gets a fresh IPython kernel forked from a process that has already imported its libraries.

A cold kernel spends seconds importing ipykernel, pandas, matplotlib, seaborn and
``reporting`` (and the report's own module, scikit-learn...) before the first
cell does any work, for every report. Here a *zygote* process (one per local run,
one per Dask worker process) imports them once; each report's kernel is forked
from it (copy-on-write), so it is ready in a fraction of a second with those
modules in ``sys.modules``, yet with an empty user namespace and its own process:
nothing one report defines or changes can leak into the next.

What is preloaded: the kernel machinery and what every report imports
(:data:`PRELOAD`), plus the modules imported by at least two notebook runs of the
batch (:func:`shared_imports`). Forking is only safe in a single-threaded
process, so the zygote checks its thread count after each import; a module that
started a thread is dropped and the zygote restarted without it (that module is
then imported by the notebooks themselves).

Kernels talk over the IPC transport (Unix sockets, a unique path per kernel in a
private directory), never TCP: parallel kernel starts cannot race for a port.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# What every kernel imports while it initialises (IPython's shell, the debugger, tornado) and what every
# report imports (reporting.report pulls in pandas, matplotlib, seaborn, babel, pydantic). None of them starts
# a thread at import (the zygote checks it is still single-threaded before each fork), so forking is safe.
PRELOAD: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "IPython.core.debugger",
    "IPython.core.completerlib",
    "IPython.extensions.storemagic",
    "tornado.queues",
    "tornado.platform.asyncio",
    "sqlite3",
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "reporting.report",
    "reporting.display",
    "reporting.ingest",
)
# One worker per core: native thread pools inside a kernel would only oversubscribe the cores.
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
# pyarrow's allocator starts a background thread at import; without it the zygote stays single-threaded.
ZYGOTE_ENV = {**SINGLE_THREAD_ENV, "JE_ARROW_MALLOC_CONF": "background_thread:false",
              "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
KERNEL_ARGS = ("--HistoryManager.hist_file=:memory:",)  # no shared history database between parallel kernels


def notebook_imports(path: Path) -> list[str]:
    """Modules a notebook's code cells import: ``import a.b`` gives ``a.b``; ``from a import b`` gives ``a.b``
    and ``a`` (``a.b`` may be a module or a name; preloading tries it and moves on)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found: list[str] = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        try:
            tree = ast.parse("".join(cell.get("source", "")))
        except SyntaxError:  # IPython magics: not Python, nothing to preload
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found += [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
    return list(dict.fromkeys(found))


def shared_imports(notebooks: list[Path]) -> tuple[str, ...]:
    """Modules imported by at least two of these notebook runs: worth importing once in the zygote.

    A module only one report of the batch needs is left to that report's kernel: preloading it would
    cost the same import once more for nothing.
    """
    counts = Counter(m for nb in notebooks for m in notebook_imports(nb))
    return tuple(m for m, n in counts.items() if n >= 2)


class KernelStartError(RuntimeError):
    """A kernel could not be started (the zygote died or refused)."""


# --------------------------------------------------------------------------- zygote (its own process)


def _preload(modules: tuple[str, ...]) -> tuple[list[str], str | None]:
    """Import what can be imported, stopping at the first module that starts a thread.

    Returns the modules loaded and the one that made forking unsafe (``None`` when all is well).
    A module that fails to import is simply left to the notebook that needs it.
    """
    loaded = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a missing optional module only costs speed
            continue
        if _threads() != 1:
            return loaded, name
        loaded.append(name)
    if "reporting.theme" in sys.modules:
        from reporting import theme

        with theme.theme():  # registers the bundled fonts and their glyph map; rcParams restored after
            theme.label("가α")
    return loaded, None


def _threads() -> int:
    """Threads of this process (native ones included): forking is only safe with exactly one."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _become_kernel(request: dict[str, Any], devnull: int) -> None:
    """In the forked child: detach from the zygote's pipes and run an IPython kernel until shutdown."""
    code = 0
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's own subprocesses must be waitable
        os.setpgid(0, 0)  # own process group: interrupting or killing the kernel never reaches the zygote
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = ["ipykernel_launcher", *request["argv"]]
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(request["argv"])
        app.start()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001 - report and leave: this is a child process
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def serve(modules: tuple[str, ...] = PRELOAD) -> None:
    """Zygote main loop: preload, then fork one kernel per JSON request line read on stdin.

    Replies one JSON line per request on stdout. Exits (killing its kernels) when stdin closes,
    i.e. when the worker that owns it goes away.
    """
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the OS: no zombies
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle: it closes our stdin
    out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(2, 1)  # stray prints during imports must not corrupt the reply channel
    started = time.perf_counter()
    loaded, unsafe = _preload(modules)
    if unsafe:
        _reply(out, {"unsafe": unsafe})
        return
    _reply(out, {"preloaded": loaded, "seconds": round(time.perf_counter() - started, 3)})
    children: list[int] = []
    for line in sys.stdin:
        request = json.loads(line)
        if _threads() != 1:
            _reply(out, {"error": f"zygote has {_threads()} threads: forking is not safe"})
            continue
        pid = os.fork()
        if pid == 0:
            os.close(out)
            _become_kernel(request, devnull)
        children.append(pid)
        _reply(out, {"pid": pid})
    for pid in children:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


def _reply(fd: int, message: dict[str, Any]) -> None:
    os.write(fd, (json.dumps(message) + "\n").encode())


# --------------------------------------------------------------------------- worker side


class _ForkedProcess:
    """The subset of ``subprocess.Popen`` jupyter_client uses, for a kernel the zygote forked.

    The zygote (not us) is the parent and reaps it, so liveness is checked by signalling pid 0.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _provisioner_class() -> type:
    from jupyter_client.provisioning import LocalProvisioner

    class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
        """Launches the kernel by asking the zygote to fork instead of spawning ``python -m ipykernel``."""

        zygote: Zygote

        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            km = self.parent
            argv = ["-f", km.connection_file, *KERNEL_ARGS, *kwargs.get("extra_arguments", [])]
            cwd = str(kwargs.get("cwd") or os.getcwd())
            pid = self.zygote.fork(argv=argv, cwd=cwd, env=dict(kwargs["env"]))
            self.process = _ForkedProcess(pid)
            self.pid = self.pgid = pid
            self.cwd = cwd
            return self.connection_info

    return ForkProvisioner


class Zygote:
    """The worker's handle on its zygote process (started lazily, restarted if it dies).

    A preloaded module found to start a thread (which would make forking unsafe) is dropped from the
    list and the zygote restarted without it: that module is then imported by the notebooks themselves.
    """

    def __init__(self, modules: tuple[str, ...] = PRELOAD, env: dict[str, str] | None = None):
        self.modules = tuple(dict.fromkeys(modules))
        self.env = {**os.environ, **ZYGOTE_ENV, **(env or {})}
        self._proc: subprocess.Popen[bytes] | None = None
        self._ready = False
        self._lock = threading.Lock()
        self.preloaded: list[str] = []
        self.unsafe: list[str] = []
        self.startup_seconds = 0.0

    def start(self) -> None:
        """Start the zygote without waiting for its imports (they overlap with the caller's own)."""
        with self._lock:
            self._start_locked()

    def _start_locked(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        code = f"from reporting.batch.kernels import serve; serve({self.modules!r})"
        self._proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=self.env, cwd=tempfile.gettempdir())
        self._ready = False

    def _read(self) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise KernelStartError(f"kernel zygote exited (code {self._proc.wait()})")
        return json.loads(line)

    def _ensure_ready_locked(self) -> None:
        self._start_locked()
        while not self._ready:
            hello = self._read()
            if "unsafe" in hello:
                assert self._proc is not None
                self._proc.wait()
                self.unsafe.append(hello["unsafe"])
                self.modules = tuple(m for m in self.modules if m != hello["unsafe"])
                self._start_locked()
                continue
            self.preloaded, self.startup_seconds, self._ready = hello["preloaded"], hello["seconds"], True

    def fork(self, argv: list[str], cwd: str, env: dict[str, str]) -> int:
        """Fork a kernel; returns its pid once it exists (it then binds its sockets by itself)."""
        with self._lock:
            self._ensure_ready_locked()
            assert self._proc is not None and self._proc.stdin is not None
            try:
                self._proc.stdin.write((json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n").encode())
                self._proc.stdin.flush()
            except BrokenPipeError:
                raise KernelStartError("kernel zygote is gone") from None
            reply = self._read()
            if "error" in reply:
                raise KernelStartError(reply["error"])
            return int(reply["pid"])

    def close(self) -> None:
        with self._lock:
            if self._proc is None:
                return
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.close()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc.stdout.close()
            self._proc = None


async def _wait_ready(km: Any, kc: Any, timeout: float) -> None:
    """Wait until the kernel answers on the shell channel *and* its IOPub messages reach us.

    Both matter: IOPub is a subscription, and output published before it connects is lost. The
    idle status that follows a ``kernel_info`` request proves it is connected, without the fixed
    0.2 s drain of ``KernelClient.wait_for_ready``.
    """
    import asyncio

    deadline = time.monotonic() + timeout
    while True:
        msg_id = kc.kernel_info()
        try:
            await asyncio.wait_for(_idle_after(kc, msg_id), timeout=min(1.0, max(0.05, deadline - time.monotonic())))
            return
        except asyncio.TimeoutError:
            if not await km.is_alive():
                raise RuntimeError("the kernel died while starting") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"no answer from the kernel within {timeout:.0f} s") from None


async def _idle_after(kc: Any, msg_id: str) -> None:
    while True:
        msg = await kc.iopub_channel.get_msg()
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            break
    while True:  # the reply was sent before the idle status: it is waiting on the shell channel
        reply = await kc.shell_channel.get_msg(timeout=5)
        if reply["parent_header"].get("msg_id") == msg_id:
            return


ENGINE_NAME = "reporting-started-kernel"  # papermill finds it through the entry point in pyproject.toml


@dataclass
class Kernel:
    """A started kernel and its client, ready for ``nbclient``/``papermill`` (``km=``, ``kc=``)."""

    km: Any
    kc: Any
    seconds: float  # time from request to kernel ready


class KernelFactory:
    """Starts one fresh kernel per report, warm (forked from a zygote) or cold, always over IPC.

    Parameters
    ----------
    warm
        Fork kernels from a preloaded zygote. ``False`` launches ``python -m ipykernel`` the
        usual way (still over IPC), for comparison and as a fallback.
    kernel_name
        The kernelspec whose metadata (language, interrupt mode) the kernel manager uses.
    """

    def __init__(self, warm: bool = True, kernel_name: str = "python3", modules: tuple[str, ...] = PRELOAD):
        self.warm = warm
        self.kernel_name = kernel_name
        self.modules = modules
        self.zygote = Zygote(modules) if warm else None
        # Short path: a Unix socket path must stay under ~100 bytes.
        self._sockets = tempfile.mkdtemp(prefix="rk-", dir="/tmp" if os.path.isdir("/tmp") else None)
        self._count = itertools.count()
        self._ahead = threading.local()  # per thread: the kernel launched for its next request

    def prestart(self) -> None:
        """Begin preloading now, so it overlaps with whatever the caller imports next."""
        if self.zygote:
            self.zygote.start()

    def start(self, cwd: str, env: dict[str, str] | None = None, timeout: float = 60) -> Kernel:
        """A fresh kernel, ready to execute.

        With warm kernels, each call also launches the calling thread's *next* kernel, which then
        initialises while the caller's report runs: a thread's second and later kernels are ready
        at once. (A launched kernel is used by the thread that launched it: its sockets belong to
        that thread's event loop.)
        """
        began = time.perf_counter()
        kernel_env = {**os.environ, **SINGLE_THREAD_ENV, **(env or {})}
        ahead = getattr(self._ahead, "launched", None)
        self._ahead.launched = None
        if ahead is not None and ahead[1:] == (cwd, kernel_env):
            km = ahead[0]
        else:
            if ahead is not None:
                self._stop(ahead[0], None)
            km = self._launch(cwd, kernel_env)
        kernel = self._connect(km, began, timeout)
        if self.zygote:
            try:
                self._ahead.launched = (self._launch(cwd, kernel_env), cwd, kernel_env)
            except KernelStartError:
                pass  # the next start() launches it itself, and reports the problem then
        return kernel

    def _launch(self, cwd: str, kernel_env: dict[str, str]) -> Any:
        """Start a kernel process (forked or spawned) without waiting for it to answer."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        ip = os.path.join(self._sockets, f"{os.getpid()}-{next(self._count)}-{uuid.uuid4().hex[:6]}")
        km = AsyncKernelManager(kernel_name=self.kernel_name, transport="ipc", ip=ip)
        try:
            if self.zygote:
                km.provisioner = _provisioner_class()(kernel_id=str(uuid.uuid4()), kernel_spec=km.kernel_spec,
                                                      parent=km)
                km.provisioner.zygote = self.zygote
            run_sync(km.start_kernel)(cwd=cwd, env=kernel_env, extra_arguments=[] if self.zygote else list(KERNEL_ARGS))
        except Exception as exc:
            self._stop(km, None)
            raise KernelStartError(f"kernel did not start: {type(exc).__name__}: {exc}") from exc
        return km

    def _connect(self, km: Any, began: float, timeout: float) -> Kernel:
        """Open a client on a launched kernel and wait until it answers on every channel."""
        from jupyter_core.utils import run_sync

        kc = None
        try:
            kc = km.client()
            kc.start_channels()
            run_sync(_wait_ready)(km, kc, timeout)
        except Exception as exc:
            self._stop(km, kc)
            raise KernelStartError(f"kernel did not start: {type(exc).__name__}: {exc}") from exc
        kc.allow_stdin = False
        return Kernel(km, kc, time.perf_counter() - began)

    def stop(self, kernel: Kernel) -> None:
        """Kill the kernel now (its work is done) and release its sockets and connection file."""
        self._stop(kernel.km, kernel.kc)

    @staticmethod
    def _stop(km: Any, kc: Any) -> None:
        from jupyter_core.utils import run_sync

        if kc is not None:
            kc.stop_channels()
        try:
            process = getattr(km.provisioner, "process", None) if km.provisioner else None
            if isinstance(process, _ForkedProcess):
                # The zygote reaps it: no need to wait here for the process to be gone.
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            elif km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        finally:
            run_sync(km.cleanup_resources)()

    def close(self) -> None:
        if self.zygote:
            self.zygote.close()
        shutil.rmtree(self._sockets, ignore_errors=True)

    def __enter__(self) -> KernelFactory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
