"""Read an analyst's CSV file or Excel sheet as rows of text, the way the file really is.

Why not ``pandas.read_csv`` / ``read_excel``: an analyst must be told "row 7, column 'value'" and
that must be the row their spreadsheet shows, yet pandas drops blank lines (so later rows are
misnumbered), moves a row with one cell too many into the index (so every cell is blamed on the
wrong column), reads an Excel cell formatted as ``93%`` as ``0.93``, silently ignores data on other
sheets, and fails on what Excel in China saves (GBK / GB18030 CSVs, UTF-16 "Unicode text") with a
raw codec error. This module keeps each row's own number, reports extra cells, turns percent-formatted
cells into percentage points, and reads those encodings (naming the one it used).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.errors import DataValidationError, Problem

__all__ = ["Sheet", "decode_text", "read_csv_table", "read_sheet", "read_workbook", "to_sheet"]

SUFFIXES = (".csv", ".xlsx", ".xlsm")


@dataclass
class Sheet:
    """One table of an analyst's file.

    Attributes:
        source: The file (and sheet) as messages name it.
        header: Column names of row 1, stripped.
        rows: ``(row number as the spreadsheet shows it, cells as text)`` for every row that is not blank.
        encoding: The text encoding a CSV was read with (``utf-8``, ``gb18030``, ``utf-16``); empty for Excel.
        problems: Rows that do not fit the header (more cells than columns).
    """

    source: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    problems: list[Problem] = field(default_factory=list)

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Each row as ``{column: text}`` (missing cells empty), with its row number."""
        return [(i, dict(zip(self.header, cells + [""] * (len(self.header) - len(cells))))) for i, cells in self.rows]


def _fail(path: Path, message: str) -> DataValidationError:
    return DataValidationError([Problem(str(path), None, None, message)])


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding it was in: UTF-8 (with or without BOM), UTF-16 or GBK/GB18030.

    The one home of the encoding rule for what analysts bring (CSV files here, plan documents in
    :mod:`ipdata.extract.documents`): a file is decoded whole in one encoding or refused.

    Raises:
        DataValidationError: the bytes are none of these encodings (the byte offset named).
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"  # what Excel and WPS on Chinese Windows save as "CSV"
    except UnicodeDecodeError as exc:
        raise _fail(
            path,
            f"is not UTF-8, UTF-16 or GBK/GB18030 text ({exc.reason} at byte {exc.start}); "
            "save it from Excel or WPS as 'CSV UTF-8' or as .xlsx",
        ) from exc


def to_sheet(source: str, table: list[list[str]], encoding: str = "", header_row: int = 1) -> Sheet:
    """One table of cells as a :class:`Sheet`, its header on ``header_row`` (rows above it are labels for people).

    Blank rows are dropped with the numbering kept; rows with too many cells are reported.

    Raises:
        DataValidationError: the header row is empty.
    """
    if len(table) < header_row or not any(c.strip() for c in table[header_row - 1]):
        message = f"row {header_row} must hold the column names; it is empty"
        raise DataValidationError([Problem(source, header_row, None, message)])
    header = [c.strip() for c in table[header_row - 1]]
    while header and not header[-1]:
        header.pop()
    sheet = Sheet(source, header, [], encoding)
    for number, cells in enumerate(table[header_row:], start=header_row + 1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        extra = [c for c in cells[len(header) :] if c]
        if extra:
            sheet.problems.append(
                Problem(
                    source,
                    number,
                    None,
                    f"has {len(header) + len(extra)} filled cells but the header names "
                    f"{len(header)} columns; extra: {extra}",
                )
            )
            continue
        sheet.rows.append((number, cells[: len(header)]))
    return sheet


def read_csv_table(path: Path) -> tuple[list[list[str]], str]:
    """A CSV file's cells (UTF-8, UTF-16 tab-separated or GBK/GB18030) and the encoding it was in."""
    text, encoding = decode_text(path, path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","  # Excel's "Unicode text" is tab-separated
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        table = [list(r) for r in reader]
    except csv.Error as exc:  # an unclosed quote, a stray quote inside a field
        raise _fail(path, f"could not be read as a table: {exc} (row {reader.line_num})") from exc
    return table, encoding


def _cell_text(value: Any, number_format: str) -> str:
    """An Excel cell as the text a person reads: ``93%`` as 93, whole numbers without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        if "%" in (number_format or ""):
            value = Decimal(repr(value)) * 100  # 0.93 shown as 93% is 93 percentage points
            return format(value.normalize(), "f")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def read_workbook(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of an ``.xlsx`` workbook, by title, as the text a person reads in its cells.

    Raises:
        DataValidationError: the file cannot be opened as a workbook.
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or mislabelled file
        raise _fail(path, f"could not be opened as an Excel workbook: {exc}") from exc
    try:
        return {
            ws.title: [[_cell_text(c.value, getattr(c, "number_format", "")) for c in row] for row in ws.iter_rows()]
            for ws in book.worksheets
        }
    finally:
        book.close()


def _read_xlsx(path: Path) -> Sheet:
    (title, table), *others = read_workbook(path).items()
    busy = [name for name, cells in others if any(c for row in cells for c in row)]
    sheet = to_sheet(f"{path} (sheet '{title}')", table)
    if busy:
        sheet.problems.append(
            Problem(
                str(path),
                None,
                None,
                f"sheets {busy} also hold data, but observations are read from the first "
                f"sheet ('{title}') only: move them there or into a file of their own",
            )
        )
    return sheet


def read_sheet(path: str | Path) -> Sheet:
    """Read a ``.csv`` (UTF-8, UTF-16 or GBK) or the first sheet of an ``.xlsx`` as rows of text.

    Raises:
        FileNotFoundError: nothing at ``path``.
        DataValidationError: a folder, another format (``.xls``: with the way to convert it), an unreadable
            encoding or workbook, or an empty header row.
    """
    path = Path(path)
    if path.is_dir():
        raise _fail(path, "is a folder; expected a .csv or .xlsx file of observations")
    if not path.is_file():
        raise FileNotFoundError(f"{path}: observations file not found")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(path, "is an old-style .xls workbook; open it in Excel or WPS and save it as .xlsx (or CSV UTF-8)")
    if suffix not in SUFFIXES:
        raise _fail(path, f"expected a .csv or .xlsx file, found '{suffix or 'no extension'}'")
    if suffix == ".csv":
        table, encoding = read_csv_table(path)
        return to_sheet(str(path), table, encoding)
    return _read_xlsx(path)
