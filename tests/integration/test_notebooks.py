"""The notebooks under papermill, over good and bad parameter sets (nbval checks the committed outputs)."""

from __future__ import annotations

import json

import pytest

pm = pytest.importorskip("papermill")

from ipdata.core.paths import notebooks_dir  # noqa: E402

pytestmark = [pytest.mark.integration, pytest.mark.kernels]


def run(name, tmp_path, **parameters):
    out = tmp_path / f"out_{name}"
    pm.execute_notebook(
        str(notebooks_dir() / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        cwd=str(tmp_path),
    )
    nb = json.loads(out.read_text(encoding="utf-8"))
    return "\n".join(
        "".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
        for c in nb["cells"]
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
    )


def test_trajectory_in_english_as_of_an_earlier_year(tmp_path):
    text = run(
        "trajectory.ipynb", tmp_path, target_id="st13-03", language="en", as_of=2017, output_dir=str(tmp_path / "figs")
    )
    assert "Shantou: 2020 target at least 400" in text and "probability of attainment" in text
    assert sorted(p.name for p in (tmp_path / "figs" / "trajectory").iterdir())[:2] == [
        "st13-03_en.pdf",
        "st13-03_en.png",
    ]


def test_trajectory_with_an_analysts_file(tmp_path, write_csv):
    path = write_csv(
        "region,indicator,year,value\n"
        + "".join(f"jiaxing,invention_grants,{y},{v}\n" for y, v in [(2012, 900), (2013, 1000), (2014, 1100)])
    )
    text = run(
        "trajectory.ipynb",
        tmp_path,
        region="嘉兴",
        indicator="invention_grants",
        plan="jiaxing_13fyp",
        target_year=2020,
        observations=str(path),
    )
    assert "实现概率约" in text and "obs.csv" in text


def test_target_without_data_shows_the_reason(tmp_path):
    text = run("trajectory.ipynb", tmp_path, target_id="jx13-01")
    assert "无法评估" in text and "one observation" in text


def test_unknown_region_fails_clearly(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as err:
        run("trajectory.ipynb", tmp_path, region="jiaxingg", indicator="invention_grants", plan=None)
    assert "UnknownIdError" in str(err.value) and "jiaxing" in str(err.value)


def test_dashboard_of_a_plan_without_data(tmp_path):
    text = run("plan_dashboard.ipynb", tmp_path, plan="wujiang_demo_2021", language="en")
    assert "16 targets, 0 assessable" in text


def test_backtest_scores_a_target_once_its_outcome_is_known(tmp_path, write_csv):
    """The notebook's view of it (the library: tests/unit/test_plan_backtests.py)."""
    rows = [(2012, 900), (2013, 1000), (2014, 1100), (2015, 1184), (2020, 3000)]
    path = write_csv("region,indicator,year,value\n" + "".join(f"jiaxing,invention_grants,{y},{v}\n" for y, v in rows))
    text = run("backtest.ipynb", tmp_path, plan="jiaxing_13fyp", observations=str(path))
    assert "scored                1" in text.replace(".0", "")
