"""Plan workbooks for analysts to fill in: a bundled plan prefilled, or an empty one with examples.

An analyst's numbers live in a spreadsheet, so ipdata meets them there: ``ipdata template`` writes
the workbook :func:`ipdata.read_plan` reads (the layout is :data:`ipdata.catalog.plan_files.SHEETS`): Chinese
headers with the column ids under them, drop-down lists for every column with fixed choices, frozen
headers, widths that fit, and for a bundled plan its targets, the observations ipdata holds and an
empty row for every year each target still needs a number for, so the analyst types numbers only.
The same tables can be written as a folder of CSV files (UTF-8 with a byte-order mark, so Excel on
Chinese Windows opens them) for version control; both read the same way.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any

import pandas as pd

from ..catalog.plan_files import EXAMPLE_MARK, INSTRUCTIONS_TITLE, LISTS_TITLE, SHEETS, SheetSpec
from ..catalog.schema import fields
from ..catalog.sheets import choice_label
from ..catalog.tables import indicators, plans, regions, resolve_plan, targets
from ..core import checks
from ..core.dates import date_key, is_period_total
from ..core.errors import ExistingFileError
from ..core.words import CHOICE_WORDS, LANGUAGES, PLAN_FILE_INSTRUCTIONS, column_label, is_missing
from ..core.writing import neutralise_formulas, reproducible_ooxml, write_atomic
from ..observed.observations import observation_set

__all__ = [
    "observation_rows_for",
    "tables_workbook",
    "template_tables",
    "template_workbook",
    "write_tables",
    "write_template",
]

Rows = list[dict[str, Any]]
MAX_ROWS = 2000  # rows the drop-downs cover below the header
EXAMPLES: dict[str, dict[str, Any]] = {
    "plan": {
        "plan_id": f"{EXAMPLE_MARK}:wenzhou_14fyp",
        "title_zh": "温州市“十四五”知识产权发展规划",
        "title_en": "Wenzhou 14th Five-Year IP Plan",
        "region_id": "wenzhou",
        "period_start": "2021-01",
        "period_end": "2025-12",
        "document": "温州市十四五知识产权规划.pdf",
    },
    "targets": {
        "target_id": f"{EXAMPLE_MARK}:wz14-01",
        "region_id": "wenzhou",
        "indicator_id": "invention_patents_per_10k",
        "indicator_text_zh": "每万人发明专利拥有量",
        "kind": "level",
        "comparator": "at_least",
        "qualifier_zh": "达到",
        "value": 30,
        "unit": "件/万人",
        "target_year": 2025,
        "baseline_year": 2020,
        "baseline_value": 20.5,
        "quote_zh": "到2025年，每万人发明专利拥有量达到30件",
    },
    "indicators": {
        "indicator_id": f"{EXAMPLE_MARK}:geographical_indications",
        "name_zh": "地理标志商标数",
        "name_en": "Geographical indication trademarks",
        "unit": "件",
        "kind": "stock",
        "direction": "increase",
        "lower_bound": 0,
    },
    "regions": {
        "region_id": f"{EXAMPLE_MARK}:wenzhou",
        "name_zh": "温州市",
        "name_en": "Wenzhou",
        "level": "prefecture",
        "parent_id": "zhejiang",
        "aliases": "温州",
    },
    "observations": {
        "region": f"{EXAMPLE_MARK}:wenzhou",
        "indicator": "invention_patents_per_10k",
        "date": "2020",
        "value": 20.5,
        "unit": "件/万人",
        "status": "final",
        "source_url": "温州市统计年鉴2021，表12-3",
    },
}


def _cell(value: Any) -> Any:
    """A table value as a cell: missing as empty, whole floats as integers."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _plan_rows(plan_id: str) -> dict[str, Rows]:
    row = plans().set_index("plan_id").loc[plan_id]
    plan = {c: _cell(row.get(c)) for c in SHEETS["plan"].columns if c != "plan_id"}
    plan.update(plan_id=plan_id, document=row["seed_file"])
    chosen = targets(plan=plan_id)
    return {
        "plan": [plan],
        "targets": [{c: _cell(t.get(c)) for c in SHEETS["targets"].columns} for _, t in chosen.iterrows()],
    }


