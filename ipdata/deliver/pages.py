"""The report as a reader opens it: one designed page per plan and language, and the overview ``index.html``.

A notebook dump is not a report: pandas reprs, raw column ids, ``NaN`` and English headings in a Chinese
page. These pages are rendered from Jinja2 templates (``ipdata/deliver/templates``) from the same assessments the
workbook and the document use: Chinese headings and column names when the language is zh, numbers with
thousands separators and units, status colours, the figures, a link back. They load nothing from the
network (an office intranet often has no internet): the style is inline, the figures are the report's
own SVG files, and the CJK font ipdata ships is linked as a web font from the report's ``assets/``
folder, so Chinese renders on a machine without a CJK font.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..assess.status import STATUSES, tone
from ..assess.summaries import plan_summary
from ..assess.targets import TargetAssessment, assessment_table
from ..catalog.tables import plan_scope, plan_title
from ..core.layout import DELIVERABLES, FONT_PATH, HTML_LANG, deliverable_path, figure_path, page_path
from ..core.paths import FONT_FILE
from ..core.words import COMPLETION_HEADERS, LANGUAGES, PAGE_TEXT, SOURCES_HEADERS, check_language, pick, status_words
from ..core.writing import write_atomic
from ..views.tables import COLUMNS, cell_text, completion_table, sources_table
from ..views.trajectories import trajectory
from .document import summary_sentence

if TYPE_CHECKING:
    from markupsafe import Markup

__all__ = ["deliverable_links", "index_page", "notebook_page", "plan_page", "status_chips", "write_pages"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
NUMERIC = {  # completion-table columns shown right-aligned
    *("number", "baseline_year", "baseline_value", "goal", "target_year", "current_value", "current_year"),
    *("task_progress", "time_progress", "probability", "projected", "projected_lower_80", "projected_upper_80"),
    "required_growth",
}
PAGE_COLUMNS = [c for c in COLUMNS if c != "target_id"]


@cache
def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["j2"]),
        keep_trailing_newline=True,
    )
    env.filters["wbr"] = break_after_slashes
    return env


def break_after_slashes(text: Any) -> Markup:
    """``text`` escaped for HTML, with ``<wbr>`` after each run of slashes (the templates' ``wbr`` filter).

    A URL in a table cell is one long word: without a break opportunity it widens its column (and the page)
    or, forced to wrap, breaks mid-word. After its slashes it wraps between its parts, as a reader expects.
    """
    from markupsafe import Markup, escape

    return Markup(re.sub(r"(/+)", r"\1<wbr>", str(escape(text))))


def _css(font_url: str) -> str:
    return str(_environment().get_template("style.css.j2").render(font_url=font_url))


def _words(lang: str) -> dict[str, str]:
    return {k: pick(pair, lang) for k, pair in PAGE_TEXT.items()}


def _href(out: Path, page: Path, target: Path) -> str | None:
    """``target`` (relative to the report folder) as a link from ``page``, if the file is there."""
    if not (out / target).is_file():
        return None
    return Path(os.path.relpath(target, page.parent)).as_posix()


def deliverable_links(out: Path, page: Path, plan_id: str) -> list[dict[str, str]]:
    """The plan's workbooks and documents that are in the report, as links from ``page`` (name and href)."""
    return [
        {"name": name, "href": href}
        for (kind, lang), name in DELIVERABLES.items()
        if (href := _href(out, page, deliverable_path(plan_id, kind, lang))) is not None
    ]


def status_chips(counts: Mapping[str, int], lang: str) -> list[dict[str, Any]]:
    """Each status with its count, in the order a reader scans them (achieved first), with its tone as CSS class."""
    return [
        {"label": status_words(s, lang), "count": counts[s], "css": tone(s) or ""} for s in STATUSES if counts.get(s)
    ]


def _cells(row: pd.Series, status: Any) -> list[dict[str, str]]:
    cells = []
    for column in PAGE_COLUMNS:
        css = "num" if column in NUMERIC else ""
        if column == "review" and row[column]:
            css = tone(row[column]) or ""
        elif column == "probability" and tone(status):
            css += f" {tone(status)}"
        elif column == "warning" and row[column]:
            css = "warn"
        cells.append({"text": cell_text(column, row[column], row["decimals"]), "css": css.strip()})
    return cells


def what_if_rows(traj_what_if: pd.DataFrame, unit: str, decimals: int | None = None) -> list[list[str]]:
    """A trajectory's :meth:`~ipdata.Trajectory.what_if` as table rows (empty when it holds no number)."""
    if traj_what_if.isna().all().all():
        return []
    rows = []
    for p, row in traj_what_if.iterrows():
        growth = cell_text("required_growth", row["growth_needed"])
        reach = cell_text("projected", row["attainable"], decimals)
        rows.append(
            [cell_text("probability", float(str(p))), growth, reach if reach == "—" else f"{reach} {unit}".strip()]
        )
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
        table_rows = what_if_rows(what_ifs[tid], str(row["unit"]), row["decimals"]) if tid in what_ifs else []
        year = what_ifs[tid].attrs.get("year") if tid in what_ifs else None
        targets.append(
            {
                "id": tid,
                "number": k,
                "heading": f"{row['indicator']}（{row['region']}）"
                if lang == "zh"
                else f"{row['indicator']} ({row['region']})",
                "sentence": trajectory(assessed=r, plan=r.plan).sentence(lang),
                "figure": _href(out, page, figure_path("trajectory", tid, lang, "svg")),
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
            html_lang=HTML_LANG[lang],
            title=title,
            t=_words(lang),
            css=_css(Path(os.path.relpath(FONT_PATH, page.parent)).as_posix()),
            other_page=other,
            summary=summary_sentence(summary, lang),
            statuses=status_chips(summary.status_counts, lang),
            deliverables=deliverables,
            dashboard=_href(out, page, figure_path("dashboard", pid, lang, "svg")),
            headers=[pick(COMPLETION_HEADERS[c], lang) for c in PAGE_COLUMNS],
            rows=[_cells(row, status) for (_, row), status in zip(frame.iterrows(), statuses)],
            warnings=[
                f"{w['indicator']}（{w['region']}）：{w['note']}"
                if lang == "zh"
                else f"{w['indicator']} ({w['region']}): {w['note']}"
                for _, w in warned.iterrows()
            ],
            targets=targets,
            source_headers=[pick(SOURCES_HEADERS[c], lang) for c in SOURCES_HEADERS],
            sources=[
                [cell_text(c, row[c], row["decimals"]) if row[c] is not None else "" for c in SOURCES_HEADERS]
                for _, row in sources.iterrows()
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
        plans: Per plan, what :mod:`ipdata.run.report` gathered (ids, titles, summary numbers, links).
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


def notebook_page(nb_bytes: bytes, title: str, lang: str) -> bytes:
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
    back_text = pick(PAGE_TEXT["back"], lang)
    back = f'<nav style="margin:1em 2em"><a href="{root}index.html">{back_text}</a></nav>'
    body = body.replace('<script src=""></script>', "").replace(
        '<html lang="en">', f'<html lang="{HTML_LANG[lang]}">', 1
    )
    body = body.replace("</head>", head + "\n</head>", 1)
    body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + back, body, count=1)
    return body.encode("utf-8")


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
        for lang in LANGUAGES:
            if judged:
                write_atomic(out / page_path(pid, lang), plan_page(judged, lang, out, what_ifs))
                written.append(out / page_path(pid, lang))
    return written
