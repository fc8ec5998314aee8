"""The output tables have exactly the columns ipdata.core.outputs describes, in order, with those types."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import ipdata
from ipdata.core.outputs import OUTPUT_TABLES, TYPES, Column, column_names
from ipdata.run.tables import write_tables

PLAN = "shantou_13fyp"


@pytest.fixture(scope="module")
def assessed() -> pd.DataFrame:
    return ipdata.assess(plan=PLAN)


@pytest.fixture(scope="module")
def batch() -> pd.DataFrame:
    return ipdata.assess_all([PLAN], progress=False)


@pytest.fixture(scope="module")
def forecasted() -> pd.DataFrame:
    return ipdata.forecast(ipdata.series("zhejiang", "invention_patents_per_10k"), horizon=3)


def _type_of(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "integer"
    if pd.api.types.is_float_dtype(column):
        return "number"
    if pd.api.types.is_string_dtype(column) or column.dtype == object:
        return "string"
    raise AssertionError(f"{column.name}: unexpected dtype {column.dtype}")


def _types_match(table: pd.DataFrame, schema: tuple[Column, ...]) -> list[str]:
    return [f"{c.name}: {c.type} vs {_type_of(table[c.name])}" for c in schema if _type_of(table[c.name]) != c.type]


def test_every_table_is_described_with_known_types_and_unique_names():
    assert set(OUTPUT_TABLES) == {"assess", "assess_all", "forecast", "summary.json"}
    for name, schema in OUTPUT_TABLES.items():
        names = column_names(name)
        assert len(names) == len(set(names)), name
        assert all(c.type in TYPES and c.description.strip() for c in schema), name


# The columns as the assessment and batch tables had them before the lists moved to ipdata.core.outputs: the
# described columns must stay these (a reordering changes every assessment.csv and every batch file).
ASSESS_BEFORE = [
    "target_id",
    "plan_id",
    "region_id",
    "indicator_id",
    "indicator_text_zh",
    "kind",
    "comparator",
    "value",
    "value_low",
    "value_high",
    "unit",
    "target_year",
    "baseline_year",
    "baseline_value",
    "assessable",
    "reason",
    "n_obs",
    "data_years",
    "data_sources",
    "last_year",
    "last_value",
    "method",
    "uncertainty",
    "projected_value",
    "projected_lower_80",
    "projected_upper_80",
    "probability",
    "status",
    "projected_attainment_year",
    "required_growth",
    "progress_base_year",  # added for issue 21: the completion table shows the base progress was read from
    "progress_base_value",
    "observed_growth",
    "progress_ratio",
    "progress_category",
    "task_progress",
    "time_progress",
    "cn_label",
]
BATCH_BEFORE = [
    "record",
    "region_id",
    "indicator_id",
    "scope",
    "target_id",
    "plan_id",
    "year",
    "n_obs",
    "last_year",
    "last_value",
    "method",
    "mean",
    "median",
    "lower_80",
    "upper_80",
    "lower_95",
    "upper_95",
    "probability",
    "status",
    "reason",
]


def test_the_described_columns_are_those_of_before():
    assert column_names("assess") == ASSESS_BEFORE
    assert column_names("assess_all") == BATCH_BEFORE


def test_the_assessment_table_has_the_described_columns(assessed):
    assert list(assessed.columns) == column_names("assess")
    assert not _types_match(assessed, OUTPUT_TABLES["assess"])


def test_the_batch_table_has_the_described_columns(batch):
    assert set(batch["record"]) == {"target", "projection"}
    assert list(batch.columns) == column_names("assess_all")
    assert not _types_match(batch, OUTPUT_TABLES["assess_all"])


def test_the_forecast_table_has_the_described_columns(forecasted):
    assert list(forecasted.columns) == column_names("forecast")
    assert forecasted.index.name == "year"
    assert not _types_match(forecasted, OUTPUT_TABLES["forecast"])


def test_summary_json_has_the_described_keys(tmp_path):
    write_tables(tmp_path, [PLAN])
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert list(summary) == [PLAN]
    assert list(summary[PLAN]) == column_names("summary.json")
    python_types = {"integer": int, "object": dict}
    assert all(isinstance(summary[PLAN][c.name], python_types[c.type]) for c in OUTPUT_TABLES["summary.json"])


def test_an_unknown_table_is_named():
    with pytest.raises(KeyError, match="known: assess"):
        column_names("assessment")
