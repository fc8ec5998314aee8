"""An analyst's own plan: one workbook (or a folder of CSV files) with its plan, targets and numbers, validated.

City series are not published; they sit in local offices' spreadsheets, and so do the plans of cities
ipdata does not bundle. A plan file holds what ipdata needs to assess such a plan, in the shape of the
bundled tables (``data/datapackage.json``): the plan (one row), its targets, the indicators and
regions it needs that ipdata does not know, and observations. :func:`read_plan` checks all of it at
once against the rules of the bundled tables (cell types and forms from the datapackage, the target
rules of :func:`ipdata.catalog.target_problems`, the observation rules of :func:`ipdata.read_observations`)
and names the sheet, row and column of every problem.

Layout (``ipdata template`` writes it): one sheet per table, row 1 the Chinese column header for
people, row 2 the column ids ipdata reads (a CSV may have the ids alone on row 1); a row whose first
cell starts with ``示例`` is an example and is not read; observation rows without a value are rows
waiting for a number and are skipped (missing is missing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from os import PathLike
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from ..core.errors import DataValidationError, MissingFileError, Problem, UnknownIdError, closest
from .observation_files import observation_rows
from .schema import ascii_width, check_cell, fields
from .sheets import Sheet, read_csv_table, read_workbook, to_sheet, workbook_warnings
from .tables import (
    Plan,
    plan_scope,
    resolve_indicator,
    resolve_region,
    table,
    target_problems,
    target_warnings,
    typed_table,
)

__all__ = [
    "CHECK_COLUMN",
    "EXAMPLE_MARK",
    "INSTRUCTIONS_TITLE",
    "LISTS_TITLE",
    "SHEETS",
    "SheetSpec",
    "is_plan_file",
    "plan_checks",
    "plan_rows",
    "plan_warnings",
    "read_plan",
]

EXAMPLE_MARK = "示例"  # a row whose first cell starts with it is an example row, never data
# A plan file's own column on the targets sheet: what the analyst still has to check (ipdata extract fills it);
# read by `ipdata validate` (plan_checks), never stored with the target.
CHECK_COLUMN = "check_zh"


@cache
def _fields(resource: str) -> dict[str, dict[str, Any]]:
    """The datapackage fields, read once (a copy per cell made validating 10,000 rows 0.3 s slower)."""
    return fields(resource)


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of a plan file.

    Attributes:
        key: The table it fills (``plan``, ``targets``, ``indicators``, ``regions``, ``observations``).
        title: The sheet's title in the workbook (Chinese first).
        csv_name: Its file name in a plan folder.
        resource: The bundled table whose field rules its columns follow.
        columns: Column ids in order.
        required: Whether a plan file without this sheet is refused (the others may be left out: none new).
    """

    key: str
    title: str
    csv_name: str
    resource: str
    columns: tuple[str, ...]
    required: bool

    def field(self, column: str) -> dict[str, Any]:
        """The datapackage rules of ``column`` (``document`` is a plan file's own: the plan's file name or URL)."""
        if column == "document":
            return {"name": "document", "type": "string", "constraints": {"required": True}}
        if column == CHECK_COLUMN:
            return {"name": CHECK_COLUMN, "type": "string"}
        if self.key == "observations":
            return {"name": column, "type": "string"}  # checked by read_observations' rules
        return _fields(self.resource)[column]


SHEETS: dict[str, SheetSpec] = {
    spec.key: spec
    for spec in (
        SheetSpec(
            "plan",
            "规划 plan",
            "plan.csv",
            "plans",
            (
                "plan_id",
                "title_zh",
                "title_en",
                "issuer_zh",
                "issuer_en",
                "region_id",
                "issue_date",
                "period_start",
                "period_end",
                "document",
                "notes",
            ),
            True,
        ),
        SheetSpec(
            "targets",
            "目标 targets",
            "targets.csv",
            "targets",
            (
                "target_id",
                "region_id",
                "indicator_id",
                "indicator_text_zh",
                "kind",
                "comparator",
                "qualifier_zh",
                "value",
                "value_low",
                "value_high",
                "unit",
                "target_year",
                "period_start",
                "period_end",
                "baseline_year",
                "baseline_value",
                "quote_zh",
                "notes",
                CHECK_COLUMN,
            ),
            True,
        ),
        SheetSpec(
            "indicators",
            "新指标 indicators",
            "indicators.csv",
            "indicators",
            (
                "indicator_id",
                "name_zh",
                "name_en",
                "unit",
                "kind",
                "direction",
                "lower_bound",
                "upper_bound",
                "aliases",
                "notes",
            ),
            False,
        ),
        SheetSpec(
            "regions",
            "新地区 regions",
            "regions.csv",
            "regions",
            ("region_id", "name_zh", "name_en", "level", "parent_id", "aliases"),
            False,
        ),
        SheetSpec(
            "observations",
            "观测值 observations",
            "observations.csv",
            "observations_sources",
            ("region", "indicator", "date", "value", "unit", "scope", "status", "source_url", "quote", "notes"),
            False,
        ),
    )
}
INSTRUCTIONS_TITLE = "说明 instructions"
LISTS_TITLE = "选项 lists"  # the drop-down lists of a template (hidden); not data
MONTH_COLUMNS = ("period_start", "period_end")


