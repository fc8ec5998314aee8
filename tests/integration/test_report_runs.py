"""The main job end to end: papermill report runs, a failing notebook, reproducible bytes, the committed figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ipdata import cli
from ipdata.run import report

pytestmark = [pytest.mark.integration, pytest.mark.kernels]

REPO = Path(__file__).resolve().parents[2]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_report_is_reproducible_and_matches_the_committed_figures(tmp_path, shantou_report):
    one, two = shantou_report, tmp_path / "two"  # two workers, by id; one worker, by the plan's title
    assert report.run_report(two, ["汕头市知识产权事业发展“十三五”规划"], workers=1, progress=False).ok
    first, second = files(one), files(two)
    assert first == second
    assert {
        "index.html",
        "summary.json",
        "assessment.csv",
        "html/dashboard/shantou_13fyp.html",
        "notebooks/trajectory/st13-03.ipynb",
        "figures/trajectory/st13-03_zh.svg",
    } <= set(first)
    for name, data in first.items():
        if name.startswith("figures/"):
            assert data == (REPO / name).read_bytes(), name
    page = first["html/trajectory/st13-03.html"].decode()
    assert "汕头市2020年" in page and "ipdata.trajectory(" not in page  # outputs shown, code hidden


def test_one_failing_notebook_does_not_stop_the_others(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", broken)
    nb = json.loads((broken / "backtest.ipynb").read_text(encoding="utf-8"))
    nb["cells"][2]["source"] = "raise RuntimeError('deliberate failure for the test')"
    (broken / "backtest.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    monkeypatch.setenv("IPDATA_NOTEBOOKS", str(broken))
    out = tmp_path / "out"
    code = cli.main(["report", "--out", str(out), "--plan", "shantou_13fyp", "--workers", "2", "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "FAILED backtest/shantou_13fyp: RuntimeError: deliberate failure for the test" in err
    assert (out / "html" / "dashboard" / "shantou_13fyp.html").is_file()
    assert (out / "html" / "trajectory" / "st13-03.html").is_file()
    assert not (out / "html" / "backtest").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "deliberate failure" in index
    assert 'href="notebooks/backtest/' not in index and 'href="figures/backtest/' not in index  # no stale links
