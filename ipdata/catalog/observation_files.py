"""Read and validate an analyst's own observations (CSV or Excel).

City series are rarely published; local analysts keep them in spreadsheets. This module accepts
such a file with the same columns as the bundled observations (ids or names for region and
indicator), checks every cell, and reports all problems at once with file, row and column.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from functools import cache
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..core.dates import date_key
from ..core.errors import DataValidationError, Problem, UnknownIdError
from ..core.words import pick
from .schema import NUMBER, ascii_width, field_names, observation_statuses
from .sheets import Sheet, read_sheet
from .tables import resolve_indicator, resolve_region, table

__all__ = ["UNIT_CONVERSIONS", "observation_rows", "read_observations"]

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
Record = Mapping[str, str]  # one row of the analyst's table: column name -> cell text
DATE_FORMS = "YYYY (year or year end), YYYY-MM (monthly snapshot) or YYYY/YYYY (period total)"
DATE_FORMS_ZH = "YYYY（年份或年末值）、YYYY-MM（月度时点值）或 YYYY/YYYY（期间合计）"
MIN_YEAR = 1949  # no IP statistics of a Chinese region are older; an earlier year is a typing or cell-format slip
MAX_ABS_VALUE = 1e15  # above every count, share or amount (万元/亿元) a region publishes; 1e308 overflows forecasts
GROUPED = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")


@cache
def scoped_series() -> frozenset[tuple[str, str]]:
    """(region, indicator) pairs whose bundled observations carry a scope (national counts): a new value needs one."""
    obs = table("observations_sources")
    scoped = obs[obs["scope"] != ""]
    return frozenset(zip(scoped["region_id"], scoped["indicator_id"]))


def _normalise_date(raw: str, today: dt.date, lang: str = "en") -> tuple[str | None, str]:
    """The date in ipdata's form (``YYYY``, ``YYYY-MM``, ``YYYY/YYYY``), or ``None`` and what is wrong with it.

    Full-width digits (２０１９, typed with a Chinese input method) count as digits; ``2015.0`` (a year
    Excel stored as a number) as 2015; ``YYYY-MM-DD`` as its month, if that day exists. Years must lie
    between ``MIN_YEAR`` and this year: an observation cannot come from the future. ``lang="zh"``: what is
    wrong in Chinese.
    """
    text = ascii_width(raw).strip()
    if re.fullmatch(r"[0-9]{4}\.0", text):  # Excel turns 2015 into 2015.0
        text = text[:-2]
    m = re.fullmatch(r"([0-9]{4})(?:/([0-9]{4})|-([0-9]{1,2})(?:-([0-9]{1,2}))?)?", text)
    if m is None:
        return None, pick((f"日期应为 {DATE_FORMS_ZH}，实际为 {raw!r}", f"expected {DATE_FORMS}, found {raw!r}"), lang)
    years = [int(y) for y in (m.group(1), m.group(2)) if y]
    bad_years = [y for y in years if not MIN_YEAR <= y <= today.year]
    if bad_years:
        hint = " (a year typed into a cell formatted as a date? format the column as a number)" if m.group(4) else ""
        hint_zh = "（是否在日期格式的单元格里输入了年份？请把这一列设为数值格式）" if m.group(4) else ""
        return None, pick(
            (
                f"年份 {bad_years[0]} 不在 {MIN_YEAR}—{today.year} 之间{hint_zh}；实际为 {raw!r}",
                f"year {bad_years[0]} is outside {MIN_YEAR}–{today.year}{hint}; found {raw!r}",
            ),
            lang,
        )
    if m.group(2):
        if years[1] < years[0]:
            return None, pick(
                (
                    f"期间应从较早的年份写到较晚的年份（如 2016/2020）；实际为 {raw!r}",
                    f"a period runs from the earlier year to the later one (e.g. 2016/2020); found {raw!r}",
                ),
                lang,
            )
        if years[1] >= today.year:
            return None, pick(
                (
                    f"期间 {text} 尚未结束（{years[1]}年才结束）；实际为 {raw!r}",
                    f"the period {text} is not over yet (it ends in {years[1]}); found {raw!r}",
                ),
                lang,
            )
        return text, ""
    if m.group(3) is None:
        if years[0] >= today.year:  # a year is its year-end value: 2026's is not known before 2026 ends
            so_far = f"{years[0]}-{max(today.month - 1, 1):02d}"
            return None, pick(
                (
                    f"{years[0]}年尚未结束，还没有年末值；今年到目前为止的数值按月份填写：写作 {so_far}",
                    f"{years[0]} is not over yet, so it has no year-end value; a value so far this year "
                    f"is a month: write {so_far}",
                ),
                lang,
            )
        return text, ""
    month = int(m.group(3))
    try:
        dt.date(years[0], month, int(m.group(4) or 1))
    except ValueError:
        return None, pick(
            (
                f"{raw!r} 不是日历上存在的日期；应为 {DATE_FORMS_ZH}",
                f"{raw!r} is not a date of the calendar; expected {DATE_FORMS}",
            ),
            lang,
        )
    return f"{years[0]}-{month:02d}", ""


def _parse_value(raw: str, lang: str = "en") -> tuple[float | None, str]:
    """The number in a value cell, or ``None`` and why not (in Chinese for ``lang="zh"``).

    A comma is read only as a thousands separator in its right place (``12,345``): ``19,5`` (a decimal
    comma) and ``1,2,3,4`` are errors, not 195 and 1234. Infinite, NaN and implausibly large values
    (beyond ``MAX_ABS_VALUE``) are errors too: they cannot be an observed count, share or amount.
    """
    zh = lang == "zh"
    text = ascii_width(raw).strip()
    if "," in text:
        if not GROUPED.fullmatch(text):
            if zh:
                return None, f"应为数值，实际为 {raw!r}：逗号只能用作千位分隔符（12,345）；小数请用小数点（19.5）"
            return None, (
                f"expected a number, found {raw!r}: a comma may only separate thousands (12,345); "
                "write decimals with a point (19.5)"
            )
        text = text.replace(",", "")
    if not NUMBER.fullmatch(text):
        return None, f"应为数值，实际为 {raw!r}" if zh else f"expected a number, found {raw!r}"
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_ABS_VALUE:
        if zh:
            return None, f"应为绝对值不超过 {MAX_ABS_VALUE:.0e} 的有限数值，实际为 {raw!r}"
        return None, f"expected a finite number of at most {MAX_ABS_VALUE:.0e} in size, found {raw!r}"
    return value, ""


def _missing_columns(sheet: Sheet) -> list[Problem]:
    """Give the sheet's columns their canonical names (in place); a problem per required column it lacks."""
    sheet.header = [COLUMN_ALIASES.get(c, c) for c in sheet.header]
    missing = [c for c in REQUIRED if c not in sheet.header]
    if "date" not in sheet.header and "year" not in sheet.header:
        missing.append("date")
    header_row = sheet.rows[0][0] - 1 if sheet.rows else 1
    return [
        Problem(
            sheet.source,
            header_row,
            c,
            f"missing required column; expected columns {REQUIRED + ['date or year']}, "
            f"optional {OPTIONAL[2:]}; found {sheet.header}",
            message_zh=f"缺少必填列；必填列为 {REQUIRED + ['date 或 year']}，"
            f"可选列为 {OPTIONAL[2:]}；实际的列为 {sheet.header}",
        )
        for c in missing
    ]


