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
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.errors import DataValidationError, MissingFileError, Problem

__all__ = [
    "CHOICE_COLUMNS",
    "Sheet",
    "choice_id",
    "choice_label",
    "decode_text",
    "read_csv_table",
    "read_sheet",
    "read_workbook",
    "to_sheet",
    "workbook_warnings",
]

SUFFIXES = (".csv", ".xlsx", ".xlsm")

# Columns whose cells are picked from a drop-down of "名称 (id)" (the plan template's): read as the id
CHOICE_COLUMNS = frozenset(
    {"region_id", "parent_id", "region", "indicator_id", "indicator", "kind", "comparator", "status", "scope"}
    | {"direction", "level"}
)
# the label is a Chinese name (as the template writes it): "=cmd (abc)" or "'(abc)" is not an entry
_CHOICE = re.compile(r"^(?P<label>[^=+@'\-\s].*?[\u3000-\u9fff\uff00-\uffef].*?)\s*[(（](?P<id>[a-z][a-z0-9_]*)[)）]$")


def choice_label(label: str, value: str) -> str:
    """A drop-down entry: the name a reader knows, then the id ipdata reads, ``期末值 (level)``, ``浙江省 (zhejiang)``.

    Why both: an analyst recognises 浙江省, not ``zhejiang``; the id keeps the entry exact. :func:`choice_id`
    reads it back.
    """
    return value if not label or label == value else f"{label} ({value})"


def choice_id(text: str) -> str:
    """The id of a drop-down entry (:func:`choice_label`); any other text as it is (an id or a name typed)."""
    match = _CHOICE.match(text.strip())
    return match.group("id") if match else text


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
        """Each row as ``{column: text}`` (missing cells empty), with its row number; drop-down entries as ids."""
        out = []
        for i, cells in self.rows:
            rec = dict(zip(self.header, cells + [""] * (len(self.header) - len(cells))))
            out.append(
                (i, {c: choice_id(v) if c in CHOICE_COLUMNS and v.endswith((")", "）")) else v for c, v in rec.items()})
            )
        return out


def _fail(path: Path, message: str, message_zh: str | None = None) -> DataValidationError:
    return DataValidationError([Problem(str(path), None, None, message, message_zh=message_zh)])


def _stray_bytes(data: bytes) -> tuple[int, int] | None:
    """(byte offset, line) of the first byte that breaks UTF-8 in text that is otherwise UTF-8, else ``None``.

    GB18030 decodes almost any bytes, so "not UTF-8, hence GBK" would read a UTF-8 file with one stray
    byte (a cell pasted from another program) as mojibake throughout. UTF-8 text is recognised by its
    multi-byte sequences: Chinese text in GBK has almost none that are valid UTF-8, so if valid ones are
    many and breaks are few, the file is UTF-8 with a fault, and the fault is named.
    """
    text = data.decode("utf-8", errors="replace")
    breaks = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if breaks == 0 or multibyte < 10 * breaks:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start, data[: exc.start].count(b"\n") + 1
    return None


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
    stray = _stray_bytes(data)
    if stray is not None:
        raise _fail(
            path,
            f"is UTF-8 text except for an invalid byte on line {stray[1]} (byte {stray[0]}); "
            "fix or retype that line (read whole as GBK it would garble every Chinese character)",
            message_zh=f"是 UTF-8 文本，但第{stray[1]}行有一个无效字节（第{stray[0]}字节）；"
            "请修正或重新输入这一行（整个文件按 GBK 读取会使所有汉字变成乱码）",
        )
    try:
        return data.decode("gb18030"), "gb18030"  # what Excel and WPS on Chinese Windows save as "CSV"
    except UnicodeDecodeError as exc:
        raise _fail(
            path,
            f"is not UTF-8, UTF-16 or GBK/GB18030 text ({exc.reason} at byte {exc.start}); "
            "save it from Excel or WPS as 'CSV UTF-8' or as .xlsx",
            message_zh=f"不是 UTF-8、UTF-16 或 GBK/GB18030 文本（第{exc.start}字节：{exc.reason}）；"
            "请在 Excel 或 WPS 中另存为“CSV UTF-8”或 .xlsx",
        ) from exc


