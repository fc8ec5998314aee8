"""ipdata.catalog.schema: breaking a table is caught with file, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ipdata import DataValidationError, validate_datapackage


def _edit(folder: Path, name: str, row: int, column: str, value: str) -> None:
    """Set one cell (row numbered as a spreadsheet: header = 1) of a CSV in folder."""
    path = folder / name
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0].keys())
    rows[row - 2][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("name", "row", "column", "value", "expected"),
    [
        ("targets.csv", 5, "kind", "levle", "expected one of"),
        ("targets.csv", 7, "value", "twenty", "expected a number"),
        ("targets.csv", 3, "quote_zh", "", "a value is required"),
        ("targets.csv", 4, "target_id", "jx13-01", "must be unique"),
        ("targets.csv", 6, "indicator_id", "no_such_indicator", "is not a indicators.indicator_id"),
        ("observations_seeds.csv", 2, "date", "2015-13", "does not match"),
        ("plans.csv", 2, "period_start", "2016", "expected the form of '2021-01'"),
        ("regions.csv", 3, "parent_id", "atlantis", "is not a regions.region_id"),
    ],
)
def test_broken_cell_is_reported_with_place(data_copy, name, row, column, value, expected):
    _edit(data_copy, name, row, column, value)
    with pytest.raises(DataValidationError) as info:
        validate_datapackage(data_copy)
    problems = [p for p in info.value.problems if p.file == name and p.row == row and p.column == column]
    assert problems, info.value
    assert expected in problems[0].message


def test_wrong_header_is_reported(data_copy):
    path = data_copy / "plans.csv"
    text = path.read_text(encoding="utf-8").replace("seed_file", "seed", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"plans.csv, row 1: expected columns"):
        validate_datapackage(data_copy)
