"""A report's manifest: a digest of what each notebook job read, so a rerun redoes only what changed.

A scheduled run (cron, Airflow) mostly meets inputs that did not change since the last run. Each job's
inputs are hashed (SHA-256) into ``manifest.json`` in the report folder: the notebook's bytes, its
parameters, the rows of data it reads, and the code (ipdata's version, the bytes of its source files and of
``calibration.json``: a change of the engine changes every forecast). The next run computes the same digest;
a job whose digest equals the one recorded in the report it replaces has its outputs copied from that report
instead of being run again (:func:`ipdata.run.report.run_report`; ``--rerun-all`` runs everything).

The manifest is deterministic (sorted keys, no times or absolute paths), so two runs of the same inputs still
give the same bytes everywhere in the report.
"""

from __future__ import annotations

import hashlib
import json
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..core.paths import PACKAGE_DIR
from ..core.writing import write_atomic

__all__ = ["ENVIRONMENT", "MANIFEST", "code_digest", "digest", "read_manifest", "write_manifest"]

MANIFEST = "manifest.json"
PACKAGE = PACKAGE_DIR
# what draws, computes and writes a report's files besides ipdata itself: an upgrade of any changes bytes
ENVIRONMENT = (
    "numpy", "pandas", "scipy", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel", "jupyter_client",
    "openpyxl", "python-docx", "jinja2",
)  # fmt: skip


def digest(*parts: bytes | str) -> str:
    """SHA-256 of the parts, each length-prefixed (``ab`` + ``c`` and ``a`` + ``bc`` differ)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _digested_files() -> list[Path]:
    """The package files the code digest reads, sorted.

    Every module of every subpackage (``rglob``: a flat ``glob`` missed the engine after the move to
    subpackages), ``calibration.json``, the page templates and the font.
    """
    candidates = [*PACKAGE.rglob("*.py"), PACKAGE / "calibration.json", *PACKAGE.rglob("templates/*")]
    return sorted(p for p in [*candidates, *PACKAGE.glob("fonts/*")] if p.is_file() and "__pycache__" not in p.parts)


def code_digest() -> str:
    """What every number and figure depends on, hashed: ipdata's version and files, Python and the packages used.

    ipdata's files: its source, ``calibration.json``, the page templates and the shipped font (between releases
    the version stays while they change, and a report must not keep a figure an older engine or font drew).
    The environment: Python's version and those of :data:`ENVIRONMENT` (after an upgrade a kept notebook would
    not be what a full rerun writes). Computed on each call, not cached: a process that recalibrates between two
    runs (a scheduler) must see the new file.
    """

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:  # a source tree never installed, or a package not present
            return "absent"

    files = _digested_files()
    environment = [sys.version, *(f"{name}=={installed(name)}" for name in ENVIRONMENT)]
    return digest(
        installed("ipdata"),
        *environment,
        *(f"{p.relative_to(PACKAGE).as_posix()}\0" for p in files),
        *(p.read_bytes() for p in files),
    )


def read_manifest(folder: str | Path) -> dict[str, str]:
    """The job digests recorded in a report folder (empty when it has none or it cannot be read)."""
    path = Path(folder) / MANIFEST
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict) or recorded.get("format") != 1:  # another layout: nothing is kept
        return {}
    jobs = recorded.get("jobs", {})
    return {str(k): str(v) for k, v in jobs.items()} if isinstance(jobs, dict) else {}


def write_manifest(folder: str | Path, jobs: dict[str, str]) -> Path:
    """Write ``manifest.json``: per job that ran or was kept, the digest of its inputs."""
    path = Path(folder) / MANIFEST
    text = json.dumps({"format": 1, "jobs": dict(sorted(jobs.items()))}, indent=1, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path
