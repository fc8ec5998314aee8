"""ipdata.observed.observations: observations merged and ranked, series() with provenance, an analyst's rows winning."""

from __future__ import annotations

import pandas as pd
import pytest

import ipdata
from ipdata.core.dates import year_end_month
from ipdata.observed.observations import cut_as_of, year_end_points

HEADER = "region,indicator,year,value,unit\n"


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return ipdata.observations()


def test_series_annual_has_int_year_index_and_sources():
    s = ipdata.series("嘉兴", "每万人发明专利拥有量")
    assert s.index.name == "year" and s.index.dtype.kind == "i"
    assert s.loc[2015] == 7.38
    assert s.attrs["unit"] == "件/万人"
    assert list(ipdata.provenance(s)["source"]) == ["000_f0803d9b6e78f867.txt"]


def test_series_with_monthly_snapshots_uses_periods():
    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    assert isinstance(s.index, pd.PeriodIndex) and s.index.freqstr == "M"
    assert s.index.is_monotonic_increasing
    # the plan document's "2015" value sits at its December (the rule: ipdata.core.dates.year_end_month)
    assert s[pd.Period(year_end_month("2015"), "M")] == 12.89
    assert s[pd.Period("2014-09", "M")] == pytest.approx(9.06)
    points = ipdata.provenance(s)
    assert list(points.index) == list(s.index) and (points["status"] != "").all()


def test_provenance_follows_the_points_after_a_cut():
    """Provenance is keyed by date, so cutting or keeping year ends cannot pair a value with another point's source."""
    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    full = ipdata.provenance(s)
    cut = cut_as_of(s, 2014)
    assert ipdata.provenance(cut).equals(full.loc[cut.index])
    annual = year_end_points(s)
    year_ends = [p for p in s.index if str(p) == year_end_month(str(p.year))]  # December of each year
    assert list(annual.index) == [p.year for p in year_ends]
    assert list(ipdata.provenance(annual)["source"]) == [full.loc[p, "source"] for p in year_ends]


def test_cut_and_year_ends_leave_what_they_need_not_touch():
    s = ipdata.series("嘉兴", "每万人发明专利拥有量")
    assert cut_as_of(s, None) is s
    assert year_end_points(s) is s  # already int years
    monthly = ipdata.series("zhejiang", "invention_patents_per_10k")
    assert cut_as_of(monthly, 2014).index.max() == pd.Period("2014-09", "M")
    assert cut_as_of(monthly, 2014).attrs["unit"] == monthly.attrs["unit"]


def test_scope_must_be_chosen_when_ambiguous():
    with pytest.raises(ValueError, match="scope="):
        ipdata.series("china", "invention_grants")
    total = ipdata.series("china", "invention_grants", scope="total")
    domestic = ipdata.series("china", "invention_grants", scope="domestic")
    assert total.loc[2015] > domestic.loc[2015]


def test_ambiguous_scope_error_names_the_scopes():
    with pytest.raises(ipdata.AmbiguousScopeError) as info:
        ipdata.series("china", "invention_grants")
    assert info.value.scopes == ["domestic", "total"] and info.value.region == "china"
    with pytest.raises(ValueError, match="'total' or 'domestic'"):
        ipdata.series("china", "invention_grants", scope="all")


def test_preferred_row_is_final_and_precise(obs):
    per10k_2020 = obs[
        (obs["region_id"] == "china") & (obs["indicator_id"] == "invention_patents_per_10k") & (obs["date"] == "2020")
    ]
    assert per10k_2020.loc[per10k_2020["preferred"], "status"].item() == "final"
    pct_2022 = obs[
        (obs["region_id"] == "china")
        & (obs["indicator_id"] == "pct_applications")
        & (obs["date"] == "2022")
        & (obs["scope"] == "total")
    ]
    assert set(pct_2022["value"]) == {74000, 74452}
    assert pct_2022.loc[pct_2022["preferred"], "value"].item() == 74452
    per10k_2014 = obs[
        (obs["region_id"] == "china") & (obs["indicator_id"] == "invention_patents_per_10k") & (obs["date"] == "2014")
    ]
    assert per10k_2014.loc[per10k_2014["preferred"], "value"].item() == 4.9  # CNIPA release, not the book's 4.8


def test_period_totals_are_not_points():
    obs = ipdata.observations("jiaxing", "invention_grants")
    assert "2011/2015" in set(obs["date"])
    assert list(ipdata.series("jiaxing", "invention_grants").index) == [2015]


def test_user_rows_merge_and_win(write_csv):
    path = write_csv(
        HEADER + "jiaxing,invention_patents_per_10k,2015,7.4,\njiaxing,invention_patents_per_10k,2016,9.1,\n"
    )
    s = ipdata.series("jiaxing", "invention_patents_per_10k", observations=path)
    assert s.to_dict() == {2015: 7.4, 2016: 9.1}
    assert list(ipdata.provenance(s)["source"]) == ["obs.csv:2", "obs.csv:3"]
    obs = ipdata.observations("jiaxing", "invention_patents_per_10k", observations=ipdata.read_observations(path))
    assert len(obs[obs["date"] == "2015"]) == 2  # the bundled 7.38 stays on record, not preferred


def test_cut_keeps_only_the_provenance_of_the_points_kept():
    from ipdata.observed.observations import cut_as_of

    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    cut = cut_as_of(s, 2013)
    assert set(cut.attrs["points"]) == set(cut.index) and len(cut) < len(s)


def test_the_pool_of_series_hands_out_copies():
    from ipdata.observed.observations import bundled_series

    key, first = next(iter(bundled_series(4).items()))
    first.iloc[0] = -1.0
    first.attrs["unit"] = "changed"
    again = bundled_series(4)[key]
    assert again.iloc[0] != -1.0 and again.attrs["unit"] != "changed"


def test_an_observations_file_that_does_not_validate_stops_the_run_with_its_problems(write_csv):
    path = write_csv("region,indicator,year,value\njiaxng,invention_grants,2016,1\n")
    with pytest.raises(ipdata.DataValidationError, match="row 2, column 'region'"):
        ipdata.assess(plan="jiaxing_13fyp", observations=path)
