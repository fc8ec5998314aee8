"""Targets stated in an indicator table: a row "每万人发明专利拥有量（件） | 7.38 | 20 | 17" under a header.

Plans put their headline targets in a table (主要指标表): one row per indicator, the unit in brackets
after its name, a column for the base year and one for the target year (sometimes another for the
province's target, or 属性 预期性/约束性). The header says which column is which: a year before the
plan starts (2015年情况, 基期) is the base, a year in the plan (2020年目标) is a target, a region named in
it (2020年（浙江省）) is that region's target. A cell may hold the comparator and unit itself (超过1300件,
90项以上, 1-2个) or a bare number whose unit is the row's. ``/`` and ``—`` are missing, never zero.

The table is read in the text format of :mod:`ipdata.extract.documents` (one cell per line, tab first,
rows separated by a blank line), so a Word table, a web page table and a plain-text export read alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .candidates import Candidate, PlanPeriod, comparator_of, indicator_unit, kind_of, line_cells
from .numbers import QUANTITY, UNITS, Quantity, in_base_unit, number, quantity

__all__ = ["table_candidates"]


@dataclass
class _Cell:
    start: int
    end: int
    text: str


def _line_tables(search: str) -> Iterator[list[list[_Cell]]]:
    """Tables written a row per line (Markdown, tab- or space-separated: :func:`~.candidates.line_cells`)."""
    rows: list[list[_Cell]] = []
    offset = 0
    for line in search.split("\n"):
        cells = line_cells(line)
        if cells is None:
            if rows:
                yield rows
            rows = []
        elif cells:
            rows.append([_Cell(offset + a, offset + b, line[a:b].strip()) for a, b in cells])
        offset += len(line) + 1
    if rows:
        yield rows


def _tables(search: str) -> Iterator[list[list[_Cell]]]:
    """The tables of the text, each a list of rows of cells (continuation lines joined to their cell)."""
    yield from _cell_tables(search)
    yield from _line_tables(search)


def _cell_line(line: str, offset: int) -> _Cell:
    """A cell from its tab-first line, its offsets those of the text without the tab and spaces."""
    body = line[1:]
    lead = len(body) - len(body.lstrip())
    return _Cell(offset + 1 + lead, offset + len(line.rstrip()), body.strip())


def _continue(cell: _Cell, line: str, offset: int) -> None:
    """A cell's next line (技术市场成交额 / （亿元）) joined to it."""
    if not cell.text:
        cell.start = offset + len(line) - len(line.lstrip())
    cell.text += line.strip()
    cell.end = offset + len(line.rstrip())


def _cell_tables(search: str) -> Iterator[list[list[_Cell]]]:
    """Tables in the one-cell-per-line format: a tab first, a cell's further lines after it, rows between blanks.

    A row ends at a blank line, a table at two blank lines (two tables that touch) or at a line of prose.
    """
    rows: list[list[_Cell]] = []
    row: list[_Cell] = []
    previous = ""  # the line before: "cell", "blank" or "" (prose)
    offset = 0
    for line in search.split("\n"):
        kind = "cell" if line.startswith("\t") else "blank" if not line.strip() else ""
        if kind == "cell":
            row.append(_cell_line(line, offset))
        elif not kind and previous == "cell" and row and line_cells(line) is None:
            _continue(row[-1], line, offset)
            kind = "cell"
        else:
            if row:
                rows.append(row)
                row = []
            if rows and (not kind or previous == "blank"):
                yield rows
                rows = []
        previous = kind
        offset += len(line) + 1
    if row:
        rows.append(row)
    if rows:
        yield rows


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_BASE_WORDS = re.compile(r"基期|基数|现状|情况|实际|完成|现值|基准")
_TARGET_WORDS = re.compile(r"目标|预期|规划|计划")
_UNIT_IN_NAME = re.compile(r"[(]([^()]{1,10})[)]\s*$")
_MISSING = re.compile(r"^[/\-—–_~·.、无]*$")
_BARE = re.compile(
    r"^(?P<pre>[^\d]*?)\s*(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(?:-|~|至)\s*(?P<high>\d+(?:\.\d+)?))?"
    r"\s*(?P<pct>%)?\s*(?P<post>.*)$"
)


