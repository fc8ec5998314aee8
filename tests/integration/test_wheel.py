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
    # every layer's subpackage, the page templates beside their module, the type marker, python -m ipdata
    package = REPO / "ipdata"
    sources = {p.relative_to(REPO).as_posix() for p in package.rglob("*.py") if "__pycache__" not in p.parts}
    assert sources <= names, sorted(sources - names)
    assert {"ipdata/deliver/templates/plan_page.html.j2", "ipdata/py.typed", "ipdata/__main__.py"} <= names


def test_python_dash_m_ipdata_is_the_command_line():
    run = subprocess.run([sys.executable, "-m", "ipdata", "--version"], capture_output=True, text=True, check=True)
    assert run.stdout.startswith("ipdata ")
