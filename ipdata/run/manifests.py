"""A report's manifest: a digest of what each notebook job read, so a rerun redoes only what changed.

A scheduled run (cron, Airflow) mostly meets inputs that did not change since the last run. Each job's
inputs are hashed (SHA-256) into ``manifest.json`` in the report folder: the notebook's bytes, its
parameters, the rows of data it reads, and the code (ipdata's version, the bytes of its source files and of
``calibration.json``: a change of the engine changes every forecast). The next run computes the same digest;
a job whose digest equals the one recorded in the report it replaces has its outputs copied from that report
instead of being run again (:func:`ipdata.run.report.run_report`; ``--rerun-all`` runs everything).

Unchanged inputs do not make the previous report's files right: a figure deleted or a page edited by hand
since would be copied as it is (or not at all) and linked from ``index.html``. So the manifest also records,
per job and per plan, a digest of the output files as the run left them (:func:`files_digest`, under
``outputs``); a rerun keeps a job or plan only when its files in the previous report still give that digest.

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

__all__ = [
    "ENVIRONMENT",
    "MANIFEST",
    "code_digest",
    "digest",
    "files_digest",
    "read_manifest",
    "read_output_digests",
    "write_manifest",
]

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


def files_digest(folder: str | Path, rels: list[str]) -> str:
    """SHA-256 of those of ``rels`` (paths relative to ``folder``) that are files: each one's name and bytes.

    The names are hashed with the bytes, so a file deleted (or one that appeared) changes the digest as an
    edited one does. Sorted: the order ``rels`` come in changes nothing.
    """
    root = Path(folder)
    present = [rel for rel in sorted(set(rels)) if (root / rel).is_file()]
    return digest("outputs", *(part for rel in present for part in (rel, (root / rel).read_bytes())))


def _recorded(folder: str | Path, key: str) -> dict[str, str]:
    """One section (``jobs`` or ``outputs``) of a folder's manifest; empty when absent, unreadable or not format 1."""
    path = Path(folder) / MANIFEST
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict) or recorded.get("format") != 1:  # another layout: nothing is kept
        return {}
    section = recorded.get(key, {})
    return {str(k): str(v) for k, v in section.items()} if isinstance(section, dict) else {}


def read_manifest(folder: str | Path) -> dict[str, str]:
    """The job digests recorded in a report folder (empty when it has none or it cannot be read)."""
    return _recorded(folder, "jobs")


def read_output_digests(folder: str | Path) -> dict[str, str]:
    """The output digests recorded in a report folder: per job or plan, :func:`files_digest` of its files.

    A manifest written before output digests were recorded has none: its jobs' files cannot be verified, and
    the caller reruns them (empty here, as for a folder without a manifest).
    """
    return _recorded(folder, "outputs")


def write_manifest(folder: str | Path, jobs: dict[str, str], outputs: dict[str, str] | None = None) -> Path:
    """Write ``manifest.json``: per job or plan that ran or was kept, the digest of its inputs and of its outputs.

    Args:
        folder: The report folder (the staging folder of the run).
        jobs: Per job (and ``plan/<id>``), the digest of what it read.
        outputs: Per job (and ``plan/<id>``) of ``jobs``, :func:`files_digest` of the files it left; keys not in
            ``jobs`` are dropped (a failed job records nothing).

    Sorted keys and no times: the same run gives the same bytes.
    """
    path = Path(folder) / MANIFEST
    kept = {k: v for k, v in (outputs or {}).items() if k in jobs}
    text = json.dumps({"format": 1, "jobs": jobs, "outputs": kept}, indent=1, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path
