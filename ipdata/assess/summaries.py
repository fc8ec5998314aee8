"""What a plan's assessment adds up to: counts by status, the expected number of targets met, early warnings.

An evaluation report opens with one paragraph: how many targets, how many met, how many expected to
be met. The expected number is not a count of "likely" labels (three targets at 55 % are not three
targets met): each target's probability is a Bernoulli trial, and the number met is their sum, a
Poisson-binomial variable whose mean and 80 % interval this module computes exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..core.words import CN_REVIEW_LABELS

__all__ = ["WARNING_PROBABILITY", "PlanSummary", "early_warning", "plan_summary", "poisson_binomial"]

WARNING_PROBABILITY = 0.5  # 预警: a target less likely than not to be met, or behind schedule (滞后)


def poisson_binomial(probabilities: np.ndarray | list[float]) -> np.ndarray:
    """Distribution of the number of successes of independent trials with these probabilities.

    Exact, by adding one trial at a time (O(n²); a plan has tens of targets). Written here because
    SciPy has no Poisson-binomial distribution.

    Returns:
        ``pmf`` with ``pmf[k]`` = P(k successes), ``k = 0..n``.
    """
    p = np.clip(np.asarray(probabilities, dtype=float), 0.0, 1.0)
    pmf = np.zeros(len(p) + 1)
    pmf[0] = 1.0
    for k, q in enumerate(p, start=1):
        pmf[1 : k + 1] = pmf[1 : k + 1] * (1 - q) + pmf[:k] * q
        pmf[0] *= 1 - q
    return pmf


def early_warning(row: pd.Series) -> bool:
    """预警: an assessed target whose probability is under 0.5, or whose progress is behind time (滞后)."""
    if not bool(row["assessable"]):
        return False
    low = pd.notna(row["probability"]) and float(row["probability"]) < WARNING_PROBABILITY
    return bool(low or row.get("cn_label") == CN_REVIEW_LABELS["behind"])


@dataclass(frozen=True)
class PlanSummary:
    """One plan's assessment in numbers.

    Attributes:
        targets: Targets in the plan.
        assessed: Targets with a probability (forecast or known outcome).
        achieved: Targets whose outcome is known and met.
        missed: Targets whose outcome is known and not met.
        expected_met: Expected number of assessed targets met (sum of probabilities).
        met_lower_80, met_upper_80: Central 80 % interval of that number (Poisson-binomial quantiles 0.1 and 0.9).
        status_counts: Targets per status (``very_likely`` ... ``target_achieved``).
        warnings: Target ids under early warning (:func:`early_warning`), in table order.
    """

    targets: int
    assessed: int
    achieved: int
    missed: int
    expected_met: float
    met_lower_80: int
    met_upper_80: int
    status_counts: dict[str, int]
    warnings: list[str]


def plan_summary(table: pd.DataFrame) -> PlanSummary:
    """Summarise an assessment table (one plan's rows of :func:`ipdata.assess`)."""
    judged = table[table["assessable"] & table["probability"].notna()]
    pmf = poisson_binomial(judged["probability"].to_numpy(dtype=float))
    cdf = np.cumsum(pmf)
    lower = int(np.searchsorted(cdf, 0.1 - 1e-12))  # smallest k with P(N <= k) >= 0.1
    upper = int(np.searchsorted(cdf, 0.9 - 1e-12))
    counts = table["status"].dropna().value_counts().sort_index()
    return PlanSummary(
        targets=len(table),
        assessed=len(judged),
        achieved=int((table["status"] == "target_achieved").sum()),
        missed=int((table["status"] == "target_missed").sum()),
        expected_met=float(judged["probability"].sum()),
        met_lower_80=lower,
        met_upper_80=upper,
        status_counts={str(k): int(v) for k, v in counts.items()},
        warnings=[str(r["target_id"]) for _, r in table.iterrows() if early_warning(r)],
    )
