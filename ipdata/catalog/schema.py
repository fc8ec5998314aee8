"""Validate the bundled tables against ``data/datapackage.json``.

The datapackage (Frictionless Table Schema) is the machine-readable description of every column.
This module checks types, required values, enums, patterns, uniqueness and foreign keys, so a
hand edit that breaks the contract fails the tests with the file, row and column named.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..core.errors import DataValidationError, Problem
from ..core.paths import data_dir
from ..core.words import pick

__all__ = [
    "NUMBER",
    "ascii_width",
    "check_cell",
    "field_names",
    "fields",
    "is_number",
    "load_datapackage",
    "observation_statuses",
    "validate_datapackage",
]


def load_datapackage(folder: Path | None = None) -> dict[str, Any]:
    """Return the parsed ``datapackage.json`` of ``folder`` (default: the bundled data)."""
    folder = folder or data_dir()
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


@cache
def _bundled_package() -> dict[str, Any]:
    return load_datapackage()


def fields(resource: str) -> dict[str, dict[str, Any]]:
    """The field definitions of a bundled table by column name, in order (type, constraints, description, example)."""
    res = next(r for r in _bundled_package()["resources"] if r["name"] == resource)
    return {f["name"]: copy.deepcopy(f) for f in res["schema"]["fields"]}


@cache
def observation_statuses() -> tuple[str, ...]:
    """An observation's ``status`` values, best first (final, preliminary, derived, unofficial).

    The one home of that vocabulary is ``datapackage.json`` (the enum of the observation tables' ``status``);
    its order is the preference when two sources give the same date
    (:func:`ipdata.observed.observations.mark_preferred`). Cached: a file's validation asks it once per row.
    """
    return tuple(fields("observations_seeds")["status"]["constraints"]["enum"])


def field_names(resource: str) -> list[str]:
    """The columns of a bundled table, in order, as ``datapackage.json`` defines them (the one source of the schema)."""
    return list(fields(resource))


# Full-width ASCII (２０２０, typed with a Chinese input method) folds one to one onto ASCII; nothing else does.
# Unicode's NFKC would also turn 10² into 102 and ① into 1: a superscript or a circled digit is refused instead.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def ascii_width(text: str) -> str:
    """Full-width digits, signs and letters as ASCII (``１２.５`` → ``12.5``); every other character as it is."""
    return text.translate(_WIDTH)


def is_number(text: str) -> bool:
    """Whether ``text`` is a finite decimal number (``12``, ``-0.5``, ``1e3``); not ``inf``, ``nan``, ``10²``."""
    return bool(NUMBER.fullmatch(ascii_width(text).strip()))


def check_cell(value: str, field: dict[str, Any], lang: str = "en") -> str | None:
    """Return a message if ``value`` breaks ``field``'s type or constraints, else None.

    The rules of ``datapackage.json`` for one cell, used for the bundled tables and for an analyst's plan file
    alike; a field's ``example`` is shown when a value does not have the expected form. ``lang="zh"`` gives the
    message in Chinese (for :attr:`ipdata.core.errors.Problem.message_zh`), the values found as they are.
    """
    cons = field.get("constraints", {})
    if value == "":
        return pick(("此处不能为空", "a value is required here"), lang) if cons.get("required") else None
    ftype = field.get("type", "string")
    if ftype == "number":
        if not is_number(value):  # float() would take inf, nan, 1_000 and ² after NFKC: none is a plan's number
            zh = f"应为数值（有限的阿拉伯数字，如 12.5），实际为 {value!r}"
            return pick((zh, f"expected a number (finite, in digits: 12.5), found {value!r}"), lang)
    elif ftype == "integer" and not re.fullmatch(r"-?[0-9]+", ascii_width(value)):
        return pick((f"应为整数，实际为 {value!r}", f"expected a whole number, found {value!r}"), lang)
    if "enum" in cons and value not in cons["enum"]:
        return pick(
            (f"应为 {cons['enum']} 之一，实际为 {value!r}", f"expected one of {cons['enum']}, found {value!r}"), lang
        )
    if "pattern" in cons and not re.fullmatch(cons["pattern"], value):
        if "example" in field:
            zh = f"应为 {field['example']!r} 这样的格式，实际为 {value!r}"
            return pick((zh, f"expected the form of {field['example']!r}, found {value!r}"), lang)
        zh = f"{value!r} 不符合应有的格式 {cons['pattern']}"
        return pick((zh, f"{value!r} does not match the expected form {cons['pattern']}"), lang)
    return None


def _read_resource(folder: Path, res: dict[str, Any], problems: list[Problem]) -> list[dict[str, str]] | None:
    """The rows of one resource with every cell checked; ``None`` when its header is not the schema's."""
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    with (folder / res["path"]).open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        if header != names:
            problems.append(
                Problem(
                    res["path"],
                    1,
                    None,
                    f"expected columns {names}, found {header}",
                    message_zh=f"列应为 {names}，实际为 {header}",
                )
            )
            return None
        rows = list(reader)
    seen: dict[str, dict[str, int]] = {f["name"]: {} for f in fields if f.get("constraints", {}).get("unique")}
    for i, row in enumerate(rows, start=2):
        if None in row:
            problems.append(
                Problem(res["path"], i, None, "more cells than header columns", message_zh="单元格比表头的列多")
            )
        for f in fields:
            value = row.get(f["name"]) or ""
            msg = check_cell(value, f)
            if msg:
                problems.append(Problem(res["path"], i, f["name"], msg, message_zh=check_cell(value, f, "zh")))
            if f["name"] not in seen or not value:
                continue
            if value in seen[f["name"]]:
                message = f"{value!r} repeats row {seen[f['name']][value]}; must be unique"
                message_zh = f"{value!r} 与第{seen[f['name']][value]}行重复；不能重复"
                problems.append(Problem(res["path"], i, f["name"], message, message_zh=message_zh))
            seen[f["name"]][value] = i
    return rows


def _foreign_key_problems(package: dict[str, Any], tables: dict[str, list[dict[str, str]]]) -> list[Problem]:
    """Values that should name a row of another table and do not."""
    problems = []
    for res in package["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            ref = fk["reference"]
            keys = {r[ref["fields"]] for r in tables.get(ref["resource"], [])}
            for i, row in enumerate(tables.get(res["name"], []), start=2):
                value = row.get(fk["fields"], "")
                if value and value not in keys:
                    message = f"{value!r} is not a {ref['resource']}.{ref['fields']}"
                    message_zh = f"{value!r} 不在 {ref['resource']}.{ref['fields']} 中"
                    problems.append(Problem(res["path"], i, fk["fields"], message, message_zh=message_zh))
    return problems


def validate_datapackage(folder: Path | None = None) -> dict[str, int]:
    """Check every resource of the datapackage in ``folder``.

    Args:
        folder: Folder with ``datapackage.json`` and the CSVs (default: the bundled data).

    Returns:
        Number of data rows per resource name.

    Raises:
        DataValidationError: listing every problem found (file, row, column, expectation).
    """
    folder = folder or data_dir()
    package = load_datapackage(folder)
    problems: list[Problem] = []
    tables: dict[str, list[dict[str, str]]] = {}
    for res in package["resources"]:
        rows = _read_resource(folder, res, problems)
        if rows is not None:
            tables[res["name"]] = rows
    problems += _foreign_key_problems(package, tables)
    if problems:
        raise DataValidationError(problems)
    return {name: len(rows) for name, rows in tables.items()}
