"""Where jobs run: threads on this machine, or a Dask distributed cluster. Both warm each client's data first.

Every executor does the same two things for a batch:

1. *warm* each client once: import its exports into the Parquet cache (:func:`runner.warm_client`),
   so its four reports read the cache instead of each parsing the exports;
2. run that client's report jobs (:func:`runner.execute_job`) as soon as its warm-up is done,
   yielding each job's output as it completes. Outputs come back to the caller, which stores them
   under ``reports/``: workers need read access to ``params/``, ``data/`` and ``notebooks/`` only
   (and write access to the import cache, ``data/.cache/``).

:class:`LocalExecutor` drives ``workers`` kernels at once from threads of this process: the kernels
are separate processes (so the analysis uses every core and a crash kills only its report); the
threads only wait on them and render HTML. One zygote preloads the common libraries for all of them.

Neither executor locks anything: ``reporting run`` (the coordinator, which stores every output) holds
each client's lock (:mod:`reporting.batch.locks`) from planning to storing, whichever executor runs
the jobs, so two runs sending the same client to a Dask cluster cannot both do its work.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import socket
import threading
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from reporting.batch import incremental, runner
from reporting.batch.kernels import PRELOAD, KernelFactory, shared_imports
from reporting.batch.jobs import Job, JobOutput

Log = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def _by_client(jobs: list[Job]) -> dict[str, list[Job]]:
    grouped: dict[str, list[Job]] = defaultdict(list)
    for job in jobs:
        grouped[job.client].append(job)
    return dict(grouped)


def _warm_note(client: str, seconds: float | None, error: str) -> str:
    if error:
        return f"data import for {client} failed before its reports ran: {error}"
    return f"imported {client}'s data in {seconds:.1f} s (shared by its reports)"


class LocalExecutor:
    """Run jobs on this machine, ``workers`` kernels at a time (default: one per core).

    Parameters
    ----------
    workers
        Kernels executing at once.
    warm_kernels
        Fork kernels from a zygote with the common libraries preloaded (``False``: plain cold kernels).
    log
        Receives one line per client warm-up (time taken, or the import error).
    """

    def __init__(self, workers: int | None = None, warm_kernels: bool = True, log: Log = _quiet):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.warm_kernels = warm_kernels
        self.log = log

    def execute(self, jobs: list[Job], run_date: dt.date | None) -> Iterator[tuple[Job, JobOutput]]:
        kernels = KernelFactory(warm=self.warm_kernels, kernel_name=runner.kernel_name(),
                                modules=PRELOAD + shared_imports([job.notebook for job in jobs]))
        kernels.prestart()
        # papermill and nbconvert take seconds to import: do it while the zygote preloads, not in the first job.
        threading.Thread(target=runner.import_engines, daemon=True, name="import-engines").start()
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="report")
        try:
            yield from self._drive(pool, kernels, jobs, run_date)
        finally:
            # On an interrupt, closing the kernels first makes the running threads fail fast.
            kernels.close()
            pool.shutdown(wait=True, cancel_futures=True)

    def _drive(self, pool: ThreadPoolExecutor, kernels: KernelFactory, jobs: list[Job],
               run_date: dt.date | None) -> Iterator[tuple[Job, JobOutput]]:
        waiting = _by_client(jobs)
        warming: dict[Future[float], str] = {pool.submit(runner.warm_client, c, kernels, run_date): c for c in waiting}
        running: dict[Future[JobOutput], Job] = {}
        pending: set[Future] = set(warming)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                if fut in warming:
                    client = warming.pop(fut)
                    exc = fut.exception()
                    self.log(_warm_note(client, None if exc else fut.result(), str(exc) if exc else ""))
                    for job in waiting.pop(client):
                        nxt = pool.submit(runner.execute_job, job, kernels, run_date)
                        running[nxt] = job
                        pending.add(nxt)
                else:
                    yield running.pop(fut), fut.result()


# --------------------------------------------------------------------------- Dask

_worker_kernels: KernelFactory | None = None
_worker_lock = threading.Lock()


def _kernels_here(modules: tuple[str, ...]) -> KernelFactory:
    """This worker process's kernel factory: one zygote per worker process, kept between batches, closed at exit."""
    global _worker_kernels
    with _worker_lock:
        if _worker_kernels is None or _worker_kernels.modules != modules:
            if _worker_kernels is not None:
                _worker_kernels.close()
            _worker_kernels = KernelFactory(warm=True, kernel_name=runner.kernel_name(), modules=modules)
            atexit.register(_worker_kernels.close)
        return _worker_kernels


