"""calibration.json is derived state: the pooled backtest over the bundled data gives it byte for byte (minutes)."""

from __future__ import annotations

import pytest

from ipdata.forecast import backtest, calibration


@pytest.mark.slow
@pytest.mark.integration
def test_committed_calibration_is_what_the_backtest_gives(tmp_path):
    """calibration.json is derived state; regenerating it from the bundled data must give the same bytes."""
    out = tmp_path / "calibration.json"
    try:
        backtest.write_calibration(path=out)
    finally:
        calibration.reload_calibration()
    assert out.read_bytes() == calibration.CALIBRATION_FILE.read_bytes(), "run `ipdata backtest --calibrate` and commit"