class Bad(Protocol):
    """Where the readers of a plan file report a problem: (file, row, column, message), and the message in Chinese."""

    def __call__(
        self, file: str, row: int | None, column: str | None, message: str, message_zh: str | None = None
    ) -> None: ...


_WHAT_ZH = {"region": "地区", "indicator": "指标"}  # a new entry's kind, as a Chinese message names it


def is_plan_file(path: str | PathLike[str]) -> bool:
    """True for a plan folder or a workbook with a targets sheet (``ipdata validate`` tells it from observations)."""
    path = Path(path)
    if path.is_dir():
        return True
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not path.is_file():
        return False
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception:  # not a workbook: read_observations says why
        return False
    try:
        return any(_sheet_key(title) == "targets" for title in book.sheetnames)
    finally:
        book.close()


def _sheet_key(title: str) -> str | None:
    """The table a sheet title names: its full title, its Chinese or its English word (``目标``, ``targets``)."""
    norm = title.strip().casefold()
    for spec in SHEETS.values():
        zh, en = spec.title.split(" ", 1)
        if norm in (spec.title.casefold(), zh, en.casefold()):
            return spec.key
    return None


def _raw_tables(path: Path, bad: Bad) -> tuple[dict[str, tuple[str, list[list[str]]]], str]:
    """Each sheet's cells by table key, with the source name messages use; the file's own name."""
    found: dict[str, tuple[str, list[list[str]]]] = {}
    if path.is_dir():
        for spec in SHEETS.values():
            file = path / spec.csv_name
            if file.is_file():
                found[spec.key] = (f"{path.name}/{spec.csv_name}", read_csv_table(file)[0])
        others = sorted(p.name for p in path.glob("*.csv") if p.name not in {s.csv_name for s in SHEETS.values()})
        for name in others:
            expected = [s.csv_name for s in SHEETS.values()]
            bad(
                f"{path.name}/{name}",
                None,
                None,
                f"is not a plan file table; expected {expected}",
                message_zh=f"不是规划文件的表；应为 {expected} 之一",
            )
        return found, path.name
    for title, cells in read_workbook(path).items():
        key = _sheet_key(title)
        if key is not None:
            found[key] = (f"{path.name}, sheet '{title}'", cells)
        elif title not in (INSTRUCTIONS_TITLE, LISTS_TITLE) and any(c for row in cells for c in row):
            expected = [INSTRUCTIONS_TITLE, *(s.title for s in SHEETS.values())]
            bad(
                path.name,
                None,
                None,
                f"sheet '{title}' holds data but is not a plan sheet; expected {expected}",
                message_zh=f"工作表“{title}”中有数据，但不是规划文件的工作表；应为 {expected} 之一",
            )
    return found, path.name


