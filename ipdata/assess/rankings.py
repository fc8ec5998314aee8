"""Cross-region view: regions ranked on an indicator by their projected value, with rank intervals.

A league table of point forecasts overstates what is known: two provinces whose 80 % intervals overlap may
swap places. So each region's rank comes with an interval read off the forecast distributions themselves:
every region's distribution (:func:`ipdata.assess.targets.fit_for_target`, the one an assessment uses) is
sampled ``n_draws`` times, the regions are ranked within each draw, and the 10th and 90th percentiles of each
region's ranks are its 80 % rank interval (the approach of ranking with uncertainty in league tables, e.g.
Goldstein & Spiegelhalter 1996). Each region's draws come from their own seeded stream, so the table is the
same on every run.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog.tables import indicators, regions, resolve_indicator
from ..core import checks
from ..core.checks import whole_number
from ..core.errors import AmbiguousScopeError
from ..core.words import Reason
from ..forecast.engine import CENTRAL_80
from ..observed.observations import ObservationSet, ObservationsInput, observation_set, provenance, series
from .targets import fit_for_target

__all__ = ["RANK_COLUMNS", "region_ranks"]

RANK_COLUMNS = [
    "rank",
    "rank_lower_80",
    "rank_upper_80",
    "region_id",
    "name_zh",
    "name_en",
    "n_obs",
    "last_date",
    "last_value",
    "median",
    "lower_80",
    "upper_80",
    "reason",
]


def region_ranks(
    indicator: str,
    year: int = 2020,
    level: str = "province",
    observations: ObservationsInput = None,
    n_draws: int = 4000,
    seed: int = 0,
) -> pd.DataFrame:
    """Rank every region of ``level`` on ``indicator`` by its projected value in ``year``, with rank intervals.

    Args:
        indicator: Indicator id or name (e.g. ``invention_patents_per_10k``, 每万人发明专利拥有量).
        year: The year compared (after every region's last observation: a projection, not a record).
        level: Administrative level of the regions compared (``province``, ``city``...).
        observations: An analyst's observations, merged as everywhere.
        n_draws: Joint draws of the regions' distributions.
        seed: Seed of the draws (same inputs and seed, same table).

    Returns:
        One row per region of the level with data (:data:`RANK_COLUMNS`): ``rank`` (1 = best: highest for an
        indicator that should rise) by projected median, the 80 % rank interval, the projected median and 80 %
        interval; regions that cannot be projected (one point, values off the scale, ``year`` already observed)
        come last with a ``reason`` and no rank. ``attrs["sources"]`` lists the sources of the points used,
        ``attrs["reasons"]`` each unranked region's :class:`ipdata.core.words.Reason` (for words in either language).

    Raises:
        UnknownIdError: an unknown indicator.
        ValueError: an unknown level, a year, draw count or seed that is not a whole number (named).
    """
    indicator_id = resolve_indicator(indicator)
    checks.year("year", year)
    whole_number("n_draws", n_draws, 1)
    checks.seed("seed", seed)
    table = regions()
    if level not in set(table["level"]):
        raise ValueError(f"level must be one of {sorted(set(table['level']))}, got {level!r}")
    merged = observation_set(observations)
    chosen = table[table["level"] == level].sort_values("region_id")
    rows: list[dict[str, object]] = []
    draws: list[np.ndarray] = []
    sources: set[str] = set()
    for _, region in chosen.iterrows():
        if (region["region_id"], indicator_id) not in merged.groups:
            continue
        row, sample, used = _projected(region, indicator_id, int(year), merged, n_draws, [int(seed), len(rows)])
        rows.append(row)
        if sample is not None:
            draws.append(sample)
            sources |= set(used)
    out = pd.DataFrame(rows, columns=RANK_COLUMNS)
    # the table says why in English (as every ipdata table); a figure says it in its language from attrs
    reasons = {str(r["region_id"]): r["reason"] for r in rows if isinstance(r["reason"], Reason)}
    out["reason"] = out["reason"].map(str)
    ranked = out["reason"] == ""
    if draws:
        sign = -1.0 if indicators().set_index("indicator_id").loc[indicator_id, "direction"] != "decrease" else 1.0
        values = sign * np.vstack(draws)  # (regions, draws): smaller is better after the sign
        ranks = values.argsort(axis=0).argsort(axis=0) + 1
        medians = sign * out.loc[ranked, "median"].to_numpy(float)
        out.loc[ranked, "rank"] = medians.argsort().argsort() + 1
        out.loc[ranked, "rank_lower_80"] = np.quantile(ranks, 0.1, axis=1, method="inverted_cdf")
        out.loc[ranked, "rank_upper_80"] = np.quantile(ranks, 0.9, axis=1, method="inverted_cdf")
    for column in ("rank", "rank_lower_80", "rank_upper_80", "n_obs"):
        out[column] = out[column].astype("Int64")
    out = out.sort_values(["rank", "region_id"], na_position="last", kind="stable").reset_index(drop=True)
    out.attrs = {
        "indicator": indicator_id,
        "year": int(year),
        "level": level,
        "sources": sorted(sources),
        "reasons": reasons,
    }
    return out


def _projected(
    region: pd.Series, indicator: str, year: int, merged: ObservationSet, n_draws: int, stream: list[int]
) -> tuple[dict[str, object], np.ndarray | None, list[str]]:
    """One region's row, its ``n_draws`` draws of the value in ``year`` (None: cannot be projected), its sources."""
    row: dict[str, object] = {
        "region_id": region["region_id"],
        "name_zh": region["name_zh"],
        "name_en": region["name_en"],
        "reason": "",
    }
    try:
        s = series(region["region_id"], indicator, observations=merged)
    except AmbiguousScopeError:
        s = series(region["region_id"], indicator, scope="total", observations=merged)
    row.update(n_obs=len(s), last_date=str(s.index[-1]) if len(s) else "", last_value=s.iloc[-1] if len(s) else None)
    if len(s) < 2:
        row["reason"] = Reason("one_observation")
        return row, None, []
    fitted = fit_for_target(s, str(region["region_id"]), indicator, year)
    if isinstance(fitted, Reason) or year not in fitted.years:
        row["reason"] = fitted if isinstance(fitted, Reason) else Reason("target_year_passed", {"year": year})
        return row, None, []
    k = fitted.years.index(year)
    median, lower, upper = fitted.quantiles(list(CENTRAL_80))[:, k]
    row.update(median=float(median), lower_80=float(lower), upper_80=float(upper))
    seed = int(np.random.SeedSequence(stream).generate_state(1)[0])  # its own stream: draws independent
    return row, fitted.sample(n_draws, seed)[:, k], sorted(set(provenance(s)["source"]))
