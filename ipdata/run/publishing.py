"""Publishing a report folder as one transaction: staged beside ``--out``, locked, swapped in whole.

A scheduled run can be killed, interrupted, run out of disk, or meet a second run into the same folder.
A reader must then see the whole old report or the whole new one, never a mix. So a run

* takes a lock beside the folder (``.<name>.ipdata-lock``, ``fcntl.flock``): a second run into the same
  folder stops at once with a clear message instead of interleaving its files;
* builds everything in a staging folder beside it (``.<name>.ipdata-staging-*``, same file system), where
  its workers keep their temporary files too;
* swaps the staging folder in by two renames (the old report is moved aside, the new one takes its name,
  the old one is deleted); on any failure the staging folder is deleted and the old report is untouched;
* removes staging folders of runs that were killed (a ``kill -9`` leaves no chance to clean up) when the
  next run takes the lock.

An existing ``--out`` is replaced only when it is empty or an ipdata report (it holds the marker file
``.ipdata-report``): ``--out .`` or ``--out ~/Documents`` is refused, never deleted.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.writing import current_umask

__all__ = ["MARKER", "ReportBusyError", "die_with_parent", "published", "terminate_children"]

MARKER = ".ipdata-report"  # written into every report folder: the folder may be replaced by the next run
PR_SET_PDEATHSIG = 1  # prctl option (linux/prctl.h): a signal the kernel sends when the parent dies


class ReportBusyError(OSError):
    """Another run holds the report folder's lock."""


def _siblings(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.ipdata-{kind}"


@contextmanager
def _lock(out: Path) -> Iterator[None]:
    path = _siblings(out, "lock")
    with path.open("a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise ReportBusyError(
                f"another ipdata report ({holder}) is writing {out}; wait for it to finish or choose another --out"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _check_replaceable(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "--out names a file, not a folder", str(out))
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ValueError(
            f"--out {out} is a folder that is not an ipdata report (no {MARKER} in it; a report of ipdata before "
            "0.1 had none: delete it yourself); a report run replaces its folder as a whole, so choose an empty or "
            "new folder"
        )


def _remove_stale(out: Path) -> None:
    """Staging and old folders that killed runs left beside ``out`` (we hold the lock: none is in use).

    A run killed between the two renames of the swap leaves the old report aside and no ``out``: it is put back.
    """
    name = glob.escape(out.name)
    old = sorted(out.parent.glob(f".{name}.ipdata-old-*"))
    if old and not out.exists():
        old.pop().rename(out)
    for stale in [*out.parent.glob(f".{name}.ipdata-staging-*"), *old]:
        shutil.rmtree(stale, ignore_errors=True)


def _swap(staging: Path, out: Path) -> None:
    """Put ``staging`` in ``out``'s place; the old report is moved aside first and deleted after."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.ipdata-old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        staging.rename(out)
    except BaseException:  # SIGTERM or a failure between the two renames: the old report goes back
        if old is not None:
            old.rename(out)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def published(out_dir: str | Path) -> Iterator[Path]:
    """Yield a staging folder to write a report into; on success it becomes ``out_dir``, on failure it is gone.

    Raises:
        ValueError: ``out_dir`` is empty, or an existing folder that is not an ipdata report.
        NotADirectoryError: ``out_dir`` is a file.
        ReportBusyError: another run is writing the same folder.
    """
    if not str(out_dir).strip():
        raise ValueError("--out must name a folder for the report, got an empty string")
    out = Path(out_dir).resolve()  # a symlink's target, `..` resolved: the folder that is really replaced
    if out.parent == out:
        raise ValueError(f"--out {out_dir} is the root of the file system; choose a folder for the report")
    _check_replaceable(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a part of the path is a file: the output side, not bad input
        raise NotADirectoryError(errno.ENOTDIR, "a part of --out is a file, not a folder", str(out.parent)) from exc
    with _lock(out):
        _remove_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.ipdata-staging-", dir=out.parent))
        try:
            (staging / MARKER).write_text("written by ipdata report; the next run replaces this folder\n")
            yield staging
            shutil.rmtree(staging / ".work", ignore_errors=True)
            os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp makes it 0700; a report folder is as any other
            _swap(staging, out)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def die_with_parent() -> None:
    """Ask the kernel to kill this (worker) process when its parent dies (Linux; elsewhere a no-op).

    A ``kill -9`` of ``ipdata report`` gives it no chance to stop its pool; without this the workers (and
    their kernels) went on publishing into the folder and never exited. A kernel exits by itself when its
    worker is gone (ipykernel watches its parent).
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the request took effect
            os.kill(os.getpid(), signal.SIGKILL)


def terminate_children() -> None:
    """Stop this process's worker processes now (an interrupted run must not leave them running)."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.kill()
