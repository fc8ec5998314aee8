"""The `ipdata` command in a subprocess, as a user or a scheduled job runs it."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration


@pytest.mark.slow  # ~20 s: two tables-only reports in subprocesses
def test_report_tables_are_reproducible(tmp_path):
    """The tables alone (the notebooks' reproducibility is in test_report_runs.py)."""
    for run in ("a", "b"):
        subprocess.run(
            [sys.executable, "-m", "ipdata.cli", "report", "--tables-only", "--out", str(tmp_path / run)], check=True
        )
    for name in ("targets_latest.csv", "assessment.csv", "summary.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    text = (tmp_path / "a" / "targets_latest.csv").read_text(encoding="utf-8")
    assert text.count("\n") == 102


def test_validate_command_reports_bad_file(write_csv):
    path = write_csv("region,indicator,year,value\njiaxng,invention_grants,2016,1\n")
    out = subprocess.run([sys.executable, "-m", "ipdata.cli", "validate", str(path)], capture_output=True, text=True)
    assert out.returncode == 2
    assert "row 2, column 'region'" in out.stderr and "jiaxing" in out.stderr
