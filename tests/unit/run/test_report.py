"""ipdata.run.report: parameters are checked before any notebook kernel starts (the runs: tests/integration)."""

from __future__ import annotations

import pytest

from ipdata.core.errors import UnknownIdError
from ipdata.run import executors, publishing, report


class NoKernels:
    """Stands in for the process pool: parameter errors must surface before any notebook starts."""

    def __init__(self, *args, **kwargs):
        raise AssertionError("a notebook was started before the parameters were validated")


@pytest.mark.parametrize(
    "kwargs, error",
    [
        ({"plan": ["no_such_plan"]}, UnknownIdError),
        ({"workers": 0}, ValueError),
        ({"language": "fr"}, ValueError),
        ({"observations": "missing.csv"}, FileNotFoundError),
        ({"scheduler": "threads"}, ValueError),
        ({"dask_address": "tcp://127.0.0.1:8786"}, ValueError),  # an address without --scheduler dask
        ({"timeout": -1}, ValueError),
        ({"timeout": float("nan")}, ValueError),
        ({"retries": 1.5}, ValueError),
    ],
)
def test_bad_parameters_fail_before_any_kernel(tmp_path, monkeypatch, kwargs, error):
    monkeypatch.setattr(executors, "ProcessPoolExecutor", NoKernels)
    with pytest.raises(error):
        report.run_report(tmp_path / "out", progress=False, **kwargs)
    assert not (tmp_path / "out").exists()


def test_an_empty_out_folder_is_refused_before_any_kernel(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(executors, "ProcessPoolExecutor", NoKernels)
    with pytest.raises(ValueError, match="--out must name a folder"):
        report.run_report("", progress=False)
    assert list(tmp_path.iterdir()) == []  # nothing written into the current folder


def test_workers_are_bounded_by_notebooks_and_cores(tmp_path, monkeypatch):
    import os

    seen = {}

    class Pool:
        def __init__(self, max_workers, initializer=None):
            seen["workers"], seen["initializer"] = max_workers, initializer
            raise RuntimeError("stop here")

    monkeypatch.setattr(executors, "ProcessPoolExecutor", Pool)
    with pytest.raises(RuntimeError, match="stop here"):
        report.run_report(tmp_path / "out", ["wujiang_demo_2021"], workers=1000, progress=False)
    assert seen["workers"] == min(2, os.cpu_count() or 1)  # the plan has 2 notebooks (dashboard, backtest)
    assert seen["initializer"] is publishing.die_with_parent  # workers die with the run (kill -9)
