"""A draft evaluation report (评估报告) in Word: what an analyst edits instead of writing from nothing.

It follows the shape of a Chinese plan evaluation: an overall paragraph (how many targets, how many
met, how many expected to be met with an 80 % interval from the targets' probabilities), the
completion table, the dashboard figure, one paragraph per target with its trajectory figure, an
early-warning section (预警) and an appendix of sources with their quotes. Chinese by default, with an
English twin; the same inputs give the same bytes (fixed document properties and zip times).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..assess.summaries import PlanSummary, plan_summary
from ..assess.targets import TargetAssessment, assessment_table
from ..catalog.tables import plan_scope, plan_title
from ..core.words import COMPLETION_HEADERS, REPORT_TEXT, SOURCES_HEADERS, check_language, pick
from ..core.writing import reproducible_ooxml
from ..views.tables import cell_text, completion_table, sources_table
from ..views.trajectories import trajectory

__all__ = ["DOCUMENT_COLUMNS", "evaluation_document", "summary_sentence"]

WIDTHS_CM = {"number": 0.8, "region": 1.3, "indicator": 3.4, "unit": 1.1, "review": 1.4, "warning": 0.9}
DOCUMENT_COLUMNS = [  # the completion table as printed on an A4 page (the workbook has every column)
    "number",
    "region",
    "indicator",
    "unit",
    "baseline_value",
    "goal",
    "target_year",
    "current_value",
    "current_year",
    "task_progress",
    "time_progress",
    "review",
    "probability",
    "warning",
]
FIXED_TIME = dt.datetime(2000, 1, 1)
FONTS = {"zh": ("SimSun", "宋体"), "en": ("Calibri", "宋体")}


def _t(key: str, lang: str, **values: Any) -> str:
    zh, en = REPORT_TEXT[key]
    return pick((zh, en), lang).format(**values)


def summary_sentence(summary: PlanSummary, lang: str = "zh") -> str:
    """The overview paragraph of an evaluation report, from :func:`ipdata.assess.summaries.plan_summary`."""
    check_language(lang)
    return _t(
        "overall",
        lang,
        targets=summary.targets,
        assessed=summary.assessed,
        achieved=summary.achieved,
        missed=summary.missed,
        expected=f"{summary.expected_met:.1f}",
        low=summary.met_lower_80,
        high=summary.met_upper_80,
        warned=len(summary.warnings),
        unassessed=summary.targets - summary.assessed,
    )


def _style(doc: Any, lang: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    latin, east_asian = FONTS[lang]
    for name in ("Normal", "Heading 1", "Heading 2", "Title", "Caption"):
        style = doc.styles[name]
        style.font.name = latin
        rpr = style.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "黑体" if name != "Normal" else east_asian)
    doc.styles["Normal"].font.size = Pt(10.5)


def _table(
    doc: Any, frame: pd.DataFrame, headers: Mapping[str, tuple[str, str]], lang: str, size: float, wide: str
) -> None:
    """A table in ``size`` points; columns in :data:`WIDTHS_CM`, ``wide`` (the text column) takes the rest."""
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.autofit = False
    for cell, column in zip(table.rows[0].cells, frame.columns):
        cell.text = pick(headers[column], lang)
    for values in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, column, value in zip(cells, frame.columns, values):
            cell.text = cell_text(column, value)
    _fonts(table, Pt(size))
    fixed = {c: WIDTHS_CM.get(c, 1.1) for c in frame.columns if c != wide}
    widths = {**fixed, wide: max(17.0 - sum(fixed.values()), 3.0)}
    for i, column in enumerate(frame.columns):  # the grid (LibreOffice, WPS) and every cell (Word)
        table.columns[i].width = Cm(widths[column])
    for row in table.rows:
        for cell, column in zip(row.cells, frame.columns):
            cell.width = Cm(widths[column])


def _fonts(table: Any, size: Any) -> None:
    """Every cell's text in ``size``; the header row bold."""
    for k, row in enumerate(table.rows):
        for cell in row.cells:
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.font.size, run.bold = size, k == 0


