"""Shared fixtures. Tests that need ../shared (the raw inputs) skip only outside CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ipdata.core.paths import data_dir, shared_dir

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; its absence fails the run in CI and skips elsewhere."""
    folder = shared_dir()
    if folder is None:
        if os.environ.get("CI"):
            pytest.fail("../shared (seed documents and raw sources) is missing in CI")
        pytest.skip("../shared is not beside this checkout; raw-input checks need it")
    return folder


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled data folder, for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


@pytest.fixture()
def write_csv(tmp_path: Path):
    """Write text to a CSV file in tmp_path and return its path."""

    def _write(text: str, name: str = "obs.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture()
def call_counts(monkeypatch):
    """Count series reads, model fits and single-target assessments wherever the upper layers call them.

    What "each fit computed once" means, measured: a trajectory reads its series once and fits once; a plan
    backtest assesses each target once.
    """
    from ipdata.assess import hindcasts as plan_backtests
    from ipdata.assess import targets as assessment
    from ipdata.forecast import engine as forecasting
    from ipdata.views import trajectories

    seen = {"series": 0, "fit_models": 0, "assess_target": 0}

    def counting(name, func):
        def wrapper(*args, **kwargs):
            seen[name] += 1
            return func(*args, **kwargs)

        return wrapper

    for module in (assessment, trajectories, plan_backtests):
        monkeypatch.setattr(module, "series", counting("series", module.series))
    # every fit goes through _fit_years (fit_models and distribution both call it)
    monkeypatch.setattr(forecasting, "_fit_years", counting("fit_models", forecasting._fit_years))
    one_target = counting("assess_target", assessment.assess_target)
    for module in (assessment, trajectories):
        monkeypatch.setattr(module, "assess_target", one_target)
    return seen


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """nbval's notebook cells run in a kernel: mark them, so ``-m "not kernels"`` is the fast suite."""
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.kernels)
            item.add_marker(pytest.mark.integration)
