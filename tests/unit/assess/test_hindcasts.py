"""ipdata.plan_backtest: a forecast made with the data at each plan's start, scored once the outcome is known."""

from __future__ import annotations

import pandas as pd
import pytest

import ipdata
from ipdata.assess.hindcasts import target_outcome
from ipdata.catalog.tables import VALUE_KINDS

# Jiaxing invention grants up to the plan's baseline year 2015, and the 2020 outcome
ROWS = [(2012, 900), (2013, 1000), (2014, 1100), (2015, 1184), (2020, 3000)]


@pytest.fixture()
def outcome_file(write_csv):
    return write_csv("region,indicator,year,value\n" + "".join(f"jiaxing,invention_grants,{y},{v}\n" for y, v in ROWS))


def test_scores_exactly_the_targets_whose_outcome_is_in_the_file(outcome_file):
    history = ipdata.plan_backtest("jiaxing_13fyp", observations=outcome_file, n_paths=500)
    assert len(history) == len(ipdata.targets(plan="jiaxing_13fyp"))
    assert (history["as_of"] == 2015).all()  # the year before the 2016-2020 period
    scored = history[history["brier"].notna()]
    assert list(scored["target_id"]) == ["jx13-18"]  # Jiaxing invention grants, 2500 in 2020
    row = scored.iloc[0]
    assert row["actual"] == 3000 and bool(row["met"])
    assert 0 < row["probability"] < 1 and row["projected_value"] < 3000  # made with 2012-2015 only
    assert row["brier"] == pytest.approx((row["probability"] - 1) ** 2)
    assert bool(row["inside_80"]) == (row["projected_lower_80"] <= 3000 <= row["projected_upper_80"])
    summary = ipdata.plan_backtest_summary(history)
    assert summary["scored"] == 1 and summary["outcome_observed"] == 1
    assert summary["brier"] == pytest.approx(row["brier"])
    assert summary["coverage80"] == float(bool(row["inside_80"]))


def test_without_outcomes_nothing_is_scored():
    history = ipdata.plan_backtest("jiaxing_13fyp", n_paths=500)
    summary = ipdata.plan_backtest_summary(history)
    assert summary["targets"] == len(history) and summary["scored"] == 0
    assert pd.isna(summary["brier"]) and pd.isna(summary["coverage80"])
    assert history["met"].isna().all() and history["inside_80"].isna().all()
    # Jiaxing's bundled invention grants: 2015 only, so no forecast at the plan's start
    assert pd.isna(history.set_index("target_id").loc["jx13-18", "probability"])


def test_target_outcome_only_for_value_targets(outcome_file):
    t = ipdata.targets()
    grants = t[t["target_id"] == "jx13-18"].iloc[0]
    assert target_outcome(grants, outcome_file) == 3000
    assert target_outcome(grants) is None  # the bundled data have no 2020 value
    others = t[~t["kind"].isin(VALUE_KINDS)]
    assert len(others) and all(target_outcome(r, outcome_file) is None for _, r in others.iterrows())


def test_each_target_is_assessed_once(call_counts):
    history = ipdata.plan_backtest("shantou_13fyp", n_paths=200)
    assert call_counts["assess_target"] == len(history) == len(ipdata.targets(plan="shantou_13fyp"))
