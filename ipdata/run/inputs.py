"""A run's parameters and inputs: checked before any kernel starts, and the analyst's files copied into the report.

Parameters are checked first (unknown plan, bad worker count, unreadable observations file) so a typo fails in a
second, not after minutes of kernels; the analyst's files are copied into the report's ``inputs/`` and named from
there, so where they lived changes nothing in the report's bytes.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from ..catalog.observation_files import read_observations
from ..catalog.plan_files import SHEETS, read_plan
from ..catalog.tables import Plan, plan_scope, plans, resolve_plan
from ..core.checks import whole_number
from ..core.words import check_language
from .jobs import PlanChoice, _plan_id

__all__ = ["validate_report_parameters"]


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
