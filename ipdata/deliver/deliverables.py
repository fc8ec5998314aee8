"""What evaluators hand over, per plan: the completion table (xlsx) and the draft report (docx), zh and en."""

from __future__ import annotations

from pathlib import Path

from ..assess.targets import TargetAssessment
from ..core.layout import deliverable_path, figure_path
from ..core.words import LANGUAGES
from ..core.writing import write_atomic
from ..views.figures import dashboard_figure, figure_bytes
from .document import evaluation_document
from .workbook import completion_workbook

__all__ = ["write_deliverables"]


def _figure_png(out: Path, kind: str, name: str, lang: str) -> bytes | None:
    path = out / figure_path(kind, name, lang, "png")
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
        for lang in LANGUAGES:
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
                path = out / deliverable_path(pid, kind, lang)
                write_atomic(path, data)
                written.append(path)
    return written