def _header_row(cells: list[list[str]], spec: SheetSpec) -> int:
    """Row 2 when it holds the column ids under a row of labels for people, else row 1."""
    ids = set(spec.columns) | {"year", "region_id", "indicator_id"}
    second = {c.strip() for c in cells[1]} if len(cells) > 1 else set()
    first = {c.strip() for c in cells[0]} if cells else set()
    return 2 if len(second & ids) > len(first & ids) else 1


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def _sheet(source: str, cells: list[list[str]], spec: SheetSpec, bad: Bad) -> Sheet | None:
    """The sheet with example rows dropped; ``None`` (problems reported) when its header is not the spec's."""
    row = _header_row(cells, spec)
    try:
        sheet = to_sheet(source, cells, header_row=row)
    except DataValidationError as exc:
        for p in exc.problems:
            bad(
                p.file,
                p.row,
                p.column,
                f"{p.message}; expected the column ids {list(spec.columns)}",
                message_zh=f"{p.message_zh or p.message}；列标识应为 {list(spec.columns)}",
            )
        return None
    known = set(spec.columns) | ({"year", "region_id", "indicator_id"} if spec.key == "observations" else set())
    ok = True
    for i, name in enumerate(sheet.header):
        if name not in known:
            hint = closest(name, spec.columns)
            guess = f" (did you mean {hint[0]!r}?)" if hint else ""
            message = (
                f"{name!r} in column {_letter(i)} is not a column of this sheet{guess}; its columns are {spec.columns}"
            )
            guess_zh = f"（是否指 {hint[0]!r}？）" if hint else ""
            message_zh = f"第{_letter(i)}列的 {name!r} 不是本工作表的列{guess_zh}；本工作表的列为 {spec.columns}"
            bad(source, row, None, message, message_zh=message_zh)
            ok = False
    if spec.key != "observations":
        for name in spec.columns:
            if spec.field(name).get("constraints", {}).get("required") and name not in sheet.header:
                bad(source, row, name, "this required column is missing", message_zh="缺少这一必填列")
                ok = False
    for p in sheet.problems:
        bad(p.file, p.row, p.column, p.message, message_zh=p.message_zh)
    sheet.problems = []
    sheet.rows = [(n, c) for n, c in sheet.rows if not (c and c[0].startswith(EXAMPLE_MARK))]
    return sheet if ok else None


def _month(value: str) -> str:
    """A month cell Excel turned into a date (2021-01 typed, 2021-01-01 stored) back to ``YYYY-MM``."""
    return value[:7] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else value


def _rows(sheet: Sheet, spec: SheetSpec, bad: Bad) -> list[tuple[int, dict[str, str]]]:
    """Every row whose cells keep their field's rules (the others reported)."""
    out = []
    for number, rec in sheet.records():
        rec = {c: rec.get(c, "").strip() for c in spec.columns}
        for c in MONTH_COLUMNS:
            if c in rec:
                rec[c] = _month(rec[c])
        for c in spec.columns:  # full-width digits (１２, typed with a Chinese input method) read as the number
            if spec.field(c).get("type") in ("number", "integer"):
                rec[c] = ascii_width(rec[c])
        messages = [(c, check_cell(rec[c], spec.field(c))) for c in spec.columns]
        for column, message in messages:
            if message:
                bad(sheet.source, number, column, message, message_zh=check_cell(rec[column], spec.field(column), "zh"))
        if not any(m for _, m in messages):
            out.append((number, rec))
    return out


def _unique(rows: list[tuple[int, dict[str, str]]], columns: tuple[str, ...], source: str, bad: Bad) -> None:
    for column in columns:
        seen: dict[str, int] = {}
        for number, rec in rows:
            if rec[column] in seen:
                bad(
                    source,
                    number,
                    column,
                    f"{rec[column]!r} repeats row {seen[rec[column]]}; must be unique",
                    message_zh=f"{rec[column]!r} 与第{seen[rec[column]]}行重复；不能重复",
                )
            seen.setdefault(rec[column], number)


def _new_entries(
    rows: list[tuple[int, dict[str, str]]], what: str, resolve: Callable[[str], str], source: str, bad: Bad
) -> list[tuple[int, dict[str, str]]]:
    """Rows defining a region or indicator ipdata does not bundle; one bundled already is refused, named."""
    id_col = f"{what}_id"
    kept = []
    for number, rec in rows:
        clash = []
        for column in (id_col, "name_zh", "name_en"):
            try:
                clash.append((column, resolve(rec[column])))
            except UnknownIdError:
                continue
        for column, known in clash[:1]:
            message = f"{rec[column]!r} is already ipdata's {what} {known!r}: use {known!r} and leave this row out"
            kind_zh = _WHAT_ZH.get(what, what)
            message_zh = f"{rec[column]!r} 已是 ipdata 内置的{kind_zh} {known!r}：请直接用 {known!r}，删去这一行"
            bad(source, number, column, message, message_zh=message_zh)
        if not clash:
            kept.append((number, rec))
    _unique(kept, (id_col, "name_zh", "name_en"), source, bad)
    return kept


