"""Layer 7, orchestration: the report run (papermill, reruns, transactions), the batch, the figure set."""

from __future__ import annotations

from .batch import assess_all, write_batch
from .figure_set import write_figure_set
from .publishing import published
from .report import ReportResult, run_report, write_report

__all__ = ["ReportResult", "assess_all", "published", "run_report", "write_batch", "write_figure_set", "write_report"]
