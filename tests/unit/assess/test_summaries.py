"""The expected number of targets met is a Poisson-binomial sum, not a count of 'likely' labels."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from ipdata.assess.summaries import early_warning, plan_summary, poisson_binomial


def _brute_force(p: list[float]) -> np.ndarray:
    pmf = np.zeros(len(p) + 1)
    for outcome in itertools.product([0, 1], repeat=len(p)):
        pmf[sum(outcome)] += np.prod([q if o else 1 - q for q, o in zip(p, outcome)])
    return pmf


@pytest.mark.parametrize("p", [[0.5], [0.1, 0.9, 0.55], [0.0, 1.0, 0.3, 0.7, 0.25], [0.2] * 7])
def test_poisson_binomial_is_exact(p):
    assert poisson_binomial(p) == pytest.approx(_brute_force(p), abs=1e-12)


def _table(rows):
    return pd.DataFrame(rows, columns=["target_id", "assessable", "probability", "status", "cn_label"])


def test_summary_counts_and_interval():
    table = _table(
        [
            ("a", True, 1.0, "target_achieved", "提前实现"),
            ("b", True, 0.0, "target_missed", None),
            ("c", True, 0.55, "about_as_likely_as_not", "基本符合预期"),
            ("d", True, 0.55, "about_as_likely_as_not", "滞后"),
            ("e", True, 0.3, "unlikely", None),
            ("f", False, np.nan, None, None),
        ]
    )
    s = plan_summary(table)
    assert (s.targets, s.assessed, s.achieved, s.missed) == (6, 5, 1, 1)
    assert s.expected_met == pytest.approx(2.4)
    cdf = np.cumsum(poisson_binomial([1.0, 0.0, 0.55, 0.55, 0.3]))
    assert cdf[s.met_lower_80] >= 0.1 and (s.met_lower_80 == 0 or cdf[s.met_lower_80 - 1] < 0.1)
    assert cdf[s.met_upper_80] >= 0.9 and cdf[s.met_upper_80 - 1] < 0.9
    assert s.warnings == ["b", "d", "e"]  # under 0.5, or behind schedule (滞后); never the unassessed


def test_early_warning_ignores_targets_that_cannot_be_judged():
    assert not early_warning(pd.Series({"assessable": False, "probability": np.nan, "cn_label": "滞后"}))