def _frame(rows: list[tuple[int, dict[str, str]]], name: str, columns: list[str], **fixed: str) -> pd.DataFrame:
    """The rows as the bundled table ``name`` (every bundled column, typed), with ``fixed`` columns set."""
    records = [{**{c: rec.get(c, "") for c in columns}, **fixed} for _, rec in rows]
    return typed_table(name, pd.DataFrame(records, columns=columns, dtype=object).fillna(""))


def _resolved(rec: dict[str, str], column: str, resolve: Callable[[str], str], lang: str = "en") -> str | None:
    try:
        rec[column] = resolve(rec[column])
    except UnknownIdError as exc:
        return exc.text(lang)
    return None


def _check_references(
    rows: list[tuple[int, dict[str, str]]], refs: dict[str, Callable[[str], str]], source: str, bad: Bad
) -> list[tuple[int, dict[str, str]]]:
    """Rows whose region and indicator cells resolve (ids or names, written back as ids); the others reported."""
    kept = []
    for number, rec in rows:
        messages = [(c, _resolved(rec, c, resolve)) for c, resolve in refs.items() if rec.get(c)]
        for column, message in messages:
            if message:
                bad(source, number, column, message, message_zh=_resolved(rec, column, refs[column], "zh"))
        if not any(m for _, m in messages):
            kept.append((number, rec))
    return kept


def _plan_row(sheets: dict[str, Sheet], bad: Bad, file_name: str) -> tuple[int, dict[str, str]] | None:
    sheet = sheets.get("plan")
    if sheet is None:
        return None
    rows = _rows(sheet, SHEETS["plan"], bad)
    if len(sheet.rows) != 1:
        found = f"found {len(sheet.rows)}" if sheet.rows else f"found none ({EXAMPLE_MARK} rows are examples, not read)"
        found_zh = (
            f"实际有{len(sheet.rows)}行" if sheet.rows else f"一行也没有（以“{EXAMPLE_MARK}”开头的行是示例，不读取）"
        )
        bad(
            sheet.source,
            None,
            None,
            f"expected exactly one plan row (the plan itself); {found}",
            message_zh=f"应恰有一行规划（即规划本身）；{found_zh}",
        )
        return None
    return rows[0] if rows else None


def _read_sheets(path: Path, bad: Bad) -> tuple[dict[str, Sheet], str]:
    raw, file_name = _raw_tables(path, bad)
    sheets = {}
    for spec in SHEETS.values():
        if spec.key not in raw:
            if spec.required:
                where = f"a file {spec.csv_name}" if path.is_dir() else f"a sheet '{spec.title}'"
                where_zh = f"文件 {spec.csv_name}" if path.is_dir() else f"工作表“{spec.title}”"
                bad(
                    file_name,
                    None,
                    None,
                    f"{where} is required (the {spec.key} of the plan); it is missing",
                    message_zh=f"缺少必需的{where_zh}",
                )
            continue
        sheet = _sheet(*raw[spec.key], spec, bad)
        if sheet is not None:
            sheets[spec.key] = sheet
    return sheets, file_name


def read_plan(path: str | PathLike[str]) -> Plan:
    """Read and validate an analyst's plan file, and return the plan every verb accepts as ``plan=``.

    Args:
        path: A workbook (``.xlsx``, as ``ipdata template`` writes it) or a folder of the same tables as CSV
            files (``plan.csv``, ``targets.csv``, ``indicators.csv``, ``regions.csv``, ``observations.csv``).

    Returns:
        The :class:`ipdata.catalog.Plan`: ``ipdata.assess(plan=p)``, ``ipdata.targets(plan=p)``,
        ``ipdata.trajectory(target_id=..., plan=p)``, ``ipdata.plan_backtest(plan=p)``.

    Raises:
        FileNotFoundError: nothing at ``path``.
        DataValidationError: every problem at once, each with its sheet (or file), row, column and what was
            expected: a required sheet or column missing, a header renamed, a cell breaking its field's rule
            (type, form, allowed values), a region or indicator neither bundled nor defined in the file, a
            region or indicator defined again that ipdata bundles, a parent region that is unknown, a unit that
            is not the indicator's, a range with low > high, a target year outside the plan period, a baseline
            after the target year, and every observation rule of :func:`ipdata.read_observations`.
    """
    path = Path(path)
    if not path.exists():
        raise MissingFileError(path, "plan file")
    if not path.is_dir() and path.suffix.lower() not in (".xlsx", ".xlsm"):
        message = "expected a plan workbook (.xlsx, see `ipdata template`) or a folder of its CSV files"
        message_zh = "应为规划工作簿（.xlsx，见 `ipdata template`）或存放其各表 CSV 文件的文件夹"
        raise DataValidationError([Problem(str(path), None, None, message, message_zh=message_zh)])
    problems: list[Problem] = []

    def bad(file: str, row: int | None, column: str | None, message: str, message_zh: str | None = None) -> None:
        problems.append(Problem(file, row, column, message, message_zh=message_zh))

    sheets, file_name = _read_sheets(path, bad)
    plan_row = _plan_row(sheets, bad, file_name)
    plan = _plan(path, sheets, plan_row, bad)
    if problems or plan is None:
        raise DataValidationError(
            problems or [Problem(file_name, None, None, "no plan could be read", message_zh="未能读取到规划")]
        )
    return plan


