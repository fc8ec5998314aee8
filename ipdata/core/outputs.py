"""The columns of every table ipdata produces, described once: name, type and meaning, in order.

The input tables are described in ``data/datapackage.json``; this module is its counterpart for the outputs:
the assessment table (:func:`ipdata.assess`, a report's ``assessment.csv``), the batch table
(:func:`ipdata.assess_all`, ``ipdata assess --all``), the forecast table (:func:`ipdata.forecast`) and the
per-plan entries of a report's ``summary.json``. ``docs/outputs.md`` is generated from it and
``tests/unit/core/test_outputs.py`` checks that each table really has these columns, in this order.

Types are those of the Frictionless Table Schema the inputs use: ``string``, ``number`` (a float; empty is
NaN), ``integer`` (a whole number; a nullable ``Int64`` column where it can be empty), ``boolean`` and, for
``summary.json``, ``object``. Probabilities are 0-1; growth rates and progress shares are fractions
(0.1 = 10 %) unless a description says percent.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ASSESS_ALL_COLUMNS",
    "ASSESS_COLUMNS",
    "ASSESS_MEASURE_COLUMNS",
    "ASSESS_TARGET_COLUMNS",
    "FORECAST_COLUMNS",
    "OUTPUT_TABLES",
    "SUMMARY_KEYS",
    "TYPES",
    "Column",
    "column_names",
]

TYPES = ("string", "number", "integer", "boolean", "object")
"""The column types a :class:`Column` may have (Frictionless Table Schema names, plus ``object`` for JSON)."""


@dataclass(frozen=True)
class Column:
    """One column of an output table (or one key of a JSON object).

    Attributes:
        name: The column name, as the table spells it.
        type: One of :data:`TYPES`.
        description: What a value means, true to the code that computes it.
    """

    name: str
    type: str
    description: str


ASSESS_TARGET_COLUMNS: tuple[Column, ...] = (
    Column("target_id", "string", "Target id (`<plan prefix>-NN`), as in `targets.csv`."),
    Column("plan_id", "string", "Plan the target belongs to."),
    Column("region_id", "string", "Region the target is for."),
    Column("indicator_id", "string", "Indicator the target is about."),
    Column("indicator_text_zh", "string", "The document's own wording of the indicator."),
    Column(
        "kind",
        "string",
        "Target kind: level, flow, cumulative, growth_rate, share, floor, count, reduction or increase "
        "(as in `targets.csv`).",
    ),
    Column("comparator", "string", "at_least, at_most, about (左右: within ±5 %) or range (met at its low end)."),
    Column("value", "number", "Target value (empty for ranges)."),
    Column("value_low", "number", "Range low end (the value a range target must reach)."),
    Column("value_high", "number", "Range high end."),
    Column(
        "unit", "string", "Unit of the target value: the indicator's unit, or % for growth_rate/reduction/increase."
    ),
    Column("target_year", "integer", "Year by which the target applies."),
    Column("baseline_year", "integer", "Baseline year where the document states one."),
    Column("baseline_value", "number", "Baseline value where the document states one."),
)
"""The target's own columns at the head of the assessment table (``TARGET_COLUMNS`` in ``assess.targets``)."""

