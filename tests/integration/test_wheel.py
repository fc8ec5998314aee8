"""The wheel carries the data, the calibration, the font and the notebooks (an installed package needs no checkout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def test_wheel_contains_the_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)], check=True
    )
    (wheel,) = tmp_path.glob("ipdata-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in ("targets.csv", "observations_sources.csv", "datapackage.json"):
        assert f"ipdata/data/{table}" in names
    assert "ipdata/calibration.json" in names
    assert {"ipdata/fonts/ipdata-cjk-sans.otf", "ipdata/fonts/OFL.txt", "ipdata/notebooks/trajectory.ipynb"} <= names
