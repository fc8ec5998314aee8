"""A draft evaluation report (评估报告) in Word: what an analyst edits instead of writing from nothing.

It follows the shape of a Chinese plan evaluation: an overall paragraph (how many targets, how many
met, how many expected to be met with an 80 % interval from the targets' probabilities), the
completion table, the dashboard figure, one paragraph per target with its trajectory figure, an
early-warning section (预警) and an appendix of sources with their quotes. Chinese by default, with an
English twin; the same inputs give the same bytes (fixed document properties and zip times).

Printed, it reads as a report should: the completion table on its own landscape pages (fourteen columns in 8 pt
do not fit a portrait A4 line without breaking numbers), its header row repeated on every page and no row split
across two; every column at least as wide as its widest number and its longest header word, so 40,000 never
prints as 40,0 / 00; the sources appendix as a two-column list (what a row is; its source and quote) whose
titles and URLs wrap at words, not three characters a line.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..assess.summaries import PlanSummary, plan_summary
from ..assess.targets import TargetAssessment, assessment_table
from ..catalog.tables import plan_scope, plan_title
from ..core.words import COMPLETION_HEADERS, REPORT_TEXT, check_language, pick
from ..core.writing import reproducible_ooxml
from ..views.tables import cell_text, completion_table, sources_list
from ..views.trajectories import trajectory

__all__ = ["DOCUMENT_COLUMNS", "evaluation_document", "summary_sentence"]

TABLE_PT = 8.0
"""The tables' text size: the smallest printed text in the report (a table in 7 pt is not read on paper)."""
MARGIN_CM = 2.0
PAGE_CM = (21.0, 29.7)  # A4
CELL_MARGIN_CM = 0.1
"""A table cell's left and right margin (Table Grid's own 0.19 cm each leave fourteen columns no room)."""
CELL_PAD_CM = 2 * CELL_MARGIN_CM + 0.12
"""What a column needs beyond its text: both margins and a little room for the font a reader has."""
CAPS_CM = {"region": 2.4, "unit": 2.0, "review": 2.2, "warning": 1.8}
"""A text column's widest: past it the text wraps (the indicator column takes what the others leave)."""
SOURCE_WIDTHS_CM = (5.2, 11.8)
"""The sources appendix: what a row is (target, kind, date, value), then its source and quote; 17 cm of A4."""
DOCUMENT_COLUMNS = [  # the completion table as printed on a landscape A4 page (the workbook has every column)
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


_TOKENS = re.compile(r"\s+|[^\s\u1100-\uffff/-]+[/-]*|[/-]+|.", re.DOTALL)
"""Breakable pieces: runs of space, a Latin word up to and with a hyphen or slash after it, one wide character."""
_EM = {**dict.fromkeys("ijl.,:;'|!()[] ", 0.32), **dict.fromkeys("frt-/", 0.45), **dict.fromkeys("mwMW%", 0.95)}
"""Latin characters' widths in em that differ from a lowercase letter's 0.62 (DejaVu Sans, rounded up)."""


def text_cm(text: str, size: float = TABLE_PT, bold: bool = False) -> float:
    """The printed width of ``text`` in ``size`` points, in cm, erring wide.

    At DejaVu Sans's widths, which LibreOffice prints where Calibri or SimSun is missing and which are wider than
    either: digits 0.64 em, capitals 0.72 em, a Chinese character 1 em; bold 15 % wider.
    """
    em = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
            em += 1.0
        elif ch in _EM:
            em += _EM[ch]
        else:
            em += 0.64 if ch.isdigit() else 0.72 if ch.isupper() else 0.62
    return em * size / 72 * 2.54 * (1.15 if bold else 1.0)


def _longest_word(text: str, size: float, bold: bool = False) -> float:
    """The widest piece of ``text`` a line cannot break, in cm: a word, a number, one Chinese character."""
    return max((text_cm(t, size, bold) for t in _TOKENS.findall(text) if not t.isspace()), default=0.0)


def _widths(
    frame: pd.DataFrame,
    header: Mapping[str, str],
    text: Sequence[str],
    wide: str,
    room: float,
    decimals: Sequence[int | None],
) -> list[float]:
    """Column widths in cm: each at least its widest number (or value of a one-line column) and header word.

    ``text`` columns wrap at words (up to :data:`CAPS_CM`); every other column holds its values on one line, so a
    number is never broken; ``wide`` takes the rest of ``room`` (at least 3 cm). ``decimals``: per row, the
    decimals its numbers print with.
    """
    widths = {}
    for column in frame.columns:
        cells = [cell_text(column, v, d) for v, d in zip(frame[column], decimals)]
        floor = _longest_word(header[column], TABLE_PT, bold=True)
        if column in text:
            floor = max([floor, *(_longest_word(c, TABLE_PT) for c in cells)])
            full = max((text_cm(c, TABLE_PT) for c in cells), default=0.0)
            widths[column] = max(floor, min(full, CAPS_CM.get(column, 2.0) - CELL_PAD_CM)) + CELL_PAD_CM
        else:
            widths[column] = max([floor, *(text_cm(c, TABLE_PT) for c in cells)]) + CELL_PAD_CM
    widths[wide] = max(room - sum(w for c, w in widths.items() if c != wide), 3.0)
    return [round(widths[c], 2) for c in frame.columns]


def _table(
    doc: Any, rows: Sequence[Sequence[str]], widths: Sequence[float], right: Sequence[int] = (), size: float = TABLE_PT
) -> Any:
    """A fixed-width table printed as a reader needs it: the header row (``rows[0]``) on every page, no row split.

    Word and LibreOffice both read ``w:tblHeader`` (repeat as header row) and ``w:cantSplit`` (keep a row on one
    page); widths go on the grid (LibreOffice, WPS) and on every cell (Word). A newline in a cell is a line break;
    the columns numbered in ``right`` (numbers) are right-aligned below the header.
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_CM / 2.54 * 1440)))  # twentieths of a point
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = table._tbl.tblPr.find(qn("w:tblLook"))  # the schema's order: tblCellMar comes before tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        table._tbl.tblPr.append(margins)
    for k, values in enumerate(rows):
        row = table.add_row()
        tr_pr = row._tr.get_or_add_trPr()
        for flag in ("w:cantSplit", "w:tblHeader") if k == 0 else ("w:cantSplit",):
            tr_pr.append(OxmlElement(flag))
        for i, (cell, value) in enumerate(zip(row.cells, values)):
            cell.text = value
            if k and i in right:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fonts(table, Pt(size))
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    return table


def _fonts(table: Any, size: Any) -> None:
    """Every cell's text in ``size``; the header row bold."""
    for k, row in enumerate(table.rows):
        for cell in row.cells:
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.font.size, run.bold = size, k == 0


def _section(doc: Any, landscape: bool) -> Any:
    """A new section from the next page on, A4 portrait or landscape with the same margins."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Cm

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    short, long = PAGE_CM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(long), Cm(short)) if landscape else (Cm(short), Cm(long))
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    return section


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
        probability = cell_text("probability", row["probability"])
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
    section.page_width, section.page_height = Cm(PAGE_CM[0]), Cm(PAGE_CM[1])
    section.left_margin = section.right_margin = Cm(MARGIN_CM)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.revision = title, "ipdata", "ipdata", 1
    props.created = props.modified = props.last_printed = FIXED_TIME
    doc.add_heading(_t("title", lang, plan=title), level=0)
    doc.add_paragraph(_t("draft_note", lang)).runs[0].italic = True
    doc.add_heading(_t("h_overall", lang), level=1)
    doc.add_paragraph(summary_sentence(summary, lang))
    _picture(doc, figures.get("dashboard"), _t("figure_caption", lang), 16)
    _section(doc, landscape=True)  # the completion table on landscape pages: 25.7 cm of line
    doc.add_heading(_t("h_table", lang), level=1)
    doc.add_paragraph(_t("table_caption", lang), style="Caption").paragraph_format.keep_with_next = True
    table = frame[DOCUMENT_COLUMNS]
    header = {c: pick(COMPLETION_HEADERS[c], lang) for c in DOCUMENT_COLUMNS}
    room = PAGE_CM[1] - 2 * MARGIN_CM
    text = ("region", "indicator", "unit", "review", "warning")
    widths = _widths(table, header, text, "indicator", room, frame["decimals"].tolist())
    body = [
        [cell_text(c, v, d) for c, v in zip(DOCUMENT_COLUMNS, values)]
        for values, d in zip(table.itertuples(index=False), frame["decimals"])
    ]
    numbers = [i for i, c in enumerate(DOCUMENT_COLUMNS) if c not in text]
    _table(doc, [list(header.values()), *body], widths, right=numbers)
    _section(doc, landscape=False)
    doc.add_heading(_t("h_targets", lang), level=1)
    _targets_section(doc, results, frame, figures, lang)
    doc.add_heading(_t("h_warnings", lang), level=1)
    _warnings_section(doc, frame, summary, lang)
    doc.add_heading(_t("h_sources", lang), level=1)
    sources, source_headers = sources_list(results, lang)
    _table(doc, [list(source_headers.values()), *sources.values.tolist()], SOURCE_WIDTHS_CM)
    buffer = io.BytesIO()
    doc.save(buffer)
    return reproducible_ooxml(buffer.getvalue())
