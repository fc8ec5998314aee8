"""Scheduled runs: reruns redo only what changed, Dask gives the process pool's bytes, kernels are quiet,
a dead kernel is retried then reported, a stuck cell times out."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ipdata import cli
from ipdata.run import report
from ipdata.run.manifests import MANIFEST

pytestmark = [pytest.mark.integration, pytest.mark.kernels]

REPO = Path(__file__).resolve().parents[2]
TCP_WARNING = "Kernel is running over TCP without encryption"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def observations(tmp_path: Path, value: int) -> str:
    path = tmp_path / f"mine_{value}" / "mine.csv"  # same file name: the notebooks' parameters do not change
    path.parent.mkdir()
    path.write_text(f"region,indicator,year,value\nshantou,valid_invention_patents,2019,{value}\n", encoding="utf-8")
    return str(path)


def test_a_rerun_skips_unchanged_notebooks_and_reruns_those_that_read_a_change(tmp_path, capsys):
    out, old, new = tmp_path / "out", observations(tmp_path, 3000), observations(tmp_path, 3100)
    first = report.run_report(out, ["shantou_13fyp"], workers=2, progress=False, observations=old)
    assert first.ok and first.skipped == [] and first.notebooks == 4
    before = files(out)
    manifest = json.loads(before[MANIFEST])["jobs"]
    jobs = ["backtest/shantou_13fyp", "dashboard/shantou_13fyp", "trajectory/st13-03", "trajectory/st13-04"]
    assert sorted(manifest) == [*jobs[:2], "plan/shantou_13fyp", *jobs[2:]]  # and the plan's pages and documents

    same = report.run_report(out, ["shantou_13fyp"], workers=2, progress=False, observations=old)
    assert same.ok and sorted(same.skipped) == jobs
    assert files(out) == before  # kept outputs are the same bytes, and so is everything else

    # one observation of Shantou's valid invention patents: the plan's dashboard and backtest read it, the
    # two trajectories (invention grants) do not
    changed = report.run_report(out, ["shantou_13fyp"], workers=2, progress=False, observations=new)
    assert changed.ok and sorted(changed.skipped) == ["trajectory/st13-03", "trajectory/st13-04"]
    after = files(out)
    assert after["notebooks/trajectory/st13-03.ipynb"] == before["notebooks/trajectory/st13-03.ipynb"]
    assert after["inputs/observations/mine.csv"] != before["inputs/observations/mine.csv"]
    assert json.loads(after[MANIFEST])["jobs"]["dashboard/shantou_13fyp"] != manifest["dashboard/shantou_13fyp"]
    assert json.loads(after[MANIFEST])["jobs"]["trajectory/st13-03"] == manifest["trajectory/st13-03"]
    assert after["plans/shantou_13fyp.html"] != before["plans/shantou_13fyp.html"]  # the plan's page, written again

    command = ["report", "--out", str(out), "--plan", "shantou_13fyp", "--quiet", "--observations", new]
    assert cli.main([*command, "--rerun-all"]) == 0
    assert capsys.readouterr().out.startswith("4 notebooks run, 0 failed")
    assert files(out) == after  # rerunning everything gives the bytes the skipping run kept

    assert cli.main(command) == 0
    assert "0 notebooks run, skipped 4 unchanged notebooks, 0 failed" in capsys.readouterr().out


@pytest.mark.dask
def test_dask_local_cluster_gives_the_bytes_of_the_process_pool(tmp_path):
    pool, dask = tmp_path / "pool", tmp_path / "dask"
    ranked = ["每万人发明专利拥有量"]  # and the cross-region view of one indicator (its name resolved)
    options = {"workers": 2, "progress": False, "region_indicators": ranked}
    assert report.run_report(pool, ["shantou_13fyp"], **options).ok
    result = report.run_report(dask, ["shantou_13fyp"], scheduler="dask", **options)
    assert result.ok and result.notebooks == 5
    made = files(dask)
    assert made == files(pool)
    for name in (
        "figures/regions/invention_patents_per_10k_zh.svg",
        "figures/regions/invention_patents_per_10k_en.png",
    ):
        assert made[name] == (REPO / name).read_bytes(), name  # the committed figure, drawn by the notebook
    index = made["index.html"].decode()
    assert 'id="regions"' in index and 'href="html/regions/invention_patents_per_10k.html"' in index
    page = made["html/regions/invention_patents_per_10k.html"].decode()
    assert "北京市" in page and "排名80%区间（高）" in page  # the rank table, its headers in words


def _broken_notebooks(tmp_path: Path) -> Path:
    folder = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)

    def replace(name: str, cell: int, source: str) -> None:
        nb = json.loads((folder / name).read_text(encoding="utf-8"))
        nb["cells"][cell]["source"] = source.replace("<the cell>", "".join(nb["cells"][cell]["source"]))
        (folder / name).write_text(json.dumps(nb), encoding="utf-8")

    replace("plan_dashboard.ipynb", 2, "import os\nos.kill(os.getpid(), 9)  # the kernel dies")
    replace("backtest.ipynb", 2, "import time\ntime.sleep(60)")
    replace("trajectory.ipynb", 2, "<the cell>\nimport os\nos.write(2, b'a real message from the kernel\\n')")
    return folder


def test_quiet_kernels_dead_kernels_retried_timeouts_and_real_errors_shown(tmp_path):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "IPDATA_NOTEBOOKS": str(_broken_notebooks(tmp_path))}
    command = [sys.executable, "-m", "ipdata.cli", "report", "--plan", "shantou_13fyp", "--out", str(tmp_path / "out")]
    run = subprocess.run(
        [*command, "--workers", "2", "--timeout", "4.5", "--retries", "1", "--quiet"],  # seconds as a float: rounded up
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1
    assert TCP_WARNING not in run.stderr and "KeyboardInterrupt caught in kernel" not in run.stderr
    assert "[trajectory/st13-03] a real message from the kernel" in run.stderr
    assert "FAILED dashboard/shantou_13fyp: DeadKernelError" in run.stderr and "(after 2 attempts)" in run.stderr
    assert "FAILED backtest/shantou_13fyp: CellTimeoutError" in run.stderr
    assert "2 notebooks run" not in run.stdout and run.stdout.startswith("4 notebooks run, 2 failed")
    recorded = json.loads((tmp_path / "out" / MANIFEST).read_text(encoding="utf-8"))["jobs"]
    assert sorted(recorded) == ["trajectory/st13-03", "trajectory/st13-04"]  # failed jobs (and their plan) rerun


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--timeout", "0"], "--timeout"),
        (["--retries", "-1"], "--retries"),
        (["--scheduler", "dask", "--dask-address", " "], "--dask-address"),
    ],
)
def test_bad_run_options_exit_2_and_name_the_option(tmp_path, capsys, args, named):
    assert cli.main(["report", "--plan", "shantou_13fyp", "--out", str(tmp_path / "o"), *args]) == 2
    assert named in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
