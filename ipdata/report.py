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
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import pandas as pd

from .assessment import TargetAssessment, assess_targets, assessment_table
from .backtest import pooled_metrics
from .catalog import Plan, plan_scope, plan_title, plans, regions, resolve_indicator, resolve_plan
from .completion_tables import completion_workbook
from .errors import UnknownIdError
from .evaluation_documents import evaluation_document
from .executors import check_scheduler, run_all
from .figures import (
    FONT_FILE,
    dashboard_figure,
    figure_bytes,
    figure_files,
    write_backtest_figures,
    write_dashboard_figures,
    write_ranking_figures,
    write_trajectory_figures,
)
from .files import csv_text, data_dir, notebooks_dir, write_atomic
from .history import ObservationsInput, latest_observations, observation_set
from .manifests import code_digest, digest, read_manifest, write_manifest
from .plan_backtests import plan_backtest
from .plan_files import SHEETS, read_plan
from .plan_summaries import plan_summary
from .publishing import MARKER, published
from .rankings import region_ranks
from .report_pages import DELIVERABLES, FONT_PATH, deliverable_links, index_page, page_path, plan_page, status_chips
from .trajectories import trajectory
from .user_observations import read_observations
from .wording import PAGE_TEXT, check_language

__all__ = [
    "KERNEL_NOISE",
    "REGION_INDICATORS",
    "Fanout",
    "Job",
    "PlanChoice",
    "ReportResult",
    "RunOptions",
    "check_run_options",
    "job_digests",
    "report_jobs",
    "run_job",
    "run_report",
    "trajectory_targets",
    "validate_report_parameters",
    "write_deliverables",
    "write_pages",
    "write_figures",
    "write_report",
    "write_tables",
]


PlanChoice = str | Plan
"""A plan a report covers: a bundled plan's id, or an analyst's plan read from its file."""


def _plan_id(plan: PlanChoice) -> str:
    return plan.plan_id if isinstance(plan, Plan) else plan


