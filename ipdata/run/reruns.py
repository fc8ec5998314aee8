"""Incremental reruns: what each job reads, hashed, and the unchanged jobs' and plans' files kept.

Scheduled runs mostly meet unchanged inputs: each job's inputs are hashed into ``manifest.json``
(:func:`job_digests`), and a job whose digest the replaced report recorded is copied from it rather than run.
Only when its files there are still the ones that run left (:func:`output_digests`, recorded beside): a figure
deleted or a page edited since makes the job run again, where it was once copied (or left out) and linked.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import cast

import pandas as pd

from ..assess.targets import TargetAssessment
from ..catalog.tables import Plan, plan_scope, regions
from ..core.layout import DELIVERABLES, deliverable_path, page_path
from ..core.paths import data_dir, notebooks_dir
from ..core.writing import csv_text
from ..observed.observations import observation_set
from .jobs import Job, PlanChoice, _job_outputs
from .manifests import code_digest, digest, files_digest, read_manifest, read_output_digests

__all__ = ["job_digests", "output_digests"]


def _rows(frame: pd.DataFrame | None) -> str:
    return "" if frame is None else csv_text(frame, "%.17g")


def _job_pairs(job: Job, assessed: pd.DataFrame) -> list[tuple[str, str]]:
    """The region x indicator series a job reads: its target's, or every target's of its plan."""
    params = job.params
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
    """Per job, the digest of what it reads (:mod:`ipdata.run.manifests`).

    That is the code (:func:`ipdata.run.manifests.code_digest`), the notebook's bytes, its parameters, the bundled
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
        by_plan.setdefault(cast(str | None, job.params.get("plan")), []).append(job)
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
                params = json.dumps(job.params, sort_keys=True, ensure_ascii=False)
                notebook = (notebooks_dir() / job.notebook).read_bytes()
                out_digests[job.name] = digest(common, notebook, params, plan_file, extra, *rows, "|", *pool)
    return out_digests


def _copy_present(previous: Path, out: Path, rels: list[str]) -> list[Path]:
    """Copy those of ``rels`` (paths relative to a report folder) that ``previous`` has into ``out``."""
    copied = []
    for rel in rels:
        if (previous / rel).is_file():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(previous / rel, out / rel)
            copied.append(out / rel)
    return copied


def _outputs_intact(previous: Path, key: str, rels: list[str], outputs: dict[str, str]) -> bool:
    """Whether a job's or plan's files in ``previous`` are byte for byte those its run left there.

    A manifest written before output digests were recorded has none for ``key``: the files cannot be verified,
    so they are not trusted (the job or plan runs again, once, and its digest is recorded then).
    """
    return key in outputs and files_digest(previous, rels) == outputs[key]


def _keep_unchanged(
    out: Path, previous: Path | None, jobs: list[Job], digests: dict[str, str], rerun_all: bool
) -> tuple[list[str], list[Path]]:
    """Copy the outputs of each unchanged job from the report being replaced; returns (jobs kept, files copied).

    A job is unchanged when the previous report's manifest holds the same digest, its notebook and page are
    there, and its files are those its run left (:func:`_outputs_intact`: none deleted or edited since). A
    failed job is not in the manifest, so it runs again.
    """
    if previous is None or rerun_all:
        return [], []
    recorded, outputs = read_manifest(previous), read_output_digests(previous)
    kept: list[str] = []
    copied: list[Path] = []
    for job in jobs:
        files = _job_outputs(job)
        if recorded.get(job.name) != digests[job.name] or not all((previous / f).is_file() for f in files[:2]):
            continue
        if not _outputs_intact(previous, job.name, files, outputs):
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
        if (pid := job.params.get("plan")) is not None:
            by_plan.setdefault(str(pid), []).append(digests[job.name])
    return {f"plan/{pid}": digest("plan outputs", *sorted(parts)) for pid, parts in by_plan.items()}


def _plan_outputs(pid: str) -> list[str]:
    """A plan's run-wide outputs relative to the report folder: its pages and its deliverables."""
    return [page_path(pid, "zh").as_posix(), page_path(pid, "en").as_posix()] + [
        deliverable_path(pid, kind, lang).as_posix() for kind, lang in sorted(DELIVERABLES)
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

    A plan is unchanged when its ``plan/<id>`` digest is recorded in the previous manifest, none of its jobs
    failed in this run (``failed``: such ``plan/<id>`` keys) and its pages and deliverables there are those its
    run left (:func:`_outputs_intact`); its files are copied as they are there (a plan without assessable
    targets has none).
    """
    if previous is None or rerun_all:
        return set(), []
    recorded, outputs = read_manifest(previous), read_output_digests(previous)
    kept: set[str] = set()
    copied: list[Path] = []
    for pid in judged:
        key = f"plan/{pid}"
        if recorded.get(key) != digests.get(key) or key in failed:
            continue
        if not _outputs_intact(previous, key, _plan_outputs(pid), outputs):
            continue
        copied += _copy_present(previous, out, _plan_outputs(pid))
        kept.add(pid)
    return kept, copied


def output_digests(out: Path, jobs: list[Job], plan_ids: list[str]) -> dict[str, str]:
    """Per job and per plan (``plan/<id>``), the digest of the files it left in ``out`` (the finished run).

    A job's files are its notebook, page and figures (:func:`ipdata.run.jobs._job_outputs`), a plan's its pages
    and deliverables (:func:`_plan_outputs`): what a rerun copies, so what it must find intact to keep.
    Computed after everything is written, on the files as published (kept ones as copied).
    """
    found = {job.name: files_digest(out, _job_outputs(job)) for job in jobs}
    return found | {f"plan/{pid}": files_digest(out, _plan_outputs(pid)) for pid in plan_ids}