def plan_checks(path: str | PathLike[str]) -> list[Problem]:
    """What the analyst still has to check in a plan file: every target row whose 待核对 cell is filled.

    ``ipdata extract`` writes a draft with this column filled (an indicator ipdata does not know, a year
    taken from the plan period, a unit inferred); the analyst clears a cell once the row is checked.
    ``ipdata validate`` lists what is left, each with its sheet, row and column.

    Returns:
        One :class:`Problem` per filled cell (``column`` is ``check_zh``); empty when all is checked.
    """
    problems: list[Problem] = []

    def bad(file: str, row: int | None, column: str | None, message: str, message_zh: str | None = None) -> None:
        problems.append(Problem(file, row, column, message, message_zh=message_zh))

    sheets, _ = _read_sheets(Path(path), bad)
    sheet = sheets.get("targets")
    if sheet is None:
        return []
    return [
        Problem(sheet.source, number, CHECK_COLUMN, rec[CHECK_COLUMN].strip(), message_zh=rec[CHECK_COLUMN].strip())
        for number, rec in sheet.records()
        if rec.get(CHECK_COLUMN, "").strip()
    ]


def plan_rows(path: str | PathLike[str]) -> dict[str, tuple[int, int]]:
    """Rows each sheet of a plan file holds, and of those the rows waiting for a number (observations only).

    Example rows (示例) are not counted. ``validate`` sets them beside what :func:`read_plan` read, so an
    analyst sees that nothing was read short: ``targets: 28 rows, 28 read``.
    """
    sheets, _ = _read_sheets(Path(path), lambda *_, **__: None)
    counts = {}
    for key, sheet in sheets.items():
        waiting = (
            sum(1 for _, rec in sheet.records() if not rec.get("value", "").strip()) if key == "observations" else 0
        )
        counts[key] = (len(sheet.rows), waiting)
    return counts


def plan_warnings(path: str | PathLike[str], plan: Plan | None = None) -> list[Problem]:
    """What a plan file may mean otherwise, for ``validate`` to name beside "valid".

    Targets against their indicator's direction (:func:`ipdata.catalog.tables.target_warnings`), and what the
    workbook hides from its reader (hidden sheets and rows, merged cells; its own lists sheet aside).

    Args:
        path: The plan file.
        plan: The plan :func:`read_plan` read from it (read again when not given).
    """
    path = Path(path)
    plan = plan or read_plan(path)
    known = pd.concat([table("indicators"), plan.tables["indicators"]], ignore_index=True)
    found = target_warnings(plan.tables["targets"], known, f"{path.name}, sheet '{SHEETS['targets'].title}'")
    if not path.is_dir():
        found += [p for p in workbook_warnings(path) if f"'{LISTS_TITLE}'" not in p.message]
    return found


def _defined(sheets: dict[str, Sheet], key: str, resolve: Callable[[str], str], bad: Bad) -> pd.DataFrame:
    """The new regions or indicators the file defines, as the bundled table (only rows that validate)."""
    spec = SHEETS[key]
    sheet = sheets.get(key)
    rows = [] if sheet is None else _new_entries(_rows(sheet, spec, bad), key[:-1], resolve, sheet.source, bad)
    return _frame(rows, spec.resource, list(fields(spec.resource)))