def write_tables(
    out_dir: str | Path, plan_ids: list[PlanChoice], observations: ObservationsInput = None
) -> tuple[list[Path], pd.DataFrame, dict[str, list[TargetAssessment]]]:
    """Write ``targets_latest.csv``, ``assessment.csv`` and ``summary.json`` for the plans.

    Returns:
        The paths written and the assessment table (one row per target of the plans).
    """
    out = Path(out_dir)
    if not any(isinstance(p, Plan) for p in plan_ids):
        observations = observation_set(observations)  # read once for both tables and every plan
    latest, results = [], {}
    for plan in plan_ids:
        with plan_scope(plan) as pid:
            plan_obs = observation_set(observations)  # an analyst's plan: with its observations, its regions known
            rows = latest_observations(plan_obs)
            latest.append(rows[rows["plan_id"] == pid])
            results[str(pid)] = assess_targets(plan=pid, observations=plan_obs)
    table = pd.concat(latest, ignore_index=True).sort_values("target_id")
    assessed = pd.concat([assessment_table(r) for r in results.values()], ignore_index=True).sort_values("target_id")
    csv_path, json_path, assess_path = out / "targets_latest.csv", out / "summary.json", out / "assessment.csv"
    # with a byte-order mark: Excel on Chinese Windows reads a CSV without one as GBK and garbles its Chinese
    write_atomic(csv_path, csv_text(table, "%.10g").encode("utf-8-sig"))
    write_atomic(assess_path, csv_text(assessed, "%.6g").encode("utf-8-sig"))
    summary = {}
    for pid in map(_plan_id, plan_ids):
        mine = assessed[assessed["plan_id"] == pid]
        summary[pid] = {
            "targets": int((table["plan_id"] == pid).sum()),
            "targets_with_observations": int(((table["plan_id"] == pid) & table["latest_value"].notna()).sum()),
            "targets_assessed": int(mine["assessable"].sum()),
            "status_counts": {k: int(v) for k, v in mine["status"].dropna().value_counts().sort_index().items()},
        }
    write_atomic(json_path, (json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"))
    return [csv_path, assess_path, json_path], assessed, results


def _figure_png(out: Path, kind: str, name: str, lang: str) -> bytes | None:
    path = out / "figures" / kind / f"{name}_{lang}.png"
    return path.read_bytes() if path.is_file() else None


def write_deliverables(out_dir: str | Path, results: dict[str, list[TargetAssessment]]) -> list[Path]:
    """Per plan, what evaluators hand over: the completion table (xlsx) and the draft report (docx), zh and en.

    The report embeds the figures a run already wrote under ``figures/`` (the dashboard is drawn when it is
    not there, as with ``--tables-only``), so the document shows the published figures byte for byte.
    """
    out, written = Path(out_dir), []
    for pid, judged in results.items():
        if not judged:
            continue
        for lang in ("zh", "en"):
            figures = {
                tid: png
                for tid in (str(r.target["target_id"]) for r in judged)
                if (png := _figure_png(out, "trajectory", tid, lang)) is not None
            }
            dashboard = _figure_png(out, "dashboard", pid, lang)
            figures["dashboard"] = dashboard or figure_bytes(dashboard_figure(judged, lang), "png")
            for kind, data in (
                ("xlsx", completion_workbook(judged, lang)),
                ("docx", evaluation_document(judged, lang, figures)),
            ):
                path = out / "deliverables" / pid / DELIVERABLES[(kind, lang)]
                write_atomic(path, data)
                written.append(path)
    return written


@dataclass(frozen=True)
class Job:
    """One notebook run: which notebook, with which parameters, published under which name."""

    notebook: str  # file name in notebooks/
    name: str  # output stem, e.g. "trajectory/st13-03"
    parameters: tuple[tuple[str, object], ...]


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
    if not isinstance(workers, int) or workers < 1:
        raise ValueError(f"--workers must be a whole number >= 1, got {workers!r}")
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


def _clean_notebook(path: Path) -> bytes:
    """Executed notebook without run-dependent metadata (timings, temporary paths), as bytes."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    pm = nb.metadata.get("papermill", {})
    nb.metadata["papermill"] = {"parameters": pm.get("parameters", {})}
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def _html(nb_bytes: bytes, title: str, lang: str) -> bytes:
    """A notebook as a page of the report (``html/<kind>/<name>.html``): code hidden, nothing from the network.

    nbconvert's page loads MathJax and require.js from a CDN (an office intranet has none; these notebooks use
    neither), is titled "Notebook" and marked English; here it gets its title and language, the report's web
    font for Chinese and a link back to the overview.
    """
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True, mathjax_url="", require_js_url=""
    )
    notebook = nbformat.reads(nb_bytes.decode("utf-8"), as_version=4)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": title}})
    root = "../../"  # html/<kind>/<name>.html
    head = (
        f'<style>@font-face{{font-family:"ipdata CJK Sans";src:url("{root}{FONT_PATH.as_posix()}")}}'
        'body,.jp-RenderedText pre,.jp-RenderedHTMLCommon{font-family:"ipdata CJK Sans",sans-serif}</style>'
    )
    back_text = PAGE_TEXT["back"][0 if lang == "zh" else 1]
    back = f'<nav style="margin:1em 2em"><a href="{root}index.html">{back_text}</a></nav>'
    body = body.replace('<script src=""></script>', "").replace(
        '<html lang="en">', f'<html lang="{_HTML_LANG[lang]}">', 1
    )
    body = body.replace("</head>", head + "\n</head>", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + back, body, count=1)
    return body.encode("utf-8")


_HTML_LANG = {"zh": "zh-CN", "en": "en"}


def _page_title(job: Job) -> str:
    """A notebook page's title: the job (``trajectory/st13-03``) and its plan's title when ipdata knows the plan."""
    params = dict(job.parameters)
    lang = str(params.get("language", "zh"))
    if "indicator" in params:
        return f"{job.name} · {PAGE_TEXT['regions_title'][0 if lang == 'zh' else 1]}"
    try:
        plan = plan_title(str(params["plan"]), lang) if not params.get("plan_file") else str(params["plan"])
    except (KeyError, UnknownIdError):
        plan = str(params.get("plan", ""))
    return f"{job.name} · {plan}"


@dataclass(frozen=True)
class RunOptions:
    """How each notebook is run: a cell's time limit and how often a dead or stuck kernel is retried."""

    timeout: float | None = None  # seconds a cell may run (papermill's execution_timeout); None: no limit
    retries: int = 1  # further attempts after a kernel died or a cell ran out of time


def check_run_options(timeout: object, retries: object) -> RunOptions:
    """The ``--timeout`` and ``--retries`` of a report, checked before any kernel starts.

    Raises:
        ValueError: a timeout that is not a positive number of seconds, retries that are not a whole number >= 0.
    """
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0 or timeout != timeout
    ):
        raise ValueError(f"--timeout must be a positive number of seconds, got {timeout!r}")
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise ValueError(f"--retries must be a whole number >= 0, got {retries!r}")
    return RunOptions(float(timeout) if timeout is not None else None, retries)


