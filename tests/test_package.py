"""Import cost, public API, command line, atomic writes, and the wheel's contents."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import REPO

import ipdata
from ipdata.files import write_atomic


def test_public_api_is_listed_and_typed():
    for name in ipdata.__all__:
        obj = getattr(ipdata, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, name
            assert "return" in obj.__annotations__, name


def test_import_is_light():
    code = "import sys, ipdata; print(sorted(m for m in ('statsmodels', 'matplotlib', 'scipy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_write_atomic_keeps_old_file_on_failure(tmp_path, monkeypatch):
    path = tmp_path / "out.csv"
    write_atomic(path, b"old")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.integration
def test_report_tables_are_reproducible(tmp_path):
    """The tables alone (the notebooks' reproducibility is in test_report.py)."""
    for run in ("a", "b"):
        subprocess.run(
            [sys.executable, "-m", "ipdata.cli", "report", "--tables-only", "--out", str(tmp_path / run)], check=True
        )
    for name in ("targets_latest.csv", "assessment.csv", "summary.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    text = (tmp_path / "a" / "targets_latest.csv").read_text(encoding="utf-8")
    assert text.count("\n") == 102


@pytest.mark.integration
def test_validate_command_reports_bad_file(write_csv):
    path = write_csv("region,indicator,year,value\njiaxng,invention_grants,2016,1\n")
    out = subprocess.run([sys.executable, "-m", "ipdata.cli", "validate", str(path)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "row 2, column 'region'" in out.stderr and "jiaxing" in out.stderr


@pytest.mark.integration
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