def to_sheet(source: str, table: list[list[str]], encoding: str = "", header_row: int = 1) -> Sheet:
    """One table of cells as a :class:`Sheet`, its header on ``header_row`` (rows above it are labels for people).

    Blank rows are dropped with the numbering kept; rows with too many cells are reported.

    Raises:
        DataValidationError: the header row is empty.
    """
    if len(table) < header_row or not any(c.strip() for c in table[header_row - 1]):
        message = f"row {header_row} must hold the column names; it is empty"
        message_zh = f"第{header_row}行应为列名（表头），但这一行是空的"
        raise DataValidationError([Problem(source, header_row, None, message, message_zh=message_zh)])
    header = [c.strip() for c in table[header_row - 1]]
    while header and not header[-1]:
        header.pop()
    _check_header(source, header, header_row)
    if len(table) - header_row > MAX_ROWS:
        message = f"has {len(table) - header_row:,} rows; at most {MAX_ROWS:,} are read (split the file)"
        message_zh = f"有 {len(table) - header_row:,} 行；最多读取 {MAX_ROWS:,} 行（请拆分文件）"
        raise DataValidationError([Problem(source, None, None, message, message_zh=message_zh)])
    sheet = Sheet(source, header, [], encoding)
    for number, cells in enumerate(table[header_row:], start=header_row + 1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        controls = [
            (header[j] if j < len(header) else _letter(j), c) for j, c in enumerate(cells) if _CONTROL.search(c)
        ]
        if controls:
            column, cell = controls[0]
            code = f"U+{ord(_CONTROL.search(cell).group(0)):04X}"  # type: ignore[union-attr]
            message = f"holds a control character ({code}), which no report can print: remove it; cell {cell!r}"
            message_zh = f"含有无法打印的控制字符（{code}），请删除；单元格内容 {cell!r}"
            sheet.problems.append(Problem(source, number, column, message, message_zh=message_zh))
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
                    message_zh=f"有 {len(header) + len(extra)} 个填了内容的单元格，但表头只有 {len(header)} 列；"
                    f"多出的内容：{extra}",
                )
            )
            continue
        sheet.rows.append((number, cells[: len(header)]))
    return sheet


# C0 controls other than tab, line feed and carriage return (which a cell may hold), DEL and the C1 controls
# (U+0080-U+009F: what a mis-decoded byte becomes): none prints, and a figure or workbook cannot hold them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _check_header(source: str, header: list[str], row: int) -> None:
    """Refuse a header that names a column twice (value, value) or holds a control character.

    Which of two ``value`` columns holds the values cannot be guessed, and reading one silently drops the other.
    """
    problems = []
    seen: dict[str, int] = {}
    for j, name in enumerate(header):
        if _CONTROL.search(name):
            problems.append(
                Problem(
                    source,
                    row,
                    _letter(j),
                    f"the column name {name!r} holds a control character",
                    message_zh=f"列名 {name!r} 含有控制字符",
                )
            )
        if name and name in seen:
            where = f"columns {_letter(seen[name])} and {_letter(j)}"
            problems.append(
                Problem(
                    source,
                    row,
                    name,
                    f"the column name {name!r} appears twice ({where}): keep one",
                    message_zh=f"列名 {name!r} 出现了两次（第{_letter(seen[name])}列和第{_letter(j)}列）：请只保留一列",
                )
            )
        seen.setdefault(name, j)
    if problems:
        raise DataValidationError(problems)