def _cell(rec: Record, column: str) -> str:
    """An optional column's cell as text (empty when the column or the value is missing)."""
    return str(rec.get(column, "") or "")


def _text(rec: Record, column: str) -> str:
    return _cell(rec, column).strip()


def _parse_cells(rec: Record, date_col: str, bad: Callable[[str, str, str], None]) -> dict[str, Any] | None:
    """Each cell of one row checked on its own; ``None`` (problems reported through ``bad``) if any fails."""
    out: dict[str, Any] = {}
    ok = True

    def fail(column: str, message: str, message_zh: str) -> None:
        nonlocal ok
        ok = False
        bad(column, message, message_zh)

    try:
        out["region"] = resolve_region(rec["region"])
    except UnknownIdError as exc:
        fail("region", str(exc), exc.text("zh"))
    try:
        out["indicator"] = resolve_indicator(rec["indicator"])
    except UnknownIdError as exc:
        fail("indicator", str(exc), exc.text("zh"))
    out["date"], why = _normalise_date(str(rec[date_col]), dt.date.today())
    if out["date"] is None:
        fail(date_col, why, _normalise_date(str(rec[date_col]), dt.date.today(), "zh")[1])
    out["value"], why = _parse_value(str(rec["value"]))
    if out["value"] is None:
        fail("value", why, _parse_value(str(rec["value"]), "zh")[1])
    out["scope"] = _text(rec, "scope")
    if out["scope"] not in ("", "total", "domestic"):
        fail(
            "scope",
            f"expected empty, 'total' or 'domestic', found {out['scope']!r}",
            f"应为空、'total' 或 'domestic'，实际为 {out['scope']!r}",
        )
    elif not out["scope"] and (out.get("region"), out.get("indicator")) in scoped_series():
        fail(
            "scope",
            f"{out['region']} {out['indicator']} is published in scopes (total: with foreign holders; domestic: "
            "without): say which this value is",
            f"{out['region']} {out['indicator']} 按口径分别发布（total：含国外权利人；domestic：不含）："
            "请注明这个数值属于哪个口径",
        )
    out["status"] = _text(rec, "status") or "final"
    if out["status"] not in observation_statuses():
        fail(
            "status",
            f"expected one of {list(observation_statuses())}, found {out['status']!r}",
            f"应为 {list(observation_statuses())} 之一，实际为 {out['status']!r}",
        )
    return out if ok else None


