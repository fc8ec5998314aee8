"""Read and validate an analyst's own observations (CSV or Excel).

City series are rarely published; local analysts keep them in spreadsheets. This module accepts
such a file with the same columns as the bundled observations (ids or names for region and
indicator), checks every cell, and reports all problems at once with file, row and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from .catalog import resolve_indicator, resolve_region, table
from .datapackage import field_names
from .dates import ANNUAL, PERIOD
from .errors import DataValidationError, Problem, UnknownIdError

__all__ = ["UNIT_CONVERSIONS", "read_observations"]

# (unit found, indicator unit) -> factor to multiply by. Anything else is a unit mismatch.
UNIT_CONVERSIONS: dict[tuple[str, str], float] = {
    ("件/百万人", "件/万人"): 0.01,
    ("万件", "件"): 10_000.0,
    ("万元", "亿元"): 0.0001,
    ("亿元", "万元"): 10_000.0,
}
COLUMN_ALIASES = {
    "region_id": "region",
    "indicator_id": "indicator",
    "地区": "region",
    "指标": "indicator",
    "年份": "year",
    "日期": "date",
    "数值": "value",
    "单位": "unit",
    "来源": "source_url",
}
REQUIRED = ["region", "indicator", "value"]
OPTIONAL = ["date", "year", "unit", "scope", "status", "source_url", "quote", "notes"]
STATUSES = ["final", "preliminary", "derived", "unofficial"]
Record = Mapping[Hashable, Any]  # one row of the analyst's table, by column name
DATE_FORMS = "YYYY (year or year end), YYYY-MM (monthly snapshot) or YYYY/YYYY (period total)"


def _load(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    raise DataValidationError(
        [Problem(str(path), None, None, f"expected a .csv or .xlsx file, found '{suffix or 'no extension'}'")]
    )


def _normalise_date(raw: str) -> str | None:
    text = raw.strip()
    if re.fullmatch(r"\d{4}\.0", text):  # Excel turns 2015 into 2015.0
        text = text[:-2]
    if ANNUAL.fullmatch(text) or PERIOD.fullmatch(text):
        return text
    if (m := re.fullmatch(r"(\d{4})-(\d{1,2})(-\d{1,2})?", text)) and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


def _read_table(path: Path) -> pd.DataFrame:
    """The file as a table of strings with canonical column names; raises when a required column is missing."""
    name = str(path)
    try:
        raw = _load(path)
    except DataValidationError:
        raise
    except Exception as exc:  # parser errors: say which file and why
        raise DataValidationError([Problem(name, None, None, f"could not be read as a table: {exc}")]) from exc
    raw = raw.rename(columns=lambda c: COLUMN_ALIASES.get(str(c).strip(), str(c).strip()))
    missing = [c for c in REQUIRED if c not in raw.columns]
    if "date" not in raw.columns and "year" not in raw.columns:
        missing.append("date")
    if missing:
        raise DataValidationError(
            [
                Problem(
                    name,
                    1,
                    c,
                    f"missing required column; expected columns {REQUIRED + ['date or year']}, "
                    f"optional {OPTIONAL[2:]}; found {list(raw.columns)}",
                )
                for c in missing
            ]
        )
    return raw


def _cell(rec: Record, column: str) -> str:
    """An optional column's cell as text (empty when the column or the value is missing)."""
    return str(rec.get(column, "") or "")


def _text(rec: Record, column: str) -> str:
    return _cell(rec, column).strip()


def _parse_cells(rec: Record, date_col: str, bad: Callable[[str, str], None]) -> dict[str, Any] | None:
    """Each cell of one row checked on its own; ``None`` (problems reported through ``bad``) if any fails."""
    out: dict[str, Any] = {}
    ok = True

    def fail(column: str, message: str) -> None:
        nonlocal ok
        ok = False
        bad(column, message)

    try:
        out["region"] = resolve_region(rec["region"])
    except UnknownIdError as exc:
        fail("region", str(exc))
    try:
        out["indicator"] = resolve_indicator(rec["indicator"])
    except UnknownIdError as exc:
        fail("indicator", str(exc))
    out["date"] = _normalise_date(str(rec[date_col]))
    if out["date"] is None:
        fail(date_col, f"expected {DATE_FORMS}, found {rec[date_col]!r}")
    try:
        out["value"] = float(str(rec["value"]).replace(",", "").strip())
        if out["value"] != out["value"]:  # NaN
            raise ValueError
    except ValueError:
        fail("value", f"expected a number, found {rec['value']!r}")
    out["scope"] = _text(rec, "scope")
    if out["scope"] not in ("", "total", "domestic"):
        fail("scope", f"expected empty, 'total' or 'domestic', found {out['scope']!r}")
    out["status"] = _text(rec, "status") or "final"
    if out["status"] not in STATUSES:
        fail("status", f"expected one of {STATUSES}, found {out['status']!r}")
    return out if ok else None


