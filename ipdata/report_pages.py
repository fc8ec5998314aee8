"""The report as a reader opens it: one designed page per plan and language, and the overview ``index.html``.

A notebook dump is not a report: pandas reprs, raw column ids, ``NaN`` and English headings in a Chinese
page. These pages are rendered from Jinja2 templates (``ipdata/templates``) from the same assessments the
workbook and the document use: Chinese headings and column names when the language is zh, numbers with
thousands separators and units, status colours, the figures, a link back. They load nothing from the
network (an office intranet often has no internet): the style is inline, the figures are the report's
own SVG files, and the CJK font ipdata ships is linked as a web font from the report's ``assets/``
folder, so Chinese renders on a machine without a CJK font.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from .assessment import TargetAssessment, assessment_table
from .catalog import plan_scope, plan_title
from .completion_tables import COLUMNS, FILLS, cell_text, completion_table, sources_table
from .evaluation_documents import summary_sentence
from .figures import FONT_FILE
from .plan_summaries import plan_summary
from .trajectories import trajectory
from .wording import COMPLETION_HEADERS, PAGE_TEXT, SOURCES_HEADERS, check_language, status_words

__all__ = ["DELIVERABLES", "FONT_PATH", "deliverable_links", "index_page", "page_path", "plan_page", "status_chips"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
FONT_PATH = Path("assets") / FONT_FILE.name  # the web font, relative to the report folder
DELIVERABLES = {  # (kind, language) -> file name under deliverables/<plan id>/
    ("xlsx", "zh"): "完成情况表.xlsx",
    ("xlsx", "en"): "completion_table_en.xlsx",
    ("docx", "zh"): "评估报告.docx",
    ("docx", "en"): "evaluation_report_en.docx",
}
CSS_OF = {"C6EFCE": "good", "FFEB9C": "neutral", "FFC7CE": "bad"}
NUMERIC = {  # completion-table columns shown right-aligned
    *("number", "baseline_year", "baseline_value", "goal", "target_year", "current_value", "current_year"),
    *("task_progress", "time_progress", "probability", "projected", "projected_lower_80", "projected_upper_80"),
    "required_growth",
}
PAGE_COLUMNS = [c for c in COLUMNS if c != "target_id"]


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["j2"]),
        keep_trailing_newline=True,
    )


def _css(font_url: str) -> str:
    return str(_environment().get_template("style.css.j2").render(font_url=font_url))


def _words(lang: str) -> dict[str, str]:
    return {k: (zh if lang == "zh" else en) for k, (zh, en) in PAGE_TEXT.items()}


def page_path(plan_id: str, lang: str) -> Path:
    """Where a plan's page lives in the report folder: ``plans/<id>.html`` (zh) and ``plans/<id>_en.html``."""
    return Path("plans") / (f"{plan_id}.html" if lang == "zh" else f"{plan_id}_en.html")


def _href(out: Path, page: Path, target: Path) -> str | None:
    """``target`` (relative to the report folder) as a link from ``page``, if the file is there."""
    if not (out / target).is_file():
        return None
    return Path(os.path.relpath(target, page.parent)).as_posix()


def deliverable_links(out: Path, page: Path, plan_id: str) -> list[dict[str, str]]:
    """The plan's workbooks and documents that are in the report, as links from ``page`` (name and href)."""
    return [
        {"name": name, "href": href}
        for name in DELIVERABLES.values()
        if (href := _href(out, page, Path("deliverables") / plan_id / name)) is not None
    ]


def status_chips(counts: Mapping[str, int], lang: str) -> list[dict[str, Any]]:
    """Each status with its count, in the order a reader scans them (achieved first), with its colour class."""
    order = ["target_achieved", "very_likely", "likely", "about_as_likely_as_not", "unlikely", "very_unlikely"]
    order += ["target_missed"]
    return [
        {"label": status_words(s, lang), "count": counts[s], "css": CSS_OF.get(FILLS.get(s, ""), "")}
        for s in order
        if counts.get(s)
    ]


def _cells(row: pd.Series, status: Any) -> list[dict[str, str]]:
    cells = []
    for column in PAGE_COLUMNS:
        css = "num" if column in NUMERIC else ""
        if column == "review" and row[column]:
            css = CSS_OF[FILLS[str(row[column]).split(" ")[0]]]
        elif column == "probability" and status in FILLS:
            css += " " + CSS_OF[FILLS[status]]
        elif column == "warning" and row[column]:
            css = "warn"
        cells.append({"text": cell_text(column, row[column]), "css": css.strip()})
    return cells


def what_if_rows(traj_what_if: pd.DataFrame, unit: str) -> list[list[str]]:
    """A trajectory's :meth:`~ipdata.Trajectory.what_if` as table rows (empty when it holds no number)."""
    if traj_what_if.isna().all().all():
        return []
    rows = []
    for p, row in traj_what_if.iterrows():
        growth = "—" if pd.isna(row["growth_needed"]) else f"{row['growth_needed']:.1%}"
        reach = "—" if pd.isna(row["attainable"]) else f"{cell_text('projected', float(row['attainable']))} {unit}"
        rows.append([f"{float(str(p)):.0%}", growth, reach.strip()])
    return rows