def _start_year(t: pd.Series, period_start: str) -> int:
    """The first year a target's series needs: its baseline year, else the year before the plan period."""
    return int(t["baseline_year"]) if not pd.isna(t["baseline_year"]) else int(period_start[:4]) - 1


def _observation_rows(plan_id: str, through_year: int) -> Rows:
    """Known observations of every target's region x indicator, then an empty row per year still without one."""
    period_start = str(plans().set_index("plan_id").loc[plan_id, "period_start"])
    return observation_rows_for(targets(plan=plan_id), period_start, through_year)


def observation_rows_for(
    chosen: pd.DataFrame, period_start: str, through_year: int, units: dict[str, str] | None = None
) -> Rows:
    """The observations sheet of a plan's targets: known observations, then an empty row per year without one.

    Args:
        chosen: Target rows (``region_id``, ``indicator_id``, ``baseline_year``).
        period_start: The plan's first month (``YYYY-MM``): a target without a base year needs the year before.
        through_year: The last year given an empty row.
        units: Units of indicators ipdata does not know (a draft's new indicators), by id.
    """
    known = {str(k): str(v) for k, v in indicators().set_index("indicator_id")["unit"].items()}
    units = {**known, **(units or {})}
    obs = observation_set().table
    obs = obs[obs["preferred"]]
    rows: Rows = []
    pairs = dict.fromkeys(zip(chosen["region_id"], chosen["indicator_id"]))
    for region, indicator in pairs:
        first = min(
            _start_year(t, period_start)
            for _, t in chosen[(chosen["region_id"] == region) & (chosen["indicator_id"] == indicator)].iterrows()
        )
        known = obs[(obs["region_id"] == region) & (obs["indicator_id"] == indicator)]
        known = known.assign(_key=known["date"].map(date_key)).sort_values(["scope", "_key"])
        for _, o in known.iterrows():
            where = f"{o['source_file']}:{o['source_row']}" if o["source_row"] else o["source_file"]
            source = o["source_url"] or where
            rows.append(
                dict(
                    region=region,
                    indicator=indicator,
                    date=str(o["date"]),
                    value=_cell(o["value"]),
                    unit=o["unit"],
                    scope=o["scope"] or None,
                    status=o["status"],
                    source_url=source,
                    quote=o["quote"] or None,
                )
            )
        have = {k for k in known["_key"] if not is_period_total(k)}
        for year in range(first, through_year + 1):
            if date_key(str(year)) not in have:
                rows.append(dict(region=region, indicator=indicator, date=str(year), unit=units[indicator]))
    return rows


def template_tables(plan: str | None = None, through_year: int | None = None) -> dict[str, Rows]:
    """The rows of each sheet of a template, as cell values (``None`` for an empty cell).

    Args:
        plan: A bundled plan id or title (prefilled), or ``None`` for an empty template with an example row per sheet.
        through_year: The last year that gets an empty observation row (default: last year, the latest complete one).
    """
    if plan is None:
        return {key: [dict(example)] for key, example in EXAMPLES.items()}
    plan_id = resolve_plan(plan)
    year = checks.year("through_year", through_year) if through_year is not None else pd.Timestamp.today().year - 1
    return {**_plan_rows(plan_id), "indicators": [], "regions": [], "observations": _observation_rows(plan_id, year)}


def _choices(spec: SheetSpec, column: str) -> list[str] | None:
    """A column's fixed choices (drop-down), from the datapackage enum or the known ids and units."""
    if spec.key == "observations":
        options: dict[str, list[str]] = {
            "scope": ["total", "domestic"],
            "status": list(fields("observations_sources")["status"]["constraints"]["enum"]),
        }
        return options.get(column)
    enum = spec.field(column).get("constraints", {}).get("enum")
    return [v for v in enum if v] if enum else None


def _choice_labels(spec: SheetSpec, column: str) -> dict[str, str]:
    """Each id's drop-down entry ``名称 (id)`` in a column of fixed choices or known ids (else none)."""
    if column in LIST_OF and LIST_OF[column] != "unit":
        table, id_col = (regions(), "region_id") if LIST_OF[column] == "region" else (indicators(), "indicator_id")
        return {str(i): choice_label(str(name), str(i)) for i, name in zip(table[id_col], table["name_zh"])}
    names = CHOICE_WORDS.get(f"{spec.key}.{column}", {})
    return {v: choice_label(names[v][0] if v in names else "", v) for v in _choices(spec, column) or []}


