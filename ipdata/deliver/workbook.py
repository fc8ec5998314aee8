"""The completion table (完成情况表) as an Excel workbook: what an evaluation office prints and hands over.

Number formats, status colours, a frozen header and a sources sheet (every target's document and quote, every
value's source and quote); the same inputs give the same bytes.

The print layout is the office's: the completion table on A3 landscape, so that a target's row (value, progress,
review, probability, note) is read across one sheet (in A4 blocks of columns a reader would match rows across
pages by their number), the header row on every page, and the sources as a two-column list on A4 portrait.
Nothing is left to the spreadsheet's own sizing, which LibreOffice does not redo on opening a file: column widths
come from the widest number and the longest word, row heights from the lines the wrapped text will take, and the
fit-to-width scale is bounded so that no printed text is under :data:`MIN_PRINTED_PT` (long text columns narrow
first; a table that still cannot fit prints over more pages across, its first three columns on each).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..assess.status import tone
from ..assess.targets import TargetAssessment
from ..catalog.tables import plan_scope, plan_title
from ..core.formats import RATE_FORMAT, SHARE_FORMAT, excel_format, probability_format
from ..core.words import COMPLETION_HEADERS, pick, words
from ..core.writing import neutralise_formulas, reproducible_ooxml
from ..views.tables import COLUMNS, PROBABILITIES, RATES, SHARES, cell_text, completion_table, sources_list

__all__ = ["FILLS", "MIN_PRINTED_PT", "completion_workbook", "print_scale", "text_lines", "text_units"]

FILLS = {"good": "C6EFCE", "neutral": "FFEB9C", "bad": "FFC7CE"}
"""A cell's fill by its tone (:data:`ipdata.assess.status.TONE`): Excel's own good / neutral / bad colours."""

FONT_PT = 11.0
"""Every cell's font size: the workbook's default (Calibri 11), which column widths are counted in."""
MIN_PRINTED_PT = 8.0
"""The smallest text on paper, after fit-to-width scaling: below it a printed table is not read."""
UNIT_PT = 7.0
"""What one column-width unit prints as at the widest: 7 pt where Calibri is missing (LibreOffice draws it in
DejaVu Sans, whose digits are 7 pt wide); Excel's own Calibri unit is 5.25 pt, so a width that fits here fits
there at a larger scale."""
LINE_PT = {"cjk": 16.0, "latin": 15.0}
"""One wrapped line of 11 pt text: Excel's Calibri line is 15 pt (LibreOffice's DejaVu Sans 12.8 pt), a line
with Chinese in it 16 pt (LibreOffice's Noto Sans CJK: 15.9 pt)."""
ROW_PAD_PT = 3.0
CJK_UNITS = 2.1
"""A full-width (Chinese) character in column-width units: 11 pt over Calibri's 5.25 pt unit ("counts double")."""
BOLD = 1.15
"""Bold text is wider: DejaVu Sans Bold by 14 % (Calibri Bold by 3 %)."""
PAD = 0.6
"""A cell's own margins, in units, on top of its widest unbreakable piece (LibreOffice insets text by 1 pt a side;
an Excel width already excludes its padding)."""
SAFETY_PT = 0.1
"""Kept above :data:`MIN_PRINTED_PT` for the spreadsheet's rounding of its scale to a whole percent."""
INCH_PT = 72.0
MARGINS_IN = {"left": 0.4, "right": 0.4, "top": 0.75, "bottom": 0.6, "header": 0.3, "footer": 0.3}
PAPER_WIDTH_PT = {"a3_landscape": 420 / 25.4 * INCH_PT, "a4_portrait": 210 / 25.4 * INCH_PT}

NO_WRAP = ("number", "baseline_year", "target_year", "current_year", "target_id")
"""Columns printed on one line whatever they hold (ids and years); numbers are never wrapped in any column."""
CAPS = {"region": 12, "indicator": 30, "unit": 12, "goal_kind": 16, "review": 16, "warning": 9, "note": 40}
"""A text column's widest, in units: past it the text wraps (a number column is as wide as its widest number)."""
SHRINK = {"indicator": 16.0, "note": 20.0, "goal_kind": 10.0, "review": 0.0}
"""The text columns that give up width (down to this, or their longest word) when a plan's table would otherwise
print under 8 pt."""
LONG_TEXT = ("indicator", "note", "goal_kind")
"""Columns of sentences: a word longer than :data:`SHRINK` (an indicator's id in a note) breaks at the edge."""
SOURCE_WIDTHS = {"entry": 28.0, "source": 66.0}
"""The sources list: what a row is (target, kind, date, value), then its source and quote; fits A4 portrait."""

_TOKENS = re.compile(r"\s+|[^\s\u1100-\uffff/-]+[/-]*|[/-]+|.", re.DOTALL)
"""Breakable pieces: runs of space, a Latin word up to and with a hyphen or slash after it, one wide character."""


def _wide(ch: str) -> bool:
    """Printed full width: Chinese characters and punctuation, and the ambiguous “”, ·, — a Chinese font draws so."""
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


_NARROW = {**dict.fromkeys("ijl.,:;'|!()[] ", 0.5), **dict.fromkeys("frt-/", 0.75), **dict.fromkeys("mwMW%", 1.5)}
"""Latin characters narrower or wider than a digit, in units (DejaVu Sans's widths over its digit's, rounded up)."""


def text_units(text: str, bold: bool = False) -> float:
    """The width of ``text`` in column-width units (a digit is one unit; a Chinese character counts double).

    Latin letters are counted at DejaVu Sans's widths (what LibreOffice prints when Calibri is missing, wider
    than Calibri), capitals a quarter wider than a digit; the estimate errs on the wide side, so a cell sized
    by it holds its text in Excel and LibreOffice alike.
    """
    units = 0.0
    for ch in text:
        if _wide(ch):
            units += CJK_UNITS
        elif ch in _NARROW:
            units += _NARROW[ch]
        else:
            units += 1.25 if ch.isupper() else 1.0
    return units * (BOLD if bold else 1.0)


def _longest_word(text: str, bold: bool = False) -> float:
    """The widest piece of ``text`` that cannot be broken: a Latin word or number, or one Chinese character."""
    return max((text_units(t, bold) for t in _TOKENS.findall(text) if not t.isspace()), default=0.0)


def text_lines(text: str, width: float, bold: bool = False) -> int:
    """The lines ``text`` wraps to in a column ``width`` units wide: at spaces, between Chinese characters.

    A Latin word longer than the line (a URL) is broken where it reaches the edge, as spreadsheets do; an
    explicit newline starts a line. This is what row heights are made of: a spreadsheet file carries heights,
    and LibreOffice does not recompute them on opening, so an underestimate prints wrapped text over the next row.
    """
    usable = max(width - PAD, 1.0)
    lines = 0
    for paragraph in str(text).split("\n"):
        lines += 1
        line = 0.0
        for token in _TOKENS.findall(paragraph):
            w = text_units(token, bold)
            if token.isspace():
                line += w if line else 0.0
            elif line + w <= usable:
                line += w
            elif w <= usable:
                lines, line = lines + 1, w
            else:  # a word wider than the line: broken at the edge
                for ch in token:
                    cw = text_units(ch, bold)
                    if line + cw > usable:
                        lines, line = lines + 1, 0.0
                    line += cw
    return max(lines, 1)


def print_scale(total_units: float, paper: str) -> float:
    """The fit-to-width scale of a sheet ``total_units`` wide on ``paper``, at the widest unit (:data:`UNIT_PT`).

    Capped at 1 (fit-to-width never enlarges); ``FONT_PT * print_scale(...)`` is the smallest printed size.
    """
    printable = PAPER_WIDTH_PT[paper] - (MARGINS_IN["left"] + MARGINS_IN["right"]) * INCH_PT
    return min(100, math.floor(100 * printable / (total_units * UNIT_PT))) / 100  # spreadsheets scale in percent


YEARS = ("number", "baseline_year", "target_year", "current_year")  # whole numbers printed without separators


def _number_format(column: str, decimals: int | None, value: Any = None) -> str:
    """The Excel format of a number in ``column``: the form :func:`ipdata.views.tables.cell_text` prints it in."""
    if column in PROBABILITIES:
        return probability_format(value)
    if column in SHARES:
        return SHARE_FORMAT
    if column in RATES:
        return RATE_FORMAT
    if column in YEARS:
        return "0"
    return excel_format(decimals if decimals is not None else 0)


def _shown(column: str, value: Any, decimals: int | None) -> str:
    """A cell as the spreadsheet shows it (empty when missing): the text the pages and the document print."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or column in YEARS:
        return str(value)
    return cell_text(column, value, decimals)


def _widths(
    frame: pd.DataFrame, headers: Mapping[str, str], paper: str, decimals: Sequence[int | None]
) -> dict[str, float]:
    """Column widths in units: never under the widest number or word, text wrapped past :data:`CAPS`.

    When the sheet would print under :data:`MIN_PRINTED_PT` the :data:`SHRINK` columns narrow (their text
    takes more lines instead), so a plan with long names still prints readably.
    """
    widths, floors = {}, {}
    for column in frame.columns:
        numbers: list[str] = []  # what is never wrapped
        words_: list[str] = []  # text that wraps
        for value, places in zip(frame[column], decimals):
            one_line = (isinstance(value, (int, float)) and not isinstance(value, bool)) or column in NO_WRAP
            (numbers if one_line else words_).append(_shown(column, value, places))
        cap = CAPS.get(column, 14)
        unbroken = max(  # numbers and header words are never broken
            max((text_units(s) for s in numbers), default=0.0), _longest_word(headers[column], bold=True)
        )
        word = max((_longest_word(s) for s in words_), default=0.0)
        if column in LONG_TEXT:
            word = min(word, SHRINK[column] - PAD)
        floor = math.ceil(max(unbroken, word) + PAD)  # a word wider than a text column breaks at its edge
        text = max((text_units(s) + PAD for s in words_), default=0.0)
        widths[column] = float(max(floor, min(math.ceil(text), cap), 5))
        floors[column] = float(max(floor, SHRINK.get(column, widths[column])))

    def small() -> bool:
        return FONT_PT * print_scale(sum(widths.values()), paper) < MIN_PRINTED_PT + SAFETY_PT

    while small() and any(widths[c] > floors[c] for c in widths if c in SHRINK):
        for column in (c for c in SHRINK if c in widths and widths[c] > floors[c]):
            widths[column] -= 1.0
    return widths


def _pages_wide(widths: Mapping[str, float], paper: str) -> int:
    """Pages across the sheet prints on: one, unless even its narrowest layout would print under 8 pt.

    Past one page, each page repeats the first three columns (number, region, indicator: ``print_title_cols``),
    so each page holds its share of the others next to them.
    """
    total, titles = sum(widths.values()), sum(list(widths.values())[:3])
    pages = 1
    while FONT_PT * print_scale((total + (pages - 1) * titles) / pages, paper) < MIN_PRINTED_PT + SAFETY_PT:
        pages += 1
    return pages


def _row_height(cells: Sequence[tuple[str, float, bool]]) -> float:
    """A row's height in points from its wrapped cells (text, column width, bold): the tallest cell's lines."""
    heights = [
        text_lines(text, width, bold) * LINE_PT["cjk" if any(map(_wide, text)) else "latin"]
        for text, width, bold in cells
    ]
    return max(heights, default=LINE_PT["latin"]) + ROW_PAD_PT


def _write(
    ws: Any,
    frame: pd.DataFrame,
    headers: Mapping[str, str],
    paper: str,
    wrap_all: bool = False,
    widths: Mapping[str, float] | None = None,
    decimals: Sequence[int | None] | None = None,
) -> None:
    """``frame`` under a bold header row, sized and set up to print on ``paper`` (see the module's docstring).

    Args:
        ws: The openpyxl worksheet.
        frame: The table, columns in order.
        headers: The header text of each column, in the workbook's language.
        paper: A key of :data:`PAPER_WIDTH_PT`: ``a3_landscape`` or ``a4_portrait``.
        wrap_all: Wrap every text cell (the sources list); otherwise :data:`NO_WRAP` columns stay on one line.
        widths: Column widths in units; by default from the content (:func:`_widths`).
        decimals: Per row, the decimals its numbers print with (the completion table's ``decimals``).
    """
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    places: list[int | None] = list(decimals) if decimals is not None else [None] * len(frame)
    widths = dict(widths) if widths is not None else _widths(frame, headers, paper, places)
    ws.append([headers[c] for c in frame.columns])
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment, cell.border = Alignment(wrap_text=True, vertical="center", horizontal="center"), border
    ws.row_dimensions[1].height = _row_height([(headers[c], widths[c], True) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append(list(values))
    for r, (row, row_places) in enumerate(zip(ws.iter_rows(min_row=2), places), start=2):
        wrapped = []
        for column, cell in zip(frame.columns, row):
            cell.border = border
            number = isinstance(cell.value, (int, float))
            wrap = not number and (wrap_all or column not in NO_WRAP)
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")
            if number:
                cell.number_format = _number_format(column, row_places, cell.value)
            elif wrap and cell.value:
                wrapped.append((str(cell.value), widths[column], False))
        ws.row_dimensions[r].height = _row_height(wrapped)
    neutralise_formulas(ws)
    for i, column in enumerate(frame.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = widths[column]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    landscape = paper == "a3_landscape"
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3 if landscape else ws.PAPERSIZE_A4
    ws.page_margins = PageMargins(**MARGINS_IN)
    ws.sheet_properties.pageSetUpPr.fitToPage = True  # one page wide, as many long as it takes
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = _pages_wide(widths, paper), 0
    ws.print_title_rows = "1:1"  # the header row on every printed page
    if ws.page_setup.fitToWidth > 1:  # a table too wide for one page: each block of columns names its rows
        ws.print_title_cols = "A:C"
    ws.oddFooter.center.text = "&P / &N"


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


def completion_workbook(results: Sequence[TargetAssessment], lang: str = "zh") -> bytes:
    """The completion table and its sources as ``.xlsx`` bytes (same inputs, same bytes).

    Args:
        results: One plan's targets judged (:func:`ipdata.assess_targets`).
        lang: ``zh`` (完成情况表) or ``en`` (the English twin).
    """
    from openpyxl import Workbook

    table = completion_table(results, lang)
    frame = table[COLUMNS]
    statuses = [r.row.get("status") for r in results]
    book = Workbook()
    ws = book.active
    ws.title = words("completion_sheet", lang)
    headers = {c: pick(COMPLETION_HEADERS[c], lang) for c in COLUMNS}
    _write(ws, frame, headers, "a3_landscape", decimals=table["decimals"].tolist())
    _colour(ws, frame, statuses)
    if results:
        with plan_scope(results[0].plan):
            title = plan_title(results[0].plan or str(results[0].target["plan_id"]), lang)
        ws.oddHeader.center.text = title  # printed on every page
        book.properties.title = title
    sources, source_headers = sources_list(results, lang)
    sheet = book.create_sheet(words("sources_sheet", lang))
    _write(sheet, sources, source_headers, "a4_portrait", wrap_all=True, widths=SOURCE_WIDTHS)
    book.properties.creator = "ipdata"
    buffer = io.BytesIO()
    book.save(buffer)
    return reproducible_ooxml(buffer.getvalue())
