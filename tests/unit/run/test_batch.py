"""Batch assessment: the same numbers as the per-target and per-series calls, one tidy table, clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ipdata
from ipdata.assess import targets as assessment
from ipdata.core.dates import last_whole_year
from ipdata.run import batch


@pytest.fixture(scope="module")
def shantou_batch() -> pd.DataFrame:
    return ipdata.assess_all(plan=["shantou_13fyp"], progress=False, chunk_size=40)


def test_target_rows_are_the_assessment(shantou_batch):
    targets = shantou_batch[shantou_batch["record"] == "target"].set_index("target_id")
    expected = ipdata.assess(plan="shantou_13fyp").set_index("target_id")
    assert sorted(targets.index) == sorted(expected.index)
    for column, theirs in (("probability", "probability"), ("median", "projected_value"), ("status", "status")):
        left, right = targets[column], expected.loc[targets.index, theirs]
        if column == "status":
            assert left.tolist() == right.fillna("").tolist()
        else:
            np.testing.assert_allclose(left.to_numpy(float), right.to_numpy(float), rtol=1e-12, equal_nan=True)


def test_projection_rows_are_each_series_own_distribution(shantou_batch):
    projected = shantou_batch[(shantou_batch["record"] == "projection") & (shantou_batch["reason"] == "")]
    panel = batch.panel_series()
    assert {(r, i, s) for r, i, s in zip(projected["region_id"], projected["indicator_id"], projected["scope"])} <= set(
        panel
    )
    for key in [("zhejiang", "invention_patents_per_10k", ""), ("china", "valid_invention_patents", "total")]:
        key = next(k for k in panel if k[:2] == key[:2])
        s = panel[key]
        rows = projected[(projected["region_id"] == key[0]) & (projected["indicator_id"] == key[1])]
        rows = rows[rows["scope"] == key[2]]
        sim = assessment.fit_for_target(s, key[0], key[1], last_whole_year(s) + 5)
        q = sim.quantiles(batch.PROBABILITIES)[:, :5]  # one series alone: the stacked solve must agree
        assert rows["year"].tolist() == sim.years[:5]
        np.testing.assert_allclose(rows[["median", "lower_80", "upper_80", "lower_95", "upper_95"]].to_numpy().T, q)
        np.testing.assert_allclose(rows["mean"], sim.point()[:5])  # the point forecast, as ipdata.forecast's mean


def test_every_series_with_two_points_gets_rows_and_within_year_counts_none(shantou_batch):
    projected = shantou_batch[shantou_batch["record"] == "projection"]
    keys = set(zip(projected["region_id"], projected["indicator_id"], projected["scope"]))
    assert keys == set(batch.panel_series())
    assert not projected["indicator_id"].str.endswith(("_ytd", "_month")).any()
    assert (projected["n_obs"] >= 2).all()


def test_a_series_off_the_scale_has_a_reason_not_numbers():
    s = pd.Series([10.0, 0.0, 12.0], index=pd.Index([2018, 2019, 2020], name="year"))
    s.attrs["unit"] = "件"
    good = pd.Series([10.0, 11.0, 12.5, 13.0], index=pd.Index([2017, 2018, 2019, 2020], name="year"))
    good.attrs["unit"] = "件"
    table = batch.project_series([(("x", "invention_grants", ""), s), (("y", "invention_grants", ""), good)], 3)
    bad = table[table["region_id"] == "x"]
    assert len(bad) == 1 and "2019" in bad["reason"].iloc[0] and bad["median"].isna().all()
    assert table[table["region_id"] == "y"]["year"].tolist() == [2021, 2022, 2023]


def test_chunking_does_not_change_the_table(shantou_batch):
    again = ipdata.assess_all(plan=["shantou_13fyp"], progress=False, chunk_size=7)
    pd.testing.assert_frame_equal(again, shantou_batch)


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"horizon": 0}, "horizon"),
        ({"chunk_size": "10"}, "chunk_size"),
        ({"scheduler": "threads"}, "--scheduler"),
        ({"workers": 0}, "--workers"),
        ({"dask_address": "tcp://x:8786"}, "--dask-address"),
    ],
)
def test_bad_parameters_are_named(kwargs, named):
    with pytest.raises(ValueError, match=named):
        ipdata.assess_all(progress=False, **kwargs)


def test_dask_without_distributed_is_a_clear_error(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name))
    with pytest.raises(ValueError, match=r"pip install 'ipdata\[dask\]'"):
        ipdata.assess_all(scheduler="dask", progress=False)


def test_written_as_csv_and_parquet(shantou_batch, tmp_path):
    csv, parquet = (
        batch.write_batch(shantou_batch, tmp_path / "b.csv"),
        batch.write_batch(shantou_batch, tmp_path / "b.parquet"),
    )
    assert csv.read_bytes().startswith("\ufeffrecord,".encode())
    back = pd.read_parquet(parquet)
    assert back["record"].tolist() == shantou_batch["record"].tolist()
    np.testing.assert_array_equal(back["median"].to_numpy(), shantou_batch["median"].to_numpy())
    assert batch.write_batch(shantou_batch, tmp_path / "c.parquet").read_bytes() == parquet.read_bytes()
    with pytest.raises(ValueError, match=r"\.csv or \.parquet"):
        batch.write_batch(shantou_batch, tmp_path / "b.xlsx")


def test_one_bad_series_of_a_panel_gets_a_reason_not_the_batch_s_end():
    """A panel series with a missing value or duplicate dates is reported, and the other series still projected."""
    good = pd.Series([10.0, 12.0, 13.5, 15.0], index=[2010, 2011, 2012, 2013])
    good.attrs["unit"] = "件"
    missing = pd.Series([1.0, 2.0, np.nan, 4.0], index=[2010, 2011, 2012, 2013])
    doubled = pd.Series([1.0, 2.0, 3.0], index=[2010, 2010, 2011])
    table = batch.project_series(
        [
            (("r1", "invention_grants", ""), missing),
            (("r2", "invention_grants", ""), doubled),
            (("zhejiang", "invention_grants", ""), good),
        ],
        2,
    )
    bad = table[table["region_id"].isin(["r1", "r2"])]
    assert len(bad) == 2 and bad["median"].isna().all()
    assert "missing values" in bad["reason"].iloc[0] and "duplicate" in bad["reason"].iloc[1]
    assert len(table[table["region_id"] == "zhejiang"]) == 2


# issue 23: a panel the batch cannot read is refused before any job, each problem named by series and column


def _good() -> pd.Series:
    s = pd.Series([10.0, 12.0, 13.5, 15.0], index=[2010, 2011, 2012, 2013])
    s.attrs["unit"] = "件"
    return s


@pytest.mark.parametrize(
    ("panel", "message"),
    [
        (
            {("r1", "invention_grant", ""): _good()},  # was a table: the volatility borrowed from every series
            r"^panel\[\('r1', 'invention_grant', ''\)\], column 'indicator_id': unknown indicator 'invention_grant' "
            r"\(did you mean: invention_grants",
        ),
        (
            {("r1", "invention_grants", ""): pd.Series([1.0, [2.0, 3.0], 4.0], index=[2010, 2011, 2012])},
            r"^panel\[\('r1', 'invention_grants', ''\)\], column '2011': \[2.0, 3.0\] is a list, not a number",
        ),
        (
            {("r1", "invention_grants", ""): pd.Series([1.0, np.array([2.0]), 4.0], index=[2010, 2011, 2012])},
            r"column '2011': array\(\[2.\]\) is a ndarray, not a number",
        ),
        (
            {("r1", "invention_grants", ""): _good().astype(complex)},  # was a table: the imaginary part dropped
            r"4 problem\(s\) found:\n  - panel\[\('r1', 'invention_grants', ''\)\], "
            r"column '2010': \(10\+0j\) is a complex, not",
        ),
        ({("r1", "invention_grants", ""): [1.0, 2.0]}, r"expected a pandas Series, got list"),
        ({("r1", "invention_grants"): _good()}, r"^panel: key \('r1', 'invention_grants'\): expected"),
        ([(("r1", "invention_grants", ""), _good())], r"^panel: expected a mapping"),
    ],
)
def test_a_panel_with_unknown_indicators_or_cells_that_are_not_numbers_is_refused(panel, message):
    with pytest.raises(ipdata.DataValidationError, match=message):
        ipdata.assess_all([], panel=panel, progress=False)


def test_every_problem_of_a_panel_is_reported_at_once_and_a_good_panel_is_projected():
    panel = {
        ("r1", "no_such", ""): _good(),
        ("r2", "invention_grants", ""): pd.Series(["1", 2.0, None], index=[2010, 2011, 2012]),
        ("r3", "invention_grants", ""): pd.Series([1.0, np.nan, 3.0, 4.0], index=[2010, 2011, 2012, 2013]),
    }
    with pytest.raises(ipdata.DataValidationError) as caught:
        ipdata.assess_all([], panel=panel, progress=False)
    assert [(p.file, p.column) for p in caught.value.problems] == [
        ("panel[('r1', 'no_such', '')]", "indicator_id"),
        ("panel[('r2', 'invention_grants', '')]", "2010"),  # a missing value is a series' reason, not a refusal
    ]
    table = ipdata.assess_all([], panel={k: v for k, v in panel.items() if k[0] == "r3"}, progress=False)
    assert "missing values" in table["reason"].iloc[0]  # as before: one bad series gets a reason
    assert len(ipdata.assess_all([], panel={("r1", "invention_grants", ""): _good()}, progress=False)) == 5


def test_a_plans_own_indicators_may_be_in_the_panel():
    from pathlib import Path

    mine = ipdata.read_plan(Path(__file__).resolve().parents[2] / "fixtures" / "invented_plan")
    panel = {("test_city", "test_ip_cases", ""): _good()}
    with pytest.raises(ipdata.DataValidationError, match="unknown indicator 'test_ip_cases'"):
        batch.check_panel(panel, batch._known_indicators(["shantou_13fyp"]))
    batch.check_panel(panel, batch._known_indicators(["shantou_13fyp", mine]))  # its plan defines it


def test_an_empty_observations_table_is_refused_by_the_batch():
    with pytest.raises(ipdata.DataValidationError, match="^observations: the table has no rows"):
        ipdata.assess_all(["shantou_13fyp"], observations=pd.DataFrame(), progress=False)
