"""Observations carry sources; the mapping from ../shared/sources is reproducible; series() is honest."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import ipdata
from ipdata.build_data import build_source_observations, check_raw_inputs
from ipdata.files import data_dir


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return ipdata.observations()


def test_every_row_has_a_source(obs):
    assert (obs["source_file"] != "").all()
    assert (obs["quote"] != "").all()
    from_sources = obs[obs["origin"] == "source"]
    assert (from_sources["source_url"] != "").all()
    # a few raw rows name the article instead of a URL (the index returned none); they say so
    no_url = from_sources[~from_sources["source_url"].str.startswith("http")]
    assert len(no_url) <= 5 and no_url["source_url"].str.contains("no URL").all()
    assert (from_sources["source_row"].str.fullmatch(r"\d+")).all()


def test_units_are_the_indicator_units(obs):
    units = ipdata.indicators().set_index("indicator_id")["unit"]
    assert (obs["unit"] == obs["indicator_id"].map(units)).all()


def test_derived_and_converted_rows_say_how(obs):
    derived = obs[obs["status"] == "derived"]
    assert len(derived) >= 10
    seeds = derived[derived["origin"] == "seed"]
    assert (seeds["derivation"] != "").all()
    per_million = obs[obs["quote"].str.contains("density_per_million") | obs["notes"].str.contains("百万人")]
    converted = per_million[per_million["indicator_id"] == "invention_patents_per_10k"]
    assert len(converted) > 100
    assert converted["derivation"].str.contains("dividing by 100").all()


def test_multiplier_derivation_matches_the_stated_multiplier(obs):
    zj = obs[(obs["region_id"] == "zhejiang") & (obs["origin"] == "seed")]
    v2015 = zj[(zj["indicator_id"] == "invention_patents_per_10k") & (zj["date"] == "2015")]["value"].item()
    v2010 = zj[(zj["indicator_id"] == "invention_patents_per_10k") & (zj["date"] == "2010")]
    assert v2010["status"].item() == "derived"
    assert v2015 / v2010["value"].item() == pytest.approx(3.71, abs=0.005)


def test_seed_quotes_are_verbatim(obs, shared):
    seeds = obs[obs["origin"] == "seed"]
    for f, rows in seeds.groupby("source_file"):
        text = re.sub(r"\s", "", (shared / "seeds" / f).read_text(encoding="utf-8"))
        bad = [r.obs_id for r in rows.itertuples() if re.sub(r"[\s|]", "", r.quote) not in text]
        assert bad == [], f


def test_raw_inputs_match_their_pins(shared):
    assert check_raw_inputs(shared) == []


def test_rebuild_is_byte_identical(shared, tmp_path):
    out = build_source_observations(shared, out_dir=tmp_path)
    assert out.read_bytes() == (data_dir() / "observations_sources.csv").read_bytes()


def test_changed_raw_file_stops_the_build(shared, tmp_path):
    import shutil

    fake = tmp_path / "shared"
    shutil.copytree(shared, fake)
    path = fake / "sources" / "observations_collected.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",22924,", ",22925,"), encoding="utf-8")
    with pytest.raises(ipdata.DataValidationError, match="differs from the pinned"):
        build_source_observations(fake, out_dir=tmp_path)
    assert not (tmp_path / "observations_sources.csv").exists()


def test_every_raw_row_is_traceable(obs, shared):
    import csv

    for name in (
        "observations_collected.csv",
        "cnipa_valid_inventions_by_region.csv",
        "cnipa_invention_grants_by_region.csv",
    ):
        with (shared / "sources" / name).open(encoding="utf-8") as fh:
            lines = {str(i) for i, _ in enumerate(csv.DictReader(fh), start=2)}
        mapped = set(obs.loc[obs["source_file"] == name, "source_row"])
        assert mapped == lines, f"{name}: unmapped rows {sorted(lines - mapped)[:5]}"


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
    assert s[pd.Period("2015-12", "M")] == 12.89
    assert s[pd.Period("2014-09", "M")] == pytest.approx(9.06)
    points = ipdata.provenance(s)
    assert list(points.index) == list(s.index) and (points["status"] != "").all()


def test_provenance_follows_the_points_after_a_cut():
    """Provenance is keyed by date, so cutting or keeping year ends cannot pair a value with another point's source."""
    from ipdata.history import cut_as_of, year_end_points

    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    full = ipdata.provenance(s)
    cut = cut_as_of(s, 2014)
    assert ipdata.provenance(cut).equals(full.loc[cut.index])
    annual = year_end_points(s)
    assert list(annual.index) == [p.year for p in s.index if p.month == 12]
    assert list(ipdata.provenance(annual)["source"]) == [full.loc[p, "source"] for p in s.index if p.month == 12]


def test_high_value_indicator_is_never_spliced():
    old = ipdata.series("china", "invention_patents_per_10k")
    new = ipdata.series("china", "high_value_invention_patents_per_10k")
    assert max(p.year for p in old.index) <= 2020 if isinstance(old.index, pd.PeriodIndex) else old.index.max() <= 2020
    assert new.index.min() == 2021


def test_scope_must_be_chosen_when_ambiguous():
    with pytest.raises(ValueError, match="scope="):
        ipdata.series("china", "invention_grants")
    total = ipdata.series("china", "invention_grants", scope="total")
    domestic = ipdata.series("china", "invention_grants", scope="domestic")
    assert total.loc[2015] > domestic.loc[2015]


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
