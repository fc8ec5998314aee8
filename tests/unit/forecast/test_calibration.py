"""ipdata.forecast.calibration: the pooled numbers forecasts read, and how a horizon finds its interval factor."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ipdata.forecast import calibration as cal_module
from ipdata.forecast.calibration import calibration, drift_damping, horizon_factors, pooled_step_sd, reload_calibration


def test_committed_file_is_what_the_functions_give():
    cal = calibration()
    factors, regular = cal["factors"], cal["factors_regular"]
    steps = sorted(int(k) for k in factors)
    assert steps == list(range(1, len(steps) + 1))
    np.testing.assert_array_equal(horizon_factors(np.array(steps, dtype=float)), [factors[str(h)] for h in steps])
    reg_steps = sorted(int(k) for k in regular)
    np.testing.assert_array_equal(
        horizon_factors(np.array(reg_steps, dtype=float), regular=True), [regular[str(h)] for h in reg_steps]
    )
    # beyond the table: the last factor
    assert horizon_factors(np.array([steps[-1] + 10.0]))[0] == factors[str(steps[-1])]
    assert horizon_factors(np.array([reg_steps[-1] + 10.0]), regular=True)[0] == regular[str(reg_steps[-1])]
    assert drift_damping() == cal["drift_damping"]
    assert drift_damping(regular=True) == cal["drift_damping_regular"]
    assert pooled_step_sd() == cal["pooled_step_sd"]


@pytest.fixture()
def calibration_file(tmp_path, monkeypatch):
    """Point ipdata.forecast.calibration at a file the test writes; the committed one is read again afterwards."""
    path = tmp_path / "calibration.json"
    monkeypatch.setattr(cal_module, "CALIBRATION_FILE", path)
    reload_calibration()

    def write(payload: dict) -> None:
        path.write_text(json.dumps(payload), encoding="utf-8")
        reload_calibration()

    yield write
    monkeypatch.undo()
    reload_calibration()


def test_steps_round_to_whole_years_and_stop_at_the_last_factor(calibration_file):
    calibration_file(
        {"factors": {"1": 1.1, "2": 1.2, "3": 1.3}, "factors_regular": {"1": 0.5, "2": 0.6}, "pooled_step_sd": 0.1}
    )
    np.testing.assert_array_equal(
        horizon_factors(np.array([0.2, 1.0, 1.4, 2.6, 3.0, 9.0])), [1.1, 1.1, 1.1, 1.3, 1.3, 1.3]
    )
    np.testing.assert_array_equal(horizon_factors(np.array([1.0, 2.0, 7.0]), regular=True), [0.5, 0.6, 0.6])
    assert drift_damping() == 1.0  # not in the file: undamped
    assert pooled_step_sd() == 0.1


def test_regular_series_fall_back_to_the_main_table(calibration_file):
    calibration_file({"factors": {"1": 1.1, "2": 1.2}, "pooled_step_sd": 0.1, "drift_damping": 0.9})
    np.testing.assert_array_equal(horizon_factors(np.array([1.0, 2.0]), regular=True), [1.1, 1.2])
    assert drift_damping() == 0.9
    assert drift_damping(regular=True) == 0.9  # no regular damping in the file: the bundled one


def test_regular_series_take_their_own_damping(calibration_file):
    """A forecast of a regular 6+ point series damps its walk by drift_damping_regular, a short one by drift_damping."""
    import pandas as pd

    import ipdata

    calibration_file(
        {"factors": {"1": 1.0}, "pooled_step_sd": 0.1, "drift_damping": 0.6, "drift_damping_regular": 0.95}
    )
    long = pd.Series([10.0, 11, 12.5, 13.4, 15, 16.2, 18], index=range(2014, 2021))
    assert ipdata.forecast(long, 3).attrs["drift_damping"] == 0.95
    assert ipdata.forecast(long.iloc[-4:], 3).attrs["drift_damping"] == 0.6


def test_without_a_file_factors_are_one(calibration_file):
    assert not cal_module.CALIBRATION_FILE.exists()
    np.testing.assert_array_equal(horizon_factors(np.array([1.0, 5.0])), [1.0, 1.0])
    assert pooled_step_sd() == 0.15


def test_reload_reads_the_rewritten_file(calibration_file):
    calibration_file({"factors": {"1": 1.1}, "pooled_step_sd": 0.1})
    assert calibration()["factors"] == {"1": 1.1}
    cal_module.CALIBRATION_FILE.write_text(json.dumps({"factors": {"1": 2.0}, "pooled_step_sd": 0.2}), encoding="utf-8")
    assert pooled_step_sd() == 0.1  # read once per process ...
    reload_calibration()
    assert pooled_step_sd() == 0.2 and horizon_factors(np.array([1.0]))[0] == 2.0  # ... until reloaded


def test_the_calibration_handed_out_is_a_copy():
    from ipdata.forecast import calibration as cal

    mine = cal.calibration()
    mine["factors"]["1"] = 99.0
    assert cal.calibration()["factors"]["1"] != 99.0