def _lists() -> dict[str, list[str]]:
    """Long drop-down lists (on the hidden lists sheet): ``名称 (id)`` people pick from; new ones may still be typed."""
    units = sorted(set(indicators()["unit"]) | {"%"})
    region = _choice_labels(SHEETS["targets"], "region_id")
    indicator = _choice_labels(SHEETS["targets"], "indicator_id")
    return {"region": list(region.values()), "indicator": list(indicator.values()), "unit": units}


LIST_OF = {  # column -> the long drop-down list it takes
    **dict.fromkeys(("region_id", "parent_id", "region"), "region"),
    **dict.fromkeys(("indicator_id", "indicator"), "indicator"),
    "unit": "unit",
}


def _text_width(text: str) -> int:
    """Width of text in spreadsheet character units: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _width(column: str, rows: Rows, sheet: str) -> float:
    """A width that shows the header and typical content (CJK characters count double), 10 to 48."""
    contents = [_text_width(str(r.get(column) or "")) for r in rows[:50]]
    longest = max([_text_width(column_label(column, "zh", sheet)), _text_width(column), *contents])
    return float(min(max(longest + 2, 10), 48))


def _write_rows(ws: Any, spec: SheetSpec, rows: Rows) -> None:
    """The two header rows (Chinese for people, ids for ipdata) and the rows; example rows in grey.

    A known id in a drop-down column is written as its drop-down entry (``浙江省 (zhejiang)``), so the cell
    reads as the list does; :func:`ipdata.read_plan` reads either.
    """
    from openpyxl.styles import Alignment, Font, PatternFill

    labels = {c: _choice_labels(spec, c) for c in spec.columns}
    ws.append([column_label(c, "zh", spec.key) for c in spec.columns])
    ws.append(list(spec.columns))
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for cell in ws[2]:
        cell.font = Font(italic=True, color="808080", size=9)
    for row in rows:
        ws.append([labels[c].get(row[c], row[c]) if isinstance(row.get(c), str) else row.get(c) for c in spec.columns])
    neutralise_formulas(ws)
    example = Font(italic=True, color="808080")
    for r in ws.iter_rows(min_row=3):
        if isinstance(r[0].value, str) and r[0].value.startswith(EXAMPLE_MARK):
            for cell in r:
                cell.font = example


def _write_sheet(ws: Any, spec: SheetSpec, rows: Rows, list_ranges: dict[str, str]) -> None:
    from openpyxl.utils import get_column_letter

    _write_rows(ws, spec, rows)
    ws.freeze_panes = "B3"
    last = max(MAX_ROWS, len(rows) + 2)
    for i, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = _width(column, rows, spec.key)
        area = f"{letter}3:{letter}{last}"
        if column in ("date", "period_start", "period_end", "issue_date", "target_id", "plan_id"):
            for (cell,) in ws.iter_rows(min_row=3, min_col=i, max_col=i):
                cell.number_format = "@"  # typed as text: Excel must not turn 2021-01 into a date
        rule = _validation(spec, column, list_ranges)
        if rule is not None:
            ws.add_data_validation(rule)
            rule.add(area)
    _print_layout(ws)
    ws.print_title_rows = "1:2"


def _validation(spec: SheetSpec, column: str, list_ranges: dict[str, str]) -> Any:
    """The drop-down of a column: its fixed choices (refused otherwise), or a list of known ids (a warning only)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = list(_choice_labels(spec, column).values()) if _choices(spec, column) else []
    if choices:
        rule = DataValidation(type="list", formula1=f'"{",".join(choices)}"', allow_blank=True)
        rule.error, rule.errorTitle = f"请选择：{'、'.join(choices)}", column_label(column, "zh", spec.key)
        return rule
    if column in LIST_OF:
        # a new region, indicator or unit may be typed: warn, do not refuse
        rule = DataValidation(type="list", formula1=list_ranges[LIST_OF[column]], allow_blank=True)
        rule.errorStyle, rule.error = "warning", "不在已知列表中：如为新地区/指标，请在“新地区”/“新指标”表中定义。"
        return rule
    return None


