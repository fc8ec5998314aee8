"""Every plan target is in targets.csv, quoted verbatim from its seed document, with consistent values and units."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import ipdata
from ipdata.catalog.tables import target_problems


def _squash(text: str) -> str:
    """Remove white space (and the ' | ' used to join table cells) for verbatim comparison."""
    return re.sub(r"[\s|]", "", text)


@pytest.fixture(scope="module")
def all_targets() -> pd.DataFrame:
    return ipdata.targets()


def test_counts_per_plan(all_targets):
    counts = all_targets.groupby("plan_id").size().to_dict()
    assert counts == {
        "jiaxing_13fyp": 28,
        "zhejiang_13fyp": 36,
        "jiaxing_strong_city_2022": 7,
        "shantou_13fyp": 14,
        "wujiang_demo_2021": 16,
    }


def test_both_columns_of_the_jiaxing_table(all_targets):
    jx = all_targets[all_targets["plan_id"] == "jiaxing_13fyp"]
    assert (jx["region_id"] == "zhejiang").sum() == 7
    per10k = jx[jx["indicator_id"] == "invention_patents_per_10k"].set_index("region_id")["value"]
    assert per10k.to_dict() == {"jiaxing": 20.0, "zhejiang": 17.0}


def test_quotes_are_verbatim_in_the_seed(all_targets, shared):
    seeds = {f: _squash((shared / "seeds" / f).read_text(encoding="utf-8")) for f in all_targets["seed_file"].unique()}
    missing = [t.target_id for t in all_targets.itertuples() if _squash(t.quote_zh) not in seeds[t.seed_file]]
    assert missing == []


def test_quoted_number_matches_value(all_targets):
    """The number in the quote is the target value (1.8万 = 18000, 1/3 = 33.3%)."""
    special = {"zj13-12": "11", "zj13-15": "1/3", "zj13-16": "2/3", "jx25-07": "全覆盖"}
    for t in all_targets.itertuples():
        quote = t.quote_zh.replace(" ", "")
        if t.target_id in special:
            assert special[t.target_id] in quote
            continue
        if pd.isna(t.value):
            lo, hi = int(t.value_low), int(t.value_high)
            assert re.search(rf"{lo}\s*[-—]\s*{hi}", quote), t.target_id
            continue
        forms = {f"{t.value:g}"}
        if t.value >= 10_000:
            forms.add(f"{t.value / 10_000:g}万")
        assert any(f in quote for f in forms), (t.target_id, t.value, t.quote_zh)


def _rule_problems(df: pd.DataFrame) -> list:
    return target_problems(df, ipdata.plans(), ipdata.indicators(), "targets.csv")


def test_targets_keep_the_target_rules(all_targets):
    """Units, ranges, periods and baselines: the one home of these rules is ipdata.catalog.tables.target_problems."""
    assert _rule_problems(all_targets) == []


def test_the_target_rules_catch_a_broken_row(all_targets):
    broken = all_targets.copy()
    broken.loc[0, "unit"] = "件"
    broken.loc[1, "target_year"] = 2030
    assert {(p.row, p.column) for p in _rule_problems(broken)} == {(2, "unit"), (3, "target_year")}
