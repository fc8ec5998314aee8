"""A report run is all-or-nothing: killed, interrupted, out of disk or run twice at once, a reader sees the whole
old report or the whole new one, and nothing of the run keeps running or stays behind."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from ipdata import cli
from ipdata.run import report

pytestmark = [pytest.mark.integration, pytest.mark.kernels]

COMMAND = [sys.executable, "-m", "ipdata.cli", "report"]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.ipdata-*") if not p.name.endswith("-lock"))


@pytest.fixture
def old_report(tmp_path: Path) -> Path:
    out = tmp_path / "reports"
    assert cli.main(["report", "--tables-only", "--plan", "shantou_13fyp", "--out", str(out)]) == 0
    return out


def _start(out: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen(
        [*COMMAND, "--out", str(out), "--quiet", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_for_kernel(proc: psutil.Process, timeout: float = 240) -> list[psutil.Process]:
    """The run's processes once a notebook kernel is running (workers and kernels)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        children = proc.children(recursive=True)
        if any("ipykernel" in " ".join(c.cmdline()) for c in children if c.is_running()):
            return children
        time.sleep(0.5)
    raise AssertionError("no kernel started")


def test_kill_9_leaves_the_old_report_and_no_process(old_report: Path):
    before = _digest(old_report)
    run = _start(old_report, "--plan", "zhejiang_13fyp", "--workers", "2")
    children = _wait_for_kernel(psutil.Process(run.pid))
    run.kill()
    run.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == [], [" ".join(p.cmdline())[:80] for p in alive]  # workers and kernels die with the run
    assert _digest(old_report) == before  # nothing of the killed run was published
    # the next run takes the lock, clears what the killed one left, and publishes
    assert cli.main(["report", "--tables-only", "--plan", "jiaxing_13fyp", "--out", str(old_report)]) == 0
    assert _leftovers(old_report) == []
    assert (old_report / "plans" / "jiaxing_13fyp.html").is_file()
    assert not (old_report / "plans" / "shantou_13fyp.html").exists()  # one run's files, not a mix


def test_sigterm_removes_the_staging_folder(old_report: Path):
    before = _digest(old_report)
    run = _start(old_report, "--plan", "shantou_13fyp")
    children = _wait_for_kernel(psutil.Process(run.pid))
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=120) == 128 + signal.SIGTERM
    psutil.wait_procs(children, timeout=30)
    assert _digest(old_report) == before and _leftovers(old_report) == []


def test_a_second_run_into_the_same_folder_is_refused(old_report: Path):
    first = _start(old_report, "--plan", "shantou_13fyp")
    _wait_for_kernel(psutil.Process(first.pid))
    second = subprocess.run(
        [*COMMAND, "--tables-only", "--out", str(old_report)], capture_output=True, text=True, timeout=300
    )
    assert second.returncode == 3
    assert "another ipdata report (pid" in second.stderr and second.stderr.count("\n") == 1
    assert first.wait(timeout=600) == 0  # the first run is not disturbed


def test_disk_full_exits_3_and_keeps_the_old_report(old_report: Path, monkeypatch, capsys):
    before = _digest(old_report)
    real = report.write_atomic

    def full(path: Path, data: bytes) -> None:
        if path.name == "index.html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(report, "write_atomic", full)
    assert cli.main(["report", "--tables-only", "--plan", "jiaxing_13fyp", "--out", str(old_report)]) == 3
    err = capsys.readouterr().err
    assert "could not write: No space left on device" in err and err.count("\n") == 1
    assert _digest(old_report) == before and _leftovers(old_report) == []


def test_a_folder_that_is_not_a_report_is_never_replaced(tmp_path: Path, capsys):
    mine = tmp_path / "my_documents"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    assert cli.main(["report", "--tables-only", "--plan", "shantou_13fyp", "--out", str(mine)]) == 2
    assert "not an ipdata report" in capsys.readouterr().err
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]


def test_output_bytes_do_not_depend_on_where_the_input_lives(tmp_path: Path):
    """The observations file is copied into the report (inputs/): its folder appears in no output."""
    rows = "region,indicator,year,value\nshantou,invention_grants,2019,450\n"
    outs = []
    for where in ("a/deep/folder", "b"):
        folder = tmp_path / where
        folder.mkdir(parents=True)
        (folder / "mine.csv").write_text(rows, encoding="utf-8")
        out = tmp_path / f"report_{where.split('/')[0]}"
        run = subprocess.run(
            [*COMMAND, "--plan", "shantou_13fyp", "--observations", str(folder / "mine.csv"), "--out", str(out)]
            + ["--quiet"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert run.returncode == 0, run.stderr
        outs.append(out)
    assert _digest(outs[0]) == _digest(outs[1])
    assert (outs[0] / "inputs" / "observations" / "mine.csv").read_text(encoding="utf-8") == rows
    shutil.rmtree(tmp_path / "a")