def _picture(doc: Any, png: bytes | None, caption: str, width_cm: float) -> None:
    from docx.shared import Cm

    if png is None:
        return
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc.add_paragraph(caption, style="Caption")


def _targets_section(
    doc: Any, results: Sequence[TargetAssessment], frame: pd.DataFrame, figures: Mapping[str, bytes], lang: str
) -> None:
    for k, (result, (_, row)) in enumerate(zip(results, frame.iterrows()), start=1):
        tid = str(result.target["target_id"])
        doc.add_heading(
            f"{k}. {row['indicator']}（{row['region']}）"
            if lang == "zh"
            else f"{k}. {row['indicator']} ({row['region']})",
            level=2,
        )
        doc.add_paragraph(trajectory(assessed=result, plan=result.plan).sentence(lang))
        _picture(doc, figures.get(tid), f"{tid}", 14)


def _warnings_section(doc: Any, frame: pd.DataFrame, summary: PlanSummary, lang: str) -> None:
    warned = frame[frame["target_id"].isin(summary.warnings)]
    if warned.empty:
        doc.add_paragraph(_t("no_warnings", lang))
    for _, row in warned.iterrows():
        probability = "—" if row["probability"] is None else f"{float(row['probability']):.0%}"
        line = _t(
            "warning_line",
            lang,
            indicator=row["indicator"],
            region=row["region"],
            year=row["target_year"],
            probability=probability,
            review=row["review"] or row["note"],
        )
        doc.add_paragraph(line, style="List Bullet")


def evaluation_document(
    results: Sequence[TargetAssessment], lang: str = "zh", figures: Mapping[str, bytes] | None = None
) -> bytes:
    """The draft evaluation report of one plan as ``.docx`` bytes (same inputs, same bytes).

    Args:
        results: One plan's targets judged (:func:`ipdata.assess_targets`).
        lang: ``zh`` (评估报告) or ``en`` (the English twin).
        figures: PNG bytes to embed, by name: ``"dashboard"`` and target ids (trajectory figures), in ``lang``.
    """
    from docx import Document
    from docx.shared import Cm

    check_language(lang)
    figures = figures or {}
    frame = completion_table(results, lang)
    summary = plan_summary(assessment_table(list(results)))
    with plan_scope(results[0].plan if results else None):
        title = plan_title(results[0].plan or str(results[0].target["plan_id"]), lang) if results else ""
    doc = Document()
    _style(doc, lang)
    section = doc.sections[0]  # A4 with 2 cm margins: 17 cm of text width
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.revision = title, "ipdata", "ipdata", 1
    props.created = props.modified = props.last_printed = FIXED_TIME
    doc.add_heading(_t("title", lang, plan=title), level=0)
    doc.add_paragraph(_t("draft_note", lang)).runs[0].italic = True
    doc.add_heading(_t("h_overall", lang), level=1)
    doc.add_paragraph(summary_sentence(summary, lang))
    _picture(doc, figures.get("dashboard"), _t("figure_caption", lang), 16)
    doc.add_heading(_t("h_table", lang), level=1)
    doc.add_paragraph(_t("table_caption", lang), style="Caption")
    _table(doc, frame[DOCUMENT_COLUMNS], COMPLETION_HEADERS, lang, 7.5, wide="indicator")
    doc.add_heading(_t("h_targets", lang), level=1)
    _targets_section(doc, results, frame, figures, lang)
    doc.add_heading(_t("h_warnings", lang), level=1)
    _warnings_section(doc, frame, summary, lang)
    doc.add_heading(_t("h_sources", lang), level=1)
    _table(doc, sources_table(results, lang), SOURCES_HEADERS, lang, 7, wide="quote")
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_ooxml(buffer.getvalue())