def read_csv_table(path: Path) -> tuple[list[list[str]], str]:
    """A CSV file's cells (UTF-8, UTF-16 tab-separated or GBK/GB18030) and the encoding it was in.

    Raises:
        DataValidationError: the file is over :data:`MAX_WORKBOOK_BYTES`, cannot be decoded or parsed.
    """
    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise _fail(
            path,
            f"is {size / 2**20:.0f} MB; a table over {MAX_WORKBOOK_BYTES // 2**20} MB is not read",
            message_zh=f"大小为 {size / 2**20:.0f} MB；超过 {MAX_WORKBOOK_BYTES // 2**20} MB 的表不读取",
        )
    text, encoding = decode_text(path, path.read_bytes())
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","  # Excel's "Unicode text" is tab-separated
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        table = [list(r) for r in reader]
    except csv.Error as exc:  # an unclosed quote, a stray quote inside a field
        raise _fail(
            path,
            f"could not be read as a table: {exc} (row {reader.line_num})",
            message_zh=f"无法读取为表格：{exc}（第{reader.line_num}行）",
        ) from exc
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

    _check_zip(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or mislabelled file
        raise _fail(
            path, f"could not be opened as an Excel workbook: {exc}", message_zh=f"无法作为 Excel 工作簿打开：{exc}"
        ) from exc
    try:
        sheets = {}
        for ws in book.worksheets:
            # read-only mode trusts the sheet's own <dimension> record, which some tools write too small
            # (2 of 10 rows read, silently): forget it and read the rows the sheet really has
            ws.reset_dimensions()
            sheets[ws.title] = [
                [_cell_text(c.value, getattr(c, "number_format", "")) for c in row] for row in ws.iter_rows()
            ]
        return sheets
    finally:
        book.close()


_SHEET_ENTRY = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?>')
_ROW_HIDDEN = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"')
_RELATION = re.compile(rb"<Relationship\b[^>]*>")
_MERGE = re.compile(rb'<mergeCell\b[^>]*?ref="([A-Z]+\d+:[A-Z]+\d+)"')


def workbook_warnings(path: Path) -> list[Problem]:
    """What a workbook hides from the person who reads it on screen: hidden sheets and rows, merged cells.

    ipdata reads every row whether Excel shows it or not, and a merged range's value stands in its first
    cell only (the others read as empty): both can surprise, so ``validate`` names them. Read from the
    sheets' XML (cheap: no second parse of the cells).
    """
    import html

    _check_zip(path)
    problems: list[Problem] = []
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        book = archive.read("xl/workbook.xml") if "xl/workbook.xml" in names else b""
        rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
        targets: dict[bytes, bytes] = {}
        for element in _RELATION.findall(rels):  # attributes in any order
            ident, to = re.search(rb'\bId="([^"]+)"', element), re.search(rb'\bTarget="([^"]+)"', element)
            if ident and to:
                targets[ident.group(1)] = to.group(1)
        for entry in _SHEET_ENTRY.finditer(book):
            title = html.unescape(entry.group(1).decode())
            if re.search(rb'state="(?:hidden|veryHidden)"', entry.group(0)):
                problems.append(
                    Problem(
                        str(path),
                        None,
                        None,
                        f"sheet '{title}' is hidden in Excel; it is read all the same",
                        message_zh=f"工作表“{title}”在 Excel 中被隐藏；仍会照常读取",
                    )
                )
            sheet_id = re.search(rb'r:id="([^"]+)"', entry.group(0))
            target = targets.get(sheet_id.group(1), b"").decode() if sheet_id else ""
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part in names:
                problems += _sheet_warnings(f"{path} (sheet '{title}')", archive.read(part))
    return problems


def _sheet_warnings(where: str, xml: bytes) -> list[Problem]:
    """Hidden rows and merged ranges of one sheet's XML."""
    problems = []
    rows = [int(m.group(1)) for m in _ROW_HIDDEN.finditer(xml)]
    if rows:
        shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
        problems.append(
            Problem(
                where,
                rows[0],
                None,
                f"rows {shown} are hidden in Excel; they are read all the same",
                message_zh=f"第 {shown} 行在 Excel 中被隐藏；仍会照常读取",
            )
        )
    merged = [m.group(1).decode() for m in _MERGE.finditer(xml)]
    if merged:
        shown = ", ".join(merged[:10]) + (" …" if len(merged) > 10 else "")
        message = f"merged cells {shown}: a merged range's value is read in its first cell only"
        message_zh = f"合并单元格 {shown}：合并区域的值只读取其第一个单元格"
        problems.append(Problem(where, None, None, message, message_zh=message_zh))
    return problems


MAX_ROWS = 1_000_000  # rows of one sheet: an analyst's file holds thousands; a million already takes minutes to check
MAX_WORKBOOK_BYTES = 50 * 2**20  # an analyst's plan workbook or observations file is well under 5 MB
MAX_UNZIPPED_BYTES = 500 * 2**20  # what the sheets may unzip to: a "zip bomb" is refused before parsing


def _check_zip(path: Path) -> None:
    """Refuse a workbook too large to be an analyst's, or that unzips to more than parsing can hold.

    An .xlsx is a zip file whose central directory lists every entry's uncompressed size, so the check
    costs nothing; a 35 MB file that unzips to 1.6 GB otherwise ends in a memory error minutes later.
    """
    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise _fail(
            path,
            f"is {size / 2**20:.0f} MB; a workbook over {MAX_WORKBOOK_BYTES // 2**20} MB is not read",
            message_zh=f"大小为 {size / 2**20:.0f} MB；超过 {MAX_WORKBOOK_BYTES // 2**20} MB 的工作簿不读取",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        hint = " (a CSV or an old .xls renamed .xlsx?)" if path.suffix.lower() in (".xlsx", ".xlsm") else ""
        hint_zh = "（是否把 CSV 或旧的 .xls 文件改名成了 .xlsx？）" if hint else ""
        raise _fail(
            path, f"is not an Excel .xlsx workbook{hint}: {exc}", message_zh=f"不是 Excel .xlsx 工作簿{hint_zh}：{exc}"
        ) from exc
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _fail(
            path,
            f"unzips to {unzipped / 2**20:,.0f} MB (limit {MAX_UNZIPPED_BYTES // 2**20} MB): "
            "not a workbook an analyst fills in; save the sheets you need in a new file",
            message_zh=f"解压后为 {unzipped / 2**20:,.0f} MB（上限 {MAX_UNZIPPED_BYTES // 2**20} MB）："
            "不像是分析人员填写的工作簿；请把需要的工作表另存为新文件",
        )


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
                message_zh=f"工作表 {busy} 中也有数据，但观测值只从第一个工作表（“{title}”）读取："
                "请把这些数据移到第一个工作表，或另存为单独的文件",
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
        raise _fail(
            path,
            "is a folder; expected a .csv or .xlsx file of observations",
            message_zh="是文件夹；应为观测值的 .csv 或 .xlsx 文件",
        )
    if not path.is_file():
        raise MissingFileError(path, "observations file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise _fail(
            path,
            "is an old-style .xls workbook; open it in Excel or WPS and save it as .xlsx (or CSV UTF-8)",
            message_zh="是旧式 .xls 工作簿；请在 Excel 或 WPS 中打开，另存为 .xlsx（或 CSV UTF-8）",
        )
    if suffix not in SUFFIXES:
        raise _fail(
            path,
            f"expected a .csv or .xlsx file, found '{suffix or 'no extension'}'",
            message_zh=f"应为 .csv 或 .xlsx 文件，实际为 '{suffix or '无扩展名'}'",
        )
    if suffix == ".csv":
        table, encoding = read_csv_table(path)
        return to_sheet(str(path), table, encoding)
    return _read_xlsx(path)
