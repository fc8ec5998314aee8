"""Running one report notebook: papermill with quiet IPC kernels, retries, and a cleaned, published notebook.

Why it is built this way: a kernel that dies or a cell past ``--timeout`` is retried (``--retries``) before it
counts as a failure; kernels talk over IPC and their standard error is filtered, so a cron job's log holds real
messages only; executed notebooks are stripped of papermill's timing metadata and the per-cell execution
timestamps, so the same inputs give the same bytes.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..catalog.tables import plan_title
from ..core.checks import MAX_RETRIES, seconds, whole_number
from ..core.errors import UnknownIdError
from ..core.layout import FIGURES_DIR, html_path, notebook_path
from ..core.paths import notebooks_dir
from ..core.words import PAGE_TEXT, pick
from ..core.writing import write_atomic
from ..deliver.pages import notebook_page
from .jobs import Job

__all__ = ["KERNEL_NOISE", "RunOptions", "check_run_options", "run_job"]


def _clean_notebook(path: Path) -> bytes:
    """Executed notebook without run-dependent metadata (timings, temporary paths), as bytes."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": pm.get("parameters", {})}
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def _page_title(job: Job) -> str:
    """A notebook page's title: the job (``trajectory/st13-03``) and its plan's title when ipdata knows the plan."""
    params = job.params
    lang = str(params.get("language", "zh"))
    if "indicator" in params:
        return f"{job.name} · {pick(PAGE_TEXT['regions_title'], lang)}"
    try:
        plan = plan_title(str(params["plan"]), lang) if not params.get("plan_file") else str(params["plan"])
    except (KeyError, UnknownIdError):
        plan = str(params.get("plan", ""))
    return f"{job.name} · {plan}"


@dataclass(frozen=True)
class RunOptions:
    """How each notebook is run: a cell's time limit and how often a dead or stuck kernel is retried."""

    timeout: float | None = None  # seconds a cell may run (papermill's execution_timeout); None: no limit
    retries: int = 1  # further attempts after a kernel died or a cell ran out of time


def check_run_options(timeout: object, retries: object) -> RunOptions:
    """The ``--timeout`` and ``--retries`` of a report, checked before any kernel starts.

    Raises:
        ValueError: a timeout that is not a positive number of seconds, retries that are not a whole number >= 0.
    """
    return RunOptions(
        seconds("--timeout", timeout) if timeout is not None else None,
        whole_number("--retries", retries, 0, high=MAX_RETRIES),
    )


KERNEL_NOISE = ("KeyboardInterrupt caught in kernel",)
"""Lines a kernel writes to its standard error at every shutdown (jupyter_client interrupts it before asking it to
stop): not errors, dropped; every other line a kernel writes is shown."""


def _quiet_kernel_manager(stderr: IO[bytes], sockets: str) -> type:
    """A kernel manager whose kernels talk over local IPC sockets and write their standard error to ``stderr``.

    Over TCP (jupyter_client's default) ipykernel 7 warns at every start that the traffic is unencrypted: one
    line per notebook on a cron job's standard error, and true (any local user could connect to the ports).
    Over IPC (Unix sockets in a temporary folder only this user can open) it has nothing to warn about. Each
    kernel gets its own folder ``sockets``, short (a socket path has at most 107 bytes) and its own (two kernels
    sharing one clash). The kernel's standard error is caught so that the shutdown line in :data:`KERNEL_NOISE`
    can be dropped and everything else shown (:func:`_kernel_messages`).
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class QuietKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return os.path.join(sockets, "kernel")

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]  # the async manager
            kw.setdefault("stderr", stderr)
            await super().start_kernel(**kw)

    return QuietKernelManager


def _kernel_messages(path: Path, name: str) -> str:
    """What the kernel wrote to its standard error, less :data:`KERNEL_NOISE`, each line prefixed with the job."""
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "".join(f"[{name}] {line}\n" for line in lines if line.strip() and not any(n in line for n in KERNEL_NOISE))


def _retryable(exc: BaseException) -> bool:
    """A kernel that died or a cell that ran out of time: worth another attempt (a cell that raised is not)."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, RuntimeError) and "Kernel died before replying" in str(exc):  # a kernel that failed to start
        return True
    return isinstance(exc, (DeadKernelError, CellTimeoutError, TimeoutError))


def _execute(job: Job, executed: Path, params: dict[str, object], cwd: Path, options: RunOptions) -> tuple[str, str]:
    """Run the notebook, retrying a dead or stuck kernel; returns (error or "", the kernel's messages)."""
    import papermill as pm

    messages, error = "", ""
    for attempt in range(1 + options.retries):
        log = executed.with_suffix(f".stderr-{attempt}")
        # a socket path has at most 107 bytes: under a long TMPDIR (HPC nodes) the sockets go to /tmp
        short = "/tmp" if len(tempfile.gettempdir()) > 60 and os.path.isdir("/tmp") else None
        with log.open("wb") as stderr, tempfile.TemporaryDirectory(prefix="ipdata-kernel-", dir=short) as sockets:
            try:
                pm.execute_notebook(
                    str(notebooks_dir() / job.notebook),
                    str(executed),
                    parameters=params,
                    kernel_name="python3",
                    progress_bar=False,
                    cwd=str(cwd),
                    # papermill takes whole seconds: 2.5 s is a limit of 3 (never shorter than asked)
                    execution_timeout=math.ceil(options.timeout) if options.timeout is not None else None,
                    kernel_manager_class=_quiet_kernel_manager(stderr, sockets),
                )
                error = ""
            except Exception as exc:  # noqa: BLE001 - any failure is reported, the other jobs go on
                error = _error_summary(exc)
                if _retryable(exc) and attempt < options.retries:
                    continue
                if _retryable(exc) and attempt:
                    error += f" (after {attempt + 1} attempts)"
            finally:
                messages += _kernel_messages(log, job.name)
        return error, messages
    return error, messages  # not reached: the last attempt returns


def run_job(job: Job, out_dir: str, options: RunOptions = RunOptions()) -> tuple[str, list[str], str, str]:
    """Run one notebook with papermill and publish it; returns (name, files written, error or "", kernel messages).

    Runs in a worker process (local or a Dask worker). The notebook executes into a temporary folder; only a
    successful run is published (notebook, HTML and the figures the notebook wrote to ``out_dir/figures``).
    A kernel that dies, or a cell running past ``options.timeout``, is retried ``options.retries`` times, then
    reported as the job's error.
    """
    for key in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        # this worker's kernels inherit it: BLAS threads thrash when notebooks run side by side.
        # Set here, in the worker process, so the caller's own environment is left alone.
        os.environ.setdefault(key, "1")
    out = Path(out_dir)
    params = job.params
    # relative to the kernel's folder (out_dir): the notebook does not name the run's folder
    params["output_dir"] = FIGURES_DIR.as_posix()
    work = out / ".work"  # inside the staging folder: what a killed run leaves goes with it
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="notebook-", dir=work) as tmp:
        executed = Path(tmp) / Path(job.notebook).name
        error, messages = _execute(job, executed, params, out.resolve(), options)
        if error:
            return job.name, [], error, messages
        nb_bytes = _clean_notebook(executed)
    written = []
    for path, data in (
        (out / notebook_path(job.name), nb_bytes),
        (out / html_path(job.name), notebook_page(nb_bytes, _page_title(job), str(job.params["language"]))),
    ):
        write_atomic(path, data)
        written.append(str(path))
    return job.name, written, "", messages


def _error_summary(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    return f"{ename}: {evalue}".strip()
