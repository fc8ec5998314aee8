"""The bundled observations: every row sourced, units and derivations stated, raw rows all mapped, quotes verbatim."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

import ipdata


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


def test_every_raw_row_is_traceable(obs, shared):
    for name in (
        "observations_collected.csv",
        "cnipa_valid_inventions_by_region.csv",
        "cnipa_invention_grants_by_region.csv",
    ):
        with (shared / "sources" / name).open(encoding="utf-8") as fh:
            lines = {str(i) for i, _ in enumerate(csv.DictReader(fh), start=2)}
        mapped = set(obs.loc[obs["source_file"] == name, "source_row"])
        assert mapped == lines, f"{name}: unmapped rows {sorted(lines - mapped)[:5]}"


def test_high_value_indicator_is_never_spliced():
    old = ipdata.series("china", "invention_patents_per_10k")
    new = ipdata.series("china", "high_value_invention_patents_per_10k")
    assert max(p.year for p in old.index) <= 2020 if isinstance(old.index, pd.PeriodIndex) else old.index.max() <= 2020
    assert new.index.min() == 2021
