"""The papermill engine that executes a notebook on a kernel already started (see :mod:`kernels`).

papermill discovers it through the ``papermill.engine`` entry point declared in
``pyproject.toml`` (name :data:`reporting.batch.kernels.ENGINE_NAME`), so it is
registered whenever papermill loads its engines; nothing reaches into papermill's
private registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, logger
from papermill.utils import remove_args

if TYPE_CHECKING:
    from reporting.batch.kernels import Kernel


class StartedKernelEngine(NBClientEngine):  # type: ignore[misc]
    """Execute on the kernel given as ``kernel=`` and leave it to its owner.

    papermill's own engine always starts a kernel client of its own (with a fixed 0.2 s wait) and,
    given a kernel manager, never closes that client; here the client is ours, ready, and closed by us.
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, log_output: bool = False,
                                 stdout_file: Any = None, stderr_file: Any = None, start_timeout: int = 60,
                                 execution_timeout: int | None = None, kernel: Kernel | None = None,
                                 **kwargs: Any) -> Any:
        if kernel is None:
            raise ValueError("StartedKernelEngine needs kernel=Kernel(...)")
        client = PapermillNotebookClient(
            nb_man, km=kernel.km, timeout=execution_timeout, startup_timeout=start_timeout,
            kernel_name=kernel_name, log=logger, log_output=log_output, stdout_file=stdout_file,
            stderr_file=stderr_file, **remove_args(["input_path"], **kwargs))
        client.kc = kernel.kc
        return client.execute()