KERNEL_NOISE = ("KeyboardInterrupt caught in kernel",)
"""Lines a kernel writes to its standard error at every shutdown (jupyter_client interrupts it before asking it to
stop): not errors, dropped; every other line a kernel writes is shown."""


def _quiet_kernel_manager(stderr: IO[bytes], sockets: str) -> type:
    """A kernel manager whose kernels talk over local IPC sockets and write their standard error to ``stderr``.

    Over TCP (jupyter_client's default) ipykernel 7 warns at every start that the traffic is unencrypted: one
    line per notebook on a cron job's standard error, and true (any local user could connect to the ports).
    Over IPC (Unix sockets in a temporary folder only this user can open) it has nothing to warn about. Each
    kernel gets its own folder ``sockets``, short (a socket path has at most 107 bytes) and its own (two kernels
    sharing one clash). The kernel's standard error is caught so that the shutdown line in :data:`KERNEL_NOISE`
    can be dropped and everything else shown (:func:`_kernel_messages`).
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class QuietKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            return os.path.join(sockets, "kernel")

        async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]  # the async manager
            kw.setdefault("stderr", stderr)
            await super().start_kernel(**kw)

    return QuietKernelManager


def _kernel_messages(path: Path, name: str) -> str:
    """What the kernel wrote to its standard error, less :data:`KERNEL_NOISE`, each line prefixed with the job."""
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "".join(f"[{name}] {line}\n" for line in lines if line.strip() and not any(n in line for n in KERNEL_NOISE))


def _retryable(exc: BaseException) -> bool:
    """A kernel that died or a cell that ran out of time: worth another attempt (a cell that raised is not)."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, RuntimeError) and "Kernel died before replying" in str(exc):  # a kernel that failed to start
        return True
    return isinstance(exc, (DeadKernelError, CellTimeoutError, TimeoutError))


def _execute(job: Job, executed: Path, params: dict[str, object], cwd: Path, options: RunOptions) -> tuple[str, str]:
    """Run the notebook, retrying a dead or stuck kernel; returns (error or "", the kernel's messages)."""
    import papermill as pm

    messages, error = "", ""
    for attempt in range(1 + options.retries):
        log = executed.with_suffix(f".stderr-{attempt}")
        # a socket path has at most 107 bytes: under a long TMPDIR (HPC nodes) the sockets go to /tmp
        short = "/tmp" if len(tempfile.gettempdir()) > 60 and os.path.isdir("/tmp") else None
        with log.open("wb") as stderr, tempfile.TemporaryDirectory(prefix="ipdata-kernel-", dir=short) as sockets:
            try:
                pm.execute_notebook(
                    str(notebooks_dir() / job.notebook),
                    str(executed),
                    parameters=params,
                    kernel_name="python3",
                    progress_bar=False,
                    cwd=str(cwd),
                    execution_timeout=options.timeout,
                    kernel_manager_class=_quiet_kernel_manager(stderr, sockets),
                )
                error = ""
            except Exception as exc:  # noqa: BLE001 - any failure is reported, the other jobs go on
                error = _error_summary(exc)
                if _retryable(exc) and attempt < options.retries:
                    continue
                if _retryable(exc) and attempt:
                    error += f" (after {attempt + 1} attempts)"
            finally:
                messages += _kernel_messages(log, job.name)
        return error, messages
    return error, messages  # not reached: the last attempt returns