@dataclass(frozen=True)
class _Column:
    index: int
    role: str  # "base" or "target"
    year: int | None
    region: str | None


_NAME_HEADER = re.compile(r"指标|名称|项目|内容")
_UNIT_HEADER = re.compile(r"^\s*(?:计量)?单\s*位\s*$")
_SKIP_HEADER = re.compile(r"序号|编号|属性|类别|类型|领域|备注|说明|责任|单位")


def _name_column(header: list[str]) -> int:
    """The column holding the indicator names: the one headed 指标 (after 序号 or 类别 columns), else the first."""
    return next((j for j, text in enumerate(header) if _NAME_HEADER.search(text)), 0)


def _role(text: str, year: int | None, period: PlanPeriod | None, first_target_year: int | None) -> str | None:
    """``base``, ``target`` or ``None`` (not a value column) for a column headed ``text``.

    A year before the plan is a base; so is an unmarked year before the column the header calls the
    target (2021年 | 2025年目标: the plan may start in the base year); 现状, 基期 are bases, 目标 targets.
    """
    targeted = bool(_TARGET_WORDS.search(text))
    if year is not None:
        before_plan = period is not None and year < period.start
        before_target = first_target_year is not None and not targeted and year < first_target_year
        return "base" if before_plan or before_target or (_BASE_WORDS.search(text) and not targeted) else "target"
    if _BASE_WORDS.search(text) and not targeted:
        return "base"
    return "target" if targeted else None


def _columns(header: list[str], period: PlanPeriod | None, regions: Mapping[str, str]) -> list[_Column]:
    """What each column after the names holds, from the header text above it."""
    name_column = _name_column(header)
    years: dict[int, int | None] = {}
    for j, text in enumerate(header):
        m = _YEAR.search(text)
        if j > name_column and (m is not None or not _SKIP_HEADER.search(text) or _TARGET_WORDS.search(text)):
            years[j] = int(m.group(1)) if m else None
    targeted = [y for j, y in years.items() if y is not None and _TARGET_WORDS.search(header[j])]
    first_target_year = min(targeted) if targeted else None
    columns = []
    for j, year in years.items():
        role = _role(header[j], year, period, first_target_year)
        if role is not None:
            region = next((rid for name, rid in regions.items() if name in header[j]), None)
            columns.append(_Column(j, role, year, region))
    return columns


def _is_header(row: list[_Cell]) -> bool:
    """A row with no value cell: every cell after the first is empty, a year (2020, 2020年目标), or words."""
    for cell in row[1:]:
        text = cell.text.strip()
        if re.fullmatch(r"(?:19|20)\d\d", text):
            continue
        if re.search(r"\d", re.sub(r"(?:19|20)\d\d\s*年", "", text)):
            return False
    return True


def _value(cell: _Cell, row_unit: str) -> tuple[Quantity, str, str] | None:
    """The quantity in a value cell with the words before and after it; ``None`` when missing or not a number."""
    text = cell.text
    if _MISSING.match(text):
        return None
    m = QUANTITY.search(text)
    if m:
        q = quantity(m)
        if q is None:
            return None
        q = Quantity(cell.start + q.start, cell.start + q.end, q.value, q.low, q.high, q.unit, q.written)
        return q, text[: m.start()], text[m.end() :]
    b = _BARE.match(text)
    if not b:
        return None
    value, unit = in_base_unit(number(b.group("num")), "%" if b.group("pct") else row_unit)  # 6 万件: 60000 件
    high = in_base_unit(number(b.group("high")), row_unit)[0] if b.group("high") else None
    if high is not None and not value < high:
        return None
    at = cell.start + b.start("num")
    end = cell.start + max(b.end("num"), b.end("high"), b.end("pct"))
    written = text[b.start("num") : end - cell.start]
    low, value_ = (value, None) if high is not None else (None, value)
    return Quantity(at, end, value_, low, high, unit, written), b.group("pre"), b.group("post")


