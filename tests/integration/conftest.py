"""Integration fixtures: one Shantou report built once per session, for every test that only reads it.

The full suite used to build the same Shantou report about ten times (each build runs four notebooks). Tests
that read a report and do not change it share this one; tests that need their own run (reruns, failures,
other options) still build theirs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ipdata.run import report


@pytest.fixture(scope="session")
def shantou_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``ipdata report --plan shantou_13fyp --workers 2`` into a session folder. Read it; never change it."""
    out = tmp_path_factory.mktemp("shantou") / "report"
    result = report.run_report(out, ["shantou_13fyp"], workers=2, progress=False)
    assert result.ok, result.failures
    return out