def _plan(path: Path, sheets: dict[str, Sheet], plan_row: tuple[int, dict[str, str]] | None, bad: Bad) -> Plan | None:
    """The plan built table by table; each table is checked against the ones before it (regions, then targets)."""
    regions = _defined(sheets, "regions", resolve_region, bad)
    indicators = _defined(sheets, "indicators", resolve_indicator, bad)
    plan_id = plan_row[1]["plan_id"] if plan_row else ""
    # its regions and indicators in scope, so the plan, its targets and its observations may name them
    with plan_scope(Plan(plan_id, {"regions": regions, "indicators": indicators}, pd.DataFrame(), str(path))):
        _check_parents(sheets, regions, bad)
        plan_frame = _plan_frame(plan_row, sheets, bad)
        document = plan_row[1]["document"] if plan_row else ""
        targets = _targets(sheets, plan_id, document, plan_frame, bad)
        observations = _observations(sheets, path.name, bad)
    if plan_row is None:
        return None
    tables = {"plans": plan_frame, "targets": targets, "regions": regions, "indicators": indicators}
    return Plan(plan_id, tables, observations, str(path))


def _check_parents(sheets: dict[str, Sheet], regions: pd.DataFrame, bad: Bad) -> None:
    sheet = sheets.get("regions")
    if sheet is None:
        return
    numbers = {rec["region_id"]: n for n, rec in sheet.records()}
    for r in regions.itertuples():
        if r.parent_id and (message := _resolved({"p": str(r.parent_id)}, "p", resolve_region)):
            message_zh = _resolved({"p": str(r.parent_id)}, "p", resolve_region, "zh")
            bad(
                sheet.source,
                numbers.get(str(r.region_id)),
                "parent_id",
                f"parent region: {message}",
                message_zh=f"上级地区：{message_zh}",
            )


def _plan_frame(plan_row: tuple[int, dict[str, str]] | None, sheets: dict[str, Sheet], bad: Bad) -> pd.DataFrame:
    columns = list(fields("plans"))
    if plan_row is None:
        return _frame([], "plans", columns)
    number, rec = plan_row
    if message := _resolved(rec, "region_id", resolve_region):
        bad(
            sheets["plan"].source,
            number,
            "region_id",
            message,
            message_zh=_resolved(rec, "region_id", resolve_region, "zh"),
        )
    if rec["period_start"] > rec["period_end"]:
        bad(
            sheets["plan"].source,
            number,
            "period_end",
            f"the plan ends ({rec['period_end']}) before it starts",
            message_zh=f"规划的结束时间（{rec['period_end']}）早于开始时间（{rec['period_start']}）",
        )
    return _frame([plan_row], "plans", columns, seed_file=rec["document"])


def _targets(sheets: dict[str, Sheet], plan_id: str, document: str, plan_frame: pd.DataFrame, bad: Bad) -> pd.DataFrame:
    spec, sheet = SHEETS["targets"], sheets.get("targets")
    columns = list(fields("targets"))
    if sheet is None:
        return _frame([], "targets", columns)
    rows = _rows(sheet, spec, bad)
    _unique(rows, ("target_id",), sheet.source, bad)
    bundled = table("targets")
    others = bundled[bundled["plan_id"] != plan_id].set_index("target_id")["plan_id"]
    for number, rec in rows:
        if plan_id and rec["target_id"] in others.index:
            message = f"{rec['target_id']!r} is already a target of the bundled plan {others[rec['target_id']]!r}"
            message_zh = f"{rec['target_id']!r} 已是内置规划 {others[rec['target_id']]!r} 的目标"
            bad(sheet.source, number, "target_id", message, message_zh=message_zh)
    rows = _check_references(rows, {"region_id": resolve_region, "indicator_id": resolve_indicator}, sheet.source, bad)
    frame = _frame(rows, "targets", columns, plan_id=plan_id, seed_file=document)
    numbers = [n for n, _ in rows]
    for p in target_problems(frame, plan_frame, table("indicators"), sheet.source):
        bad(p.file, numbers[int(p.row or 2) - 2], p.column, p.message, message_zh=p.message_zh)
    return frame


def _observations(sheets: dict[str, Sheet], file_name: str, bad: Bad) -> pd.DataFrame:
    sheet = sheets.get("observations")
    if sheet is None:
        return observation_rows(to_sheet("", [list(SHEETS["observations"].columns)]), file_name)[0]
    rows, problems = observation_rows(sheet, file_name, skip_unfilled=True)
    for p in problems:
        bad(p.file, p.row, p.column, p.message, message_zh=p.message_zh)
    return rows
