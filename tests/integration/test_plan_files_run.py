"""An analyst's plan through the whole pipeline: template -> read_plan -> assess, and ``ipdata report --plan-file``.

The plan that is not bundled is tests/fixtures/invented_plan: invented test data (see its README).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import ipdata
from ipdata.deliver.plan_template import write_template

pytestmark = [pytest.mark.integration, pytest.mark.kernels]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "invented_plan"
SOURCE_COLUMNS = ["data_sources"]  # the points' source is the workbook row now, not the bundled file


@pytest.mark.parametrize("plan_id", sorted(ipdata.plans()["plan_id"]))
def test_round_trip_of_a_bundled_plan_gives_the_same_assessment(plan_id, tmp_path):
    """template (prefilled with the bundled targets and observations) -> read_plan -> assess == assess(bundled)."""
    path = tmp_path / f"{plan_id}.xlsx"
    write_template(path, plan=plan_id, through_year=2025)
    mine = ipdata.read_plan(path)
    bundled = ipdata.assess(plan=plan_id)
    again = ipdata.assess(plan=mine)
    columns = [c for c in bundled.columns if c not in SOURCE_COLUMNS]
    pd.testing.assert_frame_equal(again[columns], bundled[columns])


def _ipdata(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipdata.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=900
    )


def test_a_plan_that_is_not_bundled_yields_every_output(tmp_path):
    """A new region and a new indicator, mixed with a bundled plan, through `ipdata report`."""
    run = _ipdata(
        "report", "--plan-file", str(FIXTURE), "--plan", "shantou_13fyp", "--out", "out", "--quiet", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"
    assessed = pd.read_csv(out / "assessment.csv", dtype={"target_id": str})
    assert set(assessed["plan_id"]) == {"test_city_14fyp", "shantou_13fyp"}
    mine = assessed[assessed["plan_id"] == "test_city_14fyp"]
    assert list(mine["target_id"]) == ["tc14-01", "tc14-02", "tc14-03", "tc14-04"] and mine["assessable"].all()
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["test_city_14fyp"]["targets_assessed"] == 4
    for name in ("dashboard/test_city_14fyp", "backtest/test_city_14fyp", "trajectory/tc14-02"):
        assert (out / "html" / f"{name}.html").is_file() and (out / "notebooks" / f"{name}.ipynb").is_file()
        for lang in ("zh", "en"):
            for fmt in ("svg", "png", "pdf"):
                assert (out / "figures" / f"{name}_{lang}.{fmt}").is_file(), (name, lang, fmt)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "测试市“十四五”知识产权规划（虚构测试数据）" in index and "trajectory/tc14-04" in index
    page = (out / "html" / "trajectory" / "tc14-02.html").read_text(encoding="utf-8")
    assert "测试市" in page and "Traceback" not in page


def test_template_validate_and_listings_on_the_command_line(tmp_path):
    made = _ipdata("template", "--plan", "shantou_13fyp", "-o", "st.xlsx", "--through-year", "2024", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    again = _ipdata("template", "--new", "-o", "st.xlsx", cwd=tmp_path)
    assert again.returncode == 2 and "already exist" in again.stderr  # an analyst's workbook is never overwritten
    checked = _ipdata("validate", "st.xlsx", cwd=tmp_path)
    assert checked.returncode == 0 and "plan shantou_13fyp: 14 targets" in checked.stdout
    bad = _ipdata("validate", str(FIXTURE / "targets.csv"), cwd=tmp_path)
    assert bad.returncode == 2  # not an observations file either: its columns are named
    listed = _ipdata("regions", "--level", "prefecture", "--parent", "浙江", cwd=tmp_path)
    assert listed.returncode == 0 and "jiaxing" in listed.stdout and "shenzhen" not in listed.stdout
    own = _ipdata("regions", "--plan-file", str(FIXTURE), "--search", "测试", cwd=tmp_path)
    assert "test_city" in own.stdout and "(1 regions" in own.stdout
    found = _ipdata("indicators", "--search", "PCT", cwd=tmp_path)
    assert "pct_applications" in found.stdout
    version = _ipdata("--version", cwd=tmp_path)
    assert version.stdout.strip() == f"ipdata {ipdata.__version__}"
    language = _ipdata("report", "--language", "fr", cwd=tmp_path)
    assert language.returncode == 2 and "choose from 'zh', 'en'" in language.stderr


def _copy_plan(tmp_path: Path, where: str, plan_id: str) -> Path:
    """The invented plan under another folder and id (still invented test data)."""
    import shutil

    folder = Path(shutil.copytree(FIXTURE, tmp_path / where))
    for name in ("plan.csv", "targets.csv"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("test_city_14fyp", plan_id), encoding="utf-8")
    targets = folder / "targets.csv"
    prefix = plan_id[:2]
    targets.write_text(targets.read_text(encoding="utf-8").replace("tc14-", f"{prefix}14-"), encoding="utf-8")
    return folder


def test_two_plan_folders_of_the_same_name_stay_apart(tmp_path):
    from ipdata.run.report import write_report

    a = _copy_plan(tmp_path, "a/plan", "aa_city_14fyp")
    b = _copy_plan(tmp_path, "b/plan", "bb_city_14fyp")
    write_report(tmp_path / "out", plan_files=[str(a), str(b)])
    for pid in ("aa_city_14fyp", "bb_city_14fyp"):
        copied = tmp_path / "out" / "inputs" / pid / "plan" / "plan.csv"
        assert pid in copied.read_text(encoding="utf-8")


def test_a_report_inside_the_plan_folder_copies_only_the_plans_tables(tmp_path):
    from ipdata.run.report import write_report

    folder = _copy_plan(tmp_path, "plan", "cc_city_14fyp")
    write_report(folder / "report", plan_files=[str(folder)])
    write_report(folder / "report", plan_files=[str(folder)])  # again: the first report is not copied into it
    copied = sorted(p.name for p in (folder / "report" / "inputs" / "cc_city_14fyp" / "plan").iterdir())
    assert copied == ["indicators.csv", "observations.csv", "plan.csv", "regions.csv", "targets.csv"]


def test_an_input_inside_out_is_refused(tmp_path):
    from ipdata.run.report import write_report

    folder = _copy_plan(tmp_path, "reports/plan", "dd_city_14fyp")
    with pytest.raises(ValueError, match="inside --out"):
        write_report(tmp_path / "reports", plan_files=[str(folder)])


def test_a_target_of_zero_on_the_log_scale_does_not_stop_the_report(tmp_path):
    """An at_most 0 target (压缩至0) validates; its what-if is empty, the report is written."""
    from ipdata.run.report import write_report

    folder = _copy_plan(tmp_path, "plan", "ee_city_14fyp")
    with (folder / "targets.csv").open("a", encoding="utf-8") as fh:
        fh.write(
            "ee14-05,test_city,test_ip_cases,测试案件数,flow,at_most,压缩至,0,,,件,2025,,,,,压缩至0件（虚构）,INVENTED\n"
        )
    paths = write_report(tmp_path / "out", plan_files=[str(folder)])
    assert any(p.name == "ee_city_14fyp.html" for p in paths)