def _in_indicator_unit(
    cells: dict[str, Any], rec: Record, info: dict[str, dict[str, Any]], bad: Callable[[str, str, str], None]
) -> tuple[float, str] | None:
    """The value converted to the indicator's unit, with the conversion said in words; ``None`` if it cannot be."""
    indicator, value = cells["indicator"], cells["value"]
    unit_expected = info[indicator]["unit"]
    unit = _text(rec, "unit") or unit_expected
    derivation = ""
    if unit != unit_expected:
        factor = UNIT_CONVERSIONS.get((unit, unit_expected))
        if factor is None:
            bad(
                "unit",
                f"unit mismatch for {indicator}: expected {unit_expected!r}, found {unit!r}",
                f"{indicator} 的单位不符：应为 {unit_expected!r}，实际为 {unit!r}",
            )
            return None
        derivation = f"converted from {rec['value']} {unit} by multiplying by {factor:g}"
        value *= factor
    low, high = info[indicator]["lower_bound"], info[indicator]["upper_bound"]
    if pd.notna(low) and value < low:
        bad(
            "value",
            f"{indicator} cannot be below {low:g} {unit_expected}; found {value:g}",
            f"{indicator} 不能低于 {low:g} {unit_expected}；实际为 {value:g}",
        )
        return None
    if pd.notna(high) and value > high:
        bad(
            "value",
            f"{indicator} cannot be above {high:g} {unit_expected}; found {value:g}",
            f"{indicator} 不能高于 {high:g} {unit_expected}；实际为 {value:g}",
        )
        return None
    return value, derivation


def _key(row: dict[str, Any]) -> tuple[str, str, str, str]:
    """Region, indicator, scope and date, where ``2019`` and ``2019-12`` are one date (a year is its December)."""
    return row["region_id"], row["indicator_id"], row["scope"], date_key(row["date"])


def _conflicts(rows: list[dict[str, Any]], name: str) -> list[Problem]:
    """Rows for the same region, indicator, scope and date with different values."""
    problems = []
    seen: dict[tuple[str, str, str, str], tuple[int, float]] = {}
    for row in rows:
        key = _key(row)
        line = int(row["source_row"])
        if key in seen and seen[key][1] != row["value"]:
            problems.append(
                Problem(
                    name,
                    line,
                    "value",
                    f"conflicts with row {seen[key][0]}: {key[0]} {key[1]} {key[3]} "
                    f"is {seen[key][1]:g} there and {row['value']:g} here; keep one",
                    message_zh=f"与第{seen[key][0]}行冲突：{key[0]} {key[1]} {key[3]} "
                    f"在那一行是 {seen[key][1]:g}，这一行是 {row['value']:g}；请只保留一个",
                )
            )
        seen.setdefault(key, (line, row["value"]))
    return problems


