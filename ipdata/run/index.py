"""A run's overview page (``index.html``): per plan its counts, pages, deliverables and notebook runs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..assess.summaries import plan_summary
from ..catalog.tables import plan_title
from ..core.layout import figure_paths, html_path, notebook_path, page_path
from ..core.words import expected_count
from ..deliver.pages import deliverable_links, index_page, status_chips
from .jobs import Job, PlanChoice, ReportResult, _plan_id

__all__ = ["index_html"]


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
        figures = [{"href": f, "name": Path(f).name} for f in figure_paths(kind, name)]
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


def index_html(plan_ids: list[PlanChoice], jobs: list[Job], result: ReportResult, assessed: pd.DataFrame) -> bytes:
    """The overview page of a run, as bytes.

    Per plan its counts (:func:`ipdata.assess.plan_summary`, as ``summary.json`` counts them), its pages and
    the deliverables that are in the report, and its notebook runs; the failures listed.
    """
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
                "expected": expected_count(
                    summary.expected_met, summary.met_lower_80, summary.met_upper_80, summary.assessed
                ),
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
