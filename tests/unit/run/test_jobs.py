"""ipdata.run.jobs: which notebooks a report runs, decided without a kernel."""

from __future__ import annotations

import dataclasses

import pandas as pd

from ipdata.catalog.tables import Plan
from ipdata.run.jobs import REGION_INDICATORS, Job, _job_outputs, report_jobs, trajectory_targets

ASSESSED = pd.DataFrame(
    {
        "plan_id": ["a", "a", "a", "b"],
        "target_id": ["a-02", "a-01", "a-03", "b-01"],
        "n_obs": [2, 5, 1, 0],
    }
)


def test_trajectories_only_for_targets_with_two_observations_sorted():
    assert trajectory_targets(ASSESSED) == ["a-01", "a-02"]


def test_per_plan_a_dashboard_a_backtest_and_its_trajectories_then_the_regions():
    jobs = report_jobs(["a", "b"], ASSESSED, "en", "inputs/observations/mine.csv", REGION_INDICATORS)
    names = [j.name for j in jobs]
    assert names == [
        "dashboard/a",
        "backtest/a",
        "trajectory/a-01",
        "trajectory/a-02",
        "dashboard/b",
        "backtest/b",
        *(f"regions/{i}" for i in REGION_INDICATORS),
    ]
    trajectory = jobs[2]
    assert trajectory.notebook == "trajectory.ipynb"
    assert trajectory.params == {
        "target_id": "a-01",
        "plan": "a",
        "plan_file": None,
        "observations": "inputs/observations/mine.csv",
        "language": "en",
    }
    assert "plan" not in jobs[-1].params and jobs[-1].params["indicator"] == REGION_INDICATORS[-1]


def test_an_analysts_plan_reaches_its_notebooks_as_its_file():
    plan = Plan("a", {}, pd.DataFrame(), source="inputs/a/plan.xlsx")
    jobs = report_jobs([plan], ASSESSED, "zh")
    assert {j.params["plan_file"] for j in jobs} == {"inputs/a/plan.xlsx"}


def test_params_is_a_copy_and_a_job_is_hashable():
    job = Job("backtest.ipynb", "backtest/a", (("plan", "a"),))
    job.params["plan"] = "changed"
    assert job.params == {"plan": "a"}
    assert {job: 1}[dataclasses.replace(job)] == 1


def test_a_jobs_outputs_are_its_notebook_page_and_figures():
    outputs = _job_outputs(Job("trajectory.ipynb", "trajectory/a-01", ()))
    assert outputs[:2] == ["notebooks/trajectory/a-01.ipynb", "html/trajectory/a-01.html"]
    assert outputs[2:] == [
        f"figures/trajectory/a-01_{lang}.{fmt}" for lang in ("en", "zh") for fmt in ("pdf", "png", "svg")
    ]
