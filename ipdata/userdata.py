"""Read and validate an analyst's own observations (CSV or Excel).

City series are rarely published; local analysts keep them in spreadsheets. This module accepts
such a file with the same columns as the bundled observations (ids or names for region and
indicator), checks every cell, and reports all problems at once with file, row and column.
"""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

import pandas as pd

from .catalog import ANNUAL, MONTHLY, _read, resolve_indicator, resolve_region
from .errors import DataValidationError, Problem, UnknownIdError

__all__ = ["UNIT_CONVERSIONS", "read_observations"]

# (unit found, indicator unit) -> factor to multiply by. Anything else is a unit mismatch.
UNIT_CONVERSIONS: dict[tuple[str, str], float] = {
    ("件/百万人", "件/万人"): 0.01,
    ("万件", "件"): 10_000.0,
    ("万元", "亿元"): 0.0001,
    ("亿元", "万元"): 10_000.0,
}
COLUMN_ALIASES = {"region_id": "region", "indicator_id": "indicator", "地区": "region", "指标": "indicator",
                  "年份": "year", "日期": "date", "数值": "value", "单位": "unit", "来源": "source_url"}
REQUIRED = ["region", "indicator", "value"]
OPTIONAL = ["date", "year", "unit", "scope", "status", "source_url", "quote", "notes"]
STATUSES = ["final", "preliminary", "derived", "unofficial"]
DATE_FORMS = "YYYY (year or year end), YYYY-MM (monthly snapshot) or YYYY/YYYY (period total)"


def _load(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return pd.read_excel(path, dtype=str, keep_default_na=False)
    raise DataValidationError([Problem(str(path), None, None, f"expected a .csv or .xlsx file, found '{suffix or 'no extension'}'")])


def _normalise_date(raw: str) -> str | None:
    text = raw.strip()
    if re.fullmatch(r"\d{4}\.0", text):  # Excel turns 2015 into 2015.0
        text = text[:-2]
    if ANNUAL.fullmatch(text) or re.fullmatch(r"\d{4}/\d{4}", text):
        return text
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})(-\d{1,2})?", text):
        if 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


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
        raise DataValidationError([Problem(name, 1, c, f"missing required column; expected columns {REQUIRED + ['date or year']}, "
                                           f"optional {OPTIONAL[2:]}; found {list(raw.columns)}") for c in missing])
    date_col = "date" if "date" in raw.columns else "year"
    info = _read("indicators").set_index("indicator_id")
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    for i, rec in enumerate(raw.to_dict("records"), start=2):
        row_problems = len(problems)

        def bad(column: str, message: str) -> None:
            problems.append(Problem(name, i, column, message))

        try:
            region = resolve_region(rec["region"])
        except UnknownIdError as exc:
            bad("region", str(exc))
        try:
            indicator = resolve_indicator(rec["indicator"])
        except UnknownIdError as exc:
            bad("indicator", str(exc))
        date = _normalise_date(str(rec[date_col]))
        if date is None:
            bad(date_col, f"expected {DATE_FORMS}, found {rec[date_col]!r}")
        try:
            value = float(str(rec["value"]).replace(",", "").strip())
            if value != value:  # NaN
                raise ValueError
        except ValueError:
            bad("value", f"expected a number, found {rec['value']!r}")
            value = None
        scope = str(rec.get("scope", "") or "").strip()
        if scope not in ("", "total", "domestic"):
            bad("scope", f"expected empty, 'total' or 'domestic', found {scope!r}")
        status = str(rec.get("status", "") or "").strip() or "final"
        if status not in STATUSES:
            bad("status", f"expected one of {STATUSES}, found {status!r}")
        if len(problems) > row_problems:
            continue
        unit_expected = info.loc[indicator, "unit"]
        unit = str(rec.get("unit", "") or "").strip() or unit_expected
        derivation = ""
        if unit != unit_expected:
            factor = UNIT_CONVERSIONS.get((unit, unit_expected))
            if factor is None:
                bad("unit", f"unit mismatch for {indicator}: expected {unit_expected!r}, found {unit!r}")
                continue
            derivation = f"converted from {rec['value']} {unit} by multiplying by {factor:g}"
            value *= factor
        low, high = info.loc[indicator, "lower_bound"], info.loc[indicator, "upper_bound"]
        if pd.notna(low) and value < low:
            bad("value", f"{indicator} cannot be below {low:g} {unit_expected}; found {value:g}")
            continue
        if pd.notna(high) and value > high:
            bad("value", f"{indicator} cannot be above {high:g} {unit_expected}; found {value:g}")
            continue
        rows.append(dict(obs_id=f"user-{path.name}-{i}", region_id=region, indicator_id=indicator, scope=scope, date=date,
                         value=value, unit=unit_expected, status=status, source_file=path.name, source_row=str(i),
                         source_url=str(rec.get("source_url", "") or ""), quote=str(rec.get("quote", "") or ""),
                         derivation=derivation, notes=str(rec.get("notes", "") or ""), origin="user"))
    seen: dict[tuple[str, str, str, str], tuple[int, float]] = {}
    for row in rows:
        key = (row["region_id"], row["indicator_id"], row["scope"], row["date"])
        line = int(row["source_row"])
        if key in seen and seen[key][1] != row["value"]:
            problems.append(Problem(name, line, "value", f"conflicts with row {seen[key][0]}: {key[0]} {key[1]} {key[3]} "
                                    f"is {seen[key][1]:g} there and {row['value']:g} here; keep one"))
        seen.setdefault(key, (line, row["value"]))
    if problems:
        raise DataValidationError(problems)
    df = pd.DataFrame(rows, columns=["obs_id", "region_id", "indicator_id", "scope", "date", "value", "unit", "status",
                                     "source_file", "source_row", "source_url", "quote", "derivation", "notes", "origin"])
    # identical duplicates carry no conflict; keep the first so each date has one user value
    return df.drop_duplicates(subset=["region_id", "indicator_id", "scope", "date"], keep="first").reset_index(drop=True)