def _name_and_unit(cell: _Cell) -> tuple[str, str]:
    """The indicator's name and the unit in brackets after it (每万人发明专利拥有量（件）)."""
    m = _UNIT_IN_NAME.search(cell.text)
    if m and (m.group(1) in UNITS or re.fullmatch(r"[件家个项人次所%亿万元/百千户单名场]+", m.group(1))):
        return cell.text[: m.start()].strip(), m.group(1)
    return cell.text.strip(), ""


def table_candidates(search: str, period: PlanPeriod | None, regions: Mapping[str, str]) -> list[Candidate]:
    """Every target an indicator table of the document states, in document order.

    Args:
        search: The searchable text (:func:`ipdata.extract.numbers.searchable`).
        period: The plan period: a column's year before its start is a base year.
        regions: Region names and aliases → region id, for a column that names another region's target.
    """
    found: list[Candidate] = []
    for rows in _tables(search):
        width = max(len(r) for r in rows)
        header_rows = []
        for row in rows:
            if not _is_header(row):
                break
            header_rows.append(row)
        if not header_rows or len(header_rows) == len(rows):
            continue
        header = ["".join(r[j].text for r in header_rows if j < len(r)) for j in range(width)]
        columns = _columns(header, period, regions)
        targets = [c for c in columns if c.role == "target"]
        if not targets:
            continue
        base = next((c for c in columns if c.role == "base"), None)
        name_column = _name_column(header)
        unit_column = next((j for j, text in enumerate(header) if _UNIT_HEADER.match(text)), None)
        for row in rows[len(header_rows) :]:
            found.extend(_row_candidates(search, row, name_column, unit_column, targets, base, period))
    return found


def _row_candidates(
    search: str,
    row: list[_Cell],
    name_column: int,
    unit_column: int | None,
    targets: list[_Column],
    base: _Column | None,
    period: PlanPeriod | None,
) -> Iterator[Candidate]:
    """The targets of one table row: one per target column with a value."""
    if name_column >= len(row) or not row[name_column].text or re.fullmatch(r"[\d.、]+", row[name_column].text):
        return
    name_cell = row[name_column]
    name, row_unit = _name_and_unit(name_cell)
    if unit_column is not None and unit_column < len(row) and row[unit_column].text:
        row_unit = row[unit_column].text.strip("()（） ")
    if not name:
        return
    base_value = None
    if base is not None and base.year is not None and base.index < len(row):
        parsed = _value(row[base.index], row_unit)
        base_value = parsed[0].value if parsed is not None else None
    row_text = search[name_cell.start : row[-1].end]
    for column in targets:
        parsed = _value(row[column.index], row_unit) if column.index < len(row) else None
        if parsed is not None:
            based = (base.year, base_value) if base is not None and base_value is not None else None
            yield _cell_candidate(name_cell, name, row_text, column, parsed, based, period)


def _cell_candidate(
    name_cell: _Cell,
    name: str,
    row_text: str,
    column: _Column,
    parsed: tuple[Quantity, str, str],
    base: tuple[int | None, float] | None,
    period: PlanPeriod | None,
) -> Candidate:
    """The target of one value cell, its quote from the row's name to the value."""
    q, before, after = parsed
    checks: list[tuple[str, str]] = [] if q.unit else [("unit_missing", "")]
    unit = indicator_unit(name, q.unit)
    year = column.year
    if year is None and period is not None:
        year = period.end
        checks.append(("year_from_plan", str(period.end)))
    kind = kind_of(name, row_text, unit, False)
    qualifier = before.strip()
    post = re.match(r"\s*(以上|以内|左右|以下)", after)
    if post:
        qualifier = f"{qualifier}…{post.group(1)}" if qualifier else post.group(1)
    return Candidate(
        start=name_cell.start,
        end=q.end + (post.end() if post else 0),
        indicator_text=name,
        quantity=q,
        comparator=comparator_of(q, after, before),
        qualifier=qualifier,
        kind=kind,
        target_year=year,
        period=(period.start, period.end) if kind == "cumulative" and period else None,
        baseline_year=base[0] if base else None,
        baseline_value=base[1] if base else None,
        region=column.region,
        source="table",
        checks=checks,
    )
