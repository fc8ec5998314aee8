"""The main job: run the report notebooks for the bundled plans and publish everything they make.

For each chosen plan, papermill runs ``plan_dashboard.ipynb``, ``backtest.ipynb`` and
``trajectory.ipynb`` for every target with at least two observations; a report of every plan adds
``regions.ipynb`` per indicator of :data:`REGION_INDICATORS`. Each run writes its executed
notebook, an HTML page (nbconvert, input hidden) and its figures; the run as a whole writes
``targets_latest.csv``, ``assessment.csv``, ``summary.json``, ``manifest.json`` and an ``index.html``.

Why it is built this way:

* Scheduled runs must not leave a half-written report: every file is written to a temporary name
  and renamed (:func:`ipdata.files.write_atomic`), and a notebook's outputs are published only after
  it finished.
* One failing notebook must not stop the others: jobs run in separate processes (``--workers N``, a
  local pool or Dask: :mod:`ipdata.executors`), failures are collected, listed in ``index.html`` and on
  standard error, and the command exits non-zero. A kernel that dies or a cell past ``--timeout`` is
  retried (``--retries``) before it counts as a failure.
* Scheduled runs mostly meet unchanged inputs: each job's inputs are hashed into ``manifest.json``
  (:func:`job_digests`), and a job whose digest the replaced report recorded is copied from it rather
  than run (``--rerun-all`` runs all). Kernels talk over IPC and their standard error is filtered, so a
  cron job's log holds real messages only.
* Parameters are checked before any kernel starts (unknown plan, bad worker count, unreadable
  observations file) so a typo fails in a second, not after minutes of kernels.
* Same inputs, same bytes: executed notebooks are stripped of papermill's timing metadata and
  the per-cell execution timestamps; figures are reproducible (:mod:`ipdata.figures`).
"""

from __future__ import annotations

import dataclasses
import functools
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..assess.summaries import plan_summary
from ..catalog.observation_files import read_observations
from ..catalog.plan_files import SHEETS, read_plan
from ..catalog.tables import Plan, plan_scope, plan_title, plans, resolve_indicator, resolve_plan
from ..core.checks import whole_number
from ..core.layout import figure_files, html_path, notebook_path, page_path
from ..core.words import check_language
from ..core.writing import write_atomic
from ..deliver.deliverables import write_deliverables
from ..deliver.pages import deliverable_links, index_page, status_chips, write_pages
from .executors import check_scheduler, run_all
from .jobs import REGION_INDICATORS, Job, PlanChoice, _plan_id, report_jobs
from .manifests import write_manifest
from .notebooks import RunOptions, check_run_options, run_job
from .publishing import MARKER, published
from .reruns import _keep_plan_outputs, _keep_unchanged, _plan_digests, job_digests
from .tables import write_tables

__all__ = ["Fanout", "ReportResult", "run_report", "validate_report_parameters", "write_report"]


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


def validate_report_parameters(
    plan: list[str] | None,
    workers: int,
    language: str,
    observations: str | None,
    plan_files: list[str] | None = None,
) -> list[PlanChoice]:
    """Check every report parameter before a kernel starts; return the plans: bundled ids, then analysts' plans.

    Without ``plan`` the report covers every bundled plan, unless ``plan_files`` are given (then only those).

    Raises:
        UnknownIdError: an unknown plan (with the closest ids).
        ValueError: workers < 1, an unsupported language, a plan chosen twice.
        DataValidationError / FileNotFoundError: a plan file or an observations file that does not validate.
    """
    whole_number("--workers", workers, 1)
    check_language(language)
    bundled = [resolve_plan(p) for p in plan] if plan else ([] if plan_files else plans()["plan_id"].tolist())
    chosen: list[PlanChoice] = [*bundled, *(read_plan(f) for f in plan_files or [])]
    ids = [_plan_id(p) for p in chosen]
    if twice := sorted({i for i in ids if ids.count(i) > 1}):
        raise ValueError(f"plans {twice} are chosen twice (a plan file with a bundled plan's id replaces it: pick one)")
    if observations is not None:
        scopes: list[Plan | None] = [p for p in chosen if isinstance(p, Plan)] or [None]
        for scope in scopes:
            with plan_scope(scope):
                read_observations(observations)  # raises with file, row and column (a plan's own regions known)
    return chosen


def _notebook_links(jobs: list[Job], pid: str | None, result: ReportResult) -> list[dict[str, object]]:
    """The plan's notebook runs, each with its page, notebook and figures (a failed run: its name only).

    ``pid`` None: the runs of no plan (the cross-region view).
    """
    out = []
    for job in jobs:
        if job.params.get("plan") != pid:
            continue
        kind, name = job.name.split("/")
        failed = job.name in result.failures  # nothing of this run to link: never an older run's files
        figures = [{"href": f"figures/{f}", "name": Path(f).name} for f in figure_files(kind, name)]
        out.append(
            {
                "name": job.name,
                "failed": failed,
                "html": html_path(job.name).as_posix(),
                "ipynb": notebook_path(job.name).as_posix(),
                "figures": [] if failed else figures,
            }
        )
    return out


