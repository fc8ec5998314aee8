"""Shared fixtures. Tests that need ../shared (the raw inputs) skip only outside CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ipdata.files import data_dir, shared_dir

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