def plan_page(
    results: Sequence[TargetAssessment],
    lang: str,
    out_dir: str | Path,
    what_ifs: Mapping[str, pd.DataFrame] | None = None,
) -> bytes:
    """One plan's page (HTML bytes) for the report folder ``out_dir``; links only to files that are there.

    Args:
        results: The plan's targets judged (:func:`ipdata.assess_targets`).
        lang: ``zh`` or ``en``.
        out_dir: The report folder (figures, notebook pages and deliverables are linked when present).
        what_ifs: Per target id, its :meth:`ipdata.Trajectory.what_if` table (shown as 目标设定参考).
    """
    check_language(lang)
    out = Path(out_dir)
    pid = str(results[0].target["plan_id"])
    page = page_path(pid, lang)
    with plan_scope(results[0].plan):
        title = plan_title(results[0].plan or pid, lang)
    frame = completion_table(results, lang)
    table = assessment_table(list(results))
    summary = plan_summary(table)
    statuses = [r.row.get("status") for r in results]
    targets = []
    what_ifs = what_ifs or {}
    words_ = _words(lang)
    for k, (r, (_, row)) in enumerate(zip(results, frame.iterrows()), start=1):
        tid = str(r.target["target_id"])
        table_rows = what_if_rows(what_ifs[tid], str(row["unit"])) if tid in what_ifs else []
        year = what_ifs[tid].attrs.get("year") if tid in what_ifs else None
        targets.append(
            {
                "id": tid,
                "number": k,
                "heading": f"{row['indicator']}（{row['region']}）"
                if lang == "zh"
                else f"{row['indicator']} ({row['region']})",
                "sentence": trajectory(assessed=r, plan=r.plan).sentence(lang),
                "figure": _href(out, page, Path("figures") / "trajectory" / f"{tid}_{lang}.svg"),
                "notebook": _href(out, page, Path("html") / "trajectory" / f"{tid}.html"),
                "what_if": table_rows,
                "what_if_headers": [words_["chance"], words_["growth_needed"], words_["attainable"].format(year=year)],
            }
        )
    warned = frame[frame["target_id"].isin(summary.warnings)]
    deliverables = deliverable_links(out, page, pid)
    other = page_path(pid, "en" if lang == "zh" else "zh").name
    sources = sources_table(results, lang)
    html = (
        _environment()
        .get_template("plan_page.html.j2")
        .render(
            html_lang="zh-CN" if lang == "zh" else "en",
            title=title,
            t=_words(lang),
            css=_css(Path(os.path.relpath(FONT_PATH, page.parent)).as_posix()),
            other_page=other,
            summary=summary_sentence(summary, lang),
            statuses=status_chips(summary.status_counts, lang),
            deliverables=deliverables,
            dashboard=_href(out, page, Path("figures") / "dashboard" / f"{pid}_{lang}.svg"),
            headers=[COMPLETION_HEADERS[c][0 if lang == "zh" else 1] for c in PAGE_COLUMNS],
            rows=[_cells(row, status) for (_, row), status in zip(frame.iterrows(), statuses)],
            warnings=[
                f"{w['indicator']}（{w['region']}）：{w['note']}"
                if lang == "zh"
                else f"{w['indicator']} ({w['region']}): {w['note']}"
                for _, w in warned.iterrows()
            ],
            targets=targets,
            source_headers=[SOURCES_HEADERS[c][0 if lang == "zh" else 1] for c in SOURCES_HEADERS],
            sources=[
                [cell_text(str(c), v) if v is not None else "" for c, v in row.items()] for _, row in sources.iterrows()
            ],
        )
    )
    return html.encode("utf-8")


def index_page(
    plans: Sequence[Mapping[str, Any]],
    tables: Sequence[str],
    failures: Sequence[str],
    regions: Sequence[Mapping[str, Any]] = (),
) -> bytes:
    """The overview page: per plan its counts, the expected number met, its pages, deliverables and notebooks.

    Args:
        plans: Per plan, what :mod:`ipdata.report` gathered (ids, titles, summary numbers, links).
        tables: The run's tables (``assessment.csv`` ...), linked at the top.
        failures: One line per notebook that failed.
        regions: The cross-region ranking notebooks (links as a plan's notebooks), after the plans.
    """
    html = (
        _environment()
        .get_template("index.html.j2")
        .render(
            t=_words("zh"),
            t_en=_words("en"),
            css=_css(FONT_PATH.as_posix()),
            plans=plans,
            tables=tables,
            failures=failures,
            regions=regions,
        )
    )
    return html.encode("utf-8")
