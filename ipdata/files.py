"""Files: where the bundled data, notebooks and shared raw inputs live, and how files are written.

Paths are derived from this file, never from the working directory: papermill runs kernels in the
caller's folder and nbval in the notebook's folder, so ``Path("data")`` would point somewhere
different in each. Every published file is written atomically (:func:`write_atomic`), so a reader
(or a scheduled run killed half-way) never sees half a file.
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
    "data_dir",
    "neutralise_formulas",
    "notebooks_dir",
    "reproducible_ooxml",
    "shared_dir",
    "write_atomic",
]

_HERE = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder holding the bundled CSV tables and ``datapackage.json``.

    In a source checkout or editable install this is ``<repo>/data``; in a wheel the same files
    are installed as ``ipdata/data`` (see ``[tool.setuptools.package-dir]`` in pyproject.toml).
    """
    for candidate in (_HERE / "data", _HERE.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"ipdata's bundled data (datapackage.json) was not found next to {_HERE}; "
        "reinstall the package (pip install -e .) from a complete checkout."
    )


def shared_dir() -> Path | None:
    """Return the project's ``../shared`` folder (seed documents, raw sources) if present.

    ``IPDATA_SHARED`` overrides the location. The folder only exists in a development checkout;
    installed users never need it, so callers must cope with ``None``.
    """
    env = os.environ.get("IPDATA_SHARED")
    candidate = Path(env) if env else _HERE.parent.parent / "shared"
    return candidate if (candidate / "seeds").is_dir() else None


def notebooks_dir() -> Path:
    """Return the folder holding the report notebooks (``<repo>/notebooks``, or ``ipdata/notebooks`` in a wheel).

    ``IPDATA_NOTEBOOKS`` overrides it (tests use it to run a deliberately failing notebook).
    """
    env = os.environ.get("IPDATA_NOTEBOOKS")
    for candidate in ([Path(env)] if env else []) + [_HERE / "notebooks", _HERE.parent / "notebooks"]:
        if (candidate / "trajectory.ipynb").is_file():
            return candidate
    raise FileNotFoundError(
        f"ipdata's notebooks (trajectory.ipynb) were not found next to {_HERE}; "
        "reinstall the package from a complete checkout."
    )


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
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; published files get the usual mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@lru_cache(maxsize=1)
def _umask() -> int:
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
