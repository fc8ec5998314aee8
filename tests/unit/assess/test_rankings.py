"""Cross-region ranking: ranks by projected median, rank intervals from joint draws, deterministic, clear errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ipdata
from ipdata.assess import rankings
from ipdata.assess import targets as assessment
from ipdata.views import figures


@pytest.fixture(scope="module")
def ranks() -> pd.DataFrame:
    return ipdata.region_ranks("invention_patents_per_10k", year=2020, n_draws=1000)


def test_every_province_with_data_is_listed_and_the_ranked_ones_are_ordered(ranks):
    provinces = ipdata.regions().query("level == 'province'")["region_id"]
    assert set(ranks["region_id"]) <= set(provinces) and len(ranks) >= 31
    ranked = ranks[ranks["rank"].notna()]
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert (np.diff(ranked["median"].to_numpy()) <= 0).all()  # rank 1: the highest projected median
    assert (ranked["rank_lower_80"] <= ranked["rank_upper_80"]).all()
    assert ranked["rank_lower_80"].min() >= 1 and ranked["rank_upper_80"].max() <= len(ranked)
    unranked = ranks[ranks["rank"].isna()]
    assert (unranked["reason"] != "").all() and (unranked["n_obs"] < 2).all()


def test_projection_is_the_assessment_distribution(ranks):
    row = ranks[ranks["region_id"] == "zhejiang"].iloc[0]
    s = ipdata.series("zhejiang", "invention_patents_per_10k")
    sim = assessment.fit_for_target(s, "zhejiang", "invention_patents_per_10k", 2020)
    median, lower, upper = sim.quantiles([0.5, 0.1, 0.9])[:, sim.years.index(2020)]
    assert (row["median"], row["lower_80"], row["upper_80"]) == pytest.approx((median, lower, upper))


def test_rank_intervals_reflect_overlap(ranks):
    """A region far ahead of every other has a rank interval of one place; overlapping ones share places."""
    ranked = ranks[ranks["rank"].notna()].set_index("region_id")
    ahead = ranked.iloc[0]
    assert ahead["lower_80"] > ranked.iloc[1]["upper_80"]  # Beijing's interval clears the runner-up's
    assert ahead["rank_lower_80"] == ahead["rank_upper_80"] == 1
    widths = ranked["rank_upper_80"] - ranked["rank_lower_80"]
    assert widths.max() >= 3  # somewhere in the middle the intervals overlap


def test_same_seed_same_table_other_seed_other_draws(ranks):
    pd.testing.assert_frame_equal(ipdata.region_ranks("invention_patents_per_10k", n_draws=1000), ranks)
    other = ipdata.region_ranks("invention_patents_per_10k", n_draws=1000, seed=1)
    assert other["rank"].tolist() == ranks["rank"].tolist()  # ranks by median: no draws involved


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [({"year": "2020"}, "year"), ({"n_draws": 0}, "n_draws"), ({"level": "planet"}, "level"), ({"seed": 1.5}, "seed")],
)
def test_bad_parameters_are_named(kwargs, named):
    with pytest.raises(ValueError, match=named):
        rankings.region_ranks("invention_patents_per_10k", **kwargs)


def test_a_year_already_observed_is_a_reason_not_a_rank():
    table = rankings.region_ranks("invention_patents_per_10k", year=2015, n_draws=10)
    zhejiang = table[table["region_id"] == "zhejiang"].iloc[0]
    assert pd.isna(zhejiang["rank"]) and "2015" in zhejiang["reason"]


def test_figure_labels_and_sources_in_both_languages(ranks):
    zh, en = figures.ranking_figure(ranks, "zh"), figures.ranking_figure(ranks, "en")
    zh_text = " ".join(t.get_text() for t in zh.axes[0].get_yticklabels())
    en_text = " ".join(t.get_text() for t in en.axes[0].get_yticklabels())
    assert "北京市" in zh_text and "Beijing" in en_text
    assert "每万人" in zh.axes[0].get_title(loc="left") and "2020" in en.axes[0].get_title(loc="left")
    assert "sipo.gov.cn" in en.get_supxlabel()  # the source line from the points' provenance
    zh_notes = " ".join(t.get_text() for t in zh.axes[0].texts)
    assert "未排名" in zh_notes and "one observation" not in zh_notes  # Gansu's reason, in Chinese
    assert "not ranked: one observation" in " ".join(t.get_text() for t in en.axes[0].texts)
    assert figures.figure_bytes(zh, "svg") == figures.figure_bytes(figures.ranking_figure(ranks, "zh"), "svg")