def _print_layout(ws: Any) -> None:
    """A4 landscape, every column on the page width (rows run on to further pages)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0


def _write_lists(ws: Any) -> dict[str, str]:
    from openpyxl.utils import get_column_letter

    ranges = {}
    for i, (name, values) in enumerate(_lists().items(), start=1):
        letter = get_column_letter(i)
        ws.cell(row=1, column=i, value=name)
        for j, value in enumerate(values, start=2):
            ws.cell(row=j, column=i, value=value)
        ranges[name] = f"'{LISTS_TITLE}'!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    return ranges


def _write_instructions(ws: Any) -> None:
    from openpyxl.styles import Alignment, Font

    width = 110
    ws.column_dimensions["A"].width = width
    for lang in LANGUAGES:
        for i, line in enumerate(PLAN_FILE_INSTRUCTIONS[lang]):
            ws.append([line])
            row = ws.max_row
            cell = ws.cell(row=row, column=1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if i == 0:
                cell.font = Font(bold=True, size=13)
            else:  # Excel does not grow a wrapped row by itself in every viewer: give it its lines
                ws.row_dimensions[row].height = 15 * (1 + _text_width(line) // width)
        ws.append([])
    _print_layout(ws)


def template_workbook(plan: str | None = None, through_year: int | None = None) -> bytes:
    """The plan workbook as ``.xlsx`` bytes (same inputs, same bytes); arguments as for :func:`template_tables`."""
    return tables_workbook(template_tables(plan, through_year))


def tables_workbook(tables: dict[str, Rows]) -> bytes:
    """A plan workbook of these sheet rows (:func:`template_tables`' form) as ``.xlsx`` bytes, same bytes each time."""
    from openpyxl import Workbook

    book = Workbook()
    _write_instructions(book.active)
    book.active.title = INSTRUCTIONS_TITLE
    lists = book.create_sheet(LISTS_TITLE)
    ranges = _write_lists(lists)
    for spec in SHEETS.values():
        _write_sheet(book.create_sheet(spec.title), spec, tables[spec.key], ranges)
    book.move_sheet(lists, offset=len(book.sheetnames))
    book.properties.creator = "ipdata"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_ooxml(buffer.getvalue())


def _csv_files(tables: dict[str, Rows]) -> Iterator[tuple[str, bytes]]:
    for spec in SHEETS.values():
        frame = pd.DataFrame(tables[spec.key], columns=list(spec.columns), dtype=object)
        header = pd.DataFrame([[column_label(c, "zh", spec.key) for c in spec.columns], list(spec.columns)])
        body = frame.map(lambda v: "" if v is None else v)
        body.columns = header.columns
        text = pd.concat([header, body]).to_csv(index=False, header=False, lineterminator="\n")
        yield spec.csv_name, text.encode("utf-8-sig")


def write_template(
    path: str | PathLike[str], plan: str | None = None, through_year: int | None = None, overwrite: bool = False
) -> list[Path]:
    """Write a plan template: an ``.xlsx`` workbook, or (a path without ``.xlsx``) a folder of its CSV files.

    Args:
        path: ``something.xlsx``, or a folder to create.
        plan: A bundled plan id or title to prefill, or ``None`` for an empty template with examples.
        through_year: Last year given an empty observation row (default: last year).
        overwrite: Replace an existing file; without it an analyst's filled-in workbook is never overwritten.

    Returns:
        The files written.

    Raises:
        FileExistsError: the workbook (or a file of the folder) exists and ``overwrite`` is false.
    """
    return write_tables(path, template_tables(plan, through_year), overwrite)


def write_tables(path: str | PathLike[str], tables: dict[str, Rows], overwrite: bool = False) -> list[Path]:
    """Write plan-file sheet rows as a workbook (``.xlsx``) or a folder of CSV files; never over a file unasked.

    Raises:
        FileExistsError: the workbook (or a file of the folder) exists and ``overwrite`` is false.
        ValueError: ``path`` has an extension other than ``.xlsx``.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        outputs = [(path, tables_workbook(tables))]
    elif path.suffix:
        raise ValueError(f"plan file path {str(path)!r}: expected a .xlsx file or a folder name (no extension)")
    else:
        outputs = [(path / name, data) for name, data in _csv_files(tables)]
    existing = [str(p) for p, _ in outputs if p.exists()]
    if existing and not overwrite:
        raise ExistingFileError(existing)
    for file, data in outputs:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(file, data)
    return [p for p, _ in outputs]