def _index_html(plan_ids: list[PlanChoice], jobs: list[Job], result: ReportResult, assessed: pd.DataFrame) -> bytes:
    out = Path(result.out_dir)
    entries = []
    for plan in plan_ids:
        pid = _plan_id(plan)
        summary = plan_summary(assessed[assessed["plan_id"] == pid])
        entries.append(
            {
                "id": pid,
                "title_zh": plan_title(plan, "zh"),
                "title_en": plan_title(plan, "en"),
                "targets": summary.targets,
                "assessed": summary.assessed,
                "expected": f"{summary.expected_met:.1f}（{summary.met_lower_80}–{summary.met_upper_80}）",
                "warnings": len(summary.warnings),
                "statuses": status_chips(summary.status_counts, "zh"),
                "page_zh": page_path(pid, "zh").as_posix(),
                "page_en": page_path(pid, "en").as_posix(),
                "deliverables": deliverable_links(out, Path("index.html"), pid),
                "notebooks": _notebook_links(jobs, pid, result),
            }
        )
    failures = [f"{n}: {e}" for n, e in sorted(result.failures.items())]
    ranked = _notebook_links(jobs, None, result)
    return index_page(entries, ["summary.json", "assessment.csv", "targets_latest.csv"], failures, ranked)


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
        scheduler: ``processes`` (a local pool) or ``dask`` (Dask distributed; :mod:`ipdata.executors`).
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


def _copy_inputs(
    staging: Path, plans: list[PlanChoice], observations: str | None
) -> tuple[list[PlanChoice], str | None]:
    """The analyst's files copied into the report (``inputs/<plan id>/``, ``inputs/observations/``).

    The notebooks then get paths inside the report rather than the files' absolute paths, so the same file in
    another folder gives the same bytes, and the report holds the inputs it was made from. A plan folder
    gives its tables only (never whatever else the folder holds, the report itself included).

    Raises:
        ValueError: an input file inside ``--out``, which the run replaces.
    """
    copied: list[PlanChoice] = []
    for plan in plans:
        if isinstance(plan, Plan):
            source = Path(plan.source)
            target = staging / "inputs" / plan.plan_id / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                target.mkdir()
                for spec in SHEETS.values():
                    if (source / spec.csv_name).is_file():
                        shutil.copyfile(source / spec.csv_name, target / spec.csv_name)
            else:
                shutil.copyfile(source, target)
            plan = dataclasses.replace(plan, source=target.relative_to(staging).as_posix())
        copied.append(plan)
    if observations is None:
        return copied, None
    target = staging / "inputs" / "observations" / Path(observations).name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(observations, target)
    return copied, target.relative_to(staging).as_posix()


def _check_inputs_outside(out_dir: str | Path, plans: list[PlanChoice], observations: str | None) -> None:
    """Refuse an input that lives inside ``--out``: the run replaces that folder as a whole."""
    out = Path(out_dir).resolve()
    files = [Path(p.source) for p in plans if isinstance(p, Plan)] + ([Path(observations)] if observations else [])
    for file in files:
        if file.resolve().is_relative_to(out):
            raise ValueError(f"{file} is inside --out {out_dir}, which the run replaces: move it out first")


@dataclass(frozen=True)
class Fanout:
    """Where a report's notebooks run: ``processes`` on this machine, or ``dask`` (:mod:`ipdata.executors`)."""

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
    obs_file = str(out / observations) if observations else None
    paths, assessed, judged = write_tables(out, plan_ids, obs_file)
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
    result.written.append(write_manifest(out, recorded))
    fresh = {pid: r for pid, r in judged.items() if pid not in kept_plans}
    result.written += write_deliverables(out, fresh)
    result.written += write_pages(out, fresh)
    result.written.append(out / "index.html")
    write_atomic(out / "index.html", _index_html(plan_ids, jobs, result, assessed))
    return result


def write_report(
    out_dir: str | Path = "reports", plan: list[str] | None = None, plan_files: list[str] | None = None
) -> list[Path]:
    """Write the tables and the deliverables, no notebooks (``ipdata report --tables-only``).

    That is ``targets_latest.csv``, ``assessment.csv``, ``summary.json`` and per plan ``deliverables/<plan>/``
    (completion table and draft report, zh and en).

    Plans are chosen as for :func:`run_report` (``plan_files``: analysts' plan workbooks or folders).
    """
    plans_chosen = validate_report_parameters(plan, 1, "zh", None, plan_files)
    _check_inputs_outside(out_dir, plans_chosen, None)
    with published(out_dir) as staging:
        plans_chosen, _ = _copy_inputs(staging, plans_chosen, None)
        paths, assessed, judged = write_tables(staging, plans_chosen)
        paths += write_deliverables(staging, judged) + write_pages(staging, judged)
        index = staging / "index.html"
        write_atomic(index, _index_html(plans_chosen, [], ReportResult(out_dir=str(staging)), assessed))
    return sorted(Path(out_dir) / p.relative_to(staging) for p in [*paths, index])
