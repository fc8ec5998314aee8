"""The batch on Dask: a running cluster's address, and the command's own LocalCluster, give the pool's bytes."""

from __future__ import annotations

import pandas as pd
import pytest

import ipdata
from ipdata import cli

pytestmark = [pytest.mark.integration, pytest.mark.dask]


def test_batch_on_a_running_cluster_equals_the_process_pool():
    from distributed import LocalCluster

    pool = ipdata.assess_all(plan=["shantou_13fyp"], workers=2, chunk_size=60, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        dask = ipdata.assess_all(
            plan=["shantou_13fyp"],
            scheduler="dask",
            dask_address=cluster.scheduler_address,
            chunk_size=60,
            progress=False,
        )
    pd.testing.assert_frame_equal(dask, pool)
    assert (pool["record"] == "projection").sum() > 500 and (pool["record"] == "target").sum() == 14


def test_assess_all_command_on_a_local_cluster_writes_the_same_file(tmp_path, capfd):
    command = ["assess", "--all", "--plan", "shantou_13fyp", "--quiet", "--workers", "2"]
    assert cli.main([*command, "--out", str(tmp_path / "pool.parquet")]) == 0
    assert cli.main([*command, "--scheduler", "dask", "--out", str(tmp_path / "dask.parquet")]) == 0
    assert (tmp_path / "dask.parquet").read_bytes() == (tmp_path / "pool.parquet").read_bytes()
    err = capfd.readouterr().err
    assert "ERROR" not in err and "Traceback" not in err  # the cluster's start and close-down stay quiet