ASSESS_MEASURE_COLUMNS: tuple[Column, ...] = (
    Column(
        "assessable",
        "boolean",
        "True when the target has a probability: from a forecast, or from an outcome already observed.",
    ),
    Column("reason", "string", "Why the target cannot be assessed, in English (a `Reason`); empty when assessable."),
    Column(
        "n_obs",
        "integer",
        "Points of the series used, cut at `as_of` (monthly snapshots included); 0 when no series was read.",
    ),
    Column("data_years", "string", "Dates of those points (`YYYY` or `YYYY-MM`), space-separated."),
    Column("data_sources", "string", "Sources of those points, sorted and unique, `; `-separated."),
    Column(
        "last_year",
        "number",
        "Year of the latest year-end point (a whole number; empty when the series has no year-end point).",
    ),
    Column("last_value", "number", "Value of the latest year-end point, in the indicator's unit."),
    Column(
        "method",
        "string",
        "Models combined, `+`-joined (rw_drift, loglinear, dotm), or `observed` when the target-year value is known; "
        "empty when nothing was projected.",
    ),
    Column(
        "uncertainty",
        "string",
        "Where the forecast's step volatility came from: the series' own (shrunk toward a borrowed one) or "
        "borrowed, and from which series.",
    ),
    Column(
        "projected_value",
        "number",
        "Median of the projection at the target year (the observed value when the outcome is known); for "
        "cumulative targets the projected sum over the period, for growth_rate targets the projected average "
        "annual growth in percent.",
    ),
    Column(
        "projected_lower_80", "number", "Lower end of the central 80 % interval of `projected_value` (quantile 0.1)."
    ),
    Column(
        "projected_upper_80", "number", "Upper end of the central 80 % interval of `projected_value` (quantile 0.9)."
    ),
    Column(
        "probability",
        "number",
        "Probability that the target is met (0-1): the forecast's exact CDF, or the share of simulated paths for "
        "cumulative and floor targets; 1 or 0 when the outcome is observed.",
    ),
    Column(
        "status",
        "string",
        "target_achieved or target_missed (outcome observed), else the probability's word: very_likely (>= 0.9), "
        "likely (>= 0.66), about_as_likely_as_not (>= 0.33), unlikely (>= 0.1), very_unlikely.",
    ),
    Column(
        "projected_attainment_year",
        "integer",
        "First forecast year whose median meets the target (level, flow, count and share targets with a "
        "forecast); empty when none does up to ten years past the target year.",
    ),
    Column(
        "required_growth",
        "number",
        "Compound annual growth (fraction) from the latest year-end value that reaches the target in the target "
        "year (single-year targets whose year is still ahead).",
    ),
    Column(
        "progress_base_year",
        "integer",
        "The base year progress is measured from: the stated baseline, else the first year-end observation from "
        "the plan's base year on; empty where no progress is measured.",
    ),
    Column(
        "progress_base_value",
        "number",
        "The value in `progress_base_year` (the stated baseline value, or that observation).",
    ),
    Column(
        "observed_growth",
        "number",
        "Compound annual growth (fraction) from the baseline (stated, else the first year-end point) to the "
        "latest value.",
    ),
    Column(
        "progress_ratio",
        "number",
        "Eurostat progress ratio: `observed_growth` over the growth the baseline needed to reach the target; "
        "empty once the target is achieved or when the target asks for no change.",
    ),
    Column(
        "progress_category",
        "string",
        "target_achieved, on_track (ratio >= 0.95), progress_needs_acceleration (0.6-0.95), limited_progress "
        "(0-0.6) or deterioration (< 0).",
    ),
    Column(
        "task_progress",
        "number",
        "任务进度: (latest - baseline) / (target - baseline), a fraction; only while the latest year is not past "
        "the target year.",
    ),
    Column(
        "time_progress",
        "number",
        "时间进度: (latest year - baseline year) / (target year - baseline year), a fraction; empty with "
        "`task_progress`.",
    ),
    Column(
        "cn_label",
        "string",
        "Chinese review label from task vs time progress (±5 points): 提前实现, 快于预期, 基本符合预期 or 滞后.",
    ),
)
"""The measures the assessment adds after the target's columns (``TABLE_COLUMNS`` in ``assess.targets``)."""

ASSESS_COLUMNS: tuple[Column, ...] = ASSESS_TARGET_COLUMNS + ASSESS_MEASURE_COLUMNS
"""The assessment table: :func:`ipdata.assess`, a report's ``assessment.csv``; one row per target, none dropped."""

