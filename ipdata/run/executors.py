"""Fan-out of independent jobs: a local process pool, or Dask distributed when one machine is not enough.

A report's notebooks and a batch's chunks of series are independent jobs. Both run through
:func:`run_all`, with one of two back ends:

* ``processes`` (default): a :class:`concurrent.futures.ProcessPoolExecutor` on this machine; its workers
  die with the run (:func:`ipdata.run.publishing.die_with_parent`).
* ``dask``: `Dask distributed <https://distributed.dask.org>`_, an existing, maintained scheduler rather
  than a home-made one. Without an address a :class:`distributed.LocalCluster` of ``workers`` single-threaded
  worker processes is started for the run and closed after it; with ``dask_address`` (``tcp://host:8786``)
  the jobs go to a running cluster (dask-jobqueue on Slurm/PBS, dask-kubernetes, ``dask scheduler``). The
  workers must see the same files (the report's folder, the analyst's inputs): a shared file system.

Dask is optional (``pip install 'ipdata[dask]'``): it is imported only when asked for, so ``import ipdata``
stays light, and asking for it without it installed is a clear error before any job starts.

Results are yielded as jobs finish, each with the index of its job, so callers put them back in job order
and the outputs do not depend on which worker was fastest.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any, TypeVar

from ..core.checks import whole_number
from .publishing import die_with_parent, terminate_children

__all__ = ["SCHEDULERS", "check_scheduler", "run_all"]

SCHEDULERS = ("processes", "dask")

T = TypeVar("T")
R = TypeVar("R")


def check_scheduler(scheduler: str, workers: int, dask_address: str | None = None) -> None:
    """Check the fan-out parameters before any job starts.

    Raises:
        ValueError: an unknown scheduler, workers < 1, an address without ``dask``, or ``dask`` asked for
            where Dask distributed is not installed (with the command that installs it).
    """
    if scheduler not in SCHEDULERS:
        raise ValueError(f"--scheduler must be one of {', '.join(SCHEDULERS)}, got {scheduler!r}")
    whole_number("--workers", workers, 1)
    if dask_address is not None and scheduler != "dask":
        raise ValueError(f"--dask-address {dask_address!r} needs --scheduler dask")
    if dask_address is not None and not str(dask_address).strip():
        raise ValueError("--dask-address must be a scheduler address such as tcp://10.0.0.5:8786, got ''")
    if scheduler == "dask" and importlib.util.find_spec("distributed") is None:
        raise ValueError("--scheduler dask needs Dask distributed, which is not installed: pip install 'ipdata[dask]'")


def run_all(
    func: Callable[[T], R],
    items: Sequence[T],
    *,
    scheduler: str = "processes",
    workers: int = 1,
    dask_address: str | None = None,
) -> Iterator[tuple[int, R]]:
    """Run ``func`` on every item on the chosen back end; yield ``(index of the item, result)`` as each finishes.

    ``func`` must be a module-level function (it is pickled by name) and its items picklable. An exception
    raised by ``func`` is raised here (callers that must go on catch inside ``func``). An interrupted run
    (Ctrl-C, SIGTERM) stops its workers: the local pool's processes are killed, a local Dask cluster is closed,
    a remote cluster's pending jobs are cancelled.
    """
    check_scheduler(scheduler, workers, dask_address)
    if not items:
        return
    if scheduler == "dask":
        yield from _run_on_dask(func, items, workers, dask_address)
        return
    # never more processes than jobs, nor than cores: --workers 1000 once forked 1,000 for 4 notebooks
    size = max(1, min(workers, len(items), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=size, initializer=die_with_parent) as pool:
        try:
            futures = {pool.submit(func, item): k for k, item in enumerate(items)}
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:  # Ctrl-C, SIGTERM (raised as SystemExit by the command), a failed write
            pool.shutdown(wait=False, cancel_futures=True)
            terminate_children()
            raise


def _run_on_dask(
    func: Callable[[T], R], items: Sequence[T], workers: int, dask_address: str | None
) -> Iterator[tuple[int, R]]:
    import logging

    from distributed import Client, LocalCluster
    from distributed import as_completed as dask_completed

    cluster: Any = None
    client: Any = None
    futures: list[Any] = []
    try:  # everything made here is closed on the way out, an interrupt or a failed start included
        if dask_address is None:
            # one thread per worker process: notebooks and fits are single-threaded (BLAS threads set to 1)
            cluster = LocalCluster(
                n_workers=max(1, min(workers, len(items))),
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # any free port: two runs side by side do not clash
                silence_logs=logging.CRITICAL,  # a worker losing its scheduler at close logs an ERROR: not ours
            )
        client = Client(cluster if cluster is not None else dask_address)
        # the items go to the workers as data of their own (a graph holding 60,000 series is slow to send);
        # pure=False: a job is run each time it is asked for, never served from a cache of an earlier result
        futures = client.map(func, client.scatter(list(items), hash=False), pure=False)
        index = {future.key: k for k, future in enumerate(futures)}
        for future in dask_completed(futures):
            yield index[future.key], future.result()
    except BaseException:
        if client is not None:
            client.cancel(futures)
        raise
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        sys.stderr.flush()
