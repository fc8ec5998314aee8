"""Where ipdata's own files live: the bundled data, the notebooks, the font, the calibration, ``../shared``.

Paths are derived from the package's location, never from the working directory: papermill runs kernels in
the caller's folder and nbval in the notebook's folder, so ``Path("data")`` would point somewhere different in
each.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CALIBRATION_FILE", "FONT_FILE", "PACKAGE_DIR", "data_dir", "notebooks_dir", "shared_dir"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
"""The installed ``ipdata`` folder (in a checkout: ``<repo>/ipdata``)."""

FONT_FILE = PACKAGE_DIR / "fonts" / "ipdata-cjk-sans.otf"
"""The CJK font every figure and page uses (``scripts/build_font.py`` subsets it)."""

CALIBRATION_FILE = PACKAGE_DIR / "calibration.json"
"""The interval factors and damping the engine reads (``ipdata backtest --calibrate`` rewrites it)."""


def data_dir() -> Path:
    """Return the folder holding the bundled CSV tables and ``datapackage.json``.

    In a source checkout or editable install this is ``<repo>/data``; in a wheel the same files
    are installed as ``ipdata/data`` (see ``[tool.setuptools.package-dir]`` in pyproject.toml).
    """
    for candidate in (PACKAGE_DIR / "data", PACKAGE_DIR.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"ipdata's bundled data (datapackage.json) was not found next to {PACKAGE_DIR}; "
        "reinstall the package (pip install -e .) from a complete checkout."
    )


def shared_dir() -> Path | None:
    """Return the project's ``../shared`` folder (seed documents, raw sources) if present.

    ``IPDATA_SHARED`` overrides the location. The folder only exists in a development checkout;
    installed users never need it, so callers must cope with ``None``.
    """
    env = os.environ.get("IPDATA_SHARED")
    candidate = Path(env) if env else PACKAGE_DIR.parent.parent / "shared"
    return candidate if (candidate / "seeds").is_dir() else None


def notebooks_dir() -> Path:
    """Return the folder holding the report notebooks (``<repo>/notebooks``, or ``ipdata/notebooks`` in a wheel).

    ``IPDATA_NOTEBOOKS`` overrides it (tests use it to run a deliberately failing notebook).
    """
    env = os.environ.get("IPDATA_NOTEBOOKS")
    for candidate in ([Path(env)] if env else []) + [PACKAGE_DIR / "notebooks", PACKAGE_DIR.parent / "notebooks"]:
        if (candidate / "trajectory.ipynb").is_file():
            return candidate
    raise FileNotFoundError(
        f"ipdata's notebooks (trajectory.ipynb) were not found next to {PACKAGE_DIR}; "
        "reinstall the package from a complete checkout."
    )