def run_job(job: Job, out_dir: str, options: RunOptions = RunOptions()) -> tuple[str, list[str], str, str]:
    """Run one notebook with papermill and publish it; returns (name, files written, error or "", kernel messages).

    Runs in a worker process (local or a Dask worker). The notebook executes into a temporary folder; only a
    successful run is published (notebook, HTML and the figures the notebook wrote to ``out_dir/figures``).
    A kernel that dies, or a cell running past ``options.timeout``, is retried ``options.retries`` times, then
    reported as the job's error.
    """
    for key in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        # this worker's kernels inherit it: BLAS threads thrash when notebooks run side by side.
        # Set here, in the worker process, so the caller's own environment is left alone.
        os.environ.setdefault(key, "1")
    out = Path(out_dir)
    params = dict(job.parameters)
    params["output_dir"] = (
        "figures"  # relative to the kernel's folder (out_dir): the notebook does not name the run's folder
    )
    work = out / ".work"  # inside the staging folder: what a killed run leaves goes with it
    work.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="notebook-", dir=work) as tmp:
        executed = Path(tmp) / Path(job.notebook).name
        error, messages = _execute(job, executed, params, out.resolve(), options)
        if error:
            return job.name, [], error, messages
        nb_bytes = _clean_notebook(executed)
    written = []
    for path, data in (
        (out / "notebooks" / f"{job.name}.ipynb", nb_bytes),
        (out / "html" / f"{job.name}.html", _html(nb_bytes, _page_title(job), str(dict(job.parameters)["language"]))),
    ):
        write_atomic(path, data)
        written.append(str(path))
    return job.name, written, "", messages


