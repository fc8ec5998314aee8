"""The main job: run the report notebooks for the chosen plans and publish everything they make, as one transaction.

For each plan, papermill runs ``plan_dashboard.ipynb``, ``backtest.ipynb`` and ``trajectory.ipynb`` for every
target with at least two observations; a report of every plan adds ``regions.ipynb`` per indicator of
:data:`ipdata.run.jobs.REGION_INDICATORS`. This module is the orchestration only; each step has its module:

* :mod:`ipdata.run.inputs`: parameters checked before any kernel starts, the analyst's files copied in;
* :mod:`ipdata.run.tables`: ``targets_latest.csv``, ``assessment.csv``, ``summary.json``;
* :mod:`ipdata.run.jobs`: which notebooks run; :mod:`ipdata.run.notebooks`: one notebook run (papermill, quiet
  IPC kernels, retries, the cleaned notebook and its page);
* :mod:`ipdata.run.reruns`: each job's inputs hashed into ``manifest.json``, unchanged jobs and plans copied
  from the report being replaced (``--rerun-all`` runs all);
* :mod:`ipdata.run.executors`: where jobs run (a local pool or Dask); one failing notebook does not stop the
  others: failures are listed in ``index.html`` (:mod:`ipdata.run.index`) and on standard error;
* :mod:`ipdata.run.publishing`: the report built in a staging folder and swapped in whole, so a reader sees
  the old report or the new one, never half;
* :mod:`ipdata.deliver`: the deliverables and the plan pages.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..assess.targets import TargetAssessment
from ..catalog.tables import resolve_indicator
from ..core.writing import write_atomic
from ..deliver.deliverables import write_deliverables
from ..deliver.pages import write_pages
from .executors import check_scheduler, run_all
from .index import index_html
from .inputs import _check_inputs_outside, _copy_inputs, validate_report_parameters
from .jobs import REGION_INDICATORS, PlanChoice, ReportResult, report_jobs
from .manifests import write_manifest
from .notebooks import RunOptions, check_run_options, run_job
from .publishing import MARKER, published
from .reruns import _keep_plan_outputs, _keep_unchanged, _plan_digests, job_digests, output_digests
from .tables import write_tables

__all__ = ["Fanout", "ReportResult", "run_report", "validate_report_parameters", "write_report"]


def run_report(
    out_dir: str | Path = "reports",
    plan: list[str] | None = None,
    workers: int = 1,
    language: str = "zh",
    observations: str | None = None,
    progress: bool = True,
    plan_files: list[str] | None = None,
    *,
    scheduler: str = "processes",
    dask_address: str | None = None,
    timeout: float | None = None,
    retries: int = 1,
    rerun_all: bool = False,
    region_indicators: list[str] | None = None,
) -> ReportResult:
    """Run every report notebook for the chosen plans and write the report folder.

    Args:
        out_dir: Output folder (created if needed).
        plan: Plan ids or titles (default: every bundled plan).
        workers: Notebooks run in parallel (separate kernels); at most one per notebook and per core.
        language: ``zh`` or ``en`` for the notebooks' text (figures are written in both).
        observations: An analyst's observations CSV/XLSX, passed to every notebook.
        progress: Show a progress bar on standard error.
        plan_files: Analysts' plan workbooks or folders (:func:`ipdata.read_plan`), reported beside ``plan``
            (without ``plan``: alone).
        scheduler: ``processes`` (a local pool) or ``dask`` (Dask distributed; :mod:`ipdata.run.executors`).
        dask_address: A running Dask scheduler (``tcp://host:8786``); without it ``dask`` starts a
            ``LocalCluster`` of ``workers`` processes.
        timeout: Seconds a notebook cell may run (papermill's ``execution_timeout``); None: no limit.
        retries: Further attempts for a notebook whose kernel died or ran out of time, before it is reported.
        rerun_all: Run every notebook, even those whose inputs did not change since the report being replaced.
        region_indicators: Indicators of the cross-region view (``regions.ipynb``, one notebook each); default
            :data:`REGION_INDICATORS` for a report of every bundled plan, none for a report of chosen plans
            (it is about those plans).

    Returns:
        A :class:`ReportResult`; ``ok`` is false when any notebook failed; ``skipped`` names the unchanged
        notebooks copied from the previous report.
    """
    plan_ids = validate_report_parameters(plan, workers, language, observations, plan_files)
    check_scheduler(scheduler, workers, dask_address)
    options = check_run_options(timeout, retries)
    whole = plan is None and not plan_files
    ranked = tuple(resolve_indicator(i) for i in region_indicators) if region_indicators is not None else ()
    ranked = REGION_INDICATORS if region_indicators is None and whole else ranked
    _check_inputs_outside(out_dir, plan_ids, observations)
    previous = Path(out_dir).resolve()
    with published(out_dir) as staging:
        plan_ids, obs_path = _copy_inputs(staging, plan_ids, observations)
        result = _run_into(
            staging,
            plan_ids,
            language,
            obs_path,
            progress,
            Fanout(scheduler, workers, dask_address),
            options,
            previous if (previous / MARKER).is_file() else None,
            rerun_all,
            ranked,
        )
    out = Path(out_dir)
    result.out_dir = str(out)
    result.written = sorted(out / p.relative_to(staging) for p in result.written)
    return result


@dataclass(frozen=True)
class Fanout:
    """Where a report's notebooks run: ``processes`` on this machine, or ``dask`` (:mod:`ipdata.run.executors`)."""

    scheduler: str = "processes"
    workers: int = 1
    dask_address: str | None = None


def _run_into(
    out: Path,
    plan_ids: list[PlanChoice],
    language: str,
    observations: str | None,
    progress: bool,
    fanout: Fanout = Fanout(),
    options: RunOptions = RunOptions(),
    previous: Path | None = None,
    rerun_all: bool = False,
    region_indicators: tuple[str, ...] = (),
) -> ReportResult:
    """Every output of a run, written into ``out`` (the staging folder; the kernels run there).

    ``previous`` is the report the run replaces: unchanged jobs are copied from it (:func:`_keep_unchanged`).
    """
    result = ReportResult(out_dir=str(out))
    paths, assessed, judged = _report_tables(out, plan_ids, observations)
    result.written += paths
    jobs = report_jobs(plan_ids, assessed, language, observations, region_indicators)
    result.notebooks = len(jobs)
    digests = job_digests(out, plan_ids, jobs, assessed, observations)
    result.skipped, copied = _keep_unchanged(out, previous, jobs, digests, rerun_all)
    result.written += copied
    to_run = [job for job in jobs if job.name not in set(result.skipped)]
    from tqdm.auto import tqdm

    bar = tqdm(total=len(to_run), desc="notebooks", unit="nb", disable=not progress or not to_run, file=sys.stderr)
    func = functools.partial(run_job, out_dir=str(out), options=options)
    for _, (name, written, error, messages) in run_all(
        func, to_run, scheduler=fanout.scheduler, workers=fanout.workers, dask_address=fanout.dask_address
    ):
        if messages:
            bar.write(messages.rstrip("\n"), file=sys.stderr)
        if error:
            result.failures[name] = error
        result.written += [Path(p) for p in written]
        bar.update(1)
    bar.close()
    digests.update(_plan_digests(jobs, digests))
    # a plan with a failed job: its documents are written afresh, and not recorded (next time they are again)
    failed = {f"plan/{j.params.get('plan')}" for j in jobs if j.name in result.failures}
    kept_plans, copied = _keep_plan_outputs(out, previous, judged, digests, rerun_all, failed)
    result.written += copied
    recorded = {n: d for n, d in digests.items() if n not in result.failures and n not in failed}
    fresh = {pid: r for pid, r in judged.items() if pid not in kept_plans}
    result.written += write_deliverables(out, fresh)
    result.written += write_pages(out, fresh)
    # last, once every job's and plan's files are in place: what the next run must find intact to keep them
    outputs = output_digests(out, jobs, list(judged))
    result.written.append(write_manifest(out, recorded, outputs))
    result.written.append(out / "index.html")
    write_atomic(out / "index.html", index_html(plan_ids, jobs, result, assessed))
    return result


def _report_tables(
    out: Path, plan_ids: list[PlanChoice], observations: str | None
) -> tuple[list[Path], pd.DataFrame, dict[str, list[TargetAssessment]]]:
    """The run-wide tables of a report, from the analyst's observations as copied into it.

    ``observations`` is the copy's path relative to ``out`` (:func:`ipdata.run.inputs._copy_inputs`), as the
    notebooks get it. The one path of the full run and of ``--tables-only``: the two give the same numbers.
    """
    return write_tables(out, plan_ids, str(out / observations) if observations else None)


def write_report(
    out_dir: str | Path = "reports",
    plan: list[str] | None = None,
    plan_files: list[str] | None = None,
    observations: str | None = None,
) -> list[Path]:
    """Write the tables and the deliverables, no notebooks (``ipdata report --tables-only``).

    That is ``targets_latest.csv``, ``assessment.csv``, ``summary.json`` and per plan ``deliverables/<plan>/``
    (completion table and draft report, zh and en).

    Plans are chosen as for :func:`run_report` (``plan_files``: analysts' plan workbooks or folders), and
    ``observations`` (an analyst's CSV/XLSX) is checked, copied into ``inputs/observations/`` and assessed as
    there: the tables are those of a full run with the same file (it was once ignored here).

    Raises:
        FileNotFoundError / DataValidationError: an observations or plan file that is missing or does not validate.
        ValueError: an input file inside ``out_dir``, which the run replaces.
    """
    plans_chosen = validate_report_parameters(plan, 1, "zh", observations, plan_files)
    _check_inputs_outside(out_dir, plans_chosen, observations)
    with published(out_dir) as staging:
        plans_chosen, obs_path = _copy_inputs(staging, plans_chosen, observations)
        paths, assessed, judged = _report_tables(staging, plans_chosen, obs_path)
        paths += write_deliverables(staging, judged) + write_pages(staging, judged)
        index = staging / "index.html"
        write_atomic(index, index_html(plans_chosen, [], ReportResult(out_dir=str(staging)), assessed))
    return sorted(Path(out_dir) / p.relative_to(staging) for p in [*paths, index])
