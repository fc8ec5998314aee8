"""The completion table (完成情况表) as an Excel workbook: what an evaluation office prints and hands over.

Number formats, status colours, a frozen header, an A4 landscape print layout and a sources sheet (every
target's document and quote, every value's source and quote); the same inputs give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..assess.status import tone
from ..assess.targets import TargetAssessment
from ..catalog.tables import plan_scope, plan_title
from ..core.words import COMPLETION_HEADERS, SOURCES_HEADERS, pick, words
from ..core.writing import neutralise_formulas, reproducible_ooxml
from ..views.tables import PERCENT, completion_table, sources_table

__all__ = ["FILLS", "completion_workbook"]

FILLS = {"good": "C6EFCE", "neutral": "FFEB9C", "bad": "FFC7CE"}
"""A cell's fill by its tone (:data:`ipdata.assess.status.TONE`): Excel's own good / neutral / bad colours."""


def _number_format(column: str, value: Any) -> str:
    if column in PERCENT:
        return "0.0%"
    if isinstance(value, float) and not value.is_integer():
        return "#,##0.00"
    return (
        "#,##0"
        if isinstance(value, (int, float)) and column not in ("baseline_year", "target_year", "current_year", "number")
        else "0"
    )


def _write(
    ws: Any, frame: pd.DataFrame, headers: dict[str, tuple[str, str]], lang: str, widths: dict[str, int]
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws.append([pick(headers[c], lang) for c in frame.columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment, cell.border = Alignment(wrap_text=True, vertical="center", horizontal="center"), border
    for values in frame.itertuples(index=False):
        ws.append(list(values))
    for row in ws.iter_rows(min_row=2):
        for column, cell in zip(frame.columns, row):
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, (int, float)):
                cell.number_format = _number_format(column, cell.value)
    neutralise_formulas(ws)
    for i, column in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(column, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"


def _colour(ws: Any, frame: pd.DataFrame, statuses: list[Any]) -> None:
    """Status colours: the review word, the probability by its status, and the warning flag."""
    from openpyxl.styles import Font, PatternFill

    cols = {c: i for i, c in enumerate(frame.columns, start=1)}
    for r, status in enumerate(statuses, start=2):
        if review_tone := tone(ws.cell(r, cols["review"]).value):
            ws.cell(r, cols["review"]).fill = PatternFill("solid", fgColor=FILLS[review_tone])
        if status_tone := tone(status):
            ws.cell(r, cols["probability"]).fill = PatternFill("solid", fgColor=FILLS[status_tone])
        if ws.cell(r, cols["warning"]).value:
            ws.cell(r, cols["warning"]).font = Font(bold=True, color="C00000")


WIDTHS = {"number": 5, "region": 10, "indicator": 30, "unit": 9, "goal_kind": 14, "review": 14, "note": 40}
SOURCE_WIDTHS = {"target_id": 10, "indicator": 26, "what": 8, "date": 10, "value": 12, "status": 10, "source": 44}


def completion_workbook(results: Sequence[TargetAssessment], lang: str = "zh") -> bytes:
    """The completion table and its sources as ``.xlsx`` bytes (same inputs, same bytes).

    Args:
        results: One plan's targets judged (:func:`ipdata.assess_targets`).
        lang: ``zh`` (完成情况表) or ``en`` (the English twin).
    """
    from openpyxl import Workbook

    frame = completion_table(results, lang)
    statuses = [r.row.get("status") for r in results]
    book = Workbook()
    ws = book.active
    ws.title = words("completion_sheet", lang)
    _write(ws, frame, COMPLETION_HEADERS, lang, WIDTHS)
    _colour(ws, frame, statuses)
    if results:
        with plan_scope(results[0].plan):
            title = plan_title(results[0].plan or str(results[0].target["plan_id"]), lang)
        ws.oddHeader.center.text = title  # printed on every page
        book.properties.title = title
    _write(
        book.create_sheet(words("sources_sheet", lang)),
        sources_table(results, lang),
        SOURCES_HEADERS,
        lang,
        {**SOURCE_WIDTHS, "quote": 80},
    )
    book.properties.creator = "ipdata"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_ooxml(buffer.getvalue())