ASSESS_ALL_COLUMNS: tuple[Column, ...] = (
    Column(
        "record",
        "string",
        "`target` (one plan target, from the assessment) or `projection` (one projected year of one series).",
    ),
    Column("region_id", "string", "Region of the target or of the series."),
    Column("indicator_id", "string", "Indicator of the target or of the series."),
    Column(
        "scope",
        "string",
        "The series' scope (`total` or `domestic`) where the indicator is published at both; empty otherwise "
        "and on target rows.",
    ),
    Column("target_id", "string", "Target id (target rows); empty on projections."),
    Column("plan_id", "string", "Plan of the target (target rows); empty on projections."),
    Column(
        "year",
        "integer",
        "Target year (target rows) or projected year (projection rows); empty for a series that was not projected.",
    ),
    Column("n_obs", "integer", "Points of the series (target rows: the points the assessment used)."),
    Column(
        "last_year",
        "integer",
        "Last whole year of the series (target rows: of its year-end points); projections start the year after.",
    ),
    Column(
        "last_value",
        "number",
        "The series' last value (target rows: the latest year-end value), in the indicator's unit.",
    ),
    Column("method", "string", "Models combined, `+`-joined, or `observed` (target rows whose outcome is known)."),
    Column(
        "mean",
        "number",
        "The point forecast (projection rows): the models' average, as the `mean` of `ipdata.forecast`.",
    ),
    Column(
        "median",
        "number",
        "Median of the projection (target rows: `projected_value` of the assessment, a sum or an average growth "
        "for cumulative and growth_rate targets).",
    ),
    Column("lower_80", "number", "Lower end of the central 80 % interval (quantile 0.1)."),
    Column("upper_80", "number", "Upper end of the central 80 % interval (quantile 0.9)."),
    Column("lower_95", "number", "Lower end of the central 95 % interval (quantile 0.025; projection rows)."),
    Column("upper_95", "number", "Upper end of the central 95 % interval (quantile 0.975; projection rows)."),
    Column("probability", "number", "Probability that the target is met (target rows), as in the assessment."),
    Column("status", "string", "The assessment's status (target rows)."),
    Column(
        "reason", "string", "Why a row has no numbers (the assessment's reason, or why a series was not projected)."
    ),
)
"""The batch table (:func:`ipdata.assess_all`, ``ipdata assess --all``; ``BATCH_COLUMNS`` in ``run.batch``)."""

FORECAST_COLUMNS: tuple[Column, ...] = (
    Column(
        "mean",
        "number",
        "The point forecast: the equal-weight average of the models' own forecasts on the original scale (the "
        "forecast to report).",
    ),
    Column("median", "number", "Median of the models' mixture (what an assessment calls the projected value)."),
    Column("lower_80", "number", "Lower end of the central 80 % prediction interval (exact mixture quantile 0.1)."),
    Column("upper_80", "number", "Upper end of the central 80 % prediction interval (quantile 0.9)."),
    Column("lower_95", "number", "Lower end of the central 95 % prediction interval (quantile 0.025)."),
    Column("upper_95", "number", "Upper end of the central 95 % prediction interval (quantile 0.975)."),
    Column(
        "expected_value",
        "number",
        "The mixture's expectation: far above `mean` when the intervals are wide; for sums of expectations, "
        "never as the forecast.",
    ),
)
"""The forecast table (:func:`ipdata.forecast`, default ``level=(80, 95)``), indexed by forecast ``year``.

Other levels give one ``lower_<L>``/``upper_<L>`` pair each, in the order asked; ``attrs`` names the models,
the uncertainty, the scale and the drift damping.
"""

SUMMARY_KEYS: tuple[Column, ...] = (
    Column(
        "status_counts",
        "object",
        "Targets per status (status id -> count); statuses no target has are left out.",
    ),
    Column("targets", "integer", "Targets in the plan."),
    Column("targets_assessed", "integer", "Targets with a probability (from a forecast or an observed outcome)."),
    Column(
        "targets_with_observations",
        "integer",
        "Targets with a latest observed value (a non-empty `latest_value` in `targets_latest.csv`).",
    ),
)
"""The keys of each plan's entry in a report's ``summary.json`` (``{plan_id: {...}}``), in the file's (sorted) order."""

OUTPUT_TABLES: dict[str, tuple[Column, ...]] = {
    "assess": ASSESS_COLUMNS,
    "assess_all": ASSESS_ALL_COLUMNS,
    "forecast": FORECAST_COLUMNS,
    "summary.json": SUMMARY_KEYS,
}
"""Every output table by name: ``assess``, ``assess_all``, ``forecast`` and ``summary.json``."""


def column_names(table: str) -> list[str]:
    """The column names of an output table, in order.

    Args:
        table: A key of :data:`OUTPUT_TABLES`.

    Returns:
        The names, e.g. ``column_names("assess_all")`` for the batch table's header.

    Raises:
        KeyError: an unknown table (the message lists the known ones).
    """
    if table not in OUTPUT_TABLES:
        raise KeyError(f"unknown output table {table!r}; known: {', '.join(OUTPUT_TABLES)}")
    return [c.name for c in OUTPUT_TABLES[table]]