def observation_rows(sheet: Sheet, file_name: str, skip_unfilled: bool = False) -> tuple[pd.DataFrame, list[Problem]]:
    """The observations of one sheet in the bundled schema, and every problem found in it.

    Args:
        sheet: The analyst's table (see :func:`ipdata.catalog.sheets.read_sheet`).
        file_name: The file name the rows point back to (``source_file``, and ``obs_id``).
        skip_unfilled: Leave out rows whose value is blank (a plan workbook's rows waiting for a number:
            missing is missing, not an error).

    Returns:
        The rows (with ``origin="user"``) and the problems; the rows are complete only when there are none.
    """
    problems = list(sheet.problems) + _missing_columns(sheet)
    if len(problems) > len(sheet.problems):
        return pd.DataFrame(columns=[*field_names("observations_sources"), "origin"]), problems
    name = sheet.source
    date_col = "date" if "date" in sheet.header else "year"
    # per indicator as plain dicts: a DataFrame lookup per cell made validation ~4x slower (100,000 rows: 18 s)
    info = {
        str(i): {str(k): v for k, v in row.items()}
        for i, row in table("indicators").set_index("indicator_id").to_dict("index").items()
    }
    rows: list[dict[str, Any]] = []
    for i, rec in sheet.records():
        if skip_unfilled and not rec.get("value", "").strip():
            continue

        def bad(column: str, message: str, message_zh: str | None = None, line: int = i) -> None:
            problems.append(Problem(name, line, column, message, message_zh=message_zh))

        cells = _parse_cells(rec, date_col, bad)
        converted = _in_indicator_unit(cells, rec, info, bad) if cells is not None else None
        if cells is None or converted is None:
            continue
        value, derivation = converted
        rows.append(
            dict(
                obs_id=f"user-{file_name}-{i}",
                region_id=cells["region"],
                indicator_id=cells["indicator"],
                scope=cells["scope"],
                date=cells["date"],
                value=value,
                unit=info[cells["indicator"]]["unit"],
                status=cells["status"],
                source_file=file_name,
                source_row=str(i),
                source_url=_cell(rec, "source_url"),
                quote=_cell(rec, "quote"),
                derivation=derivation,
                notes=_cell(rec, "notes"),
                origin="user",
            )
        )
    problems += _conflicts(rows, name)
    unique = list({_key(row): row for row in reversed(rows)}.values())[::-1]  # identical duplicates: keep the first
    return pd.DataFrame(unique, columns=[*field_names("observations_sources"), "origin"]), problems


def read_observations(path: str | PathLike[str]) -> pd.DataFrame:
    """Read an analyst's observations file and return rows in the bundled observations schema.

    Columns (header row 1): ``region``, ``indicator``, ``value`` and one of ``date``/``year`` are
    required; ``unit``, ``scope``, ``status``, ``source_url``, ``quote``, ``notes`` are optional.
    ``region_id``/``indicator_id`` and the Chinese headers 地区/指标/年份/日期/数值/单位/来源 work too.
    Regions and indicators may be ids or names. Values in a known other unit (件/百万人, 万件,
    万元) are converted and the conversion is written in ``derivation``.

    Args:
        path: A ``.csv`` (UTF-8, UTF-16 or GBK/GB18030) or ``.xlsx`` file (its first sheet; a cell formatted
            as a percentage, 93%, is read as 93).

    Returns:
        DataFrame with the bundled observation columns plus ``origin="user"``; ``source_file``
        and ``source_row`` point back into the analyst's file.

    Raises:
        FileNotFoundError: the file does not exist.
        DataValidationError: listing every problem (file, row, column, what was expected):
            missing column, unknown region or indicator (with suggestions), malformed date
            (or a day the calendar lacks, a year before 1949 or in the future, a reversed period),
            non-numeric or non-finite value (a decimal comma included), value outside the indicator's
            bounds (e.g. negative counts, shares above 100), unit mismatch, unknown scope or status,
            a row with more cells than columns, data on other sheets, and duplicate (region,
            indicator, scope, date) rows with conflicting values (``2019`` and ``2019-12`` are one date).
    """
    path = Path(path)
    rows, problems = observation_rows(read_sheet(path), path.name)
    if problems:
        raise DataValidationError(problems)
    return rows
