"""A report's notebook runs: which notebook, with which parameters, under which name.

Pure: nothing here runs a kernel, so the plan of a run is unit-tested without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..catalog.tables import Plan
from ..core.layout import figure_paths, html_path, notebook_path

__all__ = ["REGION_INDICATORS", "Job", "PlanChoice", "ReportResult", "report_jobs", "trajectory_targets"]


PlanChoice = str | Plan
"""A plan a report covers: a bundled plan's id, or an analyst's plan read from its file."""


def _plan_id(plan: PlanChoice) -> str:
    return plan.plan_id if isinstance(plan, Plan) else plan


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, with which parameters, published under which name."""

    notebook: str  # file name in notebooks/
    name: str  # output stem, e.g. "trajectory/st13-03"
    parameters: tuple[tuple[str, object], ...]

    @property
    def params(self) -> dict[str, object]:
        """The parameters as a dict (a fresh one: changing it changes nothing of the job)."""
        return dict(self.parameters)


def trajectory_targets(assessment: pd.DataFrame) -> list[str]:
    """Targets that get a trajectory notebook and figure: at least two observations of their indicator."""
    return sorted(assessment.loc[assessment["n_obs"] >= 2, "target_id"])


REGION_INDICATORS = ("invention_patents_per_10k", "valid_invention_patents")
"""Indicators of the cross-region view (``regions.ipynb``): the two CNIPA publishes for all 31 provinces in the
bundled tables, five to seven points each (2009 or 2012 to 2016). Invention patents per 10,000 people is the
headline indicator of every plan, and comparable across provinces of any size; the stock of valid invention
patents is its numerator. The other indicators reach three provinces at most."""


def report_jobs(
    plan_ids: list[PlanChoice],
    assessment: pd.DataFrame,
    language: str = "zh",
    observations: str | None = None,
    region_indicators: tuple[str, ...] = (),
) -> list[Job]:
    """The notebook runs of a report: per plan a dashboard and a backtest, per eligible target a trajectory.

    Then one ``regions.ipynb`` per indicator in ``region_indicators``: the provinces ranked on it.

    An analyst's plan reaches its notebooks as ``plan_file`` (its ``source``, as the kernel sees it: the report
    copies it into ``inputs/``), which they read.
    """
    common = (("observations", observations), ("language", language))
    jobs = []
    for plan in plan_ids:
        pid = _plan_id(plan)
        file = plan.source if isinstance(plan, Plan) else None  # as the kernel, running in the report folder, sees it
        own = (("plan", pid), ("plan_file", file))
        jobs.append(Job("plan_dashboard.ipynb", f"dashboard/{pid}", own + common))
        jobs.append(Job("backtest.ipynb", f"backtest/{pid}", own + common))
        for tid in trajectory_targets(assessment[assessment["plan_id"] == pid]):
            jobs.append(Job("trajectory.ipynb", f"trajectory/{tid}", (("target_id", tid), *own) + common))
    jobs += [Job("regions.ipynb", f"regions/{ind}", (("indicator", ind), *common)) for ind in region_indicators]
    return jobs


def _job_outputs(job: Job) -> list[str]:
    """A job's files relative to the report folder: notebook, page and the figures it writes."""
    kind, name = job.name.split("/")
    return [notebook_path(job.name).as_posix(), html_path(job.name).as_posix(), *figure_paths(kind, name)]


@dataclass
class ReportResult:
    """What a report run wrote and what failed (``failures``: job name -> error message)."""

    written: list[Path] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    notebooks: int = 0
    out_dir: str = "."
    skipped: list[str] = field(default_factory=list)  # unchanged jobs whose outputs were kept from the last run

    @property
    def ok(self) -> bool:
        """True when every notebook ran."""
        return not self.failures