def _error_summary(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    return f"{ename}: {evalue}".strip()


def _notebook_links(jobs: list[Job], pid: str | None, result: ReportResult) -> list[dict[str, object]]:
    """The plan's notebook runs, each with its page, notebook and figures (a failed run: its name only).

    ``pid`` None: the runs of no plan (the cross-region view).
    """
    out = []
    for job in jobs:
        if dict(job.parameters).get("plan") != pid:
            continue
        kind, name = job.name.split("/")
        failed = job.name in result.failures  # nothing of this run to link: never an older run's files
        figures = [{"href": f"figures/{f}", "name": Path(f).name} for f in figure_files(kind, name)]
        out.append(
            {
                "name": job.name,
                "failed": failed,
                "html": f"html/{job.name}.html",
                "ipynb": f"notebooks/{job.name}.ipynb",
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


def write_pages(out_dir: str | Path, results: dict[str, list[TargetAssessment]]) -> list[Path]:
    """Each plan's page in both languages (``plans/``), and the web font they link (``assets/``)."""
    out, written = Path(out_dir), []
    font = out / FONT_PATH
    if not font.is_file() or font.read_bytes() != FONT_FILE.read_bytes():
        write_atomic(font, FONT_FILE.read_bytes())
    written.append(font)
    for pid, judged in results.items():
        # target setting per target, once for both languages (the assessment's own fits, nothing refitted)
        what_ifs = {str(r.target["target_id"]): trajectory(assessed=r, plan=r.plan).what_if() for r in judged}
        for lang in ("zh", "en"):
            if judged:
                write_atomic(out / page_path(pid, lang), plan_page(judged, lang, out, what_ifs))
                written.append(out / page_path(pid, lang))
    return written


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


def _rows(frame: pd.DataFrame | None) -> str:
    return "" if frame is None else csv_text(frame, "%.17g")


def _job_pairs(job: Job, assessed: pd.DataFrame) -> list[tuple[str, str]]:
    """The region x indicator series a job reads: its target's, or every target's of its plan."""
    params = dict(job.parameters)
    if job.notebook == "regions.ipynb":
        provinces = regions()
        ids = provinces.loc[provinces["level"] == "province", "region_id"]
        return sorted((str(r), str(params["indicator"])) for r in ids)
    rows = assessed[assessed["plan_id"] == params["plan"]]
    if job.notebook == "trajectory.ipynb":
        rows = rows[rows["target_id"] == params["target_id"]]
    return sorted({(str(r), str(i)) for r, i in zip(rows["region_id"], rows["indicator_id"])})


def _tree_bytes(path: Path) -> list[bytes]:
    """A file's bytes, or a folder's files (name and bytes, sorted)."""
    if path.is_file():
        return [path.read_bytes()]
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
    return [part for p in files for part in (p.relative_to(path).as_posix().encode(), p.read_bytes())]


def job_digests(
    out: Path, plan_ids: list[PlanChoice], jobs: list[Job], assessed: pd.DataFrame, observations: str | None
) -> dict[str, str]:
    """Per job, the digest of what it reads (:mod:`ipdata.manifests`).

    That is the code (:func:`ipdata.manifests.code_digest`), the notebook's bytes, its parameters, the bundled
    plan, region and indicator tables, the plan file of an analyst's plan, and the observation rows of the
    series it reads (bundled and the analyst's, as merged) with the bundled rows of the same indicators (the
    series short series borrow volatility from). A backtest also reads the pooled backtest of every bundled
    series: every bundled observation counts for it. So one changed observation reruns the jobs that read its
    series, and no other.
    """
    data = data_dir()
    tables = [(data / f).read_bytes() for f in ("datapackage.json", "plans.csv", "targets.csv")]
    tables += [(data / f).read_bytes() for f in ("regions.csv", "indicators.csv")]
    bundled = observation_set(None).table
    pools = {str(k): g for k, g in bundled.groupby("indicator_id")}
    every_observation = digest(*(p.read_bytes() for p in sorted(data.glob("observations_*.csv"))))
    common = digest(code_digest(), *tables)
    obs_file = str(out / observations) if observations else None
    by_plan: dict[str | None, list[Job]] = {}
    for job in jobs:
        by_plan.setdefault(cast(str | None, dict(job.parameters).get("plan")), []).append(job)
    out_digests = {}
    for plan in [*plan_ids, None]:  # None: the cross-region jobs, which read no plan
        with plan_scope(plan) as pid:
            merged = observation_set(obs_file)
            plan_file = digest(*_tree_bytes(out / plan.source)) if isinstance(plan, Plan) else ""
            for job in by_plan.get(pid, []):
                pairs = _job_pairs(job, assessed)
                rows = [_rows(merged.groups.get(pair)) for pair in pairs]
                pool = [_rows(pools.get(ind)) for ind in sorted({i for _, i in pairs})]
                extra = every_observation if job.notebook == "backtest.ipynb" else ""
                params = json.dumps(dict(job.parameters), sort_keys=True, ensure_ascii=False)
                notebook = (notebooks_dir() / job.notebook).read_bytes()
                out_digests[job.name] = digest(common, notebook, params, plan_file, extra, *rows, "|", *pool)
    return out_digests


def _job_outputs(job: Job) -> list[str]:
    """A job's files relative to the report folder: notebook, page and the figures it writes."""
    kind, name = job.name.split("/")
    return [f"notebooks/{job.name}.ipynb", f"html/{job.name}.html"] + [f"figures/{f}" for f in figure_files(kind, name)]


def _copy_present(previous: Path, out: Path, rels: list[str]) -> list[Path]:
    """Copy those of ``rels`` (paths relative to a report folder) that ``previous`` has into ``out``."""
    copied = []
    for rel in rels:
        if (previous / rel).is_file():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(previous / rel, out / rel)
            copied.append(out / rel)
    return copied


def _keep_unchanged(
    out: Path, previous: Path | None, jobs: list[Job], digests: dict[str, str], rerun_all: bool
) -> tuple[list[str], list[Path]]:
    """Copy the outputs of each unchanged job from the report being replaced; returns (jobs kept, files copied).

    A job is unchanged when the previous report's manifest holds the same digest and its notebook and page are
    there (a failed job is not in the manifest, so it runs again).
    """
    if previous is None or rerun_all:
        return [], []
    recorded = read_manifest(previous)
    kept: list[str] = []
    copied: list[Path] = []
    for job in jobs:
        files = _job_outputs(job)
        if recorded.get(job.name) != digests[job.name] or not all((previous / f).is_file() for f in files[:2]):
            continue
        copied += _copy_present(previous, out, files)
        kept.append(job.name)
    return kept, copied


def _plan_digests(jobs: list[Job], digests: dict[str, str]) -> dict[str, str]:
    """Per plan (``plan/<id>``), a digest of its deliverables and pages: those of its notebook jobs together.

    The jobs read every series the plan's targets read (the dashboard: all of them), with the code; the
    documents embed the trajectory figures. So when none of the plan's jobs changed, its documents did not.
    """
    by_plan: dict[str, list[str]] = {}
    for job in jobs:
        if (pid := dict(job.parameters).get("plan")) is not None:
            by_plan.setdefault(str(pid), []).append(digests[job.name])
    return {f"plan/{pid}": digest("plan outputs", *sorted(parts)) for pid, parts in by_plan.items()}


def _plan_outputs(pid: str) -> list[str]:
    """A plan's run-wide outputs relative to the report folder: its pages and its deliverables."""
    return [page_path(pid, "zh").as_posix(), page_path(pid, "en").as_posix()] + [
        f"deliverables/{pid}/{DELIVERABLES[key]}" for key in sorted(DELIVERABLES)
    ]


def _keep_plan_outputs(
    out: Path,
    previous: Path | None,
    judged: dict[str, list[TargetAssessment]],
    digests: dict[str, str],
    rerun_all: bool,
    failed: set[str],
) -> tuple[set[str], list[Path]]:
    """Copy the pages and deliverables of each unchanged plan from the report being replaced (as for jobs).

    A plan is unchanged when its ``plan/<id>`` digest is recorded in the previous manifest and none of its jobs
    failed in this run (``failed``: such ``plan/<id>`` keys); its files are copied as they are there (a plan
    without assessable targets has none).
    """
    if previous is None or rerun_all:
        return set(), []
    recorded = read_manifest(previous)
    kept: set[str] = set()
    copied: list[Path] = []
    for pid in judged:
        key = f"plan/{pid}"
        if recorded.get(key) != digests.get(key) or key in failed:
            continue
        copied += _copy_present(previous, out, _plan_outputs(pid))
        kept.add(pid)
    return kept, copied


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
    failed = {f"plan/{dict(j.parameters).get('plan')}" for j in jobs if j.name in result.failures}
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


def write_figures(out_dir: str | Path = "figures", plan: list[str] | None = None) -> list[Path]:
    """Write the committed figure set directly (no kernels): the figures the report notebooks make.

    Same functions, same parameters, so the bytes equal those in a report's ``figures/`` folder.
    """
    plan_ids = [resolve_plan(p) for p in plan] if plan else plans()["plan_id"].tolist()
    metrics = pooled_metrics()
    written = []
    for pid in plan_ids:
        results = assess_targets(plan=pid)
        written += write_dashboard_figures(results, out_dir)
        written += write_backtest_figures(plan_backtest(pid), metrics, out_dir)
        by_id = {str(r.target["target_id"]): r for r in results}
        for tid in trajectory_targets(assessment_table(results)):  # the plan's own assessments: nothing refitted
            written += write_trajectory_figures(trajectory(assessed=by_id[tid]), out_dir)
    if not plan:  # the cross-region view of a report of every plan
        for indicator in REGION_INDICATORS:
            written += write_ranking_figures(region_ranks(indicator), out_dir)
    return sorted(written)


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
