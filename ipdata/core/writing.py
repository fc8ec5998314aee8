"""How ipdata writes files: atomically, as CSV a spreadsheet cannot run, as zip documents with fixed clocks.

Every published file is written atomically (:func:`write_atomic`), so a reader (or a scheduled run killed
half-way) never sees half a file; tables go through :func:`write_table`, the one home of the CSV-for-Excel and
Parquet rules.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "csv_text",
    "neutralise_formulas",
    "reproducible_ooxml",
    "TABLE_SUFFIXES",
    "check_table_path",
    "current_umask",
    "table_bytes",
    "write_atomic",
    "write_table",
]


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half.

    The bytes go to a temporary file in the same folder, are flushed to disk, then renamed over
    the target (``os.replace`` is atomic on POSIX and Windows). A failure leaves the old file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; published files get the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def current_umask() -> int:
    """The process's umask, read once per process: published files and folders get the mode any other would.

    Read once because reading it means setting it for an instant (not safe while other threads create files);
    a process that changes its umask afterwards keeps publishing with the first one.
    """
    mask = os.umask(0)  # the only portable way to read it is to set it; put it straight back
    os.umask(mask)
    return mask


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what Excel and WPS run as a formula (OWASP: CSV injection)


def csv_text(table: pd.DataFrame, float_format: str) -> str:
    """``table`` as the CSV ipdata publishes: newline line ends, and no text cell that a spreadsheet would run.

    A text cell starting with ``=``, ``+``, ``-``, ``@`` (an analyst's ``source_url`` of
    ``=cmd|' /C calc'!A0``, say) gets a leading apostrophe, which Excel shows as plain text; numbers are
    left alone, so negative values stay numbers.
    """
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            cells = safe[column]
            risky = cells.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_STARTS)).astype(bool)
            if risky.any():
                safe[column] = cells.where(~risky, "'" + cells.astype(str))
    return safe.to_csv(index=False, lineterminator="\n", float_format=float_format)


TABLE_SUFFIXES = (".csv", ".parquet")
"""The table files ipdata writes: CSV for people (Excel, WPS), Parquet for pipelines."""


def check_table_path(path: str | Path, name: str = "--out") -> Path:
    """``path`` as a table file to write: it must end in one of :data:`TABLE_SUFFIXES`.

    Raises:
        ValueError: another suffix, with the parameter ``name`` in the message.
    """
    path = Path(path)
    if path.suffix not in TABLE_SUFFIXES:
        raise ValueError(f"{name} must end in .csv or .parquet (or be - for CSV on standard output), got {path}")
    return path


def table_bytes(table: pd.DataFrame, suffix: str = ".csv", float_format: str = "%.6g") -> bytes:
    """A table as the bytes of a ``.csv`` (UTF-8 with a byte-order mark, :func:`csv_text`) or a ``.parquet`` file.

    The byte-order mark: Excel on Chinese Windows reads a CSV without one as GBK and garbles its Chinese.
    """
    if suffix == ".parquet":
        buffer = io.BytesIO()
        table.to_parquet(buffer, index=False, engine="pyarrow")
        return buffer.getvalue()
    return csv_text(table, float_format).encode("utf-8-sig")


def write_table(path: str | Path, table: pd.DataFrame, float_format: str = "%.6g", name: str = "--out") -> Path:
    """Write ``table`` atomically as CSV or Parquet, by the suffix of ``path`` (the one home of that rule).

    Raises:
        ValueError: a suffix other than :data:`TABLE_SUFFIXES` (``name`` is the parameter it came from).
    """
    path = check_table_path(path, name)
    write_atomic(path, table_bytes(table, path.suffix, float_format))
    return path


def neutralise_formulas(worksheet: Any) -> None:
    """Keep text that looks like a formula as text in an openpyxl worksheet ipdata writes.

    openpyxl stores any string starting with ``=`` as a formula, so an analyst's ``source_url`` of
    ``=cmd|' /C calc'!A0`` would run when the workbook is opened; as a text cell it is shown, never run.
    (``+``, ``-`` and ``@`` are only formulas when typed in Excel, not in a stored text cell.)
    """
    for row in worksheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
FIXED_DOC_TIME = b"2000-01-01T00:00:00Z"
_DOC_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def reproducible_ooxml(data: bytes) -> bytes:
    """An ``.xlsx`` or ``.docx`` (a zip) with its clock readings fixed, so the same content gives the same bytes.

    openpyxl and python-docx stamp every zip entry with the time of writing and set the document's
    ``modified`` property to now; a workbook regenerated years later must still be identical. Entries
    keep their order and content; only those times change.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _DOC_TIMES.sub(rb"\g<1>" + FIXED_DOC_TIME + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, content)
    return out.getvalue()