def _in_indicator_unit(
    cells: dict[str, Any], rec: Record, info: pd.DataFrame, bad: Callable[[str, str], None]
) -> tuple[float, str] | None:
    """The value converted to the indicator's unit, with the conversion said in words; ``None`` if it cannot be."""
    indicator, value = cells["indicator"], cells["value"]
    unit_expected = info.loc[indicator, "unit"]
    unit = _text(rec, "unit") or unit_expected
    derivation = ""
    if unit != unit_expected:
        factor = UNIT_CONVERSIONS.get((unit, unit_expected))
        if factor is None:
            bad("unit", f"unit mismatch for {indicator}: expected {unit_expected!r}, found {unit!r}")
            return None
        derivation = f"converted from {rec['value']} {unit} by multiplying by {factor:g}"
        value *= factor
    low, high = info.loc[indicator, "lower_bound"], info.loc[indicator, "upper_bound"]
    if pd.notna(low) and value < low:
        bad("value", f"{indicator} cannot be below {low:g} {unit_expected}; found {value:g}")
        return None
    if pd.notna(high) and value > high:
        bad("value", f"{indicator} cannot be above {high:g} {unit_expected}; found {value:g}")
        return None
    return value, derivation


def _conflicts(rows: list[dict[str, Any]], name: str) -> list[Problem]:
    """Rows for the same region, indicator, scope and date with different values."""
    problems = []
    seen: dict[tuple[str, str, str, str], tuple[int, float]] = {}
    for row in rows:
        key = (row["region_id"], row["indicator_id"], row["scope"], row["date"])
        line = int(row["source_row"])
        if key in seen and seen[key][1] != row["value"]:
            problems.append(
                Problem(
                    name,
                    line,
                    "value",
                    f"conflicts with row {seen[key][0]}: {key[0]} {key[1]} {key[3]} "
                    f"is {seen[key][1]:g} there and {row['value']:g} here; keep one",
                )
            )
        seen.setdefault(key, (line, row["value"]))
    return problems


def read_observations(path: str | PathLike[str]) -> pd.DataFrame:
    """Read an analyst's observations file and return rows in the bundled observations schema.

    Columns (header row 1): ``region``, ``indicator``, ``value`` and one of ``date``/``year`` are
    required; ``unit``, ``scope``, ``status``, ``source_url``, ``quote``, ``notes`` are optional.
    ``region_id``/``indicator_id`` and the Chinese headers 地区/指标/年份/日期/数值/单位/来源 work too.
    Regions and indicators may be ids or names. Values in a known other unit (件/百万人, 万件,
    万元) are converted and the conversion is written in ``derivation``.

    Args:
        path: A ``.csv`` (UTF-8) or ``.xlsx`` file.

    Returns:
        DataFrame with the bundled observation columns plus ``origin="user"``; ``source_file``
        and ``source_row`` point back into the analyst's file.

    Raises:
        FileNotFoundError: the file does not exist.
        DataValidationError: listing every problem (file, row, column, what was expected):
            missing column, unknown region or indicator (with suggestions), malformed date,
            non-numeric value, value outside the indicator's bounds (e.g. negative counts,
            shares above 100), unit mismatch, unknown scope or status, and duplicate
            (region, indicator, scope, date) rows with conflicting values.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: observations file not found")
    name = str(path)
    raw = _read_table(path)
    date_col = "date" if "date" in raw.columns else "year"
    info = table("indicators").set_index("indicator_id")
    problems: list[Problem] = []
    rows: list[dict[str, Any]] = []
    for i, rec in enumerate(raw.to_dict("records"), start=2):

        def bad(column: str, message: str, line: int = i) -> None:
            problems.append(Problem(name, line, column, message))

        cells = _parse_cells(rec, date_col, bad)
        converted = _in_indicator_unit(cells, rec, info, bad) if cells is not None else None
        if cells is None or converted is None:
            continue
        value, derivation = converted
        rows.append(
            dict(
                obs_id=f"user-{path.name}-{i}",
                region_id=cells["region"],
                indicator_id=cells["indicator"],
                scope=cells["scope"],
                date=cells["date"],
                value=value,
                unit=info.loc[cells["indicator"], "unit"],
                status=cells["status"],
                source_file=path.name,
                source_row=str(i),
                source_url=_cell(rec, "source_url"),
                quote=_cell(rec, "quote"),
                derivation=derivation,
                notes=_cell(rec, "notes"),
                origin="user",
            )
        )
    problems += _conflicts(rows, name)
    if problems:
        raise DataValidationError(problems)
    df = pd.DataFrame(rows, columns=[*field_names("observations_sources"), "origin"])
    # identical duplicates carry no conflict; keep the first so each date has one user value
    return df.drop_duplicates(subset=["region_id", "indicator_id", "scope", "date"], keep="first").reset_index(
        drop=True
    )