def _same_code(package: str) -> str:
    """An error when this worker runs other code than the coordinator (deployed but not restarted)."""
    if incremental.package_digest() != package:
        return (f"the Dask worker on {socket.gethostname()} runs another version of src/reporting than the "
                "coordinator: deploy the same code everywhere and restart the workers")
    return ""


def dask_warm(client: str, run_date: dt.date | None, modules: tuple[str, ...],
              package: str) -> tuple[float | None, str]:
    """Dask task: warm one client's import cache on a worker. Never raises, so its reports still run."""
    if error := _same_code(package):
        return None, error
    try:
        return runner.warm_client(client, _kernels_here(modules), run_date), ""
    except Exception as exc:  # noqa: BLE001
        return None, str(exc)


def dask_job(job: Job, run_date: dt.date | None, modules: tuple[str, ...], package: str,
             warmed: tuple[float | None, str]) -> JobOutput:
    """Dask task: execute one report on a worker (``warmed`` is only there to order it after its warm-up)."""
    if error := _same_code(package):
        return JobOutput("failed", error=error)
    return runner.execute_job(job, _kernels_here(modules), run_date)


class DaskExecutor:
    """Send the jobs to a Dask distributed scheduler (``tcp://host:8786``) and collect the outputs here.

    Each worker must run in the project environment with ``REPORTING_ROOT`` pointing at a project
    checkout holding the same ``params/``, ``notebooks/`` and ``data/`` (see docs/scaling.md).
    """

    def __init__(self, address: str, log: Log = _quiet, timeout: float = 30):
        self.address = address
        self.log = log
        self.timeout = timeout

    def _warmed(self, client: str, fut: Future) -> None:
        try:
            self.log(_warm_note(client, *fut.result()))
        except Exception as exc:  # noqa: BLE001 - the worker was lost; the reports will say so
            self.log(_warm_note(client, None, f"{type(exc).__name__}: {exc}"))

    def execute(self, jobs: list[Job], run_date: dt.date | None) -> Iterator[tuple[Job, JobOutput]]:
        from distributed import Client, as_completed

        run = uuid.uuid4().hex[:8]
        with Client(self.address, timeout=self.timeout) as client:
            workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
            self.log(f"dask: {len(jobs)} job(s) on {workers} worker(s) at {self.address}")
            modules = PRELOAD + shared_imports([job.notebook for job in jobs])
            package = incremental.package_digest()
            warm = {c: client.submit(dask_warm, c, run_date, modules, package, key=f"warm-{c}-{run}", pure=False)
                    for c in _by_client(jobs)}
            futures = {client.submit(dask_job, job, run_date, modules, package, warm[job.client],
                                     key=f"report-{job.key.replace('/', '-')}-{run}", pure=False): job
                       for job in jobs}
            for client_id, fut in warm.items():
                fut.add_done_callback(lambda f, c=client_id: self._warmed(c, f))
            for fut in as_completed(list(futures)):
                job = futures[fut]
                try:
                    output = fut.result()
                except Exception as exc:  # noqa: BLE001 - a lost worker fails its jobs, not the run
                    output = JobOutput("failed", error=runner.one_line(f"{type(exc).__name__}: {exc}"))
                yield job, output
